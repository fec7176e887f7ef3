"""Per-site line counts, built one document at a time: the cross-document half of ``clean``.

A template line (a menu, a byline, a copyright notice) is one that occurs in many documents of
a site, so the counts span the whole corpus. They are held as 64-bit digests of the line keys,
not the lines: a run keeps no document text in memory while it counts (#17). Two different
lines share a digest with a chance of about n²/2⁶⁵; for a million lines, one in 10⁷.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import deque
from collections.abc import Iterable
from typing import Generic, TypeVar

from kizashi.text.lines import line_key

_MIN_KEY = 2  # shorter keys ("・", a lone digit) say nothing about a template
T = TypeVar("T")


def digest64(key: str) -> int:
    """A 64-bit digest of a string (a line key, a document id): what is kept instead of the text."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest())


class LineCounts:
    """In how many of a site's documents each line key occurs; identical documents count once.

    Looked up like a mapping by line key (``counts.get(line_key(line), 0)``)."""

    __slots__ = ("_counts", "_seen")

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}
        self._seen: set[int] | None = set()  # digests of documents' key sets: a repost counts once

    def add(self, text: str) -> frozenset[int]:
        """Count one normalised document's lines; the digests of its line keys."""
        if self._seen is None:
            raise RuntimeError("these counts are frozen")
        keys = {k for k in (line_key(x) for x in text.split("\n")) if len(k) >= _MIN_KEY}
        if not keys:
            return frozenset()
        digests = frozenset(digest64(key) for key in keys)
        doc = digest64("\n".join(sorted(keys)))
        if doc in self._seen:
            return digests
        self._seen.add(doc)
        counts = self._counts
        for h in digests:
            counts[h] = counts.get(h, 0) + 1
        return digests

    def snapshot(self, digests: Iterable[int]) -> LineCounts:
        """Read-only counts of these lines only, as they stand now (lines seen once left out, as
        ``freeze`` leaves them): what one document's cleaning needs."""
        out = LineCounts()
        out._seen = None
        out._counts = {h: n for h in digests if (n := self._counts.get(h, 0)) > 1}
        return out

    def freeze(self) -> LineCounts:
        """Drop what lookups never need: the document digests, and lines seen in one document
        only (a template line is one seen in several). Returns ``self``, now read-only."""
        self._seen = None
        self._counts = {h: n for h, n in self._counts.items() if n > 1}
        return self

    def get(self, key: str, default: int = 0) -> int:
        return self._counts.get(digest64(key), default)

    def __getitem__(self, key: str) -> int:
        return self.get(key, 0)

    def __len__(self) -> int:
        return len(self._counts)

    def __getstate__(self) -> tuple[dict[int, int], set[int] | None]:
        return self._counts, self._seen

    def __setstate__(self, state: tuple[dict[int, int], set[int] | None]) -> None:
        self._counts, self._seen = state


class Lookahead(Generic[T]):
    """Per-site line counts with a lookahead of ``window`` documents in input order, across all
    sites (the design in docs/scaling.md, "time to the first stored document"): the *p*-th input
    document gets the counts of its own lines over its site's documents among inputs
    1 … min(*N*, *p* + ``window``), so it can be cleaned once input *p* + ``window`` is read
    instead of after the whole corpus. Only the line digests of the documents still waiting are
    kept (a compact ``array``), with the caller's handle for each (a spool position), not their text.

    ``add`` counts the next input and returns the (item, counts) pairs whose window closed, in
    input order; ``close`` (input ended) the rest, with the final counts. With at most ``window``
    documents every document gets the counts of them all, as ``freeze`` gives them for its lines."""

    def __init__(self, window: int) -> None:
        if window < 0:
            raise ValueError(f"window: {window} documents is not a lookahead")
        self.window = window
        self._sites: dict[str, LineCounts] = {}
        self._waiting: deque[tuple[int, T, LineCounts | None, array[int]]] = deque()
        self._read = 0  # inputs counted so far

    def add(self, site: str, text: str | None, item: T | None = None) -> list[tuple[T, LineCounts]]:
        """Count the next input of ``site``, a normalised document (``None``: left out of the
        counts, still in the order). ``item`` ``None``: counted only, never released (a document
        the store holds already counts, so a resumed run cleans as an uninterrupted one)."""
        self._read += 1
        counts = self._sites.setdefault(site, LineCounts()) if text is not None else None
        if item is not None:
            digests = counts.add(text) if counts is not None and text is not None else frozenset()
            self._waiting.append((self._read, item, counts, array("Q", digests)))
        elif counts is not None and text is not None:
            counts.add(text)
        return self._release(self._read - self.window)

    def close(self) -> list[tuple[T, LineCounts]]:
        """Input has ended: every waiting document, with the final counts."""
        return self._release(self._read)

    def _release(self, upto: int) -> list[tuple[T, LineCounts]]:
        released = []
        while self._waiting and self._waiting[0][0] <= upto:
            _, item, counts, digests = self._waiting.popleft()
            released.append((item, counts.snapshot(digests) if counts is not None else LineCounts().freeze()))
        return released

    def __len__(self) -> int:
        """Documents waiting for their window to close."""
        return len(self._waiting)


def site_line_counts(texts: Iterable[str]) -> LineCounts:
    """In how many of the texts (one site's normalised documents) each line key occurs."""
    counts = LineCounts()
    for text in texts:
        counts.add(text)
    return counts


__all__ = ["LineCounts", "Lookahead", "digest64", "site_line_counts"]
