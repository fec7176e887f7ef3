"""Limits (#8): a document over the size limit or the time budget is skipped with a reason; a
defect in one document costs only that document. GiNZA is not loaded: the parse is faked where a
test needs one."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest

from kizashi import pipeline
from kizashi.config import Settings
from kizashi.errors import AnalysisError, LimitError
from kizashi.limits import can_preempt, deadline
from kizashi.pipeline import BatchResult, Context, process_batch
from kizashi.records import RawDocument

QUIET = "今日は朝から雨が降っていた。\n公園には誰もいなかった。\n夕方には雨もやんで、空が少し明るくなった。\n"
NEWS = "米商務省は7日、先端半導体の輸出規制を強化すると発表した。\n日本とオランダとの調整が続いている。\n"


def _spin(seconds: float) -> None:
    """Busy Python code (what a runaway rule looks like), bounded so a broken guard fails, not hangs."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _spin_under_deadline(budget: float, seconds: float) -> None:
    with deadline(budget, "slow.txt") as watch:
        watch.stage = "spinning"
        _spin(seconds)


@pytest.fixture(scope="module")
def base(context: Context) -> Context:
    return context


def _ctx(base: Context, **settings: Any) -> Context:
    return replace(base, settings=Settings(**settings))


def _raw(source: str, text: str) -> RawDocument:
    return RawDocument(doc_id=f"d_{source}", source=source, text=text, kind="text")


def _run(ctx: Context, *raws: RawDocument) -> BatchResult:
    return process_batch(list(raws), ctx)


def _stored(result: BatchResult) -> list[str]:
    return [a.document.source for a in result.analyses]


def test_limits_deadline_stops_a_runaway_block() -> None:
    with pytest.raises(LimitError, match=r"^slow\.txt: over the 0\.2s time budget \(stopped in spinning\)$"):
        _spin_under_deadline(0.2, 30)


def test_limits_deadline_puts_back_the_previous_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with deadline(5, "x.txt"):
        assert signal.getsignal(signal.SIGALRM) is not before
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_limits_deadline_leaves_someone_elses_timer_alone() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, _frame: fired.append(signum))
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert not can_preempt()
        with deadline(0.1, "x.txt"):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 90  # still theirs, still running
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_limits_deadline_off_the_main_thread_uses_a_timer_thread() -> None:
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(_spin_under_deadline, 0.2, 30)
        with pytest.raises(LimitError, match=r"over the 0\.2s time budget \(stopped in spinning\)"):
            future.result()
        assert pool.submit(lambda: 1 + 1).result() == 2  # the worker thread is fine afterwards


def test_limits_deadline_off_the_main_thread_has_no_signal_timer() -> None:
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(can_preempt).result() is False
    assert threading.current_thread() is threading.main_thread()
    assert can_preempt()


@pytest.mark.parametrize("limit", [1000])
def test_limits_document_over_the_size_limit_is_skipped_with_its_size(base: Context, limit: int) -> None:
    big = _raw("big.txt", QUIET * 100)
    result = _run(_ctx(base, max_doc_bytes=limit), big, _raw("small.txt", QUIET))
    assert [str(e) for e in result.errors] == [
        f"big.txt: too large: {len((QUIET * 100).encode())} bytes of text (limit {limit})"
    ]
    assert _stored(result) == ["small.txt"]


def _slow_for(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, stall: Any) -> None:
    """Make ``target.name`` stall (spin or sleep) for documents whose source starts with "slow"."""
    real = getattr(target, name)

    def stalled(document: Any, *args: Any, **kwargs: Any) -> Any:
        if document.source.startswith("slow"):
            stall()
        return real(document, *args, **kwargs)

    monkeypatch.setattr(target, name, stalled)


