"""The command line (Typer + Rich). Thin: parse arguments, call one library function, print a summary."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from kizashi.cli.printing import EscapingFormatter, cell, json_line, lines_cell, printable, say
from kizashi.config import DEFAULT_DB, Settings, validation_reasons
from kizashi.errors import KizashiError
from kizashi.storage import Store, open_store

app = typer.Typer(
    help="Kizashi: economic-security news intelligence for Japanese web pages.", no_args_is_help=True
)
console = Console(stderr=True)
out = Console()


class Engine(StrEnum):
    """Where `kizashi run` analyses: in this process, or mapped over a Dask cluster."""

    local = "local"
    dask = "dask"


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or SQLAlchemy URL (default: $KIZASHI_DB or kizashi.db)"),
]


def _settings(db: str | None, **overrides: object) -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:  # a bad KIZASHI_ variable: name it, no traceback
        for key, reason in validation_reasons(exc):
            say(console, f"error: KIZASHI_{key.upper()}: {reason}", style="red")
        raise typer.Exit(2) from exc
    values = {k: v for k, v in overrides.items() if v is not None}
    if db:
        values["db"] = db
    return settings.model_copy(update=values)


def _store(settings: Settings, *, create: bool = True) -> Store:
    """The store; a read command passes ``create=False`` and so never makes an empty database."""
    try:
        return open_store(settings.db, create=create)
    except KizashiError as exc:
        say(console, f"error: {exc}", style="red")
        raise typer.Exit(2) from exc


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="files or folders: .txt .html .htm .jsonl .parquet")],
    db: DbOption = None,
    export: Annotated[Path | None, typer.Option(help="also write the JSON lines export here")] = None,
    report: Annotated[Path | None, typer.Option(help="also write the HTML report here")] = None,
    date: Annotated[str | None, typer.Option(help="publication date to assume (YYYY-MM-DD)")] = None,
    reanalyse: Annotated[bool, typer.Option(help="analyse documents already stored again")] = False,
    engine: Annotated[Engine, typer.Option(help="local: this process; dask: a Dask cluster")] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="--engine dask: scheduler address (default: a local cluster)")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="--engine dask without --scheduler: worker processes, one thread each")
    ] = 2,
) -> None:
    """Ingest, analyse and store documents; exit 1 only when nothing could be processed."""
    from kizashi.runners.local import RunStats
    from kizashi.runners.local import run as run_local

    runner: Callable[..., RunStats] = run_local
    if engine is Engine.dask:
        from kizashi.runners.dask import run_dask  # dask is imported only for this engine

        runner = partial(run_dask, scheduler=scheduler, workers=workers)

    settings = _settings(db, given_date=date)
    store = _store(settings)
    # the spinner turns while a step has no count yet (reading input, loading models: seconds)
    with Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task("starting", total=None)
        stats = runner(
            paths,
            settings=settings,
            store=store,
            reanalyse=reanalyse,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            phase=lambda step: bar.update(task, description=f"{step}…"),
        )
    for err in stats.errors:
        # one line per input, never wrapped, escaped: the message names the input and the reason
        say(console, f"skipped: {err}", style="yellow")
    say(
        console,
        f"{stats.stored} stored, {stats.skipped} unchanged, {stats.duplicates} near-duplicates, "
        f"{stats.failed} failed · database: {settings.db}",
    )
    if stats.lost:
        # what was committed before stays; the next run on the same input stores the rest
        say(
            console,
            f"error: the database failed, {stats.not_stored} analysed document(s) not stored: {stats.lost}",
            style="red",
        )
        raise typer.Exit(2)
    from kizashi.cli.lists import say_screened

    say_screened(store)  # new entities against the loaded lists (nothing when none is loaded)
    if export:
        from kizashi.exports.jsonl import export_jsonl

        n = export_jsonl(store, export)
        say(console, f"export: {n} documents -> {export}")
    if report:
        from kizashi.report.render import write_report

        write_report(store, report)
        say(console, f"report: {report.resolve()}")
    if stats.failed and not (stats.stored or stats.skipped or stats.duplicates):
        raise typer.Exit(1)
    if stats.failed:
        raise typer.Exit(3)  # partial success: some inputs were skipped, the rest is stored


@app.command("export")
def export_cmd(
    db: DbOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonl | ftm | ftm-statements | plover | csv (with --out: the entities CSV beside it)"
            " | entities-csv | parquet",
        ),
    ] = "jsonl",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="output file (default: stdout for jsonl)")
    ] = None,
) -> None:
    """Write everything stored in an exchange format."""
    from kizashi.exports import formats as exporters

    store = _store(_settings(db), create=False)
    try:
        n = exporters.write(store, format, out_file)
        say(console, f"{n} records written" + (f" to {out_file}" if out_file else ""))
        if format == "csv" and out_file is not None:  # the entities table goes beside the events
            beside = exporters.entities_beside(out_file)
            m = exporters.write(store, "entities-csv", beside)
            say(console, f"{m} entities written to {beside}")
    except KizashiError as exc:
        say(console, f"error: {exc}")
        raise typer.Exit(2) from exc


@app.command()
def report(
    db: DbOption = None,
    out_file: Annotated[Path, typer.Option("--out", help="HTML file to write")] = Path("kizashi-report.html"),
) -> None:
    """Write the self-contained HTML report."""
    from kizashi.report.render import write_report

    try:
        path = write_report(_store(_settings(db), create=False), out_file)
    except KizashiError as exc:
        say(console, f"error: {exc}")
        raise typer.Exit(2) from exc
    say(console, f"report: {path.resolve()}")


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts of what the database holds, and the stage versions its documents came from."""
    store = _store(_settings(db), create=False)
    table = Table("what", "count")
    for k, v in store.counts().items():
        table.add_row(cell(k), cell(v))
    out.print(table)
    versions = Table("documents", "stage versions")
    for stages, n in store.stage_versions():
        # one stage a line; "unknown": stored before stage versions were saved
        versions.add_row(cell(n), lines_cell(list(stages)) if stages is not None else cell("unknown"))
    out.print(versions)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="words to find (one or two characters work too: 米, 会談)")],
    db: DbOption = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="stories published on or after (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="stories published on or before")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="only stories with an event of this type")
    ] = None,
    source: Annotated[str | None, typer.Option(help="only documents whose source contains this")] = None,
    entity: Annotated[
        str | None,
        typer.Option(
            help="only stories mentioning one of these names (any script, separated by commas); "
            "-name leaves out the stories that mention it"
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    format: Annotated[
        str, typer.Option("--format", help="table: for reading; jsonl: one JSON object a line")
    ] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="the same as --format jsonl")] = False,
) -> None:
    """Search story text, and the stories that mention an entity the query names (any script)."""
    from dataclasses import asdict

    from kizashi.cli.browse import id_column
    from kizashi.desk.entity_filter import EntityFilter, parse_entity_filter
    from kizashi.desk.search import search_desk
    from kizashi.entities.gazetteer import load_gazetteer
    from kizashi.events.taxonomy import load_taxonomy
    from kizashi.storage.filters import checked_filters
    from kizashi.storage.queries import Filters

    if format not in {"table", "jsonl"}:
        say(console, f"error: --format is table or jsonl, not {format!r}")
        raise typer.Exit(2)
    store = _store(_settings(db), create=False)
    gazetteer = load_gazetteer()
    try:
        named = parse_entity_filter(store, gazetteer, entity) if entity else EntityFilter()
        f = checked_filters(
            Filters(date_from=date_from, date_to=date_to, event_type=event_type), load_taxonomy()
        )
        page = search_desk(
            store, gazetteer, query, date_from=f.date_from, date_to=f.date_to, event_type=f.event_type,
            source=source, limit=limit, entity_ids=named.include_ids, exclude_ids=named.exclude_ids,
        )  # fmt: skip
    except KizashiError as exc:
        say(console, f"error: {exc}")
        raise typer.Exit(2) from exc
    if as_json or format == "jsonl":
        for hit in page.hits:
            item = asdict(hit)
            item["segments"] = [{"text": t, "match": m} for t, m in hit.segments]
            out.print(json_line(item), markup=False, highlight=False, soft_wrap=True)
        return
    for m in page.entities:
        say(out, f"{m.words!r} matched the entity {m.canonical} ({m.type}, {m.entity_id})")
    # story text and the query are plain text, never Rich markup ([/b] in a story crashed this, #15),
    # and escaped: control characters in titles and sources never reach the terminal raw (#16)
    table = Table(
        id_column(), "date", "story", "snippet", title=cell(f"{page.total} stories match {page.query!r}")
    )
    for hit in page.hits:
        snippet = Text()
        for piece, is_match in hit.segments:
            snippet.append(printable(piece), style="bold" if is_match else "")
        for e in hit.events:  # each result's events, with the ids `kizashi show` takes
            snippet.append("\n" + printable(f"{e.type} {e.event_id}"), style="dim")
        table.add_row(cell(hit.story_id), cell(hit.pub_date or ""), cell(hit.title or hit.source), snippet)
    out.print(table)


def main() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(EscapingFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        app()
    except KizashiError as exc:
        say(console, f"error: {exc}")
        sys.exit(2)


__all__ = ["DEFAULT_DB", "app", "main"]
