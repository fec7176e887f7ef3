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
from kizashi.records import Analysis, Document, Morpheme, RawDocument, RemovedLine, Sentence, Story, Token
from kizashi.text import clean as clean_stage
from kizashi.text import language as language_stage
from kizashi.text import normalise as normalise_stage
from kizashi.text import structure as structure_stage
from kizashi.text.dedupe import NearDuplicateIndex
from kizashi.text.lines import NoiseLexicon, load_noise_lexicon
from kizashi.text.normalise import normalise, normalise_heading
from kizashi.text.site_lines import LineCounts
from kizashi.text.structure import shown_headlines, structure

log = logging.getLogger(__name__)

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


def build_context(settings: Settings, *, taxonomy: Taxonomy | None = None) -> Context:
    """Every resource loaded; ``taxonomy`` one the caller loaded already."""
    gazetteer = load_gazetteer()
    return Context(
        settings=settings,
        noise=load_noise_lexicon(),
        gazetteer=gazetteer,
        matcher=Matcher(gazetteer.surfaces(), keys=gazetteer.keys),
        titles=load_titles(abbreviations=gazetteer.abbreviations),
        romaniser=Romaniser(),
        name_parts=load_name_parts(),
        taxonomy=taxonomy if taxonomy is not None else load_taxonomy(),
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


ParseRequest = list[tuple[Prepared, int]]  # (document, index of a sentence to parse)


def parse_request(batch: Sequence[Prepared], ctx: Context) -> ParseRequest:
    """The sentences of the batch that the event rules need parsed: each holds a trigger the
    rules cannot drop on its text alone, is no headline (the rules skip those) and is at most
    ``max_sentence_chars`` long (a run-on page without 。 is neither parsed nor read by the
    rules, which bounds the shared parse)."""
    limit = ctx.settings.max_sentence_chars
    wanted: ParseRequest = []
    for p in batch:
        headlines = {st.headline for st in p.document.stories if st.headline}
        wanted += [
            (p, k)
            for k, s in enumerate(p.sentences)
            if len(s.text) <= limit
            and s.text not in headlines
            and event_stage.needs_parse(s.text, ctx.taxonomy)
        ]
    return wanted


def parse_items(wanted: ParseRequest) -> list[tuple[int, str]]:
    """(offset, text) of each sentence requested: what ``Analyser.parse`` takes."""
    return [(p.sentences[k].start, p.sentences[k].text) for p, k in wanted]


def finish(
    batch: Sequence[Prepared],
    ctx: Context,
    *,
    wanted: ParseRequest | None = None,
    parsed: Sequence[tuple[Token, ...]] | None = None,
) -> list[Analysis | LimitError]:
    """Parse the sentences ``parse_request`` asks for, the whole batch at once, then extract events.

    ``parsed`` is their parse made elsewhere (a parse process, ``nlp.parse_process``), in the
    order of ``wanted``. Each document's event extraction runs in what is left of its time
    budget (``limits.deadline``); one that runs out comes back as a ``LimitError``."""
    if wanted is None or parsed is None:
        wanted = parse_request(batch, ctx)
        parsed = ctx.analyser.parse(parse_items(wanted)) if wanted else []  # GiNZA loads only when needed
    for (p, k), toks in zip(wanted, parsed, strict=True):
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
    without site template lines. It is ``begin_batch`` then ``end_batch``, which a runner calls
    apart to parse one batch elsewhere while it prepares the next."""
    return end_batch(
        begin_batch(raws, ctx, dedupe=dedupe, line_counts=line_counts), ctx, on_document=on_document
    )


@dataclass
class BegunBatch:
    """A batch after the cheap stages and the near-duplicate check, waiting for its parse."""

    result: BatchResult  # its duplicates, errors, search tokens and signatures so far
    prepared: list[Prepared]
    wanted: ParseRequest  # the sentences to parse (``parse_request``; ``parse_items`` for the parser)


def begin_batch(
    raws: Sequence[RawDocument],
    ctx: Context,
    *,
    dedupe: NearDuplicateIndex | None = None,
    line_counts: Mapping[str, LineCounts] | None = None,
) -> BegunBatch:
    """``prepare`` each document and check it against ``dedupe``; nothing parsed yet."""
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
    return BegunBatch(result, prepared, parse_request(prepared, ctx))


def end_batch(
    begun: BegunBatch,
    ctx: Context,
    *,
    parsed: Sequence[tuple[Token, ...]] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> BatchResult:
    """Parse (or take ``parsed``, made elsewhere from ``parse_items(begun.wanted)``), extract
    events and check each document's time budget."""
    result = begun.result
    for analysis, p in _finish_isolated(begun, ctx, result.errors, parsed):
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
    begun: BegunBatch,
    ctx: Context,
    errors: list[KizashiError],
    parsed: Sequence[tuple[Token, ...]] | None = None,
) -> list[tuple[Analysis | LimitError, Prepared]]:
    """``finish`` over the batch; if it fails on a defect, document by document (each parsed in
    this process), so one document that breaks the parser costs only itself."""
    prepared = begun.prepared
    try:
        done = finish(prepared, ctx, wanted=begun.wanted, parsed=parsed)
        return list(zip(done, prepared, strict=True))
    except Exception as exc:
        if len(prepared) == 1:
            source = prepared[0].document.source
            log.exception("%s: parsing failed", source)
            errors.append(AnalysisError(source, f"parsing failed: {type(exc).__name__}: {exc}"))
            return []
        if not prepared:
            raise
    log.warning("parsing a batch of %d documents failed; parsing them one by one", len(prepared))
    alone = [BegunBatch(begun.result, [p], parse_request([p], ctx)) for p in prepared]
    return [pair for one in alone for pair in _finish_isolated(one, ctx, errors)]


__all__ = [
    "STAGES",
    "BatchResult",
    "BegunBatch",
    "Context",
    "begin_batch",
    "build_context",
    "end_batch",
    "ids",
    "process_batch",
]
