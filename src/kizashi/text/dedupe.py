"""Near-duplicate documents: MinHash signatures of the clean text, looked up with LSH (datasketch).

A syndicated article reposted by a blog, or the same page fetched twice with different chrome, is
stored once and analysed once: later copies are recorded as duplicates of the first.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from typing import Any

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


class NearDuplicateIndex:
    """Documents added so far, findable by the estimated Jaccard similarity of their shingles.

    A run keeps one for the whole corpus, so it is compact (#17): signatures in one numpy array
    (the affine32 hash values fit 32 bits: 512 bytes a document at 128 permutations) and, per LSH
    band, a dict from the band's hash to the documents in that bucket, about 1.4 kB a document
    in all, against about 5 kB in datasketch's ``MinHashLSH`` (a set per bucket, a ``MinHash``
    object per document). The bands and rows are datasketch's own choice for the threshold, so
    the candidates, and the decisions, are those ``MinHashLSH`` gives."""

    def __init__(self, *, threshold: float = 0.8, num_perm: int = 128) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        # datasketch picks bands x rows minimising false positives and negatives at the threshold
        self._ranges: list[tuple[int, int]] = list(
            MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
        )
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in self._ranges]
        self._sigs = np.empty((0, num_perm), dtype=np.uint32)
        self._ids: list[str] = []  # row -> doc_id; rows are in the order added (ties go first)
        self._rows: dict[str, int] = {}

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

    def _bands(self, values: np.ndarray[Any, np.dtype[np.uint32]]) -> list[int]:
        return [hash(values[start:end].tobytes()) for start, end in self._ranges]

    def add(self, doc_id: str, signature: bytes) -> None:
        if doc_id in self._rows:
            return
        values = self._values(signature)
        row = len(self._ids)
        if row == len(self._sigs):  # grow by half again: amortised appends, little slack
            grown = np.empty((max(64, row + row // 2), self.num_perm), dtype=np.uint32)
            grown[:row] = self._sigs
            self._sigs = grown
        self._sigs[row] = values
        self._ids.append(doc_id)
        self._rows[doc_id] = row
        for buckets, key in zip(self._buckets, self._bands(values), strict=True):
            there = buckets.get(key)
            if there is None:
                buckets[key] = row  # most buckets hold one document: no list for it
            elif isinstance(there, int):
                buckets[key] = [there, row]
            else:
                there.append(row)

    def find(self, signature: bytes) -> str | None:
        """The doc_id of the most similar document added so far at or over the threshold, or None."""
        values = self._values(signature)
        candidates: set[int] = set()
        for buckets, key in zip(self._buckets, self._bands(values), strict=True):
            there = buckets.get(key)
            if isinstance(there, int):
                candidates.add(there)
            elif there is not None:
                candidates.update(there)
        best: tuple[float, int] | None = None
        # banding lets some lower ones in: the estimate (MinHash.jaccard's) confirms them
        for row in candidates:
            sim = float(np.count_nonzero(self._sigs[row] == values)) / self.num_perm
            rank = (sim, -row)
            if sim >= self.threshold and (best is None or rank > best):
                best = rank
        return self._ids[-best[1]] if best else None

    def __len__(self) -> int:
        return len(self._ids)
