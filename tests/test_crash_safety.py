"""Crash safety (#8): ``kizashi run`` killed with SIGKILL mid-run leaves a database that opens and
holds whole documents only, and a second run completes the batch with no duplicates; two runs at
once on one SQLite file serialise or fail cleanly, never corrupt it.

These start real child processes (each loads GiNZA): slow.
"""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli_process import kizashi, start_kizashi
from tests.conftest import CORPUS

ONE_AT_A_TIME = {"KIZASHI_BATCH_SIZE": "1"}  # each document is stored as soon as it is analysed


def _count(db: Path) -> int:
    """Documents stored so far, read while the writer runs (WAL: readers do not block it)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or the schema is being written
        return 0


def _assert_sound(db: Path) -> sqlite3.Connection:
    """The file opens, passes SQLite's checks, and every document in it is whole."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    docs = dict(conn.execute("SELECT doc_id, text FROM documents WHERE duplicate_of IS NULL").fetchall())
    for table in ("stories", "mentions", "events", "doc_entities"):
        orphans = conn.execute(
            f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        )
        assert orphans.fetchone()[0] == 0, table
    stories = conn.execute('SELECT doc_id, story_id, start, "end", text FROM stories').fetchall()
    assert {d for d, *_ in stories} == set(docs)  # no document without its stories
    for doc_id, _story, start, end, text in stories:
        assert docs[doc_id][start:end] == text
    for table, column in (("mentions", "text"), ("events", "evidence")):
        rows = conn.execute(f'SELECT doc_id, story_id, start, "end", {column} FROM {table}').fetchall()
        story_ids = {s for _, s, *_ in stories}
        for doc_id, story_id, start, end, text in rows:
            assert story_id in story_ids, (table, story_id)
            assert docs[doc_id][start:end] == text, (table, doc_id)
    sources = [s for (s,) in conn.execute("SELECT source FROM documents")]
    assert len(sources) == len(set(sources))  # nothing stored twice
    return conn


def _content(conn: sqlite3.Connection) -> dict[str, object]:
    """What a run produced, by content-hash id: equal between a resumed and an uninterrupted run."""
    return {
        table: sorted(conn.execute(f"SELECT {cols} FROM {table}").fetchall())
        for table, cols in (
            ("documents", "doc_id, text, duplicate_of"),
            ("stories", "story_id, doc_id, text"),
            ("mentions", "mention_id, entity_id"),
            ("events", "event_id, type, actor1, actor2, date, cluster"),
            ("doc_entities", "doc_id, entity_id, role"),
        )
    }


@pytest.mark.slow
def test_crash_safety_kill_9_mid_run_then_resume(tmp_path: Path, demo_db: Path) -> None:
    db = tmp_path / "killed.db"
    run = start_kizashi("run", CORPUS, "--db", db, env=ONE_AT_A_TIME)
    deadline = time.monotonic() + 300
    while _count(db) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.communicate()
    assert run.returncode == -signal.SIGKILL
    expected = _count(demo_db)
    kept = _count(db)
    assert 3 <= kept < expected  # killed in the middle, not before or after

    _assert_sound(db).close()  # whole documents only

    second = kizashi("run", CORPUS, "--db", db, env=ONE_AT_A_TIME)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"{kept} unchanged" in second.stderr
    with _assert_sound(db) as resumed, sqlite3.connect(demo_db) as reference:
        assert _content(resumed) == _content(reference)  # the batch, complete, as one run makes it


@pytest.mark.slow
def test_crash_safety_two_runs_at_once_serialise(tmp_path: Path, demo_db: Path) -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".md")
    half = len(files) // 2
    first, second = files[: half + 3], files[half - 3 :]  # six files in both runs
    db = tmp_path / "shared.db"
    runs = [start_kizashi("run", *part, "--db", db, env=ONE_AT_A_TIME) for part in (first, second)]
    outcomes = [(run.wait(timeout=600), run.communicate()[1]) for run in runs]
    for code, stderr in outcomes:
        assert "Traceback" not in stderr
        assert code == 0 or (code == 2 and "error:" in stderr), stderr[-3000:]
    assert any(code == 0 for code, _ in outcomes)
    with _assert_sound(db) as conn, sqlite3.connect(demo_db) as reference:
        stored = {d for (d,) in conn.execute("SELECT doc_id FROM documents")}
        everything = {d for (d,) in reference.execute("SELECT doc_id FROM documents")}
        if all(code == 0 for code, _ in outcomes):
            assert stored == everything
        else:
            assert stored < everything


TEMPLATE = "編集部が毎週まとめている地域の話題をお届けします。"
QUIET_PAGES = {
    "a.txt": "今日は朝から雨が降っていた。\n公園には誰もいなかった。\n夕方には雨もやんで、空が少し明るくなった。",
    "b.txt": "駅前の商店街に新しいパン屋ができた。\n開店の日には長い行列ができていた。\n店主は毎朝四時から生地をこねている。",
    "c.txt": "図書館で古い地図の展示が始まった。\n江戸時代の町並みを描いたものが多い。\n展示は来月の終わりまで続く。",
}


class Interrupted(BaseException):
    """Stands for the kill: raised after the first document is stored."""


def _run_quiet(folder: Path, db: Path, *, stop_after: int | None = None) -> None:
    from kizashi.config import Settings
    from kizashi.runners.local import run
    from kizashi.storage import open_store

    def progress(done: int, _total: int) -> None:
        if stop_after is not None and done >= stop_after:
            raise Interrupted

    store = open_store(str(db))
    try:
        run([folder], settings=Settings(db=str(db), batch_size=1), store=store, progress=progress)
    finally:
        store.close()


def test_crash_safety_resumed_run_cleans_like_an_uninterrupted_one(tmp_path: Path) -> None:
    """A site's template lines are counted over every input of the run, not only those left to do."""
    folder = tmp_path / "site"
    folder.mkdir()
    for name, text in QUIET_PAGES.items():
        (folder / name).write_text(f"{text}\n{TEMPLATE}\n", encoding="utf-8")
    _run_quiet(folder, tmp_path / "whole.db")
    with pytest.raises(Interrupted):
        _run_quiet(folder, tmp_path / "resumed.db", stop_after=1)
    assert _count(tmp_path / "resumed.db") == 1
    _run_quiet(folder, tmp_path / "resumed.db")
    with _assert_sound(tmp_path / "resumed.db") as resumed, _assert_sound(tmp_path / "whole.db") as whole:
        texts = [t for (t,) in whole.execute("SELECT text FROM documents")]
        assert len(texts) == 3
        assert not any(TEMPLATE in t for t in texts)  # the template was recognised and removed
        assert _content(resumed) == _content(whole)
