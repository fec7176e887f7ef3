"""FollowTheMoney export: stories as ``Article``, events as ``Event``, the actors and the mentions
that tie them together, as FtM JSON lines (Aleph, OpenSanctions' tools and nomenklatura read them).

Built with the ``followthemoney`` package (4.x), so schemata, properties and value types are the
library's, not ours. What goes where, following the FtM model's own ranges:

- one ``Article`` per story, titled with its headline (else the page title; never the file path,
  which is ``fileName``), published by its outlet, in the language detected for the page;
- each event an ``Event``: name "TYPE: actor1 -> actor2", date, the evidence as ``summary``, the
  explanation as ``description``, ``involved`` for actors that are legal entities (FtM's range for
  it), ``country`` for actors and places that are countries, ``location`` for its place, the story
  as ``proof``;
- people as ``Person``, firms as ``Company``, ministries, agencies, courts, militaries and other
  state bodies as ``PublicBody``, other organisations as ``Organization``;
- countries, cities, prefectures and other administrative areas as ``Territory`` (an FtM
  Territory: "a country, subnational division or other administrative area"), also written as
  ``country`` where they are a country; buildings and streets as ``Address`` (the only places
  here that are addresses); seas, straits, bases and other sites only as location names;
- laws, regulations, treaties and lists, and products, have no FtM schema: they are the story's
  ``keywords`` (and a mention's name), never a ``LegalEntity``.

Screening matches follow as FtM ``Similar`` links to the list entries they met
(``exports/ftm_matches.py``), and the listed parties' ``Sanction`` entities follow their entity.

A ``Mention`` links a story to the entity it names; FtM lets ``resolved`` point only at a legal
entity, so a mention of a place or law carries its name (and ``contextCountry``) without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from kizashi import ids
from kizashi.entities.gazetteer import load_gazetteer
from kizashi.exports.ftm_matches import match_entities
from kizashi.exports.jsonl import document_records
from kizashi.storage import Store

LISTED_STATUSES = ("match", "confirmed")  # the statuses that make an entity listed
PUBLIC_BODY_KINDS = frozenset(
    {"agency", "administration", "committee", "court", "embassy", "executive", "government",
     "legislature", "military", "ministry", "office", "regime"}
)  # fmt: skip
ADDRESS_KINDS = frozenset({"building", "street"})
TERRITORY_TYPES = frozenset({"GPE"})
TERRITORY_LOC_KINDS = frozenset({"district", "islands", "region"})  # areas, not points or waters
COUNTRY_KINDS = frozenset({"country", "territory"})
KEYWORD_TYPES = frozenset({"LAW", "PRODUCT"})


def _schema(ent: Mapping[str, Any], kind: str | None) -> str | None:
    """The FtM schema of one of our entities, or None where FtM has none for it."""
    type_ = ent["type"]
    if type_ == "PERSON":
        return "Person"
    if type_ == "ORG":
        if kind == "firm":
            return "Company"
        return "PublicBody" if kind in PUBLIC_BODY_KINDS else "Organization"
    if type_ == "EVENT":
        return "Event"
    if type_ in TERRITORY_TYPES or (type_ == "LOC" and kind in TERRITORY_LOC_KINDS):
        return "Territory"
    if type_ == "LOC" and kind in ADDRESS_KINDS:
        return "Address"
    return None  # LAW, PRODUCT, seas, straits, bases, unknown places


def _alpha2(alpha3: str | None) -> str | None:
    """ISO alpha-3 -> the code FtM's country type stores (its registry cleans alpha-3 itself)."""
    if not alpha3:
        return None
    clean: str | None = registry.country.clean(alpha3)
    return clean


