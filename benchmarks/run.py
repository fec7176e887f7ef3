"""End-to-end benchmark: Kizashi against plain GiNZA on the same texts, and 1 against 2 workers.

    make bench                      (BENCH_CHARS=200000 by default)
    BENCH_CHARS=50000 BENCH_WORKERS=1,2 python benchmarks/run.py [--profile]

One run measures, each in a fresh process so peak memory is its own:

- ``ginza``: ``spacy.load("ja_ginza")`` with every component (NER included) and ``nlp.pipe`` over
  the raw text of every page: what a plain GiNZA pipeline costs.
- ``kizashi``: the local runner end to end (ingest, clean, structure, entities, parse of trigger
  sentences, events, store in SQLite, event clusters) over the same pages.
- ``dask-N``: the Dask runner on a local cluster of N single-threaded worker processes.

One-time loading (GiNZA's model; Kizashi's gazetteer too, both cached per process as a long-lived
worker keeps them) is timed apart (``load_s``) and left out of the rates of every measurement alike.
Rates are characters (and pages) of input text per second of wall time. Results go to
build/bench.json and a table; the last line is ``ratio: X``, Kizashi's chars/s over GiNZA's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT / "benchmarks"))

GINZA_BATCH = 64
TARGET_RATIO = 3.0
TARGET_RSS = 1.2e9
TARGET_SPEEDUP = 1.7


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


def _texts(corpus: Path) -> list[str]:
    with corpus.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


# ---- children: one measurement per process ------------------------------------------------------


def child_ginza(corpus: Path) -> dict[str, Any]:
    import spacy

    texts = _texts(corpus)
    t0 = time.perf_counter()
    nlp = spacy.load("ja_ginza")
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    # spaCy's default batch (1000 texts) makes no faster a run and needs GBs more memory
    ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=GINZA_BATCH))
    seconds, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_s": cpu_s, "load_s": load_s, "pipes": nlp.pipe_names, "entities": ents}


def child_kizashi(corpus: Path, *, profile: Path | None = None) -> dict[str, Any]:
    from kizashi.config import Settings
    from kizashi.pipeline import build_context
    from kizashi.runners.local import run
    from kizashi.storage import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        settings = Settings(db=db)
        # one-time loading, timed apart as GiNZA's spacy.load is: the model and the gazetteer are
        # cached per process (a long-lived worker loads them once), and the run reuses them
        t0 = time.perf_counter()
        ctx = build_context(settings)
        ctx.analyser.load()
        load_s = time.perf_counter() - t0
        store = open_store(db)
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        stats = run([corpus], settings=settings, store=store, ctx=ctx)
        seconds, cpu_s = time.perf_counter() - t0, time.process_time() - c0
        if profiler and profile:
            profiler.disable()
            _write_profile(profiler, profile)
        counts = store.counts()
        kept = sum(len(d["text"]) for d in store.rows("documents") if not d["duplicate_of"])
    return {
        "seconds": seconds,
        "cpu_s": cpu_s,
        "load_s": load_s,
        "stored": stats.stored,
        "duplicates": stats.duplicates,
        "failed": stats.failed,
        "events": counts["events"],
        "mentions": counts["mentions"],
        "clean_chars": kept,  # body text left after cleaning, near-duplicates left out
    }


def _write_profile(profiler: Any, path: Path) -> None:
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    path.write_text(out.getvalue(), encoding="utf-8")


def child_dask(corpus: Path, workers: int) -> dict[str, Any]:
    from kizashi.config import Settings
    from kizashi.runners.dask import connect, prepare_workers, run_dask, worker_peak_rss
    from kizashi.storage import open_store

    with tempfile.TemporaryDirectory() as tmp, connect(None, workers) as client:
        db = str(Path(tmp) / "bench.db")
        settings = Settings(db=db)
        store = open_store(db)
        t0 = time.perf_counter()
        prepare_workers(client, settings)  # GiNZA loads in every worker, as in a long-lived cluster
        load_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        before = client.run(time.process_time)
        stats = run_dask([corpus], settings=settings, store=store, client=client)
        seconds, cpu_s = time.perf_counter() - t0, time.process_time() - c0
        after = client.run(time.process_time)
        cpu_s += sum(after[w] - before.get(w, 0.0) for w in after)  # workers and driver together
        rss = worker_peak_rss(client)
    return {
        "seconds": seconds,
        "cpu_s": cpu_s,
        "load_s": load_s,
        "workers": workers,
        "stored": stats.stored,
        "duplicates": stats.duplicates,
        "worker_peak_rss": sorted(rss.values()),
    }


def child_main(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if args.child == "ginza":
        result = child_ginza(corpus)
    elif args.child == "kizashi":
        result = child_kizashi(corpus, profile=Path(args.profile_out) if args.profile_out else None)
    else:
        result = child_dask(corpus, int(args.child.removeprefix("dask-")))
    result["peak_rss"] = _peak_rss()
    print(json.dumps(result))
    return 0


# ---- parent: corpus, children, table ---------------------------------------------------------------


def measure(name: str, corpus: Path, *extra: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--corpus", str(corpus), *extra]
    print(f"… {name}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"benchmark {name} failed:\n{done.stderr[-4000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="also write a cProfile of the Kizashi run")
    parser.add_argument("--out", type=Path, default=BUILD / "bench.json")
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)

    from make_corpus import DEFAULT_SOURCE, generate, write_corpus

    chars_wanted = int(os.environ.get("BENCH_CHARS", "200000"))
    source = Path(os.environ.get("BENCH_SOURCE", str(DEFAULT_SOURCE)))
    worker_counts = [int(w) for w in os.environ.get("BENCH_WORKERS", "1,2").split(",") if w.strip()]
    corpus = BUILD / "bench" / "corpus.jsonl"
    articles = generate(chars_wanted, source=source)
    write_corpus(articles, corpus)
    chars = sum(len(a["text"]) for a in articles)
    pages = len(articles)

    runs: dict[str, dict[str, Any]] = {}
    runs["ginza"] = measure("ginza", corpus)
    extra = ["--profile-out", str(BUILD / "bench" / "profile.txt")] if args.profile else []
    runs["kizashi"] = measure("kizashi", corpus, *extra)
    for n in worker_counts:
        runs[f"dask-{n}"] = measure(f"dask-{n}", corpus)
    for r in runs.values():
        r["chars_per_s"] = chars / r["seconds"]
        r["pages_per_s"] = pages / r["seconds"]
        r["chars_per_cpu_s"] = chars / r["cpu_s"]

    ratio = runs["kizashi"]["chars_per_s"] / runs["ginza"]["chars_per_s"]
    # on a shared machine wall time moves with the neighbours' load; CPU time much less
    cpu_ratio = runs["kizashi"]["chars_per_cpu_s"] / runs["ginza"]["chars_per_cpu_s"]
    runs["kizashi"]["noise_share"] = 1 - runs["kizashi"]["clean_chars"] / chars
    summary: dict[str, Any] = {
        "corpus": {"pages": pages, "chars": chars, "path": str(corpus.relative_to(ROOT))},
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1m": os.getloadavg()[0],
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": runs,
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "targets": {
            "ratio": TARGET_RATIO,
            "peak_rss_per_worker": TARGET_RSS,
            "speedup_2_vs_1": TARGET_SPEEDUP,
        },
    }
    if "dask-1" in runs and "dask-2" in runs:
        summary["speedup_2_vs_1"] = runs["dask-2"]["chars_per_s"] / runs["dask-1"]["chars_per_s"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print_table(summary)
    print(f"ratio: {ratio:.2f}")
    return 0


def print_table(summary: dict[str, Any]) -> None:
    corpus = summary["corpus"]
    noise = summary["runs"]["kizashi"].get("noise_share", 0.0)
    print(
        f"corpus: {corpus['pages']} pages, {corpus['chars']} chars ({corpus['path']}); "
        f"{noise:.0%} removed as noise or near-duplicates"
    )
    print(f"machine: {summary['machine']['cpus']} CPUs, load {summary['machine']['load_average_1m']:.1f}")
    print(
        f"{'run':<10} {'chars/s':>9} {'pages/s':>8} {'seconds':>8} {'chars/cpu-s':>11} {'load s':>7} "
        f"{'peak RSS MB':>24}"
    )
    for name, r in summary["runs"].items():
        rss = r.get("worker_peak_rss") or [r["peak_rss"]]
        rss_text = "/".join(f"{x / 1e6:.0f}" for x in rss) + (" (workers)" if "worker_peak_rss" in r else "")
        print(
            f"{name:<10} {r['chars_per_s']:>9.0f} {r['pages_per_s']:>8.2f} {r['seconds']:>8.1f} "
            f"{r['chars_per_cpu_s']:>11.0f} {r['load_s']:>7.1f} {rss_text:>24}"
        )
    if "speedup_2_vs_1" in summary:
        print(f"2 workers vs 1: {summary['speedup_2_vs_1']:.2f}x")
    print(f"ratio of chars per CPU-second: {summary['cpu_ratio']:.2f}")
    print(f"kizashi chars/s: {summary['runs']['kizashi']['chars_per_s']:.0f}")
    print(f"ginza chars/s: {summary['runs']['ginza']['chars_per_s']:.0f}")


if __name__ == "__main__":
    sys.exit(main())
