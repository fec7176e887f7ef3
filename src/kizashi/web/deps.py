"""What every route shares: the store, the filters of the query string, and page rendering."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from kizashi.desk.entity_filter import EntityFilter, parse_entity_filter
from kizashi.entities.gazetteer import Gazetteer, load_gazetteer
from kizashi.storage import Store
from kizashi.storage.event_lists import DEFAULT_SORT, EVENT_SORTS
from kizashi.storage.filters import check_confidence, check_sort, checked_filters
from kizashi.storage.queries import Filters

DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"  # empty: a blank form field
ID_PATTERN = r"^[A-Za-z0-9_:.-]{0,64}$"
ITEM_ID_PATTERN = r"^[A-Za-z0-9_:.-]{1,64}$"  # the ids of ids.py in a path
MAX_FILTER_CHARS = 200


def template_environment() -> Environment:
    """Autoescaped templates: the dashboard's, then the report's (the shared chart macros)."""
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("kizashi", "web/templates"), PackageLoader("kizashi", "report/templates")]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url
    return env


def http_url(value: object) -> str | None:
    """The URL if it is http(s), else None: a stored URL may be ``javascript:`` from a hostile feed."""
    if not isinstance(value, str):
        return None
    return value if urlsplit(value.strip()).scheme.lower() in {"http", "https"} else None


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_gazetteer(request: Request) -> Gazetteer:
    """The gazetteer search resolves entity names with, loaded on the first search (0.3 s) and kept
    with the app."""
    gazetteer: Gazetteer | None = getattr(request.app.state, "gazetteer", None)
    if gazetteer is None:
        gazetteer = request.app.state.gazetteer = load_gazetteer()
    return gazetteer


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    html = env.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


def filters(
    request: Request,
    date_from: Annotated[str | None, Query(max_length=40, description="on or after (YYYY-MM-DD)")] = None,
    date_to: Annotated[str | None, Query(max_length=40, description="on or before (YYYY-MM-DD)")] = None,
    event_type: Annotated[
        str | None, Query(max_length=40, description="event type, e.g. MEET (any case)")
    ] = None,
    mode: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    entity_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    source: Annotated[
        str | None, Query(max_length=MAX_FILTER_CHARS, description="a substring of the source")
    ] = None,
    listed: Annotated[
        bool, Query(description="only events whose actor or target is on a screening list")
    ] = False,
    entity: Annotated[
        str | None,
        Query(
            max_length=MAX_FILTER_CHARS,
            description="entity names in any script or spelling, separated by commas; -name leaves one out",
        ),
    ] = None,
    min_confidence: Annotated[str | None, Query(max_length=16, description="0..1, inclusive")] = None,
    cluster: Annotated[str | None, Query(pattern=ID_PATTERN, description="one real-world event")] = None,
) -> Filters:
    """The filters of a query string; empty strings (a form's blank fields) mean no filter. A date
    that is no date, an unknown type or status, a confidence outside 0..1 or a name that names no
    entity is a ``FilterError``: a 400 naming it."""
    named = EntityFilter()
    if entity and entity.strip():
        named = parse_entity_filter(request.app.state.store, get_gazetteer(request), entity)
    given = Filters(
        date_from=date_from or None,
        date_to=date_to or None,
        event_type=event_type or None,
        mode=mode or None,
        status=status or None,
        entity_id=entity_id or None,
        source=source or None,
        listed=listed,
        entity_ids=named.include_ids,
        exclude_ids=named.exclude_ids,
        min_confidence=check_confidence("min_confidence", min_confidence),
        cluster=cluster or None,
    )
    return checked_filters(given, request.app.state.taxonomy)


def event_sort(
    sort: Annotated[
        str | None, Query(max_length=16, description=f"one of {', '.join(EVENT_SORTS)} (- first: descending)")
    ] = None,
) -> str:
    """The order of an event list; an unknown one is a 400 naming it."""
    return check_sort("sort", sort, EVENT_SORTS, DEFAULT_SORT)


def search_filters(f: Filters) -> dict[str, Any]:
    """The list filters a search takes, the entity filter whole: every name it resolved to
    (any of them mentioned) and each ``-name`` left out, as on the events list."""
    return {
        "date_from": f.date_from, "date_to": f.date_to, "event_type": f.event_type, "source": f.source,
        "entity_id": f.entity_id, "entity_ids": f.entity_ids, "exclude_ids": f.exclude_ids,
    }  # fmt: skip
