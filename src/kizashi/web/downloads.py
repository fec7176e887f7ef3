"""CSV and JSON downloads of an event list or of search results: the same filters as the page.

CSV cells go through ``exports.cells`` (a cell starting with = + - @ is written as text, never as a
spreadsheet formula); JSON is what the list API returns, as an attachment.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi.responses import Response

from kizashi.exports.cells import write_rows
from kizashi.web.models import EventOut

MAX_DOWNLOAD = 10_000  # rows in one download; offset pages on beyond it
EVENT_FIELDS: tuple[str, ...] = tuple(EventOut.model_fields)
HIT_FIELDS = ("story_id", "doc_id", "source", "title", "pub_date", "rank", "entities", "events", "snippet")
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def download(
    name: str, fmt: str, fields: Sequence[str], rows: Iterable[Mapping[str, Any]], meta: dict[str, Any]
) -> Response:
    """``rows`` as ``name.csv`` (one line each, ``fields`` in order) or ``name.json`` (``meta`` and items)."""
    items = list(rows)
    if fmt == "csv":
        out = io.StringIO()
        write_rows(out, fields, items)
        body = out.getvalue().encode("utf-8-sig")  # the BOM: Excel then reads UTF-8, not Shift_JIS
    else:
        body = json.dumps({**meta, "items": items}, ensure_ascii=False, default=str).encode()
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def flat_hit(hit: Mapping[str, Any]) -> dict[str, Any]:
    """A search hit as one CSV line: entities and events joined into text."""
    events = "; ".join(f"{e['type']} {e['event_id']}" for e in hit.get("events", ()))
    return {**hit, "entities": "; ".join(hit.get("entities", ())), "events": events}


__all__ = ["EVENT_FIELDS", "FORMATS", "HIT_FIELDS", "MAX_DOWNLOAD", "download", "flat_hit"]
