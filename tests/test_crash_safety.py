"""Crash safety (#8): ``kizashi run`` killed with SIGKILL mid-run leaves a database that opens and
holds whole documents only, and a second run completes the batch with no duplicates; two runs at
once on one SQLite file serialise (the second waits) and make the database the same runs make one
after the other; clustering an earlier run left undone is finished by the next.

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
def test_crash_safety_two_runs_at_once_serialise(tmp_path: Path) -> None:
    # #16: the second run waits for the first (storage/run_lock.py), so the database is the one the
    # same runs make one after the other: the same near-duplicates, events and clusters
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".md")
    half = len(files) // 2
    first, second = files[: half + 3], files[half - 3 :]  # six files in both runs
    # the first run goes on long after its first document, so the second starts while it holds
    # the lock however fast the parse is (the second takes seconds to import before it asks)
    more = tmp_path / "more"
    more.mkdir()
    for k in range(40):
        (more / f"m{k:02d}.txt").write_text(
            f"第{k}報\n政府は{k % 28 + 1}日、半導体製造装置{k}品目の輸出規制を強化すると発表した。\n"
            f"対象の企業は{k + 3}社にのぼり、{k % 12 + 1}月から許可が必要になる。\n",
            encoding="utf-8",
        )
    first = [*first, *sorted(more.iterdir())]
    db = tmp_path / "shared.db"
    runs = [start_kizashi("run", *first, "--db", db, env=ONE_AT_A_TIME)]
    deadline = time.monotonic() + 300
    while _count(db) == 0 and time.monotonic() < deadline:  # the first holds the lock: it has stored
        time.sleep(0.2)
    runs.append(start_kizashi("run", *second, "--db", db, env=ONE_AT_A_TIME))
    outcomes = [(run.wait(timeout=600), run.communicate()[1]) for run in runs]
    for code, stderr in outcomes:
        assert code == 0, stderr[-3000:]
        assert "Traceback" not in stderr
    assert "waiting for it to finish" in outcomes[1][1]
    sequential = tmp_path / "sequential.db"
    for part in (first, second):
        assert kizashi("run", *part, "--db", sequential).returncode == 0
    with _assert_sound(db) as conn, sqlite3.connect(sequential) as reference:
        assert _content(conn) == _content(reference)


def test_crash_safety_two_runs_at_the_same_instant_on_a_new_database(tmp_path: Path) -> None:
    # the second used to exit 2 with "table watch_seen already exists" (#16)
    page = tmp_path / "a.txt"
    page.write_text("経済産業省は10日、輸出管理の見直しを発表した。\n対象品目は増える。\n", encoding="utf-8")
    db = tmp_path / "new.db"
    runs = [start_kizashi("run", page, "--db", db) for _ in range(2)]
    outcomes = [(run.wait(timeout=600), run.communicate()) for run in runs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    summaries = sorted(
        next(line for line in (out + err).splitlines() if " stored, " in line).split(" · ")[0]
        for _, (out, err) in outcomes
    )
    assert summaries == [
        "0 stored, 1 unchanged, 0 near-duplicates, 0 failed",
        "1 stored, 0 unchanged, 0 near-duplicates, 0 failed",
    ]


def test_crash_safety_clustering_resumes_after_a_stop_before_it(tmp_path: Path) -> None:
    # a crash between the last document commit and clustering left every event without a cluster,
    # and the re-run exited 0 without clustering; now the re-run finds and finishes it (#16)
    db = tmp_path / "k.db"
    files = sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")[:6]
    assert kizashi("run", *files, "--db", db).returncode == 0
    with sqlite3.connect(db) as conn:
        clustered = sorted(conn.execute("SELECT event_id, cluster FROM events").fetchall())
        assert clustered
        assert all(c for _, c in clustered)
        conn.execute("UPDATE events SET cluster = NULL")  # as the crash left them
    assert kizashi("run", *files, "--db", db).returncode == 0  # nothing new to store
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT event_id, cluster FROM events").fetchall()) == clustered


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
