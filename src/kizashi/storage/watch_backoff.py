"""The SQL of ``kizashi watch``'s back-off (table ``watch_backoff``): failing fetches and their next try."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.storage import schema as t
from kizashi.storage.store import Store

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}  # ON CONFLICT
_b = t.watch_backoff


def load_backoff(store: Store) -> dict[str, tuple[int, float]]:
    """Every failing fetch: key -> (failures in a row, next try in seconds since the epoch)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(_b.c.key, _b.c.failures, _b.c.next_try))
        return {r.key: (int(r.failures), float(r.next_try)) for r in rows}


def save_backoff(store: Store, key: str, *, source: str, failures: int, next_try: float) -> None:
    """Insert or replace the back-off of one fetch."""
    values = {
        "key": key,
        "source": source,
        "failures": failures,
        "next_try": next_try,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    stmt = _INSERTS[store.engine.dialect.name](_b).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[_b.c.key], set_={k: v for k, v in values.items() if k != "key"}
    )
    with store.engine.begin() as conn:
        conn.execute(stmt)


def drop_backoff(store: Store, key: str) -> None:
    """Forget one fetch's back-off (it succeeded, or was given up on)."""
    with store.engine.begin() as conn:
        conn.execute(delete(_b).where(_b.c.key == key))


__all__ = ["drop_backoff", "load_backoff", "save_backoff"]
