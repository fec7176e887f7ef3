"""The database failing mid-run (#16): disk full or the server gone. The run stops storing, prints
each message it collected and one clear error, exits 2, and keeps what was committed before."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from kizashi.cli import app as cli_app
from kizashi.storage.store import Store, _store_error

PAGE = (
    "経済産業省は{n}日、輸出管理の見直しを発表した。\n対象品目は{n}品目に増える。\n関係企業は対応を急ぐ。\n"
)


def test_store_lost_mid_run_stops_with_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(1, 6):
        (corpus / f"p{n}.txt").write_text(PAGE.format(n=n) * 3, encoding="utf-8")
    (corpus / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    real = Store.upsert
    calls: list[int] = []

    def upsert(self: Store, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) > 2:  # the disk fills up after two documents
            full = OperationalError("INSERT", {}, Exception("database or disk is full"))
            raise _store_error("p.txt: could not be stored", full)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "upsert", upsert)
    db = tmp_path / "k.db"
    result = CliRunner().invoke(
        cli_app, ["run", str(corpus), "--db", str(db)], env={"KIZASHI_BATCH_SIZE": "1"}
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "skipped: " in result.output  # the messages collected before the failure
    assert "bad.jsonl" in result.output
    assert "error: the database failed, 3 analysed document(s) not stored" in result.output
    assert "database or disk is full" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2  # committed before stays
