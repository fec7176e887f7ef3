"""Calendar arithmetic for :mod:`kizashi.dates.expressions`: a combined atom + a reference date -> "YYYY[-MM[-DD]]".

Japanese news omits what the reader knows: "26日" is in the month of publication (or the one before),
"5月26日" in the year of publication (or the one before). Without a year or month we pick among
neighbouring candidates: the latest one that starts on or before the reference (plus a day of
tolerance for time zones and late publication), or, when the caller says the sentence speaks of
the future, the earliest one that ends on or after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from kizashi.dates.atoms import Atom

DAY, MONTH, YEAR = 3, 2, 1  # precision levels, finer is larger
# a month and day with no year almost never means nearly a year ago when that day is weeks ahead
_STALE_DAYS = 300
_SOON = dt.timedelta(days=60)
_TOLERANCE = dt.timedelta(days=1)
_MIN_BASE = dt.date(dt.MINYEAR + 1, 1, 1)
_MAX_BASE = dt.date(dt.MAXYEAR - 1, 12, 31)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved date at some precision: ``date`` is the first day of the period."""

    date: dt.date
    level: int

    @property
    def value(self) -> str:
        return self.date.isoformat()[: {YEAR: 4, MONTH: 7, DAY: 10}[self.level]]

    @property
    def last_day(self) -> dt.date:
        if self.level == DAY:
            return self.date
        if self.level == MONTH:
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date.replace(month=12, day=31)


def _shift(when: dt.date, days: int) -> dt.date | None:
    ordinal = when.toordinal() + days
    return dt.date.fromordinal(ordinal) if 1 <= ordinal <= dt.date.max.toordinal() else None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def make_date(year: int, month: int, day: int | None) -> dt.date | None:
    """The day (the first of the month when day is None), or None when there is no such date."""
    if not (dt.MINYEAR <= year <= dt.MAXYEAR and 1 <= month <= 12):
        return None
    if day is None:
        return dt.date(year, month, 1)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _pick(candidates: list[Resolved], base: dt.date, *, future: bool, weekday: int | None) -> Resolved | None:
    """Latest candidate not after base (+ tolerance), or with future the first not ending before base.

    A weekday written next to the date ("26日(金)") outweighs tense: among the candidates on that
    weekday the rule picks, and if it picks none, the one nearest to base wins.
    """
    if weekday is not None:
        matching = [c for c in candidates if c.date.weekday() == weekday]
        if matching:
            chosen = _by_tense(matching, base, future=future)
            return chosen or min(matching, key=lambda c: abs((c.date - base).days))
    return _by_tense(candidates, base, future=future)


def _by_tense(candidates: list[Resolved], base: dt.date, *, future: bool) -> Resolved | None:
    if future:
        return next((c for c in candidates if c.last_day >= base), None)
    past = next((c for c in reversed(candidates) if c.date <= base + _TOLERANCE), None)
    soon = next((c for c in candidates if base < c.date <= base + _SOON), None)
    if past is not None and soon is not None and (base - past.date).days > _STALE_DAYS:
        return soon  # 10月6日 written on 30 September: next week's, not last year's
    return past


def _weekday(base: dt.date, weekday: int, week_off: int | None, *, future: bool) -> dt.date:
    if week_off is not None:  # 先週水曜日: that weekday of the week (Monday to Sunday) before base's
        monday = base - dt.timedelta(days=base.weekday())
        return monday + dt.timedelta(weeks=week_off, days=weekday)
    if future:  # the next one after base
        return base + dt.timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)
    return base - dt.timedelta(days=(base.weekday() - weekday) % 7)  # latest on or before base


def resolve_atom(atom: Atom, base: Resolved | None, *, future: bool) -> Resolved | None:
    """Resolve atom against base (the reference date, or the anchor for 同日-like atoms)."""
    if atom.vague:
        return None
    if atom.year is not None and atom.year_off is None and not atom.anchored:
        # an absolute date needs no base
        if atom.month is None:
            return Resolved(dt.date(atom.year, 1, 1), YEAR) if dt.MINYEAR <= atom.year <= dt.MAXYEAR else None
        when = make_date(atom.year, atom.month, atom.day)
        return None if when is None else Resolved(when, DAY if atom.day is not None else MONTH)
    if base is None or not _MIN_BASE <= base.date <= _MAX_BASE:
        return None  # the calendar's first and last weeks leave no room for neighbours
    return _relative(atom, base, future=future)


