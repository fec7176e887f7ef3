"""``kizashi watch``: poll folders and RSS/Atom feeds, ingest what is new, raise alerts.

Each round lists the files under the folders and the entries of the feeds, keeps those not seen
before (a file by path, size and modification time; a feed entry by its id or link, remembered in
the ``watch_seen`` table so a restart does not ingest them again), runs them through the local
runner, screens the round's new entities against the loaded lists (every entity once the lists
changed) and checks the watchlists.

A feed entry is one document with its own limits (never one file for a round's entries), and it is
marked seen only once it is stored or refused for good with a reason. A fetch that may succeed
later (a timeout, a refused connection, a 5xx) is tried again on later rounds with back-off
(``desk/backoff.py``); the network policy of the fetches is in ``ingest/fetch.py``.

A FIFO, a device or a link to one in a folder can never be read: it is refused once, named, and
remembered as refused (by the path's own inode and time), so later rounds neither tell nor retry it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kizashi.config import Settings
from kizashi.desk.alerts import check_watchlists
from kizashi.desk.backoff import Backoff, StoredBackoff
from kizashi.errors import IngestError, KizashiError
from kizashi.ingest.feeds import FEED_SUFFIXES, entry_document, entry_id, entry_name, load_feed
from kizashi.ingest.fetch import SCHEMES, FetchError, fetch
from kizashi.ingest.files import NotRegularFile, iter_paths, source_name
from kizashi.pipeline import Context, build_context
from kizashi.records import RawDocument
from kizashi.runners.local import run as run_local
from kizashi.screening.run import SCREENED_TYPES, LoadedLists, ScreenResult, load_lists, screen_store
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql
from kizashi.storage.lists import document_entity_ids, lists_state
from kizashi.storage.queries import Row

log = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0  # a file changed this recently may still be being written: next round


@dataclass
class PollResult:
    files: int = 0  # new or changed files ingested
    entries: int = 0  # new feed entries read this round: stored, refused, or left for a later round
    stored: int = 0  # documents stored (from files and entries)
    refused: int = 0  # entries refused for good, each with its reason in ``errors`` (marked seen)
    retrying: int = 0  # entries and feeds whose fetch failed and is tried again on a later round
    waiting: int = 0  # entries and feeds not tried this round: their back-off has not passed
    seen: int = 0  # entries marked seen this round
    refused_files: int = 0  # FIFOs, devices... refused this round (named in ``errors``), never again
    settling: int = 0  # files skipped as younger than SETTLE_SECONDS: read on a later round
    settle_wait: float = 0.0  # seconds until the youngest of them is old enough
    errors: list[str] = field(default_factory=list)
    alerts: list[Row] = field(default_factory=list)
    screened: ScreenResult | None = None  # the store screened against the lists (after storing)


def _key(*parts: str) -> str:
    # surrogatepass: an id holding a lone surrogate still has a key (the entry is refused by name)
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class _Entries:
    """A round's new entries: their documents, and those already refused (key -> source)."""

    docs: dict[str, tuple[RawDocument, str]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)


