"""Whole-store counts kept up to date as documents are written (#17, migration 0010).

The dashboard's first request after a write used to rescan every event: the actor graph's edges
(1.4 s at 100,000 stories), the totals, events per type and per day, the facets. Two small tables
hold them instead, changed in the same transaction as the rows they count:

- ``edge_counts``: per (actor1, actor2, type), the events, the distinct real-world events
  (clusters; an unclustered event counts as its own) and the first and last day, as
  ``actors._edge_rows`` computes them over all events;
- ``store_counts``: per (kind, key), a count: the totals of ``Store.counts`` (kind ``total``),
  events per type, mode and status, events per day (its own full date, else its story's) and
  stories per day.

A write counts the document's rows before deleting them and after inserting the new ones and adds
the difference. Counts add up exactly; an edge's distinct clusters and first/last day do not, so an
edge that loses events, or gains events already in a cluster, is recomputed from the events (by
its indexed actor), and clustering, which rewrites every event's cluster, rebuilds the edges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, delete, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.records import Event, Story
from kizashi.storage import schema as t

__all__ = [
    "Contribution",
    "DocumentCounts",
    "EdgeKey",
    "after_clustering",
    "after_write",
    "before_write",
    "contribution",
    "count_rows",
    "edge_rows",
    "rebuild",
]

EdgeKey = tuple[str, str, str]
CountKey = tuple[str, str]

_e, _s, _d = t.events, t.stories, t.documents
_edges, _counts = t.edge_counts, t.store_counts
_WHEN = func.coalesce(_e.c.date, _s.c.pub_date)  # as queries.EVENT_WHEN (not imported: no cycle)
_DAY = case((func.length(_e.c.date) == 10, _e.c.date), else_=_s.c.pub_date)
_CLUSTER = func.coalesce(_e.c.cluster, _e.c.event_id)


@dataclass(slots=True)
class DocumentCounts:
    """What one document contributes, read before it is replaced."""

    counts: Counter[CountKey] = field(default_factory=Counter)
    edge_keys: set[EdgeKey] = field(default_factory=set)
    sole_clusters: int = 0  # clusters no other document's events are in


@dataclass(slots=True)
class Contribution:
    """What a document adds, counted from its records as they are inserted."""

    counts: Counter[CountKey]
    edges: list[dict[str, Any]]
    clustered: bool  # some event arrives with a cluster


def _stored(value: str) -> str:
    return value.replace("\x00", "\ufffd")  # as schema's string columns store it


def contribution(
    stories: Sequence[Story], mentions: int, events: Sequence[Event], *, duplicate: bool = False
) -> Contribution | None:
    """The counts and edges of one document's records, as ``_document_counts`` and the edge query
    read them back; None when an event's story is not among them (then they are read back)."""
    day_of = {s.story_id: s.pub_date for s in stories}
    if any(ev.story_id not in day_of for ev in events):
        return None
    out: Counter[CountKey] = Counter()
    out["total", "documents"] = 1
    out["total", "duplicates"] = int(duplicate)
    out["total", "stories"], out["total", "mentions"], out["total", "events"] = (
        len(stories),
        mentions,
        len(events),
    )
    for s in stories:
        if s.pub_date is not None:
            out["story_day", _stored(s.pub_date)] += 1
    edges: dict[EdgeKey, dict[str, Any]] = {}
    reports: dict[EdgeKey, set[str]] = {}
    for ev in events:
        for kind, value in (("type", ev.type), ("mode", ev.mode), ("status", ev.status)):
            if value is not None:
                out[kind, _stored(value)] += 1
        date = _stored(ev.date) if ev.date is not None else None
        story_day = day_of[ev.story_id]
        day = date if date is not None and len(date) == 10 else story_day
        if day is not None:
            out["event_day", _stored(day)] += 1
        if ev.actor1 is None or ev.actor2 is None:
            continue
        key = (_stored(ev.actor1), _stored(ev.actor2), _stored(ev.type))
        when = date if date is not None else (_stored(story_day) if story_day is not None else None)
        edge = edges.setdefault(
            key,
            {"actor1": key[0], "actor2": key[1], "type": key[2], "weight": 0, "first": None, "last": None},
        )
        edge["weight"] += 1
        reports.setdefault(key, set()).add(ev.cluster or ev.event_id)
        if when is not None:
            edge["first"] = when if edge["first"] is None else min(edge["first"], when)
            edge["last"] = when if edge["last"] is None else max(edge["last"], when)
    for key, edge in edges.items():
        edge["events"] = len(reports[key])
    clustered = any(ev.cluster is not None for ev in events)
    return Contribution(out, list(edges.values()), clustered)


def _edge_query(*where: ColumnElement[bool]) -> Any:
    joined = _e.join(_s, _s.c.story_id == _e.c.story_id).join(_d, _d.c.doc_id == _e.c.doc_id)
    return (
        select(
            _e.c.actor1,
            _e.c.actor2,
            _e.c.type,
            func.count().label("weight"),
            func.count(func.distinct(_CLUSTER)).label("events"),
            func.min(_WHEN).label("first"),
            func.max(_WHEN).label("last"),
        )
        .select_from(joined)
        .where(_e.c.actor1.is_not(None), _e.c.actor2.is_not(None), *where)
        .group_by(_e.c.actor1, _e.c.actor2, _e.c.type)
    )


