"""Names the gazetteer holds, found in the text and chosen among the entries that share them.

The matcher's longest matches are kept where they agree with Sudachi's words (``_word_hits``); a
country written before its own body joins it (中国商務省), a unit written after its parent is one
mention of the unit, and the actors inside an event's or a law's name stay mentions of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import pairwise

from kizashi.entities.context import fallback, foreign_prefix
from kizashi.entities.found import Found, known_entity
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.entities.matcher import Hit, Matcher
from kizashi.entities.names import Titles
from kizashi.records import Morpheme

__all__ = ["known_names"]

_KANJI = r"\u4e00-\u9fff々"
# suffixes that keep a country mention a country: 中国政府 = China
_STATE_SUFFIXES = ("政府", "当局")
_KANJI_NAME = re.compile(f"[{_KANJI}]+")
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC"})


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


def known_names(
    text: str,
    gazetteer: Gazetteer,
    matcher: Matcher,
    titles: Titles,
    found: Found,
    morphemes: Sequence[Morpheme] = (),
) -> None:
    for hit in _word_hits(text, matcher, morphemes):
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
    _units_of_parents(found, gazetteer)


def _units_of_parents(found: Found, gazetteer: Gazetteer) -> None:
    """A known body written right after its parent (米国土安全保障省 + サイバーセキュリティ・インフラ庁)
    is one mention of the unit, as 中国商務省 is one of the ministry."""
    spans = sorted(found.spans)
    for a, b in pairwise(spans):
        parent, unit = found.gaz_ids.get(a[2]), found.gaz_ids.get(b[2])
        if a not in found.spans or a[1] != b[0] or not parent or not unit:
            continue
        if gazetteer.entries[unit].parent == parent and (a[0], a[1]) in found.taken:
            found.spans.remove(a)
            found.spans.remove(b)
            found.taken.remove((a[0], a[1]))
            found.taken.remove((b[0], b[1]))
            found.add(a[0], b[1], found.entities[b[2]], b[3], unit)


def _word_hits(text: str, matcher: Matcher, morphemes: Sequence[Morpheme]) -> Iterator[Hit]:
    """The matcher's hits that agree with Sudachi's words. A kanji name across two words is none:
    日経 in 毎日|経済, 中共 in 米中|共同 (short, both edges inside words), 日本海 in 日本|海運 (a word
    starting inside it runs past its end); the names inside it before that word are read again."""
    edges = {m.start for m in morphemes} | {m.end for m in morphemes}
    runs_past = {e: m.start for m in morphemes for e in range(m.start + 1, m.end)}
    pending = list(matcher.find(text))[::-1]
    while pending:
        hit = pending.pop()
        if not edges or hit.end in edges or not _KANJI_NAME.fullmatch(hit.text):
            yield hit
        elif hit.start < runs_past.get(hit.end, -1):
            cut = runs_past[hit.end]
            inner = [
                replace(h, start=h.start + hit.start, end=h.end + hit.start)
                for h in matcher.find(text[hit.start : cut])
            ]
            pending.extend(inner[::-1])
        elif hit.start in edges or len(hit.text) > 3:
            yield hit


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
