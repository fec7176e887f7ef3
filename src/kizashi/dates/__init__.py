"""Dates in text: Japanese and English date expressions, resolved against a reference date.

The one date parser of Kizashi: publication dates (``text.pubdate``) and event dates (``events``)
both go through it.
"""

from kizashi.dates.expressions import DateExpr, find_dates, resolve

__all__ = ["DateExpr", "find_dates", "resolve"]
