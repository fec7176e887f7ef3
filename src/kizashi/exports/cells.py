"""CSV cells that a spreadsheet reads as data, never as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and a leading tab or carriage return hides such a start), so a story sentence such as
``=HYPERLINK("http://evil", "click")`` would become a live link or worse (CSV injection, OWASP).
``safe_cell`` puts a single quote before such a value, which the spreadsheet shows as text; the
``csv`` module still does the quoting. Numbers are written as they are (-0.5 stays a number).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell: a string that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_rows(out: TextIO, fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """A header and one line per row (keys outside ``fields`` ignored), every cell made safe."""
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k)) for k in fields})
        n += 1
    return n


__all__ = ["FORMULA_START", "safe_cell", "write_rows"]
