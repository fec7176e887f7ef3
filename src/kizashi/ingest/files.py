"""Ingest: files, folders, JSON lines and Parquet -> RawDocument. The only module that reads sources.

Every input that cannot be read becomes an ``IngestError`` in the stream (never an exception),
so one bad file never stops a batch. Only regular files are read (a FIFO would block the run, a
link to /dev/zero never end), and sizes are bounded by reading: ``st_size`` is 0 for both.
Decoding lives in :mod:`kizashi.ingest.decode`, JSON lines and Parquet records in
:mod:`kizashi.ingest.records`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kizashi import ids
from kizashi.errors import IngestError
from kizashi.ingest.decode import decode
from kizashi.ingest.html import inline_html
from kizashi.ingest.records import RECORD_FIELDS, html_document, read_jsonl, read_jsonl_file, read_parquet
from kizashi.records import RawDocument

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotRegularFile(IngestError):
    """A FIFO, device, socket or folder where a file was expected: never read, in any round, so a
    watcher refuses it once and remembers it (``path``: the path as given or found)."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(source_name(path), _not_regular(mode))
        self.path = path


def source_name(path: Path) -> str:
    """The path as text that can be stored and printed: a file name in no valid encoding (its
    bytes come back from the OS as lone surrogates) shows those bytes as \\xNN escapes."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return name


def iter_paths(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Regular files under the given paths, sorted, without following symlinked folders (no
    loops); everything else that was given or found is an ``IngestError`` naming it: a folder that
    cannot be read, a FIFO, a device, a broken link."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield _regular(path)


def _walk(folder: Path) -> Iterator[Path | IngestError]:
    """Depth first, each folder's entries in name order: the order of sorting every path found,
    without holding them all (a folder of 50,000 pages held 50,000 ``Path`` objects, #17)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e.name, _is_folder(e), e.is_symlink()) for e in listing)
    except OSError as exc:  # a folder that cannot be read is named, not skipped
        where = exc.filename if exc.filename is not None else folder
        yield IngestError(source_name(Path(where)), f"folder not read: {exc.strerror or exc}")
        return
    for name, is_dir, is_link in entries:
        if is_dir:
            if not is_link and not name.startswith("."):  # a linked folder is not followed (no loops)
                yield from _walk(folder / name)
        elif Path(name).suffix.lower() in SUFFIXES:
            yield _regular(folder / name)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a link: a linked folder is told apart from a file
    except OSError:
        return False  # a looping link: named by _regular as a file would be


def _regular(path: Path) -> Path | IngestError:
    try:
        mode = path.stat().st_mode  # follows a symlink to what it points at
    except OSError as exc:
        if path.is_symlink():
            return IngestError(source_name(path), "broken or looping symbolic link")
        if isinstance(exc, FileNotFoundError):
            return IngestError(source_name(path), "no such file or folder")
        return IngestError(source_name(path), f"cannot read: {exc.strerror or exc}")
    return path if stat.S_ISREG(mode) else NotRegularFile(path, mode)


def _not_regular(mode: int) -> str:
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}): not read"


def _open_regular(path: Path) -> tuple[IO[bytes], int]:
    """Open without blocking (O_NONBLOCK: a FIFO opens at once instead of waiting for a writer) and
    check the open file itself, so a path swapped after ``iter_paths`` cannot slip through."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, st.st_mode)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


def read_path(path: Path, *, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """One file -> its documents (a JSON lines or Parquet file holds many, each within ``max_bytes``)."""
    source = source_name(path)
    try:
        fh, size = _open_regular(path)
    except IngestError as exc:
        yield exc
        return
    except OSError as exc:
        yield IngestError(source, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        suffix = path.suffix.lower()
        try:
            if suffix in PARQUET_SUFFIXES:
                yield from read_parquet(fh, source, max_bytes=max_bytes)
                return
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl_file(fh, source, max_bytes=max_bytes)
                return
            if size > max_bytes:
                yield IngestError(source, f"too large: {size} bytes (limit {max_bytes})")
                return
            data = fh.read(max_bytes + 1)  # bounded: the file may grow while it is read
        except OSError as exc:
            yield IngestError(source, f"cannot read: {exc.strerror or exc}")
            return
    if len(data) > max_bytes:
        yield IngestError(source, f"too large: over {max_bytes} bytes (limit {max_bytes})")
        return
    try:
        text, encoding = decode(data, source)
    except IngestError as exc:
        yield exc
        return
    if suffix in HTML_SUFFIXES or _sniff_html(text):
        yield html_document(text, source, encoding=encoding)
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


def ingest(paths: Iterable[Path], *, max_bytes: int = 5_000_000) -> Iterator[RawDocument | IngestError]:
    """Every document under the paths, or an error naming the input that failed."""
    for item in iter_paths(paths):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read_path(item, max_bytes=max_bytes)


__all__ = [
    "RECORD_FIELDS",
    "SUFFIXES",
    "NotRegularFile",
    "decode",
    "ingest",
    "iter_paths",
    "read_jsonl",
    "read_path",
    "source_name",
]
