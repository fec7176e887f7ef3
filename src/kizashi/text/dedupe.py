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
    """Documents added so far, findable by the estimated Jaccard similarity of their shingles."""

    def __init__(self, *, threshold: float = 0.8, num_perm: int = 128) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}  # ties go to the document stored first

    def signature(self, text: str) -> bytes:
        """A serialisable MinHash of the text (num_perm unsigned 64-bit values)."""
        mh = MinHash(num_perm=self.num_perm, **_SCHEME)
        mh.update_batch(_shingles(text))
        return bytes(np.asarray(mh.hashvalues, dtype=np.uint64).tobytes())

    def _minhash(self, signature: bytes) -> MinHash:
        values = np.frombuffer(signature, dtype=np.uint64)
        if len(values) != self.num_perm:
            raise ValueError(f"signature has {len(values)} values, this index uses {self.num_perm}")
        return MinHash(num_perm=self.num_perm, hashvalues=values.copy(), **_SCHEME)

    def add(self, doc_id: str, signature: bytes) -> None:
        if doc_id in self._sigs:
            return
        mh = self._minhash(signature)
        self._lsh.insert(doc_id, mh)
        self._sigs[doc_id] = mh
        self._order[doc_id] = len(self._order)

    def find(self, signature: bytes) -> str | None:
        """The doc_id of the most similar document added so far at or over the threshold, or None."""
        mh = self._minhash(signature)
        best: tuple[float, int, str] | None = None
        # LSH returns candidates by banding; the estimate confirms them (bands let some lower ones in)
        for key in self._lsh.query(mh):
            doc_id = str(key)
            sim = float(mh.jaccard(self._sigs[doc_id]))
            rank = (sim, -self._order[doc_id], doc_id)
            if sim >= self.threshold and (best is None or rank[:2] > best[:2]):
                best = rank
        return best[2] if best else None

    def __len__(self) -> int:
        return len(self._sigs)
