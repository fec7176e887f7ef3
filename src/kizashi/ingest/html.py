"""HTML pages -> main text and metadata, with trafilatura and htmldate (no hand-written parsing)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    published: str | None
    left_out: tuple[str, ...]  # visible text lines trafilatura judged boilerplate


def extract_html(html: str, *, url: str | None = None) -> Page | None:
    """Main text (trafilatura), title and publication date (trafilatura metadata, then htmldate)."""
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=True, favor_precision=False, deduplicate=False
    )
    if not text or not text.strip():
        return None
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = meta.title if meta is not None and meta.title else None
    published = meta.date if meta is not None and meta.date else None
    if published is None:
        published = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    return Page(text=text, title=title, published=published, left_out=_left_out(html, text))


def _left_out(html: str, text: str) -> tuple[str, ...]:
    """Visible lines of the page that are not in the main text: reported as removed noise."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return ()
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    kept = set(text.splitlines())
    seen: set[str] = set()
    out = []
    for line in tree.text_content().splitlines():
        line = line.strip()
        if line and line not in kept and line not in seen and line not in text:
            seen.add(line)
            out.append(line)
    return tuple(out[:500])
