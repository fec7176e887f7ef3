"""The events CSV for spreadsheets and pandas: one row per event, with its story and document.

Every cell goes through ``cells.safe_cell``: evidence sentences and headlines come from the web
and may start with ``=`` or ``@``. The PLOVER export is ``exports/plover.py``; the entities CSV
beside this one is ``exports/entities.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from kizashi.events.taxonomy import load_taxonomy
from kizashi.exports.cells import write_rows
from kizashi.exports.jsonl import document_records
from kizashi.storage import Store

CSV_FIELDS = (
    "event_id", "cluster", "date", "date_text", "type", "plover", "mode", "status", "actor1", "actor2",
    "location", "actor1_id", "actor2_id", "location_id", "confidence", "trigger", "evidence", "headline",
    "source", "url", "story_id", "doc_id", "pub_date", "language",
)  # fmt: skip


def flat_events(store: Store) -> Iterator[dict[str, Any]]:
    """One flat dict per event: the event's own fields plus its story's and document's."""
    taxonomy = load_taxonomy()
    for doc in document_records(store):
        headlines = {s["id"]: s["headline"] for s in doc["stories"]}
        for e in doc["events"]:
            yield {
                **{k: e[k] for k in ("date", "date_text", "type", "mode", "status", "cluster", "confidence")},
                **{
                    k: e[k] for k in ("actor1", "actor2", "location", "actor1_id", "actor2_id", "location_id")
                },
                **{k: e[k] for k in ("trigger", "evidence", "story_id", "start", "end")},
                "event_id": e["id"],
                "plover": taxonomy.plover(e["type"]),
                "headline": headlines.get(e["story_id"]),
                "source": doc["source"],
                "url": doc["url"],
                "doc_id": doc["id"],
                "pub_date": doc["pub_date"],
                "language": doc["language"],
            }


def write_csv(store: Store, out: TextIO) -> int:
    return write_rows(out, CSV_FIELDS, flat_events(store))


__all__ = ["CSV_FIELDS", "flat_events", "write_csv"]
