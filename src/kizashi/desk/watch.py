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
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from kizashi import __version__
from kizashi.config import Settings
from kizashi.desk.alerts import check_watchlists
from kizashi.errors import IngestError, KizashiError
from kizashi.ingest.files import iter_paths
from kizashi.pipeline import Context, build_context
from kizashi.runners.local import run as run_local
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql
from kizashi.storage.queries import Row

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
SETTLE_SECONDS = 2.0  # a file changed this recently may still be being written: next round
USER_AGENT = f"kizashi/{__version__} (+news watch)"


@dataclass
class PollResult:
    files: int = 0  # new or changed files ingested
    entries: int = 0  # new feed entries ingested
    stored: int = 0
    errors: list[str] = field(default_factory=list)
    alerts: list[Row] = field(default_factory=list)


def _key(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


def fetch(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """GET an http(s) URL, refusing other schemes and bodies over ``max_bytes``."""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise KizashiError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise KizashiError(f"{url}: cannot fetch: {exc}") from exc
    if len(body) > max_bytes:
        raise KizashiError(f"{url}: larger than {max_bytes} bytes")
    return body


_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"})


class _Text(HTMLParser):
    """The text of an HTML fragment (a feed entry's summary), one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_record(entry: Any, page: bytes | None) -> dict[str, Any] | None:
    """A JSON lines record for ``kizashi.ingest.files`` (url, title, published, text or html)."""
    rec: dict[str, Any] = {
        "url": entry.get("link"),
        "title": entry.get("title"),
        "published": _entry_date(entry),
    }
    if page is not None:
        rec["html"] = page.decode("utf-8", errors="replace")
        return rec
    content = entry.get("content")
    body = content[0].get("value") if content else entry.get("summary")
    text = html_to_text(body) if body else ""
    if not text.strip():
        return None
    title = entry.get("title")
    rec["text"] = f"{title}\n{text}" if title and not text.startswith(title) else text
    return rec


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
                if Path(feed_url).is_file():
                    data = Path(feed_url).read_bytes()
                else:
                    data = fetch(feed_url, timeout=self.timeout, max_bytes=self.settings.max_doc_bytes)
            except (OSError, KizashiError) as exc:
                result.errors.append(f"{feed_url}: {exc}")
                continue
            parsed = feedparser.parse(data)
            if parsed.get("bozo") and not parsed.entries:
                result.errors.append(f"{feed_url}: not an RSS or Atom feed")
                continue
            by_key = {
                _key("feed", feed_url, e.get("id") or e.get("link") or e.get("title") or ""): e
                for e in parsed.entries
            }
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
                rec = _entry_record(entry, page)
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
