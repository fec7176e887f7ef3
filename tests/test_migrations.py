"""A database at revision 0003 (before the desk tables and stage versions were migrations)
upgrades to head through ``open_store``, on SQLite and PostgreSQL, keeping what it holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
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
    create_engine,
    inspect,
    text,
)

from kizashi.errors import KizashiError
from kizashi.storage import desk as desk_sql
from kizashi.storage import open_store
from kizashi.storage.migrations import alembic_config, current_revision, migrate
from kizashi.storage.schema import metadata
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
DESK_TABLES = {"watchlists", "alerts", "watch_seen"}


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'k.db'}"
    return str(request.getfixturevalue("pg_url"))


def _old_desk_metadata() -> MetaData:
    """The desk tables as ``storage/desk_schema.ensure_desk_tables`` made them before 0004."""
    old = MetaData()
    Table(
        "watchlists",
        old,
        Column("watchlist_id", Integer, primary_key=True, autoincrement=True),
        Column("name", String(200), nullable=False, unique=True),
        Column("entities", Text, nullable=False, default="[]"),
        Column("event_types", Text, nullable=False, default="[]"),
        Column("modes", Text, nullable=False, default="[]"),
        Column("keywords", Text, nullable=False, default="[]"),
        Column("created_at", String(32), nullable=False),
        Column("updated_at", String(32), nullable=False),
    )
    Table(
        "alerts",
        old,
        Column("alert_id", Integer, primary_key=True, autoincrement=True),
        Column(
            "watchlist_id", Integer, ForeignKey("watchlists.watchlist_id", ondelete="CASCADE"), nullable=False
        ),
        Column("dedupe_key", String(64), nullable=False),
        Column("kind", String(8), nullable=False),
        Column("event_id", String(40)),
        Column("event_type", String(32)),
        Column("cluster", String(40)),
        Column("story_id", String(40), nullable=False),
        Column("doc_id", String(40), nullable=False),
        Column("source", Text, nullable=False),
        Column("title", Text),
        Column("pub_date", String(10)),
        Column("evidence", Text, nullable=False),
        Column("reasons", Text, nullable=False, default="[]"),
        Column("created_at", String(32), nullable=False),
        UniqueConstraint("watchlist_id", "dedupe_key", name="uq_alerts_watchlist_key"),
        Index("ix_alerts_created", "created_at"),
    )
    Table(
        "watch_seen",
        old,
        Column("key", String(64), primary_key=True),
        Column("source", Text, nullable=False),
        Column("seen_at", String(32), nullable=False),
    )
    return old


def _at_0003(url: str, *, old_desk: bool) -> Engine:
    """A database migrated to 0003 holding one document and its story (and, with ``old_desk``,
    the desk tables made the old way, with a watchlist, its alert and a seen feed entry)."""
    engine = create_engine(url)
    migrate(engine, revision="0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (doc_id, source, title, language, text, removed, stage, ingested_at)"
                " VALUES ('d_old', 'old.txt', '見出し', 'ja', '米中が会談した。', '[]', 'pipeline.v1',"
                " '2024-01-01T00:00:00+00:00')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO stories (story_id, doc_id, idx, start, "end", text, tokens)'
                " VALUES ('s_old', 'd_old', 0, 0, 8, '米中が会談した。', '米 中 が 会談 し た 。')"
            )
        )
    if old_desk:
        _old_desk_metadata().create_all(engine)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO watchlists (name, entities, event_types, modes, keywords, created_at,"
                    " updated_at) VALUES ('old', '[]', '[]', '[]', '[\"会談\"]', '2024-01-01', '2024-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO alerts (watchlist_id, dedupe_key, kind, story_id, doc_id, source,"
                    " evidence, reasons, created_at) SELECT watchlist_id, 's_old', 'story', 's_old',"
                    " 'd_old', 'old.txt', '米中が会談した。', '[\"keyword: 会談\"]', '2024-01-02'"
                    " FROM watchlists"
                )
            )
            conn.execute(
                text("INSERT INTO watch_seen (key, source, seen_at) VALUES ('k_old', 'feed', '2024-01-01')")
            )
    assert current_revision(engine) == "0003"
    return engine


def _drift(engine: Engine) -> list[str]:
    """Differences between the database and schema.py in the desk tables and documents.stages."""
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    return [repr(d) for d in diffs if any(name in repr(d) for name in (*DESK_TABLES, "'stages'"))]


@pytest.mark.parametrize("old_desk", [False, True], ids=["no-desk-tables", "old-desk-tables"])
def test_migrations_0003_upgrades_to_head_keeping_data(db_url: str, old_desk: bool) -> None:
    engine = _at_0003(db_url, old_desk=old_desk)
    store = open_store(db_url)  # the normal path: open_store migrates
    try:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert current_revision(store.engine) == head
        assert set(inspect(store.engine).get_table_names()) >= DESK_TABLES
        assert _drift(store.engine) == []
        (doc,) = store.rows("documents")
        assert (doc["doc_id"], doc["text"], doc["stages"]) == ("d_old", "米中が会談した。", None)
        assert [s["story_id"] for s in store.rows("stories")] == ["s_old"]
        assert store.stage_versions() == [(None, 1)]  # stored before stage versions: unknown
        if old_desk:
            (wl,) = desk_sql.list_watchlists(store)
            assert (wl["name"], wl["keywords"], wl["alerts"]) == ("old", ["会談"], 1)
            (alert,) = desk_sql.list_alerts(store).items
            assert alert["reasons"] == ["keyword: 会談"]
            assert desk_sql.seen_keys(store, ["k_old", "k_new"]) == {"k_old"}
        else:
            assert desk_sql.list_watchlists(store) == []
        # the constraints hold: one name per watchlist, one alert per watchlist and key
        wl_id = desk_sql.write_watchlist(store, "new", {"keywords": ["会談"]})
        with pytest.raises(KizashiError, match="exists already"):
            desk_sql.write_watchlist(store, "new", {"keywords": ["x"]})
        row = {
            "watchlist_id": wl_id, "dedupe_key": "s_old", "kind": "story", "event_id": None,
            "event_type": None, "cluster": None, "story_id": "s_old", "doc_id": "d_old",
            "source": "old.txt", "title": None, "pub_date": None, "evidence": "米中",
            "reasons": [], "created_at": "2024-02-01",
        }  # fmt: skip
        desk_sql.insert_alerts(store, [row])
        desk_sql.insert_alerts(store, [row])
        assert desk_sql.list_alerts(store, watchlist_id=wl_id).total == 1
    finally:
        store.close()
        engine.dispose()
