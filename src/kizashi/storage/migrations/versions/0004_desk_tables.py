"""The desk's tables: watchlists, alerts, watch_seen.

Before this revision ``open_store`` made them with ``MetaData.create_all`` outside the migrations
(``storage/desk_schema.py``, now gone). A table that is there already, made that way, is left as
it is: it has the same columns, keys and index this revision creates.

Revision ID: 0004
Revises: 0003
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "watchlists" not in have:
        op.create_table(
            "watchlists",
            sa.Column("watchlist_id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.String(200), nullable=False, unique=True),
            sa.Column("entities", sa.Text, nullable=False),
            sa.Column("event_types", sa.Text, nullable=False),
            sa.Column("modes", sa.Text, nullable=False),
            sa.Column("keywords", sa.Text, nullable=False),
            sa.Column("created_at", sa.String(32), nullable=False),
            sa.Column("updated_at", sa.String(32), nullable=False),
        )
    if "alerts" not in have:
        op.create_table(
            "alerts",
            sa.Column("alert_id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column(
                "watchlist_id",
                sa.Integer,
                sa.ForeignKey("watchlists.watchlist_id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("dedupe_key", sa.String(64), nullable=False),
            sa.Column("kind", sa.String(8), nullable=False),
            sa.Column("event_id", sa.String(40)),
            sa.Column("event_type", sa.String(32)),
            sa.Column("cluster", sa.String(40)),
            sa.Column("story_id", sa.String(40), nullable=False),
            sa.Column("doc_id", sa.String(40), nullable=False),
            sa.Column("source", sa.Text, nullable=False),
            sa.Column("title", sa.Text),
            sa.Column("pub_date", sa.String(10)),
            sa.Column("evidence", sa.Text, nullable=False),
            sa.Column("reasons", sa.Text, nullable=False),
            sa.Column("created_at", sa.String(32), nullable=False),
            sa.UniqueConstraint("watchlist_id", "dedupe_key", name="uq_alerts_watchlist_key"),
        )
    op.create_index("ix_alerts_created", "alerts", ["created_at"], if_not_exists=True)
    if "watch_seen" not in have:
        op.create_table(
            "watch_seen",
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("source", sa.Text, nullable=False),
            sa.Column("seen_at", sa.String(32), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("watch_seen")
    op.drop_index("ix_alerts_created", table_name="alerts", if_exists=True)
    op.drop_table("alerts")
    op.drop_table("watchlists")
