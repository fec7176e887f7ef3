"""``kizashi watch`` screens what it stores against the loaded lists, as ``kizashi run`` does
(issue 18): a new party on a list makes the ``@listed`` watchlist raise its ``listing`` alerts."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kizashi.config import Settings
from kizashi.desk import watch as watch_module
from kizashi.desk.watch import Watcher
from kizashi.desk.watchlists import parse_spec, upsert_by_name
from kizashi.screening.run import LoadedLists, ScreenResult, import_list, load_lists, screen_store
from kizashi.storage import Store, open_store
from tests.cli_process import kizashi as _kizashi

LIST_CSV = (
    "name,aliases,country,list,program,listed date,source url\n"
    "Beihang University,北京航空航天大学,CN,Test Control List,TEST,2021-03-04,https://lists.example.test/1\n"
    "Huawei Technologies Co. Ltd.,華為技術有限公司; ファーウェイ,CN,Test Control List,TEST,2019-05-16,"
    "https://lists.example.test/2\n"
    "Seiran Harbour Works,青嵐港湾工業,JP,Test Control List,TEST,2020-01-01,\n"  # named by no article
)
ARTICLE = (
    "米商務省、中国企業を輸出規制の対象に\n\n"
    "米商務省は10日、中国の通信機器大手ファーウェイと北京航空航天大学を輸出規制の対象に加えると発表した。"
    "ファーウェイは反発している。\n"
)


def kizashi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return _kizashi(*args, env={"COLUMNS": "1000"})


@pytest.mark.slow
def test_watch_cli_screens_new_entities_and_raises_listing_alerts(tmp_path: Path) -> None:
    db, folder, listfile = tmp_path / "w.db", tmp_path / "in", tmp_path / "list.csv"
    folder.mkdir()
    listfile.write_text(LIST_CSV, encoding="utf-8")
    for args in (("lists", "import", listfile, "--name", "test"), ("watchlist", "add", "--name", "listed",
                                                                    "--entity", "@listed")):  # fmt: skip
        done = kizashi(*args, "--db", db)
        assert done.returncode == 0, done.stderr
    article = folder / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    os.utime(article, (1e9, 1e9))  # long settled

    first = kizashi("watch", folder, "--db", db, "--once")
    assert first.returncode == 0, first.stderr
    stderr = first.stderr
    assert "1 new files, 0 new feed entries, 1 stored," in stderr
    assert "against 3 list entries: 2 matches (2 new, 0 gone)" in stderr
    assert "ALERT [listed]  listing: " in stderr
    store = open_store(str(db))
    try:
        matches = {r["entry_id"]: r["status"] for r in store.rows("list_matches")}
        assert sorted(matches.values()) == ["match", "match"]
        listing = [a for a in store.rows("alerts") if a["kind"] == "listing"]
        assert sorted(json.loads(a["reasons"])[0] for a in listing) == [
            "listed: Beihang University (match, 1.00)",
            "listed: Huawei (match, 1.00)",
        ]
        alerts = len(store.rows("alerts"))
    finally:
        store.close()

    again = kizashi("watch", folder, "--db", db, "--once")  # nothing new: no screening, no alert
    assert again.returncode == 0, again.stderr
    assert "0 new files, 0 new feed entries, 0 stored, 0 new alerts" in again.stderr
    assert "screened" not in again.stderr
    store = open_store(str(db))
    try:
        assert len(store.rows("alerts")) == alerts
    finally:
        store.close()


LATER_LIST_ENTRY = "ZTE Corporation,中興通訊; ZTE,CN,Test Control List,TEST,2018-04-15,\n"
LATER_ARTICLE = (
    "経産省、中国企業への輸出を規制\n\n"
    "経済産業省は12日、中国の通信機器メーカー、中興通訊(ZTE)への輸出を規制すると発表した。ZTEは反発した。\n"
)


def _listing(alerts: list[Any]) -> list[str]:
    return [a["reasons"][0] for a in alerts if a["kind"] == "listing"]


def _matches(store: Store) -> list[tuple[str, float, str, str]]:
    rows = store.rows("list_matches")
    return sorted((r["match_id"], r["score"], r["status"], r["explanation"]) for r in rows)


@pytest.mark.slow
def test_watch_screens_only_the_rounds_new_entities_unless_the_lists_changed(
    tmp_path: Path, context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, listfile = tmp_path / "in", tmp_path / "list.csv"
    folder.mkdir()
    listfile.write_text(LIST_CSV + LATER_LIST_ENTRY, encoding="utf-8")
    store = open_store(str(tmp_path / "w.db"))
    calls: list[frozenset[str] | None] = []
    indexed: list[int] = []

    def spy_screen(s: Store, **kw: Any) -> ScreenResult:
        ids = kw.get("entity_ids")
        calls.append(None if ids is None else frozenset(ids))
        return screen_store(s, **kw)

    def spy_load(s: Store, **kw: Any) -> LoadedLists:
        indexed.append(1)
        return load_lists(s, **kw)

    monkeypatch.setattr(watch_module, "screen_store", spy_screen)
    monkeypatch.setattr(watch_module, "load_lists", spy_load)
    try:
        import_list(store, listfile, name="test", version="v1")
        upsert_by_name(store, parse_spec({"name": "listed", "entities": ["@listed"]}))
        for name, text in (("a.txt", ARTICLE),):
            (folder / name).write_text(text, encoding="utf-8")
            os.utime(folder / name, (1e9, 1e9))
        watcher = Watcher([str(folder)], settings=Settings(db=str(tmp_path / "w.db")), store=store)
        watcher.ctx = context

        first = watcher.poll()  # the lists were never screened here: every entity
        assert (first.stored, calls, len(indexed)) == (1, [None], 1)
        assert first.screened is not None
        assert first.screened.new == 2
        assert len(_listing(first.alerts)) == 2

        quiet = watcher.poll()  # nothing new: no index, no subject read, nothing screened
        assert (quiet.stored, quiet.screened, quiet.alerts, calls, len(indexed)) == (0, None, [], [None], 1)

        (folder / "b.txt").write_text(LATER_ARTICLE, encoding="utf-8")
        os.utime(folder / "b.txt", (1e9, 1e9))
        later = watcher.poll()  # only b's entities, against the index kept from the first round
        assert later.stored == 1
        assert len(calls) == 2
        assert len(indexed) == 1
        b_entities = calls[1]
        assert b_entities is not None
        all_entities = {r["entity_id"] for r in store.rows("entities") if r["type"] in ("ORG", "PERSON")}
        assert b_entities < all_entities
        assert later.screened is not None
        assert later.screened.stats.subjects == len(b_entities)
        assert _listing(later.alerts) == ["listed: ZTE (match, 1.00)"]
        incremental = _matches(store)
        full = screen_store(store)  # the same matches as screening everything
        assert (full.new, full.changed, full.gone) == (0, 0, 0)
        assert _matches(store) == incremental

        # a new version of the list: the next round screens every entity, with nothing new stored
        listfile.write_text(LIST_CSV + LATER_LIST_ENTRY + "U.S. Department of Commerce,米商務省,US,Test Control List,TEST,,\n",
                            encoding="utf-8")  # fmt: skip
        import_list(store, listfile, name="test", version="v2")
        relisted = watcher.poll()
        assert (relisted.stored, calls[2:], len(indexed)) == (0, [None], 2)
        assert relisted.screened is not None
        assert relisted.screened.new == 1
        assert _listing(relisted.alerts) == ["listed: United States Department of Commerce (match, 1.00)"]
    finally:
        store.close()
