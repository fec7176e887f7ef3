"""documents.stages: the stage versions each document went through.

A JSON list of ``pipeline.STAGES`` as it was when the document was stored, so a database says
which versions of cleaning, entity and event extraction made what it holds (``kizashi stats``).
Documents stored before this revision keep NULL: their versions are unknown.

Revision ID: 0005
Revises: 0004
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # a database made by ``metadata.create_all`` (then stamped at the baseline) has it already
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("documents")}
    if "stages" not in columns:
        op.add_column("documents", sa.Column("stages", sa.Text))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both (SQLite 3.35+): never a copy of documents, whose
    # deletion would cascade to the stories, mentions and events
    op.drop_column("documents", "stages")