class Watcher:
    """Polls its targets; one ``poll()`` is one round."""

    def __init__(
        self,
        targets: Sequence[str],
        *,
        settings: Settings,
        store: Store,
        fetch_pages: bool = False,
        timeout: float = 20.0,
        allow_hosts: Collection[str] = (),
        backoff: Backoff | None = None,
    ) -> None:
        self.settings, self.store = settings, store
        self.fetch_pages, self.timeout = fetch_pages, timeout  # timeout: the whole of one fetch
        self.allow_hosts = frozenset([*settings.allow_host_names(), *allow_hosts])
        # in the store: a failed fetch waits out its back-off across ``watch --once`` runs too
        self.backoff = backoff if backoff is not None else StoredBackoff(store)
        self._lists: tuple[str, LoadedLists] | None = None  # the lists' state and their index
        self.folders: list[Path] = []
        self.feeds: list[str] = []
        for target in targets:
            path = Path(target)
            if urlsplit(target).scheme.lower() in SCHEMES:
                self.feeds.append(target)
            elif path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
                self.feeds.append(str(path))
            elif path.exists():
                self.folders.append(path)
            else:
                raise KizashiError(f"{target}: not a folder, a file or a feed URL")

    @cached_property
    def ctx(self) -> Context:
        """The pipeline context, built on the first poll with something new and kept for the next."""
        return build_context(self.settings)

    # ---- what has been seen (in the database, so a restart does not ingest twice) --------
    def _seen(self, keys: Iterable[str]) -> set[str]:
        return desk_sql.seen_keys(self.store, keys)

    def _remember(self, items: dict[str, str]) -> None:
        desk_sql.remember_seen(self.store, items)

    # ---- one round -------------------------------------------------------------------------
    def _refused_key(self, item: NotRegularFile, result: PollResult) -> str | None:
        """A special file's key: the path itself (not what a link points at) as it is now, so the
        same FIFO or link is refused once, and one put in its place is told again."""
        try:
            st = item.path.lstat()
        except OSError as exc:
            result.errors.append(f"{item.source}: {exc.strerror or exc}")
            return None
        path = str(item.path.absolute())
        return _key("refused", path, item.reason, str(st.st_ino), str(st.st_mtime_ns))

    def _new_files(self, result: PollResult) -> tuple[list[Path], dict[str, str], dict[str, str]]:
        """(new files, their keys -> sources, special files refused for the first time: key -> source)."""
        found: dict[str, Path] = {}
        special: dict[str, NotRegularFile] = {}
        now = time.time()
        settle = now - SETTLE_SECONDS
        for item in iter_paths(self.folders):
            if isinstance(item, NotRegularFile):  # a FIFO, a link to /dev/zero: never readable
                key = self._refused_key(item, result)
                if key is not None:
                    special[key] = item
                continue
            if isinstance(item, IngestError):
                result.errors.append(str(item))
                continue
            try:
                st = item.stat()
            except OSError as exc:
                result.errors.append(f"{source_name(item)}: {exc.strerror or exc}")
                continue
            if st.st_mtime > settle:  # may still be being written: said, and read next round
                result.settling += 1
                result.settle_wait = max(result.settle_wait, st.st_mtime + SETTLE_SECONDS - now)
                continue
            # a name in no valid encoding holds lone surrogates (surrogateescape): the key encodes
            # them as they are (one name, one key, every run); the stored source escapes them
            found[_key("file", str(item.resolve()), str(st.st_size), str(st.st_mtime_ns))] = item
        seen = self._seen([*found, *special])
        new = {k: p for k, p in found.items() if k not in seen}
        refused = {k: e for k, e in special.items() if k not in seen}
        result.errors.extend(str(e) for e in refused.values())
        result.refused_files = len(refused)
        return (
            list(new.values()),
            {k: source_name(p) for k, p in new.items()},
            {k: e.source for k, e in refused.items()},
        )

    def _retry_later(self, key: str, url: str, exc: FetchError, result: PollResult) -> str | None:
        """After the fetch of ``url`` failed: None when it is tried again on a later round (the
        message says when), else the final reason."""
        if not exc.retry:
            self.backoff.succeeded(key)  # refused for good: no back-off left behind
            return str(exc)
        count, wait = self.backoff.failed(key, url)
        if wait is None:
            return f"{exc}: gave up after {count} tries"
        result.retrying += 1
        result.errors.append(f"{exc}: tried again in {wait:g} s (try {count} of {self.backoff.attempts})")
        return None

    def _load(self, feed: str, result: PollResult) -> list[Any]:
        key = _key("fetch", feed)
        if not self.backoff.due(key):
            result.waiting += 1
            return []
        try:
            entries = load_feed(
                feed,
                timeout=self.timeout,
                max_bytes=self.settings.max_feed_bytes,
                allow_hosts=self.allow_hosts,
            )
        except FetchError as exc:
            final = self._retry_later(key, feed, exc, result)
            if final is not None:
                result.errors.append(final)
            return []
        except KizashiError as exc:
            result.errors.append(str(exc))
            return []
        self.backoff.succeeded(key)
        return entries

    def _page(self, key: str, link: str, result: PollResult) -> tuple[bool, bytes | None]:
        """(ready, the entry's page). Not ready: try the entry again on a later round; no page: the
        entry's own text is used."""
        if not self.backoff.due(key):
            result.waiting += 1
            return False, None
        try:
            page = fetch(
                link,
                timeout=self.timeout,
                max_bytes=self.settings.max_doc_bytes,
                allow_hosts=self.allow_hosts,
            )
        except FetchError as exc:
            final = self._retry_later(key, link, exc, result)
            if final is None:
                return False, None
            result.errors.append(f"{final}: the entry's own text is used instead")
            return True, None
        self.backoff.succeeded(key)
        return True, page

    def _new_entries(self, result: PollResult) -> _Entries:
        found = _Entries()
        for feed in self.feeds:
            by_key = {_key("feed", feed, entry_id(e)): e for e in self._load(feed, result)}
            seen = self._seen(by_key)
            for key, entry in by_key.items():
                if key in seen or key in found.docs or key in found.refused:
                    continue
                ready, page = True, None
                link = entry.get("link")
                if self.fetch_pages and isinstance(link, str) and link:
                    ready, page = self._page(key, link, result)
                if not ready:
                    continue
                result.entries += 1
                name = entry_name(feed, entry)
                doc = entry_document(entry, page, feed=feed, max_bytes=self.settings.max_doc_bytes)
                if isinstance(doc, IngestError):
                    result.errors.append(str(doc))
                    found.refused[key] = name
                else:
                    found.docs[key] = (doc, name)
        return found

    def poll(self) -> PollResult:
        """Ingest what is new under the folders and in the feeds, then check the watchlists."""
        result = PollResult()
        paths, file_keys, refused_files = self._new_files(result)
        entries = self._new_entries(result)
        result.files = len(paths)
        seen = dict(entries.refused)
        lost = False
        stored_ids: Collection[str] = ()
        if paths or entries.docs:
            docs = [doc for doc, _name in entries.docs.values()]
            stats = run_local(paths, settings=self.settings, store=self.store, ctx=self.ctx, documents=docs)
            result.stored, stored_ids = stats.stored, stats.stored_ids
            result.errors.extend(stats.errors)
            lost = stats.lost is not None
            pending = 0
            for key, (doc, name) in entries.docs.items():
                if self.store.has_document(doc.doc_id):
                    seen[key] = name
                elif not lost:  # the runner refused it, and said why in ``stats.errors``
                    seen[key] = name
                    result.refused += 1
                else:
                    pending += 1
            if lost:  # nothing more could be stored: what was not is read again next round
                result.errors.append(
                    f"the database failed: {stats.lost}; {pending} feed entries not stored and the new"
                    " files are read again on the next round"
                )
        result.refused += len(entries.refused)
        self._remember({**refused_files, **({} if lost else file_keys), **seen})
        result.seen = len(seen)
        # the round's entities against the loaded lists, as ``kizashi run`` does, before the
        # watchlists: a new match makes a party listed (``@listed``, ``listing`` alerts)
        result.screened = self._screen(stored_ids)
        if result.stored or result.screened:
            result.alerts = check_watchlists(self.store)
        return result

    def _screen(self, stored_ids: Collection[str]) -> ScreenResult | None:
        """Screen the entities the round's documents mention (new, or with new names), or every
        entity when the lists changed since the last screening here; None when nothing was."""
        state = lists_state(self.store)
        if not state:  # no list loaded
            return None
        key = _key("lists", state)  # remembered: a restart after an import still screens all
        every = not self._seen([key])
        entity_ids = None if every else document_entity_ids(self.store, stored_ids, SCREENED_TYPES)
        if entity_ids is not None and not entity_ids:  # no new entity: no screening work at all
            return None
        if self._lists is None or self._lists[0] != state:  # indexed once while the lists stay
            self._lists = state, load_lists(self.store)
        screened = screen_store(self.store, entity_ids=entity_ids, lists=self._lists[1])
        if every:
            self._remember({key: "the loaded lists (every entity screened against them)"})
        return screened


def watch(
    watcher: Watcher,
    *,
    interval: float = 300.0,
    stop: threading.Event | None = None,
    rounds: int | None = None,
    on_poll: Callable[[PollResult], None] | None = None,
) -> int:
    """Poll every ``interval`` seconds until ``stop`` is set or ``rounds`` are done; returns rounds."""
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set():
        result = watcher.poll()
        done += 1
        if on_poll:
            on_poll(result)
        if rounds is not None and done >= rounds:
            break
        stop.wait(interval)
    return done
