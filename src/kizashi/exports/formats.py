"""Every export format behind one entry point; each format lives in its own module."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kizashi.errors import KizashiError
from kizashi.storage import Store


def _writers() -> dict[str, Callable[[Store, TextIO], int]]:
    from kizashi.exports.entities import write_entities_csv
    from kizashi.exports.events import write_csv
    from kizashi.exports.ftm import write_ftm
    from kizashi.exports.ftm_matches import write_ftm_statements
    from kizashi.exports.jsonl import write_jsonl
    from kizashi.exports.plover import write_plover

    return {
        "jsonl": write_jsonl, "ftm": write_ftm, "ftm-statements": write_ftm_statements,
        "plover": write_plover, "csv": write_csv, "entities-csv": write_entities_csv,
    }  # fmt: skip


FORMATS = ("jsonl", "ftm", "ftm-statements", "plover", "csv", "entities-csv", "parquet")


def entities_beside(events_csv: Path) -> Path:
    """Where ``--format csv --out events.csv`` puts its entities table: ``events.entities.csv``."""
    return events_csv.with_name(f"{events_csv.stem}.entities.csv")


def write(store: Store, fmt: str, out: Path | None) -> int:
    if fmt == "parquet":  # a folder of tables (documents, entities, events), not one stream
        if out is None:
            raise KizashiError("--format parquet needs --out FOLDER")
        from kizashi.exports.parquet import export_parquet

        return export_parquet(store, out)
    writers = _writers()
    if fmt not in writers:
        raise KizashiError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if out is None:
        return writers[fmt](store, sys.stdout)
    try:  # a folder that does not exist, or a file that cannot be written: say which, no traceback
        with out.open("w", encoding="utf-8", newline="") as fh:
            return writers[fmt](store, fh)
    except OSError as exc:
        raise KizashiError(f"{out}: cannot write the export ({exc.strerror or exc})") from exc
