"""`kizashi show ID` and `kizashi events` (#15): ids that `show` takes, jsonl for scripts, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from tests.desk_fixtures import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browse") / "k.db"
    build_store(path).close()
    return path


def _jsonl(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_events_jsonl_latest_first_and_filtered(db: Path) -> None:
    runner = CliRunner()
    every = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert every.exit_code == 0, every.output
    rows = _jsonl(every.output)
    dates = [str(r["when"]) for r in rows]
    assert dates == sorted(dates, reverse=True)
    controls = _jsonl(
        runner.invoke(
            app, ["events", "--db", str(db), "--type", "export_control", "--format", "jsonl"]
        ).output
    )
    assert {r["type"] for r in controls} == {"EXPORT_CONTROL"}
    assert len(controls) == 2


def test_cli_events_by_entity_name_in_another_script(db: Path) -> None:
    result = CliRunner().invoke(
        app, ["events", "--db", str(db), "--entity", "ファーウェイ", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert {r["actor2_id"] for r in _jsonl(result.output)} == {"e_huawei"}


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--since", "2025-13-45"], "date_from"),
        (["--type", "NO_SUCH"], "event_type"),
        (["--entity", "誰もいない"], "誰もいない"),
    ],
)
def test_cli_events_refuses_bad_filters(db: Path, options: list[str], named: str) -> None:
    result = CliRunner().invoke(app, ["events", "--db", str(db), *options])
    assert result.exit_code != 0
    assert named in result.output


def test_cli_show_event_story_and_unknown_id(db: Path) -> None:
    runner = CliRunner()
    event = _jsonl(
        runner.invoke(app, ["events", "--db", str(db), "--type", "MEET", "--format", "jsonl"]).output
    )[0]
    shown = runner.invoke(app, ["show", str(event["event_id"]), "--db", str(db)], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "MEET" in shown.output
    assert str(event["evidence"]) in shown.output
    story = runner.invoke(app, ["show", str(event["story_id"]), "--db", str(db)], terminal_width=200)
    assert story.exit_code == 0, story.output
    assert str(event["event_id"]) in story.output  # the story lists its events by id
    missing = runner.invoke(app, ["show", "v_nothing", "--db", str(db)])
    assert missing.exit_code == 1
    assert "v_nothing" in missing.output
