"""Fast dictionary matching of gazetteer names in text, on match keys, with offsets kept.

Surfaces are compared under their match keys (width, case, hanzi variants, katakana variants),
computed by the gazetteer's ``MatchKeys``. The text is keyed character by character with a map
back to source offsets, and a trie over the keys finds the longest match at each position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from kizashi.entities.keys import MatchKeys

_END = ""  # trie leaf marker (never a real character key)


def _is_katakana(c: str) -> bool:
    return "\u30a0" <= c <= "\u30ff" or c == "ー"


def _is_latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str
    ids: tuple[str, ...]  # gazetteer entry ids sharing this surface


class Matcher:
    """Longest-match dictionary matcher over match keys (``keys``: the gazetteer's)."""

    def __init__(self, surfaces: Iterable[tuple[str, str]], *, keys: MatchKeys, min_len: int = 2) -> None:
        self._keys = keys
        self._trie: dict[str, object] = {}
        for surface, entry_id in surfaces:
            key, _ = keys.with_offsets(surface)
            if len(key) < min_len:
                continue  # one-character names (米, 中) are handled by the prefix rules, not here
            node = self._trie
            for c in key:
                node = node.setdefault(c, {})  # type: ignore[assignment]
            ids = cast(list[str], node.setdefault(_END, []))  # the leaf marker holds the id list
            if entry_id not in ids:
                ids.append(entry_id)

    def _match_end(self, keyed: str, i: int) -> int:
        """End of the longest name starting at key position i (i when none)."""
        node: dict[str, object] = self._trie
        j, best = i, i
        while j < len(keyed) and keyed[j] in node:
            node = node[keyed[j]]  # type: ignore[assignment]
            j += 1
            if _END in node:
                best = j
        return best

    def _longer_inside(self, keyed: str, i: int, end: int) -> int | None:
        """Where a name starts inside [i, end) that runs past end and outgrows [i, end), if one does."""
        return next(
            (k for k in range(i + 1, end) if (e := self._match_end(keyed, k)) > end and e - k > end - i), None
        )

    def _ends(self, keyed: str, i: int) -> Iterator[tuple[int, list[str]]]:
        """Every name starting at key position i: (end, ids), shortest first."""
        node: dict[str, object] = self._trie
        j = i
        while j < len(keyed) and keyed[j] in node:
            node = node[keyed[j]]  # type: ignore[assignment]
            j += 1
            if _END in node:
                yield j, node[_END]  # type: ignore[misc]

    def find(self, text: str) -> Iterator[Hit]:
        """Non-overlapping longest matches, left to right, respecting word edges of katakana and latin."""
        keyed, back, ends = self._keys.spans(text)
        i = 0
        n = len(keyed)
        while i < n:
            node: dict[str, object] = self._trie
            best: tuple[int, list[str]] | None = None
            j = i
            while j < n and keyed[j] in node:
                node = node[keyed[j]]  # type: ignore[assignment]
                j += 1
                if _END in node:
                    best = (j, node[_END])  # type: ignore[assignment]
            if best is not None and (inner := self._longer_inside(keyed, i, best[0])) is not None:
                # 米国|家安全保障局, 日本|海上保安庁: a longer name starts inside this one; it wins,
                # and the longest name before it (日本) stands
                best = max(
                    ((e, ids) for e, ids in self._ends(keyed, i) if e <= inner),
                    key=lambda x: x[0],
                    default=None,
                )
                if best is None:
                    i += 1
                    continue
            if best is not None:
                start, end = back[i], ends[best[0] - 1]
                if _edges_ok(text, start, end):
                    yield Hit(start, end, text[start:end], tuple(best[1]))
                    i = best[0]
                    continue
            i += 1


def _edges_ok(text: str, start: int, end: int) -> bool:
    """A katakana or latin name must not be the inside of a longer word (インド in インドネシア)."""
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if _is_katakana(first) and before and _is_katakana(before) and before != "・":
        return False
    if _is_katakana(last) and after and _is_katakana(after) and after != "・":
        return False
    if _is_latin(first) and before and _is_latin(before):
        return False
    return not (_is_latin(last) and after and _is_latin(after))
