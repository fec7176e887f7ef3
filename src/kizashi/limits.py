"""The per-document time budget, enforced pre-emptively where the platform allows it.

``prepare`` checks the budget between its stages (everywhere: threads, Dask workers, the web
app). In the main thread of a Unix process ``deadline`` also arms a real-time timer, so a stage
that runs away inside one call (a pathological page meeting a super-linear rule) is stopped
there with a ``LimitError``. Only pure functions are run under it: abandoning them half way
leaves nothing behind.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from kizashi.errors import LimitError


def can_preempt() -> bool:
    """SIGALRM exists, this is the main thread, and no one else's real-time timer is running."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


class Stopwatch:
    """Where a guarded block has got to, for the message when its time runs out."""

    def __init__(self) -> None:
        self.stage = "start"


class _Expired(BaseException):
    """Raised by the timer. A BaseException, like KeyboardInterrupt, so that no ``except
    Exception`` in a stage or a library (ja-timex logs and swallows errors) can catch it; the
    ``deadline`` block turns it into a ``LimitError`` at its edge."""


@contextmanager
def deadline(seconds: float, source: str, *, budget: float | None = None) -> Iterator[Stopwatch]:
    """Raise ``LimitError(source, ...)`` out of the block once ``seconds`` have passed, naming the
    stage the block last reported, when ``can_preempt()``; otherwise run the block unguarded
    (callers check between steps). ``budget``: the whole budget to name, when ``seconds`` is
    what is left of it."""
    watch = Stopwatch()
    if seconds <= 0 or not can_preempt():
        yield watch
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield watch
    except _Expired:
        shown = seconds if budget is None else budget
        raise LimitError(source, f"over the {shown:g}s time budget (stopped in {watch.stage})") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["Stopwatch", "can_preempt", "deadline"]
