"""Stage: entities. Mentions found in the clean text, linked to one entity per actor.

Order of evidence: gazetteer names (longest match on match keys), country abbreviations in
compounds (米商務長官, 日米韓), people (entities/people.py: Sudachi's person tags, katakana names,
surnames with a title or met earlier, romanised when unknown), and acronym pairs
(NATO=北大西洋条約機構, 米通商代表部(USTR)).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from kizashi.entities.abbreviations import country_abbreviations
from kizashi.entities.context import fallback, foreign_prefix, relink
from kizashi.entities.credits import drop_credits
from kizashi.entities.found import STAGE, Found, date_of, finish, known_entity, unknown_entity
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.entities.matcher import Matcher
from kizashi.entities.names import Romaniser, Titles
from kizashi.entities.open_names import open_names
from kizashi.entities.parts import NameParts
from kizashi.entities.people import find_people
from kizashi.records import Document, Entity, Mention, Morpheme

log = logging.getLogger(__name__)

__all__ = ["STAGE", "recognise"]

_KANJI = r"\u4e00-\u9fff々"
_KATA = r"\u30a1-\u30fa\u30fc"
# suffixes that keep a country mention a country: 中国政府 = China
_STATE_SUFFIXES = ("政府", "当局")
_KANJI_WORD = re.compile(f"[{_KANJI}]{{1,3}}")
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC"})
# the long form of an acronym pair names an organisation only when it ends like one
_ORG_ENDING = re.compile(
    r"(省|庁|局|部|院|署|機構|機関|委員会|会議|協会|連合|連盟|組織|研究所|大学|銀行|基金|同盟|軍|隊|党|政府|センター|"
    r"公社|公司|集団|財団|協議会|理事会|事務所|代表部|グループ|社)$"
)
_ACRONYM_PAIR = re.compile(
    rf"(?P<long>[{_KANJI}{_KATA}・]{{3,30}})[(（](?P<short>[A-Z][A-Za-z0-9&\-]{{1,9}})[)）]"
    rf"|(?P<short2>[A-Z][A-Za-z0-9&\-]{{1,9}})=(?P<long2>[{_KANJI}{_KATA}・]{{3,30}})"
)


def recognise(
    document: Document,
    *,
    morphemes: Sequence[Morpheme] = (),
    gazetteer: Gazetteer,
    matcher: Matcher,
    titles: Titles,
    romaniser: Romaniser,
    is_common_word: Callable[[str], bool],
    name_parts: NameParts | None = None,
) -> tuple[tuple[Mention, ...], tuple[Entity, ...], tuple[tuple[str, str], ...]]:
    """Mentions, entities (in order of first mention) and each person's role at the time.

    The resources are built once by the caller (the pipeline's ``Context``): the gazetteer and its
    matcher, the title lexicon, romanisation, and ``is_common_word``, Sudachi's check that a
    katakana word is a common noun rather than a name (the NLP stage's, handed in). ``morphemes``
    are the document's Sudachi words with their parts of speech, tokenised once by the pipeline;
    with ``name_parts`` (the glossary of heads and modifiers) they give the names no list holds."""
    text = document.text
    when = date_of(document.pub_date)
    found = Found()
    _gazetteer_names(text, gazetteer, matcher, titles, found, morphemes)
    country_abbreviations(text, gazetteer, found, morphemes)
    if name_parts is not None:
        open_names(
            text,
            morphemes,
            document.stories,
            found,
            gazetteer=gazetteer,
            parts=name_parts,
            romaniser=romaniser,
        )
    find_people(
        text,
        morphemes,
        stories=document.stories,
        gazetteer=gazetteer,
        titles=titles,
        romaniser=romaniser,
        is_common_word=is_common_word,
        found=found,
        when=when,
    )
    relink(document, found, gazetteer)  # shared names (外務省), with every mention known
    _acronym_pairs(text, found)
    drop_credits(text, found)
    return finish(document, found, gazetteer, when)


def _choose(entries: list[GazetteerEntry], prefix_country: str | None) -> GazetteerEntry:
    """Among entries sharing a name (外務省, ワシントン): the one of the country written just before
    it; else a first choice that :func:`context.relink` revisits once the document's mentions are known."""
    if len(entries) == 1:
        return entries[0]
    if prefix_country:
        local = [e for e in entries if e.country == prefix_country and e.kind != "country"]
        if local:
            return local[0]
    return fallback(entries)


def _prefix_country(text: str, start: int, found: Found, gazetteer: Gazetteer) -> str | None:
    """Country written right before a name: a one-kanji abbreviation (米国家安全保障局) or a country
    mention ending where the name starts (中国商務省)."""
    before = text[start - 2] if start > 1 else ""
    if start > 0 and not (before.isdigit() or re.match(f"[{_KANJI}]", before)):
        entry = gazetteer.by_abbrev(text[start - 1])  # not 7日 + AFP, 訪米 + ...
        if entry is not None:
            return entry.country
    for _s, e, key, _ in found.spans:
        if e == start and found.gaz_ids.get(key) and gazetteer.entries[found.gaz_ids[key]].kind == "country":
            return gazetteer.entries[found.gaz_ids[key]].country
    return None


def _gazetteer_names(
    text: str,
    gazetteer: Gazetteer,
    matcher: Matcher,
    titles: Titles,
    found: Found,
    morphemes: Sequence[Morpheme] = (),
) -> None:
    edges = {m.start for m in morphemes} | {m.end for m in morphemes}
    for hit in matcher.find(text):
        if edges and hit.start not in edges and hit.end not in edges and _KANJI_WORD.fullmatch(hit.text):
            continue  # 日経 in 毎日|経済, 中共 in 米中|共同: a short name across two words is neither
        entries = [gazetteer.entries[i] for i in hit.ids if i in gazetteer.entries]
        if not entries:
            continue
        prefix = _prefix_country(text, hit.start, found, gazetteer)
        if foreign_prefix(prefix, entries, gazetteer):
            continue  # ロシア連邦 + 通商代表部: that country's own body, none of these
        entry = _choose(entries, prefix)
        start, end, role = hit.start, hit.end, None
        if entry.type == "PERSON":
            role = titles.after(text, end, tuple(t for o in entry.offices for t in o.ja))
        elif entry.type == "GPE" and entry.kind in {"country", "territory"}:
            for suffix in _STATE_SUFFIXES:
                if text.startswith(suffix, end):
                    end += len(suffix)
                    break
        elif entry.type == "ORG" and prefix and prefix == entry.country:
            # 中国商務省, 台湾国防部: a country name written before its own body is part of the name
            before = next((x for x in found.spans if x[1] == start and found.gaz_ids.get(x[2])), None)
            if before is not None and gazetteer.entries[found.gaz_ids[before[2]]].kind == "country":
                found.spans.remove(before)
                found.taken.remove((before[0], before[1]))
                start = before[0]
        found.add(start, end, known_entity(entry), role, entry.id)
        if entry.type not in _ACTOR_TYPES:
            _actors_inside(text, start, end, gazetteer, matcher, found)


def _actors_inside(
    text: str, start: int, end: int, gazetteer: Gazetteer, matcher: Matcher, found: Found
) -> None:
    """The actors named inside an event's or a law's name (Russia and Ukraine in ロシアによるウクライナ
    侵攻) are mentions too: the longer name wins over actors only where it is an actor itself."""
    inner = text[start:end]
    # the whole name matches first; its text less one end character holds only the shorter names
    hits = [(h.start, h.end, h.ids) for h in matcher.find(inner[:-1])]
    hits += [(h.start + 1, h.end + 1, h.ids) for h in matcher.find(inner[1:])]
    taken: list[tuple[int, int]] = []
    for s, e, ids in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        actors = [gazetteer.entries[i] for i in ids if i in gazetteer.entries]
        actors = [a for a in actors if a.type in _ACTOR_TYPES]
        if actors and not any(s < te and ts < e for ts, te in taken):
            taken.append((s, e))
            entry = _choose(actors, None)
            found.add_inside(start + s, start + e, known_entity(entry), entry.id)


def _acronym_pairs(text: str, found: Found) -> None:
    """B(A) and A=B: when one side is known, the other is a mention of the same entity."""
    by_span = {(s, e): key for s, e, key, _ in found.spans}
    for m in _ACRONYM_PAIR.finditer(text):
        if m.group("short"):
            (ls, le), (ss, se) = m.span("long"), m.span("short")
        else:
            (ls, le), (ss, se) = m.span("long2"), m.span("short2")
        long_key = next(
            (k for (s, e), k in by_span.items() if s <= ls < e or (ls <= s < le and e == le)), None
        )
        short_key = by_span.get((ss, se))
        if short_key and found.free(ls, le) and not long_key:
            found.add(ls, le, found.entities[short_key])
        elif long_key and found.free(ss, se) and not short_key:
            found.add(ss, se, found.entities[long_key])
        elif (
            not long_key
            and not short_key
            and found.free(ss, se)
            and found.free(ls, le)
            and _ORG_ENDING.search(text[ls:le])
        ):
            ent = unknown_entity(text[ss:se], "ORG", text[ss:se])
            found.add(ss, se, ent)
            found.add(ls, le, ent)
