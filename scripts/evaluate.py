#!/usr/bin/env python3
"""The gauge: run the pipeline on the shared sets and score them against their gold.

    scripts/evaluate.py [--shared ../shared] [--record] [--misses FILE] [--json]
    scripts/evaluate.py --raise-floors
    scripts/evaluate.py --lower-floor devset.event_f1=0.28 --why "the reason, said in the commit too"

One `kizashi run` analyses ../shared/samples and ../shared/devset/docs together (score.py matches a
prediction to its gold by the file name of its source, and the names of the two sets differ), then
../shared/tools/score.py scores each set. The table shows every metric by set with its change against
the numbers last recorded in tests/eval_last.json; --record rewrites that file.

tests/gate.json holds the floors that tests/test_gate.py enforces. --raise-floors lifts each floor to
just under today's score and never lowers one; --lower-floor lowers one floor and records the reason
in the file's "lowered" list.

Standard library only, so plain python3 runs it; the pipeline runs through the kizashi command
(default: .venv/bin/kizashi), never in this process. Exit status 2 when ../shared, score.py or the
command is missing, or the pipeline fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
LAST = ROOT / "tests" / "eval_last.json"
GATE = ROOT / "tests" / "gate.json"

# set name -> (gold folder, raw documents folder), relative to the shared folder
SETS: dict[str, tuple[str, str]] = {
    "gold": ("gold", "samples"),
    "devset": ("devset/gold", "devset/docs"),
}
METRICS: tuple[str, ...] = (
    "clean_f1",
    "dedup_acc",
    "story_f1",
    "pub_date_acc",
    "entity_p",
    "entity_r",
    "entity_f1",
    "mention_recall",
    "event_p",
    "event_r",
    "event_f1",
    "event_coarse_f1",
    "event_date_acc",
)
MARGIN = 0.01  # a floor stands this far under the score it was set from, rounded down to 0.01
RUN_TIMEOUT_S = 1800

Scores = dict[str, dict[str, float | None]]


class EvalError(Exception):
    """Something the evaluation needs is missing or failed; the message names it."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    scores: Scores  # set -> every metric score.py reports (None: nothing to count)
    misses: dict[str, str]  # set -> score.py's per-document misses


# --- running ---------------------------------------------------------------------------------------


def default_cli() -> Path:
    """The project's kizashi command: .venv/bin/kizashi, else the one beside this Python."""
    candidates = [ROOT / ".venv" / "bin" / "kizashi", Path(sys.executable).parent / "kizashi"]
    return next((c for c in candidates if c.is_file()), candidates[0])


def check_inputs(shared: Path, cli: Path) -> None:
    """Raise EvalError naming the first missing path."""
    if not shared.is_dir():
        raise EvalError(f"the shared folder is missing: {shared} (it lives beside the repo; pass --shared)")
    needed = [shared / "tools" / "score.py"]
    for gold, raw in SETS.values():
        needed += [shared / gold, shared / raw]
    for path in needed:
        if not path.exists():
            raise EvalError(f"missing in the shared folder: {path}")
    if not cli.is_file():
        raise EvalError(f"the kizashi command is missing: {cli} (run `make setup`, or pass --cli)")


def _child_env() -> dict[str, str]:
    """This environment less KIZASHI_ settings, so a user's settings cannot change the numbers."""
    return {k: v for k, v in os.environ.items() if not k.startswith("KIZASHI_")}


