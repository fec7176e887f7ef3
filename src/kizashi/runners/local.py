"""The local runner: one process, batches of documents through ``pipeline.process_batch``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

from kizashi.config import Settings
from kizashi.errors import KizashiError
from kizashi.pipeline import Context, build_context, process_batch
from kizashi.records import RawDocument
from kizashi.runners.common import RunStats, batches, finish_clusters, plan_run, seeded_index, store_batch
from kizashi.storage import Store

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
            if ctx is None:
                say("loading models")
                ctx = build_context(settings)
            dedupe = closing.enter_context(seeded_index(store, settings))
            say("analysing")
            done = 0
            # a batch as soon as batch_size documents are released: analysis and reading
            # interleave, and memory holds a batch and the lookahead's digests (#17)
            for released in batches(plan, settings.batch_size):
                batch = [raw for raw, _ in released]
                counts = {raw.doc_id: c for raw, c in released}
                del released
                done += len(batch)
                try:
                    result = process_batch(batch, ctx, dedupe=dedupe, line_counts=counts)
                except KizashiError as exc:  # a documented error of the whole batch: report and go on
                    stats.errors.append(str(exc))
                    continue
                store_batch(result, store, stats)
                del batch, result  # not alive while the next batch is read
                if progress:
                    progress(done, plan.total())
        finish_clusters(store, stats)
    return stats
