"""An entity page's aggregates kept up to date as documents are written (#17, migration 0011).

An entity page shows the actors that co-occur with the entity and its mentions over time. Counted
from the mentions, both read every mention of the entity (a country is mentioned in a fifth of
the stories), and the first request after a write cannot be served from the read cache. The
``entity_counts`` table holds them instead, changed in the same transaction as the mentions:

- kind ``co``: per (entity, other entity), the stories that mention both;
- kind ``day``: per (entity, publication date of the story), its mentions.

Both are sums over stories, so a write adds what the document holds now less what it held
before, and they stay exact (``full_co_occurring`` and ``full_mention_days`` count them from the
mentions, as the tests compare).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select

from kizashi.records import Mention, Story
from kizashi.storage import schema as t

__all__ = [
    "CountKey",
    "apply",
    "co_occurring",
    "full_co_occurring",
    "full_mention_days",
    "mention_days",
    "of_document",
    "of_records",
    "rebuild",
]

CountKey = tuple[str, str, str]  # (entity_id, kind, key)

_m, _s, _ent, _counts = t.mentions, t.stories, t.entities, t.entity_counts
_UPSERT = (
    f"INSERT INTO {_counts.name} (entity_id, kind, key, n) VALUES ({{0}}, {{0}}, {{0}}, {{0}}) "
    f"ON CONFLICT (entity_id, kind, key) DO UPDATE SET n = {_counts.name}.n + excluded.n"
)
_UPSERT_SQLITE, _UPSERT_PG = _UPSERT.format("?"), _UPSERT.format("%s")  # the drivers' paramstyles


def _stored(value: str) -> str:
    return value.replace("\x00", "\ufffd")  # as schema's string columns store it


def _count(pairs: Iterable[tuple[str, str, str | None]]) -> Counter[CountKey]:
    """(entity_id, story_id, the story's date) of each mention -> the counts they make."""
    out: Counter[CountKey] = Counter()
    by_story: dict[str, set[str]] = {}
    for entity_id, story_id, day in pairs:
        by_story.setdefault(story_id, set()).add(entity_id)
        if day is not None:
            out[entity_id, "day", day] += 1
    for entities in by_story.values():
        for a in entities:
            for b in entities:
                if a != b:
                    out[a, "co", b] += 1
    return out


def of_records(stories: Sequence[Story], mentions: Sequence[Mention]) -> Counter[CountKey]:
    """What a document's records add (a mention of a story not among them has no date)."""
    day_of = {_stored(s.story_id): s.pub_date for s in stories}
    return _count(
        (
            _stored(m.entity_id),
            _stored(m.story_id),
            None if (day := day_of.get(_stored(m.story_id))) is None else _stored(day),
        )
        for m in mentions
        if m.entity_id is not None
    )


def of_document(conn: Connection, doc_id: str) -> Counter[CountKey]:
    """What the document's stored mentions add now (nothing when it is new)."""
    q = (
        select(_m.c.entity_id, _m.c.story_id, _s.c.pub_date)
        .select_from(_m.outerjoin(_s, _s.c.story_id == _m.c.story_id))
        .where(_m.c.doc_id == doc_id)
    )
    return _count((str(e), str(s), None if d is None else str(d)) for e, s, d in conn.execute(q))


def apply(conn: Connection, now: Counter[CountKey], *, before: Counter[CountKey] | None = None) -> None:
    """Add what a document holds ``now`` less what it held ``before``, in the caller's write
    transaction; a count down to 0 is removed."""
    delta = Counter(now)
    delta.subtract(before or Counter())
    rows = [(e, k, key, n) for (e, k, key), n in delta.items() if n]
    if not rows:
        return
    # the driver's own executemany: a document adds hundreds of pairs, and SQLAlchemy's per-row
    # parameter handling was a third of its write (#17); the keys are stored strings already
    conn.exec_driver_sql(_UPSERT_PG if conn.dialect.name == "postgresql" else _UPSERT_SQLITE, rows)
    if any(n < 0 for n in delta.values()):
        conn.execute(delete(_counts).where(_counts.c.n <= 0))


def rebuild(conn: Connection) -> None:
    """The table counted again from every stored mention (the migration that makes it; a repair)."""
    conn.execute(delete(_counts))
    q = select(_m.c.entity_id, _m.c.story_id, _s.c.pub_date).select_from(
        _m.outerjoin(_s, _s.c.story_id == _m.c.story_id)
    )
    totals: Counter[CountKey] = Counter()
    by_story: dict[str, set[str]] = {}
    for entity_id, story_id, day in conn.execute(q.order_by(_m.c.story_id)):
        if by_story and story_id not in by_story:  # one story at a time: memory stays small
            totals.update(_count((e, s, None) for s, es in by_story.items() for e in es))
            by_story.clear()
        by_story.setdefault(story_id, set()).add(entity_id)
        if day is not None:
            totals[entity_id, "day", day] += 1
    totals.update(_count((e, s, None) for s, es in by_story.items() for e in es))
    apply(conn, totals)


def co_occurring(conn: Connection, entity_id: str, *, limit: int = 25) -> list[dict[str, Any]]:
    """The entities most often mentioned in the same story: entity_id, canonical, type, stories."""
    q = (
        select(_ent.c.entity_id, _ent.c.canonical, _ent.c.type, _counts.c.n)
        .select_from(_counts.join(_ent, _ent.c.entity_id == _counts.c.key))
        .where(_counts.c.entity_id == entity_id, _counts.c.kind == "co")
        .order_by(_counts.c.n.desc(), _ent.c.canonical, _ent.c.entity_id)
        .limit(limit)
    )
    return [_co_row(r) for r in conn.execute(q)]


def full_co_occurring(conn: Connection, entity_id: str, *, limit: int = 25) -> list[dict[str, Any]]:
    """``co_occurring`` counted from the mentions."""
    m2 = _m.alias("m2")
    stories = func.count(func.distinct(m2.c.story_id))
    q = (
        select(_ent.c.entity_id, _ent.c.canonical, _ent.c.type, stories)
        .select_from(
            _m.join(m2, and_(m2.c.story_id == _m.c.story_id, m2.c.entity_id != _m.c.entity_id)).join(
                _ent, _ent.c.entity_id == m2.c.entity_id
            )
        )
        .where(_m.c.entity_id == entity_id)
        .group_by(_ent.c.entity_id, _ent.c.canonical, _ent.c.type)
        .order_by(stories.desc(), _ent.c.canonical, _ent.c.entity_id)
        .limit(limit)
    )
    return [_co_row(r) for r in conn.execute(q)]


def _co_row(r: Any) -> dict[str, Any]:
    return {"entity_id": r[0], "canonical": r[1], "type": r[2], "stories": int(r[3])}


def mention_days(conn: Connection, entity_id: str) -> list[tuple[str, int]]:
    """(publication date, mentions of the entity in stories of that date), by date."""
    q = (
        select(_counts.c.key, _counts.c.n)
        .where(_counts.c.entity_id == entity_id, _counts.c.kind == "day")
        .order_by(_counts.c.key)
    )
    return [(str(d), int(n)) for d, n in conn.execute(q)]


def full_mention_days(conn: Connection, entity_id: str) -> list[tuple[str, int]]:
    """``mention_days`` counted from the mentions."""
    q = (
        select(_s.c.pub_date, func.count())
        .select_from(_m.join(_s, _s.c.story_id == _m.c.story_id))
        .where(_m.c.entity_id == entity_id, _s.c.pub_date.is_not(None))
        .group_by(_s.c.pub_date)
        .order_by(_s.c.pub_date)
    )
    return [(str(d), int(n)) for d, n in conn.execute(q)]
