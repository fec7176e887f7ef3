"""Open-vocabulary names: organisations and places no gazetteer entry holds, and the longest name wins.

Runs after the gazetteer names and country abbreviations are found. A compound that ends in a
head of the name-part glossary (``compounds.py``) becomes an entity with an English name
(``english.py``), and the known short names inside it stop being mentions: 日本 in 日本航空, 衆院 in
衆院予算委員会, 名古屋 in 名古屋港. A known name as long as the compound still wins (its head is the
known name). A proper noun Sudachi knows as one word is never cut into the known names inside it
(東京 in a one-word facility name). Later bare repeats of a name, and its short form without host
and parent (予算委員会 after 衆院予算委員会, 県警 after 愛知県警), are mentions of the same entity.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from kizashi.entities.compounds import Compound, CompoundFinder
from kizashi.entities.found import Found, known_entity, story_of, unknown_entity
from kizashi.entities.gazetteer import Gazetteer
from kizashi.entities.names import Romaniser
from kizashi.entities.parts import NameParts
from kizashi.entities.pieces import pieces
from kizashi.records import Entity, Morpheme, Story

_UNIT_HEADS = frozenset("局課部室署")
_SHORT_POLICE = ("県警", "府警", "道警")  # 愛知県警 ... 県警によると: the same force


def open_names(
    text: str,
    morphemes: Sequence[Morpheme],
    stories: tuple[Story, ...],
    found: Found,
    *,
    gazetteer: Gazetteer,
    parts: NameParts,
    romaniser: Romaniser,
) -> None:
    """Add the compounds' entities to ``found``, replacing the known names inside them."""
    _drop_not_names(morphemes, found, parts)
    comps = CompoundFinder(pieces(text, morphemes, found), found, gazetteer, parts, romaniser).find()
    comps = [c for c in comps if not _surname_and_title(text, morphemes, c)]
    # (story, surface) -> the entity and its gazetteer id: repeats and short forms
    seen: dict[tuple[str, str], tuple[Entity, str | None]] = {}
    for comp in comps:
        story = story_of(stories, comp.start)
        surface = text[comp.start : comp.end]
        ent, gaz_id = seen.get((story, surface)) or _entity(comp, surface, gazetteer)
        found.drop_inside(comp.start, comp.end)
        found.add(comp.start, comp.end, ent, None, gaz_id)
        for short in _short_forms(text, comp):
            seen.setdefault((story, short), (ent, gaz_id))
        seen.setdefault((story, surface), (ent, gaz_id))
    _drop_inside_proper_words(morphemes, found)
    _legal_forms(text, found, parts)
    _known_short_forms(text, stories, found, gazetteer, parts, seen)
    _link_repeats(text, morphemes, stories, found, seen)


def _surname_and_title(text: str, morphemes: Sequence[Morpheme], comp: Compound) -> bool:
    """金井局長, 周防課長: a lone proper noun, a one-kanji head and 長 are a family name and a title
    (people.py reads them), not a bureau named after a place; 関東財務局長 keeps its bureau."""
    if (
        comp.end - comp.start > 4
        or not text.startswith("長", comp.end)
        or text[comp.end - 1] not in _UNIT_HEADS
    ):
        return False
    word = next((m for m in morphemes if m.start == comp.start), None)
    return (
        word is not None
        and word.end == comp.end - 1
        and word.pos[1] == "固有名詞"
        and word.pos[2] in {"人名", "地名"}
    )


def _entity(comp: Compound, surface: str, gazetteer: Gazetteer) -> tuple[Entity, str | None]:
    """The gazetteer's entity when the English name is one of its names, else an unknown one."""
    key = gazetteer.keys.key(comp.canonical)
    known = [
        e
        for e in gazetteer.lookup(comp.canonical)
        if e.type == comp.head.type
        and gazetteer.keys.key(e.canonical) == key  # Niigata is not Niigata Prefecture
    ]
    if len(known) == 1:
        return known_entity(known[0]), known[0].id
    return unknown_entity(comp.canonical, comp.head.type, surface, comp.country), None


def _short_forms(text: str, comp: Compound) -> list[str]:
    out = []
    if comp.short_start > comp.start and comp.end - comp.short_start >= 3:
        out.append(text[comp.short_start : comp.end])
    tail = text[comp.end - 2 : comp.end]
    if comp.head.bare_place and tail in _SHORT_POLICE:
        out.append(tail)
    return out


