"""watchlists.country_bodies: a watchlist on a country also matches its bodies and officials.

On (true) by default, for the watchlists saved before this revision too: "China + EXPORT_CONTROL"
then matches an export ban by China's commerce ministry or by a Chinese minister (#15).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # a database made by ``metadata.create_all`` (then stamped at the baseline) has it already
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("watchlists")}
    if "country_bodies" not in columns:
        op.add_column(
            "watchlists",
            sa.Column("country_bodies", sa.Boolean, nullable=False, server_default=sa.true()),
        )


def downgrade() -> None:
    op.drop_column("watchlists", "country_bodies")
