"""GiNZA in other processes, so that one batch is parsed while the run's process prepares the next.

The parse is most of a run's time (docs/scaling.md) and one process uses one core. A
``ParseProcess`` starts up to ``processes`` workers (``nlp.parse_worker``), each a fresh interpreter
that loads its own GiNZA once and parses the (offset, text) items it is sent; tokens come back as
plain ``Token`` records, pickled over its stdin and stdout.

Why not ``multiprocessing``: its ``spawn`` start re-runs the caller's main script in the child
(a script without a ``__main__`` guard would run twice), and ``fork`` copies a process that holds
SQLite connections and threads. A worker ends when its stdin closes, so a run killed mid-batch
leaves no GiNZA process behind.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from kizashi.errors import AnalysisError
from kizashi.records import Token

__all__ = ["ParseProcess"]

Parse = list[tuple[Token, ...]]


class ParseWorkerGone(AnalysisError):
    """A parse worker exited (killed, out of memory): what it had not answered fails with this."""


class _Worker:
    def __init__(self, *, ner: bool) -> None:
        package_root = str(Path(__file__).resolve().parents[2])  # where ``kizashi`` imports from
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]))
        cmd = [sys.executable, "-m", "kizashi.nlp.parse_worker", *(["--ner"] if ner else [])]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        self._to: IO[bytes] = self._proc.stdin
        self._waiting: deque[Future[Parse]] = deque()
        self._lock = threading.Lock()
        self.gone = False
        threading.Thread(target=self._read_answers, args=(self._proc.stdout,), daemon=True).start()

    def submit(self, items: Sequence[tuple[int, str]]) -> Future[Parse]:
        future: Future[Parse] = Future()
        with self._lock:
            if self.gone:
                future.set_exception(ParseWorkerGone("parse worker", "it exited"))
                return future
            self._waiting.append(future)
            try:
                pickle.dump(list(items), self._to, protocol=pickle.HIGHEST_PROTOCOL)
                self._to.flush()
            except OSError:  # the worker is gone; its reader thread fails what waits
                pass
        return future

    def _read_answers(self, source: IO[bytes]) -> None:
        while True:
            try:
                ok, payload = pickle.load(source)
            except (EOFError, OSError, pickle.UnpicklingError):
                break
            with self._lock:
                future = self._waiting.popleft()
            if ok:
                future.set_result(payload)
            else:
                future.set_exception(AnalysisError("parse worker", str(payload)))
        with self._lock:
            self.gone = True
            code = self._proc.poll()
            while self._waiting:
                self._waiting.popleft().set_exception(ParseWorkerGone("parse worker", f"it exited ({code})"))

    def close(self, *, kill: bool = False) -> None:
        if kill:  # the run is failing or interrupted: the batch being parsed is not wanted
            self._proc.kill()
        with contextlib.suppress(OSError):
            self._to.close()  # the worker ends when its input does
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


class ParseProcess:
    """Up to ``processes`` GiNZA workers; ``submit`` returns a future of a parse, batches going to
    the workers in turn. A worker starts with the first batch it is given (a run with nothing to
    parse starts none), or at ``start``, and is then kept. Use it as a context manager: leaving it waits for what
    was submitted and stops the workers."""

    def __init__(self, *, ner: bool = False, processes: int = 1) -> None:
        if processes < 1:
            raise ValueError(f"ParseProcess needs 1 process or more, not {processes}")
        self.processes = processes
        self._ner = ner
        self._workers: list[_Worker] = []
        self._turn = 0

    def start(self) -> None:
        """Start every worker now (GiNZA loads there meanwhile), not with its first batch."""
        while len(self._workers) < self.processes:
            self._workers.append(_Worker(ner=self._ner))

    def submit(self, items: Sequence[tuple[int, str]]) -> Future[Parse]:
        if len(self._workers) < self.processes:
            self._workers.append(_Worker(ner=self._ner))
            worker = self._workers[-1]
        else:
            worker = self._workers[self._turn % self.processes]
        self._turn += 1
        return worker.submit(items)

    def close(self, *, kill: bool = False) -> None:
        for worker in self._workers:
            worker.close(kill=kill)

    def __enter__(self) -> ParseProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: Any) -> None:
        self.close(kill=kind is not None)
