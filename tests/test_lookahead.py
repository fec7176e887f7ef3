"""Time to the first stored document (#17): a run cleans the p-th input with the site line
counts of the inputs up to ``settings.site_lookahead`` after it, so analysis starts before the
whole input is read, and a lookahead as long as the input gives the whole-corpus counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from kizashi import ids
from kizashi.config import Settings
from kizashi.pipeline import BatchResult, Context
from kizashi.records import Analysis, RawDocument
from kizashi.runners import local as local_runner
from kizashi.runners.site_counter import site_key
from kizashi.storage import Store, open_store
from kizashi.text.lines import line_key
from kizashi.text.normalise import normalise
from kizashi.text.site_lines import site_line_counts

TEMPLATE = "本記事は架空経済通信の会員向け配信記事を転載したものです"


def _raw(site: str, k: int, text: str) -> RawDocument:
    url = f"https://{site}.example.jp/{k}"
    return RawDocument(doc_id=ids.doc_id(url, text), source=url, text=text, kind="jsonl", url=url)


def _body(k: int) -> str:
    return (
        f"政府は{k}日、重要物資{k}番の供給網を強化する方針を決めた。\n関係省庁は{k}月までに具体策をまとめる。"
    )


def _corpus(n: int) -> list[RawDocument]:
    """Two sites, interleaved; site a's documents carry a template line."""
    return [
        _raw("a", k, f"{TEMPLATE}\n{_body(k)}") if k % 2 == 0 else _raw("b", k, _body(k)) for k in range(n)
    ]


def _counting(docs: Sequence[RawDocument], consumed: list[int]) -> Iterator[RawDocument]:
    for raw in docs:
        consumed[0] += 1
        yield raw


class _Probe:
    """Stands in for ``process_batch``: records each document's line counts."""

    def __init__(self) -> None:
        self.counts: dict[str, Any] = {}

    def batch(self, raws: Sequence[RawDocument], *_: Any, line_counts: Any = None, **__: Any) -> BatchResult:
        self.counts.update(line_counts or {})
        return BatchResult()


def _probed_run(
    docs: Sequence[RawDocument], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int, **kw: Any
) -> _Probe:
    probe = _Probe()
    monkeypatch.setattr(local_runner, "process_batch", probe.batch)
    monkeypatch.setattr(local_runner, "build_context", lambda settings, **_: object())
    db = tmp_path / "k.db"
    store = open_store(str(db))
    try:
        local_runner.run(
            [],
            settings=Settings(db=str(db), site_lookahead=window, batch_size=3, parse_processes=0),
            store=store,
            documents=docs,
            **kw,
        )
    finally:
        store.close()
    return probe


@pytest.mark.parametrize("extra", [0, 100])
def test_lookahead_as_long_as_the_input_gives_the_whole_corpus_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int
) -> None:
    docs = _corpus(12)
    probe = _probed_run(docs, tmp_path, monkeypatch, window=len(docs) + extra)
    assert set(probe.counts) == {raw.doc_id for raw in docs}
    for raw in docs:
        site = [normalise(d.text) for d in docs if site_key(d) == site_key(raw)]
        full = site_line_counts(site).freeze()
        for line in normalise(raw.text).split("\n"):
            assert probe.counts[raw.doc_id].get(line_key(line)) == full.get(line_key(line)), (
                raw.source,
                line,
            )
    assert probe.counts[docs[0].doc_id].get(line_key(TEMPLATE)) == 6


def test_lookahead_counts_only_the_inputs_up_to_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _corpus(12)  # the template in inputs 1, 3, 5, ...
    probe = _probed_run(docs, tmp_path, monkeypatch, window=2)
    got = [probe.counts[raw.doc_id].get(line_key(TEMPLATE)) for raw in docs[::2]]
    assert got == [2, 3, 4, 5, 6, 6]  # inputs 1..3 for the first, then one more each; the input ends