def _known_short_forms(
    text: str,
    stories: tuple[Story, ...],
    found: Found,
    gazetteer: Gazetteer,
    parts: NameParts,
    seen: dict[tuple[str, str], tuple[Entity, str | None]],
) -> None:
    """A known body whose name is a known name and a headed rest (衆院 + 予算委員会, 愛知県 + 警) is
    named later by the rest alone, or 県警, as a compound is."""
    for start, end, key, _ in found.spans:
        ent = found.entities[key]
        if ent.type != "ORG" or end - start < 4 or not ent.linked:
            continue
        surface = text[start:end]
        story = story_of(stories, start)
        for k in range(2, len(surface) - 2):
            rest = surface[k:]
            if any(rest.endswith(h) for h in parts.heads) and gazetteer.lookup(surface[:k]):
                seen.setdefault((story, rest), (ent, found.gaz_ids.get(key)))
                break
        if surface[-2:] in _SHORT_POLICE:
            seen.setdefault((story, surface[-2:]), (ent, found.gaz_ids.get(key)))


def _legal_forms(text: str, found: Found, parts: NameParts) -> None:
    """株式会社 before or after a firm's name is part of its mention: the same firm, named in full."""
    for start, end, key, _ in list(found.spans):
        if found.entities[key].type != "ORG":
            continue
        after = next((f for f in parts.legal_forms if text.startswith(f, end)), "")
        before = next((f for f in parts.legal_forms if text.endswith(f, 0, start)), "")
        new_start, new_end = start - len(before), end + len(after)
        if (new_start, new_end) != (start, end) and _free_beside(found, start, end, new_start, new_end):
            found.widen(start, end, new_start, new_end)


def _free_beside(found: Found, start: int, end: int, new_start: int, new_end: int) -> bool:
    return (new_start == start or found.free(new_start, start)) and (
        new_end == end or found.free(end, new_end)
    )


def _drop_not_names(morphemes: Sequence[Morpheme], found: Found, parts: NameParts) -> None:
    """欧米 is the West: the country abbreviations inside such a word are no mentions."""
    for m in morphemes:
        if m.surface in parts.not_names:
            found.drop_inside(m.start, m.end)


def _drop_inside_proper_words(morphemes: Sequence[Morpheme], found: Found) -> None:
    """A known name strictly inside one proper noun of Sudachi's (日本 in 日本航空, 東京 in a
    one-word facility name) is part of a longer name, not a mention of its own. People's names
    are left to the person rules; a country's name word (中華人民共和国) is the country."""
    for m in morphemes:
        if m.pos[1] != "固有名詞" or m.pos[2] == "人名" or m.pos[3] == "国" or m.end - m.start < 3:
            continue
        near = found.taken[
            bisect_left(found.taken, (m.start - found.longest, 0)) : bisect_left(found.taken, (m.end, 0))
        ]
        inside = [(s, e) for s, e in near if m.start <= s and e <= m.end]
        crossing = any(s < m.start < e or s < m.end < e for s, e in near)
        if not inside or (m.start, m.end) in inside or crossing:
            continue
        if sum(e - s for s, e in inside) == m.end - m.start:
            _one_place(m, inside, found)  # 神奈川県横須賀市: known names tile the word
            continue
        for s, e in inside:
            found.drop_inside(s, e)


def _one_place(m: Morpheme, inside: list[tuple[int, int]], found: Found) -> None:
    """A place word made of known places (a prefecture and its city) is one mention of the last,
    the most specific (神奈川県横須賀市 -> Yokosuka), as 沖縄県石垣市 is of Ishigaki."""
    keys = {(s, e): key for s, e, key, _ in found.spans}
    if m.pos[2] != "地名" or any(found.entities[keys[x]].type != "GPE" for x in inside):
        return
    last = max(inside)
    for s, e in inside:
        if (s, e) != last:
            found.drop_inside(s, e)
    found.widen(last[0], last[1], m.start, m.end)


def _link_repeats(
    text: str,
    morphemes: Sequence[Morpheme],
    stories: tuple[Story, ...],
    found: Found,
    seen: dict[tuple[str, str], tuple[Entity, str | None]],
) -> None:
    """Later bare repeats of a name or its short form, on word edges, in the same story."""
    if not seen:
        return
    starts = {m.start for m in morphemes}
    ends = {m.end for m in morphemes}
    for (story, surface), (ent, gaz_id) in seen.items():
        pos = text.find(surface)
        while pos >= 0:
            end = pos + len(surface)
            if pos in starts and end in ends and story_of(stories, pos) == story and found.free(pos, end):
                found.add(pos, end, ent, None, gaz_id)
            pos = text.find(surface, end)
