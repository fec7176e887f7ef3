"""A country's bodies and officials, for a watchlist on the country (#15).

"China + EXPORT_CONTROL" is meant to catch an export ban by China's commerce ministry or by a
Chinese minister, though neither event names China as a party. Entities record their country
(``entities.country``, ISO alpha-3); the gazetteer says what kind of thing each known one is. A
country's *bodies* are its known state organs (ministries, agencies, the military, its
legislature, parties, embassies...): not its firms, media or universities. Its *officials* are the
known people holding an office of a state organ (or a titled office of no organisation: President
of ...), and the unknown people of that country written with a title beside their name
(中国の王某商務相). Places in the country (Beijing) are not its bodies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kizashi import ids
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql

COUNTRY_KINDS = frozenset({"country", "territory"})
STATE_KINDS = frozenset(
    {
        "ministry", "agency", "military", "legislature", "government", "executive", "office",
        "administration", "committee", "court", "embassy", "party",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Known:
    """What the gazetteer says of a stored entity, by entity id."""

    countries: dict[str, str]  # entity id of a country -> its ISO code
    country_qids: dict[str, str]  # Wikidata QID of a country -> its ISO code
    state: frozenset[str]  # entity ids of state organs and officials


def _is_official(entry: GazetteerEntry, gazetteer: Gazetteer) -> bool:
    for office in entry.offices:
        org = gazetteer.get(office.org) if office.org else None
        if office.org is None or (org is not None and (org.kind in STATE_KINDS or org.kind in COUNTRY_KINDS)):
            return True
    return False


def _is_state(entry: GazetteerEntry, gazetteer: Gazetteer) -> bool:
    if entry.type == "ORG":
        return entry.kind in STATE_KINDS
    return entry.type == "PERSON" and _is_official(entry, gazetteer)


def known_kinds(gazetteer: Gazetteer) -> _Known:
    countries: dict[str, str] = {}
    qids: dict[str, str] = {}
    state: set[str] = set()
    for entry in gazetteer.entries.values():
        entity_id = ids.entity_id("gaz:" + entry.id)  # as entities/found.py names a known entity
        if entry.kind in COUNTRY_KINDS and entry.country:
            countries[entity_id] = entry.country
            if entry.wikidata:
                qids[entry.wikidata] = entry.country
        elif _is_state(entry, gazetteer):
            state.add(entity_id)
    return _Known(countries, qids, frozenset(state))


@lru_cache(maxsize=1)
def _default_known() -> _Known:
    return known_kinds(load_gazetteer())  # the package's gazetteer, loaded once a process


def country_bodies(
    store: Store, entities: Iterable[Mapping[str, Any]], *, known: _Known | None = None
) -> dict[str, str]:
    """entity id -> label ("Ministry of Commerce of China (of China)") of every stored body and
    official of the countries among ``entities`` (rows with ``entity_id``); empty when none is a
    country."""
    known = known or _default_known()
    names: dict[str, str] = {}
    for e in entities:
        # a country by its gazetteer id, or by its QID (an entity stored under another id)
        code = known.countries.get(e["entity_id"]) or known.country_qids.get(e.get("wikidata") or "")
        if code:
            names[code] = e["canonical"]
    out: dict[str, str] = {}
    for row in desk_sql.entities_of_countries(store, list(names)):
        if row["entity_id"] in known.countries or row["type"] in {"GPE", "LOC"}:
            continue  # the country itself, or a place in it
        if row["linked"]:
            member = row["entity_id"] in known.state
        else:  # not in the gazetteer: a person of that country written with a title
            member = row["type"] == "PERSON" and bool(row["has_role"])
        if member:
            out[row["entity_id"]] = f"{row['canonical']} (of {names[row['country']]})"
    return out


__all__ = ["COUNTRY_KINDS", "STATE_KINDS", "country_bodies", "known_kinds"]
