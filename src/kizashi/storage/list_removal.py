"""Removing a screening list (``kizashi lists remove``): its entries, versions, matches and, unless
kept, the review decisions about its entries, in one transaction.

Decisions are keyed on (entry id, entity id) and an entry id is a hash of the list name and the
record id, so a decision kept (``keep_reviews``) applies again when a list of the same name is
imported later; removed, nothing is left that points at an entry no list holds. The decisions
gone are those about every entry the list ever held, the ones a newer version dropped included.
Alerts already raised stay as they were raised, as they do for every other change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from kizashi.errors import KizashiError, StoreError
from kizashi.storage import schema as t
from kizashi.storage.store import Store

_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class Removed:
    name: str
    entries: int
    versions: int
    matches: int
    reviews: int  # decisions removed (0 when kept)
    reviews_kept: int


def remove_list(store: Store, name: str, *, keep_reviews: bool = False) -> Removed:
    """Remove list ``name`` and everything of it; an unknown name is a ``KizashiError``."""
    le, lv, lc, lm, rv = t.list_entries, t.list_versions, t.list_changes, t.list_matches, t.list_reviews
    try:
        with store.engine.begin() as conn:
            if conn.execute(select(t.lists.c.name).where(t.lists.c.name == name)).first() is None:
                raise KizashiError(f"no list named {name!r} (kizashi lists shows those loaded)")
            version_ids = list(conn.execute(select(lv.c.version_id).where(lv.c.list_name == name)).scalars())
            entry_ids = set(conn.execute(select(le.c.entry_id).where(le.c.list_name == name)).scalars())
            for i in range(0, len(version_ids), _CHUNK):
                chunk = version_ids[i : i + _CHUNK]
                entry_ids.update(
                    conn.execute(select(lc.c.entry_id).where(lc.c.version_id.in_(chunk))).scalars()
                )
            ids = sorted(entry_ids)
            reviews = 0
            for i in range(0, len(ids), _CHUNK):
                which = rv.c.entry_id.in_(ids[i : i + _CHUNK])
                if keep_reviews:
                    reviews += int(
                        conn.execute(select(func.count()).select_from(rv).where(which)).scalar_one()
                    )
                else:
                    reviews += conn.execute(delete(rv).where(which)).rowcount
            matches = conn.execute(delete(lm).where(lm.c.list_name == name)).rowcount
            for i in range(0, len(version_ids), _CHUNK):
                conn.execute(delete(lc).where(lc.c.version_id.in_(version_ids[i : i + _CHUNK])))
            versions = conn.execute(delete(lv).where(lv.c.list_name == name)).rowcount
            entries = conn.execute(delete(le).where(le.c.list_name == name)).rowcount
            conn.execute(delete(t.lists).where(t.lists.c.name == name))
    except SQLAlchemyError as exc:
        raise StoreError(f"list {name!r} could not be removed: {exc}") from exc
    return Removed(
        name,
        entries,
        versions,
        matches,
        0 if keep_reviews else reviews,
        reviews if keep_reviews else 0,
    )


__all__ = ["Removed", "remove_list"]
