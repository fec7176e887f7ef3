"""Issue 16: hostile files and records through the real ``kizashi run``, good inputs beside them.

Each test runs the command on a temporary folder and asserts the exact summary line (stored,
unchanged, near-duplicates, failed), the skip message naming each bad input, what the database
holds and the exit status: 3 when some inputs were skipped and the rest stored.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.cli.printing import json_line, printable
from tests.cli_process import ENTRY, _env
from tests.data.bad import make

ARTICLES = [make.ARTICLE_A, make.ARTICLE_B, make.ARTICLE_C, make.ARTICLE_D, make.ARTICLE_E,
            make.ARTICLE_F, make.ARTICLE_G, make.ARTICLE_H, make.ARTICLE_I, make.ARTICLE_J]  # fmt: skip


def _run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``kizashi *args`` in a child process; a hang (the FIFO) fails in two minutes, not ten."""
    return subprocess.run(
        [*ENTRY, *map(str, args)], capture_output=True, text=True, timeout=120, env=_env(env), check=False
    )


def _summary(stored: int, unchanged: int, failed: int) -> str:
    return f"{stored} stored, {unchanged} unchanged, 0 near-duplicates, {failed} failed"


def _skipped(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("skipped: ")]


def _sources(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT source FROM documents")}


def _line(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False)


@pytest.mark.slow
def test_issue16_jsonl_over_the_size_limit_is_read_record_by_record(tmp_path: Path) -> None:
    """The limit holds for each record: a crawl larger than the limit is stored whole, and a
    record with a title past the limit is refused alone. A re-run adds nothing."""
    limit = max(len(a.encode()) for a in ARTICLES[:8]) + 200
    crawl = tmp_path / "in" / "crawl.jsonl"
    crawl.parent.mkdir()
    lines = [_line({"text": a, "url": f"https://example.jp/{i}"}) for i, a in enumerate(ARTICLES[:8], 1)]
    title = "t" * (limit + 1 - len(ARTICLES[8].encode()))  # text and title: one byte over the limit
    lines.insert(4, _line({"text": ARTICLES[8], "title": title}))  # line 5
    crawl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert crawl.stat().st_size > 4 * limit
    db, env = tmp_path / "k.db", {"KIZASHI_MAX_DOC_BYTES": str(limit)}
    done = _run("run", crawl.parent, "--db", db, env=env)
    assert done.returncode == 3, done.stderr[-3000:]
    assert _summary(8, 0, 1) in done.stderr
    assert _skipped(done.stderr) == [f"skipped: {crawl}:5: too large: {limit + 1} bytes (limit {limit})"]
    assert _sources(db) == {f"https://example.jp/{i}" for i in range(1, 9)}
    again = _run("run", crawl.parent, "--db", db, env=env)
    assert _summary(0, 8, 1) in again.stderr
    assert len(_sources(db)) == 8


@pytest.mark.slow
def test_issue16_ten_megabyte_title_no_longer_takes_its_neighbour_down(tmp_path: Path) -> None:
    """At the default 5 MB limit: a 10 MB line is skipped unread, the good record beside it stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "two.jsonl"
    big = _line({"text": ARTICLES[1], "title": "x" * 10_000_000})
    path.write_text(big + "\n" + _line({"text": ARTICLES[0], "url": "https://example.jp/ok"}) + "\n")
    done = _run("run", folder, "--db", tmp_path / "k.db")
    assert done.returncode == 3, done.stderr[-3000:]
    assert _summary(1, 0, 1) in done.stderr
    assert _skipped(done.stderr) == [
        f"skipped: {path}:1: too large: a line over 10000000 bytes (limit 5000000 a record)"
    ]
    assert _sources(tmp_path / "k.db") == {"https://example.jp/ok"}


def _hostile_records(folder: Path) -> dict[str, str]:
    """Records that used to stop the batch with a traceback -> the reason each is skipped with."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = folder / "records.jsonl"
    lines = [
        "[" * 100_000 + "]" * 100_000,  # RecursionError
        '{"text": "' + "本文" * 10 + '", "n": ' + "9" * 5000 + "}",  # ValueError: int over 4300 digits
        _line({"text": ARTICLES[2]}).replace("。", "。\\ud800", 1),  # UnicodeEncodeError
        _line({"text": ARTICLES[3], "url": "https://example.jp/SURROGATE"}).replace("SURROGATE", "\\ud800"),
        _line({"text": ARTICLES[4], "url": "https://example.jp/good"}),
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.table({"text": [1]}), folder / "int.parquet")
    pq.write_table(pa.table({"text": [b"binary"]}), folder / "binary.parquet")
    pq.write_table(pa.table({"text": [["a", "list"]]}), folder / "list.parquet")
    return {
        f"{records}:1": "not read: JSON nested too deep",
        f"{records}:2": "not read: Exceeds the limit (4300 digits) for integer string conversion",
        f"{records}:3": "`text` is not valid Unicode: lone surrogate U+D800",
        f"{records}:4": "`url` is not valid Unicode: lone surrogate U+D800",
        f"{folder / 'binary.parquet'}:1": "`text` is of type bytes, not a string",
        f"{folder / 'int.parquet'}:1": "`text` is of type int, not a string",
        f"{folder / 'list.parquet'}:1": "`text` is of type list, not a string",
    }


@pytest.mark.slow
def test_issue16_one_record_never_stops_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    reasons = _hostile_records(folder)
    (folder / "good.txt").write_text(ARTICLES[5], encoding="utf-8")
    # a file name in no encoding (bytes the OS gives back as lone surrogates) is stored escaped
    odd = os.fsdecode(bytes(folder) + b"/odd-\xff.txt")
    Path(odd).write_text(ARTICLES[6], encoding="utf-8")
    done = _run("run", folder, "--db", tmp_path / "k.db")
    assert done.returncode == 3, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert _summary(3, 0, 7) in done.stderr
    assert sorted(_skipped(done.stderr)) == sorted(
        f"skipped: {where}: {why}" for where, why in reasons.items()
    )
    assert _sources(tmp_path / "k.db") == {
        "https://example.jp/good", str(folder / "good.txt"), f"{folder}/odd-\\xff.txt"
    }  # fmt: skip


def _parquet_with_a_corrupt_row_group(path: Path, texts: list[str], *, rows: int, bad: int) -> None:
    """``texts`` in row groups of ``rows`` rows, snappy-compressed; row group ``bad`` (from 0)
    has its compressed pages overwritten, so it cannot be read while the others can."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": texts}), path, row_group_size=rows, compression="snappy")
    chunk = pq.ParquetFile(path).metadata.row_group(bad).column(0)
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data = bytearray(path.read_bytes())
    data[start + 20 : start + chunk.total_compressed_size - 5] = b"\xab" * (chunk.total_compressed_size - 25)
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_issue16_parquet_bad_row_group_is_its_error_and_the_others_are_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "corpus.parquet"
    _parquet_with_a_corrupt_row_group(path, ARTICLES[:6], rows=2, bad=1)
    done = _run("run", folder, "--db", tmp_path / "k.db")
    assert done.returncode == 3, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert _summary(4, 0, 1) in done.stderr
    [skipped] = _skipped(done.stderr)
    assert skipped.startswith(f"skipped: {path}:3-4: cannot read as Parquet (row group 2): ")
    assert _sources(tmp_path / "k.db") == {f"{path}:{n}" for n in (1, 2, 5, 6)}


def test_issue16_parquet_rows_are_numbered_across_row_groups(tmp_path: Path) -> None:
    from kizashi.errors import IngestError
    from kizashi.ingest.records import read_parquet

    path = tmp_path / "c.parquet"
    _parquet_with_a_corrupt_row_group(path, [f"{a}{a}" for a in ARTICLES[:7]], rows=3, bad=2)
    with path.open("rb") as fh:
        got = list(read_parquet(fh, str(path), max_bytes=1_000_000))
    assert [type(x) for x in got] == [*[type(got[0])] * 6, IngestError]
    assert not isinstance(got[0], IngestError)
    assert str(got[-1]).startswith(f"{path}:7: cannot read as Parquet (row group 3): ")


@pytest.mark.slow
def test_issue16_special_files_are_named_not_read(tmp_path: Path) -> None:
    """A FIFO would block the run for good and a link to /dev/zero grow without end (st_size is 0
    for both): only regular files are opened, whether found in a folder or given by name."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    named = tmp_path / "named-fifo.html"
    os.mkfifo(named)
    done = _run("run", folder, named, "--db", tmp_path / "k.db")
    assert done.returncode == 3, done.stderr[-3000:]
    assert _summary(1, 0, 3) in done.stderr
    assert _skipped(done.stderr) == [
        f"skipped: {folder / 'fifo.txt'}: not a regular file (a FIFO): not read",
        f"skipped: {folder / 'zero.txt'}: not a regular file (a character device): not read",
        f"skipped: {named}: not a regular file (a FIFO): not read",
    ]
    assert _sources(tmp_path / "k.db") == {str(folder / "good.txt")}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux /proc")
def test_issue16_size_is_bounded_by_reading_not_by_st_size(tmp_path: Path) -> None:
    """/proc/self/maps is a regular file whose st_size is 0 though it holds kilobytes: the limit
    still holds, because at most limit + 1 bytes are read."""
    assert Path("/proc/self/maps").stat().st_size == 0
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "maps.txt").symlink_to("/proc/self/maps")
    (folder / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    done = _run("run", folder, "--db", tmp_path / "k.db", env={"KIZASHI_MAX_DOC_BYTES": "2000"})
    assert done.returncode == 3, done.stderr[-3000:]
    assert _summary(1, 0, 1) in done.stderr
    assert _skipped(done.stderr) == [
        f"skipped: {folder / 'maps.txt'}: too large: over 2000 bytes (limit 2000)"
    ]


@pytest.mark.slow
def test_issue16_unreadable_sub_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.walk skips a folder it cannot list without a word; the run names it. (Permissions do not
    stop root, so the refusal is made by os.scandir for that one folder, in-process.)"""
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (locked / "hidden.txt").write_text(ARTICLES[1], encoding="utf-8")
    (folder / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    scandir = os.scandir

    def refusing(path: object = ".") -> object:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", refusing)
    result = CliRunner().invoke(app, ["run", str(folder), "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 3, result.output
    assert _summary(1, 0, 1) in result.output
    assert f"skipped: {locked}: folder not read: Permission denied" in result.output


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_issue16_unreadable_sub_folder_is_named_by_the_real_cli(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLES[0], encoding="utf-8")
    locked.chmod(0)
    try:
        done = _run("run", folder, "--db", tmp_path / "k.db")
    finally:
        locked.chmod(0o700)
    assert done.returncode == 3, done.stderr[-3000:]
    assert _summary(1, 0, 1) in done.stderr
    assert _skipped(done.stderr) == [f"skipped: {locked}: folder not read: Permission denied"]


TITLE = "\x1b]0;owned\x07見出し\u202e\x9b31m"


@pytest.mark.slow
def test_issue16_control_characters_are_escaped_in_everything_printed(tmp_path: Path) -> None:
    """A newline in a file name cannot forge a line, and escape sequences in file names, URLs and
    titles reach neither stderr nor the search table (nor the JSON lines) raw."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\nskipped: NOTHING WRONG\x1b[31m.txt").write_text("")
    url = "https://example.jp/\x1b[2J"
    (folder / "feed.jsonl").write_text(_line({"text": ARTICLES[1], "title": TITLE, "url": url}) + "\n")
    db = tmp_path / "k.db"
    done = _run("run", folder, "--db", db)
    assert done.returncode == 3, done.stderr[-3000:]
    assert _summary(1, 0, 1) in done.stderr
    assert _skipped(done.stderr) == [
        f"skipped: {folder}/evil\\x0askipped: NOTHING WRONG\\x1b[31m.txt: empty file"
    ]
    assert not [ln for ln in done.stderr.splitlines() if "NOTHING WRONG" in ln and not ln.startswith(
        ("skipped: ", "WARNING "))]  # fmt: skip
    assert "\x1b" not in done.stderr

    table = _run("search", "半導体", "--db", db, env={"COLUMNS": "400"})  # one line a row
    assert table.returncode == 0, table.stderr
    assert "\\x1b]0;owned\\x07見出し\\u202e\\x9b31m" in table.stdout.replace("\n", "")
    assert not any(c in table.stdout for c in "\x1b\x07\u202e\x9b")
    lines = _run("search", "半導体", "--db", db, "--json").stdout.splitlines()
    assert not any(c in "".join(lines) for c in "\x1b\x07\u202e\x9b")
    (hit,) = [json.loads(x) for x in lines]
    assert (hit["title"], hit["source"]) == (TITLE, url)  # the same data, escaped as JSON


def test_issue16_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("経済 ニュース (速報).txt") == "経済 ニュース (速報).txt"
    assert printable("a\nb\tc\x1b[0m\x7f\x85\u2028\u202e\ud800") == (
        "a\\x0ab\\x09c\\x1b[0m\\x7f\\x85\\u2028\\u202e\\ud800"
    )
    assert json.loads(json_line({"t": "見\x1b\u202e\ud800"})) == {"t": "見\x1b\u202e\ud800"}
    assert json_line({"t": "\u202e"}) == '{"t": "\\u202e"}'
