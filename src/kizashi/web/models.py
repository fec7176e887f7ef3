"""Request and response models of the JSON API (pydantic): they are the OpenAPI schema FastAPI publishes."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    total: int = Field(description="items matching the filters, over all pages")
    limit: int
    offset: int
    items: list[T]


class EventOut(BaseModel):
    event_id: str
    doc_id: str
    story_id: str
    type: str
    mode: str | None = None
    status: str
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    date_text: str | None = None
    when: str | None = Field(None, description="the event's date, else its story's publication date")
    actor1_id: str | None = None
    actor1: str | None = None
    actor2_id: str | None = None
    actor2: str | None = None
    location_id: str | None = None
    location: str | None = None
    evidence: str
    trigger: str
    confidence: float
    cluster: str | None = None
    source: str
    title: str | None = None
    pub_date: str | None = None
    listed: bool = Field(False, description="its actor or target is on a screening list")


class EventDetailOut(EventOut):
    explanation: list[str]


class StoryOut(BaseModel):
    story_id: str
    doc_id: str
    idx: int
    title: str | None = None
    outlet: str | None = None
    pub_date: str | None = None
    source: str
    lead: str
    events: int


class StoryTextOut(BaseModel):
    story_id: str
    doc_id: str
    idx: int
    start: int
    end: int
    headline: str | None = None
    outlet: str | None = None
    pub_date: str | None = None
    pub_date_basis: str | None = None
    text: str


class DocumentOut(BaseModel):
    doc_id: str
    source: str
    title: str | None = None
    language: str
    url: str | None = None
    pub_date: str | None = None
    pub_date_basis: str | None = None
    duplicate_of: str | None = None
    ingested_at: str


class RemovedOut(BaseModel):
    line: str
    why: str


class SegmentOut(BaseModel):
    text: str
    entity_id: str | None = None
    label: str | None = None
    canonical: str | None = None


class MentionOut(BaseModel):
    start: int
    end: int
    text: str
    label: str
    entity_id: str
    role: str | None = None
    canonical: str


class SiblingOut(BaseModel):
    story_id: str
    idx: int
    headline: str | None = None


class StoryDetailOut(BaseModel):
    story: StoryTextOut
    document: DocumentOut
    removed: list[RemovedOut]
    segments: list[SegmentOut]
    mentions: list[MentionOut]
    events: list[EventOut]
    siblings: list[SiblingOut]


class EntityOut(BaseModel):
    entity_id: str
    canonical: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    linked: bool
    documents: int


class EntityInfoOut(BaseModel):
    entity_id: str
    canonical: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    linked: bool
    names: list[str]


class RoleOut(BaseModel):
    role: str
    first: str | None = None
    last: str | None = None
    n: int


class CoOccurringOut(BaseModel):
    entity_id: str
    canonical: str
    type: str
    stories: int


class PeriodCount(BaseModel):
    period: str
    count: int


class ListEntryOut(BaseModel):
    """A list entry matched with the entity, with the matcher's score and why, and the review."""

    match_id: str
    entry_id: str
    list_name: str
    entry_caption: str
    programs: list[str]
    listed_on: str | None = None
    source_url: str | None = None
    score: float
    status: str = Field(description="match | possible | confirmed | rejected (a review counts first)")
    explanation: list[str]


class MatchOut(ListEntryOut):
    """A list match as the review API gives it: the entry, the entity and the decision so far."""

    entity_id: str
    canonical: str
    type: str
    country: str | None = None
    matcher_status: str = Field(description="match | possible: the matcher's, before any review")
    screened_at: str


class ReviewIn(BaseModel):
    """A reviewer's decision on a match (the words of ``kizashi lists review``)."""

    decision: Literal["confirm", "reject"]


class EntityDetailOut(BaseModel):
    entity: EntityInfoOut
    roles: list[RoleOut]
    as_actor: list[EventOut]
    as_actor_total: int
    as_target: list[EventOut]
    as_target_total: int
    co_occurring: list[CoOccurringOut]
    mentions_over_time: list[PeriodCount]
    list_entries: list[ListEntryOut] = []


class SnippetPiece(BaseModel):
    text: str
    match: bool


class HitEventOut(BaseModel):
    event_id: str
    type: str
    status: str
    when: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    cluster: str | None = None


class SearchHitOut(BaseModel):
    story_id: str
    doc_id: str
    source: str
    title: str | None = None
    pub_date: str | None = None
    snippet: str = Field(description="with [ and ] around the matches")
    segments: list[SnippetPiece]
    rank: float
    entities: list[str] = Field(default_factory=list, description="entities of the query it mentions")
    events: list[HitEventOut] = Field(default_factory=list)


class EntityMatchOut(BaseModel):
    words: str = Field(description="the words of the query, as typed")
    entity_id: str
    canonical: str
    type: str


class SearchOut(BaseModel):
    query: str
    total: int
    entities: list[EntityMatchOut] = Field(
        default_factory=list, description="entities the query names: their stories match too"
    )
    limit: int
    offset: int
    hits: list[SearchHitOut]


class TypeCount(BaseModel):
    type: str
    count: int


class CountsOut(BaseModel):
    totals: dict[str, int]
    types: list[TypeCount]
    event_days: list[PeriodCount]
    story_days: list[PeriodCount]


class FacetsOut(BaseModel):
    types: list[str]
    modes: list[str]
    statuses: list[str]


class TimelineItemOut(BaseModel):
    event_id: str
    story_id: str
    type: str
    mode: str | None = None
    status: str
    start: str = Field(description="YYYY-MM-DD: the first day of the event's date")
    precision: str = Field(description="day | month | year")
    actor1: str | None = None
    actor2: str | None = None
    evidence: str
    title: str | None = None


class GraphNodeOut(BaseModel):
    id: str
    label: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    linked: bool
    reports: int = Field(0, description="reports of events with this actor in the graph")


class GraphEdgeOut(BaseModel):
    source: str
    target: str
    type: str
    weight: int = Field(description="events reported")
    events: int = Field(description="distinct real-world events (clusters)")
    first: str | None = None
    last: str | None = None


class GraphOut(BaseModel):
    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]
    total_actors: int = Field(0, description="actors before the top-N cut")


class WatchlistOut(BaseModel):
    watchlist_id: int
    name: str
    entities: list[str]
    event_types: list[str]
    modes: list[str]
    keywords: list[str]
    created_at: str
    updated_at: str
    alerts: int = 0
    latest_alert: str | None = None


class ResolvedEntityOut(BaseModel):
    entity_id: str
    canonical: str
    type: str
    wikidata: str | None = None


class SuggestionOut(BaseModel):
    entity_id: str
    canonical: str
    type: str


class WatchlistDetailOut(WatchlistOut):
    resolved: dict[str, list[ResolvedEntityOut]] = Field(
        description="each entity term and the stored entities it names (empty: not seen yet)"
    )
    new_alerts: int = 0


class AlertOut(BaseModel):
    alert_id: int
    watchlist_id: int
    watchlist: str
    kind: str = Field(description="event | story | listing")
    dedupe_key: str = Field(description="the event cluster (or story) this alert stands for")
    event_id: str | None = None
    event_type: str | None = None
    cluster: str | None = None
    story_id: str
    doc_id: str
    source: str
    title: str | None = None
    pub_date: str | None = None
    evidence: str
    reasons: list[str]
    created_at: str


class CheckOut(BaseModel):
    new_alerts: int
