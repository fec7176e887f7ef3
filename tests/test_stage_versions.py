"""Every stored document carries the stage versions that made it; ``kizashi stats`` counts them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.pipeline import STAGES
from kizashi.records import Document
from kizashi.storage import Store, open_store
from kizashi.storage import schema as t
from tests.desk_fixtures import ARTICLES, XSS_TITLE, analysis
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
OLDER = ("normalise.v1", "clean.v0", "structure.v1")
PLAIN = [a for a in ARTICLES if a.title != XSS_TITLE]  # its made-up "QID" is too long for PostgreSQL


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'k.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(str(url))
    yield opened
    opened.close()


def test_stage_versions_stored_value_round_trips(store: Store) -> None:
    first, second, third = (analysis(a) for a in PLAIN[:3])
    store.upsert(first)  # the pipeline's STAGES by default
    store.upsert(second, stages=OLDER)
    store.record_duplicate(
        Document(doc_id="d_copy", source="copy.txt", text=third.document.text),
        duplicate_of=first.document.doc_id,
        minhash=None,
    )
    stored = {r["doc_id"]: r["stages"] for r in store.rows("documents")}
    assert json.loads(stored[first.document.doc_id]) == list(STAGES)
    assert json.loads(stored[second.document.doc_id]) == list(OLDER)
    assert json.loads(stored["d_copy"]) == list(STAGES)
    assert store.stage_versions() == [(STAGES, 2), (OLDER, 1)]


def test_stage_versions_reupsert_replaces_versions(store: Store) -> None:
    doc = analysis(PLAIN[0])
    store.upsert(doc, stages=OLDER)
    store.upsert(doc)
    assert store.stage_versions() == [(STAGES, 1)]


def test_stage_versions_stats_lists_versions_and_unknown(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    store = open_store(str(db))
    for a in PLAIN[:3]:
        store.upsert(analysis(a))
    store.upsert(analysis(PLAIN[3]), stages=OLDER)
    with store.engine.begin() as conn:  # as a document stored before migration 0005 reads
        conn.execute(update(t.documents).where(t.documents.c.doc_id == PLAIN[0].doc_id).values(stages=None))
    store.close()
    result = CliRunner().invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert versions_table(result.output) == [("2", STAGES), ("1", OLDER), ("1", ("unknown",))]
    assert counts_table(result.output)["documents"] == "4"


def _rows(lines: list[str]) -> list[list[str]]:
    return [[c.strip() for c in line.split("│")[1:-1]] for line in lines if line.startswith("│")]


def counts_table(output: str) -> dict[str, str]:
    lines = output.splitlines()
    end = next(i for i, line in enumerate(lines) if "stage versions" in line)
    return {what: n for what, n in _rows(lines[:end])}


def versions_table(output: str) -> list[tuple[str, tuple[str, ...]]]:
    """(count, stages) per row: a count, then one stage a line (continuation lines have no count)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "stage versions" in line)
    out: list[tuple[str, list[str]]] = []
    for n, stage in _rows(lines[start:]):
        if n:
            out.append((n, [stage]))
        else:
            out[-1][1].append(stage)
    return [(n, tuple(stages)) for n, stages in out]
