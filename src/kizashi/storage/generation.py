"""The store's generation, and reads cached under it.

Every transaction that writes analysis data (documents, stories, entities, mentions, events,
clusters) or screening lists increments ``store_state.generation`` (migration 0009) in the same
transaction. A cached aggregate is kept with the generation read *before* it was computed, so it
is served only while nothing was committed since; a write from another process (``kizashi run``
beside ``kizashi serve``) is seen on the next request, at the cost of one one-row read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select, update

from kizashi.storage import schema as t

__all__ = ["ReadCache", "bump", "current"]

T = TypeVar("T")
_state = t.store_state


def bump(conn: Connection) -> None:
    """Increment the generation, inside the caller's write transaction."""
    conn.execute(update(_state).where(_state.c.id == 1).values(generation=_state.c.generation + 1))


def current(engine: Engine) -> int:
    """The generation now (0 on a database with no state row yet)."""
    with engine.connect() as conn:
        value = conn.execute(select(_state.c.generation).where(_state.c.id == 1)).scalar()
    return int(value or 0)


class ReadCache:
    """Values computed from the store, each kept with the generation it was computed at; the
    ``size`` most recently used keys are kept. Safe to share between a server's threads.

    A cached value is shared by every caller: they must not change it."""

    def __init__(self, engine: Engine, *, size: int = 64) -> None:
        self._engine = engine
        self._size = size
        self._values: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        generation = current(self._engine)  # before computing: a write meanwhile makes it stale, never wrong
        with self._lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] == generation:
                self._values.move_to_end(key)
                value: T = hit[1]
                return value
        value = compute()
        with self._lock:
            self._values[key] = (generation, value)
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
