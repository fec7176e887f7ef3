"""The quality gate: the scores on ../shared's sets may not drop below the floors in tests/gate.json.

The pipeline runs once per session through the ``kizashi`` command and ../shared/tools/score.py scores
it, both by scripts/evaluate.py (the one implementation ``make eval`` uses too). Without ../shared (a
clone on its own) the gate skips, unless KIZASHI_GATE_REQUIRED=1, when it fails.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV_REQUIRED = "KIZASHI_GATE_REQUIRED"


def _load_evaluate() -> ModuleType:
    path = ROOT / "scripts" / "evaluate.py"
    spec = importlib.util.spec_from_file_location("kizashi_scripts_evaluate", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


evaluate = _load_evaluate()
GATE: dict[str, Any] = json.loads(evaluate.GATE.read_text(encoding="utf-8"))
FLOORS = [(s, m, f) for s, floors in GATE["floors"].items() for m, f in floors.items()]


@pytest.fixture(scope="session")
def scores() -> dict[str, dict[str, float | None]]:
    """Both sets run through the pipeline once and scored."""
    shared = evaluate.DEFAULT_SHARED
    if not shared.is_dir():
        message = f"the gate needs the shared folder beside the repo: {shared} is missing"
        if os.environ.get(ENV_REQUIRED, "") not in {"", "0"}:
            pytest.fail(f"{message} ({ENV_REQUIRED} is set)")
        pytest.skip(message)
    try:
        result = evaluate.evaluate(shared, evaluate.default_cli())
    except evaluate.EvalError as exc:
        pytest.fail(str(exc))
    return dict(result.scores)


@pytest.mark.slow
@pytest.mark.parametrize(("set_name", "metric", "floor"), FLOORS, ids=[f"{s}.{m}" for s, m, _ in FLOORS])
def test_gate_floor(
    scores: dict[str, dict[str, float | None]], set_name: str, metric: str, floor: float
) -> None:
    breach = evaluate.check_floor(set_name, metric, scores[set_name].get(metric), floor)
    if breach:
        pytest.fail(f"quality gate: {breach}")


@pytest.mark.slow
def test_gate_metrics_are_in_score_py_output(scores: dict[str, dict[str, float | None]]) -> None:
    unknown = [f"{s}.{m}" for s, m, _ in FLOORS if m not in scores[s]]
    assert unknown == [], f"gate.json names metrics score.py does not report: {unknown}"
    assert set(evaluate.METRICS) <= set(scores["gold"])


def test_gate_file_is_well_formed() -> None:
    assert evaluate.gate_problems(GATE) == []
    assert set(GATE["floors"]) == set(evaluate.SETS)


@pytest.mark.parametrize(
    ("gate", "problem"),
    [
        ({"floors": {"gold": {"entity_f1": 1.2}}}, "gold.entity_f1: floor 1.2 is not a number in [0, 1]"),
        ({"floors": {"gold": {"entity_fl": 0.5}}}, "gold.entity_fl: unknown metric"),
        ({"floors": {"test": {}}}, "unknown set 'test' (known: gold, devset)"),
        ({"floors": {}, "lowered": [{"set": "gold"}]}, "lowered[0]: needs exactly"),
    ],
)
def test_gate_file_problems_are_named(gate: dict[str, Any], problem: str) -> None:
    assert any(p.startswith(problem) for p in evaluate.gate_problems(gate))


@pytest.mark.parametrize(("score", "floor"), [(0.92, 0.93), (None, 0.5)])
def test_gate_breach_reported_for_a_lowered_score(score: float | None, floor: float) -> None:
    breach = evaluate.check_floor("gold", "entity_f1", score, floor)
    assert breach is not None
    assert "gold.entity_f1" in breach
    assert str(floor) in breach
    found = evaluate.breaches({"gold": {"entity_f1": score}}, {"floors": {"gold": {"entity_f1": floor}}})
    assert found == [breach]


@pytest.mark.parametrize("score", [0.93, 0.95])
def test_gate_no_breach_at_or_above_the_floor(score: float) -> None:
    assert evaluate.check_floor("gold", "entity_f1", score, 0.93) is None


@pytest.mark.parametrize(("score", "floor"), [(0.942, 0.93), (1.0, 0.99), (0.7, 0.69), (0.005, 0.0)])
def test_gate_floor_for_a_score(score: float, floor: float) -> None:
    assert evaluate.floor_for(score) == floor


def test_gate_raise_floors_never_lowers() -> None:
    gate: dict[str, Any] = {"floors": {"gold": {"entity_f1": 0.95, "event_f1": 0.5}}}
    evaluate.raise_floors(gate, {"gold": {"entity_f1": 0.9, "event_f1": 0.8}, "devset": {}})
    assert gate["floors"]["gold"]["entity_f1"] == 0.95
    assert gate["floors"]["gold"]["event_f1"] == 0.79


def test_gate_lower_floor_records_why() -> None:
    gate: dict[str, Any] = {"floors": {"devset": {"event_f1": 0.3}}, "lowered": []}
    evaluate.lower_floor(gate, "devset.event_f1", 0.28, "new gold documents", dt.date(2026, 1, 2))
    assert gate["floors"]["devset"]["event_f1"] == 0.28
    assert gate["lowered"] == [
        {
            "set": "devset",
            "metric": "event_f1",
            "from": 0.3,
            "to": 0.28,
            "why": "new gold documents",
            "date": "2026-01-02",
        }
    ]
    assert evaluate.gate_problems(gate) == []


@pytest.mark.parametrize(("value", "why"), [(0.28, " "), (0.31, "a reason"), (-0.1, "a reason")])
def test_gate_lower_floor_refuses_without_reason_or_lowering(value: float, why: str) -> None:
    gate: dict[str, Any] = {"floors": {"devset": {"event_f1": 0.3}}}
    with pytest.raises(evaluate.EvalError):
        evaluate.lower_floor(gate, "devset.event_f1", value, why, dt.date(2026, 1, 2))
    assert gate["floors"]["devset"]["event_f1"] == 0.3


def test_gate_missing_shared_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "shared"
    with pytest.raises(evaluate.EvalError, match=str(missing)):
        evaluate.check_inputs(missing, evaluate.default_cli())


def test_gate_missing_cli_is_named(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "tools").mkdir(parents=True)
    (shared / "tools" / "score.py").touch()
    for gold, raw in evaluate.SETS.values():
        (shared / gold).mkdir(parents=True, exist_ok=True)
        (shared / raw).mkdir(parents=True, exist_ok=True)
    cli = tmp_path / "bin" / "kizashi"
    with pytest.raises(evaluate.EvalError, match=f"kizashi command is missing: {cli}"):
        evaluate.check_inputs(shared, cli)


def test_gate_last_numbers_are_well_formed() -> None:
    last = json.loads(evaluate.LAST.read_text(encoding="utf-8"))
    assert set(last["scores"]) == set(evaluate.SETS)
    for metrics in last["scores"].values():
        assert set(metrics) == set(evaluate.METRICS)
        assert all(v is None or 0 <= v <= 1 for v in metrics.values())


def test_gate_table_shows_the_change() -> None:
    table = evaluate.format_table(
        {"gold": {"entity_f1": 0.95, "event_f1": None}, "devset": {"entity_f1": 0.8}},
        {"gold": {"entity_f1": 0.942}},
    )
    lines = table.splitlines()
    assert lines[0].split() == ["metric", "gold", "devset"]
    row = next(line for line in lines if line.startswith("entity_f1 "))
    assert row.split() == ["entity_f1", "0.950", "(+0.008)", "0.800", "(new)"]
    assert next(line for line in lines if line.startswith("event_f1 ")).split()[1] == "-"
