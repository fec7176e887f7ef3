"""Filter values from the CLI and the web, checked and normalised before any query runs.

A date that is no date (2025-13-45, "yesterday") or an event type that does not exist used to
give an empty list, as if nothing matched; now it is a ``FilterError`` naming the filter and the
value, and event types and statuses are case-insensitive (meet = MEET).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import replace

from kizashi.errors import FilterError
from kizashi.events.taxonomy import Taxonomy
from kizashi.storage.queries import Filters

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(name: str, value: str | None) -> str | None:
    """``value`` if it is a real calendar date written YYYY-MM-DD; blank means no filter."""
    if not value:
        return None
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise FilterError(f"{name}: {value!r} is not a date (YYYY-MM-DD, e.g. 2025-05-25)")


def check_choice(name: str, value: str | None, known: Collection[str], *, upper: bool) -> str | None:
    """``value`` in the case of ``known`` if it is one of them; blank means no filter."""
    if not value:
        return None
    folded = value.strip().upper() if upper else value.strip().lower()
    if folded not in known:
        raise FilterError(f"{name}: unknown value {value!r} (known: {', '.join(sorted(known))})")
    return folded


def check_confidence(name: str, value: str | None) -> float | None:
    """``value`` as a confidence between 0 and 1; blank means no filter."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:  # also NaN
        raise FilterError(f"{name}: {value!r} is not a confidence between 0 and 1 (e.g. 0.7)")
    return number


def check_sort(name: str, value: str | None, known: Collection[str], default: str) -> str:
    """``value`` if it is one of the orders ``known`` (``-`` first: descending); blank: ``default``."""
    if not value or not value.strip():
        return default
    folded = value.strip().lower()
    if folded not in known:
        raise FilterError(f"{name}: unknown order {value!r} (known: {', '.join(sorted(known))})")
    return folded


def check_filters(f: Filters, *, event_types: Collection[str], statuses: Collection[str]) -> Filters:
    """``f`` with its dates checked and its type and status in their stored case."""
    checked = replace(
        f,
        date_from=check_date("date_from", f.date_from),
        date_to=check_date("date_to", f.date_to),
        event_type=check_choice("event_type", f.event_type, event_types, upper=True),
        status=check_choice("status", f.status, statuses, upper=False),
    )
    if checked.date_from and checked.date_to and checked.date_from > checked.date_to:
        raise FilterError(f"date_from {checked.date_from} is after date_to {checked.date_to}")
    return checked


def checked_filters(f: Filters, taxonomy: Taxonomy) -> Filters:
    """``check_filters`` against the taxonomy's types and statuses (happened, and each status the
    taxonomy has cues for)."""
    return check_filters(f, event_types=taxonomy.types, statuses={"happened", *taxonomy.status_cues})


__all__ = [
    "check_choice",
    "check_confidence",
    "check_date",
    "check_filters",
    "check_sort",
    "checked_filters",
]
