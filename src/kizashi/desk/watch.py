"""``kizashi watch``: poll folders and RSS/Atom feeds, ingest what is new, raise alerts.

Each round lists the files under the folders and the entries of the feeds, keeps those not seen
before (a file by path, size and modification time; a feed entry by its id or link, remembered in
the ``watch_seen`` table so a restart does not ingest them again), runs them through the local
runner and checks the watchlists. Feeds are fetched with a timeout and a size limit; the article
page behind an entry is fetched only with ``fetch_pages``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kizashi.config import Settings
from kizashi.desk.alerts import check_watchlists
from kizashi.errors import IngestError, KizashiError
from kizashi.ingest.feeds import FEED_SUFFIXES, entry_id, entry_record, fetch, load_feed
from kizashi.ingest.files import iter_paths
from kizashi.pipeline import Context, build_context
from kizashi.runners.local import run as run_local
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql
from kizashi.storage.queries import Row

log = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0  # a file changed this recently may still be being written: next round


@dataclass
class PollResult:
    files: int = 0  # new or changed files ingested
    entries: int = 0  # new feed entries ingested
    stored: int = 0
    errors: list[str] = field(default_factory=list)
    alerts: list[Row] = field(default_factory=list)


def _key(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


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
    ) -> None:
        self.settings, self.store = settings, store
        self.fetch_pages, self.timeout = fetch_pages, timeout
        self.folders: list[Path] = []
        self.feeds: list[str] = []
        for target in targets:
            path = Path(target)
            if urlsplit(target).scheme.lower() in {"http", "https"}:
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
    def _new_files(self, result: PollResult) -> tuple[list[Path], dict[str, str]]:
        found: dict[str, Path] = {}
        settle = time.time() - SETTLE_SECONDS
        for item in iter_paths(self.folders):
            if isinstance(item, IngestError):
                result.errors.append(str(item))
                continue
            try:
                st = item.stat()
            except OSError as exc:
                result.errors.append(f"{item}: {exc.strerror or exc}")
                continue
            if st.st_mtime > settle:
                continue
            found[_key("file", str(item.resolve()), str(st.st_size), str(st.st_mtime_ns))] = item
        seen = self._seen(found)
        new = {k: p for k, p in found.items() if k not in seen}
        return list(new.values()), {k: str(p) for k, p in new.items()}

    def _new_entries(self, result: PollResult) -> tuple[list[dict[str, Any]], dict[str, str]]:
        records: list[dict[str, Any]] = []
        keys: dict[str, str] = {}
        for feed_url in self.feeds:
            try:
                entries = load_feed(feed_url, timeout=self.timeout, max_bytes=self.settings.max_doc_bytes)
            except KizashiError as exc:
                result.errors.append(str(exc))
                continue
            by_key = {_key("feed", feed_url, entry_id(e)): e for e in entries}
            seen = self._seen(by_key)
            for key, entry in by_key.items():
                if key in seen:
                    continue
                page = None
                link = entry.get("link")
                if self.fetch_pages and link:
                    try:
                        page = fetch(link, timeout=self.timeout, max_bytes=self.settings.max_doc_bytes)
                    except KizashiError as exc:
                        result.errors.append(str(exc))
                rec = entry_record(entry, page)
                keys[key] = f"{feed_url} {link or ''}".strip()
                if rec is None:
                    result.errors.append(f"{feed_url}: entry {link or key} has no text")
                    continue
                records.append(rec)
        return records, keys

    def poll(self) -> PollResult:
        """Ingest what is new under the folders and in the feeds, then check the watchlists."""
        result = PollResult()
        paths, file_keys = self._new_files(result)
        records, entry_keys = self._new_entries(result)
        result.files, result.entries = len(paths), len(records)
        with tempfile.TemporaryDirectory(prefix="kizashi-watch-") as tmp:
            if records:
                feed_file = Path(tmp) / "entries.jsonl"
                lines = (json.dumps(r, ensure_ascii=False) for r in records)
                feed_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
                paths.append(feed_file)
            if paths:
                stats = run_local(paths, settings=self.settings, store=self.store, ctx=self.ctx)
                result.stored = stats.stored
                result.errors.extend(stats.errors)
        self._remember({**file_keys, **entry_keys})
        if result.stored:
            result.alerts = check_watchlists(self.store)
        return result


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