def _relative(atom: Atom, base: Resolved, *, future: bool) -> Resolved | None:
    ref = base.date
    if atom.day_off is not None:
        target = _shift(ref, atom.day_off)
        if target is None or base.level != DAY:
            return None
        if atom.day is not None:  # 本日6日: the written day wins over a publication date a day off
            months = [_add_months(target.year, target.month, k) for k in (-1, 0, 1)]
            written = [d for d in (make_date(y, m, atom.day) for y, m in months) if d is not None]
            if written:
                return Resolved(min(written, key=lambda d: abs((d - target).days)), DAY)
        return Resolved(target, DAY)
    if atom.week_off is not None:
        if atom.weekday is None or base.level != DAY:
            return None  # 先週, 来週: a week is not a date
        return Resolved(_weekday(ref, atom.weekday, atom.week_off, future=future), DAY)
    if atom.month_off is not None:
        if base.level < MONTH:
            return None
        shifted = _add_months(ref.year, ref.month, atom.month_off)
        when = make_date(*shifted, atom.day)
        return None if when is None else Resolved(when, DAY if atom.day is not None else MONTH)
    year: int | None = atom.year
    if atom.year_off is not None:
        year = ref.year + atom.year_off
    if year is not None:
        if atom.month is None:
            return Resolved(dt.date(year, 1, 1), YEAR) if dt.MINYEAR <= year <= dt.MAXYEAR else None
        when = make_date(year, atom.month, atom.day)
        return None if when is None else Resolved(when, DAY if atom.day is not None else MONTH)
    if base.level != DAY:
        return None  # "26日" after a month-level anchor is not for us to guess
    if atom.month is not None:
        level = DAY if atom.day is not None else MONTH
        candidates = [make_date(y, atom.month, atom.day) for y in (ref.year - 1, ref.year, ref.year + 1)]
        pool = [Resolved(c, level) for c in candidates if c is not None]
        return _pick(pool, ref, future=future, weekday=atom.weekday if atom.day is not None else None)
    if atom.day is not None:
        months = [_add_months(ref.year, ref.month, k) for k in range(-2, 3)]
        candidates = [make_date(y, m, atom.day) for y, m in months]
        pool = [Resolved(c, DAY) for c in candidates if c is not None]
        return _pick(pool, ref, future=future, weekday=atom.weekday)
    if atom.weekday is not None:
        return Resolved(_weekday(ref, atom.weekday, None, future=future), DAY)
    return None


def next_matching(
    after: dt.date, day: int, *, month: int | None = None, weekday: int | None = None, months: int = 25
) -> dt.date | None:
    """The first date on or after ``after`` on this day of the month (and month, weekday), ``months`` months ahead at most."""
    for k in range(months):
        year, month_k = _add_months(after.year, after.month, k)
        if month is not None and month_k != month:
            continue
        when = make_date(year, month_k, day)
        if when is not None and when >= after and (weekday is None or when.weekday() == weekday):
            return when
    return None


def roll_forward(end: Resolved, start: Resolved, atom: Atom) -> Resolved | None:
    """The end of a range comes after its start: 30日~2日 is into the next month, 12月28日~1月4日 the next year."""
    if end.date >= start.date or atom.has_year:
        return end
    if atom.month is None:
        year, month = _add_months(end.date.year, end.date.month, 1)
        when = make_date(year, month, end.date.day)
    else:
        when = make_date(end.date.year + 1, end.date.month, end.date.day)
    return None if when is None else Resolved(when, end.level)


def tense(resolved: Resolved | None, atom: Atom, ref: dt.date | None) -> str:
    """past / future from where the period lies against ref; unknown if it contains ref or is unresolved."""
    if resolved is not None and ref is not None:
        if resolved.last_day < ref:
            return "past"
        if resolved.date > ref:
            return "future"
        return "unknown"  # 今日, 今月, 今年: the period holds ref
    if not atom.anchored:
        for off in (atom.day_off, atom.week_off, atom.month_off, atom.year_off):
            if off:
                return "past" if off < 0 else "future"
    return "unknown"
