"""Alerts: every event or story that matches a watchlist, raised once.

An event matches when each condition the watchlist gives holds: one of its entities is the actor,
the counterpart or the place; its type and mode are listed; a keyword is in its evidence sentence.
One alert is raised per real-world event (the event cluster), however many outlets report
it. A watchlist without event types or modes also matches stories: a story that names its
entities and keywords, and in which no event already raised an alert.

``check_watchlists`` is idempotent: it can run after every ingest, and when a watchlist is created
it raises alerts for what is already stored.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.desk.watchlists import list_watchlists, resolve_entities
from kizashi.storage import Store
from kizashi.storage import desk_schema as desk
from kizashi.storage import schema as t
from kizashi.storage.queries import EVENT_WHEN, Page, Row, clamp, events_select, fetch_rows

log = logging.getLogger(__name__)
EXCERPT = 60  # characters either side of a keyword in a story alert's evidence
_e, _s, _d = t.events, t.stories, t.documents


def _keyword_condition(keywords: list[str], *cols: Any) -> ColumnElement[bool]:
    return or_(*(c.contains(k, autoescape=True) for k in keywords for c in cols))


def _excerpt(text: str, needles: list[str]) -> str:
    found = [(pos, n) for n in needles if n and (pos := text.find(n)) >= 0]
    if not found:
        return text[: 2 * EXCERPT].replace("\n", " ")
    pos, needle = min(found)
    start, end = max(0, pos - EXCERPT), min(len(text), pos + len(needle) + EXCERPT)
    body = text[start:end].replace("\n", " ")
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


def _event_reasons(ev: Row, ids: dict[str, str], wl: Row) -> list[str]:
    out = []
    for role, key in (("actor", "actor1_id"), ("counterpart", "actor2_id"), ("place", "location_id")):
        if ev[key] in ids:
            out.append(f"{role}: {ids[ev[key]]}")
    if wl["event_types"]:
        out.append(f"type: {ev['type']}")
    if wl["modes"]:
        out.append(f"mode: {ev['mode']}")
    kws = [k for k in wl["keywords"] if k in ev["evidence"]]
    if kws:
        out.append("keyword: " + ", ".join(kws))
    return out


def _matching_events(store: Store, wl: Row, ids: dict[str, str]) -> list[Row]:
    cond: list[ColumnElement[bool]] = []
    if wl["entities"]:
        keys = list(ids)
        cond.append(or_(_e.c.actor1.in_(keys), _e.c.actor2.in_(keys), _e.c.location.in_(keys)))
    if wl["event_types"]:
        cond.append(_e.c.type.in_(wl["event_types"]))
    if wl["modes"]:
        cond.append(_e.c.mode.in_(wl["modes"]))
    if wl["keywords"]:
        cond.append(_keyword_condition(wl["keywords"], _e.c.evidence))
    q = events_select().where(*cond)
    return fetch_rows(store, q.order_by(EVENT_WHEN.nulls_last(), _e.c.event_id))


def _matching_stories(store: Store, wl: Row, ids: dict[str, str]) -> list[Row]:
    cond: list[ColumnElement[bool]] = []
    if wl["entities"]:
        m = t.mentions
        cond.append(exists().where(and_(m.c.story_id == _s.c.story_id, m.c.entity_id.in_(list(ids)))))
    if wl["keywords"]:
        cond.append(_keyword_condition(wl["keywords"], _s.c.text))
    q = (
        select(
            _s.c.story_id,
            _s.c.doc_id,
            _d.c.source,
            func.coalesce(_s.c.headline, _d.c.title).label("title"),
            _s.c.pub_date,
            _s.c.text,
        )
        .select_from(_s.join(_d, _d.c.doc_id == _s.c.doc_id))
        .where(*cond)
        .order_by(_s.c.pub_date.nulls_last(), _s.c.story_id)
    )
    return fetch_rows(store, q)


def _insert_new(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert, leaving alone what a concurrent check inserted first (same watchlist and key)."""
    if not rows:
        return
    dialect_insert: Any = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(conn.dialect.name)
    if dialect_insert is None:  # pragma: no cover - the store supports these two
        conn.execute(insert(desk.alerts), rows)
        return
    stmt = dialect_insert(desk.alerts).on_conflict_do_nothing(index_elements=["watchlist_id", "dedupe_key"])
    conn.execute(stmt, rows)


