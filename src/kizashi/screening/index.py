"""Blocking: an inverted index from name blocks (words, CJK bigrams, the whole key) to list entries.

A subject's names are looked up block by block; an entry becomes a candidate when it shares the
whole key or at least half of the name's blocks. Blocks held by very many entries (a common word
such as "technology", the bigram 中国) are skipped unless nothing rarer is left, so the pairs
scored grow with the matches, not with entities times entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kizashi.screening.names import NameForm, NameForms, blocks

__all__ = ["IndexedEntry", "ListIndex"]

MIN_COMMON = 200  # a block held by more entries than this, or than COMMON_SHARE of them, is too
COMMON_SHARE = 0.005  # common to select by (a rarer block of the name selects)


@dataclass(frozen=True, slots=True)
class IndexedEntry:
    entry_id: str
    list_name: str
    schema: str
    caption: str
    forms: tuple[NameForm, ...]
    countries: tuple[str, ...]
    programs: tuple[str, ...]
    listed_on: str | None


class ListIndex:
    """The entries of every loaded list, indexed by block."""

    def __init__(self, forms: NameForms) -> None:
        self.forms = forms
        self.entries: list[IndexedEntry] = []
        self._postings: dict[str, list[int]] = {}

    def add(
        self,
        *,
        entry_id: str,
        list_name: str,
        schema: str,
        caption: str,
        names: Iterable[str],
        countries: Sequence[str] = (),
        programs: Sequence[str] = (),
        listed_on: str | None = None,
    ) -> None:
        forms = tuple(f for n in names for f in self.forms.forms(n))
        idx = len(self.entries)
        self.entries.append(
            IndexedEntry(
                entry_id, list_name, schema, caption, forms, tuple(countries), tuple(programs), listed_on
            )
        )
        for block in {b for f in forms for group in blocks(f) for b in group}:
            self._postings.setdefault(block, []).append(idx)

    def candidates(self, forms: Iterable[NameForm]) -> set[int]:
        """Entries that may match one of the forms (indexes into ``entries``)."""
        out: set[int] = set()
        for form in forms:
            exact, content, loose = blocks(form)
            for b in exact:
                out.update(self._postings.get(b, ()))
            selecting = content or loose
            common = max(MIN_COMMON, int(COMMON_SHARE * len(self.entries)))
            present: list[list[int]] = [p for b in selecting if (p := self._postings.get(b, []))]
            usable = [p for p in present if len(p) <= common]
            if usable:
                need = min(max(1, (len(selecting) + 1) // 2), len(usable))
                hits = Counter(i for p in usable for i in p)
                out.update(i for i, n in hits.items() if n >= need)
            elif present:
                smallest = min(present, key=len)
                rarest = set(smallest)
                if len(present) == len(selecting):  # every block of the name is common: the rarest selects
                    out |= rarest
                    continue
                # the rest of the name is on no entry (unlisted, or a typo): the common block
                # selects only together with the first letters
                for b in loose if content else ():
                    first = self._postings.get(b, [])
                    if len(first) <= common:
                        out |= rarest.intersection(first)
        return out
