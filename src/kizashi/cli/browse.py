"""Reading the store on the terminal (#15): ``kizashi show ID`` and ``kizashi events``.

Thin like the rest of the CLI: one library call, then Rich tables whose cells are escaped text
(``cli/printing.py``), never markup. ``--format jsonl`` prints one JSON object a line for scripts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Column, Table
from rich.text import Text

from kizashi.cli.core import DbOption, _settings, _store, console, out
from kizashi.cli.printing import cell, json_line, lines_cell, printable, say
from kizashi.errors import KizashiError
from kizashi.storage import Store, event_views, queries
from kizashi.storage.actors import entity_names
from kizashi.storage.event_lists import DEFAULT_SORT, EVENT_SORTS, sorted_events
from kizashi.storage.queries import MAX_LIMIT, Filters

EVENT_FIELDS = (
    "event_id", "type", "mode", "status", "when", "date", "date_text", "actor1", "actor1_id", "actor2",
    "actor2_id", "location", "location_id", "confidence", "trigger", "evidence", "cluster", "story_id",
    "doc_id", "source", "title",
)  # fmt: skip


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"


FormatOption = Annotated[
    Format, typer.Option("--format", help="table: for reading; jsonl: one JSON object a line")
]


def print_jsonl(items: list[dict[str, Any]]) -> None:
    for item in items:
        out.print(json_line(item), markup=False, highlight=False, soft_wrap=True)


def id_column() -> Column:
    return Column("id", no_wrap=True, min_width=18)


def events_table(rows: list[dict[str, Any]], *, title: str = "") -> Table:
    # ids whole, never cut: they are what `kizashi show` takes
    table = Table(
        id_column(), "date", "type", "status", "actor", "counterpart", "evidence", title=cell(title)
    )
    for e in rows:
        table.add_row(
            cell(e["event_id"]), cell(e["when"] or ""), cell(e["type"]), cell(e["status"]),
            cell(e["actor1"] or ""), cell(e["actor2"] or ""), cell(e["evidence"]),
        )  # fmt: skip
    return table


def events(
    db: DbOption = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="an event type, e.g. MEET (any case)")
    ] = None,
    since: Annotated[str | None, typer.Option(help="on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="on or before (YYYY-MM-DD)")] = None,
    entity: Annotated[
        str | None,
        typer.Option(
            help="actors, counterparts or places: names in any script, or ids, separated by commas; "
            "-name leaves one out"
        ),
    ] = None,
    status: Annotated[str | None, typer.Option(help="happened, planned, … (any case)")] = None,
    min_confidence: Annotated[
        str | None, typer.Option("--min-confidence", help="only events this confident or more (0..1)")
    ] = None,
    cluster: Annotated[str | None, typer.Option(help="one real-world event's reports (a c_… id)")] = None,
    sort: Annotated[
        str | None, typer.Option(help=f"one of {', '.join(EVENT_SORTS)} (- first: descending)")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT)] = 50,
    format: FormatOption = Format.table,
) -> None:
    """Events, latest first or in the order --sort names, with their ids (for `kizashi show`)."""
    store = _store(_settings(db), create=False)
    try:  # every value is checked as the web checks it, naming the filter, before any query
        filters, order = _event_filters(
            store, event_type=event_type, since=since, until=until, entity=entity, status=status,
            min_confidence=min_confidence, cluster=cluster, sort=sort,
        )  # fmt: skip
    except KizashiError as exc:
        say(console, f"error: {exc}")
        raise typer.Exit(2) from exc
    rows = sorted_events(store, filters, sort=order, limit=limit).items
    if format is Format.jsonl:
        print_jsonl([{k: r.get(k) for k in EVENT_FIELDS} for r in rows])
        return
    named = entity_names(store, list(filters.entity_ids))
    title = f"{len(rows)} events" + (f" of {', '.join(named.values())}" if named else "")
    out.print(events_table(rows, title=title))


def _event_filters(
    store: Store,
    *,
    event_type: str | None,
    since: str | None,
    until: str | None,
    entity: str | None,
    status: str | None,
    min_confidence: str | None,
    cluster: str | None,
    sort: str | None,
) -> tuple[Filters, str]:
    """The options of ``kizashi events`` as the web's filters and order; a bad value is a
    ``FilterError`` naming it."""
    from kizashi.desk.entity_filter import EntityFilter, parse_entity_filter
    from kizashi.entities.gazetteer import load_gazetteer
    from kizashi.events.taxonomy import load_taxonomy
    from kizashi.storage.filters import check_confidence, check_sort, checked_filters

    named = parse_entity_filter(store, load_gazetteer(), entity) if entity else EntityFilter()
    given = Filters(
        date_from=since,
        date_to=until,
        event_type=event_type,
        status=status,
        entity_ids=named.include_ids,
        exclude_ids=named.exclude_ids,
        min_confidence=check_confidence("min_confidence", min_confidence),
        cluster=cluster or None,
    )
    return checked_filters(given, load_taxonomy()), check_sort("sort", sort, EVENT_SORTS, DEFAULT_SORT)


def show(
    item_id: Annotated[str, typer.Argument(help="a story id (s_…), event id (v_…) or cluster id (c_…)")],
    db: DbOption = None,
) -> None:
    """One story, event or cluster: its text, fields, explanation and reports."""
    store = _store(_settings(db), create=False)
    if item_id.startswith("v_") and (detail := event_views.event_detail(store, item_id)):
        _show_event(detail)
    elif item_id.startswith("c_") and (cluster := event_views.cluster_detail(store, item_id)):
        title = f"{cluster['type']}: {len(cluster['reports'])} reports, first report first"
        out.print(events_table(cluster["reports"], title=title))
    elif story := queries.story_detail(store, item_id):
        _show_story(story)
    else:
        say(console, f"error: no story, event or cluster has the id {item_id!r}")
        raise typer.Exit(1)


def _fields(pairs: list[tuple[str, object]]) -> Table:
    table = Table(show_header=False, box=None)
    for name, value in pairs:
        table.add_row(Text(name, style="bold"), cell("" if value is None else value))
    return table


def _show_event(detail: dict[str, Any]) -> None:
    e, doc = detail["event"], detail["document"]
    basis = f"written {e['date_text']}" if e["date_text"] else "from the story"
    out.print(
        _fields(
            [
                ("event", e["event_id"]), ("type", f"{e['type']} ({e['mode']})" if e["mode"] else e["type"]),
                ("status", e["status"]), ("date", f"{e['when'] or 'unknown'} ({basis})"),
                ("actor", e["actor1"]), ("counterpart", e["actor2"]), ("place", e["location"]),
                ("confidence", e["confidence"]), ("trigger", e["trigger"]), ("story", e["story_id"]),
                ("source", doc["url"] or doc["source"]), ("cluster", e["cluster"]),
            ]
        )
    )  # fmt: skip
    out.print(Text("why", style="bold"))
    for line in e["explanation"]:
        out.print(cell("  " + line))
    evidence = Text()
    for seg in detail["segments"]:
        if seg["kind"] != "text":
            evidence.append(
                printable(seg["text"]), style="bold reverse" if seg["kind"] == "trigger" else "bold"
            )
    out.print(Text("evidence", style="bold"))
    out.print(evidence)
    if len(detail["reports"]) > 1:
        out.print(events_table(detail["reports"], title="reports of the same event, first report first"))


def _show_story(detail: dict[str, Any]) -> None:
    story, doc = detail["story"], detail["document"]
    out.print(
        _fields(
            [
                ("story", story["story_id"]), ("headline", story["headline"] or doc["title"]),
                ("date", story["pub_date"]), ("source", doc["url"] or doc["source"]),
            ]
        )
    )  # fmt: skip
    out.print(lines_cell(story["text"].split("\n")))
    out.print(events_table(detail["events"], title="events in this story"))


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command()(events)
