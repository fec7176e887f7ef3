"""The HTML report: one self-contained file (Jinja2, autoescaped) over everything stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kizashi import __version__
from kizashi.errors import KizashiError
from kizashi.exports.ftm import LISTED_STATUSES
from kizashi.exports.jsonl import document_records
from kizashi.report.charts import report_context
from kizashi.report.sections import event_clusters
from kizashi.storage import Store


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kizashi", "report/templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(store: Store, *, check_alerts: bool = True) -> str:
    """The report over everything stored: charts, a digest per watchlist, events, entities,
    documents. With ``check_alerts``, alerts not raised yet are raised first (a write)."""
    docs = list(document_records(store))
    events: list[dict[str, Any]] = []
    entities: dict[str, dict[str, Any]] = {}
    for d in docs:
        story_dates = {s["id"]: s["pub_date"] for s in d["stories"]}
        for e in d["events"]:
            pub_date = story_dates.get(e["story_id"]) or d["pub_date"]
            events.append({**e, "source": d["source"], "doc_title": d["title"], "pub_date": pub_date})
        for ent in d["entities"]:
            slot = entities.setdefault(ent["id"], {**ent, "mentions": [], "documents": 0, "roles": []})
            slot["documents"] += 1
            slot["mentions"].extend(m for m in ent["mentions"] if m not in slot["mentions"])
            if ent["role"] and ent["role"] not in slot["roles"]:
                slot["roles"].append(ent["role"])
    ranked = sorted(entities.values(), key=lambda e: (-e["documents"], e["canonical"]))
    # a party with a confirmed list match, or a match nobody rejected, with those entries
    listed = [
        {**e, "listings": [m for m in e["listings"] if m["status"] in LISTED_STATUSES]}
        for e in ranked
        if any(m["status"] in LISTED_STATUSES for m in e.get("listings", []))
    ]
    return (
        _environment()
        .get_template("report.html")
        .render(
            version=__version__,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            counts=store.counts(),
            docs=docs,
            clusters=event_clusters(events),
            entities=ranked,
            listed=listed,
            **report_context(store, check=check_alerts),
        )
    )


def write_report(store: Store, path: Path, *, check_alerts: bool = True) -> Path:
    html = render_report(store, check_alerts=check_alerts)
    try:  # a folder that does not exist: say which file, no traceback
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise KizashiError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc
    return path
