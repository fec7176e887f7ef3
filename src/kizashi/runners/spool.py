"""A run's documents to analyse, spooled to a temporary file between planning and analysis.

Planning reads every input once (the site line counts span the corpus, and what the store holds
is left out), and analysis needs those documents again. Keeping them in memory grows with the
corpus; reading the inputs a second time decodes and extracts every page twice. The spool keeps
them on disk, pickled one by one, and gives them back one by one (#17).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import IO

from kizashi.records import RawDocument


class Spool:
    """Documents appended one at a time, read back lazily in the order they were added."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="kizashi-spool-")  # noqa: SIM115 (closed by close())
        self._count = 0
        self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def append(self, raw: RawDocument) -> None:
        self._pickler.dump(raw)
        self._pickler.clear_memo()  # the memo would keep every document alive
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[RawDocument]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._count):
            raw = pickle.load(self._file)  # our own file, written above: not untrusted input
            if not isinstance(raw, RawDocument):
                raise TypeError(f"spool holds a {type(raw).__name__}, not a RawDocument")
            yield raw

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Spool"]
