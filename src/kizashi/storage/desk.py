"""The desk's SQL: watchlists, the alerts they raise, and what ``kizashi watch`` has seen.

``kizashi.desk`` decides what a watchlist means and what to raise; the queries it needs are here,
in parameterised SQLAlchemy Core over the tables of ``schema.py``, the same on SQLite and
PostgreSQL. A watchlist's term lists and an alert's reasons are stored as JSON text and come back
as lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from kizashi.errors import KizashiError
from kizashi.storage import schema as t
from kizashi.storage.queries import (
    EVENT_WHEN,
    MAX_LIMIT,
    Page,
    Row,
    clamp,
    events_select,
    fetch_rows,
)
from kizashi.storage.store import Store

WATCHLIST_TERMS = ("entities", "event_types", "modes", "keywords")
_CHUNK = 500  # keys per IN (...) list
_e, _s, _d = t.events, t.stories, t.documents
_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}  # ON CONFLICT


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---- watchlists -------------------------------------------------------------------------------


def _watchlist(r: Any) -> Row:
    row = dict(r._mapping)
    for f in WATCHLIST_TERMS:
        row[f] = json.loads(row[f])
    row["country_bodies"] = bool(row.get("country_bodies", True))
    return row


def write_watchlist(
    store: Store,
    name: str,
    terms: Mapping[str, Sequence[str]],
    *,
    watchlist_id: int | None = None,
    country_bodies: bool = True,
) -> int:
    """Insert a watchlist, or replace the one with this id; returns its id.

    ``terms`` maps each of ``WATCHLIST_TERMS`` to its list (a missing one is empty)."""
    values: dict[str, Any] = {
        f: json.dumps(list(terms.get(f, ())), ensure_ascii=False) for f in WATCHLIST_TERMS
    }
    values["country_bodies"] = country_bodies
    values["name"] = name
    values["updated_at"] = _now()
    w = t.watchlists
    try:
        with store.engine.begin() as conn:
            if watchlist_id is None:
                res = conn.execute(insert(w).values(created_at=values["updated_at"], **values))
                pk = res.inserted_primary_key
                return int(pk[0]) if pk else 0
            done = conn.execute(update(w).where(w.c.watchlist_id == watchlist_id).values(**values))
            if done.rowcount == 0:
                raise KizashiError(f"no watchlist {watchlist_id}")
            return watchlist_id
    except IntegrityError as exc:
        raise KizashiError(f"a watchlist named {name!r} exists already") from exc


def get_watchlist(store: Store, watchlist_id: int) -> Row | None:
    w = t.watchlists
    with store.engine.connect() as conn:
        r = conn.execute(select(w).where(w.c.watchlist_id == watchlist_id)).first()
    return _watchlist(r) if r else None


def find_watchlist(store: Store, name: str) -> Row | None:
    """The watchlist of exactly this name."""
    w = t.watchlists
    with store.engine.connect() as conn:
        r = conn.execute(select(w).where(w.c.name == name)).first()
    return _watchlist(r) if r else None


def list_watchlists(store: Store) -> list[Row]:
    """Every watchlist by name, with its number of alerts and the date of the latest."""
    w, a = t.watchlists, t.alerts
    n = select(func.count()).where(a.c.watchlist_id == w.c.watchlist_id).scalar_subquery()
    latest = select(func.max(a.c.created_at)).where(a.c.watchlist_id == w.c.watchlist_id).scalar_subquery()
    with store.engine.connect() as conn:
        rows = conn.execute(select(w, n.label("alerts"), latest.label("latest_alert")).order_by(w.c.name))
        return [_watchlist(r) for r in rows]


def delete_watchlist(store: Store, watchlist_id: int) -> bool:
    """Delete a watchlist and its alerts; False when there was none."""
    with store.engine.begin() as conn:
        conn.execute(delete(t.alerts).where(t.alerts.c.watchlist_id == watchlist_id))
        done = conn.execute(delete(t.watchlists).where(t.watchlists.c.watchlist_id == watchlist_id))
    return bool(done.rowcount)


def entities_by_id(store: Store, entity_ids: Sequence[str]) -> list[Row]:
    """The stored entities of these ids (entity_id, canonical, type, wikidata)."""
    if not entity_ids:
        return []
    ent = t.entities
    q = select(ent.c.entity_id, ent.c.canonical, ent.c.type, ent.c.wikidata).where(
        ent.c.entity_id.in_(list(entity_ids))
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q.order_by(ent.c.entity_id))]


def resolve_entities(store: Store, terms: Sequence[str]) -> dict[str, list[Row]]:
    """term -> the entities it names: by id, QID, canonical name (any case), a known name, or a
    mention's text."""
    ent, m = t.entities, t.mentions
    out: dict[str, list[Row]] = {}
    with store.engine.connect() as conn:
        for term in terms:
            q = select(ent.c.entity_id, ent.c.canonical, ent.c.type, ent.c.wikidata, ent.c.country).where(
                or_(
                    ent.c.entity_id == term,
                    ent.c.wikidata == term,
                    func.lower(ent.c.canonical) == term.lower(),
                    # names are stored as a JSON list: match one whole element
                    ent.c.names.contains(json.dumps(term, ensure_ascii=False), autoescape=True),
                    # or the name as articles write it (米, 林官房長官), which the gazetteer may not list;
                    # uncorrelated, so it is one read of ix_mentions_text (0007), not one scan of
                    # each entity's mentions
                    ent.c.entity_id.in_(select(m.c.entity_id).where(m.c.text == term)),
                )
            )
            out[term] = [dict(r._mapping) for r in conn.execute(q.order_by(ent.c.entity_id))]
    return out


