"""Read queries of the analyst's desk (web pages, JSON API, CLI): SQLAlchemy Core, parameterised.

Every function takes a ``Store`` and returns plain dicts and lists, so the web layer only
validates and renders. Event dates may be a day, a month or a year; where a day is needed the
story's publication date stands in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, exists, func, or_, select, union_all
from sqlalchemy.engine import RowMapping

from kizashi.storage import Store
from kizashi.storage import schema as t

Row = dict[str, Any]
MAX_LIMIT = 500

_a1, _a2, _loc = t.entities.alias("a1"), t.entities.alias("a2"), t.entities.alias("loc")
_e, _s, _d = t.events, t.stories, t.documents
# when an event happened as far as known: its own date, else its story's publication date
EVENT_WHEN = func.coalesce(_e.c.date, _s.c.pub_date)


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters every listing shares (empty fields place no condition)."""

    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    event_type: str | None = None
    mode: str | None = None
    status: str | None = None
    entity_id: str | None = None
    source: str | None = None  # a substring of the document's source
    listed: bool = False  # only events whose actor or counterpart is on a screening list
    entity_ids: tuple[str, ...] = ()  # any of these as actor, counterpart or place (a name resolved)
    exclude_ids: tuple[str, ...] = ()  # none of these in any role ("-name")
    min_confidence: float | None = None  # 0..1, inclusive
    cluster: str | None = None  # one real-world event's reports


NO_FILTERS = Filters()


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    limit: int
    offset: int
    items: list[Row] = field(default_factory=list)


def is_listed(entity: ColumnElement[Any]) -> ColumnElement[bool]:
    """The entity is on a screening list: a match a reviewer confirmed, or one the matcher calls a
    match and nobody rejected (``storage/lists.py``)."""
    m, r = t.list_matches, t.list_reviews
    decided = (
        select(r.c.decision)
        .where(r.c.entry_id == m.c.entry_id, r.c.entity_id == m.c.entity_id)
        .scalar_subquery()
    )
    return exists().where(
        m.c.entity_id == entity,
        or_(decided == "confirmed", and_(decided.is_(None), m.c.status == "match")),
    )


def clamp(limit: int, offset: int, max_limit: int = MAX_LIMIT) -> tuple[int, int]:
    return max(1, min(limit, max_limit)), max(0, offset)


def date_range(when: ColumnElement[Any], f: Filters) -> list[ColumnElement[bool]]:
    """A month or year date is in range when it overlaps it: compare on its own precision."""
    out: list[ColumnElement[bool]] = []
    if f.date_from:
        out.append(when >= func.substr(f.date_from, 1, func.length(when)))
    if f.date_to:
        out.append(when <= f.date_to)
    return out


def event_conditions(f: Filters) -> list[ColumnElement[bool]]:
    cond = date_range(EVENT_WHEN, f)
    if f.event_type:
        cond.append(_e.c.type == f.event_type)
    if f.mode:
        cond.append(_e.c.mode == f.mode)
    if f.status:
        cond.append(_e.c.status == f.status)
    if f.entity_id:
        cond.append(or_(_e.c.actor1 == f.entity_id, _e.c.actor2 == f.entity_id, _e.c.location == f.entity_id))
    if f.entity_ids:
        cond.append(or_(*(c.in_(f.entity_ids) for c in (_e.c.actor1, _e.c.actor2, _e.c.location))))
    if f.exclude_ids:
        # NULL roles are no entity: NOT IN alone would drop every event that lacks one
        cond += [or_(c.is_(None), c.not_in(f.exclude_ids)) for c in (_e.c.actor1, _e.c.actor2, _e.c.location)]
    if f.min_confidence is not None:
        cond.append(_e.c.confidence >= f.min_confidence)
    if f.cluster:
        cond.append(_e.c.cluster == f.cluster)
    if f.source:
        cond.append(_d.c.source.contains(f.source, autoescape=True))
    if f.listed:
        cond.append(or_(is_listed(_e.c.actor1), is_listed(_e.c.actor2)))
    return cond


