"""watch_backoff: the fetches ``kizashi watch`` is waiting to try again.

One row per failing feed or page fetch: failures in a row and when the next try is due (wall-clock
seconds), so a back-off outlives the process (``kizashi watch --once`` from cron is one process per
round). A fetch that succeeds or is given up on loses its row.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # a database made by ``metadata.create_all`` (then stamped at the baseline) has it already
    if "watch_backoff" in set(sa.inspect(op.get_bind()).get_table_names()):
        return
    op.create_table(
        "watch_backoff",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("next_try", sa.Float, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("watch_backoff")
