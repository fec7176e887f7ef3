"""The desk's commands over a hand-built store: watchlist add/list/remove and alerts (no GiNZA)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kizashi.cli import app
from tests.desk_fixtures import build_store


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_desk_watchlists_and_alerts_jsonl(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    build_store(Path(db)).close()
    spec = tmp_path / "w.yaml"
    spec.write_text(
        "- name: 華為\n  entities: [ファーウェイ]\n  event_types: [EXPORT_CONTROL]\n"
        "- name: 会談\n  event_types: [MEET]\n",
        encoding="utf-8",
    )
    assert "watchlist '華為': saved, 2 new alerts" in _invoke("watchlist", "add", str(spec), "--db", db)
    assert "saved, 0 new alerts" in _invoke(
        "watchlist", "add", "--db", db, "--name", "空", "--keyword", "無関係"
    )
    listed = _invoke("watchlist", "list", "--db", db)
    assert all(name in listed for name in ("華為", "会談", "空"))
    typo = CliRunner().invoke(app, ["watchlist", "add", "--db", db, "--name", "誤", "--type", "MEETS"])
    assert typo.exit_code != 0
    assert "'MEETS'" in typo.output
    assert "誤" not in _invoke("watchlist", "list", "--db", db)

    lines = _invoke("alerts", "--db", db, "--format", "jsonl").splitlines()
    alerts = [json.loads(line) for line in lines]
    assert {a["watchlist"] for a in alerts} == {"華為", "会談"}
    assert all(a["evidence"] and a["reasons"] for a in alerts)
    one = [
        json.loads(x)
        for x in _invoke("alerts", "--db", db, "--format", "jsonl", "--watchlist", "華為").splitlines()
    ]
    assert {a["event_type"] for a in one} == {"EXPORT_CONTROL"}
    assert len(one) == 2

    assert "watchlist '会談' removed" in _invoke("watchlist", "remove", "会談", "--db", db)
    after = [json.loads(x) for x in _invoke("alerts", "--db", db, "--format", "jsonl").splitlines()]
    assert {a["watchlist"] for a in after} == {"華為"}


def test_cli_desk_refuses_unknown_names_and_formats(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    runner = CliRunner()
    for args in (["alerts", "--db", db, "--format", "xml"], ["alerts", "--db", db, "--watchlist", "無い"],
                 ["watchlist", "remove", "無い", "--db", db], ["watchlist", "add", "--db", db]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code != 0, args


def test_cli_desk_watchlist_country_bodies_option(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    build_store(db).close()
    _invoke("watchlist", "add", "--db", str(db), "--name", "on", "--entity", "中国")
    _invoke("watchlist", "add", "--db", str(db), "--name", "off", "--entity", "中国", "--no-country-bodies")
    rows = [line for line in _invoke("watchlist", "list", "--db", str(db)).splitlines() if "中国" in line]
    assert len(rows) == 2
    assert {cells[1]: cells[6] for cells in ([c.strip() for c in r.split("│")] for r in rows)} == {
        "off": "no",
        "on": "yes",
    }
