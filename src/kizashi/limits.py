"""The per-document time budget, enforced pre-emptively where the platform allows it.

``prepare`` checks the budget between its stages (everywhere: threads, Dask workers, the web
app). ``deadline`` also stops a stage that runs away inside one call (a pathological page meeting
a super-linear rule) with a ``LimitError``: in the main thread of a Unix process by a real-time
timer (SIGALRM); in any other thread (a Dask worker's task, #16: a 5 s budget was reported only
after 2 min 46 s) by a timer thread that raises the exception in the guarded thread
(``PyThreadState_SetAsyncExc``, taken at the next bytecode: a long call into C, such as one
GiNZA parse, finishes first). Only pure functions are run under it: abandoning them half way
leaves nothing behind.
"""

from __future__ import annotations

import ctypes
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
    if seconds <= 0:
        yield watch
        return
    shown = seconds if budget is None else budget
    message = f"over the {shown:g}s time budget"
    if not can_preempt():
        try:
            with _thread_timer(seconds):
                yield watch
        except _Expired:  # also one taken as the block was ending: it did run over
            raise LimitError(source, f"{message} (stopped in {watch.stage})") from None
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield watch
    except _Expired:
        raise LimitError(source, f"{message} (stopped in {watch.stage})") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_timer(seconds: float) -> Iterator[None]:
    """Raise ``_Expired`` in this thread after ``seconds``, unless the block has ended by then.
    The lock makes "ended" and "raise" exclusive: once the block is marked ended no exception is
    sent, and one sent before is taken inside the block."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"ended": False}

    def fire() -> None:
        with lock:
            if not state["ended"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_Expired))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["ended"] = True
        timer.cancel()


__all__ = ["Stopwatch", "can_preempt", "deadline"]
