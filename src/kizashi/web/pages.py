"""The dashboard's HTML pages. Thin: read with ``queries``, render an autoescaped template."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kizashi.desk.alerts import check_watchlists, list_alerts
from kizashi.desk.search import search_desk
from kizashi.desk.watchlists import (
    delete_watchlist,
    get_watchlist,
    list_watchlists,
    parse_spec,
    resolve_entities,
    save_watchlist,
)
from kizashi.entities.gazetteer import Gazetteer
from kizashi.errors import KizashiError
from kizashi.events.taxonomy import Taxonomy
from kizashi.report.charts import bar_chart, column_chart, overview_charts
from kizashi.storage import Store, counts, event_views, queries
from kizashi.storage.actors import entity_detail, entity_names, list_entities
from kizashi.storage.event_lists import EVENT_SORTS, sorted_events
from kizashi.storage.matches import query_matches, review_match
from kizashi.storage.queries import Filters
from kizashi.storage.search import MAX_QUERY_CHARS
from kizashi.web.deps import (
    ITEM_ID_PATTERN,
    event_sort,
    filters,
    get_gazetteer,
    get_store,
    render,
    search_filters,
)

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Filters, Depends(filters)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=200)]
SortDep = Annotated[str, Depends(event_sort)]
ItemId = Annotated[str, Path(pattern=ITEM_ID_PATTERN)]
PAGE = 50
QID = re.compile(r"^Q[1-9][0-9]{0,12}$")


def _filter_context(store: Store, f: Filters, request: Request | None = None) -> dict[str, Any]:
    names = entity_names(store, [f.entity_id]) if f.entity_id else {}
    named = entity_names(store, [*f.entity_ids, *f.exclude_ids])
    return {
        "f": f,
        "facets": counts.event_facets(store),
        "entity_name": names.get(f.entity_id or ""),
        "entity_text": request.query_params.get("entity", "") if request else "",
        "included": [named[i] for i in f.entity_ids if i in named],
        "excluded": [named[i] for i in f.exclude_ids if i in named],
        "query": request.url.query if request else "",
    }


def _taxonomy_choices(request: Request) -> dict[str, list[str]]:
    tax: Taxonomy = request.app.state.taxonomy  # loaded once, in create_app
    modes = sorted({tr.mode for tr in tax.triggers.values() if tr.mode})
    return {"types": sorted(tax.types), "modes": modes}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    return render(
        request,
        "home.html",
        counts=store.cached_counts(),
        overview=overview_charts(store, type_href="/events?event_type={}"),
        events=queries.list_events(store, limit=15).items,
        stories=queries.list_stories(store, limit=15).items,
        alerts=list_alerts(store, limit=5).items,
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    gazetteer: Annotated[Gazetteer, Depends(get_gazetteer)],
    f: FiltersDep,
    q: Annotated[str, Query(max_length=4 * MAX_QUERY_CHARS)] = "",
    offset: Offset = 0,
) -> HTMLResponse:
    page, error = None, None
    if q.strip():
        try:
            page = search_desk(store, gazetteer, q, **search_filters(f), limit=PAGE, offset=offset)
        except KizashiError as exc:
            error = str(exc)
    status = 400 if error else 200
    ctx = _filter_context(store, f, request)
    return render(
        request, "search.html", status, q=q, page=page, error=error, offset=offset, limit=PAGE, **ctx
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, store: StoreDep, f: FiltersDep, sort: SortDep, offset: Offset = 0, limit: Limit = PAGE
) -> HTMLResponse:
    page = sorted_events(store, f, sort=sort, limit=limit, offset=offset)
    return render(
        request, "events.html", page=page, clusters=event_views.count_clusters(store, f), sort=sort,
        sorts=list(EVENT_SORTS), sizes=event_views.cluster_sizes(store, [e["cluster"] for e in page.items]),
        **_filter_context(store, f, request),
    )  # fmt: skip


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: StoreDep, event_id: ItemId) -> HTMLResponse:
    detail = event_views.event_detail(store, event_id)
    if detail is None:
        raise HTTPException(404, "no such event")
    return render(request, "event.html", **detail)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, store: StoreDep, cluster_id: ItemId) -> HTMLResponse:
    detail = event_views.cluster_detail(store, cluster_id)
    if detail is None:
        raise HTTPException(404, "no such cluster")
    return render(request, "cluster.html", **detail)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, store: StoreDep, story_id: ItemId) -> HTMLResponse:
    detail = queries.story_detail(store, story_id)
    if detail is None:
        raise HTTPException(404, "no such story")
    spans = event_views.event_spans(store, story_id)
    blocks = event_views.story_blocks(detail["story"], detail["mentions"], detail["events"], spans)
    return render(request, "story.html", blocks=blocks, **detail)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    type: Annotated[str, Query(max_length=16)] = "",
    offset: Offset = 0,
) -> HTMLResponse:
    page = list_entities(store, q=q or None, type=type or None, limit=PAGE, offset=offset)
    return render(request, "entities.html", page=page, q=q, type=type)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(
    request: Request,
    store: StoreDep,
    entity_id: ItemId,
    actor_offset: Offset = 0,
    target_offset: Offset = 0,
    limit: Limit = PAGE,
) -> HTMLResponse:
    detail = entity_detail(
        store, entity_id, limit=limit, actor_offset=actor_offset, target_offset=target_offset
    )
    if detail is None:
        raise HTTPException(404, "no such entity")
    qid = detail["entity"]["wikidata"]
    return render(
        request,
        "entity.html",
        **detail,
        list_entries=query_matches(store, entity_id=entity_id),
        actor_page=queries.Page(detail["as_actor_total"], limit, actor_offset),
        target_page=queries.Page(detail["as_target_total"], limit, target_offset),
        qid=qid if qid and QID.match(qid) else None,
        mentions_chart=column_chart(detail["mentions_over_time"], title="Mentions over time"),
        co_chart=bar_chart(
            [(c["canonical"], c["stories"]) for c in detail["co_occurring"][:12]],
            title="Co-occurring actors (stories)",
        ),
    )


REVIEW = {"confirm": "confirmed", "reject": "rejected"}  # the CLI's words (kizashi lists review)


@router.post("/entities/{entity_id}/matches/{match_id}")
def review_entity_match(
    store: StoreDep,
    entity_id: ItemId,
    match_id: ItemId,
    decision: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """A reviewer confirms or rejects a list match from the entity page; the decision is kept for
    the (entry, entity) pair, over re-screens and re-imports, as ``kizashi lists review`` keeps it."""
    if decision not in REVIEW:
        raise HTTPException(400, "the decision is confirm or reject")
    if not any(m["match_id"] == match_id for m in query_matches(store, entity_id=entity_id)):
        raise HTTPException(404, "no such match for this entity")
    review_match(store, match_id, REVIEW[decision])
    return RedirectResponse(f"/entities/{entity_id}#lists", status_code=303)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, store: StoreDep, f: FiltersDep) -> HTMLResponse:
    return render(request, "timeline.html", **_filter_context(store, f, request))


GRAPH_TOP = 40  # actors drawn by default: more stay readable only when zoomed in


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    request: Request, store: StoreDep, f: FiltersDep, top: Annotated[int, Query(ge=0, le=2000)] = GRAPH_TOP
) -> HTMLResponse:
    query = request.url.include_query_params(top=top).query
    return render(request, "graph.html", top=top, **{**_filter_context(store, f, request), "query": query})


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(
    request: Request, store: StoreDep, watchlist_id: int | None = None, offset: Offset = 0
) -> HTMLResponse:
    page = list_alerts(store, watchlist_id=watchlist_id, limit=PAGE, offset=offset)
    return render(request, "alerts.html", page=page, watchlists=list_watchlists(store))


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(
        request,
        "watchlists.html",
        watchlists=list_watchlists(store),
        choices=_taxonomy_choices(request),
        form={},
    )


FormText = Annotated[str, Form(max_length=10_000)]
FormList = Annotated[list[str], Form()]


def _spec_from_form(
    request: Request,
    name: str,
    entities: str,
    event_types: list[str],
    modes: list[str],
    keywords: str,
    *,
    country_bodies: bool,
) -> Any:
    return parse_spec(
        {
            "name": name,
            "entities": entities,
            "event_types": event_types,
            "modes": modes,
            "keywords": keywords,
            "country_bodies": country_bodies,
        },
        where="watchlist",
        event_types=request.app.state.taxonomy.types,
    )


def _country_bodies(checkbox: str, shown: str) -> bool:
    """An unticked checkbox sends nothing: off only when the form showed it (``shown``) unticked;
    a client posting without it keeps the default, on."""
    return checkbox == "true" or not shown


@router.post("/watchlists", response_class=HTMLResponse)
def create_watchlist(
    request: Request,
    store: StoreDep,
    name: FormText = "",
    entities: FormText = "",
    keywords: FormText = "",
    event_types: FormList = [],  # noqa: B006 - FastAPI copies defaults per request
    modes: FormList = [],  # noqa: B006
    country_bodies: FormText = "",
    country_bodies_shown: FormText = "",
) -> Response:
    bodies = _country_bodies(country_bodies, country_bodies_shown)
    form = {
        "name": name,
        "entities": entities,
        "keywords": keywords,
        "event_types": event_types,
        "modes": modes,
        "country_bodies": bodies,
    }
    try:
        spec = _spec_from_form(request, name, entities, event_types, modes, keywords, country_bodies=bodies)
        watchlist_id = save_watchlist(store, spec)
    except KizashiError as exc:
        return render(
            request, "watchlists.html", 400, watchlists=list_watchlists(store),
            choices=_taxonomy_choices(request), form=form, error=str(exc),
        )  # fmt: skip
    check_watchlists(store, watchlist_id)
    return RedirectResponse(f"/watchlists/{watchlist_id}", status_code=303)


@router.get("/watchlists/{watchlist_id}", response_class=HTMLResponse)
def watchlist_page(request: Request, store: StoreDep, watchlist_id: int, offset: Offset = 0) -> HTMLResponse:
    wl = get_watchlist(store, watchlist_id)
    if wl is None:
        raise HTTPException(404, "no such watchlist")
    return render(
        request,
        "watchlist.html",
        wl=wl,
        resolved=resolve_entities(store, wl["entities"]),
        page=list_alerts(store, watchlist_id=watchlist_id, limit=PAGE, offset=offset),
        choices=_taxonomy_choices(request),
        form={**wl, "entities": ", ".join(wl["entities"]), "keywords": ", ".join(wl["keywords"])},
    )


@router.post("/watchlists/{watchlist_id}", response_class=HTMLResponse)
def edit_watchlist(
    request: Request,
    store: StoreDep,
    watchlist_id: int,
    name: FormText = "",
    entities: FormText = "",
    keywords: FormText = "",
    event_types: FormList = [],  # noqa: B006
    modes: FormList = [],  # noqa: B006
    country_bodies: FormText = "",
    country_bodies_shown: FormText = "",
) -> Response:
    wl = get_watchlist(store, watchlist_id)
    if wl is None:
        raise HTTPException(404, "no such watchlist")
    bodies = _country_bodies(country_bodies, country_bodies_shown)
    try:
        spec = _spec_from_form(request, name, entities, event_types, modes, keywords, country_bodies=bodies)
        save_watchlist(store, spec, watchlist_id=watchlist_id)
    except KizashiError as exc:
        form = {
            "name": name,
            "entities": entities,
            "keywords": keywords,
            "event_types": event_types,
            "modes": modes,
            "country_bodies": bodies,
        }
        return render(
            request, "watchlist.html", 400, wl=wl, resolved=resolve_entities(store, wl["entities"]),
            page=list_alerts(store, watchlist_id=watchlist_id, limit=PAGE), choices=_taxonomy_choices(request),
            form=form, error=str(exc),
        )  # fmt: skip
    check_watchlists(store, watchlist_id)
    return RedirectResponse(f"/watchlists/{watchlist_id}", status_code=303)


@router.post("/watchlists/{watchlist_id}/delete")
def remove_watchlist(store: StoreDep, watchlist_id: int) -> Response:
    if not delete_watchlist(store, watchlist_id):
        raise HTTPException(404, "no such watchlist")
    return RedirectResponse("/watchlists", status_code=303)


@router.post("/alerts/check")
def check_alerts(store: StoreDep) -> Response:
    check_watchlists(store)
    return RedirectResponse("/alerts", status_code=303)
