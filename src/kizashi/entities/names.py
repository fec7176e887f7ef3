"""Names the gazetteer does not know: titles beside names, romanisation of unknown actors."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kizashi.entities.schema import YAML_LOADER

# Common Chinese family names written in kanji: a 2-3 character name starting with one of these,
# in a story about China, is romanised in pinyin rather than read as Japanese.
_CHINESE_SURNAMES = set(
    "王李張张劉刘陳陈楊杨黄黃趙赵吳吴周徐孫孙馬马朱胡郭何高林羅罗鄭郑梁謝谢宋唐許许韓韩馮冯鄧邓曹彭曾"
    "蕭萧田董袁潘于蔣蒋蔡余杜葉叶程蘇苏魏呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范金石廖賈贾夏韋韦付方白鄒邹"
    "孟熊秦邱江尹薛閻阎段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚邵萬万錢钱嚴严覃武戴莫孔向湯汤習习秦"
)


@lru_cache(maxsize=1)
def title_lexicon() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(honorifics, titles, title suffixes), longest first."""
    data: dict[str, Any] = yaml.load(
        resources.files("kizashi").joinpath("data/lexicons/titles.yaml").read_text(encoding="utf-8"),
        Loader=YAML_LOADER,
    )

    def ordered(key: str) -> tuple[str, ...]:
        return tuple(sorted(set(data[key]), key=len, reverse=True))

    return ordered("honorifics"), ordered("titles"), ordered("title_suffixes")


_ABBREVIATIONS = "[米中日韓露英仏独伊豪印台加蘭越比]"


@lru_cache(maxsize=1)
def title_regex() -> re.Pattern[str]:
    """A title or honorific at the start of a string (the text right after a name)."""
    hon, titles, _ = title_lexicon()
    words = sorted(set(hon) | set(titles), key=len, reverse=True)
    # a country's one-character abbreviation may lead a title: バイデン米大統領, 習中国国家主席
    return re.compile(
        f"(?:{_ABBREVIATIONS})?(?:{'|'.join(re.escape(w) for w in titles)})|"
        + "|".join(re.escape(w) for w in words)
    )


def title_after(text: str, end: int, extra: tuple[str, ...] = ()) -> str | None:
    """The title written right after a name ending at ``end`` (王文濤商務相 -> 商務相).

    A country abbreviation may stand between name and title (レモンド米商務長官): kept in the title.
    """
    rest = text[end : end + 16]
    for cand in sorted(extra, key=len, reverse=True):
        if rest.startswith(cand):
            return cand
    m = title_regex().match(rest)
    if m:
        return m.group(0)
    m = _suffix_regex().match(rest)
    return m.group(0) if m else None


@lru_cache(maxsize=1)
def _suffix_regex() -> re.Pattern[str]:
    """A kanji office title ending in a title word (米通商代表, 国防次官補): stem of up to 6 kanji."""
    suffixes = "|".join(re.escape(s) for s in title_lexicon()[2])
    return re.compile(rf"[\u4e00-\u9fff]{{1,6}}?({suffixes})(?![\u4e00-\u9fff])")


def looks_chinese(name: str) -> bool:
    return (
        2 <= len(name) <= 3 and name[0] in _CHINESE_SURNAMES and all("\u4e00" <= c <= "\u9fff" for c in name)
    )


@lru_cache(maxsize=4096)
def romanise(name: str, *, chinese: bool = False) -> str:
    """A readable Latin form for an unknown name: pinyin for Chinese names, Hepburn otherwise.

    Chinese order is kept (family name first, as English does for Chinese names); Japanese
    names are given family name first too, as the Japanese government asks since 2020.
    """
    if chinese:
        from pypinyin import lazy_pinyin

        syll = lazy_pinyin(name)
        return " ".join(p.capitalize() for p in (syll[0], "".join(syll[1:])) if p)
    parts = [p["hepburn"] for p in _kakasi().convert(name) if p["hepburn"].strip()]
    words = [w.capitalize() for w in " ".join(parts).replace("・", " ").split()]
    return " ".join(words) or name


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=8192)
def is_common_word(word: str) -> bool:
    """Sudachi knows the word as one common noun (ベテラン, メディア): not a name."""
    from kizashi.nlp import sudachi  # the process's one dictionary (GiNZA's once loaded)

    tok, mode = sudachi()
    morphs = tok.tokenize(word, mode)
    return len(morphs) == 1 and morphs[0].part_of_speech()[:2] == ("名詞", "普通名詞")
