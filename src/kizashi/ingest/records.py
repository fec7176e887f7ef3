"""Record files: JSON lines and Parquet -> one ``RawDocument`` (or ``IngestError``) per record.

A record file holds many documents, so every limit and every check holds for one record, never
for the file: a record that is too large, nested too deep, holds a number Python will not convert
or a string that is not valid Unicode is that record's ``IngestError`` (naming file and line or
row), and the records beside it are read on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

from kizashi import ids
from kizashi.errors import IngestError
from kizashi.ingest.decode import decode, strict
from kizashi.ingest.html import extract_html
from kizashi.records import RawDocument

RECORD_FIELDS = ("text", "html", "url", "title", "published")  # of a JSON lines record or Parquet row
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16 and UTF-32: no b"\n" lines


def read_jsonl_file(fh: IO[bytes], source: str, *, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """A JSON lines file, streamed line by line: memory holds one line, however large the file.

    A line is read up to twice ``max_bytes`` (JSON's \\uXXXX escapes double Japanese text); a
    longer one is skipped unread to its end. Lines are UTF-8 as JSON lines should be; a line that
    is not is decoded like a text file (its encoding then tried first on the next lines). A UTF-16
    or UTF-32 file cannot be split into lines as bytes: it is read whole, up to ``max_bytes``.
    """
    head = fh.read(4096)
    if head.startswith(_WIDE_BOMS) or b"\x00" in head:
        data = head + fh.read(max_bytes + 1 - len(head))
        if len(data) > max_bytes:
            yield IngestError(source, f"too large: a UTF-16/32 JSON lines file over {max_bytes} bytes")
            return
        try:
            text, encoding = decode(data, source)
        except IngestError as exc:
            yield exc
            return
        yield from read_jsonl(text, source, encoding=encoding, max_bytes=max_bytes)
        return
    fh.seek(0)
    cap = 2 * max_bytes
    legacy: list[str] = []
    for n, line in enumerate(iter(lambda: fh.readline(cap + 1), b""), 1):
        where = f"{source}:{n}"
        if len(line) > cap and not line.endswith(b"\n"):
            _skip_line(fh)
            yield IngestError(where, f"too large: a line over {cap} bytes (limit {max_bytes} a record)")
            continue
        if n == 1:
            line = line.removeprefix(_UTF8_BOM)
        if not line.strip():
            continue
        try:
            text, encoding = _line_text(line, where, legacy)
        except IngestError as exc:
            yield exc
            continue
        yield from _jsonl_record(text, where, encoding=encoding, max_bytes=max_bytes)


def _skip_line(fh: IO[bytes]) -> None:
    """Read on to the end of the current line, 1 MB at a time."""
    while chunk := fh.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _line_text(line: bytes, where: str, legacy: list[str]) -> tuple[str, str]:
    text = strict(line, "utf-8")
    if text is not None:
        return text, "utf-8"
    for enc in legacy:  # the encoding an earlier line of this file was in
        text = strict(line, enc)
        if text is not None:
            return text, enc
    text, enc = decode(line, where)
    if enc not in legacy:
        legacy.insert(0, enc)
    return text, enc


def read_jsonl(
    text: str, source: str, *, encoding: str | None, max_bytes: int = 5_000_000
) -> Iterator[RawDocument | IngestError]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``title``, ``published``.

    Lines end at "\\n" only: JSON strings may hold U+2028 and other characters ``splitlines``
    would break on."""
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield from _jsonl_record(line, f"{source}:{n}", encoding=encoding, max_bytes=max_bytes)


def _jsonl_record(
    line: str, where: str, *, encoding: str | None, max_bytes: int
) -> Iterator[RawDocument | IngestError]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        yield IngestError(where, f"not JSON: {exc.msg}")
        return
    except RecursionError:
        yield IngestError(where, "not read: JSON nested too deep")
        return
    except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
        yield IngestError(where, f"not read: {str(exc).split(':')[0]}")
        return
    if not isinstance(rec, dict):
        yield IngestError(where, "not a JSON object")
        return
    yield from record(rec, where, encoding=encoding, kind="jsonl", max_bytes=max_bytes)


def read_parquet(fh: IO[bytes], source: str, *, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """A Parquet corpus: one article per row, with the fields of a JSON lines record.

    Read in row batches (a corpus may be far larger than memory); ``max_bytes`` holds for each
    row, not for the file. ``published`` may be a string, a date or a timestamp. A row group
    that cannot be read (corrupt pages, invalid UTF-8) is one error naming its rows; the row
    groups around it are read.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    errors = (OSError, UnicodeDecodeError, pa.ArrowException)  # UnicodeDecodeError: invalid UTF-8
    try:
        parquet = pq.ParquetFile(fh)
        names = set(parquet.schema_arrow.names)
    except errors as exc:
        yield IngestError(source, f"cannot read as Parquet: {exc}")
        return
    if not names & {"text", "html"}:
        yield IngestError(source, "no `text` or `html` column")
        return
    columns = [c for c in RECORD_FIELDS if c in names]
    first = 1  # the number of the row group's first row in the file
    for group in range(parquet.metadata.num_row_groups):
        rows = parquet.metadata.row_group(group).num_rows
        yield from _row_group(
            parquet, group, columns, source, first, rows, errors=errors, max_bytes=max_bytes
        )
        first += rows


def _row_group(
    parquet: Any,
    group: int,
    columns: list[str],
    source: str,
    first: int,
    rows: int,
    *,
    errors: tuple[type[Exception], ...],
    max_bytes: int,
) -> Iterator[RawDocument | IngestError]:
    """The rows of one row group, numbered from ``first``; what cannot be read is one error."""
    n = first
    try:
        for batch in parquet.iter_batches(batch_size=256, columns=columns, row_groups=[group]):
            for rec in batch.to_pylist():
                yield from record(rec, f"{source}:{n}", encoding=None, kind="parquet", max_bytes=max_bytes)
                n += 1
    except errors as exc:
        last = first + rows - 1
        which = f"{source}:{n}" if n == last else f"{source}:{n}-{last}"
        yield IngestError(which, f"cannot read as Parquet (row group {group + 1}): {exc}")


def record(
    rec: dict[str, Any], where: str, *, encoding: str | None, kind: str, max_bytes: int
) -> Iterator[RawDocument | IngestError]:
    """A JSON lines record or Parquet row -> its document, or the error that names what is wrong."""
    fields = _fields(rec, where, max_bytes)
    if isinstance(fields, IngestError):
        yield fields
        return
    url, title, published = fields.get("url"), fields.get("title"), fields.get("published")
    body, html = fields.get("text"), fields.get("html")
    if html and not body:
        yield html_document(html, where, encoding=encoding, url=url, title=title, published=published)
    elif body:
        yield RawDocument(
            doc_id=ids.doc_id(url or "", body),
            source=url or where,
            text=body,
            kind=kind,
            encoding=encoding,
            title=title,
            url=url,
            published=published,
        )
    else:
        yield IngestError(where, "no `text` or `html` field")


def html_document(
    html: str,
    source: str,
    *,
    encoding: str | None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> RawDocument | IngestError:
    """An HTML page (a file, or a record's ``html``) -> its main text; the record's own title and
    date win over the page's."""
    page = extract_html(html, url=url)
    if page is None:
        return IngestError(source, "HTML page without main text")
    return RawDocument(
        doc_id=ids.doc_id(url or "", page.text),
        source=url or source,
        text=page.text,
        kind="html",
        encoding=encoding,
        title=title or page.title,
        url=url,
        published=published or page.published,
        lines_hint=page.left_out,
    )


def _fields(rec: dict[str, Any], where: str, max_bytes: int) -> dict[str, str] | IngestError:
    """The record's non-blank string fields, checked: ``text`` and ``html`` must be strings (other
    fields of another type are left out, as before), every string valid Unicode (a lone surrogate
    such as "\\ud800" cannot be hashed, stored or printed), and all of them together at most
    ``max_bytes`` in UTF-8."""
    out: dict[str, str] = {}
    size = 0
    for key in RECORD_FIELDS:
        value = rec.get(key)
        if isinstance(value, dt.date) and key == "published":  # a Parquet date or timestamp column
            value = value.isoformat()[:10]
        if value is None:
            continue
        if not isinstance(value, str):
            if key in ("text", "html"):
                return IngestError(where, f"`{key}` is of type {type(value).__name__}, not a string")
            continue
        try:
            size += len(value.encode("utf-8"))
        except UnicodeEncodeError as exc:
            bad = ord(value[exc.start])
            return IngestError(where, f"`{key}` is not valid Unicode: lone surrogate U+{bad:04X}")
        if value.strip():
            out[key] = value
    if size > max_bytes:
        return IngestError(where, f"too large: {size} bytes (limit {max_bytes})")
    return out


__all__ = ["RECORD_FIELDS", "html_document", "read_jsonl", "read_jsonl_file", "read_parquet", "record"]
