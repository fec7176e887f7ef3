"""Search that knows the entities (#15): the one search of the web pages, the JSON API and the CLI.

A word of the query, or a run of words, that names a known entity (王文涛 = 王文濤 = Wang Wentao,
ファーウェイ = 華為 = Huawei, a surname such as レモンド or Raimondo that one known person has)
also matches the stories that mention that entity, however they write it. Names are resolved
with the gazetteer's match keys (width, case, hanzi and katakana variants folded), then against
the store for actors the gazetteer does not list (an entity's names, or a mention's text). The
page says which entities matched, and each hit carries its story's events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kizashi import ids
from kizashi.entities.gazetteer import Gazetteer
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql
from kizashi.storage.entity_search import EntityTerm, entity_search, mentions_in_stories
from kizashi.storage.event_views import events_of_stories
from kizashi.storage.pg_search import snippet
from kizashi.storage.query_syntax import Query, parse_query
from kizashi.storage.search import SearchPage, normalise_query, search, split_marked

__all__ = ["EntityMatch", "HitEvent", "resolve_name", "resolve_query", "search_desk"]

MAX_SPAN = 4  # words a name may take ("Wang Wentao", "Gina M. Raimondo")
_OPEN, _CLOSE = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """An entity the query names: the words as typed, and what they resolved to."""

    words: str
    entity_id: str
    canonical: str
    type: str


@dataclass(frozen=True, slots=True)
class HitEvent:
    event_id: str
    type: str
    status: str
    when: str | None
    actor1: str | None
    actor2: str | None
    cluster: str | None


def _lookup(store: Store, gazetteer: Gazetteer, words: str) -> list[tuple[str, str, str]]:
    """(entity_id, canonical, type) of the stored entities ``words`` names."""
    entries = gazetteer.lookup(words)
    if not entries and len(gazetteer.keys.key(words)) >= 2:
        surnamed = gazetteer.surname_lookup(words)
        entries = surnamed if len(surnamed) == 1 else []  # a surname many share names no one
    wanted = [ids.entity_id("gaz:" + e.id) for e in entries]
    found = {r["entity_id"]: r for r in desk_sql.entities_by_id(store, wanted)}
    for r in desk_sql.resolve_entities(store, [words]).get(words, []):
        found.setdefault(r["entity_id"], r)
    return [(r["entity_id"], r["canonical"], r["type"]) for r in found.values()]


def resolve_name(store: Store, gazetteer: Gazetteer, name: str) -> list[EntityMatch]:
    """The stored entities a name given in any script or spelling names (``kizashi events --entity``)."""
    words = " ".join(name.split())
    return [EntityMatch(words, *h) for h in _lookup(store, gazetteer, words)] if words else []


def resolve_query(
    store: Store, gazetteer: Gazetteer, query: Query
) -> tuple[list[EntityTerm], list[EntityMatch]]:
    """Which words of the parsed query name entities: the longest run of single-word groups first,
    then each word of an OR group."""
    terms: list[EntityTerm] = []
    matches: list[EntityMatch] = []
    groups = query.groups
    i = 0
    while i < len(groups):
        if len(groups[i]) > 1:
            for k, term in enumerate(groups[i]):
                hits = _lookup(store, gazetteer, term.text)
                if hits:
                    terms.append(EntityTerm(i, i, tuple(h[0] for h in hits), term=k))
                    matches += [EntityMatch(term.text, *h) for h in hits]
            i += 1
            continue
        run = 1
        while i + run < len(groups) and run < MAX_SPAN and len(groups[i + run]) == 1:
            run += 1
        for n in range(run, 0, -1):
            words = " ".join(g[0].text for g in groups[i : i + n])
            hits = _lookup(store, gazetteer, words)
            if hits:
                terms.append(EntityTerm(i, i + n - 1, tuple(h[0] for h in hits)))
                matches += [EntityMatch(words, *h) for h in hits]
                i += n
                break
        else:
            i += 1
    return terms, matches


def search_desk(
    store: Store,
    gazetteer: Gazetteer,
    query: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    event_type: str | None = None,
    entity_id: str | None = None,
    source: str | None = None,
    limit: int = 20,
    offset: int = 0,
    entity_ids: Sequence[str] = (),
    exclude_ids: Sequence[str] = (),
) -> SearchPage:
    """Stories matching the query as text or through the entities it names, with their events;
    narrowed to the stories mentioning ``entity_id`` and any of ``entity_ids`` (the entity filter's
    names), and none of ``exclude_ids`` (its ``-name`` terms)."""
    query = normalise_query(query)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    parsed = parse_query(query)
    aliases, matches = resolve_query(store, gazetteer, parsed)
    filters = {
        "date_from": date_from, "date_to": date_to, "event_type": event_type,
        "entity_id": entity_id, "source": source, "limit": limit, "offset": offset,
        "entity_ids": tuple(entity_ids), "exclude_ids": tuple(exclude_ids),
    }  # fmt: skip
    if not aliases:
        page = search(store, query, **filters)  # type: ignore[arg-type]
    else:
        page = _with_entities(store, query, parsed, aliases, matches, filters)
    events = events_of_stories(store, [h.story_id for h in page.hits])
    hits = tuple(
        replace(h, events=tuple(_hit_event(e) for e in events.get(h.story_id, []))) for h in page.hits
    )
    return replace(page, hits=hits, entities=tuple(matches))


def _with_entities(
    store: Store,
    query: str,
    parsed: Query,
    aliases: list[EntityTerm],
    matches: list[EntityMatch],
    filters: Mapping[str, object],
) -> SearchPage:
    from kizashi.storage.search import Hit

    total, rows = entity_search(store, parsed, aliases, **filters)  # type: ignore[arg-type]
    names = {m.entity_id: m.canonical for m in matches}
    written = mentions_in_stories(store, [r["story_id"] for r in rows], list(names))
    words = [t.text for t in parsed.terms]
    hits = []
    for r in rows:
        found = written.get(r["story_id"], [])
        marked = snippet(r["text"], words + [text for _, text in found], mark=(_OPEN, _CLOSE))
        segments = split_marked(marked)
        hits.append(
            Hit(
                r["story_id"], r["doc_id"], r["source"], r["title"], r["pub_date"],
                "".join(f"[{x}]" if m else x for x, m in segments), float(r["rank"]), segments,
                entities=tuple(dict.fromkeys(names[eid] for eid, _ in found)),
            )
        )  # fmt: skip
    return SearchPage(query, total, tuple(hits))


def _hit_event(e: dict[str, object]) -> HitEvent:
    return HitEvent(
        str(e["event_id"]), str(e["type"]), str(e["status"]), e["when"],  # type: ignore[arg-type]
        e["actor1"], e["actor2"], e["cluster"],  # type: ignore[arg-type]
    )  # fmt: skip
