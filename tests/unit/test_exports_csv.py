"""The events and entities CSVs, read back with the csv module; cells that would start a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kizashi.exports.cells import safe_cell
from kizashi.exports.entities import NAME_SEPARATOR, write_entities_csv
from kizashi.exports.events import write_csv
from tests.export_fixtures import ENTITIES, METI, build_store


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2% for chips", "'-2% for chips"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("経済産業省", "経済産業省"),
        ("a=b", "a=b"),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_cells_safe_cell_escapes_formula_starts(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_csv_events_one_row_per_event_cells_escaped(tmp_path: Path) -> None:
    buf = io.StringIO()
    n = write_csv(build_store(tmp_path), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == n == 5
    by_id = {r["event_id"]: r for r in rows}
    assert by_id["v_5"]["evidence"].startswith("'=1+2")
    assert by_id["v_5"]["actor1"] == "'@Institute"
    assert by_id["v_1"]["actor1_id"] == METI.entity_id
    assert by_id["v_1"]["plover"] == "SANCTION"
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


def test_csv_entities_one_row_per_entity(tmp_path: Path) -> None:
    buf = io.StringIO()
    n = write_entities_csv(build_store(tmp_path), buf)
    rows = {r["entity_id"]: r for r in csv.DictReader(io.StringIO(buf.getvalue()))}
    assert len(rows) == n == len(ENTITIES)
    meti = rows[METI.entity_id]
    assert meti["names"].split(NAME_SEPARATOR) == list(METI.names)
    assert (meti["events_as_actor1"], meti["events_as_actor2"], meti["documents"]) == ("2", "1", "1")
    assert (
        rows[next(e.entity_id for e in ENTITIES if e.canonical == "@Institute")]["canonical"] == "'@Institute"
    )
