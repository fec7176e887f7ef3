"""Reads for checking events (#15): one event with its evidence in the story text, its cluster of
reports, the events of a page of stories, and counts of real-world events (clusters) in a list.

Texts come back as segments (plain text, a mention, the evidence, the trigger), never as markup:
the web marks each segment itself and escapes its text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func, or_, select

from kizashi.storage import schema as t
from kizashi.storage.queries import (
    NO_FILTERS,
    Filters,
    Row,
    event_conditions,
    events_from,
    events_select,
    fetch_rows,
    latest_events,
    mention_segments,
)
from kizashi.storage.store import Store

__all__ = [
    "cluster_detail",
    "cluster_sizes",
    "count_clusters",
    "event_detail",
    "event_spans",
    "events_of_stories",
    "list_events_of",
    "story_blocks",
]

_e, _s, _d, _m = t.events, t.stories, t.documents, t.mentions
_e2 = t.events.alias("e2")
# a cluster's first report: the earliest publication, then the earliest event date
_FIRST_REPORT = (_s.c.pub_date.asc().nulls_last(), _e.c.date.asc().nulls_last(), _e.c.event_id)
CLUSTER_KEY = func.coalesce(_e.c.cluster, _e.c.event_id)  # an event not clustered yet is its own


def events_of_stories(store: Store, story_ids: Sequence[str]) -> dict[str, list[Row]]:
    """story_id -> its events (``events_select`` rows), in text order."""
    if not story_ids:
        return {}
    rows = fetch_rows(store, events_select().where(_e.c.story_id.in_(list(story_ids))).order_by(_e.c.start))
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r["story_id"], []).append(r)
    return out


def count_clusters(store: Store, filters: Filters) -> int:
    """How many real-world events (clusters) the events matching ``filters`` report (once per
    store generation: it reads every matching event)."""
    return store.read_cache.get(("count_clusters", filters), lambda: _count_clusters(store, filters))


def _count_clusters(store: Store, filters: Filters) -> int:
    if filters == NO_FILTERS:  # the clusters the writes count, and each unclustered event (indexed)
        named = select(_e2.c.event_id).where(_e2.c.cluster == _e.c.event_id).exists()
        unclustered = select(func.count()).select_from(_e).where(_e.c.cluster.is_(None), ~named)
        with store.engine.connect() as conn:
            alone = int(conn.execute(unclustered).scalar_one())
        return store.kept_counts()["clusters"] + alone
    return full_count_clusters(store, filters)


def full_count_clusters(store: Store, filters: Filters) -> int:
    """``count_clusters`` counted from the events: every distinct cluster, an unclustered event its own."""
    q = select(func.count(func.distinct(CLUSTER_KEY))).select_from(events_from(filters))
    with store.engine.connect() as conn:
        return int(conn.execute(q.where(*event_conditions(filters))).scalar_one())


def cluster_sizes(store: Store, cluster_ids: Sequence[str]) -> dict[str, int]:
    """cluster id -> how many reports it has."""
    ids = [c for c in dict.fromkeys(cluster_ids) if c]
    if not ids:
        return {}
    q = select(_e.c.cluster, func.count()).where(_e.c.cluster.in_(ids)).group_by(_e.c.cluster)
    with store.engine.connect() as conn:
        return {str(c): int(n) for c, n in conn.execute(q)}


def _reports(store: Store, cluster_id: str) -> list[Row]:
    q = events_select().where(_e.c.cluster == cluster_id).order_by(*_FIRST_REPORT)
    return fetch_rows(store, q)


def cluster_detail(store: Store, cluster_id: str) -> Row | None:
    """One real-world event: every report of it, first report first."""
    reports = _reports(store, cluster_id)
    if not reports:
        return None
    first = reports[0]
    dates = sorted({r["date"] for r in reports if r["date"]}, key=len)
    return {
        "cluster_id": cluster_id,
        "type": first["type"],
        "actors": list(dict.fromkeys(r[k] for r in reports for k in ("actor1", "actor2") if r[k])),
        "date": dates[-1] if dates else first["when"],
        "reports": reports,
        "stories": len({r["story_id"] for r in reports}),
        "documents": len({r["doc_id"] for r in reports}),
    }


def _evidence_segments(body: str, start: int, end: int, trigger: str) -> list[Row]:
    """The story text cut around the evidence (``start:end`` into ``body``), the trigger marked in it."""
    out: list[Row] = []
    if start > 0:
        out.append({"text": body[:start], "kind": "text"})
    evidence = body[start:end]
    pos = evidence.find(trigger) if trigger else -1
    if pos >= 0:
        pieces = [
            (evidence[:pos], "evidence"),
            (trigger, "trigger"),
            (evidence[pos + len(trigger) :], "evidence"),
        ]
    else:
        pieces = [(evidence, "evidence")]
    out += [{"text": x, "kind": k} for x, k in pieces if x]
    if end < len(body):
        out.append({"text": body[end:], "kind": "text"})
    return out


def event_detail(store: Store, event_id: str) -> Row | None:
    """An event with its explanation, story text (evidence and trigger marked), document and cluster."""
    rows = fetch_rows(store, events_select().where(_e.c.event_id == event_id))
    if not rows:
        return None
    event = rows[0]
    with store.engine.connect() as conn:
        raw = conn.execute(
            select(_e.c.explanation, _e.c.start, _e.c.end).where(_e.c.event_id == event_id)
        ).one()
        story = conn.execute(
            select(_s.c.start, _s.c.text, _s.c.pub_date_basis).where(_s.c.story_id == event["story_id"])
        ).one()
        doc = conn.execute(
            select(_d.c.source, _d.c.url, _d.c.title, _d.c.pub_date, _d.c.pub_date_basis).where(
                _d.c.doc_id == event["doc_id"]
            )
        ).one()
    event["explanation"] = json.loads(raw.explanation)
    body, base = story.text, story.start
    start, end = max(0, raw.start - base), min(len(body), raw.end - base)
    if body[start:end] != event["evidence"]:  # offsets not where they say: find the sentence instead
        start = body.find(event["evidence"])
        end = start + len(event["evidence"]) if start >= 0 else 0
        start = max(start, 0)
    reports = _reports(store, event["cluster"]) if event["cluster"] else [event]
    return {
        "event": event,
        "segments": _evidence_segments(body, start, end, event["trigger"]),
        "document": dict(doc._mapping),
        "story_date_basis": story.pub_date_basis,
        "reports": reports,
    }


def story_blocks(
    story: Row, mentions: Sequence[Row], events: Sequence[Row], spans: dict[str, tuple[int, int]]
) -> list[Row]:
    """The story text as blocks: plain stretches and evidence sentences (with the events each
    is evidence of), each cut into mention segments. ``spans``: event_id -> (start, end) in the
    document."""
    body, base = story["text"], story["start"]
    marks: dict[tuple[int, int], list[Row]] = {}
    for ev in events:
        start, end = spans.get(ev["event_id"], (0, 0))
        start, end = start - base, end - base
        if 0 <= start < end <= len(body):
            marks.setdefault((start, end), []).append(ev)
    blocks: list[Row] = []
    pos = 0
    for (start, end), evs in sorted(marks.items()):
        if start < pos:
            continue  # overlaps the evidence before it: shown within that one
        if start > pos:
            blocks.append(_block(body, base, pos, start, mentions, []))
        blocks.append(_block(body, base, start, end, mentions, evs))
        pos = end
    if pos < len(body) or not blocks:
        blocks.append(_block(body, base, pos, len(body), mentions, []))
    return blocks


def _block(body: str, base: int, start: int, end: int, mentions: Sequence[Row], events: list[Row]) -> Row:
    inside = [m for m in mentions if m["start"] >= base + start and m["end"] <= base + end]
    piece = {"text": body[start:end], "start": base + start}
    return {"events": events, "segments": mention_segments(piece, inside)}


def event_spans(store: Store, story_id: str) -> dict[str, tuple[int, int]]:
    """event_id -> evidence offsets into the document, for the events of one story."""
    q = select(_e.c.event_id, _e.c.start, _e.c.end).where(_e.c.story_id == story_id)
    with store.engine.connect() as conn:
        return {r.event_id: (int(r.start), int(r.end)) for r in conn.execute(q)}


def list_events_of(
    store: Store, filters: Filters, entity_ids: Sequence[str] = (), *, limit: int = 50
) -> list[Row]:
    """Events matching ``filters`` whose actor, counterpart or place is one of ``entity_ids``
    (when given), latest first."""
    cond = list(event_conditions(filters))
    if entity_ids:
        keys = list(entity_ids)
        cond.append(or_(_e.c.actor1.in_(keys), _e.c.actor2.in_(keys), _e.c.location.in_(keys)))
    return latest_events(store, *cond, limit=max(1, min(limit, 500)))
