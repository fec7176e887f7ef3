"""The entities table as a document is stored: new entities inserted, the names of known ones merged."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kizashi.records import Entity
from kizashi.storage import schema as t

_IN_CHUNK = 500  # ids per IN (...) list: under every database's limit on bound parameters


def upsert(conn: Connection, ents: Sequence[Entity]) -> int:
    """Insert the new entities, merge the names of known ones; how many were new."""
    ids = list(dict.fromkeys(e.entity_id for e in ents))
    known: dict[str, list[str]] = {}
    for i in range(0, len(ids), _IN_CHUNK):
        rows = conn.execute(
            select(t.entities.c.entity_id, t.entities.c.names).where(
                t.entities.c.entity_id.in_(ids[i : i + _IN_CHUNK])
            )
        )
        known.update((entity_id, json.loads(names)) for entity_id, names in rows)
    new_rows: dict[str, dict[str, Any]] = {}
    for ent in ents:
        names = known.get(ent.entity_id)
        if ent.entity_id in new_rows:  # the same id twice in one document: one row, both names
            merged = names + [n for n in ent.names if n not in names] if names else list(ent.names)
            new_rows[ent.entity_id]["names"] = json.dumps(merged, ensure_ascii=False)
            known[ent.entity_id] = merged
            continue
        if names is None:
            new_rows[ent.entity_id] = {
                "entity_id": ent.entity_id,
                "canonical": ent.canonical,
                "type": ent.type,
                "country": ent.country,
                "wikidata": ent.wikidata,
                "linked": ent.linked,
                "names": json.dumps(list(ent.names), ensure_ascii=False),
            }
            known[ent.entity_id] = list(ent.names)
            continue
        merged = names + [n for n in ent.names if n not in names]
        if merged != names:
            conn.execute(
                update(t.entities)
                .where(t.entities.c.entity_id == ent.entity_id)
                .values(names=json.dumps(merged, ensure_ascii=False))
            )
            known[ent.entity_id] = merged
    if new_rows:
        conn.execute(insert(t.entities), list(new_rows.values()))
    return len(new_rows)
