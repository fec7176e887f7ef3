"""Records passed between stages: frozen, picklable, changed only through ``dataclasses.replace``.

Offsets (``start``/``end``) are character offsets into ``Document.text`` (the clean body).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read from its source, decoded but not yet cleaned."""

    doc_id: str  # content hash of source + text
    source: str  # the file path as given, or the URL
    text: str  # decoded text; for HTML the main text trafilatura extracted
    kind: str  # "text" | "html" | "jsonl" | "parquet"
    encoding: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date from metadata (HTML meta, JSON field)
    lines_hint: tuple[str, ...] = ()  # for HTML: page lines trafilatura left out (reported as removed)


@dataclass(frozen=True, slots=True)
class RemovedLine:
    line: str
    why: str  # noise kind ("menu", "url", "hashtag", ...) or "duplicate"


@dataclass(frozen=True, slots=True)
class Story:
    story_id: str
    doc_id: str
    index: int
    start: int  # offsets into Document.text
    end: int
    text: str
    headline: str | None = None
    outlet: str | None = None
    pub_date: str | None = None  # YYYY-MM-DD
    pub_date_basis: str | None = None  # metadata | tweet | dateline | content | given


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    source: str
    text: str  # clean body, lines joined by \n
    title: str | None = None
    language: str = "ja"
    url: str | None = None
    pub_date: str | None = None
    pub_date_basis: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    stories: tuple[Story, ...] = ()
    duplicate_of: str | None = None  # doc_id of a near-duplicate already stored


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed sentence: the boundary record between spaCy and the rest."""

    i: int  # index within the sentence
    text: str
    lemma: str
    norm: str  # Sudachi normalized form
    pos: str
    tag: str  # Sudachi part of speech, e.g. 名詞-固有名詞-人名-姓
    dep: str
    head: int  # index within the sentence
    start: int  # offsets into Document.text
    end: int


@dataclass(frozen=True, slots=True)
class Morpheme:
    """One Sudachi word of the document text, without a parse: what recognition and search share."""

    start: int  # offsets into Document.text
    end: int
    surface: str
    pos: tuple[str, ...]  # Sudachi part of speech, e.g. ("名詞", "固有名詞", "人名", "姓", "*", "*")
    norm: str  # Sudachi normalized form (附属→付属, ｶﾀｶﾅ variants folded)
    reading: str  # Sudachi reading in katakana (西村 → ニシムラ); the surface where it has none


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    story_id: str
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...] = ()  # empty when the sentence was not parsed


@dataclass(frozen=True, slots=True)
class Mention:
    mention_id: str
    doc_id: str
    story_id: str
    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | LOC | EVENT | PRODUCT
    entity_id: str
    role: str | None = None  # a title written beside the name (商務相), as the source has it
    stage: str = "entities.v1"


@dataclass(frozen=True, slots=True)
class Entity:
    entity_id: str
    canonical: str  # English canonical name
    type: str
    country: str | None = None  # ISO 3166-1 alpha-3
    wikidata: str | None = None
    linked: bool = True  # False for actors the gazetteer does not know
    names: tuple[str, ...] = ()  # known names in every script
    role: str | None = None  # role at the time of the document (per document, set on export)
    kind: str | None = None  # finer kind from the gazetteer (country, ministry, media, firm, ...)


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    doc_id: str
    story_id: str
    type: str
    actor1: str | None  # entity_id
    actor2: str | None  # entity_id
    evidence: str
    start: int  # evidence offsets into Document.text
    end: int
    trigger: str
    mode: str | None = None
    status: str = "happened"  # happened | planned | possible | denied
    date: str | None = None  # YYYY-MM-DD or YYYY-MM or YYYY
    date_text: str | None = None
    location: str | None = None  # entity_id of a place
    confidence: float = 0.5
    cluster: str | None = None
    explanation: tuple[str, ...] = field(default_factory=tuple)  # why each field has its value


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the per-document stages produced for one document."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # (entity_id, role at the time) for this document
