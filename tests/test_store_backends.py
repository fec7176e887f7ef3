"""The store's behaviour on every backend: SQLite always, PostgreSQL on a real server (tests/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from kizashi import ids
from kizashi.records import Analysis, Document, Entity, Event, Mention, RemovedLine, Story
from kizashi.storage import Store, open_store
from kizashi.storage.migrations import alembic_config, current_revision, migrate
from kizashi.storage.schema import metadata
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# what migration 0002 adds for search, outside the portable schema: PostgreSQL's column and
# indexes, SQLite's FTS5 tables (and the shadow tables FTS5 keeps for them)
PG_SEARCH_OBJECTS = {"tsv", "ix_stories_tsv", "ix_stories_text_trgm"}
FTS_PREFIXES = ("stories_trigram", "stories_words")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'k.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    migrate(opened.engine)  # idempotent: a no-op once open_store migrates by itself
    yield opened
    opened.close()


US = Entity(entity_id="e_us", canonical="United States", type="GPE", country="USA", names=("米", "米国"))
CN = Entity(entity_id="e_cn", canonical="China", type="GPE", country="CHN", names=("中国",))
ACME = Entity(entity_id="e_acme", canonical="Acme", type="ORG", linked=False, names=("アクメ",))


def _analysis(
    doc_id: str,
    text: str,
    *,
    entities: tuple[Entity, ...] = (US, CN),
    events: int = 1,
    pub_date: str = "2024-05-02",
    outlet: str | None = "共同",
) -> Analysis:
    story = Story(
        story_id=ids.story_id(doc_id, 0, text),
        doc_id=doc_id,
        index=0,
        start=0,
        end=len(text),
        text=text,
        headline=text[:10],
        outlet=outlet,
        pub_date=pub_date,
        pub_date_basis="given",
    )
    mentions = tuple(
        Mention(
            mention_id=ids.mention_id(doc_id, i, i + 1, e.type),
            doc_id=doc_id,
            story_id=story.story_id,
            start=i,
            end=i + 1,
            text=text[i],
            label=e.type,
            entity_id=e.entity_id,
            role="商務相" if i == 0 else None,
        )
        for i, e in enumerate(entities)
    )
    evs = tuple(
        Event(
            event_id=ids.event_id(doc_id, story.story_id, "MEET", "e_us", "e_cn", k),
            doc_id=doc_id,
            story_id=story.story_id,
            type="MEET",
            actor1="e_us",
            actor2="e_cn",
            evidence=text,
            start=k,
            end=len(text),
            trigger="会談",
            date=pub_date,
            confidence=0.75,
            explanation=("trigger: 会談", "date: given"),
        )
        for k in range(events)
    )
    doc = Document(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        text=text,
        title="見出し",
        pub_date=pub_date,
        pub_date_basis="given",
        removed=(RemovedLine("ホーム > 国際", "menu"),),
        stories=(story,),
    )
    return Analysis(
        document=doc,
        mentions=mentions,
        entities=entities,
        events=evs,
        roles=(("e_us", "商務相"),),
    )


@pytest.mark.parametrize("times", [1, 2])
def test_store_backends_upsert_is_idempotent(store: Store, times: int) -> None:
    for _ in range(times):
        store.upsert(_analysis("d_1", "米中が半導体の輸出規制で会談した。"), minhash=b"\x00\x01sig")
    counts = store.counts()
    assert (counts["documents"], counts["stories"], counts["mentions"], counts["events"]) == (1, 1, 2, 1)
    assert counts["entities"] == 2


def test_store_backends_reupsert_replaces_children(store: Store) -> None:
    store.upsert(_analysis("d_1", "米中が会談した。", events=3))
    store.upsert(_analysis("d_1", "米中が会談した。", events=1))
    assert store.counts()["events"] == 1


def test_store_backends_entity_names_merge_across_documents(store: Store) -> None:
    store.upsert(_analysis("d_1", "米中が会談した。"))
    widened = Entity(entity_id="e_us", canonical="United States", type="GPE", names=("米", "アメリカ"))
    store.upsert(_analysis("d_2", "米中が再び会談した。", entities=(widened, CN)))
    row = store.entity_rows(["e_us"])["e_us"]
    assert row["names"] == '["米", "米国", "アメリカ"]'
    assert store.counts()["entities"] == 2


def test_store_backends_round_trip_values(store: Store) -> None:
    text = "アクメ社は米国の制裁を批判した。"
    store.upsert(_analysis("d_1", text, entities=(ACME, US)), minhash=bytes(range(256)))
    (doc,) = store.rows("documents")
    assert doc["text"] == text
    assert doc["removed"] == '[{"line": "ホーム > 国際", "why": "menu"}]'
    assert dict(store.minhashes()) == {"d_1": bytes(range(256))}
    ents = store.entity_rows(["e_acme", "e_us", "e_missing"])
    assert set(ents) == {"e_acme", "e_us"}
    assert ents["e_acme"]["linked"] is False
    (event,) = store.rows("events")
    assert event["confidence"] == pytest.approx(0.75)
    assert event["explanation"] == '["trigger: 会談", "date: given"]'
    links = store.rows("doc_entities", {"doc_id": "d_1"}, order_by="position")
    assert [(x["entity_id"], x["role"]) for x in links] == [("e_acme", None), ("e_us", "商務相")]


def test_store_backends_duplicates_and_clusters(store: Store) -> None:
    store.upsert(_analysis("d_1", "米中が会談した。", events=2), minhash=b"sig1")
    store.record_duplicate(
        Document(doc_id="d_9", source="copy.txt", text="米中が会談した。"),
        duplicate_of="d_1",
        minhash=b"sig9",
    )
    assert dict(store.minhashes()) == {"d_1": b"sig1"}  # duplicates are never originals
    events = store.rows("events", order_by="start")
    store.set_clusters({e["event_id"]: "c_1" for e in events})
    counts = store.counts()
    assert (counts["duplicates"], counts["clusters"], counts["documents"]) == (1, 1, 2)
    assert store.has_document("d_9")
    assert not store.has_document("d_404")


def test_store_backends_rows_filter_and_order(store: Store) -> None:
    store.upsert(_analysis("d_b", "米中が会談した。", pub_date="2024-05-03"))
    store.upsert(_analysis("d_a", "中国が米国を批判した。", pub_date="2024-05-01"))
    assert [r["doc_id"] for r in store.rows("documents", order_by="pub_date")] == ["d_a", "d_b"]
    assert [r["doc_id"] for r in store.rows("stories", {"pub_date": "2024-05-03"})] == ["d_b"]


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_store_backends_migrations_match_schema(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    drift = [d for d in diffs if not _is_pg_search_object(d)]
    assert drift == [], "storage/schema.py changed without a migration under storage/migrations/versions"


def _is_pg_search_object(diff: object) -> bool:
    """Diffs alembic reports for what 0002 adds for search (tables, columns, indexes the metadata lacks)."""
    parts = diff if isinstance(diff, tuple) else (diff,)
    for part in parts:
        name = getattr(part, "name", None)
        if name in PG_SEARCH_OBJECTS or (isinstance(name, str) and name.startswith(FTS_PREFIXES)):
            return True
        if isinstance(part, tuple) and _is_pg_search_object(part):
            return True
    return False


def test_store_backends_migrate_is_idempotent(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate(engine)
    migrate(engine)
    assert current_revision(engine) == _head()
    engine.dispose()


def test_store_backends_database_made_by_create_all_is_adopted(db_url: str) -> None:
    engine = create_engine(db_url)
    metadata.create_all(engine)
    migrate(engine)
    assert current_revision(engine) == _head()
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "stories", "events", "alembic_version"} <= tables
    engine.dispose()


# ---- search on PostgreSQL (pg_trgm + tsvector), with the semantics of search.py on SQLite ----------


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:  # noqa: F811  (the fixture imported above)
    opened = open_store(pg_url)
    migrate(opened.engine)
    stories = [
        (
            "d_1",
            "米商務省は半導体製造装置の輸出規制を強化した。",
            "2024-05-01",
            "米 商務 省 は 半導体 製造 装置",
        ),
        ("d_2", "中国はガリウムの輸出規制で対抗した。", "2024-05-03", "中国 は ガリウム の 輸出規制 で"),
        ("d_3", "新米の収穫が始まった。AIで選別する。", "2024-05-05", "新米 の 収穫 が 始まっ た AI で"),
    ]
    for doc_id, text, date, tokens in stories:
        analysis = _analysis(doc_id, text, pub_date=date)
        opened.upsert(analysis, tokens={analysis.document.stories[0].story_id: tokens})
    yield opened
    opened.close()


def _found(store: Store, query: str, **filters: object) -> list[str]:
    from kizashi.storage.pg_search import pg_search

    total, rows = pg_search(store, query, **filters)  # type: ignore[arg-type]
    assert total >= len(rows)
    return [str(r["doc_id"]) for r in rows]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "docs"),
    [
        ("輸出規制", {"d_1", "d_2"}),  # 3+ characters: a substring, through pg_trgm
        ("ガリウムの輸出", {"d_2"}),
        ("米", {"d_1"}),  # a short word: a Sudachi word, not the 米 inside 新米
        ("ai", {"d_3"}),  # case folded, as FTS5 does
        ("米 は", {"d_1"}),  # short words: all of them
        ("米 が", set()),
        ("量子暗号", set()),
        ('"; DROP TABLE stories; --', set()),  # syntax is text
        ("100%", set()),
        ("  ", set()),
    ],
)
def test_store_backends_pg_search_finds(pg_store: Store, query: str, docs: set[str]) -> None:
    assert set(_found(pg_store, query)) == docs
    assert pg_store.counts()["stories"] == 3


@pytest.mark.postgres
def test_store_backends_pg_search_filters_and_pages(pg_store: Store) -> None:
    assert _found(pg_store, "輸出規制", date_from="2024-05-02") == ["d_2"]
    assert _found(pg_store, "輸出規制", date_to="2024-05-02") == ["d_1"]
    assert _found(pg_store, "輸出規制", source="d_2") == ["d_2"]  # a substring of the source
    assert _found(pg_store, "輸出規制", event_type="MEET") == _found(pg_store, "輸出規制")
    assert _found(pg_store, "輸出規制", event_type="SANCTION") == []
    assert set(_found(pg_store, "輸出規制", entity_id="e_cn")) == {"d_1", "d_2"}
    assert _found(pg_store, "輸出規制", entity_id="e_nobody") == []
    first, second = _found(pg_store, "輸出規制", limit=1), _found(pg_store, "輸出規制", limit=1, offset=1)
    assert len(first) == len(second) == 1
    assert first != second


@pytest.mark.postgres
def test_store_backends_pg_search_result_shape(pg_store: Store) -> None:
    from kizashi.storage.pg_search import pg_search

    total, (hit,) = pg_search(pg_store, "ガリウム")
    assert total == 1
    assert set(hit) == {"story_id", "doc_id", "source", "title", "pub_date", "snippet", "rank"}
    assert "[ガリウム]" in str(hit["snippet"])
    assert (hit["source"], hit["pub_date"]) == ("d_2.txt", "2024-05-03")
    assert isinstance(hit["rank"], float)


@pytest.mark.postgres
def test_store_backends_pg_search_ranks_repeated_hits_first(pg_store: Store) -> None:
    text = "輸出規制、輸出規制、また輸出規制。"
    analysis = _analysis("d_4", text)
    pg_store.upsert(analysis, tokens={analysis.document.stories[0].story_id: ""})
    assert _found(pg_store, "輸出規制")[0] == "d_4"


def test_store_backends_sqlite_search_index_made_by_migration(tmp_path: Path) -> None:
    """Migration 0002 gives SQLite the FTS5 indexes search.py reads, stories stored before included."""
    from kizashi.storage.search import search

    engine = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    metadata.create_all(engine)  # a database from before migrations, without search indexes
    before = Store(engine)
    analysis = _analysis("d_1", "米商務省は半導体の輸出規制を強化した。")
    before.upsert(analysis, tokens={analysis.document.stories[0].story_id: "米 商務 省 は 半導体"})
    migrate(engine)
    store = Store(engine)
    assert {h.doc_id for h in search(store, "輸出規制").hits} == {"d_1"}
    assert {h.doc_id for h in search(store, "米").hits} == {"d_1"}
    later = _analysis("d_2", "中国はガリウムの輸出規制で対抗した。")
    store.upsert(later, tokens={later.document.stories[0].story_id: "中国 は ガリウム"})
    assert {h.doc_id for h in search(store, "輸出規制").hits} == {"d_1", "d_2"}


def test_store_backends_desk_queries(store: Store) -> None:
    # the dashboard's listings on both dialects: latest first across dated and undated events,
    # pages that add up, counts per day and type, an entity's events
    from sqlalchemy import update

    from kizashi.storage import schema
    from kizashi.storage.actors import entity_detail
    from kizashi.storage.counts import counts_by_day, counts_by_type
    from kizashi.storage.queries import list_events, list_stories
    from tests.desk_fixtures import ARTICLES, XSS_TITLE, add

    articles = [a for a in ARTICLES if a.title != XSS_TITLE]  # its made-up "QID" is too long for PG
    for article in articles:
        add(store, article)
    ids_ = [e["event_id"] for e in list_events(store, limit=100).items]
    with store.engine.begin() as conn:
        undated = schema.events.c.event_id.in_(ids_[::2])
        conn.execute(update(schema.events).where(undated).values(date=None))
    full = list_events(store, limit=100)
    assert full.total == len(ids_)
    whens = [e["date"] or e["pub_date"] for e in full.items]
    assert whens == sorted(whens, reverse=True)
    paged = [
        e["event_id"] for o in range(0, len(ids_), 3) for e in list_events(store, limit=3, offset=o).items
    ]
    assert paged == [e["event_id"] for e in full.items]
    days = counts_by_day(store)
    assert sum(n for _, n in days["events"]) == len(ids_)
    assert sum(n for _, n in counts_by_type(store)) == len(ids_)
    assert list_stories(store).total == len(articles)
    detail = entity_detail(store, "e_cn")
    assert detail is not None
    assert detail["as_target_total"] == len(detail["as_target"]) > 0


def test_store_backends_plain_postgresql_url_opens(pg_url: str) -> None:  # noqa: F811
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    assert plain.startswith("postgresql://")
    store = open_store(plain)
    assert store.engine.dialect.driver == "psycopg"
    assert store.counts()["documents"] == 0
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_store_backends_nul_is_stored_the_same_on_both(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # PostgreSQL refuses NUL in text; both backends store it as U+FFFD, one character for one (#16)
    url = f"sqlite:///{tmp_path / 'n.db'}" if backend == "sqlite" else str(request.getfixturevalue("pg_url"))
    store = open_store(url)
    try:
        text = "米国は\x00中国と会談した。"
        store.upsert(_analysis("d_nul", text))
        (doc,) = store.rows("documents")
        assert doc["text"] == text.replace("\x00", "\ufffd")
        assert len(doc["text"]) == len(text)  # offsets into the text stay right
        assert store.rows("documents", {"source": "d\x00.txt"}) == []  # a NUL in a filter value is no error
    finally:
        store.close()
