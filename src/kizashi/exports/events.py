"""Event exports for other tools: PLOVER JSON lines and a flat CSV for spreadsheets and pandas."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from kizashi.events.taxonomy import load_taxonomy
from kizashi.exports.jsonl import document_records
from kizashi.storage import Store

CSV_FIELDS = (
    "event_id", "cluster", "date", "date_text", "type", "plover", "mode", "status", "actor1", "actor2",
    "location", "confidence", "evidence", "source", "story_id", "doc_id", "pub_date",
)  # fmt: skip


def flat_events(store: Store) -> Iterator[dict[str, Any]]:
    taxonomy = load_taxonomy()
    for doc in document_records(store):
        for e in doc["events"]:
            yield {
                "event_id": e["id"],
                "cluster": e["cluster"],
                "date": e["date"],
                "date_text": e["date_text"],
                "type": e["type"],
                "plover": taxonomy.plover(e["type"]),
                "mode": e["mode"],
                "status": e["status"],
                "actor1": e["actor1"],
                "actor2": e["actor2"],
                "location": e["location"],
                "confidence": e["confidence"],
                "evidence": e["evidence"],
                "source": doc["source"],
                "story_id": e["story_id"],
                "doc_id": doc["id"],
                "pub_date": doc["pub_date"],
                "start": e["start"],
                "end": e["end"],
            }


def write_csv(store: Store, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in flat_events(store):
        writer.writerow(row)
        n += 1
    return n


def write_plover(store: Store, out: TextIO) -> int:
    """PLOVER-style records (POLECAT's field names): id, date, actor, recipient, event, mode, context,
    text offsets and a citation of the report."""
    n = 0
    for row in flat_events(store):
        rec = {
            "id": row["event_id"],
            "date": row["date"],
            "event_type": row["plover"],
            "kizashi_type": row["type"],
            "mode": row["mode"],
            "context": row["status"],
            "actor": row["actor1"],
            "recipient": row["actor2"],
            "location": row["location"],
            "cluster": row["cluster"],
            "confidence": row["confidence"],
            "text": row["evidence"],
            "offsets": [row["start"], row["end"]],
            "citation": {"source": row["source"], "doc_id": row["doc_id"], "story_id": row["story_id"],
                         "pub_date": row["pub_date"]},
        }  # fmt: skip
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
