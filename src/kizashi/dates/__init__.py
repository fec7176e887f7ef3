"""Dates in text: Japanese and English date expressions, resolved against a reference date.

The one date parser of Kizashi: publication dates (``text.pubdate``) and event dates (``events``)
both go through it. :func:`find_dates` resolves expressions against a reference date;
:func:`find_parts` gives them as written (for a caller that places them itself, with
:func:`next_matching`), and :func:`find_clock_times` the clock times beside them.
"""

from kizashi.dates.calendar import next_matching
from kizashi.dates.expressions import DateExpr, DateParts, find_clock_times, find_dates, find_parts, resolve

__all__ = [
    "DateExpr",
    "DateParts",
    "find_clock_times",
    "find_dates",
    "find_parts",
    "next_matching",
    "resolve",
]
