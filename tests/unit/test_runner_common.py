from __future__ import annotations

from pathlib import Path

from kizashi.config import Settings
from kizashi.runners.common import IdList, RunStats, read_inputs


def test_runner_common_id_list_gives_back_what_was_appended_in_order() -> None:
    ids = IdList()
    for doc_id in ["d_0123", "d_ff", "日本語の名前", ""]:
        ids.append(doc_id)
    assert list(ids) == ["d_0123", "d_ff", "日本語の名前", ""]
    assert len(ids) == 4
    assert "d_ff" in ids
    assert "d_f" not in ids


def test_runner_common_read_inputs_skips_repeats_within_a_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("北海道の天気は晴れ。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("沖縄の天気は雨。", encoding="utf-8")
    stats = RunStats()
    paths = [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "a.txt"]
    docs = list(read_inputs(paths, Settings(db=str(tmp_path / "k.db")), stats))
    assert [d.doc_id for d in docs] == [d.doc_id for d in docs[:2]]
    assert len({d.doc_id for d in docs}) == 2
    assert (stats.seen, stats.skipped) == (3, 1)
