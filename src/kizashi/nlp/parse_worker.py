"""The parse process's side (``python -m kizashi.nlp.parse_worker [--ner]``): GiNZA, loaded once.

It reads pickled lists of (offset, text) items from stdin and writes, for each in turn, a
pickled ``(True, tokens per item)`` or ``(False, "Type: message")`` to stdout. A thread reads
the requests as they come, so the parent never blocks writing the next batch while this one is
parsed. Stdin closing (the parent done, or gone) ends it. Only ``nlp.parse_process`` starts it.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import sys
import threading
from typing import BinaryIO

from kizashi.nlp import Analyser

_END = None


def _read_requests(source: BinaryIO, into: queue.Queue[object]) -> None:
    try:
        while True:
            into.put(pickle.load(source))
    except (EOFError, OSError):
        pass
    into.put(_END)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    reply = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # anything a library prints must not corrupt the replies
    analyser = Analyser(ner="--ner" in argv)
    requests: queue.Queue[object] = queue.Queue()
    threading.Thread(target=_read_requests, args=(sys.stdin.buffer, requests), daemon=True).start()
    analyser.load()
    while (items := requests.get()) is not _END:
        try:
            answer: tuple[bool, object] = (True, analyser.parse(items))  # type: ignore[arg-type]
        except Exception as exc:  # reported to the parent, which parses that batch itself
            answer = (False, f"{type(exc).__name__}: {exc}")
        pickle.dump(answer, reply, protocol=pickle.HIGHEST_PROTOCOL)
        reply.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
