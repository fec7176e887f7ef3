"""What the text writes beside a person's name: a role (title, or an organisation and a title) and
the country that role or the phrase before the name belongs to.

    外務省の山田太郎アジア大洋州局長      role after: アジア大洋州局長; before: 外務省の -> Japan
    山田太郎・外務省通商政策局長          apposition after ・
    中国外務省の王小明報道官              before: 中国外務省の -> China
    金小英駐日韓国大使館公使              role after, holding 韓国 -> South Korea

The country decides how an unknown name is read (entities/people.py): pinyin only where the context
is Chinese, never because the characters look Chinese.
"""

from __future__ import annotations

import re

from kizashi.entities.found import Found
from kizashi.entities.gazetteer import Gazetteer
from kizashi.entities.names import Titles
from kizashi.entities.romanise import korean_family_kana

_KANJI = "\u4e00-\u9fff々"
_KATA = "\u30a1-\u30fa\u30fc"
_KATA_READING = re.compile(f"[{_KATA}・]+")
_GLOSS = re.compile(rf"[(（]([{_KATA}・]+|[\u3041-\u3096ー・]+)[)）]")
# role words beyond the title lexicon that end a role phrase (審議官, 次席公使, 校長 ...)
_ROLE_HEADS = (
    "審議官",
    "公使",
    "参事官",
    "書記官",
    "校長",
    "学長",
    "総長",
    "理事",
    "幹事長",
    "監督",
    "代表理事",
)
_JOINED = re.compile(rf"(?:[{_KANJI}{_KATA}・]*の)?[{_KANJI}{_KATA}・]*(?:の|である)|")
_SPOKESPERSON = ("報道官", "報道局長", "報道局長代理", "発言人", "スポークスマン", "スポークスパーソン")
CHINESE = frozenset({"CHN", "HKG", "MAC", "TWN"})
KOREAN = frozenset({"KOR", "PRK"})


class Roles:
    """Role phrases around names in one document's text (the title lexicon, the found spans, and
    the gazetteer's country abbreviations)."""

    def __init__(self, text: str, titles: Titles, found: Found, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.titles = titles
        self.found = found
        heads = sorted({*titles.titles, *titles.suffixes, *_ROLE_HEADS}, key=len, reverse=True)
        words = "|".join(re.escape(h) for h in heads)
        self._after = re.compile(rf"[{_KANJI}{_KATA}・]{{0,24}}?(?:{words})(?![{_KANJI}{_KATA}])")
        self._before = re.compile(rf"([{_KANJI}{_KATA}・]{{0,24}}(?:{words}))(?:の|である)$")

    def gloss(self, end: int) -> tuple[int, int] | None:
        """A reading in brackets right after a name: 李在明(イ・ジェミョン), 趙立堅(ちょうりつけん)."""
        m = _GLOSS.match(self.text, end)
        return m.span(1) if m else None

    def after(self, end: int, *, strict: bool = False) -> tuple[str, int] | None:
        """The role written after a name ending at ``end`` and where that role starts: a title of
        the lexicon (氏, 米国務長官), or an office phrase ending in a title word (アジア大洋州局長,
        駐日中国大使館次席公使), also after ・ (山田太郎・外務省局長) or a reading in brackets.

        ``strict``: the office phrase must start like one (a title word, 駐, a country abbreviation
        or a known name), as a katakana word or bare kanji before it may itself be a common word."""
        pos = end
        gloss = self.gloss(end)
        if gloss is not None:
            pos = gloss[1] + 1
        if self.text.startswith("・", pos):
            pos += 1
        title = self.titles.after(self.text, pos)
        m = self._after.match(self.text, pos)
        if m and (title is None or m.end() > pos + len(title)):
            phrase = m.group(0)
            if not strict or self._starts_role(pos, phrase):
                return phrase, pos
        if title is None or (pos != end and self.titles.is_honorific(title)):
            return None  # an honorific stands right after the name, not after ・ or a gloss
        return title, pos

    def before(self, start: int) -> str | None:
        """A role written before a name and joined by の or である: 研究員のグレゴリー・スミス,
        X局長の山田太郎氏, 委員会の副主任である王小明少将."""
        m = self._before.search(self.text[max(0, start - 30) : start])
        return m.group(1) if m else None

    def _starts_role(self, pos: int, phrase: str) -> bool:
        if phrase[0] == "駐" or phrase[0] in self.titles.abbreviations:
            return True
        if phrase.startswith(self.titles.titles) or phrase.startswith(_ROLE_HEADS):
            return True
        return any(s == pos for s, _e, _k, _r in self.found.spans)

    def country(self, start: int, end: int, role: str | None, role_start: int) -> str | None:
        """The country a person's context gives: a country or body inside the role after the name
        (王小明中国外相, 駐日中国大使館公使, ・中国外務省報道官), else one named just before the
        name and joined by の or である (中国外務省の, 中国の…委員会の副主任である), else, for a
        spokesperson, the body the sentence names before them (中国国防部の定例会見で、X報道官).

        Only explicit evidence counts: a country or city, or a body written with its country
        (中国外務省); an unqualified 外務省 says nothing of whose official this is."""
        if role:
            for s, e, key, _ in sorted(self.found.spans):
                if role_start <= s and e <= role_start + len(role) and self.text[s - 1 : s] != "駐":
                    # 駐日中国大使: the country after 駐 is where the post is, not whose it is
                    country = self._explicit(s, key)
                    if country:
                        return country
        sentence = max(self.text.rfind(c, 0, start) for c in "。\n!?！？") + 1
        best: tuple[int, str] | None = None
        spokesperson = bool(role and role.endswith(_SPOKESPERSON))
        for s, e, key, _ in self.found.spans:
            if e > start or e < sentence or s >= e:
                continue
            country = self._explicit(s, key)
            between = self.text[e:start]
            joined = _JOINED.fullmatch(between) is not None and e >= start - 30
            if country and (joined or spokesperson) and (best is None or e > best[0]):
                best = (e, country)
        return best[1] if best else None

    def _explicit(self, start: int, key: str) -> str | None:
        ent = self.found.entities[key]
        if not ent.country:
            return None
        if ent.type == "GPE":
            return ent.country
        lead = self.gazetteer.by_abbrev(self.text[start])
        if lead is not None and lead.country == ent.country:
            return ent.country
        # a body whose name no Japanese body bears (国防部, 外交部, 国務院): the country the
        # gazetteer chose for it; 外務省 or 防衛省 alone say nothing of whose official this is
        end = next((e for s, e, k, _ in self.found.spans if s == start and k == key), start)
        shared = {e.country for e in self.gazetteer.lookup(self.text[start:end])}
        return ent.country if shared and "JPN" not in shared else None


def script_of(country: str | None) -> str:
    """How an unknown name of a person from ``country`` is read: zh, ko, or ja (Japanese or unknown)."""
    if country in CHINESE:
        return "zh"
    if country in KOREAN:
        return "ko"
    return "ja"


def script_with_reading(script: str, surface: str, reading: str) -> str:
    """A katakana reading in brackets is given for foreign names only: a name with no country in
    its context is Korean if the reading reads the family name as Korean does (李 イ, 金 キム),
    else Chinese."""
    if script != "ja" or not _KATA_READING.fullmatch(reading):
        return script
    kana_family = korean_family_kana(surface[:1])
    return "ko" if kana_family and reading.startswith(kana_family) else "zh"
