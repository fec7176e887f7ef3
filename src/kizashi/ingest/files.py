"""Ingest: files, folders, JSON lines and Parquet -> RawDocument. The only module that reads sources.

Every input that cannot be read becomes an ``IngestError`` in the stream (never an exception),
so one bad file never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from kizashi import ids
from kizashi.errors import IngestError
from kizashi.ingest.html import extract_html, inline_html
from kizashi.records import RawDocument

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES
RECORD_FIELDS = ("text", "html", "url", "title", "published")  # of a JSON lines record or Parquet row

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 and BOMs first (cheap and certain), then ISO-2022-JP by its
    escape sequences, then charset-normalizer for Shift_JIS/CP932, EUC-JP, UTF-16 without BOM...

    Two kinds of damage are repaired, with a warning naming the input: UTF-8 cut inside its last
    character (a truncated download), and UTF-8 with some lines in a legacy Japanese encoding
    (pages pasted together). Anything else that is not text is an ``IngestError``.
    """
    text, encoding = _decode(data, source)
    if not text.strip():  # also catches ideographic spaces and a lone BOM
        raise IngestError(source, "empty file (only white space)")
    return text, encoding


def _decode(data: bytes, source: str) -> tuple[str, str]:
    if not data.strip():
        raise IngestError(source, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if b"\x1b$B" in data or b"\x1b$@" in data:
        try:
            return data.decode("iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            log.warning("%s: truncated UTF-8: the incomplete last character was dropped", source)
            return data[: exc.start].decode("utf-8"), "utf-8"
    mixed = _mixed_utf8(data, source)
    if mixed is not None:
        return mixed
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(source, "not text: no character encoding fits (binary file?)")
    text = str(best)
    if _looks_binary(text):
        raise IngestError(source, f"not text: decodes as {best.encoding} only to control characters")
    return text, best.encoding


# legacy encodings tried, strictly, on a line that is not UTF-8; EUC-JP first because Shift_JIS
# kana and kanji lead bytes (0x81-0x9F) are invalid in EUC-JP, while EUC-JP often passes as CP932
_LEGACY = ("euc_jp", "cp932")


def _mixed_utf8(data: bytes, source: str) -> tuple[str, str] | None:
    """UTF-8 text with some lines in EUC-JP or Shift_JIS: each line decoded on its own.

    Only when some line holds several non-ASCII UTF-8 characters (so the file is UTF-8 at heart)
    and no NUL byte (UTF-16 without BOM has them); a line no encoding fits keeps its readable
    part with U+FFFD in place of the rest.
    """
    if b"\x00" in data:
        return None
    lines = data.split(b"\n")
    if not any(len(ln) - len(_strict(ln, "utf-8") or ln) >= 6 for ln in lines):
        return None  # no line with 3+ multi-byte UTF-8 characters
    used: dict[str, int] = {}
    out = []
    for ln in lines:
        for enc in ("utf-8", *_LEGACY):
            text = _strict(ln, enc)
            if text is not None:
                break
        else:
            enc, text = "replaced", ln.decode("utf-8", errors="replace")
        if enc != "utf-8":
            used[enc] = used.get(enc, 0) + 1
        out.append(text)
    joined = "\n".join(out)
    if _looks_binary(joined):
        return None
    log.warning(
        "%s: mixed encodings: UTF-8 with %s",
        source,
        ", ".join(f"{n} line(s) in {enc}" for enc, n in sorted(used.items())),
    )
    return joined, "utf-8+" + "+".join(sorted(used))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad > max(8, len(sample) // 50)


def iter_paths(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Files under the given paths, sorted, without following symlinked folders (no loops)."""
    for path in paths:
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if Path(f).suffix.lower() in SUFFIXES)
            yield from sorted(found)
        elif path.is_file():
            yield path
        elif path.is_symlink():
            yield IngestError(str(path), "broken or looping symbolic link")
        else:
            yield IngestError(str(path), "no such file or folder")


def read_path(path: Path, *, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """One file -> its documents (a JSON lines or Parquet file holds many)."""
    source = str(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        yield from read_parquet(path, max_bytes=max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield IngestError(source, f"too large: {size} bytes (limit {max_bytes})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text, encoding = decode(data, source)
    except IngestError as exc:
        yield exc
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, source, encoding=encoding)
    elif suffix in HTML_SUFFIXES or _sniff_html(text):
        yield from _html_document(text, source, encoding=encoding)
    else:
        yield _text_document(text, source, encoding=encoding)


def _text_document(text: str, source: str, *, encoding: str | None) -> RawDocument:
    """A text file; markup lines in it (a pasted HTML body) are read as HTML."""
    left_out: tuple[str, ...] = ()
    inline = inline_html(text)
    if inline is not None:
        text, left_out = inline
    return RawDocument(
        doc_id=ids.doc_id("", text),
        source=source,
        text=text,
        kind="text",
        encoding=encoding,
        lines_hint=left_out,
    )


def _sniff_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _html_document(
    html: str, source: str, *, encoding: str | None, url: str | None = None, **meta: str | None
) -> Iterator[RawDocument | IngestError]:
    page = extract_html(html, url=url)
    if page is None:
        yield IngestError(source, "HTML page without main text")
        return
    yield RawDocument(
        doc_id=ids.doc_id(url or "", page.text),
        source=url or source,
        text=page.text,
        kind="html",
        encoding=encoding,
        title=meta.get("title") or page.title,
        url=url,
        published=meta.get("published") or page.published,
        lines_hint=page.left_out,
    )


def read_jsonl(text: str, source: str, *, encoding: str | None) -> Iterator[RawDocument | IngestError]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``title``, ``published``."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"not JSON: {exc.msg}")
            continue
        if not isinstance(rec, dict):
            yield IngestError(where, "not a JSON object")
            continue
        yield from _record(rec, where, encoding=encoding, kind="jsonl")


def read_parquet(path: Path, *, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """A Parquet corpus: one article per row, with the fields of a JSON lines record.

    Read in row batches (a corpus may be far larger than memory); ``max_bytes`` holds for each
    row's text or HTML, not for the file. ``published`` may be a string, a date or a timestamp.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = str(path)
    n = 0
    try:
        parquet = pq.ParquetFile(path)
        names = set(parquet.schema_arrow.names)
        if not names & {"text", "html"}:
            yield IngestError(source, "no `text` or `html` column")
            return
        columns = [c for c in RECORD_FIELDS if c in names]
        for batch in parquet.iter_batches(batch_size=256, columns=columns):
            for rec in batch.to_pylist():
                n += 1
                where = f"{source}:{n}"
                size = max(len((rec.get(k) or "").encode("utf-8", "surrogatepass")) for k in ("text", "html"))
                if size > max_bytes:
                    yield IngestError(where, f"too large: {size} bytes (limit {max_bytes})")
                    continue
                yield from _record(rec, where, encoding=None, kind="parquet")
    except (OSError, pa.ArrowException) as exc:
        where = f"{source}:{n + 1}" if n else source
        yield IngestError(where, f"cannot read as Parquet: {exc}")


def _record(
    rec: dict[str, Any], where: str, *, encoding: str | None, kind: str
) -> Iterator[RawDocument | IngestError]:
    """A JSON lines record or Parquet row -> its document."""
    url = _str(rec.get("url"))
    title, published = _str(rec.get("title")), _published(rec.get("published"))
    body, html = _str(rec.get("text")), _str(rec.get("html"))
    if html and not body:
        yield from _html_document(html, where, encoding=encoding, url=url, title=title, published=published)
    elif body and body.strip():
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


def _published(value: object) -> str | None:
    if isinstance(value, dt.date):  # a Parquet date or timestamp column (datetime is a date)
        return value.isoformat()[:10]
    return _str(value)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def ingest(paths: Iterable[Path], *, max_bytes: int = 5_000_000) -> Iterator[RawDocument | IngestError]:
    """Every document under the paths, or an error naming the input that failed."""
    for item in iter_paths(paths):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read_path(item, max_bytes=max_bytes)
