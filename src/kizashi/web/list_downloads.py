"""CSV and JSON downloads of the entity and alert lists (#15: "a download of any list"); the event
list and search results have theirs beside their JSON routes in ``api.py``.

Each takes the filters of its page and list API, and goes through ``downloads.download``: formula
starts escaped in CSV, JSON as the list API returns it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from kizashi.desk.alerts import list_alerts
from kizashi.storage import Store
from kizashi.storage.actors import list_entities
from kizashi.storage.filters import check_date
from kizashi.web.deps import DATE_PATTERN, get_store
from kizashi.web.downloads import MAX_DOWNLOAD, download
from kizashi.web.models import AlertOut, EntityOut

router = APIRouter(prefix="/api", tags=["api"])
StoreDep = Annotated[Store, Depends(get_store)]
Format = Annotated[str, Path(pattern="^(csv|json)$")]
DownloadLimit = Annotated[int, Query(ge=1, le=MAX_DOWNLOAD, description="rows in the file")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
ENTITY_FIELDS: tuple[str, ...] = tuple(EntityOut.model_fields)
ALERT_FIELDS: tuple[str, ...] = tuple(AlertOut.model_fields)


@router.get("/entities.{fmt}", response_class=Response, summary="The entity list as a CSV or JSON file")
def api_entities_download(
    store: StoreDep,
    fmt: Format,
    q: Annotated[str | None, Query(max_length=200, description="a substring of any name")] = None,
    type: Annotated[str | None, Query(max_length=16)] = None,
    limit: DownloadLimit = MAX_DOWNLOAD,
    offset: Offset = 0,
) -> Response:
    page = list_entities(
        store, q=q or None, type=type or None, limit=limit, offset=offset, max_limit=MAX_DOWNLOAD
    )
    meta = {"total": page.total, "limit": page.limit, "offset": page.offset}
    return download("kizashi-entities", fmt, ENTITY_FIELDS, page.items, meta)


@router.get("/alerts.{fmt}", response_class=Response, summary="Alerts as a CSV or JSON file")
def api_alerts_download(
    store: StoreDep,
    fmt: Format,
    watchlist_id: int | None = None,
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="raised on or after")] = None,
    limit: DownloadLimit = MAX_DOWNLOAD,
    offset: Offset = 0,
) -> Response:
    page = list_alerts(
        store, watchlist_id=watchlist_id, since=check_date("since", since), limit=limit, offset=offset,
        max_limit=MAX_DOWNLOAD,
    )  # fmt: skip
    meta = {"total": page.total, "limit": page.limit, "offset": page.offset}
    rows = page.items if fmt == "json" else [_flat_alert(a) for a in page.items]
    return download("kizashi-alerts", fmt, ALERT_FIELDS, rows, meta)


def _flat_alert(alert: dict[str, Any]) -> dict[str, Any]:
    """An alert as one CSV line: its reasons joined into text."""
    return {**alert, "reasons": "; ".join(str(r) for r in alert.get("reasons", ()))}


__all__ = ["ALERT_FIELDS", "ENTITY_FIELDS", "router"]
