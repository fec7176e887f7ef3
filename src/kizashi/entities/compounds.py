"""Noun compounds that end in a head of the name-part glossary: the names of bodies and places.

The document's Sudachi words are cut at the edges of the names already found (a known name is one
piece: 衆院 in 衆院予算委員会, 名古屋 in 名古屋港). From a head (委員会, 大使館, 県, 半島; also one
fused into a proper noun: 石川県, 京都大学) the compound runs left over the pieces that can be said
in English: known names, proper nouns (romanised), glossary modifiers, 第N, and 駐X/在X, which
open a name. A compound is a name only when something in it names: a proper noun, a known entity,
駐/在, or 第N with a modifier; a place head needs a place right before it (県, 市, 島, 港).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from kizashi.entities.english import NamePart, compose, hepburn, japanese_name, pinyin
from kizashi.entities.found import Found
from kizashi.entities.gazetteer import Gazetteer
from kizashi.entities.names import Romaniser
from kizashi.entities.parts import Head, NameParts
from kizashi.entities.pieces import Piece, letters, whole

_KATAKANA_NAME = re.compile(r"[\u30a1-\u30fa\u30fc・=]+")
_HOSTS = ("駐", "在")  # 駐日 / 在日: the mission sits in Japan; the name starts there
# a municipality written inside the name of a smaller one (静岡市清水区): 2+ characters, a unit, 2+ more
_INNER_UNIT = re.compile(r"(.{2,}?)[都道府県市](?=..)")
_DISAMBIGUATOR = re.compile(r"\s*\([^()]*\)$")
_MAX_HEAD_PIECES = 3  # 府+警, 研究+センター: a head may span Sudachi words
_CONTEXT_PIECES = 8  # how far back the country a place lies in is looked for


@dataclass(frozen=True, slots=True)
class _HeadHit:
    head: Head
    start: int  # where the head word starts in the text
    first: int  # the first piece it uses
    mods: list[str]  # glossary words before it inside those pieces (警察 of 警察庁)
    fused: Piece | None  # the proper noun fused with it (石川 of 石川県)


@dataclass(frozen=True, slots=True)
class _Step:
    parts: list[tuple[int, NamePart]]  # (offset, part) added on the left
    first: int  # the leftmost piece used
    opens: bool  # the name starts here (駐, 在, 第N)


_REJECT = _Step([], -1, False)  # the compound holds a name we cannot say in English


@dataclass(frozen=True, slots=True)
class Compound:
    start: int
    end: int
    canonical: str
    head: Head
    country: str | None
    short_start: int  # where the name starts without its host, ordinal and parent (予算委員会)


class CompoundFinder:
    """Finds the compounds of one document (its pieces are taken once, after the known names)."""

    def __init__(
        self, ps: list[Piece], found: Found, gazetteer: Gazetteer, parts: NameParts, romaniser: Romaniser
    ) -> None:
        self.ps, self.found = ps, found
        self.gazetteer, self.parts, self.romaniser = gazetteer, parts, romaniser
        self._head_ends = {h[-1] for h in parts.heads}

    def find(self) -> list[Compound]:
        out: list[Compound] = []
        i = len(self.ps) - 1
        while i >= 0:  # right to left, so a compound's inner heads are not found again
            comp, first = self._at(i)
            if comp is not None:
                out.append(comp)
                i = first - 1
            else:
                i -= 1
        return out[::-1]

    def _joined(self, i: int, n: int) -> tuple[str, int] | None:
        """The surfaces of pieces i-n+1 .. i when they are contiguous words that may hold a head."""
        first = i - n + 1
        if first < 0:
            return None
        run = self.ps[first : i + 1]
        if any(p.kind not in {"common", "suffix", "proper"} for p in run):
            return None
        if any(a.end != b.start for a, b in pairwise(run)):
            return None
        if n > 1 and any(p.kind == "proper" for p in run):
            return None
        return "".join(p.surface for p in run), first

    def _head(self, i: int) -> _HeadHit | None:
        """The longest head ending piece i."""
        best: _HeadHit | None = None
        if not self.ps[i].surface or self.ps[i].surface[-1] not in self._head_ends:
            return None  # most words end in no head: the cheap test first
        last = self._with_reading(self.ps[i])
        for n in range(1, _MAX_HEAD_PIECES + 1):
            joined = self._joined(i, n)
            if joined is None:
                break
            word, first = joined
            for k in range(len(word)):
                hw, rest = word[k:], word[:k]
                if hw not in self.parts.heads or (best and len(hw) <= len(best.head.ja)):
                    continue
                start = last.end - len(hw)
                if last.kind == "proper" and rest:
                    if (len(rest) < 2 and whole(last)) or n > 1:
                        continue  # 高市, 香港: a one-character word is no name before a head (堺 of 大阪府堺市 is)
                    fused = self._fused_rest(last, hw)
                    head = self.parts.head(hw, place=fused.place, suffix=False)
                    if head is not None and head.fused and fused.place:
                        best = _HeadHit(head, start, first, [], fused)
                    continue
                mods = self.parts.split(rest) if rest else []
                if mods is None:
                    continue
                before = self._before(first)
                place = not mods and before is not None and before.place
                suffix = last.kind == "suffix" and len(hw) == len(last.surface)
                head = self.parts.head(hw, place=place, suffix=suffix)
                if head is not None:
                    best = _HeadHit(head, start, first, mods, None)
        return best

    def _fused_parts(self, fused: Piece, head: Head) -> list[tuple[int, NamePart]]:
        """The name fused with a municipal head, the unit it lies in said apart: 静岡市清水 (区) ->
        Shizuoka (a region), Shimizu."""
        outer = _INNER_UNIT.match(fused.surface) if head.form == "bare" else None
        if outer is None:
            part = NamePart("proper", self._roman(fused, head), place=fused.place, ja=fused.surface)
            return [(fused.start, part)]
        region = hepburn(self.romaniser, outer.group(1))
        inner = hepburn(self.romaniser, fused.surface[outer.end() :])
        return [
            (fused.start, NamePart("proper", region, place=True, region=True, ja=outer.group(1))),
            (
                fused.start + outer.end(),
                NamePart("proper", inner, place=True, ja=fused.surface[outer.end() :]),
            ),
        ]

    def _with_reading(self, p: Piece) -> Piece:
        """A proper noun cut after a known name takes the rest of its word's reading: 愛知県豊田市
        (アイチケントヨタシ) less the reading that romanises like 愛知県 gives トヨタシ, where
        pykakasi would guess 豊田 as Toyoda."""
        m = p.word
        if p.reading is not None or p.kind != "proper" or m is None or p.end != m.end or p.start == m.start:
            return p
        target = letters(hepburn(self.romaniser, m.surface[: p.start - m.start]))
        for k in range(1, len(m.reading)):
            if letters(hepburn(self.romaniser, m.reading[:k])) == target:
                return replace(p, reading=m.reading[k:])
        return p

    def _fused_rest(self, p: Piece, hw: str) -> Piece:
        """The part of a proper noun before a head fused with it (石川 of 石川県), with its reading."""
        reading = None
        heads = self.parts.heads.get(hw, ())
        for r in (r for h in heads for r in h.readings):
            if p.reading and p.reading.endswith(r) and len(p.reading) > len(r):
                reading = p.reading[: -len(r)]
                break
        return Piece(p.start, p.end - len(hw), p.surface[: -len(hw)], "proper", reading, p.place)

    def _before(self, first: int) -> Piece | None:
        if first == 0 or self.ps[first - 1].end != self.ps[first].start:
            return None
        return self.ps[first - 1]

    def _at(self, i: int) -> tuple[Compound | None, int]:
        """The compound whose head ends piece i, and the index of its first piece."""
        hit = self._head(i)
        if hit is None:
            return None, i
        head, fused = hit.head, hit.fused
        if fused is not None:
            if (
                not fused.surface
                or _KATAKANA_NAME.fullmatch(fused.surface)
                or self.parts.english(fused.surface)
            ):
                return None, i  # 議員連盟: a common word before the head names nothing
            parts = self._fused_parts(fused, head)
        else:
            at = self.ps[hit.first].start
            parts = [(at, NamePart("word", self.parts.english(w) or "")) for w in hit.mods]
        first = hit.first
        while first > 0 and self.ps[first - 1].end == self.ps[first].start:
            step = self._left(first - 1, head, parts)
            if step is None:
                break
            if step is _REJECT:
                return None, i
            parts[0:0] = step.parts
            first = step.first
            if step.opens:
                break
        said = [p for _, p in parts]
        names = self._in_its_country(said, first) if self._names_something(said, head) else None
        if names is None:
            return None, i
        start = parts[0][0] if parts else hit.start
        # the short form a later mention may use: without host, ordinal and a leading known name
        lead = next((k for k, p in enumerate(names) if p.role not in {"host", "ordinal"}), len(names))
        if lead < len(names) - 1 and names[lead].role == "known":
            lead += 1
        short_start = parts[lead][0] if 0 < lead < len(parts) else start
        country = next((p.country for p in names if p.role == "known" and p.country), None)
        comp = Compound(start, self.ps[i].end, compose(names, head), head, country, short_start)
        return comp, first

    def _left(self, j: int, head: Head, parts: list[tuple[int, NamePart]]) -> _Step | None:
        """What piece j adds on the left of ``parts``; None to stop before it, _REJECT when the
        compound holds a name we cannot say in English."""
        p = self.ps[j]
        if p.kind == "known":
            ent = self.found.entities[p.key or ""]
            if head.place and not p.place:
                return None  # 海上自衛隊厚木基地: the body that runs a place is not in its name
            part = NamePart(
                "known",
                # a place's disambiguator stays out of a longer name: Shizuoka (city) -> Shimizu, Shizuoka
                _DISAMBIGUATOR.sub("", ent.canonical) if p.place else ent.canonical,
                place=p.place,
                body=ent.type == "ORG",
                abbrev=p.end - p.start == 1,
                country=ent.country,
                region=ent.type == "GPE" and ent.kind not in {None, "country", "territory"},
            )
            return _Step([(p.start, part)], j, False)
        if p.kind == "latin":
            return _Step([(p.start, NamePart("proper", p.surface))], j, False)
        if p.kind == "proper":
            p = self._with_reading(p)
            english = self.parts.english(p.surface)
            if english and not whole(p):  # 港 of 名古屋港 cut at the known 名古屋
                return _Step([(p.start, NamePart("word", english))], j, False)
            if _KATAKANA_NAME.fullmatch(p.surface):
                # a body named in loanwords (ブルーオーシャン財団) is named in their English; a
                # place never (its name is no loanword), nor a foreign name we cannot write
                english = None if head.place else self.romaniser.loanwords.english(p.surface)
                if english is None:
                    return _REJECT
                return _Step([(p.start, NamePart("proper", english))], j, False)
            return _Step([(p.start, self._proper(p, head))], j, False)
        prev = self.ps[j - 1] if j > 0 else None
        if p.kind == "number" and prev is not None and prev.surface == "第" and prev.end == p.start:
            return _Step([(prev.start, NamePart("ordinal", p.surface))], j - 1, True)
        if p.kind in {"prefix", "common"} and self._host(p) and parts and parts[0][1].place:
            _, place = parts.pop(0)  # 在 + 中国 (在中国日本大使館), 駐 + 日 (駐日 cut by the abbreviation)
            host = NamePart("host", place.en, place=True, country=place.country)
            return _Step([(p.end - 1, host)], j, True)
        if p.kind == "common" and len(p.surface) == 2 and p.surface[0] in _HOSTS:
            entry = self.gazetteer.by_abbrev(p.surface[1])  # 駐日, 在米
            if entry is None:
                return None
            host = NamePart("host", entry.canonical, place=True, country=entry.country)
            return _Step([(p.start, host)], j, True)
        if p.kind in {"common", "suffix"}:
            words, at = self.parts.split(p.surface), j
            if words is None and prev is not None and prev.kind == "common" and prev.end == p.start:
                words, at = self.parts.split(prev.surface + p.surface), j - 1  # 安全 + 保障
            if words is None:
                return None
            start = self.ps[at].start
            return _Step([(start, NamePart("word", self.parts.english(w) or "")) for w in words], at, False)
        return None

    def _in_its_country(self, names: list[NamePart], first: int) -> list[NamePart] | None:
        """Proper nouns of a Chinese place are read in pinyin (広東省東莞市: Dongguan, not Tokan);
        those of a Korean one cannot be read from their kanji, so the compound is no name we can
        say. The country is a place inside the name, else the one it is written as lying in."""
        propers = [p for p in names if p.role == "proper" and p.ja]
        if not propers:
            return names
        countries = {p.country for p in names if p.role == "known" and p.place}
        if not countries:
            countries = {self._context_country(first)}
        if not countries & {"CHN", "KOR", "PRK"}:
            return names
        if countries & {"KOR", "PRK"}:
            return None
        out = []
        for p in names:
            if p.role == "proper" and p.ja:
                english = pinyin(self.romaniser, p.ja)
                p = replace(p, en=f"{english} {p.tail}" if p.tail else english)
            out.append(p)
        return out

    def _context_country(self, first: int) -> str | None:
        """The country of a known place just before piece ``first``, joined to it by nouns and の
        only (中国南部の東莞市, 韓国の済州島): a place written as lying in that country."""
        for p in reversed(self.ps[max(0, first - _CONTEXT_PIECES) : first]):
            if p.kind == "known" and p.place:
                return self.found.entities[p.key or ""].country
            if p.kind not in {"common", "suffix", "proper", "number"} and p.surface != "の":
                return None
        return None

    @staticmethod
    def _host(p: Piece) -> bool:
        """駐 or 在 opening a mission's name; Sudachi may glue 駐 to the word before (X駐 + 日)."""
        return p.surface in _HOSTS or (p.kind == "common" and p.surface.endswith("駐"))

    @staticmethod
    def _names_something(names: list[NamePart], head: Head) -> bool:
        naming = [p for p in names if p.role in {"known", "proper", "host"}]
        words = any(p.role == "word" for p in names)
        ordinal = any(p.role == "ordinal" for p in names) and words
        if not (naming or ordinal):
            return False
        if head.unit and not head.alone and not words and all(p.role != "proper" for p in naming):
            return False  # 中国部, 米議会委員会: a unit is named by what it does or a name of its own
        if not head.modifiers and words:
            return False  # 国防軍: a force with a name of its own, not "Armed Forces of X"
        abbrevs = [p for p in naming if p.abbrev]
        if head.form == "after" and len(abbrevs) == 1 and len(naming) == 1:
            return False  # 米通商部: a country abbreviation says whose, it does not name a body
        return not head.place or bool(names and names[-1].place)

    def _proper(self, p: Piece, head: Head) -> NamePart:
        """A proper noun in English: romanised, with a place head fused into it said in English
        (静岡県 before 警: Shizuoka Prefecture, written bare as Shizuoka)."""
        if p.kind == "latin":
            return NamePart("proper", p.surface)
        for n in range(min(3, len(p.surface) - 1), 0, -1):
            inner = self.parts.head(p.surface[-n:], place=True, suffix=False)
            if inner is not None and inner.place and inner.form == "after" and p.place:
                rest = self._fused_rest(p, p.surface[-n:])
                english = f"{self._roman(rest, head)} {inner.en}"
                return NamePart("proper", english, place=True, ja=rest.surface, tail=inner.en)
        return NamePart("proper", self._roman(p, head), place=p.place, ja=p.surface)

    def _roman(self, p: Piece, head: Head) -> str:
        if head.chinese:
            return pinyin(self.romaniser, p.surface)
        return japanese_name(self.romaniser, p.surface, p.reading)
