"""A family name linked to a gazetteer person: the one the story has named, else the one whose
office fits the title, else (with an honorific or no title) the only one of that surname.

Used by entities/people.py for 王商務相, スミス副次官補, レモンド, 葉江少将 and 高市氏.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from kizashi.entities.context import introduced, story_bounds
from kizashi.entities.found import Found, known_entity
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.entities.names import Titles
from kizashi.records import Story


def surname_target(
    name: str,
    title: str | None,
    pos: int,
    *,
    text_length: int,
    stories: Sequence[Story],
    gazetteer: Gazetteer,
    titles: Titles,
    found: Found,
    when: dt.date | None,
    kanji: bool,
) -> GazetteerEntry | None:
    """The gazetteer person the family name ``name`` at ``pos`` stands for, or None."""
    met = introduced(name, pos, story_bounds(stories, pos, text_length), found, gazetteer)
    if met is not None:
        return met
    if kanji and not title:
        return None
    cands = gazetteer.surname_lookup(name)
    if title and not titles.is_honorific(title):
        bare = titles.unprefixed(title)  # 米商務長官 fits an office written 商務長官
        # a kanji stem + suffix (陳 + 立軍報道官) is no office: its stem may be the given name
        loose = titles.is_lexicon_title(title)
        titled = [e for e in cands if any(_title_fits(bare, o.ja, loose=loose) for o in e.offices)]
        # a kanji family name is shared by many: only an office links it; a katakana one is rarer
        cands = titled or ([] if kanji else cands)
        if len(cands) > 1:
            active = [e for e in cands if (gazetteer.role_at(e.id, when) or "Former").split()[0] != "Former"]
            cands = active or cands
    elif kanji and len(name) < 2:
        return None  # 林氏: a one-kanji surname alone is too common to be anyone in particular
    # with an honorific or no title, only a surname the gazetteer gives one person: no guessing
    return cands[0] if len(cands) == 1 else None


_LATIN_SURNAME = re.compile(r"(?<![A-Za-z.'-])[A-Z][a-z]+(?![A-Za-z'-])")


def latin_surnames(text: str, stories: Sequence[Story], gazetteer: Gazetteer, found: Found) -> None:
    """Trump, Xi, Putin in a Latin-script line (an English headline): the person of that family
    name whom the story names, and only such a one; a capitalised word alone says too little."""
    for m in _LATIN_SURNAME.finditer(text):
        start, end = m.span()
        if not found.free(start, end):
            continue
        person = introduced(m.group(0), start, story_bounds(stories, start, len(text)), found, gazetteer)
        if person is not None and m.group(0) in person.surname_forms():
            found.add(start, end, known_entity(person), None, person.id)


def own_titles(name: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The offices of the people of that surname, read first after it (上川外務大臣及び…)."""
    return tuple(t for p in gazetteer.surname_lookup(name) for o in p.offices for t in o.ja)


def met_before(found: Found, entry: GazetteerEntry, pos: int) -> bool:
    """Named before ``pos``: a surname in a headline before the full name is a first mention."""
    return any(s < pos and found.gaz_ids.get(k) == entry.id for s, _e, k, _ in found.spans)


def with_title(end: int, title: str | None, titles: Titles) -> int:
    """Where a surname mention ends. A later reference carries its title (王文濤 ... 王商務相: the
    pair is how the paper names him from then on); a first mention is the name, its title a role.
    Honorifics (キャンベル氏) and titles led by a country abbreviation (米商務長官) stay outside."""
    if not title or titles.is_honorific(title) or title[0] in titles.abbreviations:
        return end
    return end + len(title)


def _title_fits(bare: str, office_titles: Iterable[str], *, loose: bool) -> bool:
    """The title is the office's, or a longer or shorter form of it (国務長官, 長官); only a
    lexicon title may be longer (米国防長官 for 国防長官)."""
    return any(bare == t or t.endswith(bare) or (loose and bare.endswith(t)) for t in office_titles)
