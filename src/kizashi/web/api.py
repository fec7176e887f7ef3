"""The JSON API under /api/: the same queries and filters as the pages, paginated."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import pydantic_core
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from kizashi.desk.alerts import check_watchlists, list_alerts
from kizashi.desk.entity_filter import suggest_entities
from kizashi.desk.graph import actor_graph, graphml_bytes
from kizashi.desk.search import search_desk
from kizashi.desk.watchlists import (
    WatchlistSpec,
    delete_watchlist,
    get_watchlist,
    list_watchlists,
    parse_spec,
    resolve_entities,
    save_watchlist,
)
from kizashi.entities.gazetteer import Gazetteer
from kizashi.storage import Store, counts, queries
from kizashi.storage.actors import entity_detail, graph_edges, list_entities, timeline
from kizashi.storage.event_lists import sorted_events
from kizashi.storage.filters import check_date
from kizashi.storage.matches import query_matches
from kizashi.storage.queries import Filters
from kizashi.storage.search import MAX_QUERY_CHARS
from kizashi.web import models as m
from kizashi.web.deps import (
    DATE_PATTERN,
    ITEM_ID_PATTERN,
    event_sort,
    filters,
    get_gazetteer,
    get_store,
    search_filters,
)
from kizashi.web.downloads import EVENT_FIELDS, HIT_FIELDS, MAX_DOWNLOAD, download, flat_hit

router = APIRouter(prefix="/api", tags=["api"])
StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Filters, Depends(filters)]
SortDep = Annotated[str, Depends(event_sort)]
Limit = Annotated[int, Query(ge=1, le=200, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
ItemId = Annotated[str, Path(pattern=ITEM_ID_PATTERN)]


GazetteerDep = Annotated[Gazetteer, Depends(get_gazetteer)]
SearchText = Annotated[str, Query(min_length=1, max_length=4 * MAX_QUERY_CHARS, description="words to find")]
Format = Annotated[str, Path(pattern="^(csv|json)$")]
DownloadLimit = Annotated[int, Query(ge=1, le=MAX_DOWNLOAD, description="rows in the file")]


def _search(
    store: Store, gazetteer: Gazetteer, f: Filters, q: str, limit: int, offset: int
) -> dict[str, Any]:
    page = search_desk(store, gazetteer, q, **search_filters(f), limit=limit, offset=offset)
    hits = [
        {**asdict(h), "segments": [{"text": t, "match": hit} for t, hit in h.segments]} for h in page.hits
    ]
    entities = [asdict(e) for e in page.entities]
    return {
        "query": page.query, "total": page.total, "entities": entities, "limit": limit, "offset": offset,
        "hits": hits,
    }  # fmt: skip


@router.get("/search", response_model=m.SearchOut, summary="Full-text search over story text")
def api_search(
    store: StoreDep,
    gazetteer: GazetteerDep,
    f: FiltersDep,
    q: SearchText,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _search(store, gazetteer, f, q, limit, offset)


@router.get("/search.{fmt}", response_class=Response, summary="Search results as a CSV or JSON file")
def api_search_download(
    store: StoreDep,
    gazetteer: GazetteerDep,
    f: FiltersDep,
    q: SearchText,
    fmt: Format,
    limit: DownloadLimit = 1000,
    offset: Offset = 0,
) -> Response:
    found = _search(store, gazetteer, f, q, limit, offset)
    meta = {k: found[k] for k in ("query", "total", "entities", "limit", "offset")}
    rows = found["hits"] if fmt == "json" else [flat_hit(h) for h in found["hits"]]
    return download("kizashi-search", fmt, HIT_FIELDS, rows, meta)


@router.get("/events", response_model=m.PageOut[m.EventOut], summary="Events, latest first")
def api_events(
    store: StoreDep, f: FiltersDep, sort: SortDep, limit: Limit = 50, offset: Offset = 0
) -> queries.Page:
    return sorted_events(store, f, sort=sort, limit=limit, offset=offset)


@router.get("/events.{fmt}", response_class=Response, summary="An event list as a CSV or JSON file")
def api_events_download(
    store: StoreDep,
    f: FiltersDep,
    sort: SortDep,
    fmt: Format,
    limit: DownloadLimit = MAX_DOWNLOAD,
    offset: Offset = 0,
) -> Response:
    page = sorted_events(store, f, sort=sort, limit=limit, offset=offset, max_limit=MAX_DOWNLOAD)
    meta = {"total": page.total, "limit": page.limit, "offset": page.offset}
    return download("kizashi-events", fmt, EVENT_FIELDS, page.items, meta)


@router.get("/entities/suggest", response_model=list[m.SuggestionOut], summary="Entities a name may mean")
def api_suggest(
    store: StoreDep,
    gazetteer: GazetteerDep,
    q: Annotated[
        str, Query(max_length=200, description="a name in any script or spelling, or part of one")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict[str, Any]]:
    return suggest_entities(store, gazetteer, q, limit=limit)


@router.get("/events/{event_id}", response_model=m.EventDetailOut, summary="One event, with why")
def api_event(store: StoreDep, event_id: ItemId) -> dict[str, Any]:
    return _found(queries.get_event(store, event_id), "event")


@router.get("/stories", response_model=m.PageOut[m.StoryOut], summary="Stories, latest first")
def api_stories(store: StoreDep, f: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> queries.Page:
    return queries.list_stories(store, f, limit=limit, offset=offset)


@router.get(
    "/stories/{story_id}", response_model=m.StoryDetailOut, summary="A story, its mentions and events"
)
def api_story(store: StoreDep, story_id: ItemId) -> dict[str, Any]:
    return _found(queries.story_detail(store, story_id), "story")


@router.get("/entities", response_model=m.PageOut[m.EntityOut], summary="Entities, most documents first")
def api_entities(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200, description="a substring of any name")] = None,
    type: Annotated[str | None, Query(max_length=16)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> queries.Page:
    return list_entities(store, q=q or None, type=type or None, limit=limit, offset=offset)


@router.get("/entities/{entity_id}", response_model=m.EntityDetailOut, summary="An entity's page")
def api_entity(store: StoreDep, entity_id: ItemId) -> dict[str, Any]:
    found = dict(_found(entity_detail(store, entity_id), "entity"))  # a copy: the detail is cached
    found["mentions_over_time"] = [{"period": p, "count": n} for p, n in found["mentions_over_time"]]
    found["list_entries"] = query_matches(store, entity_id=entity_id)
    return found


@router.get("/counts", response_model=m.CountsOut, summary="Totals, events per type and per day")
def api_counts(
    store: StoreDep, days: Annotated[int, Query(ge=1, le=3660, description="latest days with data")] = 90
) -> dict[str, Any]:
    per_day = counts.counts_by_day(store, days=days)
    return {
        "totals": store.cached_counts(),
        "types": [{"type": k, "count": n} for k, n in counts.counts_by_type(store)],
        "event_days": [{"period": d, "count": n} for d, n in per_day["events"]],
        "story_days": [{"period": d, "count": n} for d, n in per_day["stories"]],
    }


@router.get("/facets", response_model=m.FacetsOut, summary="Event types, modes and statuses stored")
def api_facets(store: StoreDep) -> dict[str, list[str]]:
    return counts.event_facets(store)


@router.get("/timeline", response_model=list[m.TimelineItemOut], summary="Dated events for a timeline")
def api_timeline(
    store: StoreDep, f: FiltersDep, limit: Annotated[int, Query(ge=1, le=2000)] = 1000
) -> list[dict[str, Any]]:
    return timeline(store, f, limit=limit)


Top = Annotated[int, Query(ge=0, le=2000, description="the actors with most reports (0: all)")]


@router.get("/graph", response_model=m.GraphOut, summary="Actors and their events as typed, weighted edges")
def api_graph(store: StoreDep, f: FiltersDep, top: Top = 0) -> Response:
    # the JSON itself is kept, once per store generation, filters and top-N. It is encoded without
    # validating through GraphOut (90 ms of 25,000 edges, the first request after each write):
    # graph_edges builds exactly its fields, in its order (tested byte for byte against it)
    body = store.read_cache.get(
        ("api_graph", f, top), lambda: graph_json(graph_edges(store, f, top=top or None))
    )
    return Response(body, media_type="application/json")


def graph_json(graph: dict[str, Any]) -> bytes:
    """``GraphOut.model_validate(graph).model_dump_json()``, for the dicts ``graph_edges`` gives."""
    return pydantic_core.to_json(graph)


@router.get(
    "/graph.graphml",
    response_class=Response,
    summary="The actor graph as GraphML (Gephi)",
    responses={200: {"content": {"application/graphml+xml": {}}}},
)
def api_graphml(store: StoreDep, f: FiltersDep, top: Top = 0) -> Response:
    return Response(
        graphml_bytes(actor_graph(store, f, top=top or None)),
        media_type="application/graphml+xml",
        headers={"Content-Disposition": 'attachment; filename="kizashi-actors.graphml"'},
    )


@router.get("/watchlists", response_model=list[m.WatchlistOut], summary="Watchlists")
def api_watchlists(store: StoreDep) -> list[dict[str, Any]]:
    return list_watchlists(store)


def _detail(store: Store, watchlist_id: int, new_alerts: int = 0) -> dict[str, Any]:
    wl = _found(get_watchlist(store, watchlist_id), "watchlist")
    counts = {w["watchlist_id"]: w for w in list_watchlists(store)}[watchlist_id]
    resolved = resolve_entities(store, wl["entities"])
    return {**counts, "resolved": resolved, "new_alerts": new_alerts}


def _checked(request: Request, spec: WatchlistSpec) -> WatchlistSpec:
    """The spec with its event types checked against the taxonomy: an unknown one is a 400."""
    return parse_spec(spec.model_dump(), event_types=request.app.state.taxonomy.types)


@router.post(
    "/watchlists", response_model=m.WatchlistDetailOut, status_code=201, summary="Create a watchlist"
)
def api_create_watchlist(request: Request, store: StoreDep, spec: WatchlistSpec) -> dict[str, Any]:
    watchlist_id = save_watchlist(store, _checked(request, spec))
    return _detail(store, watchlist_id, len(check_watchlists(store, watchlist_id)))


@router.get("/watchlists/{watchlist_id}", response_model=m.WatchlistDetailOut, summary="A watchlist")
def api_watchlist(store: StoreDep, watchlist_id: int) -> dict[str, Any]:
    return _detail(store, watchlist_id)


@router.put("/watchlists/{watchlist_id}", response_model=m.WatchlistDetailOut, summary="Replace a watchlist")
def api_update_watchlist(
    request: Request, store: StoreDep, watchlist_id: int, spec: WatchlistSpec
) -> dict[str, Any]:
    _found(get_watchlist(store, watchlist_id), "watchlist")
    save_watchlist(store, _checked(request, spec), watchlist_id=watchlist_id)
    return _detail(store, watchlist_id, len(check_watchlists(store, watchlist_id)))


@router.delete("/watchlists/{watchlist_id}", status_code=204, summary="Delete a watchlist and its alerts")
def api_delete_watchlist(store: StoreDep, watchlist_id: int) -> Response:
    if not delete_watchlist(store, watchlist_id):
        raise HTTPException(404, "no such watchlist")
    return Response(status_code=204)


@router.get("/alerts", response_model=m.PageOut[m.AlertOut], summary="Alerts, newest first")
def api_alerts(
    store: StoreDep,
    watchlist_id: int | None = None,
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="raised on or after")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> queries.Page:
    since = check_date("since", since)  # a real date, else a 400 naming it
    return list_alerts(store, watchlist_id=watchlist_id, since=since, limit=limit, offset=offset)


@router.post("/alerts/check", response_model=m.CheckOut, summary="Raise the alerts not raised yet")
def api_check_alerts(store: StoreDep) -> dict[str, int]:
    return {"new_alerts": len(check_watchlists(store))}


def _found(value: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return value
