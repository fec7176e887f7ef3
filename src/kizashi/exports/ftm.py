"""FollowTheMoney export: entities and the articles that mention them, as FtM JSON lines.

Aleph, OpenSanctions' tools and nomenklatura read these unchanged. Built with the
``followthemoney`` package so the schema is checked by the library, not by us.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from followthemoney import model
from followthemoney.types import registry

from kizashi.exports.jsonl import document_records
from kizashi.storage import Store

# our entity types and finer kinds -> FtM schemata
_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "GPE": "Territory", "LOC": "Address", "EVENT": "Event"}


def _alpha2(alpha3: str | None) -> str | None:
    """ISO alpha-3 -> the code FtM's country type stores (its registry cleans alpha-3 itself)."""
    if not alpha3:
        return None
    clean: str | None = registry.country.clean(alpha3)
    return clean


def ftm_entities(store: Store) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for doc in document_records(store):
        article = model.make_entity("Article")
        article.make_id("kizashi-doc", doc["id"])
        article.add("title", doc["title"] or doc["source"])
        article.add("bodyText", doc["text"])
        article.add("publishedAt", doc["pub_date"])
        article.add("sourceUrl", doc["url"])
        article.add("fileName", None if doc["url"] else doc["source"])
        article.add("language", "jpn")
        for ent in doc["entities"]:
            schema = _SCHEMA.get(ent["type"], "LegalEntity")
            proxy = model.make_entity(schema)
            proxy.make_id("kizashi-entity", ent["id"])
            proxy.add("name", ent["canonical"])
            proxy.add("alias", [n for n in ent["names"] if n != ent["canonical"]])
            if ent["wikidata"] and proxy.schema.get("wikidataId"):
                proxy.add("wikidataId", ent["wikidata"])
            country = _alpha2(ent["country"])
            if country and proxy.schema.get("country"):
                proxy.add("country", country)
            if ent["role"] and proxy.schema.get("position"):
                proxy.add("position", ent["role"])
            if proxy.id and proxy.id not in seen:
                seen.add(proxy.id)
                yield proxy.to_dict()
            mention = model.make_entity("Mention")
            mention.make_id("kizashi-mention", doc["id"], ent["id"])
            mention.add("document", article.id)
            mention.add("resolved", proxy.id)
            mention.add("name", ent["mentions"] or [ent["canonical"]])
            mention.add("detectedSchema", schema)
            yield mention.to_dict()
            article.add("namesMentioned", ent["canonical"])
        yield article.to_dict()


def write_ftm(store: Store, out: TextIO) -> int:
    n = 0
    for rec in ftm_entities(store):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
