"""PLOVER event records as JSON lines, with the field names of the PLOVER specification.

Field names and values follow "PLOVER: Event, Actor and Data Interchange Specification", draft
0.7b1 (Open Event Data Alliance, github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex), chapter
"JSON Data Fields" and its information objects:

- ``event`` is a list of PLOVER event categories. Kizashi's finer type stays in ``kizashi_type``.
  Types with no PLOVER category (PUBLISH, PRODUCT_RELEASE, OTHER) and REQUEST (PLOVER drops
  CAMEO's APPEAL: "a request or appeal ... is not coded in PLOVER") are left out of this export;
  the CSV and JSON lines exports keep them.
- ``mode`` uses only the modes the specification lists for that category (CONSULT: visit,
  phone; SANCTION: sever), else null; Kizashi's own mode is ``kizashi_mode``.
- ``context`` uses the specification's context codes: future / hypothetical / negation from the
  event's status, and military / economic / cyber from its type. The status itself is ``status``.
- ``source`` and ``recipient`` are lists of actor objects: ``code`` (ISO 3166-1 alpha-3 of the
  actor's country), ``actor_text`` (as written), ``identifier_id`` (Wikidata QID) and
  ``identifier_text`` (canonical name), ``office``, plus ``name`` and ``entity_id`` (Kizashi's id).
- ``date`` is YYYY-MM-DD or null; a null date says why in ``date_missing``.
- ``text``, ``text_info`` (character offsets into the document text) and ``cite_info``
  (citation, url, title, language, publication, coder, codebook, and ``source``: the file or URL).
- ``link`` is the event's cluster: the id shared by every report of the same real-world event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from followthemoney.types import registry

from kizashi import __version__
from kizashi.events.extract import STAGE as EVENTS_STAGE
from kizashi.events.taxonomy import load_taxonomy
from kizashi.exports.jsonl import document_records
from kizashi.storage import Store

CODEBOOK = "plover-0.7b1"
# the PLOVER event categories (spec chapter 2) and their quad category (spec "PLOVER quad categories")
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
STATUS_CONTEXT = {"planned": "future", "possible": "hypothetical", "denied": "negation"}
TYPE_CONTEXT = {
    "EXPORT_CONTROL": "economic", "INVESTMENT_SCREENING": "economic", "PROCUREMENT_BAN": "economic",
    "SANCTION": "economic", "CYBER_OPERATION": "cyber", "MILITARY_ACTION": "military",
}  # fmt: skip
# (Kizashi type, Kizashi mode) -> a mode of the spec's table for that PLOVER category; None: any mode
_MODES: dict[tuple[str, str | None], str] = {
    ("VISIT", None): "visit",
    ("MEET", "phone_call"): "phone",
    # SANCTION "sever": curtail or break commercial or material exchanges
    ("EXPORT_CONTROL", None): "sever",
    ("PROCUREMENT_BAN", None): "sever",
    ("INVESTMENT_SCREENING", None): "sever",
}


def _mode(type_: str, mode: str | None) -> list[str] | None:
    found = _MODES.get((type_, mode)) or _MODES.get((type_, None))
    return [found] if found else None


def _actor(
    ent: Mapping[str, Any] | None,
    entity_id: str | None,
    name: str | None,
    span: tuple[int, int],
    doc_text: str,
) -> dict[str, Any] | None:
    if entity_id is None:
        return None
    if ent is None:  # an actor the document's entity list lacks: what the event itself says
        return {"name": name, "code": None, "entity_id": entity_id, "identifier_text": name}
    start, end = span
    inside = [doc_text[a:b] for a, b in ent["offsets"] if start <= a and b <= end]
    written = inside[0] if inside else (ent["mentions"][0] if ent["mentions"] else None)
    return {
        "name": ent["canonical"],
        "code": ent["country"],
        "entity_id": ent["id"],
        "actor_text": written,
        "identifier_id": ent["wikidata"],
        "identifier_text": ent["canonical"],
        "office": ent["role"],
    }


def _location(ent: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if ent is None:
        return None
    alpha2 = registry.country.clean(ent["country"]) if ent["country"] else None
    # the geonames field names the spec adopts for its location object ("country code" has a space)
    return {"name": ent["canonical"], "country code": alpha2.upper() if alpha2 else None,
            "cc3": ent["country"], "entity_id": ent["id"]}  # fmt: skip


def _date_missing(date: str | None, story_date: str | None) -> str | None:
    if date and len(date) == 10:
        return None
    if date:
        return f"the text gives only the month ({date}); PLOVER dates are YYYY-MM-DD"
    if story_date is None:
        return "the text gives no date and the story has no publication date"
    return "the text gives no date for this event and it was not dated by its story's publication date"


def plover_records(store: Store) -> Iterator[dict[str, Any]]:
    taxonomy = load_taxonomy()
    coder = f"kizashi {__version__} ({EVENTS_STAGE})"
    for doc in document_records(store):
        ents = {e["id"]: e for e in doc["entities"]}
        stories = {s["id"]: s for s in doc["stories"]}
        for e in doc["events"]:
            category = taxonomy.plover(e["type"])
            if category not in QUAD:
                continue  # not a PLOVER event (see the module docstring)
            story = stories.get(e["story_id"], {})
            story_date = story.get("pub_date") or doc["pub_date"]
            date = e["date"] if e["date"] and len(e["date"]) == 10 else None
            context = [c for c in (STATUS_CONTEXT.get(e["status"]), TYPE_CONTEXT.get(e["type"])) if c]
            start, end = e["start"], e["end"]
            span = (start, end)
            source = _actor(ents.get(e["actor1_id"] or ""), e["actor1_id"], e["actor1"], span, doc["text"])
            recipient = _actor(ents.get(e["actor2_id"] or ""), e["actor2_id"], e["actor2"], span, doc["text"])
            yield {
                "id": e["id"],
                "has_event": True,
                "date": date,
                "date_missing": _date_missing(e["date"], story_date),
                "date_text": e["date_text"],
                "source": [source] if source else [],
                "recipient": [recipient] if recipient else [],
                "event": [category],
                "quad_code": QUAD[category],
                "mode": _mode(e["type"], e["mode"]),
                "context": context or None,
                "status": e["status"],
                "event_loc": _location(ents.get(e["location_id"] or "")),
                "link": e["cluster"],
                "text": e["evidence"],
                "text_info": {"start": start, "end": end, "is_story": False, "trigger": e["trigger"]},
                "cite_info": {
                    "corpus": "kizashi",
                    "citation": f"{doc['id']}/{e['story_id']}",
                    "url": doc["url"],
                    "title": story.get("headline") or doc["title"],
                    "language": doc["language"],
                    "publication": story.get("source"),
                    "pub_date": story_date,
                    "source": doc["source"],
                    "doc_id": doc["id"],
                    "story_id": e["story_id"],
                    "coder": coder,
                    "codebook": CODEBOOK,
                },
                "coder": coder,
                "kizashi_type": e["type"],
                "kizashi_mode": e["mode"],
                "confidence": e["confidence"],
            }


def write_plover(store: Store, out: TextIO) -> int:
    n = 0
    for rec in plover_records(store):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


__all__ = ["CODEBOOK", "QUAD", "plover_records", "write_plover"]
