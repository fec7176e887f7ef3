"""End-to-end benchmark: Kizashi against plain GiNZA as whole processes, and 1 against 2 workers.

    make bench                      (BENCH_CHARS=200000, BENCH_PAIRS=3 by default)
    BENCH_CHARS=50000 BENCH_PAIRS=5 BENCH_WORKERS=1,2 python benchmarks/run.py [--profile] [--in-process]

The headline is whole processes, model load included, as a user pays for them (#17):

- ``ginza``: a fresh Python that imports spaCy, ``spacy.load("ja_ginza")`` with every component
  (NER included) and runs ``nlp.pipe`` over the raw text of every page;
- ``kizashi``: a fresh ``kizashi run CORPUS --db NEW.db``: ingest, clean, structure, entities, parse
  of trigger sentences, events, store in SQLite, event clusters.

They run in interleaved pairs (ginza, kizashi, ginza, kizashi, ...; ``BENCH_PAIRS``, at least 3) so
a change in the neighbours' load falls on both sides of a pair. Each process is timed from its
start to its exit; its CPU seconds and peak RSS come from the kernel's rusage for that child
(``os.wait4``). Per pair the ratio is GiNZA's seconds over Kizashi's (the same characters, so
Kizashi's speed-up), in wall time and in CPU time; the summary is the median pair.

``--in-process`` adds the older measurement with one-time loading timed apart (``load_s``), and
``BENCH_WORKERS`` (``1,2`` by default; empty for none) the Dask runner on a local cluster of N
single-threaded worker processes. Results go to build/bench.json and a table; the last line is
``ratio: X``, the median whole-process wall-time ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
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

GINZA_BATCH = 64
TARGET_RATIO = 5.0
MIN_PAIRS = 3
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


# ---- whole processes, model load included -------------------------------------------------------


def run_whole(cmd: list[str], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` to its end: wall seconds; CPU seconds of it and the children it waited for
    (its parse workers); the peak RSS of its largest process, from the kernel; and the peak of
    the RSS summed over it and its children, sampled every 50 ms."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    assert proc.stdout is not None
    tree_peak = [0]
    sampler = threading.Thread(target=sample_tree_rss, args=(proc.pid, tree_peak), daemon=True)
    sampler.start()
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not the parent's
    seconds = time.perf_counter() - started
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"benchmark command {cmd[:4]} failed ({code}):\n{output[-3000:]}")
    return {
        "seconds": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,  # Linux: kilobytes; the largest of its processes
        "tree_peak_rss": max(tree_peak[0], usage.ru_maxrss * 1024),
        "output_tail": output.strip().splitlines()[-1:] if output.strip() else [],
    }


def sample_tree_rss(pid: int, peak: list[int]) -> None:
    """Until ``pid`` ends, every 50 ms: the RSS of it and its children, summed; the peak in ``peak[0]``."""
    import psutil  # Dask's dependency: installed with the project

    try:
        root = psutil.Process(pid)
        while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
            total = 0
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a child that just ended
                    total += p.memory_info().rss
            peak[0] = max(peak[0], total)
            time.sleep(0.05)
    except psutil.Error:
        pass


def whole_ginza(corpus: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "ginza", "--corpus", str(corpus)]
    return run_whole(cmd)


def whole_kizashi(corpus: Path, *, parse_processes: int | None = None) -> dict[str, Any]:
    """``kizashi run`` with its default parse processes, or with ``parse_processes``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if parse_processes is not None:
        env["KIZASHI_PARSE_PROCESSES"] = str(parse_processes)
    with tempfile.TemporaryDirectory(prefix="kizashi-bench-") as tmp:
        db = str(Path(tmp) / "bench.db")
        cmd = [sys.executable, "-c", "from kizashi.cli import main; main()", "run", str(corpus), "--db", db]
        return run_whole(cmd, env=env)


def measure_pairs(corpus: Path, pairs: int) -> list[dict[str, Any]]:
    """``pairs`` interleaved whole-process rounds over the same corpus: GiNZA, Kizashi as run by
    default (parse processes beside its own where there are cores), and Kizashi in one process
    (``KIZASHI_PARSE_PROCESSES=0``), the like-for-like comparison with GiNZA's one process."""
    results = []
    for i in range(pairs):
        print(f"… pair {i + 1}/{pairs}: ginza", file=sys.stderr, flush=True)
        ginza = whole_ginza(corpus)
        print(f"… pair {i + 1}/{pairs}: kizashi", file=sys.stderr, flush=True)
        kizashi = whole_kizashi(corpus)
        print(f"… pair {i + 1}/{pairs}: kizashi in one process", file=sys.stderr, flush=True)
        one = whole_kizashi(corpus, parse_processes=0)
        results.append({"ginza": ginza, "kizashi": kizashi, "kizashi_one": one})
    return results


