"""Sentence splitting for Japanese news text: on 。！？ and line ends, never inside brackets."""

from __future__ import annotations

from collections.abc import Iterator

_OPEN = "「『（(【〈《“"
_CLOSE = "」』）)】〉》”"
_ENDS = "。!?！？"


def split_sentences(text: str, base: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in text, shifted by base; whitespace trimmed.

    A closing bracket right after a sentence end stays with the sentence (「…。」).
    Bracket depth resets at each line end, so an unbalanced quote cannot swallow a page.
    """
    depth = 0
    start = 0
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        cut = None
        if c == "\n":
            cut, depth = i, 0
        elif c in _ENDS and depth == 0:
            j = i + 1
            while j < n and (text[j] in _ENDS or text[j] in _CLOSE):
                j += 1
            cut = j
        if cut is not None:
            yield from _trimmed(text, start, cut, base)
            start = cut if c != "\n" else cut + 1
            i = max(i + 1, cut)
            continue
        i += 1
    yield from _trimmed(text, start, n, base)


def _trimmed(text: str, start: int, end: int, base: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield base + start, base + end
