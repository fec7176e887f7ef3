#!/usr/bin/env python3
"""Fit the confidence model's weights on a set with gold, and say how precise it is.

    .venv/bin/python scripts/fit_confidence.py EXPORT.jsonl [--shared ../shared]

EXPORT.jsonl is `kizashi run ../shared/samples ../shared/devset/docs --export EXPORT.jsonl`. Each
predicted event is labelled right or wrong by score.py's misses, the features are those of
src/kizashi/events/confidence.py, and an L2 logistic regression is fitted on the devset. It prints
the weights (for the `confidence` section of src/kizashi/data/events/event_types.yaml) and the
precision above each threshold: in-sample and cross-validated on the devset, out-of-sample on gold.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

from kizashi.events.confidence import FEATURES, features
from kizashi.events.taxonomy import load_taxonomy

_EXTRA = re.compile(r"\s+event extra: (\S+) (.*?) -> (.*?) \| (.*)$")


def _key(text: str) -> str:
    return re.sub(r"\s", "", text)[:40]


def labelled(shared: Path, export: Path, gold: str, raw: str) -> tuple[np.ndarray, np.ndarray]:
    """(features, right) for every scored event of the set's documents."""
    args = [sys.executable, str(shared / "tools/score.py"), "--gold", str(shared / gold)]
    out = subprocess.run([*args, "--raw", str(shared / raw), "--pred", str(export), "--misses"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    extras: dict[str, list[tuple[str, ...]]] = {}
    doc = ""
    for line in out.splitlines():
        if line.startswith("## "):
            doc = line[3:].strip().removesuffix(".txt")
        elif m := _EXTRA.match(line):
            extras.setdefault(doc, []).append(m.groups())
    xs, ys = [], []
    kinds = load_taxonomy().kinds
    for line in export.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if not rec["source"].startswith(str(shared / raw)):
            continue
        wrong = extras.get(Path(rec["source"]).stem, [])
        for e in rec["events"]:
            if e["type"] == "OTHER":
                continue
            hit = next((w for w in wrong if w[:3] == (e["type"], str(e["actor1"]), str(e["actor2"]))
                        and _key(e["evidence"]).startswith(_key(w[3]))), None)  # fmt: skip
            if hit is not None:
                wrong.remove(hit)
            xs.append(features(e["type"], e["status"], e.get("actor2_id") is not None,
                               e.get("date_text") is not None, tuple(e["explanation"]), len(e["evidence"]), kinds))  # fmt: skip
            ys.append(0.0 if hit else 1.0)
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 5000) -> np.ndarray:
    w = np.zeros(x.shape[1])
    mask = np.r_[0.0, np.ones(x.shape[1] - 1)]  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= 0.5 * (x.T @ (p - y) / len(y) + l2 * w * mask / len(y))
    return w


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _precision(p: np.ndarray, y: np.ndarray, name: str) -> None:
    for th in (0.6, 0.7, 0.8):
        sel = p >= th
        _say(
            f"  {name} conf>={th}: n={int(sel.sum())} precision={y[sel].mean() if sel.any() else float('nan'):.3f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("export", type=Path)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    a = ap.parse_args()
    xd, yd = labelled(a.shared, a.export, "devset/gold", "devset/docs")
    xg, yg = labelled(a.shared, a.export, "gold", "samples")
    w = fit(xd, yd)
    _say(
        f"devset: {len(yd)} events, precision {yd.mean():.3f}; gold: {len(yg)} events, precision {yg.mean():.3f}"
    )
    _say("confidence:")
    for name, value in zip(FEATURES, w, strict=True):
        _say(f"  {name}: {value:.3f}")
    _precision(1 / (1 + np.exp(-xd @ w)), yd, "devset (in sample)")
    folds = np.array_split(np.random.default_rng(0).permutation(len(yd)), 5)
    cv = np.zeros(len(yd))
    for f in folds:
        rest = np.setdiff1d(np.arange(len(yd)), f)
        cv[f] = 1 / (1 + np.exp(-xd[f] @ fit(xd[rest], yd[rest])))
    _precision(cv, yd, "devset (5-fold)")
    _precision(1 / (1 + np.exp(-xg @ w)), yg, "gold (out of sample)")


if __name__ == "__main__":
    main()
