"""Date expressions in a sentence (Japanese and English), resolved against the publication date.

>>> import datetime
>>> [(d.text, d.value) for d in find_dates("政府は先月31日と5月15~16日に協議した。", datetime.date(2023, 6, 3))]
[('先月31日', '2023-05-31'), ('5月15~16日', '2023-05-15')]

Atoms come from ja-timex plus our own patterns (:mod:`kizashi.dates.atoms`); this module joins
adjacent atoms (昨年 + 10月, 26日 + (金), 5月 + 15 + ~16日), drops numbers that only look like
dates (30日以内, 3月期決算, 今年度), and resolves (:mod:`kizashi.dates.calendar`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kizashi.dates.atoms import Atom, find_atoms, merge, scan
from kizashi.dates.calendar import DAY, MONTH, YEAR, Resolved, make_date, resolve_atom, roll_forward, tense

__all__ = ["DateExpr", "DateParts", "find_clock_times", "find_dates", "find_parts", "resolve"]


@dataclass(frozen=True, slots=True)
class DateExpr:
    start: int  # char offsets in the text given
    end: int
    text: str  # as written, e.g. "25日", "先月31日", "15~16日", "来月", "水曜日"
    value: str | None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when it cannot be resolved
    end_value: str | None = None  # for ranges (15~16日 -> value ...-15, end_value ...-16)
    tense: str = "past"  # "past" | "future" | "unknown", from the expression and ref (来月 = future)
    relative: bool = True  # False for fully absolute dates (2023年5月26日)


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date expression as written, before any resolving: what it says of year, month, day and weekday.

    ``year``, ``month`` and ``day`` are the written ones (``2023年``, ``5月``, ``26日``, ``May 26``), None
    where the text leaves them out or counts them from another date (``昨年``, ``先月``).
    """

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # written: 0 = Monday (26日(金), Friday, May 26)
    relative: bool = False  # counted from another date: 昨年5月, 先月26日, あす4日, 同日, last week
    # days from the day of writing, alone or with its day: 0 for 本日, きょう, 今朝 (本日6日),
    # -1 for きのう, 昨日 (きのう5日), 1 for あす (あす7日), -3 for 3日前; None for the rest
    from_today: int | None = None
    year_guessed: bool = False  # a two-digit year (23年) whose century is a guess
    prose: bool = False  # the year written with 年 (2023年, 令和5年), as in running Japanese text

    @property
    def date(self) -> dt.date | None:
        """The day, when year (not a guessed one), month and day are all written and a written weekday agrees."""
        if self.relative or self.year_guessed or self.year is None or self.month is None or self.day is None:
            return None
        when = make_date(self.year, self.month, self.day)
        if when is None or (self.weekday is not None and when.weekday() != self.weekday):
            return None
        return when


_JOIN_GAPS = {"", " "}
_WEEKDAY_GAPS = {"", " ", ", "}  # Friday, May 26
_RANGE_SEP = re.compile(r"\s*(?:~|〜|～|-|から)\s*")
_LIST_SEP = re.compile(r"\s*[・、]\s*")  # 10・11日, 10、11日: only between a bare number and a date
# 5月下旬, 昨年末, 今月中 widen a month or a year; 中 must not start a word (今年中国が)
_PERIOD_SUFFIX = re.compile(r"末|初め|初旬|上旬|中旬|下旬|半ば|初頭|前半|後半|中(?![\u4e00-\u9fff])")
# a day count, not a date: 30日以内, 3日連続, 1日当たり, 2日分
_NOT_A_DAY = re.compile(r"間|以内|以上|未満|連続|当たり|あたり|ぶり|分|超|余り|置き|おき")
_MIN_YEAR_ALONE = 1000  # "500年に一度" is a span, "1945年" a date


