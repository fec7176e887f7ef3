"""Feeds and pages from the web: RSS/Atom parsed with feedparser, http(s) fetched with a timeout and
a size limit, a feed entry turned into a JSON lines record that :mod:`kizashi.ingest.files` reads.

This is the only module that goes on the network (``kizashi watch`` calls it).
"""

from __future__ import annotations

import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from kizashi import __version__
from kizashi.errors import KizashiError

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
USER_AGENT = f"kizashi/{__version__} (+news watch)"


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


def entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def entry_record(entry: Any, page: bytes | None) -> dict[str, Any] | None:
    """A JSON lines record for ``kizashi.ingest.files`` (url, title, published, text or html)."""
    rec: dict[str, Any] = {
        "url": entry.get("link"),
        "title": entry.get("title"),
        "published": entry_date(entry),
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


def entry_id(entry: Any) -> str:
    """What identifies an entry within its feed: its id, else its link, else its title."""
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")


def load_feed(source: str, *, timeout: float, max_bytes: int) -> list[Any]:
    """The entries of a feed file or URL; a clear error when it cannot be read or is no feed."""
    scheme = urlsplit(source).scheme.lower()
    if scheme in {"http", "https"}:
        data = fetch(source, timeout=timeout, max_bytes=max_bytes)
    elif len(scheme) > 1:  # a URL of another scheme; one letter is a Windows drive
        raise KizashiError(f"{source}: only http and https URLs are fetched")
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise KizashiError(f"{source}: cannot read the feed file: {exc.strerror or exc}") from exc
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise KizashiError(f"{source}: not an RSS or Atom feed")
    return list(parsed.entries)
