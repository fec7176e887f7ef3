"""The counts the writes keep (``storage/aggregates.py``, #17) agree with counting every row.

After each kind of write (a new document, one stored again with other events, a near-duplicate,
clustering, a document whose events arrive clustered) the actor graph's edges, the totals, events
per type and per day and the facets read from the kept counts equal the full recomputation from
the events, on SQLite and PostgreSQL; a store from before revision 0010 is counted when upgraded.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kizashi.records import Analysis
from kizashi.storage import Store, actors, aggregates, counts, open_store
from kizashi.storage.queries import NO_FILTERS
from tests.desk_fixtures import CN, JP, US, Article, analysis
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'k.db'}"
    return str(request.getfixturevalue("pg_url"))


def _article(n: int, date: str, events: list[tuple[str, str | None, str | None, str, str | None]]) -> Article:
    body = f"米国と中国と日本の{n}番目の記事。米国が中国に制裁を科した。日本と中国が会談した。米国が輸出を規制した。"
    return Article(f"d_agg_{n}", body, date, [("米国", US), ("中国", CN), ("日本", JP)], events)


def _unclustered(an: Analysis, dates: list[str | None] | None = None) -> Analysis:
    """The events as a run stores them before clustering, each with its own date if given."""
    events = [
        replace(ev, cluster=None, date=(dates[i] if dates else ev.date)) for i, ev in enumerate(an.events)
    ]
    return replace(an, events=tuple(events))


SANCTION = ("SANCTION", "e_us", "e_cn", "制裁", "sanction_x")
MEET = ("MEET", "e_jp", "e_cn", "会談", None)
CONTROL = ("EXPORT_CONTROL", "e_us", None, "規制", "export_control")
SANCTION_AGAIN = ("SANCTION", "e_us", "e_cn", "輸出", None)  # the same edge, another sentence


def _assert_kept_equals_full(store: Store) -> None:
    store.read_cache.clear()
    assert actors._edge_rows(store, NO_FILTERS) == actors.full_edge_rows(store, NO_FILTERS)
    assert store.kept_counts() == store.counts()
    assert counts.counts_by_type(store) == counts.full_counts_by_type(store, NO_FILTERS)
    for days in (1, 2, 90):
        assert counts.counts_by_day(store, days=days) == counts.full_counts_by_day(store, days), days
    assert counts.event_facets(store) == counts.full_event_facets(store)


def _write_history(store: Store) -> None:
    """Every kind of write, checking after each."""
    store.upsert(_unclustered(analysis(_article(1, "2024-03-01", [SANCTION, MEET, CONTROL]))))
    _assert_kept_equals_full(store)
    # the same edge from another document, an earlier day, a month-only date and no date
    store.upsert(_unclustered(analysis(_article(2, "2024-02-10", [SANCTION, MEET])), dates=["2024-01", None]))
    _assert_kept_equals_full(store)
    store.upsert(_unclustered(analysis(_article(3, "2024-04-02", [SANCTION]))))
    _assert_kept_equals_full(store)
    # one edge twice in a document, on days before and after those stored
    store.upsert(
        _unclustered(
            analysis(_article(6, "2024-03-15", [SANCTION, SANCTION_AGAIN])),
            dates=["2024-05-01", "2023-12-31"],
        )
    )
    _assert_kept_equals_full(store)
    # document 2 stored again with other events: its old edges lose events, first/last move
    store.upsert(_unclustered(analysis(_article(2, "2024-02-10", [CONTROL]))))
    _assert_kept_equals_full(store)
    dup = analysis(_article(4, "2024-04-03", [])).document
    store.record_duplicate(dup, duplicate_of="d_agg_1", minhash=None)
    _assert_kept_equals_full(store)
    # clustering puts the sanctions of documents 1 and 3 in one real-world event
    by_doc = {r["event_id"]: r for r in store.rows("events")}
    store.set_clusters(
        {eid: ("c_sanction" if r["type"] == "SANCTION" else f"c_{eid[:8]}") for eid, r in by_doc.items()}
    )
    _assert_kept_equals_full(store)
    # a document whose events arrive in clusters, one of them the sanction's of other documents
    fifth = analysis(_article(5, "2024-04-05", [SANCTION, MEET]))
    events = tuple(replace(ev, cluster="c_sanction") if ev.type == "SANCTION" else ev for ev in fifth.events)
    store.upsert(replace(fifth, events=events))
    _assert_kept_equals_full(store)
    # and stored again without any event: its edges and the clusters total go down
    store.upsert(_unclustered(analysis(_article(5, "2024-04-05", []))))
    _assert_kept_equals_full(store)


@pytest.mark.parametrize("counted_from", ["records", "tables"])
def test_store_aggregates_follow_every_kind_of_write(
    db_url: str, counted_from: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if counted_from == "tables":  # the path for records it cannot count: read back after the insert
        monkeypatch.setattr(aggregates, "contribution", lambda *a, **k: None)
    store = open_store(db_url)
    try:
        _write_history(store)
        graph = actors.graph_edges(store)
        sanction = next(e for e in graph["edges"] if e["type"] == "SANCTION")
        assert (sanction["weight"], sanction["events"]) == (4, 1)  # four reports, one cluster
        assert (sanction["first"], sanction["last"]) == ("2023-12-31", "2024-05-01")
        assert store.kept_counts()["duplicates"] == 1
    finally:
        store.close()


def test_store_aggregates_of_a_store_from_before_0010_are_counted_on_upgrade(db_url: str) -> None:
    store = open_store(db_url)
    _write_history(store)
    with store.engine.begin() as conn:  # as a database at 0009 was: no kept counts
        conn.execute(text("DROP TABLE edge_counts"))
        conn.execute(text("DROP TABLE store_counts"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    store.close()
    upgraded = open_store(db_url)
    try:
        kept: dict[str, Any] = upgraded.kept_counts()
        assert kept["events"] > 0
        _assert_kept_equals_full(upgraded)
    finally:
        upgraded.close()
