"""The Dask runner: ``pipeline.process_batch`` mapped over batches on a Dask distributed cluster.

The only module that imports dask/distributed. It runs the same code path as ``runners/local.py``
and stores the same result:

- The driver reads the inputs and counts site lines (cross-document) as the local run does,
  and submits a batch as soon as its documents are released by the lookahead
  (``runners/common.Plan``), with each document's own line counts; the documents waiting are
  in a spool on disk, and at most a window of batches is in flight ahead of the writer (#17).
- Each worker builds one ``Context`` (gazetteer, matcher, taxonomy, GiNZA) when it joins, through
  a worker plugin, and runs one batch at a time under a lock: the Sudachi tokenizer inside GiNZA
  is not thread-safe (two threads fail with ``Already borrowed``), so run workers with one thread.
- Near-duplicates are decided in the driver. Workers compute every document's MinHash signature
  (process_batch records it) but reject nothing; the driver then replays, in input order, the
  local run's decisions against one index seeded from the store, and turns the documents it
  finds to be near-duplicates into duplicate records. Their analysis is wasted work; it buys a
  single pass with no barrier between batches.
- Batches are written in input order (entity names merge in write order), then events are
  clustered across documents, as in the local run.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from kizashi.config import Settings
from kizashi.errors import KizashiError
from kizashi.pipeline import BatchResult, Context, build_context, process_batch
from kizashi.records import RawDocument
from kizashi.runners.common import (
    Plan,
    RunStats,
    batches,
    finish_clusters,
    plan_run,
    seeded_index,
    shared_batch_size,
    store_batch,
    unpack,
)
from kizashi.storage import Store
from kizashi.text.dedupe import NearDuplicateIndex
from kizashi.text.site_lines import LineCounts

log = logging.getLogger(__name__)

PLUGIN = "kizashi-context"  # plus a hash of the settings the context was built with
DEFAULT_WORKERS = 2
AHEAD_PER_WORKER = 3  # batches in flight per worker: keeps workers busy, bounds memory


class ContextPlugin(WorkerPlugin):
    """Builds the pipeline's ``Context`` once per worker process and keeps it for every task.

    Registered under a name that carries a hash of the settings and marked idempotent: a second
    run with the same settings on a long-lived cluster reuses the contexts already built.
    """

    idempotent = True

    def __init__(self, settings: Settings, *, load_model: bool = True) -> None:
        self.settings = settings
        self.load_model = load_model
        self.ctx: Context | None = None
        self.lock = threading.Lock()

    async def setup(self, worker: Any) -> None:
        nthreads = getattr(getattr(worker, "state", None), "nthreads", 1)
        if nthreads > 1:
            log.warning(
                "worker %s has %s threads; Kizashi runs one batch at a time per worker "
                "(start workers with --nthreads 1 and more processes instead)",
                worker.address,
                nthreads,
            )
        # loading GiNZA takes seconds: off the event loop, so the worker keeps answering
        await asyncio.get_running_loop().run_in_executor(None, self._build)

    def _build(self) -> None:
        with self.lock:
            self.ctx = build_context(self.settings)
            if self.load_model:
                self.ctx.analyser.load()  # GiNZA loads here, once per worker process

    def __getstate__(self) -> dict[str, Any]:
        # only the settings travel to the workers; each builds its own context and lock
        return {"settings": self.settings, "load_model": self.load_model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self.load_model = state["load_model"]
        self.ctx = None
        self.lock = threading.Lock()


class _KeepAll(NearDuplicateIndex):
    """Signatures for every document, rejections for none: the driver decides near-duplicates."""

    def find(self, signature: bytes) -> str | None:
        return None

    def add(self, doc_id: str, signature: bytes) -> None:
        return None


def plugin_name(settings: Settings) -> str:
    """The worker plugin's name for these settings (the database is the driver's business only)."""
    dump = settings.model_dump_json(exclude={"db"})
    return f"{PLUGIN}-{hashlib.sha256(dump.encode('utf-8')).hexdigest()[:12]}"


def _worker_context(name: str) -> tuple[Context, threading.Lock]:
    plugin = get_worker().plugins[name]
    if not isinstance(plugin, ContextPlugin) or plugin.ctx is None:
        raise RuntimeError("the Kizashi worker plugin is not set up on this worker")
    return plugin.ctx, plugin.lock


def _process(batch: list[RawDocument], line_counts: dict[str, LineCounts], plugin: str) -> BatchResult:
    """One batch on a worker, with its documents' line counts by id: the pipeline's single code
    path, one batch at a time."""
    ctx, lock = _worker_context(plugin)
    dedupe = _KeepAll(threshold=ctx.settings.near_duplicate_threshold)
    with lock:
        result = process_batch(batch, ctx, dedupe=dedupe, line_counts=line_counts)
    return without_parse(result)


def without_parse(result: BatchResult) -> BatchResult:
    """The result the driver needs: its analyses without their parsed sentences.

    Nothing on the driver (near-duplicates, the store, clusters) reads ``Analysis.sentences``,
    and their tokens are most of a result's pickled bytes: about 60% on news, and unpickling
    them cost the driver ten times the rest (#17)."""
    light = [replace(a, sentences=()) for a in result.analyses]
    return replace(result, analyses=light)


def _peak_rss() -> int:
    """Peak resident memory of this process in bytes (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def settle_duplicates(result: BatchResult, index: NearDuplicateIndex) -> BatchResult:
    """Replay the local run's near-duplicate decisions, in input order, on a worker's result.

    ``result.minhashes`` holds the signature of every document that reached the check, in the
    order process_batch met them; a document found similar to one seen before becomes a
    duplicate record, anything else joins the index.
    """
    originals: dict[str, str] = {}
    for doc_id, sig in result.minhashes.items():
        original = index.find(sig)
        if original is not None and original != doc_id:
            originals[doc_id] = original
        else:
            index.add(doc_id, sig)
    if not originals:
        return result
    sources = set()
    settled = BatchResult(tokens=result.tokens, minhashes=result.minhashes)
    for analysis in result.analyses:
        doc = analysis.document
        if doc.doc_id in originals:
            original = originals[doc.doc_id]
            settled.duplicates.append((replace(doc, duplicate_of=original), original))
            sources.add(doc.source)
        else:
            settled.analyses.append(analysis)
    # a duplicate is never analysed in the local run, so it cannot fail there after the check
    settled.errors = [e for e in result.errors if getattr(e, "source", None) not in sources]
    settled.duplicates = result.duplicates + settled.duplicates
    return settled


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers`` processes."""
    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,  # Sudachi is not thread-safe
            processes=True,
            dashboard_address="127.0.0.1:0",  # a free port: no clash with another cluster
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def prepare_workers(client: Client, settings: Settings) -> None:
    """Build the context (and load GiNZA) on every worker, and on workers that join later.

    A no-op where the workers already hold a context built with the same settings."""
    client.register_plugin(ContextPlugin(settings), name=plugin_name(settings))


def worker_peak_rss(client: Client) -> dict[str, int]:
    """Peak resident memory in bytes of each worker process, by worker address."""
    return {str(k): int(v) for k, v in client.run(_peak_rss).items()}


def run_dask(
    paths: Iterable[Path],
    *,
    settings: Settings,
    store: Store,
    reanalyse: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    phase: Callable[[str], None] | None = None,
    scheduler: str | None = None,
    workers: int = DEFAULT_WORKERS,
    client: Client | None = None,
) -> RunStats:
    """Ingest, analyse on a Dask cluster and store every document under the paths.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without one a
    local cluster of ``workers`` single-threaded processes is started for the run. A connected
    ``client`` (a benchmark's, a notebook's) takes precedence over both. ``phase`` is told each
    slow step, as in the local runner (the workers load the models in "loading models").
    """
    say = phase or (lambda _: None)
    stats = RunStats()
    with store.run_lock():  # one writing run per database (storage/run_lock.py)
        say("reading input")
        plan = plan_run(paths, settings=settings, store=store, reanalyse=reanalyse, stats=stats)
        with plan:  # the spool's file goes when the batches are written
            # reads up to the first document released: none (a re-run) starts no worker
            if plan.has_work() and progress:
                progress(0, plan.total())
            if plan.has_work() and client is not None:
                say("loading models")
                prepare_workers(client, settings)
                say("analysing")
                with seeded_index(store, settings) as index:  # its file goes at the end
                    _map(client, plan, index, settings, store, stats, progress)
            elif plan.has_work():
                say("starting workers")
                with connect(scheduler, workers) as own:
                    say("loading models")
                    prepare_workers(own, settings)
                    say("analysing")
                    with seeded_index(store, settings) as index:
                        _map(own, plan, index, settings, store, stats, progress)
        finish_clusters(store, stats)
    return stats


def _map(
    client: Client,
    plan: Plan,
    index: NearDuplicateIndex,
    settings: Settings,
    store: Store,
    stats: RunStats,
    progress: Callable[[int, int | None], None] | None,
) -> None:
    """Submit batches a window ahead of the writer; write results in input order.

    Batches are taken from the plan only as the window moves, each as soon as its documents are
    released, and shipped with their own line counts: the driver holds at most ``window``
    batches of documents, however large the corpus (#17)."""
    name = plugin_name(settings)
    workers = max(1, len(client.scheduler_info()["workers"]))
    pending_batches = batches(plan, shared_batch_size(plan.total(), settings.batch_size, workers))
    window = AHEAD_PER_WORKER * workers
    pending: deque[tuple[int, Future[BatchResult]]] = deque()

    def submit_next() -> None:
        released = next(pending_batches, None)
        if released is not None:
            batch, counts = unpack(released)
            pending.append((len(batch), client.submit(_process, batch, counts, name, pure=False)))

    for _ in range(window):
        submit_next()
    done = 0
    while pending:
        size, future = pending.popleft()
        submit_next()
        try:
            result = future.result()
        except KizashiError as exc:  # a documented error of the whole batch: report and go on
            stats.errors.append(str(exc))
            continue
        finally:
            future.release()  # type: ignore[no-untyped-call]
        store_batch(settle_duplicates(result, index), store, stats)
        done += size
        if progress:
            progress(done, plan.total())


__all__ = ["ContextPlugin", "connect", "prepare_workers", "run_dask", "settle_duplicates", "worker_peak_rss"]
