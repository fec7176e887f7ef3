"""Every export format behind one entry point; each format lives in its own module."""

from __future__ import annotations

import sys
from pathlib import Path

from kizashi.errors import KizashiError
from kizashi.export import export_jsonl, write_jsonl
from kizashi.storage import Store

FORMATS = ("jsonl",)


def write(store: Store, fmt: str, out: Path | None) -> int:
    if fmt == "jsonl":
        return export_jsonl(store, out) if out else write_jsonl(store, sys.stdout)
    raise KizashiError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
