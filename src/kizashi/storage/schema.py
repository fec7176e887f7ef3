"""Tables. One schema for SQLite and PostgreSQL (SQLAlchemy Core), made by the migrations.

The analysis tables (documents and what was found in them), then the analyst's desk: watchlists,
the alerts they raise, and what ``kizashi watch`` has seen (migration 0004). Alerts point at events
and stories by id without foreign keys: a document analysed again gets new rows, and its alerts
stay as they were raised.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    UniqueConstraint,
    true,
)
from sqlalchemy import String as _String
from sqlalchemy import Text as _Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class _NoNul(TypeDecorator[str]):
    """A string column that stores NUL as U+FFFD on every backend: PostgreSQL refuses NUL in text
    (a document or a query value holding one was an error there and stored on SQLite), and one
    character for one keeps every offset into the text right."""

    impl: type[_String] | _String = _String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


class Text(_NoNul):
    impl = _Text
    cache_ok = True


class String(_NoNul):
    impl = _String
    cache_ok = True


metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("language", String(8), nullable=False, default="ja"),
    Column("url", Text),
    Column("pub_date", String(10)),
    Column("pub_date_basis", String(16)),
    Column("text", Text, nullable=False),
    Column("removed", Text, nullable=False, default="[]"),  # JSON list of {line, why}
    Column("duplicate_of", String(40)),
    Column("minhash", LargeBinary),
    Column("stage", String(64), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    # JSON list of the stage versions it went through (pipeline.STAGES); NULL: stored before 0005
    Column("stages", Text),
)

stories = Table(
    "stories",
    metadata,
    Column("story_id", String(40), primary_key=True),
    Column("doc_id", String(40), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("headline", Text),
    Column("outlet", Text),
    Column("pub_date", String(10)),
    Column("pub_date_basis", String(16)),
    Column("text", Text, nullable=False),
    Column("tokens", Text, nullable=False, default=""),  # Sudachi words joined by spaces (short-word search)
    Index("ix_stories_doc", "doc_id"),
    Index("ix_stories_date", "pub_date"),
)

entities = Table(
    "entities",
    metadata,
    Column("entity_id", String(40), primary_key=True),
    Column("canonical", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(3)),
    Column("wikidata", String(16)),
    Column("linked", Boolean, nullable=False, default=True),
    Column("names", Text, nullable=False, default="[]"),  # JSON list
)

doc_entities = Table(
    "doc_entities",
    metadata,
    Column("doc_id", String(40), ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(40), ForeignKey("entities.entity_id"), primary_key=True),
    Column("role", Text),  # role at the time of this document
    Column("position", Integer, nullable=False, default=0),  # order of first mention
    Index("ix_doc_entities_entity", "entity_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", String(40), primary_key=True),
    Column("doc_id", String(40), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
    Column("story_id", String(40), nullable=False),
    Column("entity_id", String(40), ForeignKey("entities.entity_id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("role", Text),
    Index("ix_mentions_doc", "doc_id"),
    Index("ix_mentions_entity", "entity_id"),
    Index("ix_mentions_story", "story_id"),
    Index("ix_mentions_text", "text", "entity_id"),  # names as written, for search (0007)
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("doc_id", String(40), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
    Column("story_id", String(40), nullable=False),
    Column("type", String(32), nullable=False),
    Column("mode", String(40)),
    Column("status", String(16), nullable=False),
    Column("actor1", String(40)),
    Column("actor2", String(40)),
    Column("date", String(10)),
    Column("date_text", Text),
    Column("location", String(40)),
    Column("evidence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("cluster", String(40)),
    Column("explanation", Text, nullable=False, default="[]"),
    Index("ix_events_doc", "doc_id"),
    Index("ix_events_date", "date"),
    Index("ix_events_type", "type"),
    Index("ix_events_cluster", "cluster"),
    Index("ix_events_actor1", "actor1"),
    Index("ix_events_edge", "actor1", "actor2", "type"),  # 0010: one edge's events, to count it again
    Index("ix_events_actor2", "actor2"),
    # 0011: an entity page's latest events as actor and as target, without sorting all of them
    Index("ix_events_actor1_date", "actor1", "date"),
    Index("ix_events_actor2_date", "actor2", "date"),
    Index("ix_events_story", "story_id"),
)

# one row: a number each write of analysis data or lists increments (0007), which caches key on
store_state = Table(
    "store_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", Integer, nullable=False),
)

# counts kept up to date as documents are written (0010, ``storage/aggregates.py``), so the
# dashboard's whole-store aggregates do not rescan the events after every write
edge_counts = Table(
    "edge_counts",
    metadata,
    Column("actor1", String(40), primary_key=True),
    Column("actor2", String(40), primary_key=True),
    Column("type", String(32), primary_key=True),
    Column("weight", Integer, nullable=False),  # events
    Column("events", Integer, nullable=False),  # distinct clusters (an unclustered event is its own)
    Column("first", String(10)),
    Column("last", String(10)),
)
# 0011: the graph reads every edge in this order; covering, so the read is one index scan
Index(
    "ix_edge_counts_order",
    edge_counts.c.weight.desc(),
    *(edge_counts.c[name] for name in ("actor1", "actor2", "type", "events", "first", "last")),
)

store_counts = Table(
    "store_counts",
    metadata,
    Column("kind", String(16), primary_key=True),  # total, type, mode, status, event_day, story_day
    Column("key", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
)

# an entity page's co-occurring actors and mentions over time, kept up to date as documents are
# written (0011, ``storage/entity_counts.py``): counted from the mentions they read every mention
entity_counts = Table(
    "entity_counts",
    metadata,
    Column("entity_id", String(40), primary_key=True),
    Column("kind", String(8), primary_key=True),  # co (key: another entity), day (key: a date)
    Column("key", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
)

# ---- the desk -------------------------------------------------------------------------------

watchlists = Table(
    "watchlists",
    metadata,
    Column("watchlist_id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    # each a JSON list of strings; an empty list places no condition
    Column("entities", Text, nullable=False, default="[]"),  # entity ids, QIDs or names in any script
    Column("event_types", Text, nullable=False, default="[]"),
    Column("modes", Text, nullable=False, default="[]"),
    Column("keywords", Text, nullable=False, default="[]"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # a country among the entities also matches its bodies and officials (migration 0007)
    Column("country_bodies", Boolean, nullable=False, default=True, server_default=true()),
)

alerts = Table(
    "alerts",
    metadata,
    Column("alert_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "watchlist_id",
        Integer,
        ForeignKey("watchlists.watchlist_id", ondelete="CASCADE"),
        nullable=False,
    ),
    # one alert per watchlist and real-world event: the event cluster (or the story, for story alerts)
    Column("dedupe_key", String(64), nullable=False),
    Column("kind", String(8), nullable=False),  # event | story
    Column("event_id", String(40)),
    Column("event_type", String(32)),
    Column("cluster", String(40)),
    Column("story_id", String(40), nullable=False),
    Column("doc_id", String(40), nullable=False),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("pub_date", String(10)),
    Column("evidence", Text, nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),  # JSON list: why it matched
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("watchlist_id", "dedupe_key", name="uq_alerts_watchlist_key"),
    Index("ix_alerts_created", "created_at"),
)

watch_seen = Table(
    "watch_seen",
    metadata,
    Column("key", String(64), primary_key=True),  # hash of a file's path, size and mtime, or a feed entry
    Column("source", Text, nullable=False),
    Column("seen_at", String(32), nullable=False),
)

# the fetches ``kizashi watch`` tries again later (migration 0007): kept so that the back-off
# outlives the process, as ``watch --once`` runs are one process a round
watch_backoff = Table(
    "watch_backoff",
    metadata,
    Column("key", String(64), primary_key=True),  # hash of the feed URL, or of the feed entry
    Column("source", Text, nullable=False),  # the URL fetched
    Column("failures", Integer, nullable=False),  # failures in a row
    Column("next_try", Float, nullable=False),  # seconds since the epoch
    Column("updated_at", String(32), nullable=False),
)

# ---- screening lists (migration 0006) -------------------------------------------------------
# A list is data the user imports (FtM JSON lines or CSV); its entries are replaced by each newer
# version, and what a version added or removed is kept. Matches point at an entry and an entity by
# their stable ids; a reviewer's decision is kept apart (list_reviews), so a re-screen or a
# re-import that drops and finds a match again keeps it.

lists = Table(
    "lists",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("version", String(64), nullable=False),
    Column("source", Text, nullable=False),  # the file it was imported from
    Column("format", String(8), nullable=False),  # ftm | csv
    Column("imported_at", String(32), nullable=False),
)

list_entries = Table(
    "list_entries",
    metadata,
    Column("entry_id", String(40), primary_key=True),  # hash of the list name and the record's id
    Column("list_name", String(200), ForeignKey("lists.name", ondelete="CASCADE"), nullable=False),
    Column("record_id", Text, nullable=False),  # the FtM id, or the CSV row's own id
    Column("schema", String(32), nullable=False),
    Column("caption", Text, nullable=False),
    Column("names", Text, nullable=False, default="[]"),  # JSON list: the name and every alias
    Column("countries", Text, nullable=False, default="[]"),  # JSON list of ISO alpha-3
    Column("programs", Text, nullable=False, default="[]"),
    Column("listed_on", String(10)),
    Column("source_url", Text),
    Column("added_in", String(64), nullable=False),  # the list version that first held it
    Index("ix_list_entries_list", "list_name"),
)

list_versions = Table(
    "list_versions",
    metadata,
    Column("version_id", Integer, primary_key=True, autoincrement=True),
    Column("list_name", String(200), nullable=False),
    Column("version", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Index("ix_list_versions_list", "list_name"),
)

list_changes = Table(
    "list_changes",
    metadata,
    Column(
        "version_id",
        Integer,
        ForeignKey("list_versions.version_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entry_id", String(40), primary_key=True),
    Column("change", String(8), nullable=False),  # added | removed
    Column("caption", Text, nullable=False),
)

list_matches = Table(
    "list_matches",
    metadata,
    Column("match_id", String(40), primary_key=True),  # hash of entry_id and entity_id
    Column("entry_id", String(40), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("list_name", String(200), nullable=False),
    Column("score", Float, nullable=False),
    Column("status", String(10), nullable=False),  # match | possible (before review)
    Column("explanation", Text, nullable=False, default="[]"),  # JSON list of reasons
    Column("screened_at", String(32), nullable=False),
    UniqueConstraint("entry_id", "entity_id", name="uq_list_matches_pair"),
    Index("ix_list_matches_entity", "entity_id"),
)

list_reviews = Table(
    "list_reviews",
    metadata,
    Column("entry_id", String(40), primary_key=True),
    Column("entity_id", String(40), primary_key=True),
    Column("decision", String(10), nullable=False),  # confirmed | rejected
    Column("reviewed_at", String(32), nullable=False),
)
