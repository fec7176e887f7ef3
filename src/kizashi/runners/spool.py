"""A run's documents to analyse, spooled to a temporary file while they wait for analysis.

A document waits until the site line counts of the lookahead after it are read
(``text/site_lines.Lookahead``), and what the store holds is left out. Keeping the waiting
documents in memory grows with the lookahead; reading the inputs a second time decodes and
extracts every page twice. The spool keeps them on disk, pickled one by one: ``append`` gives
back the document's position, ``read`` the document at a position, while appending goes on
(a second handle on the same file, #17).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kizashi.records import RawDocument


class Spool:
    """Documents appended one at a time, read back by position or in the order they were added."""

    def __init__(self) -> None:
        fd, path = tempfile.mkstemp(prefix="kizashi-spool-")
        self._path: Path | None = Path(path)
        self._writer: IO[bytes] = os.fdopen(fd, "wb")
        self._reader: IO[bytes] = self._path.open("rb")  # closed by close()
        try:
            self._path.unlink()  # POSIX: the file goes with its last handle, even if the run is killed
            self._path = None
        except OSError:  # Windows keeps an open file: removed by close()
            pass
        self._count = 0
        self._pickler = pickle.Pickler(self._writer, protocol=pickle.HIGHEST_PROTOCOL)

    def append(self, raw: RawDocument) -> int:
        """Add a document; its position, for ``read``."""
        position = self._writer.tell()
        self._pickler.dump(raw)
        self._pickler.clear_memo()  # the memo would keep every document alive
        self._count += 1
        return position

    def read(self, position: int) -> RawDocument:
        """The document appended at ``position`` (what ``append`` returned)."""
        return self._read_at(position)[0]

    def _read_at(self, position: int) -> tuple[RawDocument, int]:
        self._writer.flush()
        self._reader.seek(position)
        raw = pickle.load(self._reader)  # our own file, written above: not untrusted input
        if not isinstance(raw, RawDocument):
            raise TypeError(f"spool holds a {type(raw).__name__}, not a RawDocument")
        return raw, self._reader.tell()

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[RawDocument]:
        position = 0
        for _ in range(self._count):
            raw, position = self._read_at(position)
            yield raw

    def close(self) -> None:
        self._writer.close()
        self._reader.close()
        if self._path is not None:
            self._path.unlink()
            self._path = None

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Spool"]
