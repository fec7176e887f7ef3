"""Stage: entities. Mentions found in the clean text, linked to one entity per actor.

Order of evidence: gazetteer names (longest match on match keys), country abbreviations in
compounds (米商務長官, 日米韓), surnames with a title or met earlier (王商務相, レモンド),
acronym pairs (NATO=北大西洋条約機構, 米通商代表部(USTR)), and unknown people written with a
title or honorific (flagged unlinked, romanised).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Sequence

from kizashi.entities.abbreviations import country_abbreviations
from kizashi.entities.context import introduced, relink, story_bounds
from kizashi.entities.credits import drop_credits
from kizashi.entities.found import STAGE, Found, date_of, finish, known_entity, unknown_entity
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.entities.known import known_names
from kizashi.entities.matcher import Matcher
from kizashi.entities.names import Romaniser, Titles, looks_chinese
from kizashi.entities.open_names import open_names
from kizashi.entities.parts import NameParts
from kizashi.records import Document, Entity, Mention, Morpheme

log = logging.getLogger(__name__)

__all__ = ["STAGE", "recognise"]

_KANJI = r"\u4e00-\u9fff々"
_KATA = r"\u30a1-\u30fa\u30fc"
# the long form of an acronym pair names an organisation only when it ends like one
_ORG_ENDING = re.compile(
    r"(省|庁|局|部|院|署|機構|機関|委員会|会議|協会|連合|連盟|組織|研究所|大学|銀行|基金|同盟|軍|隊|党|政府|センター|"
    r"公社|公司|集団|財団|協議会|理事会|事務所|代表部|グループ|社)$"
)
_UNKNOWN_KATA_NAME = re.compile(rf"[{_KATA}]{{2,}}(?:・[{_KATA}]{{2,}})+")
_LATIN_NAME = re.compile(r"[(（]([A-Z][a-z]+(?:[ .'-][A-Z][A-Za-z'.-]+){1,3})[)）]")
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
    known_names(text, gazetteer, matcher, titles, found, morphemes)
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
    _unknown_people(text, titles, romaniser, found)
    _surnames(document, gazetteer, titles, romaniser, is_common_word, found, when)
    relink(document, found, gazetteer)  # shared names (外務省), with every mention known
    _acronym_pairs(text, found)
    drop_credits(text, found)
    return finish(document, found, gazetteer, when)


def _people(found: Found, gazetteer: Gazetteer) -> list[GazetteerEntry]:
    return [gazetteer.entries[g] for g in found.gaz_ids.values() if gazetteer.entries[g].type == "PERSON"]


def _surnames(
    document: Document,
    gazetteer: Gazetteer,
    titles: Titles,
    romaniser: Romaniser,
    is_common_word: Callable[[str], bool],
    found: Found,
    when: dt.date | None,
) -> None:
    """王商務相, スミス副次官補, レモンド, 葉江少将, 高市氏: a family name linked to the person the story
    has named in full, else to the one gazetteer person with that surname whose office fits the
    title (or, with an honorific or no title, the only one of that surname), else (with a title)
    an unknown person."""
    text = document.text

    def story(pos: int) -> tuple[int, int]:
        return story_bounds(document.stories, pos, len(text))

    kata = re.compile(rf"(?<![{_KATA}])[{_KATA}]{{2,12}}(?![{_KATA}])")
    for m in kata.finditer(text):
        start, end, name = m.start(), m.end(), m.group(0)
        if not found.free(start, end):
            continue
        if text.startswith("・", end):  # ジャイシャンカル・インド外相: a country between name and title
            country = next(
                (e for s, e, k, _ in found.spans if s == end + 1 and found.entities[k].type == "GPE"), None
            )
            if country is None:
                continue
            title = titles.after(text, country)
        else:
            title = titles.after(text, end)
        known = next((key for family, key in reversed(found.unknown_people) if family == name), None)
        span_end = end if text.startswith("・", end) else _with_title(end, title, titles)
        if known is not None:
            found.add(start, span_end, found.entities[known], title)
            continue
        target = _surname_target(
            name, title, gazetteer, titles, found, when, kanji=False, at=(start, story(start))
        )
        if target is not None:
            span_end = span_end if _met(found, target, start) else end
            found.add(start, span_end, known_entity(target), title, target.id)
        elif title and title not in {"さん", "様", "君"} and len(name) >= 3 and not is_common_word(name):
            ent = unknown_entity(romaniser.romanise(name), "PERSON", name)
            found.add(start, end, ent, title)
            found.unknown_people.append((name, ent.entity_id))
    kanji = re.compile(rf"(?<![{_KANJI}])[{_KANJI}]")
    for m in kanji.finditer(text):
        start = m.start()
        # the shortest name followed by a title of the lexicon: 董 + 国防部長, not 董国 + 防部長
        for length in (1, 2, 3):
            end = start + length
            if end >= len(text) or not re.match(f"[{_KANJI}]", text[end]) or not found.free(start, end):
                break
            name = text[start:end]
            # the offices of the people of that surname first: 上川外務大臣及び…
            own = tuple(t for p in gazetteer.surname_lookup(name) for o in p.offices for t in o.ja)
            title = titles.after(text, end, own)
            if not title:
                continue
            target = _surname_target(
                name, title, gazetteer, titles, found, when, kanji=True, at=(start, story(start))
            )
            if target is not None:
                span_end = _with_title(end, title, titles) if _met(found, target, start) else end
                found.add(start, span_end, known_entity(target), title, target.id)
                break
            if not titles.is_lexicon_title(title):
                continue
            if length >= 2 and looks_chinese(name) and _chinese_context(text, start, length):
                ent = unknown_entity(romaniser.romanise(name, chinese=True), "PERSON", name, "CHN")
                found.add(start, end, ent, title)
            break


def _met(found: Found, entry: GazetteerEntry, pos: int) -> bool:
    """Named before ``pos``: a surname in a headline before the full name is a first mention."""
    return any(s < pos and found.gaz_ids.get(k) == entry.id for s, _e, k, _ in found.spans)


def _with_title(end: int, title: str | None, titles: Titles) -> int:
    """Where a surname mention ends. A later reference carries its title (王文濤 ... 王商務相: the
    pair is how the paper names him from then on); a first mention is the name, its title a role.
    Honorifics (キャンベル氏) and titles led by a country abbreviation (米商務長官) stay outside."""
    if not title or titles.is_honorific(title) or title[0] in titles.abbreviations:
        return end
    return end + len(title)


def _chinese_context(text: str, start: int, length: int) -> bool:
    """Two-character kanji names are mostly Chinese; three-character ones only in a Chinese context."""
    return length == 2 or bool(
        re.search("中国|中共|北京|台湾|香港|人民解放軍", text[max(0, start - 40) : start])
    )


def _surname_target(
    name: str,
    title: str | None,
    gazetteer: Gazetteer,
    titles: Titles,
    found: Found,
    when: dt.date | None,
    *,
    kanji: bool,
    at: tuple[int, tuple[int, int]],
) -> GazetteerEntry | None:
    """The gazetteer person a family name at ``at`` (position, its story's bounds) stands for."""
    met = introduced(name, at[0], at[1], found, gazetteer)
    if met is not None:
        return met
    if kanji and not title:
        return None
    cands = gazetteer.surname_lookup(name)
    if title and not titles.is_honorific(title):
        bare = titles.unprefixed(title)  # 米商務長官 fits an office written 商務長官
        titled = [e for e in cands if any(_title_fits(bare, o.ja) for o in e.offices)]
        cands = titled or ([] if kanji else cands)
        if len(cands) > 1:
            active = [e for e in cands if (gazetteer.role_at(e.id, when) or "Former").split()[0] != "Former"]
            cands = active or cands
    elif kanji and len(name) < 2:
        return None  # 林氏: a one-kanji surname alone is too common to be anyone in particular
    # with an honorific or no title, only a surname the gazetteer gives one person: no guessing
    return cands[0] if len(cands) == 1 else None


def _title_fits(bare: str, office_titles: Iterable[str]) -> bool:
    return any(bare == t or bare.endswith(t) or t.endswith(bare) for t in office_titles)


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


def _before_country(text: str, start: int, end: int, found: Found) -> int:
    """Where a katakana name ends when its last ・ part is a known country, the one its title is of
    (ナレンドラ・モディ・インド首相: the name, then India's prime minister)."""
    for s, e, key, _ in found.spans:
        if e == end and s - 1 > start and text[s - 1] == "・" and found.entities[key].type == "GPE":
            return s - 1 if found.entities[key].kind in {"country", "territory"} else end
    return end


def _unknown_people(text: str, titles: Titles, romaniser: Romaniser, found: Found) -> None:
    """Full katakana names with a middle dot, written with a title or honorific (グレゴリー・アレン氏),
    or after a title and の (研究員のグレゴリー・アレン). A Latin spelling in brackets right after
    (アルバロ・スミス氏(Alvaro Smith)) becomes the canonical name and a mention."""
    for m in _UNKNOWN_KATA_NAME.finditer(text):
        start, end = m.span()
        title = titles.after(text, end)
        end = _before_country(text, start, end, found)
        if "・" not in text[start:end]:
            continue  # a family name and a country: the surname rules read it
        inside = [(s, e) for s, e in found.taken if s < end and e > start]
        if any(s < start or e > end or (s, e) == (start, end) for s, e in inside):
            continue  # the name itself, or a longer one around it, is known already
        before = text[max(0, start - 6) : start]
        if not title and not re.search(r"(官|長|員|者|授|代表|補|理)の$", before):
            continue
        surface = text[start:end]
        found.drop_inside(start, end)
        after = end + len(title or "")
        latin = _LATIN_NAME.match(text, after)
        canonical = latin.group(1).strip() if latin else romaniser.romanise(surface)
        ent = unknown_entity(canonical, "PERSON", surface)
        found.add(start, end, ent, title)
        found.unknown_people.append((surface.split("・")[-1], ent.entity_id))
        if latin and found.free(*latin.span(1)):
            found.add(latin.start(1), latin.end(1), ent)
