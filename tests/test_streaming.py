"""Runs stream (#17): however many documents the inputs hold, the local and the Dask runner keep a
bounded number of them alive, while planning and while analysing. The analysis is replaced by a
probe that counts the ``RawDocument`` objects alive in the process; real inputs are read."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from kizashi.config import Settings
from kizashi.pipeline import BatchResult
from kizashi.records import RawDocument
from kizashi.runners import dask as dask_runner
from kizashi.runners import local as local_runner
from kizashi.runners.common import batches
from kizashi.runners.spool import Spool
from kizashi.storage import Store, open_store

N_FILES = 60
N_RECORDS = 240  # in JSON lines and again (other texts) in Parquet
BATCH = 4


def _alive() -> int:
    gc.collect()  # garbage in reference cycles (a finished task's) is not alive
    return sum(isinstance(o, RawDocument) for o in gc.get_objects())


def _text(i: int) -> str:
    return f"第{i}号の記事。政府は{i}日、重要物資{i}番の供給網の強化策を発表した。"


def _write_inputs(root: Path) -> int:
    """A folder of text files, a JSON lines file and a Parquet file: all distinct documents."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = root / "pages"
    folder.mkdir()
    for i in range(N_FILES):
        (folder / f"{i:03d}.txt").write_text(_text(i), encoding="utf-8")
    lines = [
        json.dumps({"url": f"https://a.example.jp/{i}", "text": _text(1000 + i)}) for i in range(N_RECORDS)
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = {"url": [f"https://b.example.jp/{i}" for i in range(N_RECORDS)]}
    rows["text"] = [_text(5000 + i) for i in range(N_RECORDS)]
    pq.write_table(pa.table(rows), root / "rows.parquet")
    return N_FILES + 2 * N_RECORDS


class _Probe:
    """Counts documents alive at each check; stands in for the analysis of a batch."""

    def __init__(self) -> None:
        self.before = _alive()  # documents other tests left alive (a fixture's) do not count
        self.peak = 0
        self.analysed: list[str] = []

    def check(self) -> None:
        self.peak = max(self.peak, _alive() - self.before)

    def batch(self, raws: Sequence[RawDocument], *_: Any, **__: Any) -> BatchResult:
        self.check()
        self.analysed.extend(r.doc_id for r in raws)
        return BatchResult()


_DASK_PROBE: list[_Probe] = []  # a module global: tasks reach it by reference, not as a pickled copy


def _dask_process(batch: list[RawDocument], line_counts: object, plugin: str) -> BatchResult:
    return _DASK_PROBE[0].batch(batch)


def _probed_store(db: Path, probe: _Probe) -> Store:
    store = open_store(str(db))
    stored_ids: Callable[[Iterable[str]], set[str]] = store.stored_ids

    def checking(doc_ids: Iterable[str]) -> set[str]:  # called once per batch of ids while planning
        probe.check()
        return stored_ids(doc_ids)

    store.stored_ids = checking  # type: ignore[method-assign]
    return store


def test_streaming_batches_are_taken_lazily() -> None:
    taken: list[int] = []

    def docs() -> Any:
        for i in range(10):
            taken.append(i)
            yield i

    it = batches(docs(), 3)  # type: ignore[arg-type]
    assert next(it) == [0, 1, 2]
    assert taken == [0, 1, 2]


def test_streaming_spool_gives_back_what_it_was_given(tmp_path: Path) -> None:
    docs = [RawDocument(doc_id=f"d{i}", source=f"s{i}", text=_text(i), kind="text") for i in range(5)]
    with Spool() as spool:
        for d in docs:
            spool.append(d)
        assert len(spool) == 5
        assert list(spool) == docs
        assert list(spool) == docs  # read again from the start


@pytest.mark.parametrize("lookahead", [2000, 5])  # all inputs waiting in the spool; a few
def test_streaming_local_run_keeps_a_batch_alive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lookahead: int
) -> None:
    total = _write_inputs(tmp_path)
    probe = _Probe()
    monkeypatch.setattr(local_runner, "process_batch", probe.batch)
    monkeypatch.setattr(local_runner, "build_context", lambda settings, **_: None)
    db = tmp_path / "k.db"
    seen: list[tuple[int, int]] = []
    stats = local_runner.run(
        [tmp_path / "pages", tmp_path / "feed.jsonl", tmp_path / "rows.parquet"],
        settings=Settings(db=str(db), batch_size=BATCH, site_lookahead=lookahead, parse_processes=0),
        store=_probed_store(db, probe),
        progress=lambda done, n: seen.append((done, n)),
    )
    assert stats.errors == []
    assert stats.seen == total
    assert len(set(probe.analysed)) == total
    assert seen[-1] == (total, total)  # the progress total is known once the input has been read
    assert probe.peak <= 2 * BATCH, f"{probe.peak} documents alive at once (of {total})"


@pytest.mark.slow
def test_streaming_dask_driver_keeps_a_window_alive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dask
    from distributed import Client, LocalCluster

    total = _write_inputs(tmp_path)
    probe = _Probe()
    _DASK_PROBE[:] = [probe]
    monkeypatch.setattr(dask_runner, "_process", _dask_process)
    monkeypatch.setattr(dask_runner, "prepare_workers", lambda client, settings: None)
    db = tmp_path / "k.db"
    # threads in this process: the probe counts the driver's documents and the workers' together
    with (
        dask.config.set({"distributed.admin.low-level-log-length": 0}),  # no task history kept
        LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=False,
            protocol="tcp",
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,  # type: ignore[no-untyped-call]
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        stats = dask_runner.run_dask(
            [tmp_path / "pages", tmp_path / "feed.jsonl", tmp_path / "rows.parquet"],
            settings=Settings(db=str(db), batch_size=BATCH, parse_processes=0),
            store=_probed_store(db, probe),
            client=client,
        )
    assert stats.errors == []
    assert sorted(probe.analysed) == sorted(set(probe.analysed))
    assert len(probe.analysed) == total
    # in one process the driver's window of batches, the scheduler's and the worker's copies of
    # it are all counted: a bound that does not depend on the number of documents
    window = dask_runner.AHEAD_PER_WORKER + 1  # one worker, and the batch submitted before a wait
    assert probe.peak <= 4 * window * BATCH, f"{probe.peak} documents alive at once (of {total})"