def _joinable(left: Atom, right: Atom) -> bool:
    """Does right continue left as one expression (昨年 + 10月, 5月 + 26日, 26日 + (金))?"""
    if left.vague or right.vague or left.bare:
        return False
    if right.only_weekday:
        return left.weekday is None and (left.has_day or left.week_off is not None)
    if left.only_weekday:  # Friday, May 26
        return right.has_day and right.weekday is None
    right_is_day = right.day is not None and not (
        right.has_year or right.has_month or right.day_off is not None
    )
    if left.has_year and not left.has_month and not left.has_day and left.week_off is None:
        return right.month is not None and not right.has_year and right.month_off is None
    if left.has_month and not left.has_day:
        return right_is_day
    if left.day_off is not None and left.day is None:  # あす4日: tomorrow, the 4th
        return right_is_day and not right.bare
    return False


def _join(atoms: list[Atom], text: str) -> list[Atom]:
    groups: list[Atom] = []
    for atom in atoms:
        gaps = _WEEKDAY_GAPS if groups and groups[-1].only_weekday else _JOIN_GAPS
        if groups and text[groups[-1].end : atom.start] in gaps and _joinable(groups[-1], atom):
            groups.append(merge(groups.pop(), atom))
        else:
            groups.append(atom)
    return groups


def _finest(atom: Atom) -> int:
    if atom.has_day:
        return DAY
    return MONTH if atom.has_month else YEAR


def _range_end(left: Atom, right: Atom, text: str) -> bool:
    """Is right the end of a range starting at left (15~16日, 5月15日から6月2日, 4~6月)?"""
    sep = text[left.end : right.start]
    if left.bare:
        if not (_RANGE_SEP.fullmatch(sep) or _LIST_SEP.fullmatch(sep)):
            return False
        if left.day is not None:
            return right.day is not None and not right.has_month and not right.has_year
        return right.month is not None and not right.has_day and not right.has_year
    if not _RANGE_SEP.fullmatch(sep) or right.bare:
        return False
    dated = (left, right)
    return all(not a.vague and not a.only_weekday and a.week_off is None for a in dated) and (
        _finest(right) <= _finest(left) or right.has_year or right.has_month
    )


def _groups(atoms: list[Atom], text: str) -> Iterator[tuple[Atom, Atom | None]]:
    """(start, end-of-range or None), left to right."""
    i = 0
    while i < len(atoms):
        if i + 1 < len(atoms) and _range_end(atoms[i], atoms[i + 1], text):
            yield atoms[i], atoms[i + 1]
            i += 2
        else:
            yield atoms[i], None
            i += 1


def _is_noise(atom: Atom, end: int, text: str, *, ranged: bool) -> bool:
    after = text[end : end + 3]
    day_only = atom.day is not None and not (atom.has_month or atom.has_year)
    year_only = atom.has_year and not atom.has_month and not atom.has_day
    relative = atom.anchored or any(
        off is not None for off in (atom.year_off, atom.month_off, atom.week_off, atom.day_off)
    )
    return (
        (atom.bare and not ranged)
        or (atom.kanji and day_only and end - atom.start <= len("一日"))  # 一日も早く, 三日坊主, 十日町
        or (day_only and bool(_NOT_A_DAY.match(after)))  # also 1~2日間
        or (year_only and after.startswith("度"))  # 今年度, 昨年度: fiscal years
        or (atom.year is not None and year_only and atom.year < _MIN_YEAR_ALONE)
        or (relative and after.startswith(("比", "同期")))  # 前年比, 昨年同期
        or (atom.has_month and not atom.has_day and not ranged and after.startswith("期"))  # 3月期決算
    )


def _inherit(end: Atom, start: Resolved) -> Atom:
    """The end of a range borrows what it leaves out from its start (5月15~16日)."""
    if end.has_year or end.month_off is not None or end.day_off is not None or end.week_off is not None:
        return end
    if end.month is None:
        return replace(end, year=start.date.year, month=start.date.month, anchored=False)
    return replace(end, year=start.date.year, anchored=False)


