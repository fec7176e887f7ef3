"""The analyst's desk on the command line: serve, alerts, watch, watchlist add/list/remove.

``register(app)`` adds the commands to the main Typer app (``kizashi.cli``). Thin like the rest of
the CLI: parse, call one library function, print. (``kizashi search`` lives in ``kizashi.cli.core``.)
"""

from __future__ import annotations

import ipaddress
import math
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kizashi.cli.printing import cell, json_line, say
from kizashi.config import Settings
from kizashi.errors import KizashiError
from kizashi.storage import Store, open_store

console = Console(stderr=True)
out = Console()

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or SQLAlchemy URL (default: $KIZASHI_DB or kizashi.db)"),
]
watchlist_app = typer.Typer(help="Create, list and remove watchlists.", no_args_is_help=True)


def _settings(db: str | None) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"db": db}) if db else settings


def _store(settings: Settings, *, create: bool = True) -> Store:
    """The store; a read command passes ``create=False`` and so never makes an empty database."""
    try:
        return open_store(settings.db, create=create)
    except KizashiError as exc:
        say(console, f"error: {exc}")
        raise typer.Exit(2) from exc


def _fail(exc: KizashiError) -> typer.Exit:
    say(console, f"error: {exc}")
    return typer.Exit(2)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the dashboard and the JSON API (/api/, OpenAPI spec at /api/openapi.json)."""
    try:
        import uvicorn

        from kizashi.web import create_app
    except ImportError as exc:
        say(console, "error: the web extra is not installed: pip install 'kizashi[web]'")
        raise typer.Exit(2) from exc
    settings = _settings(db)
    local = is_loopback(host)
    allowed = ["127.0.0.1", "localhost", "[::1]", "::1"] if local else None
    try:
        app = create_app(settings, allowed_hosts=allowed, create=False)
    except KizashiError as exc:
        raise _fail(exc) from exc
    shown = f"[{host}]" if ":" in host else host
    where = "loopback only" if local else "REACHABLE FROM OTHER MACHINES, no authentication"
    say(console, f"serving {settings.db} on http://{shown}:{port}/ ({where}) · Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def alerts(
    db: DbOption = None,
    watchlist: Annotated[str | None, typer.Option(help="only this watchlist (by name)")] = None,
    since: Annotated[str | None, typer.Option(help="raised on or after (YYYY-MM-DD)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    format: Annotated[str, typer.Option("--format", help="table | jsonl")] = "table",
    check: Annotated[bool, typer.Option(help="raise the alerts not raised yet first")] = True,
) -> None:
    """List the alerts the watchlists raised, newest first."""
    from kizashi.desk.alerts import check_watchlists, list_alerts
    from kizashi.desk.watchlists import find_watchlist
    from kizashi.storage.filters import check_date

    if format not in {"table", "jsonl"}:
        raise _fail(KizashiError(f"unknown format {format!r}: table or jsonl"))
    try:
        since = check_date("--since", since)
    except KizashiError as exc:
        raise _fail(exc) from exc
    store = _store(_settings(db), create=False)
    watchlist_id = None
    if watchlist:
        found = find_watchlist(store, watchlist)
        if found is None:
            raise _fail(KizashiError(f"no watchlist named {watchlist!r}"))
        watchlist_id = found["watchlist_id"]
    if check:
        check_watchlists(store, watchlist_id)
    page = list_alerts(store, watchlist_id=watchlist_id, since=since, limit=limit)
    if format == "jsonl":
        for item in page.items:
            out.print(json_line(item), markup=False, highlight=False, soft_wrap=True)
        return
    table = Table("raised", "watchlist", "date", "what", "evidence", "why", title=f"{page.total} alerts")
    for a in page.items:
        table.add_row(
            cell(a["created_at"][:16]), cell(a["watchlist"]), cell(a["pub_date"] or ""),
            cell(a["event_type"] or "story"), cell(a["evidence"]), cell("; ".join(a["reasons"])),
        )  # fmt: skip
    out.print(table)


def watch(
    targets: Annotated[list[str], typer.Argument(help="folders, feed files (.xml .rss .atom) or feed URLs")],
    db: DbOption = None,
    interval: Annotated[float, typer.Option(min=5, help="seconds between rounds")] = 300.0,
    once: Annotated[bool, typer.Option(help="one round, then exit")] = False,
    fetch_pages: Annotated[bool, typer.Option(help="fetch each feed entry's article page")] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="a host that may be fetched although it is internal (loopback, private); repeatable",
        ),
    ] = None,
) -> None:
    """Poll folders and RSS/Atom feeds, ingest what is new and raise alerts, until stopped (Ctrl-C).

    With --once the exit status is 3 when some input was skipped or is left for a later round."""
    from kizashi.cli.lists import screened_message
    from kizashi.desk.watch import SETTLE_SECONDS, PollResult, Watcher
    from kizashi.desk.watch import watch as run_watch

    settings = _settings(db)
    store = _store(settings)
    try:
        watcher = Watcher(
            targets, settings=settings, store=store, fetch_pages=fetch_pages, allow_hosts=allow_host or ()
        )
    except KizashiError as exc:
        raise _fail(exc) from exc

    results: list[PollResult] = []

    def report(result: PollResult) -> None:
        results.append(result)
        for err in result.errors:
            say(console, f"skipped: {err}", style="yellow")
        say(
            console,
            f"{result.files} new files, {result.entries} new feed entries, {result.stored} stored, "
            f"{len(result.alerts)} new alerts",
        )
        if result.settling:
            say(
                console,
                f"{result.settling} file{'s' if result.settling != 1 else ''} changed in the last {SETTLE_SECONDS:g} s skipped (they may still "
                f"be being written): run again in {math.ceil(result.settle_wait)} s",
                style="yellow",
            )
        if result.refused_files:
            n = result.refused_files
            say(
                console,
                f"{n} special file{'s' if n != 1 else ''} (FIFO, device, socket) refused: not tried again",
                style="yellow",
            )
        screened = screened_message(result.screened) if result.screened else None
        if screened:
            say(console, screened)
        if result.entries or result.retrying or result.waiting:
            say(
                console,
                f"feed entries: {result.seen} marked seen, {result.refused} refused, "
                f"{result.retrying} to retry, {result.waiting} waiting to retry",
            )
        for a in result.alerts:
            say(
                console,
                f"ALERT [{a['watchlist']}] {a['pub_date'] or ''} {a['event_type'] or a['kind']}: {a['evidence']}",
            )

    if not once:
        say(console, f"watching {len(targets)} targets every {interval:g} s · Ctrl-C stops")
    try:
        run_watch(
            watcher, interval=interval, stop=threading.Event(), rounds=1 if once else None, on_poll=report
        )
    except KeyboardInterrupt:
        say(console, "stopped")
    last = results[-1] if results else None
    if once and last and (last.errors or last.retrying or last.waiting or last.settling):
        raise typer.Exit(3)  # as `kizashi run`: something was skipped or left for later


@watchlist_app.command("add")
def watchlist_add(
    file: Annotated[Path | None, typer.Argument(help="YAML file with one or more watchlists")] = None,
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="name (without a file)")] = None,
    entity: Annotated[list[str] | None, typer.Option(help="entity name, QID or id (repeatable)")] = None,
    event_type: Annotated[list[str] | None, typer.Option("--type", help="event type (repeatable)")] = None,
    mode: Annotated[list[str] | None, typer.Option(help="event mode (repeatable)")] = None,
    keyword: Annotated[list[str] | None, typer.Option(help="keyword (repeatable)")] = None,
    country_bodies: Annotated[
        bool, typer.Option(help="a country among the entities also matches its bodies and officials")
    ] = True,
) -> None:
    """Add watchlists from a YAML file, or one from the options; a name already used is replaced."""
    from kizashi.desk.alerts import check_watchlists
    from kizashi.desk.watchlists import load_watchlists, parse_spec, upsert_by_name
    from kizashi.events.taxonomy import load_taxonomy

    store = _store(_settings(db))
    types = load_taxonomy().types  # an unknown type is refused, as the event filters refuse it
    try:
        if file is not None:
            specs = load_watchlists(file, event_types=types)
        elif name:
            data: dict[str, Any] = {
                "name": name, "entities": entity or [], "event_types": event_type or [],
                "modes": mode or [], "keywords": keyword or [], "country_bodies": country_bodies,
            }  # fmt: skip
            specs = [parse_spec(data, event_types=types)]
        else:
            raise KizashiError("give a YAML file or --name with at least one condition")
        for spec in specs:
            watchlist_id = upsert_by_name(store, spec)
            new = check_watchlists(store, watchlist_id)
            say(console, f"watchlist {spec.name!r}: saved, {len(new)} new alerts")
    except KizashiError as exc:
        raise _fail(exc) from exc


@watchlist_app.command("list")
def watchlist_list(db: DbOption = None) -> None:
    """The watchlists and how many alerts each raised."""
    from kizashi.desk.watchlists import list_watchlists

    table = Table("name", "entities", "types", "modes", "keywords", "country bodies", "alerts")
    for w in list_watchlists(_store(_settings(db), create=False)):
        table.add_row(
            cell(w["name"]), cell(", ".join(w["entities"])), cell(", ".join(w["event_types"])),
            cell(", ".join(w["modes"])), cell(", ".join(w["keywords"])),
            cell("yes" if w["country_bodies"] else "no"), cell(w["alerts"]),
        )  # fmt: skip
    out.print(table)


@watchlist_app.command("remove")
def watchlist_remove(
    name: Annotated[str, typer.Argument(help="the watchlist's name")], db: DbOption = None
) -> None:
    """Remove a watchlist and its alerts."""
    from kizashi.desk.watchlists import delete_watchlist, find_watchlist

    store = _store(_settings(db), create=False)
    found = find_watchlist(store, name)
    if found is None:
        raise _fail(KizashiError(f"no watchlist named {name!r}"))
    delete_watchlist(store, found["watchlist_id"])
    say(console, f"watchlist {name!r} removed")


def register(app: typer.Typer) -> None:
    """Add the desk's commands to the main CLI."""
    app.command()(serve)
    app.command()(alerts)
    app.command()(watch)
    app.add_typer(watchlist_app, name="watchlist")
