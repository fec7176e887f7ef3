"""Event lists in the order an analyst picks (#15): by date either way, by confidence, by type.

Latest first is ``queries.list_events`` (which sorts only the candidates its date indexes give);
the other orders sort every matching event, then page. ``event_id`` breaks ties, so pages neither
repeat nor skip an event.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from kizashi.storage import Store
from kizashi.storage import schema as t
from kizashi.storage.queries import (
    EVENT_WHEN,
    MAX_LIMIT,
    NO_FILTERS,
    Filters,
    Page,
    clamp,
    count_events,
    event_conditions,
    events_select,
    fetch_rows,
    list_events,
)

__all__ = ["DEFAULT_SORT", "EVENT_SORTS", "sorted_events"]

_e = t.events
_LATEST = EVENT_WHEN.desc().nulls_last()
# "-" first is descending
EVENT_SORTS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "-date": (_LATEST,),
    "date": (EVENT_WHEN.asc().nulls_last(),),
    "-confidence": (_e.c.confidence.desc(), _LATEST),
    "confidence": (_e.c.confidence.asc(), _LATEST),
    "type": (_e.c.type.asc(), _LATEST),
    "-type": (_e.c.type.desc(), _LATEST),
}
DEFAULT_SORT = "-date"


def sorted_events(
    store: Store,
    filters: Filters = NO_FILTERS,
    *,
    sort: str = DEFAULT_SORT,
    limit: int = 50,
    offset: int = 0,
    max_limit: int = MAX_LIMIT,
) -> Page:
    """Events in the order ``sort`` names (a key of ``EVENT_SORTS``); ``max_limit`` is higher for
    downloads."""
    limit, offset = clamp(limit, offset, max_limit)
    if sort == DEFAULT_SORT and max_limit == MAX_LIMIT:
        return list_events(store, filters, limit=limit, offset=offset)
    order = (*EVENT_SORTS[sort], _e.c.event_id)
    query = events_select().where(*event_conditions(filters)).order_by(*order).limit(limit).offset(offset)
    return Page(count_events(store, filters), limit, offset, fetch_rows(store, query))