def events_select() -> Select[Any]:
    return select(
        _e.c.event_id,
        _e.c.doc_id,
        _e.c.story_id,
        _e.c.type,
        _e.c.mode,
        _e.c.status,
        _e.c.date,
        _e.c.date_text,
        EVENT_WHEN.label("when"),
        _e.c.actor1.label("actor1_id"),
        _a1.c.canonical.label("actor1"),
        _e.c.actor2.label("actor2_id"),
        _a2.c.canonical.label("actor2"),
        _e.c.location.label("location_id"),
        _loc.c.canonical.label("location"),
        _e.c.evidence,
        _e.c.trigger,
        _e.c.confidence,
        _e.c.cluster,
        _d.c.source,
        func.coalesce(_s.c.headline, _d.c.title).label("title"),
        _s.c.pub_date,
        or_(is_listed(_e.c.actor1), is_listed(_e.c.actor2)).label("listed"),
    ).select_from(
        _e.join(_s, _s.c.story_id == _e.c.story_id)
        .join(_d, _d.c.doc_id == _e.c.doc_id)
        .outerjoin(_a1, _a1.c.entity_id == _e.c.actor1)
        .outerjoin(_a2, _a2.c.entity_id == _e.c.actor2)
        .outerjoin(_loc, _loc.c.entity_id == _e.c.location)
    )


def fetch_rows(store: Store, query: Select[Any]) -> list[Row]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def count_rows(store: Store, query: Select[Any]) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def events_from(filters: Filters = NO_FILTERS) -> FromClause:
    """Events joined to only the tables ``event_conditions(filters)`` reads (for counting)."""
    joined: FromClause = _e
    if filters.date_from or filters.date_to:
        joined = joined.join(_s, _s.c.story_id == _e.c.story_id)
    if filters.source:
        joined = joined.join(_d, _d.c.doc_id == _e.c.doc_id)
    return joined


def count_events(store: Store, filters: Filters = NO_FILTERS, *extra: ColumnElement[bool]) -> int:
    """How many events match; ``extra`` conditions may read the events table only."""
    q = select(func.count()).select_from(events_from(filters)).where(*event_conditions(filters), *extra)
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def latest_events(store: Store, *cond: ColumnElement[bool], limit: int, offset: int = 0) -> list[Row]:
    """Events meeting ``cond``, latest first (``EVENT_WHEN``), as ``events_select`` rows.

    Ordering by ``coalesce(events.date, stories.pub_date)`` would sort every matching event. The
    ``limit + offset`` latest of the dated events (index on events.date) and of the undated ones
    (index on stories.pub_date) hold the latest of all, so only those are sorted."""
    k = limit + offset
    joined = _e.join(_s, _s.c.story_id == _e.c.story_id).join(_d, _d.c.doc_id == _e.c.doc_id)
    dated = (
        select(_e.c.event_id)
        .select_from(joined)
        .where(_e.c.date.is_not(None), *cond)
        .order_by(_e.c.date.desc(), _e.c.event_id)
        .limit(k)
        .subquery()
    )
    undated = (
        select(_e.c.event_id)
        .select_from(joined)
        .where(_e.c.date.is_(None), *cond)
        .order_by(_s.c.pub_date.desc().nulls_last(), _e.c.event_id)
        .limit(k)
        .subquery()
    )
    candidates = union_all(select(dated.c.event_id), select(undated.c.event_id))
    q = (
        events_select()
        .where(_e.c.event_id.in_(candidates))
        .order_by(EVENT_WHEN.desc().nulls_last(), _e.c.event_id)
        .limit(limit)
        .offset(offset)
    )
    return fetch_rows(store, q)


def list_events(store: Store, filters: Filters = NO_FILTERS, *, limit: int = 50, offset: int = 0) -> Page:
    """Events, latest first, with actor names and their story's source (other orders:
    ``event_lists.sorted_events``)."""
    limit, offset = clamp(limit, offset)
    items = latest_events(store, *event_conditions(filters), limit=limit, offset=offset)
    total = store.read_cache.get(("count_events", filters), lambda: count_events(store, filters))
    return Page(total, limit, offset, items)


def get_event(store: Store, event_id: str) -> Row | None:
    rows = fetch_rows(store, events_select().where(_e.c.event_id == event_id))
    if not rows:
        return None
    row = rows[0]
    with store.engine.connect() as conn:
        expl = conn.execute(select(_e.c.explanation).where(_e.c.event_id == event_id)).scalar_one()
    row["explanation"] = json.loads(expl)
    return row


