"""The entities CSV, written beside the events CSV: one row per entity the store knows.

The events CSV names actors by canonical name and id; this table says who each one is (type,
country, Wikidata QID, every known name) and how often it appears, so a spreadsheet can join the
two on ``entity_id``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any, TextIO

from kizashi.exports.cells import write_rows
from kizashi.storage import Store

ENTITY_FIELDS = (
    "entity_id", "canonical", "type", "country", "wikidata", "linked", "names", "documents",
    "events_as_actor1", "events_as_actor2", "events_as_location",
)  # fmt: skip
NAME_SEPARATOR = " | "  # names hold commas (大韓民国, "Korea, Republic of"); a bar rarely appears


def flat_entities(store: Store) -> Iterator[dict[str, Any]]:
    documents = Counter(link["entity_id"] for link in store.rows("doc_entities"))
    roles: dict[str, Counter[str]] = {k: Counter() for k in ("actor1", "actor2", "location")}
    for e in store.rows("events"):
        for key, counts in roles.items():
            if e[key]:
                counts[e[key]] += 1
    for ent in store.rows("entities", order_by="entity_id"):
        entity_id = ent["entity_id"]
        yield {
            "entity_id": entity_id,
            "canonical": ent["canonical"],
            "type": ent["type"],
            "country": ent["country"],
            "wikidata": ent["wikidata"],
            "linked": bool(ent["linked"]),
            "names": NAME_SEPARATOR.join(json.loads(ent["names"])),
            "documents": documents[entity_id],
            "events_as_actor1": roles["actor1"][entity_id],
            "events_as_actor2": roles["actor2"][entity_id],
            "events_as_location": roles["location"][entity_id],
        }


def write_entities_csv(store: Store, out: TextIO) -> int:
    return write_rows(out, ENTITY_FIELDS, flat_entities(store))


__all__ = ["ENTITY_FIELDS", "NAME_SEPARATOR", "flat_entities", "write_entities_csv"]
