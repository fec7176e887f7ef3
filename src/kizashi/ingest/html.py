"""HTML pages -> main text and metadata, with trafilatura and htmldate (no hand-written parsing)."""

from __future__ import annotations

import logging
import re
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
    title = _page_title(meta.title, meta.sitename) if meta is not None else None
    published = meta.date if meta is not None and meta.date else None
    if published is None:
        published = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    return Page(text=text, title=title, published=published, left_out=_left_out(html, text))


def _page_title(title: str | None, site: str | None) -> str | None:
    """The page's title, or None when it is only the site's name (trafilatura takes a "<site> -
    <headline>" title's first part at times): the headline is then read from the text."""
    if not title or not title.strip():
        return None
    if site and "".join(title.split()).casefold() == "".join(site.split()).casefold():
        return None
    return title


# a line of a text file that is HTML markup: a block element that opens and closes on it
_MARKUP_LINE = re.compile(
    r"^\s*<(?:div|main|article|section|p|table|ul|ol|h[1-6]|figure|blockquote|header)\b[^>]*>.*</[a-z0-9]+>",
    re.IGNORECASE,
)


def inline_html(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A text file that carries its article as HTML markup (a Markdown export or a blog archive that
    pasted the page's body) -> the text with each markup run replaced by its main text, and the
    lines trafilatura left out of it. None when no line is markup."""
    lines = text.splitlines()
    if not any(_MARKUP_LINE.match(line) for line in lines):
        return None
    out: list[str] = []
    left_out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        fragment = "<html><body>" + "\n".join(run) + "</body></html>"
        page = extract_html(fragment)
        if page is not None:
            out.extend(page.text.splitlines())
            left_out.extend(page.left_out)
        run.clear()

    for line in lines:
        if _MARKUP_LINE.match(line) or (run and line.lstrip().startswith("<")):
            run.append(line)
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out), tuple(left_out)


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