def run_pipeline(shared: Path, cli: Path, workdir: Path) -> Path:
    """`kizashi run` over both sets into a fresh database; returns the JSON lines export."""
    export = workdir / "eval.jsonl"
    args = [str(cli), "run", *(str(shared / raw) for _, raw in SETS.values())]
    args += ["--db", str(workdir / "eval.db"), "--export", str(export)]
    try:
        done = subprocess.run(
            args,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            env=_child_env(),
            cwd=workdir,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EvalError(f"{cli} run failed: {exc}") from exc
    # 3: partial success, some input skipped; score.py then counts it as a document without prediction
    if done.returncode not in {0, 3} or not export.is_file():
        tail = (done.stderr or done.stdout).strip()[-2000:]
        raise EvalError(f"{cli} run exited {done.returncode}:\n{tail}")
    if done.returncode == 3:
        sys.stderr.write(
            f"evaluate: kizashi run skipped some input (exit 3):\n{done.stderr.strip()[-2000:]}\n"
        )
    return export


def score_set(shared: Path, name: str, pred: Path) -> tuple[dict[str, float | None], str]:
    """score.py on one set: its metrics and its per-document misses."""
    gold, raw = SETS[name]
    args = [sys.executable, str(shared / "tools" / "score.py"), "--gold", str(shared / gold)]
    args += ["--raw", str(shared / raw), "--pred", str(pred), "--json", "--misses"]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EvalError(f"score.py failed on {name}: {exc}") from exc
    lines = done.stdout.rstrip("\n").splitlines()
    if done.returncode != 0 or not lines:
        raise EvalError(f"score.py exited {done.returncode} on {name}: {done.stderr.strip()[-2000:]}")
    try:
        metrics = json.loads(lines[-1])  # --json prints its object last, after the misses
    except json.JSONDecodeError as exc:
        raise EvalError(f"score.py printed no JSON for {name}: {lines[-1][:200]!r}") from exc
    return metrics, "\n".join(lines[:-1]) + "\n"


def evaluate(shared: Path, cli: Path) -> Evaluation:
    """One pipeline run over both sets, scored set by set."""
    check_inputs(shared, cli)
    scores: Scores = {}
    misses: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="kizashi-eval-") as tmp:
        export = run_pipeline(shared, cli, Path(tmp))
        for name in SETS:
            scores[name], misses[name] = score_set(shared, name, export)
    return Evaluation(scores=scores, misses=misses)


# --- the gate --------------------------------------------------------------------------------------


def check_floor(set_name: str, metric: str, score: float | None, floor: float) -> str | None:
    """The breach, said in words, or None when the score is at or above its floor."""
    if score is None:
        return f"{set_name}.{metric}: no score (nothing to count), floor {floor}"
    if score < floor:
        return f"{set_name}.{metric}: score {score} is below its floor {floor}"
    return None


def breaches(scores: Mapping[str, Mapping[str, float | None]], gate: Mapping[str, Any]) -> list[str]:
    """Every floor in the gate that the scores break."""
    found = []
    for set_name, floors in gate["floors"].items():
        for metric, floor in floors.items():
            breach = check_floor(set_name, metric, scores.get(set_name, {}).get(metric), floor)
            if breach:
                found.append(breach)
    return found


def floor_for(score: float) -> float:
    """A floor a little under a score: MARGIN below it, rounded down to 0.01, never under 0."""
    return max(0.0, math.floor(round((score - MARGIN) * 100, 6)) / 100)


def load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def gate_problems(gate: Any) -> list[str]:
    """What is wrong with a gate file's content: floors in [0, 1] on known sets and metrics."""
    if not isinstance(gate, dict) or not isinstance(gate.get("floors"), dict):
        return ["the gate needs a 'floors' object"]
    problems = []
    for set_name, floors in gate["floors"].items():
        if set_name not in SETS:
            problems.append(f"unknown set {set_name!r} (known: {', '.join(SETS)})")
        if not isinstance(floors, dict):
            problems.append(f"{set_name}: floors must be an object")
            continue
        for metric, floor in floors.items():
            if metric not in METRICS:
                problems.append(f"{set_name}.{metric}: unknown metric")
            if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 <= floor <= 1:
                problems.append(f"{set_name}.{metric}: floor {floor!r} is not a number in [0, 1]")
    lowered = gate.get("lowered", [])
    if not isinstance(lowered, list):
        return [*problems, "'lowered' must be a list"]
    for n, entry in enumerate(lowered):
        keys = {"set", "metric", "from", "to", "why", "date"}
        if not isinstance(entry, dict) or set(entry) != keys:
            problems.append(f"lowered[{n}]: needs exactly {sorted(keys)}")
        elif not str(entry["why"]).strip() or not entry["to"] < entry["from"]:
            problems.append(f"lowered[{n}]: needs a reason and 'to' below 'from'")
    return problems


def raise_floors(gate: dict[str, Any], scores: Scores) -> list[str]:
    """Lift floors to just under today's scores (never lower one); new floors for new scores. Returns the changes."""
    changes = []
    for set_name in SETS:
        floors = gate["floors"].setdefault(set_name, {})
        for metric in METRICS:
            score = scores.get(set_name, {}).get(metric)
            if score is None:
                continue
            old, new = floors.get(metric), floor_for(score)
            if old is None or new > old:
                floors[metric] = new
                changes.append(f"{set_name}.{metric}: {old} -> {new}")
    return changes


