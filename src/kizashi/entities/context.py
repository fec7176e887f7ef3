"""Linking in context: which of the gazetteer's bodies a name shared across countries means here.

外務省, 商務省, 国防部, 国防省, 上院 … name a body of several countries. A mention takes, strongest first:

1. the country written with it: right before (中国外務省, 米商務省), before it with a particle
   (日本の外務省, 米側の商務省, 米国の政府機関である商務省), at the head of the list it stands in
   (米側から国務省、商務省や労働省), or after it in brackets (商務省(Department of Commerce));
2. the country of the person it belongs to: a person in apposition (X・外務省局長), the person whose
   office it is (外務省のX局長), else the subject of the sentence (王毅外相は…);
3. the story's home: Japanese news writes its own government's bodies unqualified, so on a Japanese
   page 外務省 is Japan's; a foreign outlet writing about its own country (a state agency's Japanese
   edition) makes that country the home;
4. the body the story names elsewhere in a qualified form (台湾国防部 … 国防部);
5. the candidate country the story mentions most;
6. the gazetteer's order.

A country written right before a body that belongs to none of the candidates (ロシア連邦 + 通商代表部,
チェコ + 国防大学) says the body is that country's own: :func:`foreign_prefix` tells the recogniser
not to link it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from kizashi.entities.found import Found, known_entity
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.records import Document, Story

__all__ = ["fallback", "foreign_prefix", "introduced", "relink", "story_bounds"]

# what may stand between a country and the body it qualifies: 日本の外務省, 米側の, 中国政府の, 日本側から
_QUALIFIER = re.compile(r"(?:側|政府|当局)?(?:の|から(?:は|も)?|では)$")
# a short relative clause between them: 米国の政府機関である商務省
_CLAUSE = re.compile(r"の[^、。「」()（）\n]{1,12}?(?:である|たる)$")
# joins between the members of a list of bodies: 経産省と外務省、国務省や商務省
_LIST_JOIN = re.compile(r"(?:、|と|や|・|及び|および|並びに|,)$")
_SUBJECT_MARK = frozenset("はがも")
_SENTENCE_END = frozenset("。！？!?\n")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max((text.rfind(c, 0, pos) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for c in _SENTENCE_END if (i := text.find(c, pos)) >= 0]
    return start, min(ends, default=len(text))


def _story(stories: Sequence[Story], pos: int, length: int) -> tuple[int, int, Story | None]:
    for s in stories:
        if s.start <= pos < s.end:
            return s.start, s.end, s
    return 0, length, None


Span = tuple[int, int, str, str | None]  # start, end, entity key, role: Found.spans' rows


def story_bounds(stories: Sequence[Story], pos: int, length: int) -> tuple[int, int]:
    """[start, end) of the story holding ``pos`` (the whole text when there are no stories)."""
    start, end, _ = _story(stories, pos, length)
    return start, end


def introduced(
    surname: str, pos: int, bounds: tuple[int, int], found: Found, gazetteer: Gazetteer
) -> GazetteerEntry | None:
    """The gazetteer person with this family name that the story has named (王文濤 ... 王商務相):
    the last one named before ``pos``, else the first named after it (a headline's surname before
    the body's full name). Several people of one surname are told apart this way, or not at all."""
    key = gazetteer.keys.key(surname)
    before: tuple[int, GazetteerEntry] | None = None
    after: tuple[int, GazetteerEntry] | None = None
    for start, _end, ent_key, _ in found.spans:
        if not bounds[0] <= start < bounds[1]:
            continue
        gaz = found.gaz_ids.get(ent_key)
        entry = gazetteer.entries.get(gaz) if gaz else None
        if entry is None or entry.type != "PERSON":
            continue
        if key not in {gazetteer.keys.key(f) for f in entry.surname_forms()}:
            continue
        if start < pos and (before is None or start > before[0]):
            before = (start, entry)
        elif start >= pos and (after is None or start < after[0]):
            after = (start, entry)
    chosen = before or after
    return chosen[1] if chosen else None


class _View:
    """The document's mentions as the linking rules read them, indexed once per document."""

    def __init__(self, document: Document, found: Found, gazetteer: Gazetteer) -> None:
        self.text = document.text
        self.document = document
        self.found = found
        self.gazetteer = gazetteer
        self.by_end: dict[int, Span] = {}
        self.by_start: dict[int, Span] = {}
        for span in found.spans:
            self.by_end[span[1]] = span
            self.by_start[span[0]] = span

    def entry(self, key: str) -> GazetteerEntry | None:
        gaz = self.found.gaz_ids.get(key)
        return self.gazetteer.entries.get(gaz) if gaz else None

    def country_of(self, key: str) -> str | None:
        entry = self.entry(key)
        if entry is not None:
            return self.gazetteer.country_of(entry.id)
        return self.found.entities[key].country

    def country_mention(self, key: str) -> str | None:
        """The country a mention names when it names a country (中国, 米), else None."""
        entry = self.entry(key)
        return entry.country if entry is not None and entry.kind in {"country", "territory"} else None

    def country_ending_at(self, pos: int) -> str | None:
        span = self.by_end.get(pos)
        return self.country_mention(span[2]) if span is not None else None

    def prefix_at(self, pos: int) -> str | None:
        """A country written right before ``pos``: a mention, or a one-kanji abbreviation that does
        not end a longer word (米商務省, but not 期間中 + 外務省)."""
        country = self.country_ending_at(pos)
        if country is not None or pos == 0:
            return country
        abbrev = self.gazetteer.by_abbrev(self.text[pos - 1])
        before = self.text[pos - 2] if pos > 1 else ""
        if abbrev is None or (before and (_is_kanji(before) or before.isdigit())):
            return None
        return abbrev.country

    def leading_country(self, span: Span) -> str | None:
        """The country a body's own written form starts with (中国商務省, 米国務省), if any."""
        country = self.country_of(span[2])
        head = self.gazetteer.country(country) if country else None
        if head is None:
            return None
        surface = self.text[span[0] : span[1]]
        names = (*head.abbrev, *head.ja, *head.zh)
        return country if any(surface.startswith(n) and len(surface) > len(n) for n in names) else None

    def is_org(self, span: Span) -> bool:
        return self.found.entities[span[2]].type == "ORG"


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c == "々"


def _qualifier(view: _View, start: int, end: int) -> str | None:
    """The country written with the body at [start, end) (rule 1)."""
    text = view.text
    inner = view.by_start.get(end + 1) if text[end : end + 1] in {"(", "（"} else None
    if (
        inner is not None
        and view.is_org(inner)
        and view.entry(inner[2]) is not None
        and len(view.gazetteer.lookup(text[inner[0] : inner[1]])) == 1
    ):
        return view.country_of(inner[2])  # 商務省(Department of Commerce)
    pos = start
    for _ in range(8):  # walk back over a list of bodies to the country that heads it
        country = view.prefix_at(pos)
        if country is not None:
            return country
        window = text[max(0, pos - 16) : pos]
        for pattern in (_QUALIFIER, _CLAUSE):
            m = pattern.search(window)
            country = view.country_ending_at(pos - len(m.group(0))) if m else None
            if country is not None:
                return country
        join = _LIST_JOIN.search(window)
        member = view.by_end.get(pos - len(join.group(0))) if join else None
        if member is None or not view.is_org(member):
            return None
        lead = view.leading_country(member)
        if lead is not None:
            return lead
        pos = member[0]
    return None


def _person_country(view: _View, span: Span) -> str | None:
    country = view.country_of(span[2])
    if country:
        return country
    role = span[3] or ""
    abbrev = view.gazetteer.by_abbrev(role[0]) if role else None
    if abbrev is not None:
        return abbrev.country  # スアレス米国務次官補
    return view.country_ending_at(span[0] - 1) if view.text[span[0] - 1 : span[0]] == "の" else None


def _speaker(view: _View, start: int, end: int) -> str | None:
    """The country of the person the body belongs to, else of the sentence's subject (rule 2)."""
    text = view.text
    a, b = _sentence(text, start)
    people = sorted(
        s for s in view.found.spans if a <= s[0] < b and view.found.entities[s[2]].type == "PERSON"
    )
    near = [
        s
        for s in people
        if (s[1] == start - 1 and text[s[1]] == "・") or (text[end : end + 1] == "の" and s[0] == end + 1)
    ]
    subjects = []
    for s in people:
        after = s[1]
        role = s[3] or ""
        if role and text.startswith(role, after):
            after += len(role)
        if text[after : after + 1] in _SUBJECT_MARK:
            subjects.append(s)
    for s in (*near, *subjects[:1]):
        country = _person_country(view, s)
        if country is not None:
            return country
    return None


def _home(view: _View, story: Story | None, ranked: list[str]) -> str | None:
    """The story's own country (rule 3): its outlet's when the outlet writes about its own country
    (the country the story mentions most), else Japan on a Japanese page."""
    if story is not None and story.outlet:
        outlet = next((e for e in view.gazetteer.lookup(story.outlet) if e.type == "ORG"), None)
        if outlet is not None and outlet.country and ranked[:1] == [outlet.country]:
            return outlet.country
    return "JPN" if view.document.language == "ja" else None


def choose(entries: Sequence[GazetteerEntry], start: int, end: int, view: _View) -> GazetteerEntry:
    """The entry a mention of a shared name at [start, end) stands for (the module's rules 1-6)."""
    gazetteer, found, text = view.gazetteer, view.found, view.text
    by_country: dict[str, GazetteerEntry] = {}
    for e in entries:
        code = gazetteer.country_of(e.id)
        if code:
            by_country.setdefault(code, e)
    if len(by_country) < 2 or any(e.type != "ORG" for e in entries):
        return fallback(entries)
    s0, s1, story = _story(view.document.stories, start, len(text))
    seen: Counter[str] = Counter()  # distinct actors and places of each candidate country
    named: Counter[str] = Counter()
    ids = {e.id for e in entries}
    counted: set[str] = set()
    for a, b, key, _ in found.spans:
        if not s0 <= a < s1 or (a, b) == (start, end) or len(gazetteer.lookup(text[a:b])) > 1:
            continue  # other mentions of shared names are no evidence: they are being chosen too
        gaz = found.gaz_ids.get(key)
        if gaz in ids:
            named[gaz] += 1
        country = view.country_of(key)
        if country in by_country and key not in counted:
            counted.add(key)
            seen[country] += 1
    ranked = [c for c, _ in seen.most_common()]
    rules: tuple[Callable[[], str | None], ...] = (
        lambda: _qualifier(view, start, end),
        lambda: _speaker(view, start, end),
        lambda: _home(view, story, ranked),
        lambda: gazetteer.country_of(named.most_common(1)[0][0]) if named else None,
        lambda: ranked[0] if ranked else None,
    )
    for rule in rules:
        code = rule()
        if code is not None and code in by_country:
            return by_country[code]
    return fallback(entries)


def fallback(entries: Sequence[GazetteerEntry]) -> GazetteerEntry:
    """No evidence: a place over a country (ワシントン is the city), then Japan's, then data order."""
    order = list(entries)
    return max(order, key=lambda e: (e.kind != "country", e.country == "JPN", -order.index(e)))


def foreign_prefix(prefix: str | None, entries: Sequence[GazetteerEntry], gazetteer: Gazetteer) -> bool:
    """A country written right before a body that none of the body's entries belongs to
    (ロシア連邦通商代表部, チェコ国防大学): the name is that country's own body, not one of these."""
    if prefix is None or any(e.type != "ORG" for e in entries):
        return False
    countries = [gazetteer.country_of(e.id) for e in entries]
    return all(countries) and prefix not in countries


def relink(document: Document, found: Found, gazetteer: Gazetteer) -> None:
    """Choose again, with every mention of the document known, for each mention of a shared name."""
    text = document.text
    view = _View(document, found, gazetteer)
    for i, (start, end, key, role) in enumerate(found.spans):
        gaz = found.gaz_ids.get(key)
        if gaz is None:
            continue
        entries = gazetteer.lookup(text[start:end])
        if len(entries) < 2 or gaz not in {e.id for e in entries}:
            continue
        entry = choose(entries, start, end, view)
        if entry.id != gaz:
            ent = known_entity(entry)
            found.entities.setdefault(ent.entity_id, ent)
            found.gaz_ids[ent.entity_id] = entry.id
            found.spans[i] = view.by_start[start] = view.by_end[end] = (start, end, ent.entity_id, role)
