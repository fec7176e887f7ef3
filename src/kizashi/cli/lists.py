"""Screening on the command line: ``kizashi lists`` (what is loaded), import, screen, matches, review,
remove.

``register(app)`` adds the ``lists`` group to the main Typer app. Thin like the rest of the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from kizashi.cli.printing import cell, json_line, lines_cell, say
from kizashi.config import Settings
from kizashi.errors import KizashiError
from kizashi.storage import Store, open_store

if TYPE_CHECKING:
    from kizashi.screening.run import ScreenResult

console = Console(stderr=True)
out = Console()

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or SQLAlchemy URL (default: $KIZASHI_DB or kizashi.db)"),
]
lists_app = typer.Typer(
    help="Sanctions and control lists: import them, screen the stored entities, review the matches.",
    invoke_without_command=True,
)
STATUSES = ("match", "possible", "confirmed", "rejected")
DECISIONS = {"confirm": "confirmed", "reject": "rejected"}


def _store(db: str | None) -> Store:
    settings = Settings()
    if db:
        settings = settings.model_copy(update={"db": db})
    try:
        return open_store(settings.db)
    except KizashiError as exc:
        say(console, f"error: {exc}", style="red")
        raise typer.Exit(2) from exc


def _fail(exc: KizashiError) -> typer.Exit:
    say(console, f"error: {exc}", style="red")
    return typer.Exit(2)


def screened_message(res: ScreenResult) -> str | None:
    """What a screening found, or None when no list is loaded."""
    if not res.stats.entries:
        return None
    s = res.stats
    return (
        f"screened {s.subjects} entities against {s.entries} list entries: {s.matches} matches "
        f"({res.new} new, {res.gone} gone), {s.candidates} candidate pairs scored"
    )


def say_screened(store: Store) -> None:
    """Screen the store against every loaded list and say what changed (nothing when none is loaded)."""
    from kizashi.desk.alerts import check_watchlists
    from kizashi.screening.run import screen_store

    res = screen_store(store)
    # a new match may make a party listed: watchlists on @listed raise alerts
    raised = check_watchlists(store) if res.new else []
    message = screened_message(res)
    if message:
        say(console, message)
    if raised:
        say(console, f"{len(raised)} new alerts")


@lists_app.callback()
def lists(ctx: typer.Context, db: DbOption = None) -> None:
    """The lists loaded: name, version, import date and number of entries."""
    if ctx.invoked_subcommand is not None:
        return
    from kizashi.storage.lists import list_summaries

    table = Table("list", "version", "imported", "format", "entries", "source")
    for row in list_summaries(_store(db)):
        table.add_row(
            cell(row["name"]), cell(row["version"]), cell(row["imported_at"]), cell(row["format"]),
            cell(row["entries"]), cell(row["source"]),
        )  # fmt: skip
    out.print(table)


@lists_app.command("import")
def lists_import(
    file: Annotated[Path, typer.Argument(help="FtM entities (JSON lines) or a CSV list")],
    name: Annotated[str, typer.Option(help="the list's name (a new version replaces its entries)")],
    version: Annotated[str | None, typer.Option(help="the list's version (default: today's date)")] = None,
    db: DbOption = None,
    screen: Annotated[bool, typer.Option(help="screen the stored entities afterwards")] = True,
) -> None:
    """Import a list file as a version of a list; a bad record refuses the whole file."""
    from kizashi.screening.run import import_list

    store = _store(db)
    try:
        res = import_list(store, file, name=name, version=version)
        say(
            console,
            f"list {name!r} version {res.version!r} ({res.format}): {res.load.entries} entries, "
            f"{len(res.load.added)} added, {len(res.load.removed)} removed",
        )
        if screen:
            say_screened(store)
    except KizashiError as exc:
        raise _fail(exc) from exc


@lists_app.command("versions")
def lists_versions(
    name: Annotated[str, typer.Argument(help="the list's name")],
    db: DbOption = None,
    changes: Annotated[
        bool, typer.Option(help="also name the entries each version added and removed")
    ] = False,
) -> None:
    """The versions of a list imported so far, with the entries each added and removed."""
    from kizashi.storage.lists import list_changes, list_versions

    store = _store(db)
    table = Table("version", "imported", "entries", "added", "removed", *(["changes"] if changes else []))
    for v in list_versions(store, name):
        extra = []
        if changes:
            extra = [
                lines_cell([f"{c['change']}: {c['caption']}" for c in list_changes(store, v["version_id"])])
            ]
        table.add_row(
            cell(v["version"]), cell(v["imported_at"]), cell(v["entries"]), cell(v["added"]),
            cell(v["removed"]), *extra,
        )  # fmt: skip
    out.print(table)


@lists_app.command("screen")
def lists_screen(db: DbOption = None) -> None:
    """Screen every stored entity against every loaded list and store the matches."""
    say_screened(_store(db))


@lists_app.command("matches")
def lists_matches(
    db: DbOption = None,
    status: Annotated[str | None, typer.Option(help=f"only this status: {', '.join(STATUSES)}")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table")] = False,
) -> None:
    """The matches found, best first, with their score and why they matched."""
    from kizashi.storage.matches import query_matches

    if status is not None and status not in STATUSES:
        raise _fail(KizashiError(f"--status is one of {', '.join(STATUSES)}, not {status!r}"))
    rows = query_matches(_store(db), status=status)
    if as_json:
        for r in rows:
            out.print(json_line(r), markup=False, highlight=False, soft_wrap=True)
        return
    table = Table("match", "status", "score", "entity", "list entry", "why")
    for r in rows:
        table.add_row(
            cell(r["match_id"]), cell(r["status"]), cell(f"{r['score']:.2f}"), cell(r["canonical"]),
            cell(f"{r['entry_caption']} ({r['list_name']})"), lines_cell(r["explanation"]),
        )  # fmt: skip
    out.print(table)


@lists_app.command("review")
def lists_review(
    match_id: Annotated[str, typer.Argument(help="the match's id (kizashi lists matches)")],
    decision: Annotated[str, typer.Argument(help="confirm or reject")],
    db: DbOption = None,
) -> None:
    """Confirm or reject a match; the decision holds over re-screening and re-imports."""
    from kizashi.storage.matches import review_match

    if decision not in DECISIONS:
        raise _fail(KizashiError(f"the decision is confirm or reject, not {decision!r}"))
    try:
        review_match(_store(db), match_id, DECISIONS[decision])
    except KizashiError as exc:
        raise _fail(exc) from exc
    say(console, f"match {match_id}: {DECISIONS[decision]}")


@lists_app.command("remove")
def lists_remove(
    name: Annotated[str, typer.Argument(help="the list's name (kizashi lists)")],
    db: DbOption = None,
    keep_reviews: Annotated[
        bool,
        typer.Option(help="keep the review decisions, to apply again if a list of this name is imported"),
    ] = False,
) -> None:
    """Remove a list: its entries, versions and matches, and the review decisions about its entries."""
    from kizashi.storage.list_removal import remove_list

    try:
        res = remove_list(_store(db), name, keep_reviews=keep_reviews)
    except KizashiError as exc:
        raise _fail(exc) from exc
    reviews = (
        f"{res.reviews_kept} review decisions kept" if keep_reviews else f"{res.reviews} review decisions"
    )
    say(
        console,
        f"list {name!r} removed: {res.entries} entries, {res.versions} versions, {res.matches} matches, "
        f"{reviews}",
    )


def register(app: typer.Typer) -> None:
    """Add the ``lists`` group to the main CLI."""
    app.add_typer(lists_app, name="lists")
