"""Screening SQL: imported lists and their versions, list entries, matches and review decisions.

``kizashi.screening`` reads list files and scores names; what it keeps is written and read here.
A list version is loaded in one transaction (entries replaced, what was added and removed
recorded), so a failed import leaves the previous version whole. Review decisions live in their
own table keyed on (entry id, entity id), both stable ids, and are joined onto the matches when
read: re-screening rewrites matches and never touches a decision.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from kizashi.errors import StoreError
from kizashi.storage import generation
from kizashi.storage import schema as t
from kizashi.storage.queries import Row
from kizashi.storage.store import Store

_CHUNK = 500  # rows per IN (...) list or batch insert
_JSON_FIELDS = ("names", "countries", "programs")
DECISIONS = ("confirmed", "rejected")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class LoadResult:
    version_id: int
    entries: int
    added: tuple[str, ...]  # entry ids
    removed: tuple[str, ...]


def _entry_row(e: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(e)
    for f in _JSON_FIELDS:
        row[f] = json.dumps(list(row.get(f) or ()), ensure_ascii=False)
    return row


def _decoded(r: Any) -> Row:
    row = dict(r._mapping)
    for f in (*_JSON_FIELDS, "explanation"):
        if f in row and isinstance(row[f], str):
            row[f] = json.loads(row[f])
    return row


def load_list_version(
    store: Store, *, name: str, version: str, source: str, fmt: str, entries: Sequence[Mapping[str, Any]]
) -> LoadResult:
    """Replace the entries of list ``name`` with ``entries`` (each with an ``entry_id``) as
    ``version``, recording the entries added and removed, all in one transaction."""
    le = t.list_entries
    now = _now()
    try:
        with store.engine.begin() as conn:
            generation.bump(conn)  # `listed` filters read the lists
            have = conn.execute(select(t.lists.c.name).where(t.lists.c.name == name)).first()
            values = {"version": version, "source": source, "format": fmt, "imported_at": now}
            if have is None:
                conn.execute(insert(t.lists).values(name=name, **values))
            else:
                conn.execute(update(t.lists).where(t.lists.c.name == name).values(**values))
            old: dict[str, tuple[str, str]] = {
                r.entry_id: (r.caption, r.added_in)
                for r in conn.execute(
                    select(le.c.entry_id, le.c.caption, le.c.added_in).where(le.c.list_name == name)
                )
            }
            new = {e["entry_id"]: e for e in entries}
            removed = [k for k in old if k not in new]
            added = [k for k in new if k not in old]
            # entries are rewritten whole (their names or programs may have changed); an entry
            # kept from an older version keeps the version it was first listed in
            conn.execute(delete(le).where(le.c.list_name == name))
            rows = [
                _entry_row({**e, "list_name": name, "added_in": old[k][1] if k in old else version})
                for k, e in new.items()
            ]
            for i in range(0, len(rows), _CHUNK):
                conn.execute(insert(le), rows[i : i + _CHUNK])
            res = conn.execute(
                insert(t.list_versions).values(
                    list_name=name,
                    version=version,
                    source=source,
                    imported_at=now,
                    entries=len(new),
                    added=len(added),
                    removed=len(removed),
                )
            )
            version_id = int(res.inserted_primary_key[0]) if res.inserted_primary_key else 0
            changes = [
                {"version_id": version_id, "entry_id": k, "change": "added", "caption": new[k]["caption"]}
                for k in added
            ] + [
                {"version_id": version_id, "entry_id": k, "change": "removed", "caption": old[k][0]}
                for k in removed
            ]
            for i in range(0, len(changes), _CHUNK):
                conn.execute(insert(t.list_changes), changes[i : i + _CHUNK])
            # matches of removed entries go; a decision about them stays (the entry may come back)
            for i in range(0, len(removed), _CHUNK):
                conn.execute(
                    delete(t.list_matches).where(t.list_matches.c.entry_id.in_(removed[i : i + _CHUNK]))
                )
    except SQLAlchemyError as exc:
        raise StoreError(f"list {name!r} version {version!r} could not be stored: {exc}") from exc
    return LoadResult(version_id, len(new), tuple(added), tuple(removed))


def list_summaries(store: Store) -> list[Row]:
    """Every loaded list: name, version, format, source, import date and number of entries."""
    n = select(func.count()).where(t.list_entries.c.list_name == t.lists.c.name).scalar_subquery()
    with store.engine.connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(select(t.lists, n.label("entries")).order_by(t.lists.c.name))
        ]


def list_versions(store: Store, name: str) -> list[Row]:
    v = t.list_versions
    with store.engine.connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(select(v).where(v.c.list_name == name).order_by(v.c.version_id))
        ]


def list_changes(store: Store, version_id: int) -> list[Row]:
    c = t.list_changes
    with store.engine.connect() as conn:
        q = select(c).where(c.c.version_id == version_id).order_by(c.c.change, c.c.caption)
        return [dict(r._mapping) for r in conn.execute(q)]


def list_entries(store: Store, entry_ids: Iterable[str] | None = None) -> list[Row]:
    """Entries of every list (or those of ``entry_ids``), names, countries and programs as lists."""
    le = t.list_entries
    with store.engine.connect() as conn:
        if entry_ids is None:
            return [_decoded(r) for r in conn.execute(select(le).order_by(le.c.entry_id))]
        wanted = list(entry_ids)
        out: list[Row] = []
        for i in range(0, len(wanted), _CHUNK):
            out += [
                _decoded(r) for r in conn.execute(select(le).where(le.c.entry_id.in_(wanted[i : i + _CHUNK])))
            ]
        return out


def lists_state(store: Store) -> str:
    """What the loaded lists are now (name, version, import time, size of each), as one text that
    changes whenever a list is imported, replaced or removed; empty when none is loaded."""
    loaded = [[r["name"], r["version"], r["imported_at"], r["entries"]] for r in list_summaries(store)]
    if not loaded:
        return ""
    with store.engine.connect() as conn:  # a version id is never reused: two imports in one second differ
        last = conn.execute(select(func.max(t.list_versions.c.version_id))).scalar()
    return json.dumps([last, loaded], ensure_ascii=False)


def document_entity_ids(store: Store, doc_ids: Iterable[str], types: Sequence[str]) -> set[str]:
    """The entities of these types that the documents mention or list."""
    ent, m, de = t.entities, t.mentions, t.doc_entities
    wanted, out = sorted(set(doc_ids)), set[str]()
    typed = select(ent.c.entity_id).where(ent.c.type.in_(list(types)))
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            for table in (m, de):
                q = select(table.c.entity_id).distinct().where(table.c.doc_id.in_(chunk))
                out.update(conn.execute(q.where(table.c.entity_id.in_(typed))).scalars())
    return out


def screening_subjects(
    store: Store, types: Sequence[str], entity_ids: Collection[str] | None = None
) -> list[Row]:
    """Entities of these types (all, or those of ``entity_ids``) with every name they are known
    by: canonical, the gazetteer's names and each distinct text they were mentioned as."""
    ent = t.entities
    typed = ent.c.type.in_(list(types))
    if entity_ids is None:
        return _subjects(store, [typed])
    wanted = sorted(entity_ids)
    return [
        row
        for i in range(0, len(wanted), _CHUNK)
        for row in _subjects(store, [typed, ent.c.entity_id.in_(wanted[i : i + _CHUNK])])
    ]


