"""Read queries about actors: entity pages, the list of entities, the timeline and the actor graph."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from sqlalchemy import ColumnElement, func, or_, select, union_all

from kizashi.storage import Store, aggregates, entity_counts
from kizashi.storage import schema as t
from kizashi.storage.queries import (
    EVENT_WHEN,
    MAX_LIMIT,
    NO_FILTERS,
    Filters,
    Page,
    Row,
    clamp,
    count_events,
    count_rows,
    event_conditions,
    fetch_rows,
    latest_events,
)

_e, _s, _d = t.events, t.stories, t.documents

MAX_TIMELINE = 2000
MAX_NEIGHBOURS = 2000  # beyond this many counterparts, the graph shows the actor's own edges only
MAX_DAY_BARS = 120  # beyond this many days, mentions over time are counted per month


def list_entities(
    store: Store,
    *,
    q: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
    max_limit: int = MAX_LIMIT,
) -> Page:
    """Entities by the number of documents naming them; ``q`` is a substring of any of their names.
    ``max_limit`` is higher for downloads."""
    limit, offset = clamp(limit, offset, max_limit)
    ent, de = t.entities, t.doc_entities
    n_docs = select(func.count()).where(de.c.entity_id == ent.c.entity_id).scalar_subquery()
    cond = []
    if q:
        cond.append(
            or_(ent.c.canonical.contains(q, autoescape=True), ent.c.names.contains(q, autoescape=True))
        )
    if type:
        cond.append(ent.c.type == type)
    query = select(
        ent.c.entity_id,
        ent.c.canonical,
        ent.c.type,
        ent.c.country,
        ent.c.wikidata,
        ent.c.linked,
        n_docs.label("documents"),
    ).where(*cond)
    ordered = query.order_by(n_docs.desc(), ent.c.canonical).limit(limit).offset(offset)
    return Page(count_rows(store, query), limit, offset, fetch_rows(store, ordered))


def entity_detail(
    store: Store, entity_id: str, *, limit: int = 100, actor_offset: int = 0, target_offset: int = 0
) -> Row | None:
    """An entity: names, roles over time, events as actor and as target (a page of ``limit`` each,
    from its offset), co-occurring actors, and mentions over time. Its aggregates read every mention
    of the entity (a country's are a fifth of the store), so the page is kept once per store
    generation; callers must not change it."""
    return store.read_cache.get(
        ("entity_detail", entity_id, limit, actor_offset, target_offset),
        lambda: _entity_detail(store, entity_id, limit, actor_offset, target_offset),
    )


def _entity_detail(
    store: Store, entity_id: str, limit: int, actor_offset: int, target_offset: int
) -> Row | None:
    ent, m, de = t.entities, t.mentions, t.doc_entities
    with store.engine.connect() as conn:
        row = conn.execute(select(ent).where(ent.c.entity_id == entity_id)).mappings().first()
        if row is None:
            return None
        # a title written beside the name (mentions) or known for the document's date (doc_entities)
        roles_q = union_all(
            select(m.c.role.label("role"), _s.c.pub_date.label("day"))
            .select_from(m.join(_s, _s.c.story_id == m.c.story_id))
            .where(m.c.entity_id == entity_id, m.c.role.is_not(None)),
            select(de.c.role.label("role"), _d.c.pub_date.label("day"))
            .select_from(de.join(_d, _d.c.doc_id == de.c.doc_id))
            .where(de.c.entity_id == entity_id, de.c.role.is_not(None)),
        ).subquery()
        roles = conn.execute(
            select(
                roles_q.c.role,
                func.min(roles_q.c.day).label("first"),
                func.max(roles_q.c.day).label("last"),
                func.count().label("n"),
            )
            .group_by(roles_q.c.role)
            .order_by(func.min(roles_q.c.day).nulls_last(), roles_q.c.role)
        ).mappings()
        role_rows = [dict(r) for r in roles]
        # kept up to date by the writes (entity_counts.py): not every mention of the entity
        days = entity_counts.mention_days(conn, entity_id)
        co = entity_counts.co_occurring(conn, entity_id, limit=25)
    as_actor, as_target = _e.c.actor1 == entity_id, _e.c.actor2 == entity_id
    return {
        "entity": {**dict(row), "names": json.loads(row["names"])},
        "roles": role_rows,
        "as_actor": latest_events(store, as_actor, limit=limit, offset=actor_offset),
        "as_actor_total": count_events(store, NO_FILTERS, as_actor),
        "as_target": latest_events(store, as_target, limit=limit, offset=target_offset),
        "as_target_total": count_events(store, NO_FILTERS, as_target),
        "co_occurring": co,
        "mentions_over_time": per_period(days),
    }


def per_period(days: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts per day, or per month when there are too many days for one chart."""
    if len(days) <= MAX_DAY_BARS:
        return days
    months: Counter[str] = Counter()
    for day, n in days:
        months[day[:7]] += n
    return sorted(months.items())


def _start(date: str) -> str:
    """A day for a date of any precision: 2025 -> 2025-01-01, 2025-07 -> 2025-07-01."""
    return date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date


def timeline(store: Store, filters: Filters = NO_FILTERS, *, limit: int = MAX_TIMELINE) -> list[Row]:
    """Dated events for a timeline: one item each, with its precision (day, month or year)."""
    latest = latest_events(
        store, EVENT_WHEN.is_not(None), *event_conditions(filters), limit=max(1, min(limit, MAX_TIMELINE))
    )
    items = []
    for r in latest:
        when = str(r["when"])
        precision = {4: "year", 7: "month"}.get(len(when), "day")
        items.append({**r, "start": _start(when[:10]), "precision": precision})
    return items


def _edge_rows(store: Store, filters: Filters, *extra: ColumnElement[bool]) -> list[Row]:
    if filters == NO_FILTERS and not extra:  # every edge: kept up to date by the writes
        with store.engine.connect() as conn:
            return aggregates.edge_rows(conn)
    return full_edge_rows(store, filters, *extra)


def full_edge_rows(store: Store, filters: Filters, *extra: ColumnElement[bool]) -> list[Row]:
    """The edges counted from the events (``aggregates.edge_counts`` must agree with it unfiltered)."""
    joined = _e.join(_s, _s.c.story_id == _e.c.story_id).join(_d, _d.c.doc_id == _e.c.doc_id)
    cluster = func.coalesce(_e.c.cluster, _e.c.event_id)
    q = (
        select(
            _e.c.actor1.label("source"),
            _e.c.actor2.label("target"),
            _e.c.type,
            func.count().label("weight"),
            func.count(func.distinct(cluster)).label("events"),
            func.min(EVENT_WHEN).label("first"),
            func.max(EVENT_WHEN).label("last"),
        )
        .select_from(joined)
        .where(_e.c.actor1.is_not(None), _e.c.actor2.is_not(None), *event_conditions(filters), *extra)
        .group_by(_e.c.actor1, _e.c.actor2, _e.c.type)
        .order_by(func.count().desc(), _e.c.actor1, _e.c.actor2, _e.c.type)
    )
    return fetch_rows(store, q)


def graph_edges(store: Store, filters: Filters = NO_FILTERS, *, top: int | None = None) -> Row:
    """Actors as nodes and their events as typed edges weighted by the number of reports.

    With an entity filter the graph is that actor's neighbourhood: its own edges and those among
    its counterparts. ``top`` keeps the actors with most reports and the edges between them;
    ``total_actors`` says how many there were before. It aggregates every matching event (315 ms
    at 10,000 stories), so it is computed once per store generation, filters and ``top``
    (``generation.ReadCache``); callers must not change it."""
    return store.read_cache.get(("graph_edges", filters, top), lambda: _graph_edges(store, filters, top))


def _graph_edges(store: Store, filters: Filters, top: int | None) -> Row:
    focus = {*filters.entity_ids, *([filters.entity_id] if filters.entity_id else [])}
    edges = _edge_rows(store, filters)
    if focus:
        around = {e["source"] for e in edges} | {e["target"] for e in edges} | focus
        if len(around) <= MAX_NEIGHBOURS:
            others = replace(filters, entity_id=None, entity_ids=())
            edges = _edge_rows(store, others, _e.c.actor1.in_(around), _e.c.actor2.in_(around))
    reports: Counter[str] = Counter()
    for e in edges:
        reports[e["source"]] += int(e["weight"])
        reports[e["target"]] += int(e["weight"])
    total = len(reports)
    if top is not None and top < total:
        ranked = sorted(reports, key=lambda i: (-reports[i], i))
        kept = set(ranked[:top]) | (focus & set(reports))
        edges = [e for e in edges if e["source"] in kept and e["target"] in kept]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = [
        {
            "id": r["entity_id"],
            "label": r["canonical"],
            "type": r["type"],
            "country": r["country"],
            "wikidata": r["wikidata"],
            "linked": bool(r["linked"]),
            "reports": reports[r["entity_id"]],
        }
        for r in store.entity_rows(ids).values()
    ]
    nodes.sort(key=lambda n: n["id"])
    known = {n["id"] for n in nodes}
    return {
        "nodes": nodes,
        # an edge to an entity with no row is left out (every id is known, as a rule: no copy)
        "edges": edges
        if len(known) == len(ids)
        else [e for e in edges if e["source"] in known and e["target"] in known],
        "total_actors": total,
    }


def entity_names(store: Store, entity_ids: list[str]) -> dict[str, str]:
    """entity_id -> canonical name, for labels."""
    return {k: str(v["canonical"]) for k, v in store.entity_rows(entity_ids).items()}


__all__ = [
    "entity_detail",
    "entity_names",
    "graph_edges",
    "list_entities",
    "per_period",
    "timeline",
]