def entities_of_countries(store: Store, countries: Sequence[str]) -> list[Row]:
    """The stored entities of these countries (ISO alpha-3): entity_id, canonical, type, country,
    linked, and ``has_role``: some document writes a title beside the name (商務相)."""
    if not countries:
        return []
    ent, de = t.entities, t.doc_entities
    has_role = exists().where(de.c.entity_id == ent.c.entity_id, de.c.role.is_not(None), de.c.role != "")
    q = select(
        ent.c.entity_id, ent.c.canonical, ent.c.type, ent.c.country, ent.c.linked, has_role.label("has_role")
    ).where(ent.c.country.in_(list(countries)))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q.order_by(ent.c.entity_id))]


# ---- what alerts match ------------------------------------------------------------------------


def _keyword_condition(keywords: Sequence[str], *cols: Any) -> ColumnElement[bool]:
    return or_(*(c.contains(k, autoescape=True) for k in keywords for c in cols))


def matching_events(
    store: Store,
    *,
    entity_ids: Sequence[str] = (),
    event_types: Sequence[str] = (),
    modes: Sequence[str] = (),
    keywords: Sequence[str] = (),
) -> list[Row]:
    """Events (as ``queries.events_select`` gives them) meeting every non-empty condition: an
    entity is the actor, counterpart or place; the type and mode are listed; a keyword is in the
    evidence. Oldest first."""
    cond: list[ColumnElement[bool]] = []
    if entity_ids:
        keys = list(entity_ids)
        cond.append(or_(_e.c.actor1.in_(keys), _e.c.actor2.in_(keys), _e.c.location.in_(keys)))
    if event_types:
        cond.append(_e.c.type.in_(list(event_types)))
    if modes:
        cond.append(_e.c.mode.in_(list(modes)))
    if keywords:
        cond.append(_keyword_condition(keywords, _e.c.evidence))
    q = events_select().where(*cond)
    return fetch_rows(store, q.order_by(EVENT_WHEN.nulls_last(), _e.c.event_id))


def matching_stories(
    store: Store, *, entity_ids: Sequence[str] = (), keywords: Sequence[str] = ()
) -> list[Row]:
    """Stories that mention one of the entities and hold a keyword (each when given), oldest first."""
    cond: list[ColumnElement[bool]] = []
    if entity_ids:
        m = t.mentions
        cond.append(exists().where(and_(m.c.story_id == _s.c.story_id, m.c.entity_id.in_(list(entity_ids)))))
    if keywords:
        cond.append(_keyword_condition(keywords, _s.c.text))
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


# ---- alerts -----------------------------------------------------------------------------------


def alert_keys(store: Store, watchlist_id: int) -> list[tuple[str, str | None, str]]:
    """(dedupe key, event id, story id) of every alert the watchlist has raised."""
    a = t.alerts
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(a.c.dedupe_key, a.c.event_id, a.c.story_id).where(a.c.watchlist_id == watchlist_id)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def insert_alerts(store: Store, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert alerts (``reasons`` a list) in one transaction, leaving alone what a concurrent
    check inserted first (same watchlist and dedupe key)."""
    if not rows:
        return
    values = [{**r, "reasons": json.dumps(list(r["reasons"]), ensure_ascii=False)} for r in rows]
    with store.engine.begin() as conn:
        dialect_insert: Any = _INSERTS.get(conn.dialect.name)
        if dialect_insert is None:  # pragma: no cover - the store supports these two
            conn.execute(insert(t.alerts), values)
            return
        stmt = dialect_insert(t.alerts).on_conflict_do_nothing(index_elements=["watchlist_id", "dedupe_key"])
        conn.execute(stmt, values)


def list_alerts(
    store: Store,
    *,
    watchlist_id: int | None = None,
    since: str | None = None,
    limit: int = 50,
    offset: int = 0,
    max_limit: int = MAX_LIMIT,
) -> Page:
    """Alerts with their watchlist's name, newest first (by when they were raised, then by the
    date of what they report); ``max_limit`` is higher for downloads."""
    limit, offset = clamp(limit, offset, max_limit)
    a, w = t.alerts, t.watchlists
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


# ---- what ``kizashi watch`` has seen ----------------------------------------------------------


def seen_keys(store: Store, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` already remembered."""
    wanted, out = list(keys), set[str]()
    s = t.watch_seen
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), _CHUNK):
            q = select(s.c.key).where(s.c.key.in_(wanted[i : i + _CHUNK]))
            out.update(conn.execute(q).scalars())
    return out


def remember_seen(store: Store, items: Mapping[str, str]) -> None:
    """Remember each key (with the source it stands for) not remembered yet."""
    if not items:
        return
    now = _now()
    seen = seen_keys(store, items)
    rows = [{"key": k, "source": v, "seen_at": now} for k, v in items.items() if k not in seen]
    if rows:
        with store.engine.begin() as conn:
            conn.execute(insert(t.watch_seen), rows)


__all__ = [
    "WATCHLIST_TERMS",
    "alert_keys",
    "delete_watchlist",
    "entities_by_id",
    "find_watchlist",
    "get_watchlist",
    "insert_alerts",
    "list_alerts",
    "list_watchlists",
    "matching_events",
    "matching_stories",
    "remember_seen",
    "resolve_entities",
    "seen_keys",
    "write_watchlist",
]
