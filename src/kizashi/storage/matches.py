"""Screening matches as the desk reads them: with their review decisions joined on, reviewed, and
listed per entity. Matches are written by ``lists.write_matches``; decisions are never touched by
a re-screen (``lists.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, delete, func, insert, select

from kizashi.errors import KizashiError
from kizashi.storage import generation
from kizashi.storage import schema as t
from kizashi.storage.lists import _CHUNK, DECISIONS, _decoded, _now
from kizashi.storage.queries import Row
from kizashi.storage.store import Store


def _status() -> Any:
    """A match's status as the desk shows it: the reviewer's decision, else the matcher's."""
    return func.coalesce(t.list_reviews.c.decision, t.list_matches.c.status)


def query_matches(
    store: Store, *, status: str | None = None, entity_id: str | None = None, match_id: str | None = None
) -> list[Row]:
    """Matches with their entity and entry, best first; ``status``: match, possible, confirmed or
    rejected (the review decision counts over the matcher's status)."""
    lm, le, ent, rv = t.list_matches, t.list_entries, t.entities, t.list_reviews
    q = (
        select(
            *(c for c in lm.c if c.name != "status"),
            _status().label("status"),
            lm.c.status.label("matcher_status"),
            ent.c.canonical,
            ent.c.type,
            ent.c.country,
            le.c.caption.label("entry_caption"),
            le.c.programs,
            le.c.listed_on,
            le.c.source_url,
        )
        .join(le, le.c.entry_id == lm.c.entry_id)
        .join(ent, ent.c.entity_id == lm.c.entity_id)
        .outerjoin(rv, (rv.c.entry_id == lm.c.entry_id) & (rv.c.entity_id == lm.c.entity_id))
        .order_by(lm.c.score.desc(), lm.c.match_id)
    )
    if status is not None:
        q = q.where(_status() == status)
    if entity_id is not None:
        q = q.where(lm.c.entity_id == entity_id)
    if match_id is not None:
        q = q.where(lm.c.match_id == match_id)
    with store.engine.connect() as conn:
        return [_decoded(r) for r in conn.execute(q)]


def review_match(store: Store, match_id: str, decision: str) -> Row:
    """Keep a reviewer's decision on a match; it holds for the pair (entry, entity) from now on."""
    if decision not in DECISIONS:
        raise KizashiError(f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}")
    lm, rv = t.list_matches, t.list_reviews
    with store.engine.begin() as conn:
        generation.bump(conn)  # `listed` filters read the lists
        m = conn.execute(select(lm.c.entry_id, lm.c.entity_id).where(lm.c.match_id == match_id)).first()
        if m is None:
            raise KizashiError(f"no match {match_id}")
        key = (rv.c.entry_id == m.entry_id) & (rv.c.entity_id == m.entity_id)
        conn.execute(delete(rv).where(key))
        conn.execute(
            insert(rv).values(
                entry_id=m.entry_id, entity_id=m.entity_id, decision=decision, reviewed_at=_now()
            )
        )
    return {"match_id": match_id, "entry_id": m.entry_id, "entity_id": m.entity_id, "decision": decision}


def listed_entity_ids(store: Store) -> set[str]:
    """Entities with a confirmed match, or a match nobody rejected."""
    lm, rv = t.list_matches, t.list_reviews
    q = (
        select(lm.c.entity_id)
        .distinct()
        .outerjoin(rv, (rv.c.entry_id == lm.c.entry_id) & (rv.c.entity_id == lm.c.entity_id))
        .where(case((rv.c.decision.is_not(None), rv.c.decision == "confirmed"), else_=lm.c.status == "match"))
    )
    with store.engine.connect() as conn:
        return {r[0] for r in conn.execute(q)}


def listed_matches(store: Store) -> list[Row]:
    """Matches that make their entity listed (confirmed, or a match nobody rejected), each with the
    latest story that mentions the entity (an alert points at a story): ``story_id``, ``doc_id``,
    ``source``, ``title``, ``pub_date`` (``story_id`` None when no stored story mentions it)."""
    lm, le, ent, rv = t.list_matches, t.list_entries, t.entities, t.list_reviews
    m, s, d = t.mentions, t.stories, t.documents
    latest = (
        select(m.c.story_id)
        .join(s, s.c.story_id == m.c.story_id)
        .where(m.c.entity_id == lm.c.entity_id)
        .order_by(s.c.pub_date.desc().nulls_last(), m.c.story_id)
        .limit(1)
        .scalar_subquery()
    )
    q = (
        select(
            *(c for c in lm.c if c.name != "status"),
            _status().label("status"),
            ent.c.canonical,
            le.c.caption.label("entry_caption"),
            le.c.listed_on,
            latest.label("story_id"),
        )
        .join(le, le.c.entry_id == lm.c.entry_id)
        .join(ent, ent.c.entity_id == lm.c.entity_id)
        .outerjoin(rv, (rv.c.entry_id == lm.c.entry_id) & (rv.c.entity_id == lm.c.entity_id))
        .where(_status().in_(["match", "confirmed"]))
        .order_by(lm.c.match_id)
    )
    with store.engine.connect() as conn:
        rows = [_decoded(r) for r in conn.execute(q)]
        wanted = sorted({r["story_id"] for r in rows if r["story_id"]})
        info: dict[str, Row] = {}
        for i in range(0, len(wanted), _CHUNK):
            title = func.coalesce(s.c.headline, d.c.title).label("title")
            sq = (
                select(s.c.story_id, s.c.doc_id, d.c.source, title, s.c.pub_date)
                .join(d, d.c.doc_id == s.c.doc_id)
                .where(s.c.story_id.in_(wanted[i : i + _CHUNK]))
            )
            info.update({r.story_id: dict(r._mapping) for r in conn.execute(sq)})
    return [{**r, **info.get(r["story_id"] or "", {})} for r in rows]


def entity_listings(
    store: Store, entity_ids: Iterable[str] | None = None, *, listed_only: bool = True
) -> dict[str, list[Row]]:
    """The list entries of each entity, best match first: ``list_name``, ``entry_id``,
    ``entry_caption``, ``programs``, ``listed_on``, ``source_url``, ``score``, ``status``.
    ``listed_only``: those that make it listed (confirmed, or a match nobody rejected); else every
    match but the rejected ones."""
    lm, le, rv = t.list_matches, t.list_entries, t.list_reviews
    wanted = _status().in_(["match", "confirmed"] if listed_only else ["match", "possible", "confirmed"])
    q = (
        select(
            lm.c.match_id,
            lm.c.entity_id,
            lm.c.entry_id,
            lm.c.list_name,
            lm.c.score,
            _status().label("status"),
            le.c.caption.label("entry_caption"),
            le.c.programs,
            le.c.listed_on,
            le.c.source_url,
        )
        .join(le, le.c.entry_id == lm.c.entry_id)
        .outerjoin(rv, (rv.c.entry_id == lm.c.entry_id) & (rv.c.entity_id == lm.c.entity_id))
        .where(wanted)
        .order_by(lm.c.entity_id, lm.c.score.desc(), lm.c.match_id)
    )
    out: dict[str, list[Row]] = {}
    with store.engine.connect() as conn:
        if entity_ids is None:
            batches = [q]
        else:
            ids = sorted(set(entity_ids))
            batches = [q.where(lm.c.entity_id.in_(ids[i : i + _CHUNK])) for i in range(0, len(ids), _CHUNK)]
        for batch in batches:
            for r in conn.execute(batch):
                row = _decoded(r)
                out.setdefault(row["entity_id"], []).append(row)
    return out
