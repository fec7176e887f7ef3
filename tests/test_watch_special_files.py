"""``kizashi watch`` and special files in a watched folder (issue 16): a FIFO or a link to
/dev/zero can never be read, so it is refused once, by name, and remembered as refused. Later rounds
neither tell it again nor retry it, and ``watch --once`` exits 0 when nothing else is pending."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from kizashi.config import Settings
from kizashi.desk.watch import Watcher
from kizashi.storage import open_store
from tests.cli_process import kizashi as _kizashi

ARTICLE = (
    "港の新しい倉庫が完成\n\n"
    "青葉市の港湾局は12日、港の東側に新しい倉庫が完成したと発表した。倉庫は来月から使われる。\n"
)


def kizashi(*args: str | Path) -> Any:
    return _kizashi(*args, env={"COLUMNS": "1000"})


def _skipped(stderr: str) -> list[str]:
    return re.findall(r"^skipped: .*$", stderr, flags=re.MULTILINE)


def _seen_sources(db: Path) -> list[str]:
    store = open_store(str(db))
    try:
        return sorted(r["source"] for r in store.rows("watch_seen"))
    finally:
        store.close()


def _special_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder


def test_issue16_watch_refuses_a_special_file_once(tmp_path: Path) -> None:
    folder = _special_folder(tmp_path)
    store = open_store(str(tmp_path / "w.db"))
    try:
        watcher = Watcher([str(folder)], settings=Settings(db=str(tmp_path / "w.db")), store=store)
        first = watcher.poll()
        assert (first.files, first.stored, first.refused_files) == (0, 0, 2)
        assert first.errors == [
            f"{folder / 'fifo.txt'}: not a regular file (a FIFO): not read",
            f"{folder / 'zero.txt'}: not a regular file (a character device): not read",
        ]
        again = watcher.poll()
        assert (again.files, again.refused_files, again.errors) == (0, 0, [])
        # a new FIFO in the place of the old one is another file: it is told again
        (folder / "fifo.txt").unlink()
        os.mkfifo(folder / "fifo.txt")
        replaced = watcher.poll()
        assert replaced.refused_files == 1
        assert replaced.errors == [f"{folder / 'fifo.txt'}: not a regular file (a FIFO): not read"]
    finally:
        store.close()


@pytest.mark.slow
def test_issue16_watch_cli_special_files_refused_once_then_exit_0(tmp_path: Path) -> None:
    folder = _special_folder(tmp_path)
    good = folder / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    os.utime(good, (1e9, 1e9))  # long settled
    db = tmp_path / "w.db"

    first = kizashi("watch", folder, "--db", db, "--once")
    assert first.returncode == 3, first.stderr  # something was refused this round
    assert "1 new files, 0 new feed entries, 1 stored, 0 new alerts" in first.stderr
    assert "2 special files (FIFO, device, socket) refused: not tried again" in first.stderr
    assert _skipped(first.stderr) == [
        f"skipped: {folder / 'fifo.txt'}: not a regular file (a FIFO): not read",
        f"skipped: {folder / 'zero.txt'}: not a regular file (a character device): not read",
    ]
    assert _seen_sources(db) == sorted(str(folder / n) for n in ("fifo.txt", "zero.txt", "good.txt"))

    for _ in range(2):  # later rounds, in new processes: nothing told, nothing pending
        again = kizashi("watch", folder, "--db", db, "--once")
        assert again.returncode == 0, again.stderr
        assert "0 new files, 0 new feed entries, 0 stored, 0 new alerts" in again.stderr
        assert _skipped(again.stderr) == []
        assert "refused" not in again.stderr
    assert len(_seen_sources(db)) == 3
