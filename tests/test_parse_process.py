"""The parse in other processes (#17): a run with parse workers stores exactly what a run that
parses in its own process stores; a worker that fails or dies costs no document; a worker ends
with the process that started it. These start real GiNZA workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from kizashi import ids
from kizashi.config import Settings
from kizashi.exports.jsonl import export_jsonl
from kizashi.nlp import Analyser, parse_process
from kizashi.nlp.parse_process import ParseProcess, ParseWorkerGone
from kizashi.records import RawDocument
from kizashi.runners import local as local_runner
from kizashi.runners.local import RunStats
from kizashi.storage import open_store

ACTORS = ["経済産業省", "米商務省", "中国商務省", "オランダ政府", "韓国政府", "台湾当局"]
ACTIONS = [
    "{a}は{d}日、半導体製造装置の輸出規制を強化すると発表した。",
    "{a}と{b}の閣僚が{d}日に会談し、重要鉱物の供給網について協議した。",
    "{a}は{d}日、{b}の措置を「不当な圧力だ」と強く非難した。",
    "{a}は{d}日、{b}の企業に対する追加の制裁を発動した。",
]


def _documents(n: int) -> list[RawDocument]:
    docs = []
    for i in range(n):
        a, b = ACTORS[i % len(ACTORS)], ACTORS[(i + 1) % len(ACTORS)]
        body = "\n".join(
            ACTIONS[(i + k) % len(ACTIONS)].format(a=a, b=b, d=1 + (i + k) % 27) for k in range(3)
        )
        text = f"第{i}報 供給網をめぐる動き\n{body}\n関係者によると、協議は来月も続く見通しだ。"
        url = f"https://news.example.jp/{i}"
        docs.append(
            RawDocument(
                doc_id=ids.doc_id(url, text),
                source=url,
                text=text,
                kind="jsonl",
                url=url,
                published="2026-03-30",
            )
        )
    return docs


def _run(tmp_path: Path, name: str, docs: Sequence[RawDocument], **settings: Any) -> tuple[RunStats, str]:
    db = tmp_path / f"{name}.db"
    store = open_store(str(db))
    try:
        stats = local_runner.run(
            [], settings=Settings(db=str(db), batch_size=3, **settings), store=store, documents=docs
        )
        out = tmp_path / f"{name}.jsonl"
        export_jsonl(store, out)
    finally:
        store.close()
    return stats, out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def documents() -> list[RawDocument]:
    return _documents(10)


@pytest.fixture(scope="module")
def parsed_here(tmp_path_factory: pytest.TempPathFactory, documents: list[RawDocument]) -> str:
    stats, exported = _run(tmp_path_factory.mktemp("here"), "here", documents, parse_processes=0)
    assert stats.stored == len(documents)
    events = [e for line in exported.splitlines() for e in json.loads(line).get("events", [])]
    assert len(events) >= len(documents)  # the parse was used: events need it
    return exported


@pytest.mark.parametrize("processes", [1, 2])
def test_a_run_with_parse_workers_stores_what_a_run_parsing_here_stores(
    tmp_path: Path, documents: list[RawDocument], parsed_here: str, processes: int
) -> None:
    stats, exported = _run(tmp_path, "beside", documents, parse_processes=processes)
    assert stats.stored == len(documents)
    assert not stats.errors
    assert exported == parsed_here


def test_a_parse_that_fails_in_the_worker_is_done_again_here(
    tmp_path: Path, documents: list[RawDocument], parsed_here: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def failing(self: ParseProcess, items: Sequence[tuple[int, str]]) -> Future[Any]:
        calls.append(len(items))
        future: Future[Any] = Future()
        future.set_exception(ParseWorkerGone("parse worker", "it exited (-9)"))
        return future

    monkeypatch.setattr(ParseProcess, "submit", failing)
    stats, exported = _run(tmp_path, "failing", documents, parse_processes=1)
    assert calls, "the run used the parse process"
    assert stats.stored == len(documents)
    assert not stats.errors
    assert exported == parsed_here


def test_workers_start_with_their_first_batch() -> None:
    with ParseProcess(processes=2) as parser:
        assert parser._workers == []  # nothing to parse, no GiNZA loaded
        first = parser.submit([(0, "閣僚が会談した。")])
        second = parser.submit([(0, "首脳が会談した。")])
        third = parser.submit([(0, "外相が会談した。")])
        assert len(parser._workers) == 2
        assert all(len(f.result(timeout=300)) == 1 for f in (first, second, third))


def test_the_worker_parses_as_the_analyser_here_does() -> None:
    items = [(0, "経済産業省は輸出規制を強化した。"), (120, "両国の閣僚が会談した。")]
    with ParseProcess(processes=1) as parser:
        there = parser.submit(items).result(timeout=300)
    assert there == Analyser().parse(items)
    assert there[1][0].start == 120  # offsets shifted as asked


def test_a_killed_worker_fails_what_it_owes_and_what_comes_after() -> None:
    with ParseProcess(processes=1) as parser:
        parser.submit([(0, "閣僚が会談した。")]).result(timeout=300)  # loaded and answering
        worker = parser._workers[0]
        os.kill(worker._proc.pid, signal.SIGKILL)
        worker._proc.wait(timeout=30)
        with pytest.raises(ParseWorkerGone):
            parser.submit([(0, "閣僚が会談した。")]).result(timeout=30)
        with pytest.raises(ParseWorkerGone):
            parser.submit([(0, "閣僚が再び会談した。")]).result(timeout=30)


def test_a_worker_ends_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    script = (
        "from kizashi.nlp.parse_process import ParseProcess\n"
        "p = ParseProcess(processes=1)\n"
        "p.submit([(0, '閣僚が会談した。')])\n"
        "print(p._workers[0]._proc.pid, flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker_pid = int(parent.stdout.readline())
    parent.kill()
    parent.wait(timeout=30)
    for _ in range(600):  # the worker may first finish loading GiNZA
        if not _alive(worker_pid):
            return
        time.sleep(0.5)
    os.kill(worker_pid, signal.SIGKILL)
    pytest.fail("the parse worker outlived the process that started it")


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat.split(") ")[-1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_a_run_with_nothing_to_parse_starts_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(parse_process, "_Worker", lambda **_: started.append(True))
    texts = [f"{i}日の天気は晴れ、最高気温は{20 + i % 9}度の見込みです。" for i in range(8)]
    docs = [
        RawDocument(
            doc_id=ids.doc_id(f"w{i}", t),
            source=f"w{i}",
            text=t,
            kind="jsonl",
            url=f"https://w.example.jp/{i}",
        )
        for i, t in enumerate(texts)
    ]
    stats, _ = _run(tmp_path, "plain", docs, parse_processes=2)
    assert stats.stored == len(docs)
    assert started == []