def _subjects(store: Store, where: Sequence[Any]) -> list[Row]:
    ent, m = t.entities, t.mentions
    with store.engine.connect() as conn:
        rows = {
            r.entity_id: {**dict(r._mapping), "names": json.loads(r.names)}
            for r in conn.execute(select(ent).where(*where))
        }
        q = (
            select(m.c.entity_id, m.c.text)
            .distinct()
            .where(m.c.entity_id.in_(select(ent.c.entity_id).where(*where)))
        )
        for entity_id, text in conn.execute(q):
            names = rows[entity_id]["names"]
            if text not in names:
                names.append(text)
    return list(rows.values())


def write_matches(
    store: Store, matches: Sequence[Mapping[str, Any]], entity_ids: Collection[str] | None = None
) -> tuple[int, int, int]:
    """Make the stored matches these: (new, changed, gone). A pair found again keeps its id.
    ``entity_ids``: only these entities were screened, so only their matches are replaced."""
    lm = t.list_matches
    now = _now()
    cols = select(lm.c.match_id, lm.c.score, lm.c.status, lm.c.explanation)
    if entity_ids is None:
        queries = [cols]
    else:
        wanted = sorted(entity_ids)
        queries = [
            cols.where(lm.c.entity_id.in_(wanted[i : i + _CHUNK])) for i in range(0, len(wanted), _CHUNK)
        ]
    try:
        with store.engine.begin() as conn:
            generation.bump(conn)  # `listed` filters read the lists
            old = {r.match_id: (r.score, r.status, r.explanation) for q in queries for r in conn.execute(q)}
            rows = []
            for m in matches:
                row = {
                    **m,
                    "explanation": json.dumps(list(m["explanation"]), ensure_ascii=False),
                    "screened_at": now,
                }
                rows.append(row)
            new = [r for r in rows if r["match_id"] not in old]
            changed = [
                r
                for r in rows
                if r["match_id"] in old and old[r["match_id"]] != (r["score"], r["status"], r["explanation"])
            ]
            keep = {r["match_id"] for r in rows}
            gone = [k for k in old if k not in keep]
            for i in range(0, len(gone), _CHUNK):
                conn.execute(delete(lm).where(lm.c.match_id.in_(gone[i : i + _CHUNK])))
            for r in changed:
                conn.execute(update(lm).where(lm.c.match_id == r["match_id"]).values(**r))
            for i in range(0, len(new), _CHUNK):
                conn.execute(insert(lm), new[i : i + _CHUNK])
    except SQLAlchemyError as exc:
        raise StoreError(f"screening matches could not be stored: {exc}") from exc
    return len(new), len(changed), len(gone)
