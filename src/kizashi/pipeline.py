"""The single code path: raw documents -> analysed, stored documents.

Per-document stages (pure functions) run in this order, versioned in ``STAGES``:
normalise -> clean -> structure -> language -> entities -> nlp (only sentences with a trigger) -> events.
Then the cross-document steps: near-duplicates (before analysis) and event clusters (after).
The CLI, the web app, ``runners/local.py`` and ``runners/dask.py`` all call ``process_batch``.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from kizashi import ids
from kizashi import nlp as nlp_stage
from kizashi.config import Settings
from kizashi.entities import recognise as entity_stage
from kizashi.entities.gazetteer import Gazetteer, load_gazetteer
from kizashi.entities.matcher import Matcher
from kizashi.entities.names import Romaniser, Titles, load_titles
from kizashi.entities.parts import NameParts, load_name_parts
from kizashi.errors import AnalysisError, KizashiError, LimitError
from kizashi.events import extract as event_stage
from kizashi.events.taxonomy import Taxonomy, load_taxonomy
from kizashi.limits import Stopwatch, deadline
from kizashi.records import Analysis, Document, Morpheme, RawDocument, RemovedLine, Sentence, Story
from kizashi.text import clean as clean_stage
from kizashi.text import language as language_stage
from kizashi.text import normalise as normalise_stage
from kizashi.text import structure as structure_stage
from kizashi.text.dedupe import NearDuplicateIndex
from kizashi.text.lines import NoiseLexicon, load_noise_lexicon
from kizashi.text.normalise import normalise, normalise_heading
from kizashi.text.site_lines import LineCounts, Lookahead
from kizashi.text.structure import shown_headlines, structure

log = logging.getLogger(__name__)
T = TypeVar("T")

STAGES = (
    normalise_stage.STAGE,
    clean_stage.STAGE,
    structure_stage.STAGE,
    language_stage.STAGE,
    entity_stage.STAGE,
    nlp_stage.STAGE,
    event_stage.STAGE,
)


@dataclass
class Context:
    """Every loaded resource the stages read, built once per process (or per Dask worker) by
    ``build_context`` and passed down; a stage gets what it needs as keyword arguments. Nothing
    is cached at module level: a second ``Context`` loads its own."""

    settings: Settings
    noise: NoiseLexicon  # text: page-furniture vocabulary (data/lexicons/noise.yaml)
    gazetteer: Gazetteer  # entities: known actors and places (data/gazetteer/), with its match keys
    matcher: Matcher  # entities: the gazetteer's names as a trie
    titles: Titles  # entities and events: titles beside names (data/lexicons/titles.yaml)
    romaniser: Romaniser  # entities: Latin forms of unknown names (pykakasi, on first use)
    name_parts: NameParts  # entities: heads and modifiers of unknown names (data/lexicons/name_parts.yaml)
    taxonomy: Taxonomy  # events: types and triggers (data/events/event_types.yaml)
    analyser: nlp_stage.Analyser  # nlp: GiNZA (on first parse) and the one Sudachi tokenizer


def build_context(settings: Settings) -> Context:
    gazetteer = load_gazetteer()
    return Context(
        settings=settings,
        noise=load_noise_lexicon(),
        gazetteer=gazetteer,
        matcher=Matcher(gazetteer.surfaces(), keys=gazetteer.keys),
        titles=load_titles(abbreviations=gazetteer.abbreviations),
        romaniser=Romaniser(),
        name_parts=load_name_parts(),
        taxonomy=load_taxonomy(),
        analyser=nlp_stage.Analyser(ner=settings.ner),
    )


@dataclass
class Prepared:
    """A document after the cheap stages, waiting for the batched parse."""

    document: Document
    sentences: list[Sentence]
    analysis: Analysis
    spent: float  # seconds of this document's own stages (the shared batch parse is not charged)
    tokens: dict[str, str] = field(default_factory=dict)
    shown: tuple[Story, ...] = ()  # the stories with their headlines as stored (structure.shown_headlines)


def site_key(raw: RawDocument) -> str:
    """Documents of one site share template lines: the URL's host, else the folder."""
    from pathlib import PurePath
    from urllib.parse import urlparse

    if raw.url:
        return urlparse(raw.url).netloc
    return str(PurePath(raw.source.split(":")[0]).parent)


