"""Near-duplicate documents: MinHash signatures of the clean text, looked up with LSH (datasketch).

A syndicated article reposted by a blog, or the same page fetched twice with different chrome, is
stored once and analysed once: later copies are recorded as duplicates of the first.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

STAGE = "dedupe.v1"

_SHINGLE = 5  # characters: Japanese has no spaces, so words are not a usable unit
_NOT_WORD = re.compile(r"[\W_]+")
# datasketch 2 asks which hashing scheme rebuilt values came from; 1.x has only the one
_MAX_HASH = (1 << 32) - 1  # affine32: every hash value fits 32 bits
_SCHEME: dict[str, Any] = (
    {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash.__init__).parameters else {}
)


def _shingles(text: str) -> set[bytes]:
    # width, spacing and punctuation differences must not make two copies look different
    flat = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
    if len(flat) <= _SHINGLE:
        return {flat.encode("utf-8")} if flat else set()
    return {flat[i : i + _SHINGLE].encode("utf-8") for i in range(len(flat) - _SHINGLE + 1)}


class Backing(Protocol):
    """Where an index keeps its documents: signatures, and (band, bucket hash) -> rows."""

    def add(self, doc_id: str, sig: bytes, bands: list[tuple[int, int]]) -> bool: ...
    def candidates(self, bands: list[tuple[int, int]]) -> list[tuple[int, str, bytes]]: ...
    def close(self) -> None: ...


class InMemory:
    """The default backing, for small indexes (a batch's, a test's); a run passes the on-disk
    one (``storage.neardup_file.NearDuplicateFile``) so its memory does not grow (#17)."""

    def __init__(self) -> None:
        self._docs: dict[str, tuple[int, bytes]] = {}
        self._buckets: dict[tuple[int, int], list[int]] = {}
        self._rows: list[tuple[str, bytes]] = []

    def add(self, doc_id: str, sig: bytes, bands: list[tuple[int, int]]) -> bool:
        if doc_id in self._docs:
            return False
        row = len(self._rows) + 1
        self._docs[doc_id] = (row, sig)
        self._rows.append((doc_id, sig))
        for band in bands:
            self._buckets.setdefault(band, []).append(row)
        return True

    def candidates(self, bands: list[tuple[int, int]]) -> list[tuple[int, str, bytes]]:
        rows = sorted({r for band in bands for r in self._buckets.get(band, ())})
        return [(r, *self._rows[r - 1]) for r in rows]

    def close(self) -> None:
        self._docs.clear()
        self._buckets.clear()
        self._rows.clear()


class NearDuplicateIndex:
    """Documents added so far, findable by the estimated Jaccard similarity of their shingles.

    A run keeps one for the whole corpus, so it lives on disk there (#17, ``backing``): a private
    temporary SQLite database holds each document's signature (the affine32 hash values fit 32 bits: 512 bytes at
    128 permutations) and, per LSH band, the documents in each bucket; Python holds a bounded page
    cache only, whatever the number of documents (in memory it was 1.4 kB a document). The bands
    and rows are datasketch's own choice for the threshold, so the candidates, and the decisions,
    are those ``MinHashLSH`` gives. The database is made on the first ``add`` and deleted by
    ``close()`` (or the ``with`` block's end, or when the index is garbage collected)."""

    def __init__(
        self, *, threshold: float = 0.8, num_perm: int = 128, backing: Callable[[], Backing] = InMemory
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        # datasketch picks bands x rows minimising false positives and negatives at the threshold
        self._ranges: list[tuple[int, int]] = list(
            MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
        )
        self._backing = backing
        self._db: Backing | None = None
        self._count = 0

    def signature(self, text: str) -> bytes:
        """A serialisable MinHash of the text (num_perm unsigned 64-bit values)."""
        mh = MinHash(num_perm=self.num_perm, **_SCHEME)
        mh.update_batch(_shingles(text))
        return bytes(np.asarray(mh.hashvalues, dtype=np.uint64).tobytes())

    def _values(self, signature: bytes) -> np.ndarray[Any, np.dtype[np.uint32]]:
        values = np.frombuffer(signature, dtype=np.uint64)
        if len(values) != self.num_perm:
            raise ValueError(f"signature has {len(values)} values, this index uses {self.num_perm}")
        if len(values) and int(values.max()) > _MAX_HASH:
            raise ValueError("signature values exceed 32 bits: not a MinHash of this scheme")
        return values.astype(np.uint32)

    def _bands(self, values: np.ndarray[Any, np.dtype[np.uint32]]) -> list[tuple[int, int]]:
        return [(band, hash(values[a:b].tobytes())) for band, (a, b) in enumerate(self._ranges)]

    def add(self, doc_id: str, signature: bytes) -> None:
        values = self._values(signature)
        if self._db is None:
            self._db = self._backing()
        if self._db.add(doc_id, values.tobytes(), self._bands(values)):
            self._count += 1

    def find(self, signature: bytes) -> str | None:
        """The doc_id of the most similar document added so far at or over the threshold, or None."""
        values = self._values(signature)
        if self._db is None:
            return None
        best: tuple[float, int, str] | None = None
        # banding lets some lower ones in: the estimate (MinHash.jaccard's) confirms them
        for row, doc_id, sig in self._db.candidates(self._bands(values)):
            sim = float(np.count_nonzero(np.frombuffer(sig, dtype=np.uint32) == values)) / self.num_perm
            if sim >= self.threshold and (best is None or (sim, -row) > best[:2]):
                best = (sim, -row, doc_id)  # rows are in the order added: ties go to the first
        return best[2] if best else None

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        """Delete the index's database; the index is empty after."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._count = 0

    def __enter__(self) -> NearDuplicateIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
