"""entity_counts: an entity page's co-occurring actors and mentions over time, kept up to date by
every write (``storage/entity_counts.py``), so the first request after a write does not read every
mention of the entity (a country's are a fifth of the store). Filled from the mentions stored.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    bind = op.get_bind()
    # a database made by ``metadata.create_all`` (then stamped at the baseline) has the table
    if "entity_counts" not in set(sa.inspect(bind).get_table_names()):
        op.create_table(
            "entity_counts",
            sa.Column("entity_id", sa.String(40), primary_key=True),
            sa.Column("kind", sa.String(8), primary_key=True),
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("n", sa.Integer, nullable=False),
        )
    # counted with today's code: a count the writes keep must start from what is stored
    from kizashi.storage import entity_counts

    entity_counts.rebuild(bind)


def downgrade() -> None:
    op.drop_table("entity_counts")