def _spread(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def summarise_pairs(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-pair wall and CPU ratios (GiNZA's seconds over Kizashi's) and their spread over the
    pairs; with ``kizashi_one`` (Kizashi in one process), its ratios too (``one_*``)."""
    if not pairs:
        raise ValueError("summarise_pairs: no pairs measured")
    sides = ["ginza", "kizashi", *(["kizashi_one"] if all("kizashi_one" in p for p in pairs) else [])]
    rows = []
    for p in pairs:
        row = {
            "wall_ratio": p["ginza"]["seconds"] / p["kizashi"]["seconds"],
            "cpu_ratio": p["ginza"]["cpu_s"] / p["kizashi"]["cpu_s"],
            "ginza_s": p["ginza"]["seconds"],
            "kizashi_s": p["kizashi"]["seconds"],
            "ginza_cpu_s": p["ginza"]["cpu_s"],
            "kizashi_cpu_s": p["kizashi"]["cpu_s"],
            "ginza_rss": p["ginza"]["peak_rss"],
            "kizashi_rss": p["kizashi"]["peak_rss"],
            "kizashi_tree_rss": p["kizashi"].get("tree_peak_rss", p["kizashi"]["peak_rss"]),
        }
        if "kizashi_one" in sides:
            one = p["kizashi_one"]
            row |= {
                "one_wall_ratio": p["ginza"]["seconds"] / one["seconds"],
                "one_cpu_ratio": p["ginza"]["cpu_s"] / one["cpu_s"],
                "one_s": one["seconds"],
                "one_rss": one["peak_rss"],
            }
        rows.append(row)
    ratios = [
        "wall_ratio",
        "cpu_ratio",
        *(["one_wall_ratio", "one_cpu_ratio"] if "kizashi_one" in sides else []),
    ]
    return {
        "pairs": rows,
        **{key: _spread([r[key] for r in rows]) for key in ratios},
        "kizashi_tree_peak_rss": _spread([r["kizashi_tree_rss"] for r in rows]),
        **{
            f"{side}_{key}": _spread([p[side][key] for p in pairs])
            for side in sides
            for key in ("seconds", "cpu_s", "peak_rss")
        },
    }


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
    parser.add_argument(
        "--profile", action="store_true", help="also write a cProfile of an in-process Kizashi run"
    )
    parser.add_argument("--in-process", action="store_true", help="also measure with loading timed apart")
    parser.add_argument("--out", type=Path, default=BUILD / "bench.json")
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)

    from make_corpus import DEFAULT_SOURCE, generate, write_corpus

    chars_wanted = int(os.environ.get("BENCH_CHARS", "200000"))
    pair_count = int(os.environ.get("BENCH_PAIRS", str(MIN_PAIRS)))
    if pair_count < MIN_PAIRS:
        raise SystemExit(f"BENCH_PAIRS={pair_count}: at least {MIN_PAIRS} pairs give a median")
    source = Path(os.environ.get("BENCH_SOURCE", str(DEFAULT_SOURCE)))
    worker_counts = [int(w) for w in os.environ.get("BENCH_WORKERS", "1,2").split(",") if w.strip()]
    corpus = BUILD / "bench" / "corpus.jsonl"
    articles = generate(chars_wanted, source=source)
    write_corpus(articles, corpus)
    chars = sum(len(a["text"]) for a in articles)
    pages = len(articles)
    load_before = os.getloadavg()

    whole = summarise_pairs(measure_pairs(corpus, pair_count))
    runs: dict[str, dict[str, Any]] = {}
    if args.in_process or args.profile:
        runs["ginza"] = measure("ginza", corpus)
        extra = ["--profile-out", str(BUILD / "bench" / "profile.txt")] if args.profile else []
        runs["kizashi"] = measure("kizashi", corpus, *extra)
    for n in worker_counts:
        runs[f"dask-{n}"] = measure(f"dask-{n}", corpus)
    for r in runs.values():
        r["chars_per_s"] = chars / r["seconds"]
        r["pages_per_s"] = pages / r["seconds"]
        r["chars_per_cpu_s"] = chars / r["cpu_s"]

    ratio = whole["wall_ratio"]["median"]
    summary: dict[str, Any] = {
        "corpus": {"pages": pages, "chars": chars, "path": str(corpus.relative_to(ROOT))},
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "whole_process": whole,
        "runs": runs,
        "ratio": ratio,
        # on a shared machine wall time moves with the neighbours' load; CPU time much less
        "cpu_ratio": whole["cpu_ratio"]["median"],
        "targets": {
            "ratio": TARGET_RATIO,
            "peak_rss_per_worker": TARGET_RSS,
            "speedup_2_vs_1": TARGET_SPEEDUP,
        },
    }
    if "ginza" in runs and "kizashi" in runs:
        summary["in_process_ratio"] = runs["kizashi"]["chars_per_s"] / runs["ginza"]["chars_per_s"]
    if "dask-1" in runs and "dask-2" in runs:
        summary["speedup_2_vs_1"] = runs["dask-2"]["chars_per_s"] / runs["dask-1"]["chars_per_s"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    from bench_table import print_table

    print_table(summary)
    print(f"ratio: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
