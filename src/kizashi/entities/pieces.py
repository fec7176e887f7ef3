"""The pieces a noun compound is read over: the document's Sudachi words cut at the edges of the
names already found, each known name one piece (衆院 in 衆院予算委員会, 名古屋 in 名古屋港)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from kizashi.entities.found import Found
from kizashi.records import Morpheme

__all__ = ["Piece", "letters", "pieces", "whole"]

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*")


@dataclass(frozen=True, slots=True)
class Piece:
    """A Sudachi word, or the part of one outside a known name, or a known name."""

    start: int
    end: int
    surface: str
    kind: str  # known | proper | common | suffix | prefix | number | latin | other
    reading: str | None = None  # only where it is the whole word's
    place: bool = False  # a known place, or a proper noun that may name one
    key: str | None = None  # the entity of a known name
    word: Morpheme | None = None  # the Sudachi word it is cut from


def pieces(text: str, morphemes: Sequence[Morpheme], found: Found) -> list[Piece]:
    """The document's words cut at the edges of the names found so far, each known name one piece."""
    spans = sorted((s, e, key) for s, e, key, _ in found.spans)
    starts = [s for s, _, _ in spans]
    out: list[Piece] = []
    for m in morphemes:
        i = max(0, bisect_left(starts, m.start) - 1)
        inside = [x for x in spans[i : bisect_left(starts, m.end)] if x[0] < m.end and x[1] > m.start]
        if not inside:
            out.append(_piece(m, m.start, m.end, whole=True))
            continue
        pos = m.start
        for s, e, key in inside:
            if s > pos:
                out.append(_piece(m, pos, s, whole=False))
            if not out or (out[-1].start, out[-1].end) != (s, e):
                ent = found.entities[key]
                place = ent.type in {"GPE", "LOC"}
                out.append(Piece(s, e, text[s:e], "known", None, place, key))
            pos = max(pos, e)
        if pos < m.end:
            out.append(_piece(m, pos, m.end, whole=False))
    return out


def whole(p: Piece) -> bool:
    return p.word is not None and (p.start, p.end) == (p.word.start, p.word.end)


def letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


def _piece(m: Morpheme, start: int, end: int, *, whole: bool) -> Piece:
    surface = m.surface[start - m.start : end - m.start]
    pos = m.pos
    if _LATIN.fullmatch(surface) and pos[0] == "名詞":
        kind = "latin"
    elif pos[0] == "名詞":
        kind = {"固有名詞": "proper", "数詞": "number"}.get(pos[1], "common")
    else:
        kind = {"接尾辞": "suffix", "接頭辞": "prefix"}.get(pos[0], "other")
    place = kind == "proper" and pos[2] != "人名"
    return Piece(start, end, surface, kind, m.reading if whole else None, place, None, m)