def test_limits_runaway_stage_is_stopped_inside_it(base: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    _slow_for(monkeypatch, pipeline.entity_stage, "recognise", lambda: _spin(30))
    result = _run(_ctx(base, max_doc_seconds=0.5), _raw("slow.txt", QUIET), _raw("quick.txt", QUIET))
    assert [str(e) for e in result.errors] == ["slow.txt: over the 0.5s time budget (stopped in entities)"]
    assert _stored(result) == ["quick.txt"]


def test_limits_time_budget_holds_in_a_worker_thread(base: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """Off the main thread (Dask workers, the web app) a stage stuck in one C call is stopped when
    the call returns, inside the stage."""
    _slow_for(monkeypatch, pipeline.entity_stage, "recognise", lambda: time.sleep(1.0))
    ctx = _ctx(base, max_doc_seconds=0.3)
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(_run, ctx, _raw("slow.txt", QUIET), _raw("quick.txt", QUIET)).result()
    assert [str(e) for e in result.errors] == ["slow.txt: over the 0.3s time budget (stopped in entities)"]
    assert _stored(result) == ["quick.txt"]


def test_limits_runaway_stage_is_stopped_inside_it_in_a_worker_thread(
    base: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dask worker's task runs in a thread: a Python loop running away there is stopped inside
    it too, not after it (a 5 s budget was reported only after 2 min 46 s, #16)."""
    _slow_for(monkeypatch, pipeline.entity_stage, "recognise", lambda: _spin(30))
    ctx = _ctx(base, max_doc_seconds=0.5)
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(_run, ctx, _raw("slow.txt", QUIET), _raw("quick.txt", QUIET)).result()
    assert [str(e) for e in result.errors] == ["slow.txt: over the 0.5s time budget (stopped in entities)"]
    assert _stored(result) == ["quick.txt"]
    assert time.monotonic() - started < 20  # the spin runs 30 s when nothing stops it


def test_limits_runaway_event_extraction_is_stopped(base: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    _slow_for(monkeypatch, pipeline.event_stage, "extract_events", lambda: _spin(30))
    result = _run(_ctx(base, max_doc_seconds=0.5), _raw("slow.txt", QUIET), _raw("quick.txt", QUIET))
    assert [str(e) for e in result.errors] == [
        "slow.txt: over the 0.5s time budget (stopped in event extraction)"
    ]
    assert _stored(result) == ["quick.txt"]


def test_limits_defect_in_one_document_costs_only_it(base: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    _slow_for(monkeypatch, pipeline.entity_stage, "recognise", broken)
    result = _run(base, _raw("slow.txt", QUIET), _raw("quick.txt", QUIET))
    (error,) = result.errors
    assert isinstance(error, AnalysisError)
    assert str(error).startswith("slow.txt: analysis failed: RuntimeError: boom")
    assert "please report" in str(error)
    assert _stored(result) == ["quick.txt"]


class FakeParse:
    """Stands in for ``Analyser.parse``: records the sentences it is given, fails on a marked one."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.seen: list[str] = []

    def __call__(self, items: Iterable[tuple[int, str]], **_: Any) -> list[tuple[()]]:
        texts = [text for _, text in items]
        self.seen.extend(texts)
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise ValueError("parser blew up")
        return [() for _ in texts]


@pytest.fixture
def fake_parse(base: Context) -> Context:
    """The context whose ``analyser.parse`` each test replaces with a ``FakeParse``: GiNZA never loads."""
    return base


def test_limits_parser_defect_is_retried_document_by_document(
    fake_parse: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse = FakeParse(fail_on="爆発")
    monkeypatch.setattr(fake_parse.analyser, "parse", parse)
    bad = _raw("bad.txt", NEWS.replace("先端", "爆発先端"))
    assert fake_parse.taxonomy.has_trigger(NEWS)
    result = _run(fake_parse, bad, _raw("good.txt", NEWS))
    assert [str(e).split(" (a bug")[0] for e in result.errors] == [
        "bad.txt: parsing failed: ValueError: parser blew up"
    ]
    assert _stored(result) == ["good.txt"]


def test_limits_run_on_sentence_is_not_parsed(fake_parse: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    parse = FakeParse()
    monkeypatch.setattr(fake_parse.analyser, "parse", parse)
    run_on = "、".join(["米商務省は輸出規制を強化すると発表し"] * 400) + "た。"
    ctx = replace(fake_parse, settings=Settings(max_sentence_chars=4000))
    result = _run(ctx, _raw("run-on.txt", f"{NEWS}{run_on}\n"))
    assert result.errors == []
    assert _stored(result) == ["run-on.txt"]
    assert parse.seen  # the ordinary sentence with a trigger was parsed
    assert all(len(text) <= 4000 for text in parse.seen)
    assert any(len(s.text) > 4000 for s in result.analyses[0].sentences)  # kept, not parsed
