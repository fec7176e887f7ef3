"""Indexes on events.story_id and mentions.story_id.

A story's events and mentions are read by story (story pages, the number of events per story in
listings, the entity filter on stories); without these indexes each read scanned the table, and
the home page took over half a second at 10,000 stories (benchmarks/bench_web.py).

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-02
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # IF NOT EXISTS: a database made by ``metadata.create_all`` has them already
    op.create_index("ix_events_story", "events", ["story_id"], if_not_exists=True)
    op.create_index("ix_mentions_story", "mentions", ["story_id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_mentions_story", table_name="mentions", if_exists=True)
    op.drop_index("ix_events_story", table_name="events", if_exists=True)
