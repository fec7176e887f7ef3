"""Memory in corpus size (#17): peak RSS and time to the first stored document of `kizashi run`.

    python benchmarks/bench_memory.py [--sizes 1000,10000,50000] [--kinds plain,news]
                                      [--layouts jsonl,folder] [--repeat 1]

Each run is a whole `kizashi run` process over a fresh database; its peak RSS comes from the
kernel's rusage for that child (``os.wait4``), the time to the first stored document from polling
the database. Documents are small (two or three lines) and all different:

- ``plain``: weather and town news without a single event trigger, so GiNZA is never loaded and
  the figure is the runner's own memory (ingest, planning, cleaning, entities, dedupe, storing):
  document growth is not hidden under the model's ~600 MB;
- ``news``: sentences of the demo corpus, numbers varied: GiNZA parses the trigger sentences.

After the first run over a corpus the same command runs again over the unchanged input (nothing
is analysed: every document is stored already); the second run's time is reported beside the
first. Results go to build/bench_memory.json; the last line is ``rss growth: X%``, the largest peak
RSS over the smallest, per kind and layout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_GROWTH = 0.10  # peak RSS at the largest size within 10% of the smallest

_PLACES = ["札幌", "仙台", "新潟", "金沢", "静岡", "名古屋", "京都", "神戸", "岡山", "広島", "松山", "熊本"]
_WEATHER = ["晴れ", "曇り", "小雨", "雪", "晴れのち曇り", "曇りのち雨"]
_FLOWERS = ["桜", "梅", "菜の花", "藤", "紫陽花", "コスモス", "紅葉", "椿"]


def plain_text(rnd: random.Random, i: int) -> str:
    """A small trigger-free story (weather and flowers): nothing in it makes Kizashi parse a
    sentence, so GiNZA is never loaded."""
    place, other = rnd.choice(_PLACES), rnd.choice(_PLACES)
    return (
        f"{place}の天気 第{i}号\n"
        f"今日の{place}は{rnd.choice(_WEATHER)}、最高気温は{rnd.randint(-5, 35)}度の予報です。\n"
        f"明日は{rnd.choice(_WEATHER)}で、{other}の{rnd.randint(1, 999)}番公園では"
        f"{rnd.choice(_FLOWERS)}が見頃を迎えています。"
    )


def news_text(rnd: random.Random, i: int, sentences: list[str], vary: Any) -> str:
    """A small news story: two sentences of the demo corpus, numbers varied."""
    a, b = rnd.sample(sentences, 2)
    return f"速報 第{i}報\n{vary(a, rnd)}\n{vary(b, rnd)}"


def write_corpus(kind: str, layout: str, n: int, out: Path) -> Path:
    rnd = random.Random(n)
    if kind == "news":
        from make_corpus import DEFAULT_SOURCE, _vary_numbers, read_sentences

        sentences, _ = read_sentences(DEFAULT_SOURCE)
        texts = (news_text(rnd, i, sentences, _vary_numbers) for i in range(n))
    else:
        texts = (plain_text(rnd, i) for i in range(n))
    if layout == "jsonl":
        path = out / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(texts):
                rec = {"url": f"https://{kind}.example.jp/{i:06d}", "text": text}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return path
    folder = out / "pages"
    for i, text in enumerate(texts):
        sub = folder / f"{i // 1000:03d}"  # a thousand files a folder, as an archive would be
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def _first_stored(db: Path, started: float, stop: threading.Event, out: dict[str, float]) -> None:
    """Poll the database until it holds a document: the time from the start of the process."""
    while not stop.is_set():
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
                    if con.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
                        out["first_stored_s"] = time.perf_counter() - started
                        return
            except sqlite3.Error:
                pass  # not created yet, or locked by the writer: look again
        stop.wait(0.05)


def kizashi_run(corpus: Path, db: Path) -> dict[str, Any]:
    """One whole `kizashi run` process: wall seconds, CPU seconds, peak RSS, first stored document."""
    from run import sample_tree_rss  # benchmarks/run.py, beside this file

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", "from kizashi.cli import main; main()", "run", str(corpus), "--db", str(db)]
    found: dict[str, float] = {}
    stop = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    poller = threading.Thread(target=_first_stored, args=(db, started, stop, found), daemon=True)
    poller.start()
    tree_peak = [0]  # the run and its parse processes together
    sampler = threading.Thread(target=sample_tree_rss, args=(proc.pid, tree_peak), daemon=True)
    sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, peak RSS included
    seconds = time.perf_counter() - started
    stop.set()
    poller.join()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):  # 3: some documents failed, which the summary line says
        raise SystemExit(f"kizashi run {corpus} failed ({proc.returncode}):\n{output[-3000:]}")
    summary = next((ln for ln in reversed(output.splitlines()) if "stored" in ln), "")
    return {
        "seconds": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,  # Linux: kilobytes; its largest process
        "all_rss": max(tree_peak[0], usage.ru_maxrss * 1024),
        "first_stored_s": found.get("first_stored_s"),
        "summary": summary.strip(),
    }


def measure(kind: str, layout: str, n: int, repeat: int) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    reruns: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kizashi-bench-mem-") as tmp:
        corpus = write_corpus(kind, layout, n, Path(tmp))
        for k in range(repeat):
            db = Path(tmp) / f"run{k}.db"
            print(f"… {kind} {layout} {n}: run {k + 1}", file=sys.stderr, flush=True)
            runs.append(kizashi_run(corpus, db))
            reruns.append(kizashi_run(corpus, db))  # unchanged input: everything is stored already
    return {"kind": kind, "layout": layout, "documents": n, "runs": runs, "reruns": reruns}


def _spread(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def summarise(row: dict[str, Any]) -> dict[str, Any]:
    runs, reruns = row["runs"], row["reruns"]
    first = [r["first_stored_s"] for r in runs if r["first_stored_s"] is not None]
    return {
        "kind": row["kind"],
        "layout": row["layout"],
        "documents": row["documents"],
        "peak_rss_mb": _spread([r["peak_rss"] / 1e6 for r in runs]),
        "all_rss_mb": _spread([r.get("all_rss", r["peak_rss"]) / 1e6 for r in runs]),
        "seconds": _spread([r["seconds"] for r in runs]),
        "cpu_s": _spread([r["cpu_s"] for r in runs]),
        "rerun_cpu_s": _spread([r["cpu_s"] for r in reruns]),
        "first_stored_s": _spread(first) if first else None,
        "rerun_seconds": _spread([r["seconds"] for r in reruns]),
        "rerun_peak_rss_mb": _spread([r["peak_rss"] / 1e6 for r in reruns]),
        "rerun_share": statistics.median(r["seconds"] for r in reruns)
        / statistics.median(r["seconds"] for r in runs),
        "summary": runs[-1]["summary"],
        "rerun_summary": reruns[-1]["summary"],
    }


def print_table(rows: list[dict[str, Any]]) -> float:
    print(
        f"{'kind':<6} {'layout':<7} {'docs':>7} {'peak RSS MB (min/med/max)':>26} {'all procs MB':>12} "
        f"{'seconds':>8} {'cpu s':>7} {'first stored s':>14} {'rerun s':>8} {'rerun cpu s':>11} {'rerun/run':>9}"
    )
    worst = 0.0
    groups: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        rss = r["peak_rss_mb"]
        first = r["first_stored_s"]["median"] if r["first_stored_s"] else float("nan")
        print(
            f"{r['kind']:<6} {r['layout']:<7} {r['documents']:>7} "
            f"{rss['min']:>8.0f}/{rss['median']:.0f}/{rss['max']:.0f}{'':>9} "
            f"{r['all_rss_mb']['median']:>12.0f} {r['seconds']['median']:>8.1f} "
            f"{r['cpu_s']['median']:>7.1f} {first:>14.2f} {r['rerun_seconds']['median']:>8.1f} "
            f"{r['rerun_cpu_s']['median']:>11.1f} {r['rerun_share']:>9.0%}"
        )
        groups.setdefault((r["kind"], r["layout"]), []).append(rss["median"])
    for (kind, layout), values in groups.items():
        growth = max(values) / min(values) - 1
        worst = max(worst, growth)
        print(
            f"{kind} {layout}: peak RSS growth over sizes {growth:+.1%} (target within {TARGET_GROWTH:.0%})"
        )
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_MEMORY_SIZES", "1000,10000,50000"))
    parser.add_argument("--kinds", default=os.environ.get("BENCH_MEMORY_KINDS", "plain,news"))
    parser.add_argument("--layouts", default=os.environ.get("BENCH_MEMORY_LAYOUTS", "jsonl,folder"))
    parser.add_argument(
        "--news-sizes",
        default=os.environ.get("BENCH_MEMORY_NEWS_SIZES", "1000,10000,50000"),
        help="sizes for `news` (GiNZA parses: 50,000 take minutes on 2 cores)",
    )
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_MEMORY_REPEAT", "1")))
    parser.add_argument("--out", type=Path, default=BUILD / "bench_memory.json")
    args = parser.parse_args(argv)
    rows = []
    for kind in [k for k in args.kinds.split(",") if k]:
        sizes = args.news_sizes if kind == "news" else args.sizes
        for layout in [x for x in args.layouts.split(",") if x]:
            for n in [int(s) for s in sizes.split(",") if s]:
                rows.append(summarise(measure(kind, layout, n, args.repeat)))
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")  # kept as it goes
    worst = print_table(rows)
    print(f"rss growth: {worst:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
