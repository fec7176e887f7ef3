"""The initial schema: documents, stories, entities, doc_entities, mentions, events.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(40), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("pub_date", sa.String(10)),
        sa.Column("pub_date_basis", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("duplicate_of", sa.String(40)),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("story_id", sa.String(40), primary_key=True),
        sa.Column(
            "doc_id", sa.String(40), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("pub_date", sa.String(10)),
        sa.Column("pub_date_basis", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tokens", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_doc", "stories", ["doc_id"])
    op.create_index("ix_stories_date", "stories", ["pub_date"])
    op.create_table(
        "entities",
        sa.Column("entity_id", sa.String(40), primary_key=True),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("wikidata", sa.String(16)),
        sa.Column("linked", sa.Boolean, nullable=False),
        sa.Column("names", sa.Text, nullable=False),
    )
    op.create_table(
        "doc_entities",
        sa.Column(
            "doc_id", sa.String(40), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("entity_id", sa.String(40), sa.ForeignKey("entities.entity_id"), primary_key=True),
        sa.Column("role", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_doc_entities_entity", "doc_entities", ["entity_id"])
    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.String(40), primary_key=True),
        sa.Column(
            "doc_id", sa.String(40), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("story_id", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(40), sa.ForeignKey("entities.entity_id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("role", sa.Text),
    )
    op.create_index("ix_mentions_doc", "mentions", ["doc_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(40), primary_key=True),
        sa.Column(
            "doc_id", sa.String(40), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("story_id", sa.String(40), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("actor1", sa.String(40)),
        sa.Column("actor2", sa.String(40)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_text", sa.Text),
        sa.Column("location", sa.String(40)),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("cluster", sa.String(40)),
        sa.Column("explanation", sa.Text, nullable=False),
    )
    for name, column in (
        ("ix_events_doc", "doc_id"),
        ("ix_events_date", "date"),
        ("ix_events_type", "type"),
        ("ix_events_cluster", "cluster"),
        ("ix_events_actor1", "actor1"),
        ("ix_events_actor2", "actor2"),
    ):
        op.create_index(name, "events", [column])


def downgrade() -> None:
    for table in ("events", "mentions", "doc_entities", "entities", "stories", "documents"):
        op.drop_table(table)
