"""Schema migrations (Alembic) for SQLite and PostgreSQL: ``migrate(engine)`` brings a database to head.

The revisions under ``versions/`` are numbered snapshots of ``storage/schema.py``; a change to the
schema gets a new revision, never an edit of an old one. To start one, with autogenerate against
an up-to-date database::

    from alembic import command
    command.revision(alembic_config(conn), "what changed", rev_id="0006", autogenerate=True)

``open_store`` calls ``migrate``; every table, the desk's included (0004), is made here. A revision
that does something on one dialect only checks ``op.get_bind().dialect.name`` (0002 adds
PostgreSQL's search indexes); one that adopts what older code made outside the migrations checks
that it is there first (0004's desk tables, 0005's column on a ``create_all`` database).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
BASELINE = "0001"  # what ``metadata.create_all`` made before migrations existed
_LOCK_KEY = 0x6B697A61  # "kiza": PostgreSQL advisory lock held while migrating


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at this package (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` in one transaction, safe against concurrent callers.

    A database created by ``create_all`` before migrations existed is stamped at the baseline first.
    A database already there is only read (no write lock), so read-only copies open too.
    """
    if revision == "head" and current_revision(engine) == _head():
        return
    with engine.connect() as conn:
        _begin_locked(conn)
        tables = set(inspect(conn).get_table_names())
        cfg = alembic_config(conn)
        if "documents" in tables and "alembic_version" not in tables:
            log.info("stamping a database made without migrations at %s", BASELINE)
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, revision)
        conn.commit()


@lru_cache(maxsize=1)
def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _begin_locked(conn: Connection) -> None:
    """Open the transaction so that a second migrating process waits for the first.

    SQLite: pysqlite would otherwise run DDL outside any transaction; BEGIN IMMEDIATE takes the
    write lock at once. PostgreSQL: DDL is transactional; an advisory lock serialises migrators.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


__all__ = ["alembic_config", "current_revision", "migrate"]
