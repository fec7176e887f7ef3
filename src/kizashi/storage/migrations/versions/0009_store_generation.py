"""store_state: a generation number every write of analysis data increments; an index on
mentions.text.

The web app caches what is costly to aggregate over the whole store (the actor graph, the
totals) under this number: one indexed read per request says whether anything changed since,
even when another process (``kizashi run``) wrote it. Search resolves a word to the entities
whose mentions are written so (``desk.resolve_entities``): ``ix_mentions_text`` finds them without
reading every mention of every entity (50 ms at 30,000 stories).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    bind = op.get_bind()
    state = sa.table("store_state", sa.column("id", sa.Integer), sa.column("generation", sa.Integer))
    # a database made by ``metadata.create_all`` (then stamped at the baseline) has the table
    if "store_state" not in set(sa.inspect(bind).get_table_names()):
        op.create_table(
            "store_state",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("generation", sa.Integer, nullable=False),
        )
    if bind.execute(sa.select(state.c.id).where(state.c.id == 1)).first() is None:
        op.bulk_insert(state, [{"id": 1, "generation": 0}])
    op.create_index("ix_mentions_text", "mentions", ["text", "entity_id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_mentions_text", table_name="mentions", if_exists=True)
    op.drop_table("store_state")