def prepare(raw: RawDocument, ctx: Context, *, site_lines: LineCounts | None = None) -> Prepared:
    """normalise -> clean -> structure -> language -> entities; sentences split, those with a trigger marked.

    Raises ``LimitError`` past ``max_doc_seconds``: checked between stages everywhere, and
    pre-emptively inside a stage in a main thread (``limits.deadline``)."""
    started = time.monotonic()
    with deadline(ctx.settings.max_doc_seconds, raw.source) as watch:
        return _prepare(raw, ctx, site_lines, started, watch)


def _prepare(
    raw: RawDocument, ctx: Context, site_lines: LineCounts | None, started: float, watch: Stopwatch
) -> Prepared:
    budget = ctx.settings.max_doc_seconds

    def stage(name: str) -> None:
        """Cooperative time budget: a document that overstays is skipped with the stage named."""
        if time.monotonic() - started > budget:
            raise LimitError(raw.source, f"over the {budget:g}s time budget after {watch.stage}")
        watch.stage = name

    stage("normalise")
    text = normalise(raw.text)
    title = normalise(raw.title) if raw.title else None
    stage("clean")
    cleaned = clean_stage.clean(text, lexicon=ctx.noise, site_lines=site_lines, title=title)
    stage("structure")
    removed = tuple(RemovedLine(line, "html-boilerplate") for line in raw.lines_hint) + cleaned.removed
    stories, pub_date, basis = structure(
        raw.doc_id,
        cleaned.text,
        lexicon=ctx.noise,
        title=title,
        published=raw.published,
        given_date=ctx.settings.given_date,
        markers=cleaned.markers,
    )
    document = Document(
        doc_id=raw.doc_id,
        source=raw.source,
        text=cleaned.text,
        title=normalise_heading(raw.title) if raw.title else None,
        language=language_stage.detect_language(cleaned.text),
        url=raw.url,
        pub_date=pub_date,
        pub_date_basis=basis,
        removed=removed,
        stories=stories,
    )
    stage("words")
    morphemes = ctx.analyser.morphemes(document.text)
    stage("entities")
    mentions, entities, roles = entity_stage.recognise(
        document,
        morphemes=morphemes,
        gazetteer=ctx.gazetteer,
        matcher=ctx.matcher,
        titles=ctx.titles,
        romaniser=ctx.romaniser,
        is_common_word=ctx.analyser.is_common_word,
        name_parts=ctx.name_parts,
        names=ctx.analyser.names if ctx.settings.ner else None,
    )
    stage("sentences")
    sentences = [
        Sentence(doc_id=document.doc_id, story_id=s.story_id, start=a, end=b, text=document.text[a:b])
        for s in stories
        for a, b in nlp_stage.split_sentences(s.text, base=s.start)
    ]
    analysis = Analysis(document=document, mentions=mentions, entities=entities, roles=roles)
    stage("search tokens")
    tokens = {s.story_id: " ".join(words_within(morphemes, s.start, s.end)) for s in stories}
    stage("done")
    shown = shown_headlines(stories, raw.text, title=raw.title)
    return Prepared(document, sentences, analysis, time.monotonic() - started, tokens, shown)


def words_within(morphemes: Sequence[Morpheme], start: int, end: int) -> list[str]:
    """The surfaces of the words inside [start, end) of the document text (a story's words)."""
    first = bisect_left(morphemes, start, key=lambda m: m.start)
    out: list[str] = []
    for m in morphemes[first:]:
        if m.start >= end:
            break
        if m.end <= end:
            out.append(m.surface)
    return out


def finish(batch: Sequence[Prepared], ctx: Context) -> list[Analysis | LimitError]:
    """Parse the sentences that hold a trigger, for the whole batch at once, then extract events.

    A sentence over ``max_sentence_chars`` (a run-on page without 。) is neither parsed nor read
    by the event rules, which bounds the shared parse. Each document's event extraction runs in
    what is left of its time budget (``limits.deadline``); one that runs out comes back as a
    ``LimitError``."""
    limit = ctx.settings.max_sentence_chars
    wanted: list[tuple[Prepared, int]] = []
    for p in batch:
        headlines = {st.headline for st in p.document.stories if st.headline}  # the rules skip them
        wanted += [
            (p, k)
            for k, s in enumerate(p.sentences)
            if len(s.text) <= limit
            and s.text not in headlines
            and event_stage.needs_parse(s.text, ctx.taxonomy)
        ]
    if wanted:  # GiNZA loads only when needed
        items = [(p.sentences[k].start, p.sentences[k].text) for p, k in wanted]
        for (p, k), toks in zip(wanted, ctx.analyser.parse(items), strict=True):
            p.sentences[k] = replace(p.sentences[k], tokens=toks)
    return [_events(p, ctx) for p in batch]


