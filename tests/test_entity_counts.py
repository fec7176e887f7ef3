"""An entity page's kept aggregates (``storage/entity_counts.py``, #17) agree with the mentions.

After each kind of write (new documents, one stored again with other entities, one emptied, a
near-duplicate) every entity's co-occurring actors and mentions over time, read from the kept
counts, equal the counts from the mentions, on SQLite and PostgreSQL; so does the events page's
count of real-world events; a store from before revision 0011 is counted when upgraded.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from kizashi.storage import Store, actors, entity_counts, event_views, open_store
from kizashi.storage.queries import NO_FILTERS
from tests.desk_fixtures import CN, COMMERCE, HUAWEI, JP, US, Article, analysis
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
ENTITIES = [US, CN, JP, HUAWEI, COMMERCE]
SURFACE = {US.entity_id: "米国", CN.entity_id: "中国", JP.entity_id: "日本", HUAWEI.entity_id: "華為技術"}
SURFACE[COMMERCE.entity_id] = "米商務省"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'k.db'}"
    return str(request.getfixturevalue("pg_url"))


def _article(n: int, date: str | None, names: list[str]) -> Article:
    """A story naming these entities (by id), the first twice; an event between the first two."""
    ents = [e for e in ENTITIES if e.entity_id in names]
    body = "と".join(SURFACE[e.entity_id] for e in ents) + f"の{n}番目の記事。" if ents else f"記事{n}。"
    body += f"{SURFACE[ents[0].entity_id]}が会談した。" if ents else ""
    a = Article(f"d_ec_{n}", body, date or "2024-01-01", [(SURFACE[e.entity_id], e) for e in ents])
    if len(ents) >= 2:
        a.events = [("MEET", ents[0].entity_id, ents[1].entity_id, "会談", None)]
    return a


def _store(store: Store, a: Article, *, undated: bool = False, unclustered: bool = False) -> None:
    an = analysis(a)
    # the second mention of the first entity ("…が会談した"): counted per mention, not per story
    if an.mentions:
        first = an.mentions[0]
        at = a.text.rfind(first.text)
        if at != first.start:
            an = replace(an, mentions=(*an.mentions, replace(first, mention_id=f"{first.mention_id}b", start=at,
                                                             end=at + len(first.text))))  # fmt: skip
    if undated:
        stories = tuple(replace(s, pub_date=None) for s in an.document.stories)
        an = replace(an, document=replace(an.document, stories=stories))
    if unclustered:
        an = replace(an, events=tuple(replace(ev, cluster=None) for ev in an.events))
    store.upsert(an)


def _assert_kept_equals_full(store: Store) -> None:
    store.read_cache.clear()
    with store.engine.connect() as conn:
        for e in ENTITIES:
            kept = entity_counts.co_occurring(conn, e.entity_id)
            assert kept == entity_counts.full_co_occurring(conn, e.entity_id), e.entity_id
            days = entity_counts.mention_days(conn, e.entity_id)
            assert days == entity_counts.full_mention_days(conn, e.entity_id), e.entity_id
    assert event_views.count_clusters(store, NO_FILTERS) == event_views.full_count_clusters(store, NO_FILTERS)


def _write_history(store: Store) -> None:
    us, cn, jp, hw, doc = (e.entity_id for e in ENTITIES)
    _store(store, _article(1, "2024-03-01", [us, cn, jp]))
    _assert_kept_equals_full(store)
    _store(store, _article(2, "2024-03-01", [us, cn]), unclustered=True)
    _store(store, _article(3, "2024-03-02", [cn, hw, doc]))
    _store(store, _article(4, None, [us, hw]), undated=True)  # mentions with no date: no day
    _assert_kept_equals_full(store)
    _store(store, _article(2, "2024-03-05", [jp, doc]), unclustered=True)  # stored again: others
    _assert_kept_equals_full(store)
    _store(store, _article(3, "2024-03-02", []))  # stored again without any entity
    _assert_kept_equals_full(store)
    store.record_duplicate(
        analysis(_article(1, "2024-03-01", [])).document, duplicate_of="d_ec_4", minhash=None
    )
    _assert_kept_equals_full(store)


def test_entity_counts_follow_every_kind_of_write(db_url: str) -> None:
    store = open_store(db_url)
    try:
        _write_history(store)
        with store.engine.connect() as conn:
            co = entity_counts.co_occurring(conn, US.entity_id)
            days = entity_counts.mention_days(conn, HUAWEI.entity_id)
        assert [(r["entity_id"], r["stories"]) for r in co] == [(HUAWEI.entity_id, 1)]  # only d_ec_4
        assert days == []  # its one story left has no date
        page = actors.entity_detail(store, JP.entity_id)
        assert page is not None
        assert [r["entity_id"] for r in page["co_occurring"]] == [COMMERCE.entity_id]
        assert page["mentions_over_time"] == [("2024-03-05", 2)]  # named twice in d_ec_2
    finally:
        store.close()


def test_entity_counts_of_a_store_from_before_0011_are_counted_on_upgrade(db_url: str) -> None:
    store = open_store(db_url)
    _write_history(store)
    with store.engine.begin() as conn:  # as a database at 0010 was: no kept entity counts
        conn.execute(text("DROP TABLE entity_counts"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0010'"))
    store.close()
    upgraded = open_store(db_url)
    try:
        with upgraded.engine.connect() as conn:
            assert entity_counts.mention_days(conn, JP.entity_id) == [("2024-03-05", 2)]
        _assert_kept_equals_full(upgraded)
    finally:
        upgraded.close()
