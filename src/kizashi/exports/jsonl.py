"""Exports: the JSON lines contract of SCHEMA.md (one object per document), read from the store."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from kizashi.storage import Store
from kizashi.storage.matches import entity_listings


def document_records(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per stored document, in the shape of SCHEMA.md (fields may be added, never renamed)."""
    for doc in store.rows("documents", order_by="source"):
        yield document_record(store, doc)


def document_record(store: Store, doc: Mapping[str, Any]) -> dict[str, Any]:
    doc_id = doc["doc_id"]
    stories = store.rows("stories", {"doc_id": doc_id}, order_by="idx")
    links = store.rows("doc_entities", {"doc_id": doc_id}, order_by="position")
    mentions = store.rows("mentions", {"doc_id": doc_id}, order_by="start")
    events = store.rows("events", {"doc_id": doc_id}, order_by="start")
    wanted = {x["entity_id"] for x in links} | {
        e[k] for e in events for k in ("actor1", "actor2", "location") if e[k]
    }
    ents = store.entity_rows(wanted)
    listings = entity_listings(store, wanted, listed_only=False)
    surfaces: dict[str, list[str]] = {}
    for m in mentions:
        forms = surfaces.setdefault(m["entity_id"], [])
        if m["text"] not in forms:
            forms.append(m["text"])

    def name(entity_id: str | None) -> str | None:
        return ents[entity_id]["canonical"] if entity_id and entity_id in ents else None

    return {
        "id": doc_id,
        "source": doc["source"],
        "title": doc["title"],
        "language": doc["language"],
        "url": doc["url"],
        "pub_date": doc["pub_date"],
        "pub_date_basis": doc["pub_date_basis"],
        "duplicate_of": doc["duplicate_of"],
        "text": doc["text"],
        "removed": json.loads(doc["removed"]),
        "stories": [
            {
                "id": s["story_id"],
                "headline": s["headline"],
                "source": s["outlet"],
                "pub_date": s["pub_date"],
                "pub_date_basis": s["pub_date_basis"],
                "start": s["start"],
                "end": s["end"],
                "text": s["text"],
            }
            for s in stories
        ],
        "entities": [
            {
                "id": link["entity_id"],
                "canonical": ents[link["entity_id"]]["canonical"],
                "type": ents[link["entity_id"]]["type"],
                "country": ents[link["entity_id"]]["country"],
                "role": link["role"],
                "wikidata": ents[link["entity_id"]]["wikidata"],
                "linked": bool(ents[link["entity_id"]]["linked"]),
                "names": json.loads(ents[link["entity_id"]]["names"]),
                "mentions": surfaces.get(link["entity_id"], []),
                "offsets": [[m["start"], m["end"]] for m in mentions if m["entity_id"] == link["entity_id"]],
                "listings": [_listing(r) for r in listings.get(link["entity_id"], [])],
            }
            for link in links
            if link["entity_id"] in ents
        ],
        "events": [
            {
                "id": e["event_id"],
                "story_id": e["story_id"],
                "type": e["type"],
                "mode": e["mode"],
                "status": e["status"],
                "cluster": e["cluster"],
                "actor1": name(e["actor1"]),
                "actor2": name(e["actor2"]),
                "actor1_id": e["actor1"],
                "actor2_id": e["actor2"],
                "date": e["date"],
                "date_text": e["date_text"],
                "location": name(e["location"]),
                "location_id": e["location"],
                "evidence": e["evidence"],
                "start": e["start"],
                "end": e["end"],
                "trigger": e["trigger"],
                "confidence": e["confidence"],
                "explanation": json.loads(e["explanation"]),
            }
            for e in events
        ],
    }


def _listing(row: Mapping[str, Any]) -> dict[str, Any]:
    """A screening match of the entity (an added field: match, possible or confirmed; a rejected
    match is left out), with the list entry it met."""
    return {
        "match_id": row["match_id"],
        "list": row["list_name"],
        "entry_id": row["entry_id"],
        "caption": row["entry_caption"],
        "programs": row["programs"],
        "listed_on": row["listed_on"],
        "source_url": row["source_url"],
        "score": row["score"],
        "status": row["status"],
    }


def write_jsonl(store: Store, out: TextIO) -> int:
    n = 0
    for rec in document_records(store):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_jsonl(store: Store, path: Path) -> int:
    with path.open("w", encoding="utf-8") as fh:
        return write_jsonl(store, fh)
