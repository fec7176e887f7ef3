"""Shared fixtures: the demo corpus run once per session, and a guard against network access."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may reach out of the machine: only loopback connections are allowed."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"network access in a test: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus analysed once into an SQLite database (GiNZA is loaded: slow)."""
    from kizashi.config import Settings
    from kizashi.runners.local import run
    from kizashi.storage import open_store

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(str(db))
    run([CORPUS], settings=Settings(db=str(db)), store=store)
    store.close()
    return db


@pytest.fixture(scope="session")
def context() -> Any:
    """One pipeline ``Context`` for the session's in-process tests (GiNZA loads on first parse)."""
    from kizashi.config import Settings
    from kizashi.pipeline import build_context

    return build_context(Settings())