def _document_counts(conn: Connection, doc_id: str) -> Counter[CountKey]:
    out: Counter[CountKey] = Counter()
    doc = conn.execute(select(_d.c.duplicate_of).where(_d.c.doc_id == doc_id)).first()
    if doc is None:
        return out
    out["total", "documents"] = 1
    out["total", "duplicates"] = int(doc[0] is not None)
    for name, table in (("stories", _s), ("mentions", t.mentions), ("events", _e)):
        counted = select(func.count()).select_from(table).where(table.c.doc_id == doc_id)
        out["total", name] = int(conn.execute(counted).scalar_one())
    for kind, col in (("type", _e.c.type), ("mode", _e.c.mode), ("status", _e.c.status)):
        q = select(col, func.count()).where(_e.c.doc_id == doc_id, col.is_not(None)).group_by(col)
        for key, n in conn.execute(q):
            out[kind, str(key)] += int(n)
    day = select(_DAY, func.count()).select_from(_e.outerjoin(_s, _s.c.story_id == _e.c.story_id))
    for key, n in conn.execute(day.where(_e.c.doc_id == doc_id, _DAY.is_not(None)).group_by(_DAY)):
        out["event_day", str(key)] += int(n)
    story_day = select(_s.c.pub_date, func.count()).where(_s.c.doc_id == doc_id, _s.c.pub_date.is_not(None))
    for key, n in conn.execute(story_day.group_by(_s.c.pub_date)):
        out["story_day", str(key)] += int(n)
    return out


def _clusters(conn: Connection, doc_id: str) -> tuple[set[str], int]:
    """The document's clusters, and how many of them no other document's events are in (a write
    changes the clusters total by the difference: no count over every event)."""
    q = select(_e.c.cluster).where(_e.c.doc_id == doc_id, _e.c.cluster.is_not(None)).distinct()
    own = {str(c) for c in conn.execute(q).scalars()}
    elsewhere: set[str] = set()
    wanted = sorted(own)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        other = select(_e.c.cluster).where(_e.c.cluster.in_(chunk), _e.c.doc_id != doc_id).distinct()
        elsewhere.update(str(c) for c in conn.execute(other).scalars())
    return own, len(own - elsewhere)


def before_write(conn: Connection, doc_id: str) -> DocumentCounts:
    """The document's contribution as stored now (nothing when it is new), before it is deleted."""
    counts = _document_counts(conn, doc_id)
    if not counts["total", "events"]:
        return DocumentCounts(counts)
    keys = select(_e.c.actor1, _e.c.actor2, _e.c.type).where(
        _e.c.doc_id == doc_id, _e.c.actor1.is_not(None), _e.c.actor2.is_not(None)
    )
    edge_keys = {(str(a), str(b), str(ty)) for a, b, ty in conn.execute(keys.distinct())}
    return DocumentCounts(counts, edge_keys, _clusters(conn, doc_id)[1])


def after_write(
    conn: Connection,
    doc_id: str,
    before: DocumentCounts,
    *,
    written: Contribution | None = None,
    new_entities: int = 0,
) -> None:
    """Add what the document holds now, less what it held ``before``, in the same transaction.

    ``written``: its contribution as counted from the records just inserted (``contribution``),
    which saves reading them back; without it they are counted from the tables."""
    if written is None:
        after = _document_counts(conn, doc_id)
        has_events = bool(after["total", "events"])
        rows = conn.execute(_edge_query(_e.c.doc_id == doc_id)).mappings().all() if has_events else []
        edges = [dict(r) for r in rows]
        maybe_clustered = has_events
    else:
        after, edges, maybe_clustered = written.counts, written.edges, written.clustered
    delta: Counter[CountKey] = Counter(after)
    delta.subtract(before.counts)
    delta["total", "entities"] += new_entities
    clustered, sole = _clusters(conn, doc_id) if maybe_clustered else (set(), 0)
    delta["total", "clusters"] += sole - before.sole_clusters
    recompute = set(before.edge_keys)
    if clustered:  # a cluster may span documents: its distinct count does not add up
        recompute |= {(r["actor1"], r["actor2"], r["type"]) for r in edges}
    _add_edges(conn, [r for r in edges if (r["actor1"], r["actor2"], r["type"]) not in recompute])
    _recompute_edges(conn, recompute)  # by ix_events_edge: only that edge's events are read
    _apply(conn, delta)


def after_clustering(conn: Connection) -> None:
    """Every event's cluster may have changed: edges and the clusters total are counted again."""
    conn.execute(delete(_edges))
    _insert_edges(conn)
    _apply(conn, Counter({("total", "clusters"): _count_clusters(conn) - _stored_total(conn, "clusters")}))