def _events(p: Prepared, ctx: Context) -> Analysis | LimitError:
    source, budget, limit = p.document.source, ctx.settings.max_doc_seconds, ctx.settings.max_sentence_chars
    left = budget - p.spent
    if left <= 0:
        return LimitError(source, f"over the {budget:g}s time budget before event extraction")
    readable = [s for s in p.sentences if len(s.text) <= limit]
    if len(readable) < len(p.sentences):
        log.warning("%s: %d run-on sentence(s) over %d characters not analysed for events",
                    source, len(p.sentences) - len(readable), limit)  # fmt: skip
    a = p.analysis
    started = time.monotonic()
    try:
        with deadline(left, source, budget=budget) as watch:
            watch.stage = "event extraction"
            events = event_stage.extract_events(
                p.document, readable, a.mentions, a.entities, taxonomy=ctx.taxonomy, titles=ctx.titles
            )
    except LimitError as exc:
        return exc
    finally:
        p.spent += time.monotonic() - started
    # the headlines as shown replace those the events were read with (a headline is skipped as
    # restating its story because it equals the story's first sentence)
    document = replace(a.document, stories=p.shown) if p.shown else a.document
    return replace(a, document=document, sentences=tuple(p.sentences), events=events)


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
    line_counts: Mapping[str, LineCounts] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> BatchResult:
    """Analyse a batch. Errors of one document are recorded and the batch goes on.

    ``line_counts`` holds, by document id, the site line counts each document is cleaned with
    (its own lines' counts, from ``SiteLineCounter``); a document without them is cleaned
    without site template lines."""
    result = BatchResult()
    prepared: list[Prepared] = []
    limit = ctx.settings.max_doc_bytes
    for raw in raws:
        try:
            size = len(raw.text.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise LimitError(raw.source, f"too large: {size} bytes of text (limit {limit})")
            p = prepare(raw, ctx, site_lines=(line_counts or {}).get(raw.doc_id))
        except KizashiError as exc:
            result.errors.append(exc)
            continue
        except Exception as exc:  # a defect, not an input error: this document only, reported
            log.exception("%s: analysis failed", raw.source)
            result.errors.append(AnalysisError(raw.source, f"analysis failed: {type(exc).__name__}: {exc}"))
            continue
        if dedupe is not None and p.document.text:
            sig = dedupe.signature(p.document.text)
            result.minhashes[raw.doc_id] = sig
            original = dedupe.find(sig)
            if original is not None and original != raw.doc_id:
                shown = replace(p.document, stories=p.shown) if p.shown else p.document
                result.duplicates.append((replace(shown, duplicate_of=original), original))
                continue
            dedupe.add(raw.doc_id, sig)
        prepared.append(p)
        result.tokens.update(p.tokens)
    for analysis, p in _finish_isolated(prepared, ctx, result.errors):
        spent = p.spent
        if isinstance(analysis, LimitError):
            result.errors.append(analysis)
            continue
        if spent > ctx.settings.max_doc_seconds:
            result.errors.append(
                LimitError(analysis.document.source, f"took {spent:.0f}s, over the time budget")
            )
            continue
        result.analyses.append(analysis)
        if on_document:
            on_document(analysis.document.source)
    return result


def _finish_isolated(
    prepared: Sequence[Prepared], ctx: Context, errors: list[KizashiError]
) -> list[tuple[Analysis | LimitError, Prepared]]:
    """``finish`` over the batch; if it fails on a defect, document by document, so one document
    that breaks the parser costs only itself."""
    try:
        return list(zip(finish(prepared, ctx), prepared, strict=True))
    except Exception as exc:
        if len(prepared) == 1:
            source = prepared[0].document.source
            log.exception("%s: parsing failed", source)
            errors.append(AnalysisError(source, f"parsing failed: {type(exc).__name__}: {exc}"))
            return []
        if not prepared:
            raise
    log.warning("parsing a batch of %d documents failed; parsing them one by one", len(prepared))
    return [pair for p in prepared for pair in _finish_isolated([p], ctx, errors)]


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


__all__ = ["STAGES", "BatchResult", "Context", "SiteLineCounter", "build_context", "ids", "process_batch"]
