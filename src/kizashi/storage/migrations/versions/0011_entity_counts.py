"""entity_counts: an entity page's co-occurring actors and mentions over time, kept up to date by
every write (``storage/entity_counts.py``), so the first request after a write does not read every
mention of the entity (a country's are a fifth of the store). Filled from the mentions stored.
``ix_events_actor1_date`` and ``ix_events_actor2_date`` give the page its latest events as actor
and as target without sorting every event of the entity (44 ms each at 100,000 stories).

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
    for role in ("actor1", "actor2"):
        op.create_index(f"ix_events_{role}_date", "events", [role, "date"], if_not_exists=True)
    # counted with today's code: a count the writes keep must start from what is stored
    from kizashi.storage import entity_counts

    entity_counts.rebuild(bind)


def downgrade() -> None:
    for role in ("actor1", "actor2"):
        op.drop_index(f"ix_events_{role}_date", table_name="events", if_exists=True)
    op.drop_table("entity_counts")