def rebuild(conn: Connection) -> None:
    """Both tables counted again from the stored rows (the migration that makes them; a repair)."""
    conn.execute(delete(_edges))
    conn.execute(delete(_counts))
    _insert_edges(conn)
    totals: Counter[CountKey] = Counter()
    for name, table in (
        ("documents", _d),
        ("stories", _s),
        ("entities", t.entities),
        ("mentions", t.mentions),
        ("events", _e),
    ):
        totals["total", name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    dup = select(func.count()).select_from(_d).where(_d.c.duplicate_of.is_not(None))
    totals["total", "duplicates"] = int(conn.execute(dup).scalar_one())
    totals["total", "clusters"] = _count_clusters(conn)
    for kind, col in (("type", _e.c.type), ("mode", _e.c.mode), ("status", _e.c.status)):
        for key, n in conn.execute(select(col, func.count()).where(col.is_not(None)).group_by(col)):
            totals[kind, str(key)] += int(n)
    day = select(_DAY, func.count()).select_from(_e.outerjoin(_s, _s.c.story_id == _e.c.story_id))
    for key, n in conn.execute(day.where(_DAY.is_not(None)).group_by(_DAY)):
        totals["event_day", str(key)] += int(n)
    story_day = select(_s.c.pub_date, func.count()).where(_s.c.pub_date.is_not(None)).group_by(_s.c.pub_date)
    for key, n in conn.execute(story_day):
        totals["story_day", str(key)] += int(n)
    _apply(conn, totals)


def edge_rows(conn: Connection) -> list[dict[str, Any]]:
    """Every edge as ``actors._edge_rows`` gives it without filters, in the same order."""
    q = select(
        _edges.c.actor1.label("source"),
        _edges.c.actor2.label("target"),
        _edges.c.type,
        _edges.c.weight,
        _edges.c.events,
        _edges.c.first,
        _edges.c.last,
    ).order_by(_edges.c.weight.desc(), _edges.c.actor1, _edges.c.actor2, _edges.c.type)
    names = ("source", "target", "type", "weight", "events", "first", "last")
    return [dict(zip(names, r, strict=True)) for r in conn.execute(q)]


def count_rows(
    conn: Connection, kind: str, *, by_count: bool = False, latest: int | None = None
) -> list[tuple[str, int]]:
    """(key, n) of one kind with n > 0: by key, or most first (``by_count``), or the ``latest`` keys."""
    q = select(_counts.c.key, _counts.c.n).where(_counts.c.kind == kind, _counts.c.n > 0)
    if by_count:
        q = q.order_by(_counts.c.n.desc(), _counts.c.key)
    elif latest is not None:
        q = q.order_by(_counts.c.key.desc()).limit(latest)
    else:
        q = q.order_by(_counts.c.key)
    return [(str(k), int(n)) for k, n in conn.execute(q)]


def _stored_total(conn: Connection, name: str) -> int:
    q = select(_counts.c.n).where(_counts.c.kind == "total", _counts.c.key == name)
    return int(conn.execute(q).scalar() or 0)


def _count_clusters(conn: Connection) -> int:
    return int(conn.execute(select(func.count(func.distinct(_e.c.cluster)))).scalar_one())


def _upsert(conn: Connection, table: Any) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, on SQLite and PostgreSQL alike."""
    ins = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)
    return ins, ins.excluded


def _apply(conn: Connection, delta: Counter[CountKey]) -> None:
    rows = [{"kind": kind, "key": key, "n": n} for (kind, key), n in delta.items() if n]
    if not rows:
        return
    ins, new = _upsert(conn, _counts)
    conn.execute(
        ins.on_conflict_do_update(index_elements=["kind", "key"], set_={"n": _counts.c.n + new.n}), rows
    )
    if any(n < 0 for n in delta.values()):  # a key counted down to nothing is no longer stored
        conn.execute(delete(_counts).where(_counts.c.n <= 0))


def _add_edges(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add events to edges: counts add up, first and last day are the earlier and the later."""
    if not rows:
        return
    ins, new = _upsert(conn, _edges)
    c = _edges.c
    earlier = case(
        (new.first.is_(None), c.first),
        (or_(c.first.is_(None), new.first < c.first), new.first),
        else_=c.first,
    )
    later = case(
        (new.last.is_(None), c.last), (or_(c.last.is_(None), new.last > c.last), new.last), else_=c.last
    )
    stmt = ins.on_conflict_do_update(
        index_elements=["actor1", "actor2", "type"],
        set_={
            "weight": c.weight + new.weight,
            "events": c.events + new.events,
            "first": earlier,
            "last": later,
        },
    )
    conn.execute(stmt, rows)


def _recompute_edges(conn: Connection, keys: Iterable[EdgeKey]) -> None:
    for a1, a2, ty in keys:
        conn.execute(delete(_edges).where(_edges.c.actor1 == a1, _edges.c.actor2 == a2, _edges.c.type == ty))
        _insert_edges(conn, _e.c.actor1 == a1, _e.c.actor2 == a2, _e.c.type == ty)


def _insert_edges(conn: Connection, *where: ColumnElement[bool]) -> None:
    q = _edge_query(*where)
    cols = ["actor1", "actor2", "type", "weight", "events", "first", "last"]
    conn.execute(insert(_edges).from_select(cols, q))
