"""One writing run per database at a time.

Two runs at once each read the stored near-duplicate signatures before the other stored its own,
so both kept documents the other had: 7 near-duplicates recorded instead of 29, and 137 events
more than the same runs one after the other (#16). A run therefore holds this lock from reading
the signatures to its last cluster: a second run waits, then sees everything the first stored.
SQLite: an exclusive ``flock`` on ``<database>.lock`` beside the file. PostgreSQL: a session
advisory lock on a connection of its own.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

__all__ = ["run_lock"]

_PG_KEY = 0x6B697A61  # "kiza": this application's advisory-lock key


@contextmanager
def run_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's run lock for the block, waiting (and saying so) while another run has it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _PG_KEY}).scalar():
                log.warning("another run is writing to this database; waiting for it to finish")
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_KEY})
            conn.commit()
            try:
                yield
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_KEY})
                    conn.commit()
                except SQLAlchemyError as exc:  # the server went away: its locks went with it
                    log.warning("run lock not released: %s", exc)
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield  # an in-memory database is this process's own
        return
    with Path(f"{database}.lock").open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another run is writing to %s; waiting for it to finish", database)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
