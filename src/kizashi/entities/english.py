"""English names for the organisations and places no gazetteer entry holds.

A name is put together from its parts in English word order: the glossary's words for heads and
modifiers (``parts.py``), the canonical names of the known entities inside it, and romanisation
for proper names (the reading Sudachi gives, in Hepburn without long vowels: イシカワ -> Ishikawa;
pinyin for Chinese places). 衆院予算委員会 -> "Budget Committee of the House of Representatives
(Japan)", 駐日中国大使館 -> "Embassy of China in Japan", 能登半島 -> "Noto Peninsula".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kizashi.entities.names import Romaniser
from kizashi.entities.parts import Head

# Hepburn as English writes Japanese place and firm names: no long vowels (Toukyou -> Tokyo, Oosaka
# -> Osaka, Kyuushuu -> Kyushu); ei and ii stay (Meiji, Niigata).
_LONG_VOWEL = re.compile(r"([oO])[ou]|([uU])u")
_PREFECTURE = re.compile(r" (Prefecture|Province|State)$")
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
# names that take "the": a common noun or a plural in the name (the United States, the Philippines)
_ARTICLE = re.compile(
    r"^(United|Republic|Kingdom|Democratic|Federated|Holy|Czech Republic)\b"
    r"|\b(Islands|Republic|Emirates|States|Netherlands|Philippines|Bahamas|Maldives|Gambia)$"
)


@dataclass(frozen=True, slots=True)
class NamePart:
    """One part of a compound name, with its English.

    ``role``: ``known`` (a gazetteer entity), ``proper`` (a proper noun, romanised), ``word`` (a
    glossary modifier), ``ordinal`` (第11 -> 11th), ``host`` (駐日, 在X: where a mission sits)."""

    role: str
    en: str
    place: bool = False  # a place: a known GPE/LOC or a place name
    body: bool = False  # a known organisation
    abbrev: bool = False  # a one-kanji country abbreviation (日, 米)
    country: str | None = None
    region: bool = False  # a known political unit below a country (沖縄県, 東京都)
    ja: str = ""  # a romanised proper noun's Japanese, and the English head word after it
    tail: str = ""


def hepburn(romaniser: Romaniser, text: str) -> str:
    """A Japanese proper name (a katakana reading, or kanji) in Hepburn without long vowels."""
    out = romaniser.romanise(text)
    return " ".join(_LONG_VOWEL.sub(lambda m: m.group(1) or m.group(2), w) for w in out.split())


def japanese_name(romaniser: Romaniser, surface: str, reading: str | None) -> str:
    """A Japanese proper name in Hepburn: Sudachi's reading is right where pykakasi guesses, but
    pykakasi cuts the kanji into words (慶応義塾 -> Keio Gijuku); its words are kept when they
    spell the reading."""
    words = hepburn(romaniser, surface)
    if reading is None:
        return words
    whole = hepburn(romaniser, reading)
    return words if words.replace(" ", "").lower() == whole.replace(" ", "").lower() else whole


def pinyin(romaniser: Romaniser, text: str) -> str:
    """A Chinese place name in pinyin, one word (浙江 -> Zhejiang)."""
    return "".join(romaniser.romanise(text, chinese=True).split()).capitalize()


def ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


def the(name: str) -> str:
    """A country's name after "of" or "in", with the article English gives it (the United States)."""
    return f"the {name}" if _ARTICLE.search(name) else name


def bare_place(name: str) -> str:
    """A place without its own head word: "Aichi Prefecture" -> "Aichi" (愛知県警: Aichi Prefectural Police)."""
    return _PREFECTURE.sub("", name)


def _words(parts: Sequence[NamePart], *, bare: bool) -> str:
    """Parts in order, country abbreviations side by side joined by a hyphen (日中 -> Japan-China)."""
    out: list[str] = []
    prev_abbrev = False
    for p in parts:
        en = bare_place(p.en) if bare and p.place else p.en
        if p.abbrev and prev_abbrev and out:
            out[-1] = f"{out[-1]}-{en}"
        else:
            out.append(en)
        prev_abbrev = p.abbrev
    return " ".join(w for w in out if w)


def compose(parts: Sequence[NamePart], head: Head) -> str:
    """The English name of ``parts`` + ``head``, in English word order."""
    hosts = [p.en for p in parts if p.role == "host"]
    lead = [ordinal(p.en) for p in parts if p.role == "ordinal"]
    rest = [p for p in parts if p.role not in {"host", "ordinal"}]
    parent = None
    if head.unit and rest and rest[0].body and (len(rest) >= 2 or head.alone):
        parent, rest = rest[0].en, rest[1:]
    if head.form == "bare":
        name = rest[-1].en if rest else ""
        prefecture = next((p.en for p in rest[:-1] if p.region), None)
        text = f"{name}, {bare_place(prefecture)}" if prefecture else name
    elif head.form == "before":
        text = f"{head.en} {_words(rest, bare=False)}"
    elif head.form == "of":
        owners = [p for p in rest if p.role != "word"]
        mods = [p for p in rest if p.role == "word"]
        if owners and mods:
            text = f"{_words(mods, bare=False)} {head.en} of {the(_words(owners, bare=False))}"
        else:
            text = f"{head.en} of {the(_words(owners or mods, bare=False))}"
    else:
        text = " ".join(w for w in (*lead, _words(rest, bare=head.bare_place), head.en) if w)
        lead = []
    if lead:
        text = " ".join((*lead, text))
    if parent:
        text = f"{text} of {parent if parent.startswith('The ') else 'the ' + parent}"
    if hosts:
        text = f"{text} in {the(hosts[0])}"
    return re.sub(r"\s+", " ", text).strip()
