"""The report's events section: one row per real-world event (cluster), newest first.

A cluster's reports are kept first report first, as the dashboard's cluster view has them; the
row shows the first report and folds the others into a ``<details>``. Undated events go last.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _when(event: dict[str, Any]) -> str:
    """The event's date, else its story's publication date; "" when neither is known."""
    return str(event.get("date") or event.get("pub_date") or "")


def event_clusters(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events grouped by cluster (an event without one is its own): each group is
    ``{"first": event, "reports": [events, first report first], "when": date}``, newest first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        groups.setdefault(e.get("cluster") or e["id"], []).append({**e, "when": _when(e)})
    out = []
    for reports in groups.values():
        # first report first: by date, undated after dated, then by id for a stable order
        reports.sort(key=lambda r: (r["when"] == "", r["when"], r["id"]))
        out.append({"first": reports[0], "reports": reports, "when": reports[0]["when"]})
    # newest first; within a date by type, and undated clusters last
    out.sort(key=lambda c: (c["first"]["type"], c["first"]["id"]))
    out.sort(key=lambda c: c["when"], reverse=True)
    out.sort(key=lambda c: c["when"] == "")
    return out


__all__ = ["event_clusters"]
