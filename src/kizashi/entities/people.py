"""People: names the gazetteer may not hold, found by Sudachi's tags, katakana runs and titles.

In order (each on the spans still free after the gazetteer and the country abbreviations):
1. full katakana names joined by ・ or = (ジョン・スミス), with a title, a role before them, or
   parts that are names rather than words; a country after the last ・ is not part of the name
   (ジョン・スミス・カナダ首相);
2. Sudachi's person tags: a family name and a given name (山田太郎), or a family name with a title
   or honorific (山田氏, 山田局長); a later bare family name is the same person in the story;
3. surnames with a title (王商務相, スミス副次官補, スアレス米国務次官補代理) linked to the gazetteer
   person that fits, else (katakana not known as a common word, or kanji in a Chinese context) an
   unknown person.

English names come from ``names.Romaniser``: Sudachi's reading in Hepburn for Japanese people, pinyin
only where the context is Chinese, Korean from a katakana reading the text gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from kizashi.entities import romanise
from kizashi.entities.apposition import Roles, script_of, script_with_reading
from kizashi.entities.found import Found, known_entity, story_of, unknown_entity
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.entities.names import Romaniser, Titles
from kizashi.entities.person_words import (
    BYLINE,
    FAMILIAR,
    LEGAL,
    NOT_PERSON_NEXT,
    OFFICE_WORDS,
    continues,
    cut_into_words,
    is_given,
    is_name_tag,
    latin_full_name,
    starts_with_word,
)
from kizashi.entities.surnames import latin_surnames, met_before, own_titles, surname_target, with_title
from kizashi.records import Entity, Morpheme, Story

_KANJI = "\u4e00-\u9fff々"
_KATA = "\u30a1-\u30fa\u30fc"
_KANJI_WORD = re.compile(f"[{_KANJI}]+")
_KATA_RUN = re.compile(rf"(?<![{_KATA}・=])[{_KATA}]+(?:[・=][{_KATA}]+)+(?![{_KATA}])")
_LATIN_NAME = re.compile(r"[(（]([A-Z][a-z]+(?:[ .'-][A-Z][A-Za-z'.-]+){1,3})[)）]")
_BEFORE_GLOSS = re.compile(rf"[{_KANJI}]{{1,2}}(?=[(（][{_KATA}・]+[)）])")
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,}(?![A-Za-z])")


def find_people(
    text: str,
    morphemes: Sequence[Morpheme],
    *,
    stories: tuple[Story, ...],
    gazetteer: Gazetteer,
    titles: Titles,
    romaniser: Romaniser,
    is_common_word: Callable[[str], bool],
    found: Found,
    when: dt.date | None,
) -> None:
    roles = Roles(text, titles, found, gazetteer)
    by_start = {m.start: m for m in morphemes}
    people = _People(
        text, stories, gazetteer, titles, romaniser, is_common_word, found, when, roles, by_start
    )
    people.katakana_full_names()
    people.sudachi_names(morphemes)
    people.katakana_surnames()
    people.kanji_surnames()
    latin_surnames(text, stories, gazetteer, found)


class _People:
    def __init__(
        self,
        text: str,
        stories: tuple[Story, ...],
        gazetteer: Gazetteer,
        titles: Titles,
        romaniser: Romaniser,
        is_common_word: Callable[[str], bool],
        found: Found,
        when: dt.date | None,
        roles: Roles,
        by_start: dict[int, Morpheme],
    ) -> None:
        self.text, self.stories, self.gazetteer, self.titles = text, stories, gazetteer, titles
        self.romaniser, self.is_common_word, self.found, self.when = romaniser, is_common_word, found, when
        self.roles, self.by_start = roles, by_start
        self.introduced: list[tuple[str, str, str]] = []  # (family name, entity key, story id)
        self.latin = frozenset(_LATIN_WORD.findall(text))  # spellings the page itself gives

    # --- bookkeeping -------------------------------------------------------------------------

    def _add_unknown(self, start: int, end: int, ent: Entity, role: str | None, family: str) -> None:
        self.found.add(start, end, ent, role)
        self.found.unknown_people.append((family, ent.entity_id))
        self.introduced.append((family, ent.entity_id, story_of(self.stories, start)))

    def _earlier(self, family: str, start: int) -> str | None:
        """The unknown person of this story introduced with this family name, latest first."""
        story = story_of(self.stories, start)
        return next(
            (key for fam, key, st in reversed(self.introduced) if fam == family and st == story),
            None,
        )

    # --- 1. katakana full names -----------------------------------------------------------------

    def katakana_full_names(self) -> None:
        """グレゴリー・スミス氏, 研究員のジョン・スミス, ジョン・スミス・カナダ首相, イ・ジュンイル."""
        text, found = self.text, self.found
        for m in _KATA_RUN.finditer(text):
            start, end = m.span()
            if re.match(f"[{_KANJI}][(（]$", text[max(0, start - 2) : start]):
                continue  # a reading in brackets after a kanji name (李在明(イ・ジェミョン)): read with it
            inside = [(s, e) for s, e in found.taken if s < end and e > start]
            if any(s < start or e > end or (s, e) == (start, end) for s, e in inside):
                continue  # the name itself, or a longer one around it, is known already
            parts = re.split("[・=]", m.group(0))
            country_at = self._country_tail(start, parts)
            name_end = country_at - 1 if country_at is not None else end
            if len(text[start:name_end]) < 4:
                continue
            if country_at is None:
                after = self.roles.after(name_end)
                title = after[0] if after else None
            else:
                after = self.roles.after(end)
                if after is None:
                    continue  # ジョン・スミス・カナダ without a title is not a person and a country
                title = text[country_at:end] + after[0]
            tail = after[1] + len(after[0]) if after else name_end
            before = self.roles.before(start)
            name_parts = re.split("[・=]", text[start:name_end])
            if not title and not before and not self._names_not_words(start, name_parts):
                continue
            surface = text[start:name_end]
            found.drop_inside(start, name_end)
            target = self._full_name_target(name_parts, title, start)
            if target is not None:
                found.add(start, name_end, known_entity(target), title or before, target.id)
                continue
            latin = _LATIN_NAME.match(text, tail)
            script = script_of(self.roles.country(start, name_end, title, name_end))
            if latin:
                canonical = latin.group(1).strip()
            elif script == "ko":
                canonical = self.romaniser.korean(surface)
            else:
                canonical = self.romaniser.foreign(surface, self.latin)
            ent = unknown_entity(canonical, "PERSON", surface)
            family = name_parts[0] if script == "ko" else name_parts[-1]
            self._add_unknown(start, name_end, ent, title or before, family)
            if latin and found.free(*latin.span(1)):
                found.add(latin.start(1), latin.end(1), ent)

    def _full_name_target(self, parts: list[str], title: str | None, start: int) -> GazetteerEntry | None:
        """ナレンドラ・モディ when the gazetteer knows モディ as Narendra Modi: the family name fits
        and the given name starts with the same letter."""
        target = self._surname_target(parts[-1], title, start, kanji=False)
        if target is None or len(parts) < 2:
            return target
        given = self.romaniser.foreign(parts[0])[:1].lower()
        first = target.canonical.split()[0][:1].lower() if target.canonical else ""
        return target if given and given == first else None

    def _country_tail(self, start: int, parts: list[str]) -> int | None:
        """Where a country written as the last ・ part of a katakana run starts (…・インド首相)."""
        if len(parts) < 3 and not (len(parts) == 2 and len(parts[0]) >= 3):
            return None
        at = start + len("・".join(parts[:-1])) + 1
        last = parts[-1]
        if any(e.kind == "country" for e in self.gazetteer.lookup(last)):
            return at
        return None

    def _names_not_words(self, start: int, parts: list[str]) -> bool:
        """Each part is no common word (ウォール・ストリート is a street) and one is a name."""
        pos, named = start, False
        for part in parts:
            if self.is_common_word(part) and not is_name_tag(self.by_start, pos, pos + len(part)):
                return False
            named = named or is_name_tag(self.by_start, pos, pos + len(part)) or self.romaniser.knows(part)
            pos += len(part) + 1
        return named

    # --- 2. Sudachi's person tags ---------------------------------------------------------------

    def sudachi_names(self, morphemes: Sequence[Morpheme]) -> None:
        """山田太郎, 山田太郎アジア大洋州局長, 局長の山田太郎氏, 山田氏; in a Chinese or Korean context
        the characters are read as such (中国の楊宇報道官, 韓国の李在明(イジェミョン)大統領)."""
        ms = list(morphemes)
        i = 0
        while i < len(ms):
            m = ms[i]
            i += 1
            if not _KANJI_WORD.fullmatch(m.surface):
                continue
            key = self._earlier(m.surface, m.start) if len(m.surface) >= 2 else None
            if key is not None and self.found.free(m.start, m.end) and not continues(ms, i - 1):
                role = self.roles.after(m.end)
                self.found.add(m.start, m.end, self.found.entities[key], role[0] if role else None)
                continue
            if m.pos[1:4] != ("固有名詞", "人名", "姓") and not self._family_by_honorific(m):
                continue
            if (
                i >= 2
                and ms[i - 2].end == m.start
                and len(ms[i - 2].surface) == 1
                and _KANJI_WORD.fullmatch(ms[i - 2].surface)
            ):
                continue  # 王 + 小明: the name starts before Sudachi's family name (kanji_surnames reads it)
            given: list[Morpheme] = []
            while i < len(ms) and len(given) < 2 and ms[i].start == ms[i - 1].end and is_given(ms[i]):
                given.append(ms[i])
                i += 1
            start, end = m.start, given[-1].end if given else m.end
            # the name runs on to a reading in brackets (朴成民(パク・ソンミン): Sudachi cut 民 off)
            rest = _BEFORE_GLOSS.match(self.text, end)
            if rest and rest.end() - start <= 4:
                end = rest.end()
            if self.found.free(start, end):
                self._name(m, given, start, end)

    def _family_by_honorific(self, m: Morpheme) -> bool:
        """金井氏, 金井局長: a place name of two characters or more right before 氏 or a one-word
        office title is a family name (many are both); 大阪府 or 大阪市 is never free here."""
        if m.pos[1:4] != ("固有名詞", "地名", "一般") or len(m.surface) < 2:
            return False
        title = self.titles.after(self.text, m.end)
        return self.text.startswith("氏", m.end) or (
            title is not None and title in OFFICE_WORDS and not self.titles.is_honorific(title)
        )

    def _name(self, family: Morpheme, given: list[Morpheme], start: int, end: int) -> None:
        text = self.text
        role_after = self.roles.after(end, strict=not given)  # 陳 + 立軍報道官: 立軍 is his given name
        role, role_start = role_after if role_after else (None, end)
        before = self.roles.before(start)
        if not given:
            if len(family.surface) < 2 or not (role or before):
                return  # a lone family name is a person only with a title or a role
            if role and role in FAMILIAR and not is_name_tag(self.by_start, start, end):
                return
            target = self._surname_target(family.surface, role, start, kanji=True)
            if target is not None:
                span_end = (
                    with_title(end, role, self.titles) if met_before(self.found, target, start) else end
                )
                self.found.add(start, span_end, known_entity(target), role, target.id)
                return
        elif not role and NOT_PERSON_NEXT.match(text, end):
            return
        if BYLINE.search(text[max(0, start - 24) : start]) and not role:
            return  # 【山田太郎】, (編集担当:山田太郎): who wrote the story, not an actor in it
        surface = text[start:end]
        country = self.roles.country(start, end, role, role_start)
        gloss = self.roles.gloss(end)
        gloss_text = text[gloss[0] : gloss[1]] if gloss else ""
        script = script_with_reading(script_of(country), surface, gloss_text)
        readings = (family.reading, "".join(g.reading for g in given))
        canonical = self.romaniser.person(surface, script, gloss_text, len(family.surface), readings)
        ent = unknown_entity(canonical, "PERSON", surface, country)
        self._add_unknown(start, end, ent, role or before, family.surface)
        if gloss and script in {"ko", "zh"} and self.found.free(*gloss):
            self.found.add(gloss[0], gloss[1], ent)

    # --- 3. surnames with a title ---------------------------------------------------------------

    def katakana_surnames(self) -> None:
        """スミス副次官補, スアレス米国務次官補代理, キャンベル氏, レモンド (met, or one in the
        gazetteer), ベイリー朝鮮部長; never a common word (サイバー氏, ベテラン記者)."""
        text, found = self.text, self.found
        kata = re.compile(rf"(?<![{_KATA}・=])[{_KATA}]{{2,12}}(?![{_KATA}=])")
        for m in kata.finditer(text):
            start, end, name = m.start(), m.end(), m.group(0)
            if not found.free(start, end):
                continue
            if text.startswith("・", end):  # モディ・インド首相: a country between name and title
                country = self._country_after(end + 1)
                if country is None:
                    continue
                role_after = self.roles.after(country, strict=True)
                title = text[end + 1 : country] + role_after[0] if role_after else None
                span_end = end
            else:
                role_after = self.roles.after(end, strict=True)
                title = role_after[0] if role_after else None
                span_end = with_title(end, title, self.titles)
            known = self._earlier(name, start)
            if known is not None:
                found.add(start, span_end, found.entities[known], title)
                continue
            # Sudachi cuts unknown names into words (ベルト+ランド): the words are a name before 氏,
            # 被告 or 容疑者, or before a title where the page spells them in Latin letters;
            # one word alone (サイバー) stays a word
            common = (
                self.is_common_word(name)
                and not is_name_tag(self.by_start, start, end)
                and not (cut_into_words(self.by_start, start, end) and self._named_words(name, title))
            )
            # a gazetteer person may bear a common word's name (トランプ, ライス), but not after a number (127ミリ)
            target = self._surname_target(name, title, start, kanji=False)
            if target is not None and not (start and text[start - 1].isdigit()):
                span_end = span_end if met_before(found, target, start) else end
                found.add(start, span_end, known_entity(target), title, target.id)
                continue
            before = None if title else self.roles.before(start)
            if common or len(name) < 3 or not (title or before):
                continue
            if title in FAMILIAR and not is_name_tag(self.by_start, start, end):
                continue
            family = self.romaniser.foreign(name, self.latin)
            ent = unknown_entity(family, "PERSON", name)
            self._add_unknown(start, end, ent, title or before, name)
            # the page's own Latin full name is a mention; the family name stays the canonical
            # name, as nothing pairs the two as closely as a bracket does
            full = latin_full_name(text, family)
            if full and found.free(full[0], full[1]):
                found.add(full[0], full[1], ent)

    def _named_words(self, name: str, title: str | None) -> bool:
        if title in LEGAL:
            return True
        latin = romanise.closest_latin(self.romaniser.foreign(name), self.latin)
        return bool(title and self.titles.is_lexicon_title(title) and latin)

    def _country_after(self, pos: int) -> int | None:
        """Where a country mention starting at ``pos`` ends."""
        for s, e, key, _ in self.found.spans:
            ent = self.found.entities[key]
            if s == pos and ent.type == "GPE" and ent.kind in {"country", "territory"}:
                return e
        return None

    def kanji_surnames(self) -> None:
        """王商務相, 葉江少将: a kanji family name linked to a gazetteer person whose office fits the
        title; an unknown 2-3 character name before a role only in a Chinese context (中国の…,
        中国外務省の…, …駐日中国大使館公使), read in pinyin, or a Korean one (韓国外交部の…), read
        from the katakana the text gives (李英洙(イ・ヨンス)局長)."""
        text, found = self.text, self.found
        kanji = re.compile(f"(?<![{_KANJI}])[{_KANJI}]")
        for m in kanji.finditer(text):
            start = m.start()
            # the shortest name followed by a title of the lexicon: 董 + 国防部長, not 董国 + 防部長
            for length in (1, 2, 3):
                end = start + length
                if (
                    end >= len(text)
                    or not re.match(f"[{_KANJI}]", text[end - 1])
                    or not found.free(start, end)
                ):
                    break
                name = text[start:end]
                title = self.titles.after(text, end, own_titles(name, self.gazetteer))
                if title and re.match(f"[{_KANJI}]", text[end]):
                    target = self._surname_target(name, title, start, kanji=True)
                    if target is not None:
                        span_end = (
                            with_title(end, title, self.titles) if met_before(found, target, start) else end
                        )
                        found.add(start, span_end, known_entity(target), title, target.id)
                        break
                if length < 2 or starts_with_word(self.by_start, start, end):
                    continue  # 駐日 + 大使: a word, not a name
                role = self.roles.after(end, strict=True)
                if role is None or (title and not self.titles.is_lexicon_title(title) and role[0] == title):
                    continue
                country = self.roles.country(start, end, role[0], role[1])
                script = script_of(country)
                if script == "ja":
                    break  # an unknown Japanese surname needs Sudachi's tag (sudachi_names)
                gloss = self.roles.gloss(end)
                canonical = self.romaniser.person(name, script, text[gloss[0] : gloss[1]] if gloss else "")
                ent = unknown_entity(canonical, "PERSON", name, country)
                self._add_unknown(start, end, ent, role[0], name)
                if gloss and found.free(*gloss):
                    found.add(gloss[0], gloss[1], ent)
                break

    def _surname_target(
        self, name: str, title: str | None, pos: int, *, kanji: bool
    ) -> GazetteerEntry | None:
        return surname_target(
            name,
            title,
            pos,
            text_length=len(self.text),
            stories=self.stories,
            gazetteer=self.gazetteer,
            titles=self.titles,
            found=self.found,
            when=self.when,
            kanji=kanji,
        )
