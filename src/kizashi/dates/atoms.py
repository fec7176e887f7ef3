"""Date atoms: the smallest date pieces of a sentence (``2023年``, ``5月``, ``26日``, ``先月``, ``(金)``).

Internal to :mod:`kizashi.dates.expressions`. ja-timex finds most atoms (Arabic and kanji numerals, wareki,
``2023/5/26``, ``昨年``); our own patterns run first and claim what it misses or reads wrongly:
numeric ranges (it reads ``15-16日`` as May 16), hiragana words (きょう, あす, ことし), words that
count from an earlier date rather than from the publication date (同日, 前日, 翌月), vague periods
(年末, 先日) and English dates. Claimed spans are blanked out before ja-timex sees the text, which
keeps offsets aligned.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, replace
from typing import Any

from ja_timex import TimexParser
from ja_timex.number_normalizer import NumberNormalizer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Atom:
    """One date piece. Offsets (``*_off``) count from the reference date, or from the anchor if ``anchored``."""

    start: int
    end: int
    year: int | None = None  # written year (2023年, 令和5年, May 26, 2023)
    year_off: int | None = None  # 昨年 = -1
    month: int | None = None
    month_off: int | None = None  # 先月 = -1
    day: int | None = None
    day_off: int | None = None  # 昨日 = -1, 3日前 = -3
    week_off: int | None = None  # 先週 = -1
    weekday: int | None = None  # 0 = Monday
    anchored: bool = False  # 同日, 前日, 翌月: relative to the date mentioned before
    vague: bool = False  # 年末, 先日: a date expression we do not resolve
    bare: bool = False  # a number without its unit, the "15" of "15~16日": only valid in a range
    kanji: bool = False  # written in kanji numerals (一日も早く is an idiom, not the 1st)
    year_guessed: bool = False  # a two-digit year (23年) given its century by us

    @property
    def has_year(self) -> bool:
        return self.year is not None or self.year_off is not None

    @property
    def has_month(self) -> bool:
        return self.month is not None or self.month_off is not None

    @property
    def has_day(self) -> bool:
        return self.day is not None or self.day_off is not None

    @property
    def only_weekday(self) -> bool:
        return (
            self.weekday is not None
            and not (self.has_year or self.has_month or self.has_day)
            and (self.week_off is None)
        )


_WEEKDAYS_JA = "月火水木金土日"
_KANJI_DIGITS = re.compile(r"[〇一二三四五六七八九十百千]")

# Words with a fixed meaning. Values are Atom fields.
_WORDS: dict[str, dict[str, Any]] = {
    # read from the reference date; ja-timex lacks the hiragana spellings used by NHK and others
    "今朝": {"day_off": 0},
    "今夜": {"day_off": 0},
    "今晩": {"day_off": 0},
    "昨夜": {"day_off": -1},
    "昨晩": {"day_off": -1},
    "ことし": {"year_off": 0},
    "本年": {"year_off": 0},
    "今年": {"year_off": 0},
    "去年": {"year_off": -1},
    "昨年": {"year_off": -1},
    "一昨年": {"year_off": -2},
    "おととし": {"year_off": -2},
    # counted from the date mentioned before (ja-timex reads 前日 as yesterday, 翌日 as tomorrow)
    "同日": {"day_off": 0, "anchored": True},
    "当日": {"day_off": 0, "anchored": True},
    "この日": {"day_off": 0, "anchored": True},
    "その日": {"day_off": 0, "anchored": True},
    "前日": {"day_off": -1, "anchored": True},
    "翌日": {"day_off": 1, "anchored": True},
    "翌々日": {"day_off": 2, "anchored": True},
    "同週": {"week_off": 0, "anchored": True},
    "前週": {"week_off": -1, "anchored": True},
    "翌週": {"week_off": 1, "anchored": True},
    "同月": {"month_off": 0, "anchored": True},
    "前月": {"month_off": -1, "anchored": True},
    "翌月": {"month_off": 1, "anchored": True},
    "同年": {"year_off": 0, "anchored": True},
    "前年": {"year_off": -1, "anchored": True},
    "翌年": {"year_off": 1, "anchored": True},
    # periods too vague to date
    "先日": {"vague": True},
    "先ごろ": {"vague": True},
    "年末": {"vague": True},
    "年初": {"vague": True},
    "年始": {"vague": True},
    "年明け": {"vague": True},
    "月末": {"vague": True},
    "月初め": {"vague": True},
    "月初": {"vague": True},
}
# 前年比, 前日比, 昨年同期: comparisons, not the date of anything
# Not after a digit or kanji: 今年末, 2023年初, 日本年金 are not 年末, 年初, 本年.
_WORDS_RE = re.compile(
    r"(?<![0-9\u4e00-\u9fff々])(?:"
    + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
    + r")(?!比|同期|同月比|度)"
)
# Hiragana words need boundaries that kanji words do not: きょうだい, あすか, あしたば, ああした;
# a particle may come before (両相はあす, 会合もきょう).
_HIRAGANA_RE = re.compile(
    r"(?:(?<![ぁ-ゖ])|(?<=[はもがのにとでへを]))(?:(?P<kyou>きょう)(?!だい|かい|いく|りょく|つう|ぎ|み|ふ)"
    r"|(?P<kinou>きのう)(?!ち)|(?P<ototoi>おととい)|(?P<asu>あす)(?!か(?!ら)|な)"
    r"|(?P<ashita>あした)(?!ば)|(?P<asatte>あさって))"
)
_HIRAGANA_OFF = {"kyou": 0, "kinou": -1, "ototoi": -2, "asu": 1, "ashita": 1, "asatte": 2}

# 15~16日, 15-16日, 10・11日 (ja-timex reads the last two as May 16 and October 11), 4~6月
_SEP = r"\s*(?:~|〜|～|-|・|、)\s*"
_NUM_RANGE_RE = re.compile(r"(?<![0-9./\-])(\d{1,2})" + _SEP + r"(\d{1,2})([日月])(?![0-9])")

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_EN_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
# Capitalised; in any case (march 1, 2024; MARCH 1, 2024) only with its year, for lowercase
# "may", "march" are words. A Japanese label may touch the month (公開日May 1, 2024: after NFKC
# no space is left), so the edges are "no Latin letter or digit" rather than \b, for which kanji
# are word characters too.
_EN_MONTH = f"(?:{_EN_MONTH_NAMES})"
_EN_MONTH_ANY_CASE = f"(?i:{_EN_MONTH_NAMES})"
_EN_DATE_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?:(?P<m4>{_EN_MONTH_ANY_CASE})\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    rf"|(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m5>{_EN_MONTH_ANY_CASE}),?\s+(?P<y5>\d{{4}})"
    rf"|(?P<m1>{_EN_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_EN_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>{_EN_MONTH}),?\s+(?P<y3>\d{{4}}))(?![A-Za-z0-9])"
)
_EN_WEEKDAY_RE = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EN_REL_RE = re.compile(
    r"\b(?:(?P<word>today|yesterday|tomorrow)|(?P<dir>last|this|next)\s+(?P<unit>week|month|year))\b",
    re.IGNORECASE,
)
_EN_DAY_OFF = {"today": 0, "yesterday": -1, "tomorrow": 1}
_EN_DIR = {"last": -1, "this": 0, "next": 1}

# what may follow a clock time and belongs to it: 10:30 a.m., 09:00 JST, 09:15:00+09:00, and
# ISO 8601's fraction of a second and UTC mark (09:15:00.123Z)
_TIME_SUFFIX = re.compile(
    r"(?:\.\d{1,9})?(?:\s?(?:(?:[AaPp]\.?[Mm]\.?|JST|UTC|GMT|Z)(?![A-Za-z])|[+-]\d{2}:?\d{2}(?!\d)))*"
)

_MASK = "_"  # replaces claimed spans before ja-timex runs; matches none of its patterns
_DAYS_PER_WEEK = 7
_CENTURY = 100  # a year below this is written with two digits (23年)
_TIMEX_MEMO = 4096  # texts whose ja-timex answer is kept (a few documents' lines and sentences)

# One parser per thread: TimexParser keeps per-call state (and by default shares one
# NumberNormalizer between instances), so it must not be shared across Dask threads.
_LOCAL = threading.local()


def _parser() -> TimexParser:
    parser: TimexParser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = TimexParser(number_normalizer=NumberNormalizer())
        _LOCAL.parser = parser
    return parser


def _timexes(masked_text: str, text: str) -> list[Any]:
    """ja-timex's TIMEXes of the text. A document's lines and sentences are scanned by several
    stages (the date line of cleaning, the publication date, the event dates), and ja-timex
    runs its ~250 patterns each time: its answer for a text is kept, per thread, for the last
    ``_TIMEX_MEMO`` texts (the TIMEXes are only read)."""
    memo: dict[str, list[Any]] | None = getattr(_LOCAL, "timexes", None)
    if memo is None or len(memo) >= _TIMEX_MEMO:
        memo = _LOCAL.timexes = {}
    found = memo.get(masked_text)
    if found is None:
        try:
            found = _parser().parse(masked_text)
        except Exception:  # a third-party parser on arbitrary web text: never let it stop the pipeline
            log.warning("ja-timex failed on %r", text[:80], exc_info=True)
            found = []
        memo[masked_text] = found
    return found


def _year2(year: int, ref_year: int | None) -> int:
    """23年5月 is 2023 in Japanese news; 98年 is 1998."""
    if year >= _CENTURY:
        return year
    century = 2000 if 2000 + year <= (ref_year or 2000 + year) + 5 else 1900
    return century + year


def _own_atoms(text: str) -> list[Atom]:
    found: list[Atom] = []
    for m in _NUM_RANGE_RE.finditer(text):
        first, last = int(m.group(1)), int(m.group(2))
        if m.group(3) == "日":
            found.append(Atom(m.start(1), m.end(1), day=first, bare=True))
            found.append(Atom(m.start(2), m.end(3), day=last))
        else:
            found.append(Atom(m.start(1), m.end(1), month=first, bare=True))
            found.append(Atom(m.start(2), m.end(3), month=last))
    for m in _WORDS_RE.finditer(text):
        found.append(Atom(m.start(), m.end(), **_WORDS[m.group()]))
    for m in _HIRAGANA_RE.finditer(text):
        found.append(Atom(m.start(), m.end(), day_off=_HIRAGANA_OFF[str(m.lastgroup)]))
    for m in _EN_DATE_RE.finditer(text):
        mon = next(m.group(g) for g in ("m1", "m2", "m3", "m4", "m5") if m.group(g))
        day = m.group("d1") or m.group("d2") or m.group("d4") or m.group("d5")
        year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4") or m.group("y5")
        found.append(
            Atom(
                m.start(),
                m.end(),
                year=int(year) if year else None,
                month=_EN_MONTHS[mon[:3].lower()],
                day=int(day) if day else None,
            )
        )
    for m in _EN_WEEKDAY_RE.finditer(text):
        found.append(Atom(m.start(), m.end(), weekday=_EN_WEEKDAYS.index(m.group().lower())))
    for m in _EN_REL_RE.finditer(text):
        if m.group("word"):
            found.append(Atom(m.start(), m.end(), day_off=_EN_DAY_OFF[m.group("word").lower()]))
        else:
            off = _EN_DIR[m.group("dir").lower()]
            found.append(_offset_atom(m.start(), m.end(), m.group("unit").lower(), off))
    return _non_overlapping(found)


def _non_overlapping(atoms: list[Atom]) -> list[Atom]:
    """Longest first among overlapping candidates, then left to right."""
    kept: list[Atom] = []
    taken: set[int] = set()
    for atom in sorted(atoms, key=lambda a: (-(a.end - a.start), a.start)):
        span = range(atom.start, atom.end)
        if not taken.intersection(span):
            kept.append(atom)
            taken.update(span)
    return sorted(kept, key=lambda a: a.start)


def _offset_atom(start: int, end: int, unit: str, off: int, *, anchored: bool = False) -> Atom:
    """3日前, last month: an offset of one unit from the reference (or the anchor)."""
    if unit == "day":
        return Atom(start, end, day_off=off, anchored=anchored)
    if unit == "week":
        return Atom(start, end, week_off=off, anchored=anchored)
    if unit == "month":
        return Atom(start, end, month_off=off, anchored=anchored)
    return Atom(start, end, year_off=off, anchored=anchored)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _from_timex(timex: Any, text: str, ref_year: int | None, times: set[int]) -> Atom | None:
    """A ja-timex TIMEX -> Atom, or None for what is not a calendar date (times, spans, seasons).

    ``times`` holds where clock times start: a date directly followed by one (1日10時) is whole.
    """
    start, end = timex.raw_span
    parsed: dict[str, str] = timex.parsed
    if timex.type == "DATE":
        if "weekday" in parsed:
            return Atom(start, end, weekday=_WEEKDAYS_JA.index(parsed["weekday"]))
        if not {"calendar_year", "calendar_month", "calendar_day"} <= parsed.keys():
            return None  # fiscal year, quarter, season, century
        # ja-timex anchors nothing on the left: "15-16日" yields "5-16日"; a digit next to the
        # match means it cut a number in two.
        if (start > 0 and text[start - 1].isdigit()) or (
            end < len(text) and text[end].isdigit() and end not in times
        ):
            return None
        year = _int_or_none(parsed["calendar_year"])
        return Atom(
            start,
            end,
            year=None if year is None else _year2(year, ref_year),
            year_guessed=year is not None and year < _CENTURY,
            month=_int_or_none(parsed["calendar_month"]),
            day=_int_or_none(parsed["calendar_day"]),
            kanji=bool(_KANJI_DIGITS.search(str(timex.raw_text))),
        )
    if timex.type != "DURATION" or timex.mod not in {"BEFORE", "AFTER", "NOW"} or "世紀" in timex.raw_text:
        return None
    if parsed.get("half_suffix"):
        return None  # 1年半前: not a calendar unit
    sign = {"BEFORE": -1, "AFTER": 1, "NOW": 0}[timex.mod]
    counted = "before_suffix" in parsed or "after_suffix" in parsed  # 3日前 vs 昨日
    # "その3日後" counts from the date just mentioned; "会談の3日前" from an event we cannot date
    anchored = counted and text[max(0, start - 2) : start] == "その"
    vague = counted and not anchored and text[start - 1 : start] == "の"
    for unit in ("day", "week", "month", "year"):
        n = _int_or_none(parsed.get(unit))
        if n is None:
            continue
        if vague:
            return Atom(start, end, vague=True)
        if unit == "week" and counted:
            return Atom(start, end, day_off=sign * n * _DAYS_PER_WEEK, anchored=anchored)
        return _offset_atom(start, end, unit, sign * n, anchored=anchored)
    return None


def find_atoms(text: str, ref_year: int | None) -> list[Atom]:
    """All atoms of text, left to right, none overlapping."""
    return scan(text, ref_year)[0]


def _time_spans(timexes: list[Any], text: str) -> list[tuple[int, int]]:
    """Clock times (10:30, 10時30分, 午前9時, 10:30 PM) with the zone or a.m./p.m. after them."""
    spans: list[tuple[int, int]] = []
    for timex in timexes:
        if timex.type != "TIME" or not timex.raw_span or _MASK in str(timex.raw_text):
            continue
        start, end = timex.raw_span
        if spans and start < spans[-1][1]:
            continue  # the 09:00 of +09:00, already a zone of the time before
        suffix = _TIME_SUFFIX.match(text, end)
        spans.append((start, suffix.end() if suffix else end))
    return spans


def scan(text: str, ref_year: int | None) -> tuple[list[Atom], list[tuple[int, int]]]:
    """The atoms of text (as :func:`find_atoms`) and its clock times as (start, end), from one ja-timex run."""
    own = _own_atoms(text)
    masked = list(text)
    for atom in own:
        masked[atom.start : atom.end] = _MASK * (atom.end - atom.start)
    masked_text = "".join(masked)
    timexes = _timexes(masked_text, text)
    timexes = [t for t in timexes if t.raw_span and masked_text[t.raw_span[0] : t.raw_span[1]] == t.raw_text]
    times = _time_spans(sorted(timexes, key=lambda t: t.raw_span), masked_text)
    starts = {start for start, _ in times}
    atoms = list(own)
    for timex in timexes:
        found = _from_timex(timex, masked_text, ref_year, starts)
        if found is not None and _MASK not in masked_text[found.start : found.end]:
            atoms.append(found)
    return _non_overlapping(atoms), times


def merge(left: Atom, right: Atom) -> Atom:
    """Union of two adjacent atoms (昨年 + 10月); the caller has checked that they fit."""
    fields = {
        name: getattr(left, name) if getattr(left, name) is not None else getattr(right, name)
        for name in ("year", "year_off", "month", "month_off", "day", "day_off", "week_off", "weekday")
    }
    return replace(
        left,
        end=right.end,
        anchored=left.anchored or right.anchored,
        bare=right.bare,
        kanji=left.kanji and right.kanji,
        year_guessed=left.year_guessed if left.year is not None else right.year_guessed,
        **fields,
    )