def lower_floor(gate: dict[str, Any], target: str, value: float, why: str, today: dt.date) -> str:
    """Lower one floor ("SET.METRIC") and record why; raise EvalError unless it is a real lowering."""
    set_name, _, metric = target.partition(".")
    old = gate["floors"].get(set_name, {}).get(metric)
    if old is None:
        raise EvalError(f"no floor {target} in the gate")
    if not why.strip():
        raise EvalError("lowering a floor needs --why with the reason")
    if not 0 <= value < old:
        raise EvalError(f"{target}: {value} does not lower its floor {old} (use --raise-floors to raise)")
    gate["floors"][set_name][metric] = value
    entry = {"set": set_name, "metric": metric, "from": old, "to": value, "why": why.strip()}
    gate.setdefault("lowered", []).append({**entry, "date": today.isoformat()})
    return f"{target}: {old} -> {value} ({why.strip()})"


# --- the table -------------------------------------------------------------------------------------


def _cell(score: float | None, last: float | None) -> str:
    if score is None:
        return "-"
    if last is None:
        return f"{score:.3f} (new)"
    delta = score - last
    return f"{score:.3f} ({'=' if abs(delta) < 5e-4 else f'{delta:+.3f}'})"


def format_table(scores: Scores, last: Mapping[str, Mapping[str, float | None]] | None) -> str:
    """Metric rows by set columns, each cell with its change against the last recorded numbers."""
    names = list(scores)
    rows = [["metric", *names]]
    for metric in METRICS:
        cells = [_cell(scores[n].get(metric), (last or {}).get(n, {}).get(metric)) for n in names]
        rows.append([metric, *cells])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def table_scores(scores: Scores) -> Scores:
    return {n: {m: scores[n].get(m) for m in METRICS} for n in scores}


# --- the command -----------------------------------------------------------------------------------


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help=f"the shared folder (default {DEFAULT_SHARED})"
    )
    ap.add_argument("--cli", type=Path, default=None, help="the kizashi command (default .venv/bin/kizashi)")
    ap.add_argument("--record", action="store_true", help=f"record these numbers in {LAST.relative_to(ROOT)}")
    ap.add_argument(
        "--misses", type=Path, metavar="FILE", help="write the per-document misses of both sets here"
    )
    ap.add_argument(
        "--json", action="store_true", help="print the scores as one JSON object instead of the table"
    )
    ap.add_argument(
        "--raise-floors", action="store_true", help="lift the gate's floors to just under today's scores"
    )
    ap.add_argument("--lower-floor", metavar="SET.METRIC=VALUE", help="lower one floor (needs --why)")
    ap.add_argument("--why", default="", help="the reason for --lower-floor, kept in the gate file")
    return ap.parse_args(argv)


def _lower(a: argparse.Namespace) -> int:
    target, _, value = str(a.lower_floor).partition("=")
    try:
        number = float(value)
    except ValueError:
        raise EvalError(f"--lower-floor wants SET.METRIC=VALUE, not {a.lower_floor!r}") from None
    gate = load_json(GATE)
    change = lower_floor(gate, target, number, a.why, dt.date.today())
    write_json(GATE, gate)
    sys.stdout.write(f"lowered {change}\nsay why in the commit message as well\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    a = _parse(argv)
    try:
        if a.lower_floor:
            return _lower(a)
        result = evaluate(a.shared.resolve(), a.cli or default_cli())
        scores = result.scores
        last = load_json(LAST)["scores"] if LAST.is_file() else None
        gate = load_json(GATE) if GATE.is_file() else {"floors": {}, "lowered": []}
        out: list[str] = []  # the table or the JSON object: stdout
        info: list[str] = []  # what else was done: stdout after the table, stderr beside --json
        if a.json:
            out.append(json.dumps({"scores": scores, "last": last}) + "\n")
        else:
            out.append(format_table(scores, last))
            broken = breaches(scores, gate)
            floors = sum(len(f) for f in gate["floors"].values())
            out.append(
                ("gate: below floor: " + "; ".join(broken)) if broken else f"gate: {floors} floors, all met"
            )
            out.append("\n")
        if a.misses:
            a.misses.write_text("".join(f"# {n}\n{m}\n" for n, m in result.misses.items()), encoding="utf-8")
            info.append(f"misses: {a.misses}\n")
        if a.record:
            write_json(LAST, {"recorded": dt.date.today().isoformat(), "scores": table_scores(scores)})
            info.append(f"recorded: {LAST}\n")
        if a.raise_floors:
            changes = raise_floors(gate, scores)
            write_json(GATE, gate)
            info.append("".join(f"floor raised {c}\n" for c in changes) or "no floor to raise\n")
        sys.stdout.write("".join(out))
        (sys.stderr if a.json else sys.stdout).write("".join(info))
    except EvalError as exc:
        sys.stderr.write(f"evaluate: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
