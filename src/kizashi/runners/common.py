"""What the local and the Dask runner share: reading the inputs, planning a run, writing a batch's
results and clustering events across documents. Both runners then differ only in how they map
``pipeline.process_batch`` over the batches."""

from __future__ import annotations

import itertools
import logging
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from kizashi.config import Settings
from kizashi.errors import IngestError, StoreError
from kizashi.events import merge
from kizashi.ingest.files import ingest
from kizashi.pipeline import BatchResult
from kizashi.records import RawDocument
from kizashi.runners.site_counter import SiteLineCounter
from kizashi.runners.spool import Spool
from kizashi.storage import Store
from kizashi.storage.neardup_file import NearDuplicateFile
from kizashi.text.dedupe import NearDuplicateIndex
from kizashi.text.site_lines import LineCounts, digest64

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = [
    "IdList",
    "Plan",
    "RunStats",
    "batches",
    "finish_clusters",
    "plan_run",
    "read_inputs",
    "recluster",
    "seeded_index",
    "shared_batch_size",
    "store_batch",
    "unpack",
]


class IdList(Collection[str]):
    """Ids appended in order, held as one UTF-8 buffer and an offset each (#17): about 26 bytes a
    document against 75 for a list of str, and a run holds one for every document it stores."""

    __slots__ = ("_ends", "_text")

    def __init__(self) -> None:
        self._text = bytearray()
        self._ends = array("Q")

    def append(self, doc_id: str) -> None:
        self._text += doc_id.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._text))

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self._ends:
            yield self._text[start:end].decode("utf-8", "surrogatepass")
            start = end

    def __len__(self) -> int:
        return len(self._ends)

    def __contains__(self, doc_id: object) -> bool:
        # a scan: the watcher only iterates; no caller asks about one id in a hot loop
        return any(doc_id == x for x in self)


@dataclass
class RunStats:
    seen: int = 0
    stored: int = 0
    skipped: int = 0  # already stored with the same content hash
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    lost: str | None = None  # the database itself failed: why (the run stopped storing there)
    not_stored: int = 0  # documents analysed after the database failed
    stored_ids: IdList = field(default_factory=IdList)  # a watcher screens their entities

    @property
    def failed(self) -> int:
        return len(self.errors) + self.not_stored


class Plan:
    """The documents a run analyses, given back lazily, in input order, each with its own site
    line counts (``SiteLineCounter``): a document is released once ``window`` more inputs are
    read (or the input ends), so analysis starts before the whole input is read. The documents
    waiting are in a spool on disk, not in memory. Close it when done.

    ``chunks`` are the inputs, a batch at a time, each with the ids of those the store holds
    already: they are counted, not analysed."""

    def __init__(
        self,
        chunks: Iterator[tuple[list[RawDocument], set[str]]],
        *,
        stats: RunStats,
        window: int,
        seconds: float,
    ) -> None:
        self.todo = Spool()  # every document to analyse, appended as it is read
        self.complete = False  # the whole input has been read: ``len(todo)`` is the total
        self._counter: SiteLineCounter[int] = SiteLineCounter(window=window, seconds=seconds)
        self._stats = stats
        self._released = self._release(chunks)
        self._first: tuple[RawDocument, LineCounts] | None = None

    def has_work(self) -> bool:
        """Whether any document is to be analysed (reads the input up to the first one released)."""
        if self._first is None:
            self._first = next(self._released, None)
        return self._first is not None

    def total(self) -> int | None:
        """How many documents the run analyses; ``None`` until the input has been read."""
        return len(self.todo) if self.complete else None

    def __iter__(self) -> Iterator[tuple[RawDocument, LineCounts]]:
        if self.has_work():
            yield self._take_first()  # not kept in a local: it would stay alive for the whole run
            yield from self._released

    def _take_first(self) -> tuple[RawDocument, LineCounts]:
        first, self._first = self._first, None
        assert first is not None  # has_work() said so
        return first

    def _release(
        self, chunks: Iterator[tuple[list[RawDocument], set[str]]]
    ) -> Iterator[tuple[RawDocument, LineCounts]]:
        todo, counter = self.todo, self._counter
        for chunk, stored in chunks:
            chunk.reverse()  # popped from the end, in input order
            while chunk:
                raw = chunk.pop()  # the chunk keeps only what is not counted yet
                if raw.doc_id in stored:
                    self._stats.skipped += 1
                    released = counter.add(raw, None)
                else:
                    released = counter.add(raw, todo.append(raw))
                del raw
                for position, counts in released:
                    yield todo.read(position), counts
        self.complete = True
        for position, counts in counter.close():
            yield todo.read(position), counts

    def close(self) -> None:
        self.todo.close()

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_inputs(
    paths: Iterable[Path], settings: Settings, stats: RunStats, documents: Iterable[RawDocument] = ()
) -> Iterator[RawDocument]:
    """The documents under the paths, then ``documents`` (read before: a watcher's feed entries),
    one at a time; errors and repeats within the run are counted in ``stats`` and left out."""
    seen_ids: set[int] = set()  # 64-bit digests of the ids only: an int is half an id's str (#17)
    for item in itertools.chain(ingest(paths, max_bytes=settings.max_doc_bytes), documents):
        if isinstance(item, IngestError):
            log.warning("skipped %s", item)
            stats.errors.append(str(item))
            continue
        stats.seen += 1
        digest = digest64(item.doc_id)  # two ids of a million share one: about 3 in 10^8
        if digest in seen_ids:
            stats.skipped += 1
            continue
        seen_ids.add(digest)
        yield item