def _range_tense(start: Resolved | None, end: Resolved | None, atom: Atom, ref: dt.date | None) -> str:
    if start is None or end is None or ref is None:
        return tense(start, atom, ref)
    if end.last_day < ref:
        return "past"
    return "future" if start.date > ref else "unknown"


def find_dates(
    text: str, ref: dt.date | None, *, future: bool = False, anchor: dt.date | None = None
) -> list[DateExpr]:
    """Every date expression in text, resolved against ref (None: only absolute ones resolve).

    ``future`` says the sentence speaks of the future, so "26日" and "水曜日" are the next ones
    rather than the latest. ``anchor`` is the date mentioned last before this text (for 同日,
    前日, 同月); each resolved expression becomes the anchor for the ones after it.
    """
    if isinstance(ref, dt.datetime):
        ref = ref.date()
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    base = None if ref is None else Resolved(ref, DAY)
    last = None if anchor is None else Resolved(anchor, DAY)
    found: list[DateExpr] = []
    for first, last_atom in _groups(_join(find_atoms(text, ref.year if ref else None), text), text):
        end = last_atom.end if last_atom else first.end
        if _is_noise(first, end, text, ranged=last_atom is not None):
            continue
        if last_atom is None and not first.has_day and first.week_off is None:
            suffix = _PERIOD_SUFFIX.match(text, end)
            end = suffix.end() if suffix else end
        start_r = resolve_atom(first, last if first.anchored else base, future=future)
        end_r = None
        if last_atom is not None:
            if start_r is not None:
                end_atom = _inherit(last_atom, start_r)
                end_r = resolve_atom(end_atom, last if end_atom.anchored else base, future=future)
                end_r = None if end_r is None else roll_forward(end_r, start_r, last_atom)
            else:
                end_r = resolve_atom(last_atom, last if last_atom.anchored else base, future=future)
        found.append(
            DateExpr(
                start=first.start,
                end=end,
                text=text[first.start : end],
                value=None if start_r is None else start_r.value,
                end_value=None if end_r is None else end_r.value,
                tense=_range_tense(start_r, end_r, first, ref) if last_atom else tense(start_r, first, ref),
                relative=first.year is None or first.anchored or first.year_off is not None,
            )
        )
        last = start_r or last
    return found


def _parts(atom: Atom, text: str) -> DateParts:
    offsets = (atom.year_off, atom.month_off, atom.week_off, atom.day_off)
    return DateParts(
        start=atom.start,
        end=atom.end,
        text=text[atom.start : atom.end],
        year=atom.year,
        month=atom.month,
        day=atom.day,
        weekday=atom.weekday,
        relative=atom.anchored or any(off is not None for off in offsets),
        from_today=None if atom.anchored or offsets[:3] != (None, None, None) else atom.day_off,
        year_guessed=atom.year_guessed,
        prose=atom.year is not None and "年" in text[atom.start : atom.end],
    )


def find_parts(text: str) -> list[DateParts]:
    """Every date expression of text as written, left to right; both ends of a range count.

    The expressions are those :func:`find_dates` finds, with the same noise left out (30日以内,
    3月期, 今年度), but nothing is resolved: ``DateParts.date`` is the day when the text writes
    all of it.
    """
    found: list[DateParts] = []
    for first, last_atom in _groups(_join(find_atoms(text, None), text), text):
        end = last_atom.end if last_atom else first.end
        if _is_noise(first, end, text, ranged=last_atom is not None):
            continue
        found.extend(_parts(atom, text) for atom in (first, last_atom) if atom is not None)
    return found


def find_clock_times(text: str) -> list[tuple[int, int]]:
    """Clock times of text as (start, end): 10:30, 10時30分, 午前9時, 09:15:00+09:00, 10:30 a.m. JST."""
    return scan(text, None)[1]


def resolve(
    expr: str, ref: dt.date | None, *, future: bool = False, anchor: dt.date | None = None
) -> str | None:
    """One expression -> its value (the first date found in expr), or None."""
    found = find_dates(expr, ref, future=future, anchor=anchor)
    return found[0].value if found else None
