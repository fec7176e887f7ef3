"""The table ``benchmarks/run.py`` prints from its summary (build/bench.json)."""

from __future__ import annotations

from typing import Any


def print_table(summary: dict[str, Any]) -> None:
    corpus, machine, whole = summary["corpus"], summary["machine"], summary["whole_process"]
    print(f"corpus: {corpus['pages']} pages, {corpus['chars']} chars ({corpus['path']})")
    loads = "/".join(f"{x:.1f}" for x in machine["load_average_before"])
    loads_after = "/".join(f"{x:.1f}" for x in machine["load_average_after"])
    print(f"machine: {machine['cpus']} CPUs, load average (1/5/15 min) {loads} before, {loads_after} after")
    print("whole processes, model load included (GiNZA seconds / Kizashi seconds):")
    print(
        f"{'pair':<5} {'ginza s':>8} {'kizashi s':>9} {'wall ratio':>10} {'cpu ratio':>9} {'ginza MB':>9} "
        f"{'kizashi MB':>10} {'all procs MB':>12}"
    )
    for i, row in enumerate(whole["pairs"], start=1):
        print(
            f"{i:<5} {row['ginza_s']:>8.1f} {row['kizashi_s']:>9.1f} {row['wall_ratio']:>10.2f} "
            f"{row['cpu_ratio']:>9.2f} {row['ginza_rss'] / 1e6:>9.0f} {row['kizashi_rss'] / 1e6:>10.0f} "
            f"{row['kizashi_tree_rss'] / 1e6:>12.0f}"
        )
    print(f"median ratio: {_ratio_text(whole, '')}")
    if "one_wall_ratio" in whole:
        one_s = whole["kizashi_one_seconds"]
        print(
            f"Kizashi in one process (KIZASHI_PARSE_PROCESSES=0, {one_s['median']:.1f} s): "
            f"{_ratio_text(whole, 'one_')}"
        )
    for side in ("ginza", "kizashi", "kizashi_one"):
        if f"{side}_peak_rss" in whole:
            rss = whole[f"{side}_peak_rss"]
            print(f"peak RSS {side}, largest process: {rss['min'] / 1e6:.0f}–{rss['max'] / 1e6:.0f} MB")
    tree = whole["kizashi_tree_peak_rss"]
    print(f"peak RSS kizashi, all its processes: {tree['min'] / 1e6:.0f}–{tree['max'] / 1e6:.0f} MB")
    if summary["runs"]:
        print(
            f"{'run':<10} {'chars/s':>9} {'pages/s':>8} {'seconds':>8} {'chars/cpu-s':>11} {'load s':>7} {'peak RSS MB':>24}"
        )
    for name, r in summary["runs"].items():
        rss_list = r.get("worker_peak_rss") or [r["peak_rss"]]
        rss_text = "/".join(f"{x / 1e6:.0f}" for x in rss_list) + (
            " (workers)" if "worker_peak_rss" in r else ""
        )
        print(
            f"{name:<10} {r['chars_per_s']:>9.0f} {r['pages_per_s']:>8.2f} {r['seconds']:>8.1f} "
            f"{r['chars_per_cpu_s']:>11.0f} {r['load_s']:>7.1f} {rss_text:>24}"
        )
    if "in_process_ratio" in summary:
        print(f"in-process ratio (loading apart): {summary['in_process_ratio']:.2f}")
    if "speedup_2_vs_1" in summary:
        print(f"2 workers vs 1: {summary['speedup_2_vs_1']:.2f}x")


def _ratio_text(whole: dict[str, Any], prefix: str) -> str:
    w, c = whole[f"{prefix}wall_ratio"], whole[f"{prefix}cpu_ratio"]
    return (
        f"{w['median']:.2f} wall (min {w['min']:.2f}, max {w['max']:.2f}), "
        f"{c['median']:.2f} CPU (min {c['min']:.2f}, max {c['max']:.2f})"
    )