def plan_run(
    paths: Iterable[Path],
    *,
    settings: Settings,
    store: Store,
    reanalyse: bool,
    stats: RunStats,
    documents: Iterable[RawDocument] = (),
) -> Plan:
    """The run's plan: the inputs are read as it is iterated; what the store does not hold
    already (all, with ``reanalyse``) is spooled and released with its line counts once its
    lookahead (``settings.site_lookahead`` inputs) is read.

    Template lines are counted over every input, stored or not, so a resumed run cleans as an
    uninterrupted one. A batch of inputs and the documents released but not yet analysed are
    in memory, whatever the corpus size."""

    def chunks() -> Iterator[tuple[list[RawDocument], set[str]]]:
        # the store is asked once per batch of ids, not once per document (39% of planning's time)
        for chunk in batches(read_inputs(paths, settings, stats, documents), settings.batch_size):
            yield chunk, (set() if reanalyse else store.stored_ids(raw.doc_id for raw in chunk))

    return Plan(chunks(), stats=stats, window=settings.site_lookahead, seconds=settings.max_doc_seconds)


def seeded_index(store: Store, settings: Settings) -> NearDuplicateIndex:
    """A near-duplicate index holding the signatures of every stored document; the caller closes
    it (its database is a temporary file)."""
    index = NearDuplicateIndex(threshold=settings.near_duplicate_threshold, backing=NearDuplicateFile)
    try:
        for doc_id, sig in store.minhashes():
            index.add(doc_id, sig)
    except BaseException:
        index.close()
        raise
    return index


def batches(raws: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive batches of ``size`` documents, taken lazily from ``raws``."""
    it = iter(raws)
    while batch := list(itertools.islice(it, max(1, size))):
        yield batch
        del batch  # the caller's batch is not kept alive while the next one is taken


def unpack(released: list[tuple[RawDocument, LineCounts]]) -> tuple[list[RawDocument], dict[str, LineCounts]]:
    """A released batch as ``process_batch`` takes it: the documents, and their line counts by id."""
    return [raw for raw, _ in released], {raw.doc_id: counts for raw, counts in released}


BATCHES_PER_WORKER = 8  # at least, where the input's size is known: an even finish
MIN_SHARED_BATCH = 4  # documents: under that, per-batch overheads outweigh the balance


def shared_batch_size(total: int | None, batch_size: int, workers: int) -> int:
    """Documents per batch where ``workers`` processes share the batches: ``batch_size``, or
    fewer where the whole input is known to be small, so that each worker gets about
    ``BATCHES_PER_WORKER`` batches and none idles long while another finishes a last large one."""
    if total is None or workers < 2:
        return batch_size
    even = -(-total // (workers * BATCHES_PER_WORKER))
    return max(min(MIN_SHARED_BATCH, batch_size), min(batch_size, even))


def store_batch(result: BatchResult, store: Store, stats: RunStats) -> None:
    """Write a processed batch: each document in its own transaction, errors kept and reported.
    Once the database itself fails (gone, disk full), nothing more is tried: ``stats.lost`` says why
    and each document left is counted as not stored, so the run ends with its messages printed."""
    stats.errors.extend(str(e) for e in result.errors)
    for analysis in result.analyses:
        doc = analysis.document
        if not doc.text.strip():  # nothing but web furniture: say so rather than store an empty row
            stats.errors.append(
                f"{doc.source}: no article text: all {len(doc.removed)} lines were removed as noise"
            )
            continue
        write = partial(
            store.upsert, analysis, minhash=result.minhashes.get(doc.doc_id), tokens=result.tokens
        )
        if _write(stats, write, stored=True):
            stats.stored_ids.append(doc.doc_id)
    for dup, _original in result.duplicates:
        write = partial(
            store.record_duplicate,
            dup,
            duplicate_of=dup.duplicate_of or "",
            minhash=result.minhashes.get(dup.doc_id),
        )
        _write(stats, write, stored=False)


def _write(stats: RunStats, write: Callable[[], None], *, stored: bool) -> bool:
    """Write and count; True when it was written."""
    if stats.lost:
        stats.not_stored += 1
        return False
    try:
        write()
    except StoreError as exc:
        if exc.lost:
            stats.lost = str(exc)
            stats.not_stored += 1
        else:
            stats.errors.append(str(exc))
        return False
    if stored:
        stats.stored += 1
    else:
        stats.duplicates += 1
    return True


def finish_clusters(store: Store, stats: RunStats) -> None:
    """Cluster after a run that stored something, or that finds events an earlier run stored and
    never clustered (it stopped between its last commit and this step): clustering resumes."""
    if stats.lost:
        return  # the next run finishes it
    try:
        if stats.stored or store.has_unclustered_events():
            recluster(store)
    except StoreError as exc:
        stats.lost = str(exc)


def recluster(store: Store) -> int:
    """Cross-document step: cluster every stored event (re-run after each batch run)."""
    keys = [
        merge.EventKey(
            event_id=r["event_id"],
            doc_id=r["doc_id"],
            story_id=r["story_id"],
            type=r["type"],
            actor1=r["actor1"],
            actor2=r["actor2"],
            date=r["date"],
            status=r["status"],
        )
        for r in store.rows("events")
    ]
    clusters = merge.cluster(keys)
    store.set_clusters(clusters)
    return len(set(clusters.values()))
