"""Alerts: every event or story that matches a watchlist, raised once.

An event matches when each condition the watchlist gives holds: one of its entities is the actor,
the counterpart or the place (a named country's bodies and officials count as the country unless
the watchlist turns ``country_bodies`` off: ``desk/country_bodies.py``); its type and mode are
listed; a keyword is in its evidence sentence. One alert is raised per real-world event (the event cluster), however many outlets report
it. A watchlist without event types or modes also matches stories: a story that names its
entities and keywords, and in which no event already raised an alert.

The entity term ``@listed`` stands for every party on a screening list (``kizashi lists``): its
events raise alerts like a named entity's, and a watchlist with no other condition also raises one
``listing`` alert per match that makes a stored entity listed, once, when a new list entry (or a
new entity) matches.

``check_watchlists`` is idempotent: it can run after every ingest, and when a watchlist is created
it raises alerts for what is already stored. The queries are in ``kizashi.storage.desk``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from kizashi.desk.country_bodies import country_bodies
from kizashi.desk.watchlists import list_watchlists, resolve_entities
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql
from kizashi.storage.matches import entity_listings, listed_matches
from kizashi.storage.queries import MAX_LIMIT, Page, Row

log = logging.getLogger(__name__)
EXCERPT = 60  # characters either side of a keyword in a story alert's evidence
LISTED = "@listed"  # the watchlist entity term for any party on a screening list


def listing_label(row: Mapping[str, Any]) -> str:
    """How a desk sentence names a list entry: "the US Entity List since 2019-05-16" (the program,
    else the list's name)."""
    programs = row.get("programs") or []
    where = f"the {programs[0]}" if programs else f"the list {row['list_name']}"
    return where + (f" since {row['listed_on']}" if row.get("listed_on") else "")


def _excerpt(text: str, needles: list[str]) -> str:
    found = [(pos, n) for n in needles if n and (pos := text.find(n)) >= 0]
    if not found:
        return text[: 2 * EXCERPT].replace("\n", " ")
    pos, needle = min(found)
    start, end = max(0, pos - EXCERPT), min(len(text), pos + len(needle) + EXCERPT)
    body = text[start:end].replace("\n", " ")
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


def _event_reasons(ev: Row, ids: dict[str, str], wl: Row, listings: dict[str, list[Row]]) -> list[str]:
    out = []
    for role, key in (("actor", "actor1_id"), ("counterpart", "actor2_id"), ("place", "location_id")):
        if ev[key] in ids:
            out.append(f"{role}: {ids[ev[key]]}")
    # a listed party says on which list and since when, whatever made the event match
    for role, key in (("actor", "actor1_id"), ("target", "actor2_id")):
        out += [f"{role} is on {listing_label(r)}" for r in listings.get(ev[key] or "", [])]
    if wl["event_types"]:
        out.append(f"type: {ev['type']}")
    if wl["modes"]:
        out.append(f"mode: {ev['mode']}")
    kws = [k for k in wl["keywords"] if k in ev["evidence"]]
    if kws:
        out.append("keyword: " + ", ".join(kws))
    return out


def _check_one(store: Store, wl: Row, now: str, listings: dict[str, list[Row]]) -> list[dict[str, Any]]:
    ids: dict[str, str] = {}
    bodies: dict[str, str] = {}  # a named country's bodies and officials: its events only
    listed = listed_matches(store) if LISTED in wl["entities"] else []
    if wl["entities"]:
        terms = [e for e in wl["entities"] if e != LISTED]
        resolved = [r for found in resolve_entities(store, terms).values() for r in found]
        ids.update({r["entity_id"]: r["canonical"] for r in resolved})
        ids.update({m["entity_id"]: m["canonical"] for m in listed})
        if not ids:
            return []  # none of its entities is known (or listed) yet
        if wl.get("country_bodies", True):
            bodies = {k: v for k, v in country_bodies(store, resolved).items() if k not in ids}
    have = desk_sql.alert_keys(store, wl["watchlist_id"])
    keys = {r[0] for r in have}
    alerted_events = {r[1] for r in have if r[1]}
    alerted_stories = {r[2] for r in have}
    new: list[dict[str, Any]] = []
    base = {"watchlist_id": wl["watchlist_id"], "created_at": now}
    parties = {**ids, **bodies}
    events = desk_sql.matching_events(
        store,
        entity_ids=list(parties),
        event_types=wl["event_types"],
        modes=wl["modes"],
        keywords=wl["keywords"],
    )
    for ev in events:
        key = ev["cluster"] or ev["event_id"]
        alerted_stories.add(ev["story_id"])
        if key in keys or ev["event_id"] in alerted_events:
            continue
        keys.add(key)
        new.append(
            {
                **base, "dedupe_key": key, "kind": "event", "event_id": ev["event_id"],
                "event_type": ev["type"], "cluster": ev["cluster"], "story_id": ev["story_id"],
                "doc_id": ev["doc_id"], "source": ev["source"], "title": ev["title"],
                "pub_date": ev["when"] or ev["pub_date"], "evidence": ev["evidence"],
                "reasons": _event_reasons(ev, parties, wl, listings),
            }
        )  # fmt: skip
    if not (wl["event_types"] or wl["modes"] or wl["keywords"]):
        new += _listing_alerts(listed, keys, base)
    if not (wl["event_types"] or wl["modes"]):
        for st in desk_sql.matching_stories(store, entity_ids=list(ids), keywords=wl["keywords"]):
            if st["story_id"] in alerted_stories or st["story_id"] in keys:
                continue
            kws = [k for k in wl["keywords"] if k in st["text"]]
            reasons = [f"keyword: {', '.join(kws)}"] if kws else []
            if ids:
                reasons.append("names: " + ", ".join(sorted(set(ids.values()))[:5]))
            new.append(
                {
                    **base, "dedupe_key": st["story_id"], "kind": "story", "event_id": None,
                    "event_type": None, "cluster": None, "story_id": st["story_id"],
                    "doc_id": st["doc_id"], "source": st["source"], "title": st["title"],
                    "pub_date": st["pub_date"], "evidence": _excerpt(st["text"], kws or wl["entities"]),
                    "reasons": reasons,
                }
            )  # fmt: skip
    return new


def _listing_alerts(listed: list[Row], keys: set[str], base: dict[str, Any]) -> list[dict[str, Any]]:
    """One alert per listed match not alerted yet, pointing at the latest story naming the party."""
    out = []
    for m in listed:
        if m["match_id"] in keys or not m.get("doc_id"):
            continue  # raised already, or no stored story mentions the party
        keys.add(m["match_id"])
        since = f" since {m['listed_on']}" if m["listed_on"] else ""
        out.append(
            {
                **base, "dedupe_key": m["match_id"], "kind": "listing", "event_id": None,
                "event_type": None, "cluster": None, "story_id": m["story_id"], "doc_id": m["doc_id"],
                "source": m["source"], "title": m["title"], "pub_date": m["pub_date"],
                "evidence": f"{m['canonical']} is on {m['list_name']}{since}: {m['entry_caption']}",
                "reasons": [f"listed: {m['canonical']} ({m['status']}, {m['score']:.2f})", *m["explanation"]],
            }
        )  # fmt: skip
    return out


def check_watchlists(store: Store, watchlist_id: int | None = None) -> list[Row]:
    """Raise the alerts not raised yet (for one watchlist, or all); returns the new ones."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    raised: list[Row] = []
    listings = entity_listings(store)  # the listed parties, each with its entries
    for wl in list_watchlists(store):
        if watchlist_id is not None and wl["watchlist_id"] != watchlist_id:
            continue
        new = _check_one(store, wl, now, listings)
        desk_sql.insert_alerts(store, new)
        raised.extend({**row, "watchlist": wl["name"]} for row in new)
        if new:
            log.info("watchlist %s: %d new alerts", wl["name"], len(new))
    return raised


def list_alerts(
    store: Store,
    *,
    watchlist_id: int | None = None,
    since: str | None = None,
    limit: int = 50,
    offset: int = 0,
    max_limit: int = MAX_LIMIT,
) -> Page:
    """Alerts, newest first (by when they were raised, then by the date of what they report)."""
    return desk_sql.list_alerts(
        store, watchlist_id=watchlist_id, since=since, limit=limit, offset=offset, max_limit=max_limit
    )
