"""The entity filter of the lists (#15): names as an analyst types them, not raw ``e_…`` ids.

``"Huawei"``, ``"華為"`` or ``"ファーウェイ"`` name the same entity; ``"中国, -China Foreign Ministry"``
keeps the events of China but not those where the ministry takes part. Terms are separated by commas;
each resolves through the search's name resolution (``resolve_name``: gazetteer keys, then the
stored names and mentions), and a term that names nothing is an error naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kizashi.desk.search import EntityMatch, resolve_name
from kizashi.entities.gazetteer import Gazetteer
from kizashi.errors import FilterError
from kizashi.storage import Store

__all__ = ["MAX_TERMS", "EntityFilter", "parse_entity_filter", "suggest_entities"]

MAX_TERMS = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class EntityFilter:
    include: tuple[EntityMatch, ...] = ()
    exclude: tuple[EntityMatch, ...] = ()

    @property
    def include_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.entity_id for m in self.include))

    @property
    def exclude_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.entity_id for m in self.exclude))


def parse_entity_filter(store: Store, gazetteer: Gazetteer, text: str | None) -> EntityFilter:
    """``"name, -other"`` -> the entities to keep (any of them) and those to leave out."""
    # a name has no control characters, and PostgreSQL takes no NUL in text: they are dropped
    terms = [t.strip() for t in _CONTROL.sub("", text or "").split(",") if t.strip()]
    if len(terms) > MAX_TERMS:
        raise FilterError(f"entity: at most {MAX_TERMS} names, separated by commas ({len(terms)} given)")
    include: list[EntityMatch] = []
    exclude: list[EntityMatch] = []
    for term in terms:
        negated = term.startswith("-") and len(term) > 1
        name = term[1:].strip() if negated else term
        found = resolve_name(store, gazetteer, name)
        if not found:
            raise FilterError(f"entity: no stored entity is named {name!r}")
        (exclude if negated else include).extend(found)
    return EntityFilter(tuple(include), tuple(exclude))


def suggest_entities(
    store: Store, gazetteer: Gazetteer, text: str, *, limit: int = 10
) -> list[dict[str, object]]:
    """Entities for a suggestion box: those the text names in any script or spelling first, then
    those with a name containing it, most documents first."""
    from kizashi.storage.actors import list_entities

    words = " ".join(_CONTROL.sub("", text).split())
    if not words:
        return []
    out: dict[str, dict[str, object]] = {}
    for m in resolve_name(store, gazetteer, words):
        out[m.entity_id] = {"entity_id": m.entity_id, "canonical": m.canonical, "type": m.type}
    for row in list_entities(store, q=words, limit=limit).items:
        out.setdefault(row["entity_id"], {k: row[k] for k in ("entity_id", "canonical", "type")})
    return list(out.values())[:limit]
