"""Tables of the analyst's desk: watchlists, the alerts they raise, and what `kizashi watch` has seen.

They live in their own MetaData, created by ``ensure_desk_tables``, so the analysis schema and
its migrations stay independent of them. Alerts point at events and stories by id without
foreign keys: a document analysed again gets new rows, and its alerts stay as they were raised.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

watchlists = Table(
    "watchlists",
    metadata,
    Column("watchlist_id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    # each a JSON list of strings; an empty list places no condition
    Column("entities", Text, nullable=False, default="[]"),  # entity ids, QIDs or names in any script
    Column("event_types", Text, nullable=False, default="[]"),
    Column("modes", Text, nullable=False, default="[]"),
    Column("keywords", Text, nullable=False, default="[]"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("alert_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "watchlist_id",
        Integer,
        ForeignKey("watchlists.watchlist_id", ondelete="CASCADE"),
        nullable=False,
    ),
    # one alert per watchlist and real-world event: the event cluster (or the story, for story alerts)
    Column("dedupe_key", String(64), nullable=False),
    Column("kind", String(8), nullable=False),  # event | story
    Column("event_id", String(40)),
    Column("event_type", String(32)),
    Column("cluster", String(40)),
    Column("story_id", String(40), nullable=False),
    Column("doc_id", String(40), nullable=False),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("pub_date", String(10)),
    Column("evidence", Text, nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),  # JSON list: why it matched
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("watchlist_id", "dedupe_key", name="uq_alerts_watchlist_key"),
    Index("ix_alerts_created", "created_at"),
)

watch_seen = Table(
    "watch_seen",
    metadata,
    Column("key", String(64), primary_key=True),  # hash of a file's path, size and mtime, or a feed entry
    Column("source", Text, nullable=False),
    Column("seen_at", String(32), nullable=False),
)


def ensure_desk_tables(engine: Engine) -> None:
    """Create the desk's tables where they are missing (idempotent, every dialect)."""
    metadata.create_all(engine)
