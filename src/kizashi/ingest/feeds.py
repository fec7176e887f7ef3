"""RSS/Atom feeds -> one ``RawDocument`` (or ``IngestError``) per entry, for ``kizashi watch``.

A feed is parsed with feedparser; an entry becomes a document from the page it links to (fetched
by :mod:`kizashi.ingest.fetch`, the one module on the network) or from its own content or summary.
Every limit and check holds for one entry: an entry that is too large, or holds a character that
is not Unicode, is that entry's error, and the entries beside it are read on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from kizashi import ids
from kizashi.errors import IngestError, KizashiError
from kizashi.ingest.fetch import SCHEMES, fetch
from kizashi.ingest.files import decode
from kizashi.ingest.html import extract_html
from kizashi.records import RawDocument

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}

# A numeric character reference to no character (a lone surrogate, past U+10FFFF, or too long to
# be one) makes feedparser raise for the whole feed. Each is turned into U+10FFFF, a noncharacter
# no real text holds, so the parse goes on and the entry that held it is refused by name.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_NOT_A_CHAR = "\U0010ffff"
_FIELDS = ("id", "link", "title", "summary")


def _mark_bad_refs(data: bytes) -> bytes:
    def repl(m: re.Match[bytes]) -> bytes:
        digits = m.group(1) or m.group(2)
        if len(digits) > 8:
            return b"&#x10FFFF;"
        code = int(digits, 16 if m.group(1) else 10)
        return b"&#x10FFFF;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else m.group(0)

    return _CHAR_REF.sub(repl, data)


def load_feed(source: str, *, timeout: float, max_bytes: int, allow_hosts: Collection[str] = ()) -> list[Any]:
    """The entries of a feed file or URL; a ``KizashiError`` naming it when it cannot be read or
    is no feed (``FetchError`` when fetching it failed)."""
    scheme = urlsplit(source).scheme.lower()
    if scheme in SCHEMES:
        data = fetch(source, timeout=timeout, max_bytes=max_bytes, allow_hosts=allow_hosts)
    elif len(scheme) > 1:  # a URL of another scheme; one letter is a Windows drive
        raise KizashiError(f"{source}: only http and https URLs are fetched")
    else:
        try:
            with Path(source).open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise KizashiError(f"{source}: cannot read the feed file: {exc.strerror or exc}") from exc
        if len(data) > max_bytes:
            raise KizashiError(f"{source}: feed larger than {max_bytes} bytes")
    try:
        parsed = feedparser.parse(_mark_bad_refs(data))
    except (ValueError, RecursionError) as exc:  # feedparser's loose parser on markup it cannot take
        raise KizashiError(f"{source}: cannot parse the feed: {exc}") from exc
    if parsed.get("bozo") and not parsed.entries:
        raise KizashiError(f"{source}: not an RSS or Atom feed")
    return list(parsed.entries)


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


def entry_id(entry: Any) -> str:
    """What identifies an entry within its feed: its id, else its link, else its title."""
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")


def entry_name(feed: str, entry: Any) -> str:
    """How messages name an entry: its feed and its link (or id), printable whatever it holds."""
    which = entry.get("link") or entry_id(entry) or "(an entry without id, link or title)"
    return f"{feed} entry {which}".encode("utf-8", "backslashreplace").decode("utf-8")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _not_unicode(entry: Any, page: str | None) -> str | None:
    content = entry.get("content")
    values = {f: entry.get(f) for f in _FIELDS}
    values["content"] = content[0].get("value") if content else None
    values["page"] = page
    for name, value in values.items():
        if isinstance(value, str) and (_NOT_A_CHAR in value or any("\ud800" <= c <= "\udfff" for c in value)):
            return name
    return None


def entry_document(entry: Any, page: bytes | None, *, feed: str, max_bytes: int) -> RawDocument | IngestError:
    """An entry's document: the page it links to when one was fetched, else its content or
    summary with the title first. Ids are those a JSON lines record with the same fields gets."""
    where = entry_name(feed, entry)
    url, title, published = _str(entry.get("link")), _str(entry.get("title")), entry_date(entry)
    html: str | None = None
    if page is not None:
        try:
            html, _encoding = decode(page, where)
        except IngestError as exc:
            return exc
    bad = _not_unicode(entry, html)
    if bad is not None:
        return IngestError(where, f"not valid Unicode: the {bad} holds a character reference to no character")
    extracted = extract_html(html, url=url) if html is not None else None
    if extracted is not None:
        return RawDocument(
            doc_id=ids.doc_id(url or "", extracted.text),
            source=url or where,
            text=extracted.text,
            kind="feed",
            title=title or extracted.title,
            url=url,
            published=published or extracted.published,
            lines_hint=extracted.left_out,
        )
    content = entry.get("content")
    body = content[0].get("value") if content else entry.get("summary")
    text = html_to_text(body) if isinstance(body, str) else ""
    if not text.strip():
        page_said = "its page has no main text" if html is not None else "no page was fetched"
        return IngestError(where, f"no text: no content or summary, and {page_said}")
    text = f"{title}\n{text}" if title and not text.startswith(title) else text
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return IngestError(where, f"too large: {size} bytes (limit {max_bytes} an entry)")
    return RawDocument(
        doc_id=ids.doc_id(url or "", text),
        source=url or where,
        text=text,
        kind="feed",
        title=title,
        url=url,
        published=published,
    )
