"""`kizashi show ID` and `kizashi events` (#15): ids that `show` takes, jsonl for scripts, bad input refused."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from tests.desk_fixtures import JP, US, Article, analysis, build_store


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
        (["--entity", "ファーウェイ, -誰もいない"], "誰もいない"),
        (["--sort", "newest"], "sort"),
        (["--min-confidence", "1.5"], "min_confidence"),
        (["--min-confidence", "high"], "min_confidence"),
        (["--status", "rumoured"], "status"),
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


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The desk fixtures and a planned meeting of confidence 0.3 (theirs are happened, 0.8)."""
    path = tmp_path_factory.mktemp("browse-mixed") / "k.db"
    store = build_store(path)
    plan = Article("d_plan", "日米は来月会談する予定だ。", "2024-07-01", [("日", JP), ("米", US)],
                   [("MEET", "e_jp", "e_us", "会談", None)], title="日米会談へ")  # fmt: skip
    an = analysis(plan)
    an = replace(an, events=tuple(replace(e, status="planned", confidence=0.3) for e in an.events))
    store.upsert(an, tokens={an.document.stories[0].story_id: "日米 は 来月 会談 する 予定 だ 。"})
    store.close()
    return path


def _events(db: Path, *options: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "jsonl", *options])
    assert result.exit_code == 0, result.output
    return _jsonl(result.output)


def test_cli_events_sort_and_min_confidence(mixed_db: Path) -> None:
    every = _events(mixed_db)
    rising = _events(mixed_db, "--sort", "confidence")
    assert [r["confidence"] for r in rising] == sorted(float(str(r["confidence"])) for r in every)
    assert rising[0]["status"] == "planned"
    assert [r["confidence"] for r in _events(mixed_db, "--sort", "-confidence")][-1] == 0.3
    types = [str(r["type"]) for r in _events(mixed_db, "--sort", "TYPE")]
    assert types == sorted(types)
    confident = _events(mixed_db, "--min-confidence", "0.5")
    assert len(confident) == len(every) - 1
    assert all(float(str(r["confidence"])) >= 0.5 for r in confident)


def test_cli_events_status_cluster_and_excluded_entity(mixed_db: Path) -> None:
    planned = _events(mixed_db, "--status", "PLANNED")
    assert [r["type"] for r in planned] == ["MEET"]
    one = planned[0]
    assert [r["event_id"] for r in _events(mixed_db, "--cluster", str(one["cluster"]))] == [one["event_id"]]
    # Huawei's export controls, less the one the commerce ministry announced
    kept = _events(mixed_db, "--entity", "ファーウェイ, -米商務省")
    assert [(r["actor1_id"], r["actor2_id"]) for r in kept] == [("e_us", "e_huawei")]


@pytest.mark.parametrize(
    ("names", "docs"),
    [("米商務省", ["d_controls"]), ("米商務省, 日本", ["d_controls", "d_controls_b"]),
     ("-日本", ["d_controls"]), ("ファーウェイ, -米商務省", ["d_controls_b"])],
)  # fmt: skip
def test_cli_search_entity_filter_names_and_exclusions(db: Path, names: str, docs: list[str]) -> None:
    result = CliRunner().invoke(
        app, ["search", "輸出規制", "--db", str(db), "--entity", names, "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(str(h["doc_id"]) for h in _jsonl(result.output)) == docs


def test_cli_search_unknown_entity_name_exits_2(db: Path) -> None:
    result = CliRunner().invoke(app, ["search", "輸出規制", "--db", str(db), "--entity", "誰もいない"])
    assert result.exit_code == 2
    assert "誰もいない" in result.output
