"""The local runner says what it is doing before each slow step (#15): a progress bar shows
"loading models…" with the total already known, instead of sitting at 0/? while models load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kizashi.config import Settings
from kizashi.pipeline import BatchResult
from kizashi.runners import local as local_runner
from kizashi.storage import open_store


def test_runner_phases_load_models_after_the_total_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"{i}.txt").write_text(
            f"経済産業省は{i + 1}日、輸出管理の対象を広げると発表した。", encoding="utf-8"
        )
    said: list[object] = []
    monkeypatch.setattr(local_runner, "build_context", lambda settings, **_: said.append("built") or object())
    monkeypatch.setattr(local_runner, "process_batch", lambda raws, *a, **k: BatchResult())
    store = open_store(str(tmp_path / "k.db"))
    try:
        local_runner.run(
            [pages],
            settings=Settings(db=str(tmp_path / "k.db"), parse_processes=0),
            store=store,
            progress=lambda done, total: said.append((done, total)),
            phase=said.append,
        )
    finally:
        store.close()
    assert said[:5] == ["reading input", (0, 3), "loading models", "built", "analysing"]
    assert said[-1] == (3, 3)


def test_runner_phases_no_model_loading_with_a_context_given(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("経済産業省は輸出管理の対象を広げると発表した。", encoding="utf-8")
    said: list[str] = []
    store = open_store(str(tmp_path / "k.db"))
    ctx: Any = object()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(local_runner, "process_batch", lambda raws, *a, **k: BatchResult())
            local_runner.run(
                [pages],
                settings=Settings(db=str(tmp_path / "k.db"), parse_processes=0),
                store=store,
                phase=said.append,
                ctx=ctx,
            )
    finally:
        store.close()
    assert said == ["reading input", "analysing"]  # a watcher's context is built once, before
