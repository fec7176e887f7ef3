"""Every export format behind one entry point; each format lives in its own module."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kizashi.errors import KizashiError
from kizashi.storage import Store


def _writers() -> dict[str, Callable[[Store, TextIO], int]]:
    from kizashi.export import write_jsonl
    from kizashi.exporters_events import write_csv, write_plover
    from kizashi.exporters_ftm import write_ftm

    return {"jsonl": write_jsonl, "ftm": write_ftm, "plover": write_plover, "csv": write_csv}


FORMATS = ("jsonl", "ftm", "plover", "csv", "parquet")


def write(store: Store, fmt: str, out: Path | None) -> int:
    if fmt == "parquet":  # a folder of tables (documents, entities, events), not one stream
        if out is None:
            raise KizashiError("--format parquet needs --out FOLDER")
        from kizashi.exporters_parquet import export_parquet

        return export_parquet(store, out)
    writers = _writers()
    if fmt not in writers:
        raise KizashiError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if out is None:
        return writers[fmt](store, sys.stdout)
    with out.open("w", encoding="utf-8", newline="") as fh:
        return writers[fmt](store, fh)
