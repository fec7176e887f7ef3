"""When ``kizashi watch`` tries a failed fetch again: after 1, 2, 4 ... minutes (at most an hour),
and not after ``attempts`` failures in a row.

Written here rather than with tenacity (not installed): tenacity retries inside one call, sleeping
between tries, while a watcher must never hold a round for one slow source. It tries again on a
later round, so all it needs is, per URL, the failures so far and the time of the next try.

``StoredBackoff`` keeps that in the store (``watch_backoff``), on the wall clock, so that it
outlives the process: ``kizashi watch --once`` run from cron is one process per round.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from kizashi.storage import Store
from kizashi.storage.watch_backoff import drop_backoff, load_backoff, save_backoff


@dataclass
class _Failures:
    count: int
    next_try: float


class Backoff:
    """The back-off of one process (in memory)."""

    def __init__(
        self,
        *,
        base: float = 60.0,
        cap: float = 3600.0,
        attempts: int = 6,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base, self.cap, self.attempts, self.clock = base, cap, attempts, clock
        self._failed: dict[str, _Failures] = {}

    def failures(self, key: str) -> int:
        return self._failed[key].count if key in self._failed else 0

    def due(self, key: str) -> bool:
        """Whether ``key`` may be tried this round (never failed, or its wait is over)."""
        failures = self._failed.get(key)
        return failures is None or self.clock() >= failures.next_try

    def failed(self, key: str, source: str = "") -> tuple[int, float | None]:
        """Record a failure of the fetch of ``source``: (failures in a row, seconds until the next
        try, or None: give up)."""
        count = self._failed[key].count + 1 if key in self._failed else 1
        if count >= self.attempts:
            self._forget(key)
            return count, None
        wait = min(self.cap, self.base * 2 ** min(count - 1, 30))
        self._failed[key] = _Failures(count, self.clock() + wait)
        self._kept(key, source)
        return count, wait

    def succeeded(self, key: str) -> None:
        if key in self._failed:
            self._forget(key)

    def _forget(self, key: str) -> None:
        self._failed.pop(key, None)

    def _kept(self, key: str, source: str) -> None:
        """Called once ``key``'s failures have changed (a hook for ``StoredBackoff``)."""


class StoredBackoff(Backoff):
    """A back-off read from and written to the store, timed on the wall clock."""

    def __init__(
        self,
        store: Store,
        *,
        base: float = 60.0,
        cap: float = 3600.0,
        attempts: int = 6,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(base=base, cap=cap, attempts=attempts, clock=clock)
        self.store = store
        self._failed = {k: _Failures(c, n) for k, (c, n) in load_backoff(store).items()}

    def _forget(self, key: str) -> None:
        super()._forget(key)
        drop_backoff(self.store, key)

    def _kept(self, key: str, source: str) -> None:
        failures = self._failed[key]
        save_backoff(self.store, key, source=source, failures=failures.count, next_try=failures.next_try)
