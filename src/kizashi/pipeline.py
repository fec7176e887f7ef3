"""The single code path: raw documents -> analysed, stored documents.

Per-document stages (pure functions) run in this order, versioned in ``STAGES``:
normalise -> clean -> structure -> entities -> nlp (only sentences with a trigger) -> events.
Then the cross-document steps: near-duplicates (before analysis) and event clusters (after).
The CLI, the web app, ``runners/local.py`` and ``runners/dask.py`` all call ``process_batch``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kizashi import clean as clean_stage
from kizashi import entities as entity_stage
from kizashi import events as event_stage
from kizashi import ids
from kizashi import nlp as nlp_stage
from kizashi.config import Settings
from kizashi.dedupe import NearDuplicateIndex
from kizashi.errors import KizashiError, LimitError
from kizashi.gazetteer import Gazetteer, default_gazetteer
from kizashi.matcher import Matcher
from kizashi.normalise import normalise
from kizashi.records import Analysis, Document, RawDocument, RemovedLine, Sentence
from kizashi.structure import structure
from kizashi.taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

STAGES = (
    "normalise.v1",
    clean_stage.STAGE,
    "structure.v1",
    entity_stage.STAGE,
    nlp_stage.STAGE,
    event_stage.STAGE,
)


@dataclass
class Context:
    """What the stages need, built once per process (or per Dask worker) and passed down."""

    settings: Settings
    gazetteer: Gazetteer
    matcher: Matcher
    taxonomy: Taxonomy
    _nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = nlp_stage.load_nlp(ner=self.settings.ner)
        return self._nlp


def build_context(settings: Settings) -> Context:
    gazetteer = default_gazetteer()
    return Context(
        settings=settings,
        gazetteer=gazetteer,
        matcher=Matcher(gazetteer.surfaces()),
        taxonomy=load_taxonomy(),
    )


@dataclass
class Prepared:
    """A document after the cheap stages, waiting for the batched parse."""

    document: Document
    sentences: list[Sentence]
    analysis: Analysis
    started: float
    tokens: dict[str, str] = field(default_factory=dict)


def site_key(raw: RawDocument) -> str:
    """Documents of one site share template lines: the URL's host, else the folder."""
    from pathlib import PurePath
    from urllib.parse import urlparse

    if raw.url:
        return urlparse(raw.url).netloc
    return str(PurePath(raw.source.split(":")[0]).parent)


def prepare(raw: RawDocument, ctx: Context, *, site_lines: Counter[str] | None = None) -> Prepared:
    """normalise -> clean -> structure -> entities; sentences split, those with a trigger marked."""
    started = time.monotonic()
    budget = ctx.settings.max_doc_seconds

    def check(stage: str) -> None:
        """Cooperative time budget: a document that overstays is skipped with the stage named."""
        if time.monotonic() - started > budget:
            raise LimitError(raw.source, f"over the {budget:.0f}s time budget after {stage}")

    text = normalise(raw.text)
    title = normalise(raw.title) if raw.title else None
    cleaned = clean_stage.clean(text, site_lines=site_lines, title=title)
    check("clean")
    removed = tuple(RemovedLine(line, "html-boilerplate") for line in raw.lines_hint) + cleaned.removed
    stories, pub_date, basis = structure(
        raw.doc_id,
        cleaned.text,
        title=title,
        published=raw.published,
        given_date=ctx.settings.given_date,
        markers=cleaned.markers,
    )
    document = Document(
        doc_id=raw.doc_id,
        source=raw.source,
        text=cleaned.text,
        title=title,
        url=raw.url,
        pub_date=pub_date,
        pub_date_basis=basis,
        removed=removed,
        stories=stories,
    )
    check("structure")
    mentions, entities, roles = entity_stage.recognise(document, gazetteer=ctx.gazetteer, matcher=ctx.matcher)
    check("entities")
    sentences = [
        Sentence(doc_id=document.doc_id, story_id=s.story_id, start=a, end=b, text=document.text[a:b])
        for s in stories
        for a, b in nlp_stage.split_sentences(s.text, base=s.start)
    ]
    analysis = Analysis(document=document, mentions=mentions, entities=entities, roles=roles)
    tokens = {s.story_id: " ".join(nlp_stage.tokenize(s.text)) for s in stories}
    return Prepared(document, sentences, analysis, started, tokens)


def finish(batch: Sequence[Prepared], ctx: Context) -> list[Analysis]:
    """Parse the sentences that hold a trigger, for the whole batch at once, then extract events."""
    wanted = [(p, k) for p in batch for k, s in enumerate(p.sentences) if ctx.taxonomy.has_trigger(s.text)]
    parsed = nlp_stage.parse(ctx.nlp, [(p.sentences[k].start, p.sentences[k].text) for p, k in wanted])
    for (p, k), toks in zip(wanted, parsed, strict=True):
        p.sentences[k] = replace(p.sentences[k], tokens=toks)
    out = []
    for p in batch:
        a = p.analysis
        events = event_stage.extract_events(
            p.document, p.sentences, a.mentions, a.entities, taxonomy=ctx.taxonomy
        )
        out.append(replace(a, sentences=tuple(p.sentences), events=events))
    return out


@dataclass
class BatchResult:
    analyses: list[Analysis] = field(default_factory=list)
    duplicates: list[tuple[Document, str]] = field(default_factory=list)
    errors: list[KizashiError] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    minhashes: dict[str, bytes] = field(default_factory=dict)


def process_batch(
    raws: Sequence[RawDocument],
    ctx: Context,
    *,
    dedupe: NearDuplicateIndex | None = None,
    site_lines: dict[str, Counter[str]] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> BatchResult:
    """Analyse a batch. Errors of one document are recorded and the batch goes on."""
    result = BatchResult()
    prepared: list[Prepared] = []
    for raw in raws:
        try:
            if len(raw.text) > ctx.settings.max_doc_bytes:
                raise LimitError(raw.source, f"document of {len(raw.text)} characters is over the limit")
            p = prepare(raw, ctx, site_lines=(site_lines or {}).get(site_key(raw)))
        except KizashiError as exc:
            result.errors.append(exc)
            continue
        if dedupe is not None and p.document.text:
            sig = dedupe.signature(p.document.text)
            result.minhashes[raw.doc_id] = sig
            original = dedupe.find(sig)
            if original is not None and original != raw.doc_id:
                result.duplicates.append((replace(p.document, duplicate_of=original), original))
                continue
            dedupe.add(raw.doc_id, sig)
        prepared.append(p)
        result.tokens.update(p.tokens)
    for analysis, p in zip(finish(prepared, ctx), prepared, strict=True):
        spent = time.monotonic() - p.started
        if spent > ctx.settings.max_doc_seconds:
            result.errors.append(
                LimitError(analysis.document.source, f"took {spent:.0f}s, over the time budget")
            )
            continue
        result.analyses.append(analysis)
        if on_document:
            on_document(analysis.document.source)
    return result


def count_site_lines(raws: Iterable[RawDocument]) -> dict[str, Counter[str]]:
    """Per site, in how many documents each line occurs (template lines repeat across a site)."""
    per_site: dict[str, list[str]] = {}
    for raw in raws:
        per_site.setdefault(site_key(raw), []).append(normalise(raw.text))
    return {site: clean_stage.site_line_counts(texts) for site, texts in per_site.items()}


__all__ = ["STAGES", "BatchResult", "Context", "build_context", "ids", "process_batch"]
