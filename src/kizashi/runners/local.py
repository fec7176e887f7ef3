"""The local runner: batches of documents through ``pipeline.process_batch`` in this process, the
parse in a second one where there is a core for it (``Settings.parse_processes``)."""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from kizashi.config import Settings
from kizashi.errors import KizashiError
from kizashi.events.taxonomy import load_taxonomy
from kizashi.nlp.parse_process import ParseProcess
from kizashi.pipeline import (
    BegunBatch,
    Context,
    begin_batch,
    build_context,
    end_batch,
    parse_items,
    process_batch,
)
from kizashi.records import RawDocument, Token
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

__all__ = ["RunStats", "run"]


def run(
    paths: Iterable[Path],
    *,
    settings: Settings,
    store: Store,
    reanalyse: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    phase: Callable[[str], None] | None = None,
    ctx: Context | None = None,
    documents: Iterable[RawDocument] = (),
) -> RunStats:
    """Ingest, analyse and store every document under the paths.

    ``ctx`` is a pipeline context built before (a watcher's, kept between its polls); without
    one, the run builds its own. ``documents`` are analysed with those under the paths (a
    watcher's feed entries, read by ``ingest.feeds``). ``phase`` is told what the run is doing
    before each slow step ("reading input", "loading models", "analysing"), so a progress bar
    says it rather than sitting at 0 of an unknown total. ``progress`` is told the documents
    analysed and their total, ``None`` until the input has been read (analysis starts once the
    first ``settings.site_lookahead`` inputs are)."""
    say = phase or (lambda _: None)
    stats = RunStats()
    with store.run_lock():  # one writing run per database: a second one waits (runners/common.py)
        say("reading input")
        plan = plan_run(
            paths, settings=settings, store=store, reanalyse=reanalyse, stats=stats, documents=documents
        )
        with plan, ExitStack() as closing:  # the spool's and the index's files go at the end
            # reads up to the first document released: a re-run over unchanged input reads it all
            # and finds none, so builds no context and no index
            if not plan.has_work():
                finish_clusters(store, stats)
                return stats
            if progress:
                progress(0, plan.total())  # None while the input is still being read
            # parse processes pay only where there is a batch to prepare while another is parsed;
            # a given context (a watcher's, GiNZA loaded once for all its polls) parses here
            total, parser, taxonomy = plan.total(), None, None
            beside = (
                ctx is None and settings.parse_processes and (total is None or total > settings.batch_size)
            )
            size = (
                shared_batch_size(total, settings.batch_size, settings.parse_processes)
                if beside
                else settings.batch_size
            )
            released: Iterator[list[tuple[RawDocument, LineCounts]]] = batches(plan, size)
            if beside:
                parser = closing.enter_context(
                    ParseProcess(ner=settings.ner, processes=settings.parse_processes)
                )
                first = next(released, [])
                released = itertools.chain([first], released)
                taxonomy = load_taxonomy()
                if any(taxonomy.has_trigger(raw.text) for raw, _ in first):
                    parser.start()  # GiNZA loads there while this process loads the rest
                del first
            if ctx is None:
                say("loading models")
                ctx = build_context(settings, taxonomy=taxonomy)
            dedupe = closing.enter_context(seeded_index(store, settings))
            say("analysing")
            sink = _Sink(plan, ctx, store, stats, dedupe, progress)
            if parser is None:
                _analyse_here(released, sink)
            else:
                _analyse_beside(released, sink, parser)
        finish_clusters(store, stats)
    return stats


Released = Iterable[list[tuple[RawDocument, LineCounts]]]


@dataclass
class _Sink:
    """What both analysis loops share: where results go and how far the run has come."""

    plan: Plan
    ctx: Context
    store: Store
    stats: RunStats
    dedupe: NearDuplicateIndex
    progress: Callable[[int, int | None], None] | None
    done: int = 0

    def advance(self, count: int, *, report: bool = True) -> None:
        self.done += count
        if report and self.progress:
            self.progress(self.done, self.plan.total())


def _analyse_here(released_batches: Released, sink: _Sink) -> None:
    """Batch by batch in this process: a batch as soon as batch_size documents are released, so
    analysis and reading interleave and memory holds a batch and the lookahead's digests (#17)."""
    for released in released_batches:
        batch, counts = unpack(released)
        del released
        try:
            result = process_batch(batch, sink.ctx, dedupe=sink.dedupe, line_counts=counts)
        except KizashiError as exc:  # a documented error of the whole batch: report and go on
            sink.stats.errors.append(str(exc))
            sink.advance(len(batch), report=False)
            continue
        store_batch(result, sink.store, sink.stats)
        sink.advance(len(batch))
        del batch, result  # not alive while the next batch is read


def _analyse_beside(released_batches: Released, sink: _Sink, parser: ParseProcess) -> None:
    """As ``_analyse_here``, with the parse in ``parser``'s processes: while they parse a batch,
    this process prepares the next and stores the one before. Batches are stored in input order,
    as here; at most one more batch than there are parse processes is in memory. A parse that
    fails (a defect, a worker gone) is done again in this process, document by document."""
    waiting: deque[tuple[BegunBatch, Future[list[tuple[Token, ...]]] | None, int]] = deque()

    def store_oldest() -> None:
        begun, future, size = waiting.popleft()
        parsed = None
        if future is not None:
            try:
                parsed = future.result()
            except Exception as exc:  # parsed again here, where a failure is isolated
                log.warning(
                    "the parse process failed on a batch (%s: %s); parsing it here", type(exc).__name__, exc
                )
        store_batch(end_batch(begun, sink.ctx, parsed=parsed), sink.store, sink.stats)
        sink.advance(size)

    for released in released_batches:
        batch, counts = unpack(released)
        del released
        try:
            begun = begin_batch(batch, sink.ctx, dedupe=sink.dedupe, line_counts=counts)
        except KizashiError as exc:
            sink.stats.errors.append(str(exc))
            sink.advance(len(batch), report=False)
            continue
        future = parser.submit(parse_items(begun.wanted)) if begun.wanted else None
        waiting.append((begun, future, len(batch)))
        del batch, counts, begun
        while len(waiting) > parser.processes:
            store_oldest()
    while waiting:
        store_oldest()
