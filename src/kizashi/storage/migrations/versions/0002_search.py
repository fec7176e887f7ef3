"""Search indexes over story text: FTS5 on SQLite, pg_trgm and a words tsvector on PostgreSQL.

Japanese has no spaces, so each backend gets two indexes: one for substrings of 3+ characters
(FTS5's trigram tokenizer; pg_trgm) and one over the Sudachi words in ``stories.tokens`` for
1-2 character words (FTS5 unicode61; a stored tsvector('simple')). SQLite's indexes are kept in
step by triggers; PostgreSQL's by the index and the generated column themselves.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-01
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# SQLite, as kizashi.storage.search_index creates it (IF NOT EXISTS: a database it indexed before
# migrations existed is adopted as it is)
_SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS stories_trigram USING fts5("
    "text, content='stories', content_rowid='rowid', tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS stories_words USING fts5("
    "tokens, content='stories', content_rowid='rowid', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS stories_fts_ai AFTER INSERT ON stories BEGIN "
    "INSERT INTO stories_trigram(rowid, text) VALUES (new.rowid, new.text); "
    "INSERT INTO stories_words(rowid, tokens) VALUES (new.rowid, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS stories_fts_ad AFTER DELETE ON stories BEGIN "
    "INSERT INTO stories_trigram(stories_trigram, rowid, text) VALUES ('delete', old.rowid, old.text); "
    "INSERT INTO stories_words(stories_words, rowid, tokens) VALUES ('delete', old.rowid, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS stories_fts_au AFTER UPDATE ON stories BEGIN "
    "INSERT INTO stories_trigram(stories_trigram, rowid, text) VALUES ('delete', old.rowid, old.text); "
    "INSERT INTO stories_words(stories_words, rowid, tokens) VALUES ('delete', old.rowid, old.tokens); "
    "INSERT INTO stories_trigram(rowid, text) VALUES (new.rowid, new.text); "
    "INSERT INTO stories_words(rowid, tokens) VALUES (new.rowid, new.tokens); END",
    # stories stored before the index existed are indexed too
    "INSERT INTO stories_trigram(stories_trigram) VALUES ('rebuild')",
    "INSERT INTO stories_words(stories_words) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS stories_fts_au",
    "DROP TRIGGER IF EXISTS stories_fts_ad",
    "DROP TRIGGER IF EXISTS stories_fts_ai",
    "DROP TABLE IF EXISTS stories_words",
    "DROP TABLE IF EXISTS stories_trigram",
)
_POSTGRES_UP = (
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # tokens holds Sudachi words joined by spaces: the 'simple' configuration splits on them
    "ALTER TABLE stories ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX ix_stories_tsv ON stories USING gin (tsv)",
    "CREATE INDEX ix_stories_text_trgm ON stories USING gin (text gin_trgm_ops)",
)
_POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_stories_text_trgm",
    "DROP INDEX IF EXISTS ix_stories_tsv",
    "ALTER TABLE stories DROP COLUMN IF EXISTS tsv",
)


def _run(statements: tuple[str, ...]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(_SQLITE_UP)
    elif dialect == "postgresql":
        _run(_POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(_SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(_POSTGRES_DOWN)