def _check_one(store: Store, wl: Row, now: str) -> list[dict[str, Any]]:
    ids: dict[str, str] = {}
    if wl["entities"]:
        for found in resolve_entities(store, wl["entities"]).values():
            ids.update({r["entity_id"]: r["canonical"] for r in found})
        if not ids:
            return []  # none of its entities is known yet
    a = desk.alerts
    with store.engine.connect() as conn:
        have = conn.execute(
            select(a.c.dedupe_key, a.c.event_id, a.c.story_id).where(a.c.watchlist_id == wl["watchlist_id"])
        ).all()
    keys = {r[0] for r in have}
    alerted_events = {r[1] for r in have if r[1]}
    alerted_stories = {r[2] for r in have}
    new: list[dict[str, Any]] = []
    base = {"watchlist_id": wl["watchlist_id"], "created_at": now}
    for ev in _matching_events(store, wl, ids):
        key = ev["cluster"] or ev["event_id"]
        alerted_stories.add(ev["story_id"])
        if key in keys or ev["event_id"] in alerted_events:
            continue
        keys.add(key)
        new.append(
            {
                **base, "dedupe_key": key, "kind": "event", "event_id": ev["event_id"],
                "event_type": ev["type"], "cluster": ev["cluster"], "story_id": ev["story_id"],
                "doc_id": ev["doc_id"], "source": ev["source"], "title": ev["title"],
                "pub_date": ev["when"] or ev["pub_date"], "evidence": ev["evidence"],
                "reasons": json.dumps(_event_reasons(ev, ids, wl), ensure_ascii=False),
            }
        )  # fmt: skip
    if not (wl["event_types"] or wl["modes"]):
        for st in _matching_stories(store, wl, ids):
            if st["story_id"] in alerted_stories or st["story_id"] in keys:
                continue
            kws = [k for k in wl["keywords"] if k in st["text"]]
            reasons = [f"keyword: {', '.join(kws)}"] if kws else []
            if ids:
                reasons.append("names: " + ", ".join(sorted(set(ids.values()))[:5]))
            new.append(
                {
                    **base, "dedupe_key": st["story_id"], "kind": "story", "event_id": None,
                    "event_type": None, "cluster": None, "story_id": st["story_id"],
                    "doc_id": st["doc_id"], "source": st["source"], "title": st["title"],
                    "pub_date": st["pub_date"], "evidence": _excerpt(st["text"], kws or wl["entities"]),
                    "reasons": json.dumps(reasons, ensure_ascii=False),
                }
            )  # fmt: skip
    return new


def check_watchlists(store: Store, watchlist_id: int | None = None) -> list[Row]:
    """Raise the alerts not raised yet (for one watchlist, or all); returns the new ones."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    raised: list[Row] = []
    for wl in list_watchlists(store):
        if watchlist_id is not None and wl["watchlist_id"] != watchlist_id:
            continue
        new = _check_one(store, wl, now)
        with store.engine.begin() as conn:
            _insert_new(conn, new)
        for row in new:
            raised.append({**row, "watchlist": wl["name"], "reasons": json.loads(row["reasons"])})
        if new:
            log.info("watchlist %s: %d new alerts", wl["name"], len(new))
    return raised


def list_alerts(
    store: Store,
    *,
    watchlist_id: int | None = None,
    since: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Alerts, newest first (by when they were raised, then by the date of what they report)."""
    limit, offset = clamp(limit, offset)
    a, w = desk.alerts, desk.watchlists
    cond = []
    if watchlist_id is not None:
        cond.append(a.c.watchlist_id == watchlist_id)
    if since:
        cond.append(a.c.created_at >= since)
    q = (
        select(a, w.c.name.label("watchlist"))
        .select_from(a.join(w, w.c.watchlist_id == a.c.watchlist_id))
        .where(*cond)
    )
    with store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(q.subquery())).scalar_one())
        rows = conn.execute(
            q.order_by(a.c.created_at.desc(), a.c.pub_date.desc().nulls_last(), a.c.alert_id.desc())
            .limit(limit)
            .offset(offset)
        ).mappings()
        items = [{**dict(r), "reasons": json.loads(r["reasons"])} for r in rows]
    return Page(total, limit, offset, items)
