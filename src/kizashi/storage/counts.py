"""Counts for the desk's charts and filter menus: events per type and per day, the facets stored.

Without filters each is read from the counts the writes keep (``aggregates.py``: a few small
rows, not every event); with filters each reads every matching event. Either is kept once per
store generation (``Store.read_cache``). The ``full_*`` functions count from the events, as
the kept counts must agree with (tested)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, or_, select

from kizashi.storage import Store, aggregates
from kizashi.storage import schema as t
from kizashi.storage.queries import NO_FILTERS, Filters, event_conditions, events_from, fetch_rows

_e, _s = t.events, t.stories


def counts_by_type(store: Store, filters: Filters = NO_FILTERS) -> list[tuple[str, int]]:
    """Events per type, most first (once per store generation: it reads every matching event)."""
    if filters == NO_FILTERS:
        return store.read_cache.get(("counts_by_type", filters), lambda: _kept(store, "type", by_count=True))
    return store.read_cache.get(("counts_by_type", filters), lambda: full_counts_by_type(store, filters))


def _kept(
    store: Store, kind: str, *, by_count: bool = False, latest: int | None = None
) -> list[tuple[str, int]]:
    with store.engine.connect() as conn:
        return aggregates.count_rows(conn, kind, by_count=by_count, latest=latest)


def full_counts_by_type(store: Store, filters: Filters) -> list[tuple[str, int]]:
    q = (
        select(_e.c.type, func.count().label("n"))
        .select_from(events_from(filters))
        .where(*event_conditions(filters))
        .group_by(_e.c.type)
        .order_by(func.count().desc(), _e.c.type)
    )
    return [(r["type"], int(r["n"])) for r in fetch_rows(store, q)]


def counts_by_day(store: Store, *, days: int = 90) -> dict[str, list[tuple[str, int]]]:
    """Events and stories per day, the latest ``days`` days that have any.

    An event's day is its own date when that is a full day, else its story's publication date:
    counted in two grouped queries (each able to use its date index) and added up here. Kept
    once per store generation (the home page shows it)."""
    return store.read_cache.get(("counts_by_day", days), lambda: _kept_by_day(store, days))


def _kept_by_day(store: Store, days: int) -> dict[str, list[tuple[str, int]]]:
    if days <= 0:
        return {"events": [], "stories": []}
    return {
        "events": sorted(_kept(store, "event_day", latest=days)),
        "stories": sorted(_kept(store, "story_day", latest=days)),
    }


def full_counts_by_day(store: Store, days: int) -> dict[str, list[tuple[str, int]]]:
    full = func.length(_e.c.date) == 10
    own = (
        select(_e.c.date.label("day"), func.count().label("n"))
        .where(full)
        .group_by(_e.c.date)
        .order_by(_e.c.date.desc())
        .limit(days)
    )
    # the events without a day first, on their own: joined in one query, SQLite would read every
    # story by date to find them (MATERIALIZED: SQLite >= 3.35, PostgreSQL >= 12)
    undated = select(_e.c.story_id).where(or_(_e.c.date.is_(None), ~full)).cte("undated")
    undated = undated.prefix_with("MATERIALIZED")
    by_story = (
        select(_s.c.pub_date.label("day"), func.count().label("n"))
        .select_from(undated.join(_s, _s.c.story_id == undated.c.story_id))
        .where(_s.c.pub_date.is_not(None))
        .group_by(_s.c.pub_date)
        .order_by(_s.c.pub_date.desc())
        .limit(days)
    )
    events: Counter[str] = Counter()
    for r in [*fetch_rows(store, own), *fetch_rows(store, by_story)]:
        events[r["day"]] += int(r["n"])
    st = (
        select(_s.c.pub_date.label("day"), func.count().label("n"))
        .where(_s.c.pub_date.is_not(None))
        .group_by(_s.c.pub_date)
        .order_by(_s.c.pub_date.desc())
        .limit(days)
    )
    return {
        "events": sorted(events.items())[-days:] if days > 0 else [],
        "stories": sorted((r["day"], int(r["n"])) for r in fetch_rows(store, st)),
    }


def event_facets(store: Store) -> dict[str, list[str]]:
    """The event types, modes and statuses stored, for filter menus (once per store generation:
    modes and statuses have no index, so each is a scan of the events)."""
    return store.read_cache.get(("event_facets",), lambda: _kept_facets(store))


def _kept_facets(store: Store) -> dict[str, list[str]]:
    kinds = (("types", "type"), ("modes", "mode"), ("statuses", "status"))
    return {name: [key for key, _ in _kept(store, kind)] for name, kind in kinds}


def full_event_facets(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for name, col in (("types", _e.c.type), ("modes", _e.c.mode), ("statuses", _e.c.status)):
            q = select(col).where(col.is_not(None)).distinct().order_by(col)
            out[name] = [str(v) for v in conn.execute(q).scalars()]
    return out
