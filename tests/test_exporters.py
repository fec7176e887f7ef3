"""Exports other tools read: FollowTheMoney, PLOVER JSON lines, CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from followthemoney import model

from kizashi.exports.events import write_csv
from kizashi.exports.ftm import write_ftm
from kizashi.exports.plover import write_plover
from kizashi.storage import open_store

pytestmark = pytest.mark.slow


def test_exporters_ftm_entities_validate_against_the_ftm_model(demo_db: Path) -> None:
    buf = io.StringIO()
    n = write_ftm(open_store(str(demo_db)), buf)
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(records) > 0
    schemata = {r["schema"] for r in records}
    assert {"Article", "Mention", "Person", "Event"} <= schemata
    assert "LegalEntity" not in schemata
    for rec in records:
        proxy = model.get_proxy(rec)  # raises on unknown schema or property
        assert proxy.id


def test_exporters_plover_records_cite_their_source(demo_db: Path) -> None:
    buf = io.StringIO()
    write_plover(open_store(str(demo_db)), buf)
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert records
    for rec in records:
        assert {"id", "date", "source", "recipient", "event", "mode", "context", "status", "text_info",
                "cite_info"} <= set(rec)  # fmt: skip
        assert rec["source"]
        assert all(a["name"] and a["entity_id"] for a in rec["source"])
        assert rec["cite_info"]["source"]
        assert (rec["date"] is None) == (rec["date_missing"] is not None)


def test_exporters_csv_has_one_row_per_event(demo_db: Path) -> None:
    buf = io.StringIO()
    n = write_csv(open_store(str(demo_db)), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == n > 0
    assert all(r["type"] and r["evidence"] for r in rows)
