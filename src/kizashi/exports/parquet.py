"""Parquet export for data-lake users: documents, entities, document-entity links and events.

``export_parquet(store, folder)`` writes one file per table into the folder::

    documents.parquet     one row per document; stories and removed lines nested (list<struct>)
    entities.parquet      one row per entity; names as list<string>
    doc_entities.parquet  which document names which entity, with the role at the time
    events.parquet        one row per event; actors and place by id and canonical name

Every file has a fixed schema (an empty store still gives typed files), so Spark, DuckDB or
pandas read them without guessing. Files are written row group by row group to bound memory.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kizashi.errors import KizashiError
from kizashi.storage import Store

ROW_GROUP = 5_000

_STORY = pa.struct(
    [
        ("id", pa.string()),
        ("index", pa.int32()),
        ("headline", pa.string()),
        ("source", pa.string()),  # the outlet, as in the JSON lines export
        ("pub_date", pa.string()),
        ("pub_date_basis", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
    ]
)
_REMOVED = pa.struct([("line", pa.string()), ("why", pa.string())])

DOCUMENTS = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("language", pa.string()),
        ("url", pa.string()),
        ("pub_date", pa.string()),
        ("pub_date_basis", pa.string()),
        ("duplicate_of", pa.string()),
        ("text", pa.string()),
        ("removed", pa.list_(_REMOVED)),
        ("stories", pa.list_(_STORY)),
    ]
)
ENTITIES = pa.schema(
    [
        ("id", pa.string()),
        ("canonical", pa.string()),
        ("type", pa.string()),
        ("country", pa.string()),
        ("wikidata", pa.string()),
        ("linked", pa.bool_()),
        ("names", pa.list_(pa.string())),
    ]
)
DOC_ENTITIES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("entity_id", pa.string()),
        ("role", pa.string()),
        ("position", pa.int32()),
        ("mentions", pa.list_(pa.string())),  # surface forms in this document
    ]
)
EVENTS = pa.schema(
    [
        ("id", pa.string()),
        ("doc_id", pa.string()),
        ("story_id", pa.string()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("status", pa.string()),
        ("cluster", pa.string()),
        ("actor1_id", pa.string()),
        ("actor1", pa.string()),
        ("actor2_id", pa.string()),
        ("actor2", pa.string()),
        ("location_id", pa.string()),
        ("location", pa.string()),
        ("date", pa.string()),
        ("date_text", pa.string()),
        ("evidence", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("trigger", pa.string()),
        ("confidence", pa.float64()),
        ("explanation", pa.list_(pa.string())),
    ]
)


def _documents(store: Store) -> Iterator[dict[str, Any]]:
    stories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in store.rows("stories", order_by="idx"):
        stories[s["doc_id"]].append(
            {
                "id": s["story_id"],
                "index": s["idx"],
                "headline": s["headline"],
                "source": s["outlet"],
                "pub_date": s["pub_date"],
                "pub_date_basis": s["pub_date_basis"],
                "start": s["start"],
                "end": s["end"],
                "text": s["text"],
            }
        )
    for d in store.rows("documents", order_by="source"):
        yield {
            "id": d["doc_id"],
            "source": d["source"],
            "title": d["title"],
            "language": d["language"],
            "url": d["url"],
            "pub_date": d["pub_date"],
            "pub_date_basis": d["pub_date_basis"],
            "duplicate_of": d["duplicate_of"],
            "text": d["text"],
            "removed": json.loads(d["removed"]),
            "stories": stories.get(d["doc_id"], []),
        }


def _entities(store: Store) -> Iterator[dict[str, Any]]:
    for e in store.rows("entities", order_by="entity_id"):
        yield {
            "id": e["entity_id"],
            "canonical": e["canonical"],
            "type": e["type"],
            "country": e["country"],
            "wikidata": e["wikidata"],
            "linked": bool(e["linked"]),
            "names": json.loads(e["names"]),
        }


def _doc_entities(store: Store) -> Iterator[dict[str, Any]]:
    surfaces: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m in store.rows("mentions", order_by="start"):
        forms = surfaces[(m["doc_id"], m["entity_id"])]
        if m["text"] not in forms:
            forms.append(m["text"])
    for link in store.rows("doc_entities", order_by="position"):
        key = (link["doc_id"], link["entity_id"])
        yield {
            "doc_id": link["doc_id"],
            "entity_id": link["entity_id"],
            "role": link["role"],
            "position": link["position"],
            "mentions": surfaces.get(key, []),
        }


def _events(store: Store, names: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    for e in store.rows("events", order_by="event_id"):
        yield {
            "id": e["event_id"],
            "doc_id": e["doc_id"],
            "story_id": e["story_id"],
            "type": e["type"],
            "mode": e["mode"],
            "status": e["status"],
            "cluster": e["cluster"],
            "actor1_id": e["actor1"],
            "actor1": names.get(e["actor1"] or ""),
            "actor2_id": e["actor2"],
            "actor2": names.get(e["actor2"] or ""),
            "location_id": e["location"],
            "location": names.get(e["location"] or ""),
            "date": e["date"],
            "date_text": e["date_text"],
            "evidence": e["evidence"],
            "start": e["start"],
            "end": e["end"],
            "trigger": e["trigger"],
            "confidence": e["confidence"],
            "explanation": json.loads(e["explanation"]),
        }


def write_table(rows: Iterable[Mapping[str, Any]], schema: pa.Schema, path: Path) -> int:
    """Rows -> one Parquet file with ``schema``, ``ROW_GROUP`` rows at a time. Returns the row count."""
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        chunk: list[Mapping[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:  # an empty table still carries the schema: an empty store reads back
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def export_parquet(store: Store, folder: Path) -> int:
    """Write documents, entities, doc_entities and events as Parquet files into ``folder``.

    Returns the number of documents written.
    """
    if folder.exists() and not folder.is_dir():
        raise KizashiError(f"{folder}: Parquet export needs a folder (it writes one file per table)")
    folder.mkdir(parents=True, exist_ok=True)
    entities = list(_entities(store))
    names = {e["id"]: e["canonical"] for e in entities}
    n_docs = write_table(_documents(store), DOCUMENTS, folder / "documents.parquet")
    write_table(entities, ENTITIES, folder / "entities.parquet")
    write_table(_doc_entities(store), DOC_ENTITIES, folder / "doc_entities.parquet")
    write_table(_events(store, names), EVENTS, folder / "events.parquet")
    return n_docs


__all__ = ["DOCUMENTS", "DOC_ENTITIES", "ENTITIES", "EVENTS", "export_parquet", "write_table"]