def story_conditions(f: Filters) -> list[ColumnElement[bool]]:
    cond = date_range(_s.c.pub_date, f)
    if f.source:
        cond.append(_d.c.source.contains(f.source, autoescape=True))
    if f.event_type or f.mode or f.status or f.min_confidence is not None or f.cluster:
        ev = [_e.c.story_id == _s.c.story_id]
        if f.event_type:
            ev.append(_e.c.type == f.event_type)
        if f.mode:
            ev.append(_e.c.mode == f.mode)
        if f.status:
            ev.append(_e.c.status == f.status)
        if f.min_confidence is not None:
            ev.append(_e.c.confidence >= f.min_confidence)
        if f.cluster:
            ev.append(_e.c.cluster == f.cluster)
        cond.append(exists().where(and_(*ev)))
    m = t.mentions
    if f.entity_id:
        cond.append(exists().where(and_(m.c.story_id == _s.c.story_id, m.c.entity_id == f.entity_id)))
    if f.entity_ids:
        cond.append(exists().where(and_(m.c.story_id == _s.c.story_id, m.c.entity_id.in_(f.entity_ids))))
    if f.exclude_ids:
        cond.append(~exists().where(and_(m.c.story_id == _s.c.story_id, m.c.entity_id.in_(f.exclude_ids))))
    return cond


def list_stories(store: Store, filters: Filters = NO_FILTERS, *, limit: int = 50, offset: int = 0) -> Page:
    """Stories, latest first, with how many events each holds."""
    limit, offset = clamp(limit, offset)
    n_events = select(func.count()).where(_e.c.story_id == _s.c.story_id).scalar_subquery()
    q = (
        select(
            _s.c.story_id,
            _s.c.doc_id,
            _s.c.idx,
            func.coalesce(_s.c.headline, _d.c.title).label("title"),
            _s.c.outlet,
            _s.c.pub_date,
            _d.c.source,
            func.substr(_s.c.text, 1, 120).label("lead"),
            n_events.label("events"),
        )
        .select_from(_s.join(_d, _d.c.doc_id == _s.c.doc_id))
        .where(*story_conditions(filters))
    )
    ordered = q.order_by(_s.c.pub_date.desc().nulls_last(), _s.c.story_id).limit(limit).offset(offset)
    total = store.read_cache.get(("count_stories", filters), lambda: count_rows(store, q))
    return Page(total, limit, offset, fetch_rows(store, ordered))


def story_detail(store: Store, story_id: str) -> Row | None:
    """A story with its document, entity mentions (as text segments), events and removed noise."""
    with store.engine.connect() as conn:
        story = conn.execute(select(_s).where(_s.c.story_id == story_id)).mappings().first()
        if story is None:
            return None
        doc = conn.execute(select(_d).where(_d.c.doc_id == story["doc_id"])).mappings().one()
        m, ent = t.mentions, t.entities
        mentions = conn.execute(
            select(m.c.start, m.c.end, m.c.text, m.c.label, m.c.entity_id, m.c.role, ent.c.canonical)
            .select_from(m.join(ent, ent.c.entity_id == m.c.entity_id))
            .where(m.c.story_id == story_id)
            .order_by(m.c.start, m.c.end.desc())
        ).mappings()
        mention_rows = [dict(r) for r in mentions]
        siblings = conn.execute(
            select(_s.c.story_id, _s.c.idx, _s.c.headline)
            .where(_s.c.doc_id == story["doc_id"], _s.c.story_id != story_id)
            .order_by(_s.c.idx)
        ).mappings()
        sibling_rows = [dict(r) for r in siblings]
    events = fetch_rows(store, events_select().where(_e.c.story_id == story_id).order_by(_e.c.start))
    return {
        "story": dict(story),
        "document": {k: v for k, v in doc.items() if k not in {"minhash", "text", "removed"}},
        "removed": json.loads(doc["removed"]),
        "segments": mention_segments(story, mention_rows),
        "mentions": mention_rows,
        "events": events,
        "siblings": sibling_rows,
    }


def mention_segments(story: RowMapping | Row, mentions: Sequence[Row]) -> list[Row]:
    """The story text cut into plain pieces and entity mentions (offsets are into the document)."""
    body, base = story["text"], story["start"]
    out: list[Row] = []
    pos = 0
    for m in mentions:
        start, end = m["start"] - base, m["end"] - base
        if start < pos or end > len(body) or body[start:end] != m["text"]:
            continue  # overlapping, or not where it says: the text is shown plain there
        if start > pos:
            out.append({"text": body[pos:start], "entity_id": None})
        out.append(
            {"text": m["text"], "entity_id": m["entity_id"], "label": m["label"], "canonical": m["canonical"]}
        )
        pos = end
    if pos < len(body):
        out.append({"text": body[pos:], "entity_id": None})
    return out
