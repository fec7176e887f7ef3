"""The run lock (#16) on both backends: a second holder waits until the first lets go."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kizashi.storage import open_store
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_run_lock_second_holder_waits(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = str(tmp_path / "k.db") if backend == "sqlite" else str(request.getfixturevalue("pg_url"))
    first, second = open_store(url), open_store(url)
    order: list[str] = []
    try:
        with first.run_lock():
            waiter = threading.Thread(target=lambda: _hold(second, order))
            waiter.start()
            time.sleep(0.5)  # the waiter is blocked on the lock by now
            order.append("first done")
        waiter.join(timeout=30)
        assert order == ["first done", "second in"]
    finally:
        first.close()
        second.close()


def _hold(store: object, order: list[str]) -> None:
    with store.run_lock():  # type: ignore[attr-defined]
        order.append("second in")
