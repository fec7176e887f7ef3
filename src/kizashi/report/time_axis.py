"""A real time axis for the column charts: dates at their true distance, gaps visible (#15).

Periods are days (YYYY-MM-DD) or months (YYYY-MM). Six years of scattered days used to be drawn
as consecutive columns; here each column stands at its date and is as wide as its period, and the
ticks (years, months or days, at most ``MAX_TICKS``) are anchored so the first and last labels
stay inside the chart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MAX_TICKS", "Tick", "TimeAxis", "label_width", "period_start", "ticks", "time_axis"]

MAX_TICKS = 7
CHAR_PX = 6.5  # the width of a digit at the charts' 11px font, about
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    anchor: str  # SVG text-anchor: start | middle | end


@dataclass(frozen=True, slots=True)
class TimeAxis:
    start: dt.date
    end: dt.date  # exclusive: the day after the last period
    width: float
    period_days: int  # 1 (days) or 31 (months): a column's width in days

    def x(self, day: dt.date) -> float:
        span = max(1, (self.end - self.start).days)
        return round(self.width * (day - self.start).days / span, 1)

    def column_width(self, day: dt.date) -> float:
        span = max(1, (self.end - self.start).days)
        days = _month_days(day) if self.period_days > 1 else 1
        return round(max(1.0, self.width * days / span - 0.5), 1)


def period_start(label: str) -> dt.date | None:
    """The first day of a period label, or None if it is no day or month."""
    try:
        if _DAY.fullmatch(label):
            return dt.date.fromisoformat(label)
        if _MONTH.fullmatch(label):
            return dt.date.fromisoformat(label + "-01")
    except ValueError:
        return None
    return None


def _month_days(day: dt.date) -> int:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - day.replace(day=1)).days


def time_axis(labels: list[str], width: float) -> TimeAxis | None:
    """The axis for these period labels, or None when any of them is not a day or a month."""
    days = [period_start(label) for label in labels]
    if not days or any(d is None for d in days):
        return None
    known = sorted(d for d in days if d is not None)
    monthly = any(_MONTH.fullmatch(label) for label in labels)
    last = known[-1]
    end = last + dt.timedelta(days=_month_days(last) if monthly else 1)
    return TimeAxis(known[0], end, width, 31 if monthly else 1)


def label_width(label: str) -> float:
    """About how wide a tick label is drawn, in px."""
    return len(label) * CHAR_PX


def ticks(axis: TimeAxis) -> list[Tick]:
    """Year, month or day ticks inside the axis, evenly stepped, labels kept inside the chart."""
    span = (axis.end - axis.start).days
    if span > 3 * 365:
        years = list(range(axis.start.year + (axis.start.month > 1 or axis.start.day > 1), axis.end.year + 1))
        step = -(-len(years) // MAX_TICKS) or 1
        points = [(dt.date(y, 1, 1), str(y)) for y in years[::step]]
    elif span > 62:
        months = []
        y, m = axis.start.year, axis.start.month
        if axis.start.day > 1:
            y, m = y + m // 12, m % 12 + 1
        while dt.date(y, m, 1) < axis.end:
            months.append(dt.date(y, m, 1))
            y, m = y + m // 12, m % 12 + 1
        step = -(-len(months) // MAX_TICKS) or 1
        points = [(d, d.strftime("%Y-%m")) for d in months[::step]]
    else:
        step = -(-span // MAX_TICKS) or 1
        points = [
            (axis.start + dt.timedelta(days=i), (axis.start + dt.timedelta(days=i)).isoformat())
            for i in range(0, span, step)
        ]
    out = []
    for day, label in points:
        x, half = axis.x(day), label_width(label) / 2
        anchor = "start" if x < half else "end" if x > axis.width - half else "middle"
        out.append(Tick(x, label, anchor))
    return out
