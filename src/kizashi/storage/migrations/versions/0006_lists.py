"""Screening lists: lists, list_entries, list_versions, list_changes, list_matches, list_reviews.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # a database made by ``metadata.create_all`` (then stamped at the baseline) has them already
    if "lists" in set(sa.inspect(op.get_bind()).get_table_names()):
        return
    op.create_table(
        "lists",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "list_entries",
        sa.Column("entry_id", sa.String(40), primary_key=True),
        sa.Column(
            "list_name", sa.String(200), sa.ForeignKey("lists.name", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("schema", sa.String(32), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("names", sa.Text, nullable=False),
        sa.Column("countries", sa.Text, nullable=False),
        sa.Column("programs", sa.Text, nullable=False),
        sa.Column("listed_on", sa.String(10)),
        sa.Column("source_url", sa.Text),
        sa.Column("added_in", sa.String(64), nullable=False),
    )
    op.create_index("ix_list_entries_list", "list_entries", ["list_name"])
    op.create_table(
        "list_versions",
        sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("list_name", sa.String(200), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
    )
    op.create_index("ix_list_versions_list", "list_versions", ["list_name"])
    op.create_table(
        "list_changes",
        sa.Column(
            "version_id",
            sa.Integer,
            sa.ForeignKey("list_versions.version_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("entry_id", sa.String(40), primary_key=True),
        sa.Column("change", sa.String(8), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
    )
    op.create_table(
        "list_matches",
        sa.Column("match_id", sa.String(40), primary_key=True),
        sa.Column("entry_id", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False),
        sa.Column("list_name", sa.String(200), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("screened_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("entry_id", "entity_id", name="uq_list_matches_pair"),
    )
    op.create_index("ix_list_matches_entity", "list_matches", ["entity_id"])
    op.create_table(
        "list_reviews",
        sa.Column("entry_id", sa.String(40), primary_key=True),
        sa.Column("entity_id", sa.String(40), primary_key=True),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("reviewed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("list_reviews", "list_matches", "list_changes", "list_versions", "list_entries", "lists"):
        op.drop_table(table)
