"""Tables. One schema for SQLite and PostgreSQL (SQLAlchemy Core)."""

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
    String,
    Table,
    Text,
)

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
    Index("ix_events_actor2", "actor2"),
    Index("ix_events_story", "story_id"),
)