def test_lookahead_progress_total_is_unknown_until_the_input_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int | None]] = []
    _probed_run(_corpus(12), tmp_path, monkeypatch, window=2, progress=lambda d, n: seen.append((d, n)))
    assert seen[0] == (0, None)
    assert seen[-1] == (12, 12)


def test_lookahead_rerun_builds_no_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context: Context
) -> None:
    docs = _corpus(12)
    settings = Settings(db=str(tmp_path / "k.db"), site_lookahead=2, parse_processes=0)
    store = open_store(settings.db)
    try:
        assert local_runner.run([], settings=settings, store=store, documents=docs, ctx=context).stored == 12
    finally:
        store.close()
    built: list[object] = []
    monkeypatch.setattr(local_runner, "build_context", lambda settings, **_: built.append(settings))
    monkeypatch.setattr(local_runner, "seeded_index", lambda *a: built.append("index"))
    store = open_store(str(tmp_path / "k.db"))
    try:
        stats = local_runner.run(
            [],
            settings=Settings(db=str(tmp_path / "k.db"), site_lookahead=2, parse_processes=0),
            store=store,
            documents=docs,
        )
    finally:
        store.close()
    assert built == []
    assert (stats.seen, stats.skipped, stats.stored) == (12, 12, 0)


def _storing(store: Store, consumed: list[int], at_first: list[int]) -> Store:
    upsert: Callable[..., None] = store.upsert

    def recording(analysis: Analysis, **kw: Any) -> None:
        if not at_first:
            at_first.append(consumed[0])
        upsert(analysis, **kw)

    store.upsert = recording  # type: ignore[method-assign]
    return store


def test_lookahead_first_document_stored_before_the_input_is_read(tmp_path: Path, context: Context) -> None:
    docs = _corpus(40)
    consumed, at_first = [0], []  # type: ignore[var-annotated]
    store = _storing(open_store(str(tmp_path / "k.db")), consumed, at_first)
    settings = Settings(db=str(tmp_path / "k.db"), site_lookahead=4, batch_size=2, parse_processes=0)
    try:
        stats = local_runner.run(
            [], settings=settings, store=store, documents=_counting(docs, consumed), ctx=context
        )
    finally:
        store.close()
    assert stats.stored == len(docs)
    # a batch of 2 is released once input 2 + 4 is read; the store is asked a batch of ids at a time
    assert at_first, "nothing stored"
    assert at_first[0] <= 2 + 4 + 2 < len(docs), at_first


@pytest.mark.parametrize(("window", "removed"), [(2, True), (0, False)])
def test_lookahead_removes_a_template_line_seen_within_the_window(
    tmp_path: Path, context: Context, window: int, removed: bool
) -> None:
    # the template in the first three inputs only, then many inputs of another site
    docs = [_raw("a", k, f"{TEMPLATE}\n{_body(k)}") for k in range(3)]
    docs += [_raw("b", k, _body(k)) for k in range(3, 20)]
    db = tmp_path / "k.db"
    store = open_store(str(db))
    try:
        local_runner.run(
            [],
            settings=Settings(db=str(db), site_lookahead=window, parse_processes=0),
            store=store,
            documents=docs,
            ctx=context,
        )
        texts = {r["doc_id"]: r["text"] for r in store.rows("documents")}
    finally:
        store.close()
    first = texts[docs[0].doc_id]
    assert (TEMPLATE not in first) is removed, first
    if removed:  # every copy within the window is the site's template
        assert all(TEMPLATE not in texts[raw.doc_id] for raw in docs[:3])


def test_lookahead_setting_rejects_a_negative_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("KIZASHI_SITE_LOOKAHEAD", "-5")
    with pytest.raises(ValidationError, match="site_lookahead must be 0 or more, not -5"):
        Settings()
    monkeypatch.setenv("KIZASHI_SITE_LOOKAHEAD", "7")
    assert Settings().site_lookahead == 7
