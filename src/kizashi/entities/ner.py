"""People GiNZA's NER finds where no rule did: an opt-in extra source (``KIZASHI_NER=1``).

Only the sentences holding a Sudachi proper noun that no mention covers are sent to it, and only
its Person spans over kanji or katakana that are still free are taken. Measured for #13 on
../shared (samples + devset), after the rules: NER's spans hold 10 of the 32 gold names the rules
still miss, but one of them is a person (the rest are organisations and places it cannot name in
English, or gold that disagrees with the rules) and that one Sudachi's reading romanises wrongly
anyway. Turned on, it adds no gold name and six extras (bylines, 大洋州 and ウイグル read as
people) at about 2,500 characters a second on the sentences it reads. So it is off by default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kizashi.entities.apposition import script_of
from kizashi.entities.found import Found, unknown_entity
from kizashi.entities.names import Romaniser
from kizashi.records import Entity, Morpheme

__all__ = ["NameFinder", "ner_people"]

# texts -> each text's named entities as (start, end, label), character offsets within it
NameFinder = Callable[[Sequence[str]], list[list[tuple[int, int, str]]]]

_SENTENCE = re.compile(r"[^。\n]+。?")
_NAME = re.compile(r"[\u4e00-\u9fff々\u30a1-\u30fa\u30fc・]{2,12}")
_PERSON_LABELS = frozenset({"Person"})


def ner_people(
    text: str, morphemes: Sequence[Morpheme], found: Found, finder: NameFinder, romaniser: Romaniser
) -> None:
    """Add the people NER finds in the sentences where Sudachi sees a name no mention covers."""
    loose = [m.start for m in morphemes if m.pos[1:2] == ("固有名詞",) and found.free(m.start, m.end)]
    if not loose:
        return
    sentences = [s.span() for s in _SENTENCE.finditer(text) if any(s.start() <= p < s.end() for p in loose)]
    for (a, _b), spans in zip(sentences, finder([text[a:b] for a, b in sentences]), strict=True):
        for s, e, label in spans:
            start, end = a + s, a + e
            if label in _PERSON_LABELS and _NAME.fullmatch(text, start, end) and found.free(start, end):
                found.add(start, end, _person(text, start, end, morphemes, romaniser))


def _person(text: str, start: int, end: int, morphemes: Sequence[Morpheme], romaniser: Romaniser) -> Entity:
    words = [m for m in morphemes if start <= m.start and m.end <= end]
    surface = text[start:end]
    if "・" in surface or re.fullmatch(r"[\u30a1-\u30fa\u30fc]+", surface):
        canonical = romaniser.foreign(surface)
    else:
        family, given = (words[0].reading, "".join(w.reading for w in words[1:])) if words else ("", "")
        canonical = romaniser.person(
            surface, script_of(None), "", len(words[0].surface) if words else 1, (family, given)
        )
    return unknown_entity(canonical or surface, "PERSON", surface)
