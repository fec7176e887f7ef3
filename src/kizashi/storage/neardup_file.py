"""The near-duplicate index's private temporary SQLite file (``text/dedupe.py``), kept here
because SQL lives only in ``kizashi.storage``: a run's index stays on disk, not in memory (#17)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import weakref
from pathlib import Path

_CACHE_KB = 4096  # SQLite's page cache for the index: the memory it holds, whatever its size


class NearDuplicateFile:
    """The index's temporary SQLite file: signatures by row, and (band, bucket hash) -> rows."""

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="kizashi-dedupe-", suffix=".sqlite")
        os.close(fd)
        self.path = Path(name)
        # our own private file: nothing to recover after a crash, so no journal and no syncs
        self._con = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
        self._remove = weakref.finalize(self, _remove, self._con, self.path)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{_CACHE_KB}"):
            self._con.execute(f"PRAGMA {pragma}")
        self._con.execute("CREATE TABLE docs (row INTEGER PRIMARY KEY, doc_id TEXT UNIQUE, sig BLOB)")
        self._con.execute(
            "CREATE TABLE buckets (band INTEGER, key INTEGER, row INTEGER,"
            " PRIMARY KEY (band, key, row)) WITHOUT ROWID"
        )
        self._query = (
            "SELECT DISTINCT d.row, d.doc_id, d.sig FROM docs d JOIN buckets b ON b.row = d.row WHERE "
        )

    def add(self, doc_id: str, sig: bytes, bands: list[tuple[int, int]]) -> bool:
        """Add a document; False when its id is there already (the first one stays)."""
        cur = self._con.execute("INSERT OR IGNORE INTO docs (doc_id, sig) VALUES (?, ?)", (doc_id, sig))
        if cur.rowcount == 0:
            return False
        row = cur.lastrowid
        self._con.executemany(
            "INSERT INTO buckets (band, key, row) VALUES (?, ?, ?)", [(b, k, row) for b, k in bands]
        )
        return True

    def candidates(self, bands: list[tuple[int, int]]) -> list[tuple[int, str, bytes]]:
        """Every document sharing a bucket with these bands, each once."""
        where = " OR ".join(["(b.band = ? AND b.key = ?)"] * len(bands))
        params = [x for band in bands for x in band]
        return self._con.execute(self._query + where, params).fetchall()

    def close(self) -> None:
        self._remove()


def _remove(con: sqlite3.Connection, path: Path) -> None:
    con.close()
    path.unlink(missing_ok=True)


__all__ = ["NearDuplicateFile"]
