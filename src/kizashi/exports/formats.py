"""Every export format behind one entry point; each format lives in its own module."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kizashi.errors import KizashiError
from kizashi.storage import Store


def _writers() -> dict[str, Callable[[Store, TextIO], int]]:
    from kizashi.exports.events import write_csv, write_plover
    from kizashi.exports.ftm import write_ftm
    from kizashi.exports.jsonl import write_jsonl

    return {"jsonl": write_jsonl, "ftm": write_ftm, "plover": write_plover, "csv": write_csv}


FORMATS = ("jsonl", "ftm", "plover", "csv", "parquet")


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
    with out.open("w", encoding="utf-8", newline="") as fh:
        return writers[fmt](store, fh)
