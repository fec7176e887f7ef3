"""``kizashi watch`` screens what it stores against the loaded lists, as ``kizashi run`` does
(issue 18): a new party on a list makes the ``@listed`` watchlist raise its ``listing`` alerts."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from kizashi.storage import open_store
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
