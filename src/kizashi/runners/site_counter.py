"""Site line counts for a run: which lines of a document repeat across its site (page template),
counted with a bounded lookahead so that no document is held (#17)."""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Generic, TypeVar
from urllib.parse import urlparse

from kizashi.errors import LimitError
from kizashi.limits import deadline
from kizashi.records import RawDocument
from kizashi.text.normalise import normalise
from kizashi.text.site_lines import LineCounts, Lookahead

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["SiteLineCounter", "site_key"]


def site_key(raw: RawDocument) -> str:
    """Documents of one site share template lines: the URL's host, else the folder."""
    if raw.url:
        return urlparse(raw.url).netloc
    return str(PurePath(raw.source.split(":")[0]).parent)


class SiteLineCounter(Generic[T]):
    """Per site, in how many documents each line occurs (template lines repeat across a site),
    counted one document at a time with a lookahead of ``window`` inputs
    (``text.site_lines.Lookahead``): no document is kept, only the line digests of those waiting
    (#17).

    With ``seconds``, a document whose normalisation overruns that budget is left out of the
    counts (``prepare`` will skip it with the reason)."""

    def __init__(self, *, window: int, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self._lookahead: Lookahead[T] = Lookahead(window)

    def add(self, raw: RawDocument, item: T | None) -> list[tuple[T, LineCounts]]:
        """Count the next input; ``item`` stands for it until its window closes (``None``: never
        released, counted only). The (item, counts) pairs released, in input order."""
        text: str | None
        try:
            with deadline(self.seconds, raw.source) as watch:
                watch.stage = "counting site lines"
                text = normalise(raw.text)
        except LimitError:
            log.info("%s: left out of the site line counts: over the time budget", raw.source)
            text = None
        return self._lookahead.add(site_key(raw), text, item)

    def close(self) -> list[tuple[T, LineCounts]]:
        """The input has ended: every document still waiting, with the final counts."""
        return self._lookahead.close()

    def __len__(self) -> int:
        return len(self._lookahead)
