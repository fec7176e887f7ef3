"""Read commands on a database that is not there, and filter values that cannot be meant (#15)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from tests.desk_fixtures import build_store

READ_COMMANDS = [
    ["stats"],
    ["search", "輸出"],
    ["export", "--format", "jsonl"],
    ["report", "--out", "{tmp}/r.html"],
    ["alerts"],
    ["watchlist", "list"],
    ["serve", "--port", "8765"],
    ["events"],
    ["show", "v_0"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_cli_read_command_without_database_says_so(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nothing-here.db"
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = CliRunner().invoke(app, [*args, "--db", str(missing)])
    assert result.exit_code != 0
    assert str(missing) in " ".join(result.output.split())
    assert "no database" in result.output
    assert not missing.exists()  # nothing was created


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "k.db"
    build_store(path).close()
    return path


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--from", "2025-13-45"], "date_from"),
        (["--to", "yesterday"], "date_to"),
        (["--type", "NO_SUCH_TYPE"], "event_type"),
    ],
)
def test_cli_search_invalid_filter_exits_non_zero(db: Path, options: list[str], named: str) -> None:
    result = CliRunner().invoke(app, ["search", "輸出", "--db", str(db), *options])
    assert result.exit_code == 2
    assert named in result.output


def test_cli_search_event_type_any_case(db: Path) -> None:
    runner = CliRunner()
    upper = runner.invoke(app, ["search", "輸出", "--db", str(db), "--type", "EXPORT_CONTROL", "--json"])
    lower = runner.invoke(app, ["search", "輸出", "--db", str(db), "--type", "export_control", "--json"])
    assert upper.exit_code == lower.exit_code == 0
    assert upper.output == lower.output
    assert upper.output.strip()


def test_cli_alerts_invalid_since_exits_non_zero(db: Path) -> None:
    result = CliRunner().invoke(app, ["alerts", "--db", str(db), "--since", "2025-02-30"])
    assert result.exit_code == 2
    assert "--since" in result.output


def test_cli_export_csv_writes_entities_beside(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    events = list(csv.DictReader(out.open(encoding="utf-8")))
    entities = list(csv.DictReader((tmp_path / "events.entities.csv").open(encoding="utf-8")))
    assert events
    assert entities
    assert {e["actor1_id"] for e in events} <= {e["entity_id"] for e in entities}


@pytest.mark.parametrize(
    "command",
    [["export", "--format", "csv"], ["export", "--format", "jsonl"], ["report"]],
    ids=lambda c: " ".join(c[:3]),
)
def test_cli_write_into_a_missing_folder_names_the_path(db: Path, tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "no-such-folder" / "out.file"
    result = CliRunner().invoke(app, [*command, "--db", str(db), "--out", str(out)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "out.file" in result.output
    assert "cannot write" in result.output
