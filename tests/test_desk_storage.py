"""The desk's SQL (``kizashi.storage.desk``) behind watchlists, alerts and ``kizashi watch``, on
SQLite and on a real PostgreSQL server (tests/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kizashi.desk.alerts import check_watchlists, list_alerts
from kizashi.desk.backoff import StoredBackoff
from kizashi.desk.watchlists import (
    delete_watchlist,
    find_watchlist,
    list_watchlists,
    parse_spec,
    resolve_entities,
    save_watchlist,
)
from kizashi.errors import KizashiError
from kizashi.storage import Store, open_store
from kizashi.storage import desk as desk_sql
from tests.desk_fixtures import ARTICLES, XSS_TITLE, add
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'k.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(str(url))
    for article in ARTICLES:
        if article.title != XSS_TITLE:  # its made-up "QID" is too long for PostgreSQL
            add(opened, article)
    yield opened
    opened.close()


def test_desk_storage_watchlists_round_trip(store: Store) -> None:
    wl = save_watchlist(
        store, parse_spec({"name": "  chips ", "keywords": "半導体、輸出規制", "modes": ["x"]})
    )
    found = find_watchlist(store, "chips")
    assert found is not None
    assert (found["watchlist_id"], found["keywords"], found["modes"], found["entities"]) == (
        wl,
        ["半導体", "輸出規制"],
        ["x"],
        [],
    )
    save_watchlist(store, parse_spec({"name": "chips", "keywords": ["会談"]}), watchlist_id=wl)
    (listed,) = list_watchlists(store)
    assert (listed["keywords"], listed["alerts"], listed["latest_alert"]) == (["会談"], 0, None)
    with pytest.raises(KizashiError, match="exists already"):
        save_watchlist(store, parse_spec({"name": "chips", "keywords": ["x"]}))
    with pytest.raises(KizashiError, match="no watchlist"):
        save_watchlist(store, parse_spec({"name": "other", "keywords": ["x"]}), watchlist_id=wl + 100)
    assert delete_watchlist(store, wl)
    assert not delete_watchlist(store, wl)


@pytest.mark.parametrize("term", ["e_huawei", "Q160120", "huawei", "ファーウェイ", "米商務省"])
def test_desk_storage_resolve_entities(store: Store, term: str) -> None:
    expected = "e_doc" if term == "米商務省" else "e_huawei"
    assert [e["entity_id"] for e in resolve_entities(store, [term])[term]] == [expected]


def test_desk_storage_alerts_raised_once_and_paged(store: Store) -> None:
    chips = save_watchlist(store, parse_spec({"name": "chips", "entities": ["華為技術"]}))
    talks = save_watchlist(
        store, parse_spec({"name": "talks", "keywords": ["会談"], "event_types": ["MEET"]})
    )
    new = check_watchlists(store)
    assert {a["watchlist"] for a in new} == {"chips", "talks"}
    assert all(isinstance(a["reasons"], list) and a["reasons"] for a in new)
    assert check_watchlists(store) == []
    page = list_alerts(store)
    assert page.total == len(new)
    assert [list_alerts(store, limit=1, offset=k).items[0]["alert_id"] for k in range(page.total)] == [
        a["alert_id"] for a in page.items
    ]
    assert list_alerts(store, watchlist_id=chips).total + list_alerts(store, watchlist_id=talks).total == len(
        new
    )
    assert list_alerts(store, since="9999-01-01").total == 0
    counts = {w["name"]: w["alerts"] for w in list_watchlists(store)}
    assert counts == {"chips": list_alerts(store, watchlist_id=chips).total, "talks": 2}
    assert delete_watchlist(store, chips)
    assert list_alerts(store).total == 2


def test_desk_storage_matching_conditions(store: Store) -> None:
    events = desk_sql.matching_events(store, entity_ids=["e_huawei"], event_types=["EXPORT_CONTROL"])
    assert {e["doc_id"] for e in events} == {"d_controls", "d_controls_b"}
    assert desk_sql.matching_events(store, keywords=["100%_"]) == []  # LIKE wildcards are text
    stories = desk_sql.matching_stories(store, entity_ids=["e_jp"], keywords=["会談"])
    assert {s["doc_id"] for s in stories} == {"d_meeting", "d_summit"}


def test_desk_storage_watch_seen_remembers_keys(store: Store) -> None:
    keys = {f"k{i:04d}": f"feed {i}" for i in range(1200)}  # more than one IN (...) chunk
    assert desk_sql.seen_keys(store, keys) == set()
    desk_sql.remember_seen(store, dict(list(keys.items())[:700]))
    desk_sql.remember_seen(store, keys)  # the first 700 are not inserted twice
    assert desk_sql.seen_keys(store, [*keys, "other"]) == set(keys)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_issue16_stored_backoff_is_read_back_by_a_new_watcher(store: Store) -> None:
    clock = _Clock()
    first = StoredBackoff(store, clock=clock)
    assert first.failed("k", "https://news.example/a") == (1, 60.0)
    assert first.failed("k", "https://news.example/a") == (2, 120.0)
    again = StoredBackoff(store, clock=clock)  # as a new process would
    assert (again.failures("k"), again.due("k")) == (2, False)
    clock.now += 120
    assert again.due("k") is True
    assert again.failed("k", "https://news.example/a") == (3, 240.0)
    again.succeeded("k")
    assert StoredBackoff(store, clock=clock).failures("k") == 0
    assert store.rows("watch_backoff") == []
    last = StoredBackoff(store, attempts=2, clock=clock)
    last.failed("k", "u")
    assert last.failed("k", "u") == (2, None)  # given up: its row goes
    assert store.rows("watch_backoff") == []
