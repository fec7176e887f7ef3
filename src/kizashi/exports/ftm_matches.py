"""Screening matches in FollowTheMoney terms (#18), for the FtM export and its statements form.

A match of one of our entities with a list entry is FtM's ``Similar``: "a link between two
entities that are presumed to be the same, as the outcome of a probabilistic record linkage
process", with the entity as ``candidate``, the list entry as ``match``, the score as
``confidenceScore``, the status and the explanation as ``criteria`` and the matcher's version as
``matcher``. The list entry is exported as an entity of its own schema (its names, countries and
source) so the link points at something in the file. An entry of an FtM list keeps its
publisher's id, so the link also joins the publisher's data (OpenSanctions, Aleph); a CSV row has
no such id and gets a hashed one. Rejected matches are left out; possible ones are kept, since a
``Similar`` presumes and asserts nothing (a ``Sanction`` is written only for a listed party).

``write_ftm_statements`` writes the whole FtM export as FtM ``Statement`` rows (JSON lines, the
format ``followthemoney.statement.read_statements`` and nomenklatura's stores read), dataset
``kizashi``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping
from typing import Any, TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.statement import Statement
from followthemoney.types import registry

from kizashi.screening.match import MATCHER_VERSION
from kizashi.storage import Store
from kizashi.storage.lists import list_entries, list_summaries
from kizashi.storage.matches import query_matches

DATASET = "kizashi"  # the dataset our statements are observed in
_FALLBACK_SCHEMA = "LegalEntity"


def entity_ftm_id(entity_id: str) -> str:
    """The FtM id the export gives one of our entities (as ``exports.ftm`` makes it)."""
    proxy = model.make_entity("Thing")
    made: str | None = proxy.make_id("kizashi-entity", entity_id)
    return made or ""


def _entry_schema(name: str) -> str:
    schema = model.get(name)
    return name if schema is not None and schema.is_a("Thing") and not schema.abstract else _FALLBACK_SCHEMA


def _entry(row: Mapping[str, Any], *, keeps_id: bool) -> EntityProxy:
    proxy = model.make_entity(_entry_schema(row["schema"]))
    if keeps_id:  # the publisher's FtM id
        proxy.id = row["record_id"]
    else:
        proxy.make_id("kizashi-list-entry", row["entry_id"])
    proxy.add("name", row["caption"])
    proxy.add("alias", [n for n in row["names"] if n != row["caption"]])
    proxy.add("country", [registry.country.clean(c) for c in row["countries"]])
    proxy.add("sourceUrl", row["source_url"])
    proxy.add("publisher", row["list_name"])
    if proxy.schema.get("program"):
        proxy.add("program", row["programs"])
    return proxy


def _similar(m: Mapping[str, Any], candidate: str, match: str) -> EntityProxy:
    proxy = model.make_entity("Similar")
    proxy.make_id("kizashi-similar", m["match_id"])
    proxy.add("candidate", candidate)
    proxy.add("match", match)
    proxy.add("confidenceScore", f"{m['score']:.2f}")
    reviewed = " (reviewed)" if m["status"] != m["matcher_status"] else ""
    proxy.add("criteria", [f"status: {m['status']}{reviewed}", *m["explanation"]])
    proxy.add("matcher", f"kizashi {MATCHER_VERSION}")
    return proxy


def match_entities(store: Store, exported: Collection[str]) -> Iterator[EntityProxy]:
    """The list entries met and a ``Similar`` per match that is not rejected, for the entities
    whose FtM ids are in ``exported``."""
    matches = [
        m
        for m in query_matches(store)
        if m["status"] != "rejected" and entity_ftm_id(m["entity_id"]) in exported
    ]
    if not matches:
        return
    ftm_lists = {r["name"] for r in list_summaries(store) if r["format"] == "ftm"}
    entries = {e["entry_id"]: e for e in list_entries(store, {m["entry_id"] for m in matches})}
    entry_ids: dict[str, str] = {}
    for entry_id in sorted(entries):
        proxy = _entry(entries[entry_id], keeps_id=entries[entry_id]["list_name"] in ftm_lists)
        if not proxy.id:
            continue
        if proxy.id not in entry_ids.values():  # one record held by two lists is one entity
            yield proxy
        entry_ids[entry_id] = proxy.id
    for m in matches:
        if m["entry_id"] in entry_ids:
            yield _similar(m, entity_ftm_id(m["entity_id"]), entry_ids[m["entry_id"]])


def write_ftm_statements(store: Store, out: TextIO) -> int:
    """The FtM export as FtM statements, one JSON object a line; returns the number of statements."""
    from kizashi.exports.ftm import ftm_entities

    n = 0
    for rec in ftm_entities(store):
        for stmt in Statement.from_entity(model.get_proxy(rec, cleaned=False), dataset=DATASET):
            out.write(json.dumps(stmt.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
