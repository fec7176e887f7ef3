"""The real ``kizashi`` command in a child process: exit status, stderr and signals as a user sees them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENTRY = [sys.executable, "-c", "from kizashi.cli import main; main()"]


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZASHI_")}
    return {**env, **(extra or {})}


def kizashi(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kizashi *args`` to the end (KIZASHI_ settings only from ``env``)."""
    return subprocess.run(
        [*ENTRY, *map(str, args)], capture_output=True, text=True, timeout=600, env=_env(env), check=False
    )


def start_kizashi(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``kizashi *args`` and return at once (stdout and stderr are piped)."""
    return subprocess.Popen(
        [*ENTRY, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(env)
    )
