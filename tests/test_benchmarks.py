"""The benchmark scripts still run against the current API (they are not timed here: `make bench` does that)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_clean
import bench_screening
import make_corpus
import run as bench_run


def test_benchmarks_corpus_is_built_from_the_demo_pages() -> None:
    articles = make_corpus.generate(20_000)
    assert sum(len(a["text"]) for a in articles) >= 20_000
    assert all(a["url"].startswith("https://") and a["published"] for a in articles)


def test_benchmarks_clean_runs_on_synthetic_pages() -> None:
    pages = [bench_clean.synthetic_page(random.Random(1), 12) for _ in range(3)]
    assert bench_clean.bench(pages, repeat=1) > 0


def test_benchmarks_kizashi_child_runs_end_to_end(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    make_corpus.write_corpus(make_corpus.generate(3_000), corpus)
    result = bench_run.child_kizashi(corpus)
    assert result["stored"] > 0
    assert result["failed"] == 0


def test_benchmarks_screening_generates_lists_and_entities() -> None:
    rnd = random.Random(3)
    records = bench_screening.make_list(rnd, 50)
    entities = bench_screening.make_entities(rnd, records, 40)
    assert len(records) == 50
    assert len({r["id"] for r in records}) == 50
    assert len(entities) == 40
    assert all(e.names for e in entities)


def test_benchmarks_memory_corpus_documents_are_distinct(tmp_path: Path) -> None:
    import json

    import bench_memory

    path = bench_memory.write_corpus("plain", "jsonl", 200, tmp_path)
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 200 == len(set(texts))
    folder = bench_memory.write_corpus("plain", "folder", 1200, tmp_path)
    assert len(list(folder.rglob("*.txt"))) == 1200


def test_benchmarks_memory_runs_and_reruns_a_whole_process(tmp_path: Path) -> None:
    import bench_memory

    row = bench_memory.summarise(bench_memory.measure("plain", "jsonl", 30, 1))
    assert row["summary"].startswith("30 stored")
    assert row["rerun_summary"].startswith("0 stored, 30 unchanged")
    assert row["peak_rss_mb"]["median"] > 0
    assert row["first_stored_s"] is not None


def test_benchmarks_whole_process_pairs_give_median_ratios() -> None:
    def pair(
        ginza_s: float, kizashi_s: float, ginza_cpu: float, kizashi_cpu: float
    ) -> dict[str, dict[str, float]]:
        return {
            "ginza": {"seconds": ginza_s, "cpu_s": ginza_cpu, "peak_rss": 4e9},
            "kizashi": {"seconds": kizashi_s, "cpu_s": kizashi_cpu, "peak_rss": 1e9},
        }

    summary = bench_run.summarise_pairs([pair(30, 10, 24, 8), pair(40, 8, 30, 6), pair(20, 10, 20, 10)])
    assert [round(r["wall_ratio"], 2) for r in summary["pairs"]] == [3.0, 5.0, 2.0]
    assert summary["wall_ratio"] == {"min": 2.0, "median": 3.0, "max": 5.0}
    assert summary["cpu_ratio"]["median"] == 3.0
    assert summary["kizashi_peak_rss"]["max"] == 1e9


def test_benchmarks_whole_process_reports_the_childs_own_cpu_and_memory() -> None:
    burn = "x = bytearray(200_000_000); sum(range(3_000_000))"
    result = bench_run.run_whole([sys.executable, "-c", burn])
    assert result["peak_rss"] > 200_000_000
    assert result["cpu_s"] > 0


def test_benchmarks_whole_process_failure_names_the_command() -> None:
    import pytest

    with pytest.raises(SystemExit, match="failed"):
        bench_run.run_whole([sys.executable, "-c", "raise SystemExit(2)"])


def test_benchmarks_one_process_rounds_give_their_own_ratios() -> None:
    def side(seconds: float, cpu: float) -> dict[str, float]:
        return {"seconds": seconds, "cpu_s": cpu, "peak_rss": 1e9}

    rounds = [
        {"ginza": side(60, 60), "kizashi": side(10, 18), "kizashi_one": side(15, 15)},
        {"ginza": side(66, 66), "kizashi": side(12, 20), "kizashi_one": side(20, 20)},
        {"ginza": side(60, 60), "kizashi": side(12, 20), "kizashi_one": side(12, 12)},
    ]
    summary = bench_run.summarise_pairs(rounds)
    assert summary["wall_ratio"]["median"] == 5.5
    assert summary["one_wall_ratio"] == {"min": 3.3, "median": 4.0, "max": 5.0}
    assert summary["one_cpu_ratio"]["median"] == 4.0
    assert summary["kizashi_one_seconds"]["median"] == 15


def test_benchmarks_whole_process_sums_memory_over_the_childs_own_children() -> None:
    hold = "x = bytearray(150_000_000); import time; time.sleep(1.5)"
    parent = (
        "import subprocess, sys; "
        f"kid = subprocess.Popen([sys.executable, '-c', {hold!r}]); "
        f"exec({hold!r}); kid.wait()"
    )
    result = bench_run.run_whole([sys.executable, "-c", parent])
    assert result["peak_rss"] > 150_000_000
    assert result["tree_peak_rss"] > 300_000_000  # both processes at once
