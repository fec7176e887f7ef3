"""Full-text indexes for Japanese on SQLite (FTS5), kept in step with `stories` by triggers.

Two indexes, because Japanese has no spaces between words: a trigram index over the clean story
text for queries of three characters or more, and an index over the Sudachi words the NLP stage
stores in `stories.tokens` (space-separated) for one- and two-character queries (米, 会談), which
the trigram tokenizer cannot match.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

_DDL = (
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
)


def ensure_search_index(engine: Engine) -> None:
    """Create the FTS5 tables and triggers on SQLite (idempotent); other dialects index elsewhere."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        for ddl in _DDL:
            conn.execute(text(ddl))
