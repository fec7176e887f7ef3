"""Alembic environment: always online, on the connection ``migrate()`` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from kizashi.storage.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("kizashi migrations run through kizashi.storage.migrations.migrate(engine)")
    _run(connection)


_main()
