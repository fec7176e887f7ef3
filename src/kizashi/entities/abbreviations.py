"""One-kanji country abbreviations in compounds: 米 in 米商務長官, each of 日米韓, 豪 in 日豪共同宣言.

The abbreviations are the gazetteer's (``Gazetteer.abbreviations``). A run of them is a list of
countries only where it is a word of its own: it starts where a Sudachi word starts (同日 + 朝 is a
morning, not Japan and North Korea), it is not a place name Sudachi knows (中米 is Central America),
and it is not 欧米, "the West", which names neither the EU nor the United States.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kizashi.entities.found import Found, known_entity
from kizashi.entities.gazetteer import Gazetteer
from kizashi.records import Morpheme

__all__ = ["country_abbreviations"]

_KANJI = re.compile(r"[\u4e00-\u9fff々]")
# what may follow a lone abbreviation for it to be one (米商務長官, 中外務省, 日本側)
_ABBREV_NEXT = re.compile(
    r"(政府|当局|軍|側|首脳|大統領|首相|外相|国防相|防衛相|商務相|長官|次官|国務|国防|商務|財務|通商|大使|企業|紙|メディア|議会|"
    r"上院|下院|連邦|政権|海軍|空軍|陸軍|情報機関|関係|間|両国|主導|製)"
)
# compounds of abbreviations that name a region or a bloc as a whole, not its members
_REGION_WORDS = frozenset({"欧米"})


def _word_start(start: int, end: int, morphemes: Sequence[Morpheme]) -> int:
    """The first offset in [start, end) where a word starts that is no place name: the part of a
    run inside a word begun before it (同日|朝) or inside a place name (中米) is no country."""
    if not morphemes:
        return start
    pos = start
    for m in morphemes:
        if m.end <= pos:
            continue
        if m.start >= end:
            break
        if m.start < pos or (m.pos[1:3] == ("固有名詞", "地名") and m.end - m.start > 1):
            pos = m.end  # inside an earlier word, or a place name of its own (越 alone is Vietnam)
            continue
        return pos
    return min(pos, end)


def country_abbreviations(
    text: str, gazetteer: Gazetteer, found: Found, morphemes: Sequence[Morpheme] = ()
) -> None:
    """Add a mention for each abbreviation of a run that lists countries."""
    abbrevs = {c for c in text if len(c) == 1 and gazetteer.by_abbrev(c) is not None}
    if not abbrevs:
        return
    run = re.compile(f"[{''.join(sorted(abbrevs))}]+")
    for m in run.finditer(text):
        if m.group(0) in _REGION_WORDS:
            continue
        start = _word_start(m.start(), m.end(), morphemes)
        chars = text[start : m.end()]
        if not chars:
            continue
        before = text[start - 1] if start > 0 else ""
        if before and (before.isdigit() or (before.isascii() and before.isalpha())):
            continue  # 25日 is a day, GDP比 a ratio
        if before and _KANJI.match(before) and len(chars) == 1:
            continue  # 訪米 / 在日 style compounds are left to the gazetteer
        if len(chars) == 1 and not _ABBREV_NEXT.match(text, m.end()):
            continue
        if chars == "中":
            continue  # 中 alone is "during/inside" far more often than China
        for k, c in enumerate(chars):
            pos = start + k
            entry = gazetteer.by_abbrev(c)
            if entry is not None and found.free(pos, pos + 1):
                found.add(pos, pos + 1, known_entity(entry), None, entry.id)
