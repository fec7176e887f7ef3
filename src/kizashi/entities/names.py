"""Names the gazetteer does not know: titles beside names, romanisation of unknown actors.

Both are resources the pipeline's ``Context`` builds once and passes down: ``Titles`` (the title
lexicon, ``data/lexicons/titles.yaml``, compiled with the gazetteer's country abbreviations) and
``Romaniser`` (the common foreign names of ``data/lexicons/foreign_names.yaml``, the kana rules of
``romanise.py``, pypinyin, and pykakasi loaded on first use).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from kizashi.config import read_data_file
from kizashi.entities import romanise
from kizashi.entities.loanwords import Loanwords
from kizashi.entities.schema import TitlesModel
from kizashi.errors import DataFileError

# Common Chinese family names written in kanji: a 2-3 character name starting with one of these,
# in a story about China, is romanised in pinyin rather than read as Japanese.
_CHINESE_SURNAMES = set(
    "王李張张劉刘陳陈楊杨黄黃趙赵吳吴周徐孫孙馬马朱胡郭何高林羅罗鄭郑梁謝谢宋唐許许韓韩馮冯鄧邓曹彭曾"
    "蕭萧田董袁潘于蔣蒋蔡余杜葉叶程蘇苏魏呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范金石廖賈贾夏韋韦付方白鄒邹"
    "孟熊秦邱江尹薛閻阎段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚邵萬万錢钱嚴严覃武戴莫孔向湯汤習习秦"
)
_MEMO_LIMIT = 4096  # romanisations kept; the memo starts afresh past this
# Hepburn long vowels as English writes names: oo/ou -> o, uu -> u (but イノウエ is Inoue)
_KATA_READING = re.compile("[\u30a1-\u30fa\u30fc・]+")
_JA_LONG = re.compile("(o)(?:o|u(?!e))|(?<=u)u")


def _longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


class Titles:
    """Titles and honorifics written right after a person's name (王文濤商務相, キャンベル氏).

    ``abbreviations`` are the gazetteer's one-kanji country abbreviations (``Gazetteer.abbreviations``),
    which may lead a title (バイデン米大統領, 習中国国家主席).
    """

    def __init__(
        self,
        *,
        honorifics: Iterable[str],
        titles: Iterable[str],
        suffixes: Iterable[str],
        abbreviations: Iterable[str],
    ) -> None:
        self.honorifics = _longest_first(honorifics)
        self.titles = _longest_first(titles)
        self.suffixes = _longest_first(suffixes)
        self.abbreviations = frozenset(abbreviations)
        self._abbreviation_chars = "".join(sorted(self.abbreviations))
        words = sorted(set(self.honorifics) | set(self.titles), key=len, reverse=True)
        chars = "".join(re.escape(c) for c in self._abbreviation_chars)
        lead = f"(?:[{chars}])?" if chars else ""
        self._title = re.compile(
            f"{lead}(?:{'|'.join(re.escape(w) for w in self.titles)})|"
            + "|".join(re.escape(w) for w in words)
        )
        # a kanji office title ending in a title word (米通商代表, 国防次官補): stem of up to 6 kanji
        ends = "|".join(re.escape(s) for s in self.suffixes)
        self._suffix = re.compile(rf"[\u4e00-\u9fff]{{1,6}}?({ends})(?![\u4e00-\u9fff])")

    def after(self, text: str, end: int, extra: tuple[str, ...] = ()) -> str | None:
        """The title written right after a name ending at ``end`` (王文濤商務相 -> 商務相).

        A country abbreviation may stand between name and title (レモンド米商務長官): kept in the title.
        ``extra`` are titles of the person's own offices, tried first.
        """
        rest = text[end : end + 16]
        for cand in sorted(extra, key=len, reverse=True):
            if rest.startswith(cand):
                return cand
        m = self._title.match(rest)
        if m:
            if rest.startswith("兼", m.end()):  # 副首相兼国防相: two offices held at once
                more = self.after(text, end + m.end() + 1)
                return m.group(0) + "兼" + more if more else m.group(0)
            return m.group(0)
        m = self._suffix.match(rest)
        if m:
            return m.group(0)
        if rest.startswith(("・", "･")) and not extra:  # 王文濤・商務部長: a dot between name and title
            inner = self.after(text, end + 1)
            return "・" + inner if inner else None
        return None

    def is_lexicon_title(self, title: str) -> bool:
        """A title or honorific of the lexicon (country abbreviation allowed), not a kanji stem + suffix."""
        return self._title.fullmatch(title) is not None

    def is_honorific(self, title: str) -> bool:
        return title in self.honorifics

    def unprefixed(self, title: str) -> str:
        """The title without the country abbreviations leading it (米商務長官 -> 商務長官)."""
        return title.lstrip(self._abbreviation_chars)


def load_titles(path: Path | None = None, *, abbreviations: Iterable[str]) -> Titles:
    """The title lexicon (default: the package's ``data/lexicons/titles.yaml``), checked against
    ``TitlesModel``: a bad file raises ``DataFileError`` naming the file and the key."""
    if path is None:
        name = "titles.yaml"
        text = resources.files("kizashi").joinpath("data/lexicons/titles.yaml").read_text(encoding="utf-8")
    else:
        name, text = path.name, path.read_text(encoding="utf-8")
    data = read_data_file(name, text, TitlesModel)
    return Titles(
        honorifics=data.honorifics,
        titles=data.titles,
        suffixes=data.title_suffixes,
        abbreviations=abbreviations,
    )


def looks_chinese(name: str) -> bool:
    return (
        2 <= len(name) <= 3 and name[0] in _CHINESE_SURNAMES and all("\u4e00" <= c <= "\u9fff" for c in name)
    )


class ForeignNamesModel(BaseModel):
    """``data/lexicons/foreign_names.yaml``: common foreign names in katakana and their Latin spelling."""

    model_config = ConfigDict(extra="forbid", strict=True)

    names: dict[str, str]


def load_foreign_names(path: Path | None = None) -> dict[str, str]:
    """The common-names lexicon (default: the package's ``data/lexicons/foreign_names.yaml``); a bad
    file raises ``DataFileError`` naming the file and the key."""
    if path is None:
        name = "foreign_names.yaml"
        text = (
            resources.files("kizashi")
            .joinpath("data/lexicons/foreign_names.yaml")
            .read_text(encoding="utf-8")
        )
    else:
        name, text = path.name, path.read_text(encoding="utf-8")
    data = read_data_file(name, text, ForeignNamesModel)
    bad = next((k for k, v in data.names.items() if not k.strip() or not v.strip()), None)
    if bad is not None:
        raise DataFileError(name, f"key names.{bad}", "a name and its spelling must not be empty")
    return {k.strip(): v.strip() for k, v in data.names.items()}


class Romaniser:
    """English names for people the gazetteer does not know.

    Japanese people: Sudachi's reading in Hepburn, given name first as English Wikipedia writes them
    (山田太郎 -> Taro Yamada). Chinese people (decided by context, never by the characters): pinyin,
    family name first. Korean people: their katakana reading (李埈一(イ・ジュンイル) -> Lee Jun-il).
    Foreign names in katakana: the common-names lexicon, else a reverse transliteration
    (romanise.foreign). pykakasi (loaded on first use) reads kanji that come without a reading.
    Names of things that are not people (groups, products) in katakana: the English words of the
    loanwords they are made of (UniDic's foreign spellings, ``loanwords.py``), see :meth:`thing`.
    """

    def __init__(self, foreign_names: dict[str, str] | None = None) -> None:
        self._foreign = load_foreign_names() if foreign_names is None else dict(foreign_names)
        self._kakasi: Any = None
        self.loanwords = Loanwords()
        self._memo: dict[tuple[str, bool], str] = {}

    def romanise(self, name: str, *, chinese: bool = False) -> str:
        """A Japanese name or reading in Hepburn as pykakasi writes it (long vowels kept), or in
        pinyin (``chinese``). Foreign names in katakana go through :meth:`foreign` instead."""
        key = (name, chinese)
        out = self._memo.get(key)
        if out is None:
            out = self.chinese(name) if chinese else self._kakasi_hepburn(name)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = out
        return out

    def knows(self, word: str) -> bool:
        """The word is a common foreign name of the lexicon (ジョン, スミス)."""
        return word in self._foreign

    def foreign(self, katakana: str, latin: Iterable[str] = ()) -> str:
        """ジョン・スミス -> John Smith. Each part: the spelling of a Latin word of the document that
        it closely matches (``latin``), else the common-names lexicon, else transliterated back."""
        words = [w for w in re.split("[・=＝ ]", katakana) if w]
        out = []
        for word in words:
            guess = self._foreign.get(word) or romanise.foreign(word).capitalize()
            out.append(romanise.closest_latin(guess, latin) or guess)
        return " ".join(out) or katakana

    def thing(self, katakana: str, latin: Iterable[str] = ()) -> str:
        """The English name of a group, product or operation in katakana: its loanwords' English
        (ミラーフェース -> Mirror Face) when every word of it is a loanword, else :meth:`foreign`."""
        english = self.loanwords.english(katakana)
        return english if english is not None else self.foreign(katakana, latin)

    def japanese(self, family_reading: str, given_reading: str = "") -> str:
        """Given name first, as English Wikipedia writes Japanese names (タカイチ, サナエ -> Sanae
        Takaichi): pykakasi's Hepburn of Sudachi's reading, long vowels and ' dropped (サトウ Sato,
        ユウコ Yuko, シンイチ Shinichi) but ウ before エ kept (イノウエ Inoue)."""
        parts = [
            _JA_LONG.sub(r"\1", self.romanise(r).replace("'", "").replace(" ", "").lower()).capitalize()
            for r in (given_reading, family_reading)
            if r
        ]
        return " ".join(p for p in parts if p)

    @staticmethod
    def chinese(name: str, family_length: int = 1) -> str:
        """Pinyin, family name first as English writes Chinese names (楊宇 -> Yang Yu)."""
        from pypinyin import lazy_pinyin

        syll = lazy_pinyin(name)
        parts = ("".join(syll[:family_length]), "".join(syll[family_length:]))
        return " ".join(p.capitalize() for p in parts if p)

    def person(
        self,
        surface: str,
        script: str,
        reading: str = "",
        family_length: int = 1,
        readings: tuple[str, str] = ("", ""),
    ) -> str:
        """An unknown person's English name by the script of their context: pinyin (zh); Korean
        from the katakana ``reading`` the text gives (ko), else the hanja as written, as there is
        no reliable reading of them here; else Japanese from Sudachi's (family, given) ``readings``."""
        if script == "zh":
            return self.chinese(surface, family_length)
        if script == "ko":
            kana = _KATA_READING.fullmatch(reading) is not None
            return self.korean(reading, surface[:1]) if kana else surface
        return self.japanese(*readings)

    @staticmethod
    def korean(katakana: str, family_hanja: str = "") -> str:
        return romanise.korean(katakana, family_hanja=family_hanja)

    def _kakasi_hepburn(self, name: str) -> str:
        if self._kakasi is None:
            import pykakasi

            self._kakasi = pykakasi.kakasi()  # type: ignore[no-untyped-call]
        parts = [p["hepburn"] for p in self._kakasi.convert(name) if p["hepburn"].strip()]
        words = [w.capitalize() for w in " ".join(parts).replace("・", " ").split()]
        return " ".join(words) or name