def _entity(ent: Mapping[str, Any], schema: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id("kizashi-entity", ent["id"])
    caption = "full" if schema == "Address" else "name"
    proxy.add(caption, ent["canonical"])
    if proxy.schema.get("alias"):
        proxy.add("alias", [n for n in ent["names"] if n != ent["canonical"]])
    if ent["wikidata"] and proxy.schema.get("wikidataId"):
        proxy.add("wikidataId", ent["wikidata"])
    proxy.add("country", _alpha2(ent["country"]))
    if ent["role"] and proxy.schema.get("position"):
        proxy.add("position", ent["role"])
    return proxy


def _article(doc: Mapping[str, Any], story: Mapping[str, Any], language: str | None) -> EntityProxy:
    article = model.make_entity("Article")
    article.make_id("kizashi-story", story["id"])
    article.add("title", story["headline"] or doc["title"])
    article.add("bodyText", story["text"])
    article.add("publishedAt", story["pub_date"] or doc["pub_date"])
    article.add("publisher", story["source"])
    article.add("sourceUrl", doc["url"])
    article.add("fileName", None if doc["url"] else doc["source"])
    article.add("language", language)
    return article


def _story_of(
    stories: list[Mapping[str, Any]], articles: Mapping[str, EntityProxy], offset: int
) -> EntityProxy:
    """The article of the story that holds ``offset`` (the first story if none does)."""
    for s in stories:
        if s["start"] <= offset < s["end"]:
            return articles[s["id"]]
    return articles[stories[0]["id"]]


def ftm_entities(store: Store) -> Iterator[dict[str, Any]]:
    kinds = {ids.entity_id("gaz:" + e.id): e.kind for e in load_gazetteer().entries.values()}
    seen: set[str] = set()
    for doc in document_records(store):
        language = registry.language.clean(doc["language"]) if doc["language"] else None
        stories = list(doc["stories"]) or [
            {"id": doc["id"], "headline": None, "text": doc["text"], "pub_date": None, "source": None,
             "start": 0, "end": len(doc["text"])}
        ]  # fmt: skip
        articles = {s["id"]: _article(doc, s, language) for s in stories}
        things: dict[str, EntityProxy] = {}
        by_id = {ent["id"]: ent for ent in doc["entities"]}
        for ent in doc["entities"]:
            schema = _schema(ent, kinds.get(ent["id"]))
            proxy = _entity(ent, schema) if schema else None
            if proxy is not None:
                things[ent["id"]] = proxy
                if proxy.id and proxy.id not in seen:
                    seen.add(proxy.id)
                    yield proxy.to_dict()
                    yield from _sanctions(proxy.id, ent.get("listings", []))
            first = ent["offsets"][0][0] if ent["offsets"] else 0
            article = _story_of(stories, articles, first)
            mention = model.make_entity("Mention")
            mention.make_id("kizashi-mention", doc["id"], ent["id"])
            mention.add("document", article.id)
            mention.add("name", ent["mentions"] or [ent["canonical"]])
            if proxy is not None and proxy.schema.is_a("LegalEntity"):
                mention.add("resolved", proxy.id)
                mention.add("detectedSchema", proxy.schema.name)
            mention.add("contextCountry", _alpha2(ent["country"]))
            yield mention.to_dict()
            if ent["type"] in KEYWORD_TYPES:
                article.add("keywords", ent["canonical"])
            elif ent["type"] == "PERSON":
                article.add("peopleMentioned", ent["canonical"])
            elif proxy is not None and proxy.schema.name == "Company":
                article.add("companiesMentioned", ent["canonical"])
            elif ent["type"] in {"GPE", "LOC"}:
                article.add("locationMentioned", ent["canonical"])
            article.add("namesMentioned", ent["canonical"])
            if kinds.get(ent["id"]) in COUNTRY_KINDS:
                article.add("country", _alpha2(ent["country"]))
        for e in doc["events"]:
            yield _event(
                e,
                things,
                by_id,
                kinds,
                articles.get(e["story_id"]) or _story_of(stories, articles, e["start"]),
            ).to_dict()
        for article in articles.values():
            yield article.to_dict()
    for proxy in match_entities(store, seen):  # the screening matches, as FtM ``Similar`` links
        yield proxy.to_dict()


def _event(
    e: Mapping[str, Any],
    things: Mapping[str, EntityProxy],
    ents: Mapping[str, Mapping[str, Any]],
    kinds: Mapping[str, str],
    article: EntityProxy,
) -> EntityProxy:
    proxy = model.make_entity("Event")
    proxy.make_id("kizashi-event", e["id"])
    parties = " -> ".join(n for n in (e["actor1"], e["actor2"]) if n)
    proxy.add("name", f"{e['type']}: {parties}" if parties else e["type"])
    proxy.add("date", e["date"])
    proxy.add("summary", e["evidence"])
    proxy.add("description", "; ".join(e["explanation"]))
    proxy.add("keywords", [v for v in (e["type"], e["mode"], e["status"]) if v])
    proxy.add("recordId", e["id"])
    proxy.add("proof", article.id)
    proxy.add("sourceUrl", article.get("sourceUrl"))
    for key in ("actor1_id", "actor2_id", "location_id"):
        entity_id = e[key]
        if not entity_id:
            continue
        thing = things.get(entity_id)
        if thing is not None and thing.schema.is_a("LegalEntity") and key != "location_id":
            proxy.add("involved", thing.id)
        ent = ents.get(entity_id)
        if ent is not None and (kinds.get(entity_id) in COUNTRY_KINDS or key == "location_id"):
            proxy.add("country", _alpha2(ent["country"]))
    if e["location"]:
        proxy.add("location", e["location"])
        place = things.get(e["location_id"] or "")
        if place is not None and place.schema.name == "Address":
            proxy.add("addressEntity", place.id)
    return proxy


def _sanctions(entity_ftm_id: str, listings: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The list entries that make the entity listed (confirmed, or a match nobody rejected) as
    FtM ``Sanction`` entities pointing at it; a possible match asserts nothing and is left out."""
    for m in listings:
        if m["status"] not in LISTED_STATUSES:
            continue
        sanction = model.make_entity("Sanction")
        sanction.make_id("kizashi-sanction", m["entry_id"], entity_ftm_id)
        sanction.add("entity", entity_ftm_id)
        sanction.add("authority", m["list"])
        sanction.add("program", m["programs"])
        sanction.add("listingDate", m["listed_on"])
        sanction.add("startDate", m["listed_on"])
        sanction.add("sourceUrl", m["source_url"])
        sanction.add("recordId", m["entry_id"])
        sanction.add("summary", f"{m['caption']} ({m['status']}, score {m['score']:.2f})")
        yield sanction.to_dict()


def write_ftm(store: Store, out: TextIO) -> int:
    n = 0
    for rec in ftm_entities(store):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
