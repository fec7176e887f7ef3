from __future__ import annotations

from pathlib import Path

import pytest

from kizashi import ids
from kizashi.records import Analysis, Document, Entity, Event, Mention, RemovedLine, Story
from kizashi.storage import open_store


def _analysis(doc_id: str = "d_1", text: str = "米中が会談した。") -> Analysis:
    story = Story(
        story_id=ids.story_id(doc_id, 0, text), doc_id=doc_id, index=0, start=0, end=len(text), text=text
    )
    us = Entity(entity_id="e_us", canonical="United States", type="GPE", country="USA", names=("米",))
    cn = Entity(entity_id="e_cn", canonical="China", type="GPE", country="CHN", names=("中",))
    mentions = tuple(
        Mention(
            mention_id=ids.mention_id(doc_id, i, i + 1, "GPE"),
            doc_id=doc_id,
            story_id=story.story_id,
            start=i,
            end=i + 1,
            text=text[i],
            label="GPE",
            entity_id=e.entity_id,
        )
        for i, e in enumerate((us, cn))
    )
    event = Event(
        event_id=ids.event_id(doc_id, story.story_id, "MEET", "e_us", "e_cn", 0),
        doc_id=doc_id,
        story_id=story.story_id,
        type="MEET",
        actor1="e_us",
        actor2="e_cn",
        evidence=text,
        start=0,
        end=len(text),
        trigger="会談",
        explanation=("trigger: 会談",),
    )
    doc = Document(
        doc_id=doc_id,
        source="a.txt",
        text=text,
        pub_date="2024-01-02",
        pub_date_basis="given",
        removed=(RemovedLine("ホーム", "menu"),),
        stories=(story,),
    )
    return Analysis(document=doc, mentions=mentions, entities=(us, cn), events=(event,), roles=())


@pytest.mark.parametrize("db", ["plain-path", "url"])
def test_storage_upsert_twice_stores_once(tmp_path: Path, db: str) -> None:
    target = str(tmp_path / "k.db") if db == "plain-path" else f"sqlite:///{tmp_path / 'k.db'}"
    store = open_store(target)
    store.upsert(_analysis())
    first = store.counts()
    store.upsert(_analysis())
    assert store.counts() == first
    assert first["documents"] == 1
    assert first["events"] == 1
    assert first["mentions"] == 2


def test_storage_entities_shared_across_documents(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "k.db"))
    store.upsert(_analysis("d_1"))
    store.upsert(_analysis("d_2", "米中が再び会談した。"))
    counts = store.counts()
    assert counts["documents"] == 2
    assert counts["entities"] == 2


def test_storage_duplicate_recorded_without_analysis(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "k.db"))
    store.upsert(_analysis("d_1"), minhash=b"sig")
    dup = Document(doc_id="d_9", source="b.txt", text="米中が会談した。")
    store.record_duplicate(dup, duplicate_of="d_1", minhash=b"sig")
    assert store.counts()["duplicates"] == 1
    assert dict(store.minhashes()) == {"d_1": b"sig"}


@pytest.mark.parametrize(
    ("db", "url"),
    [
        ("postgresql://k@db:5432/kizashi", "postgresql+psycopg://k@db:5432/kizashi"),
        (
            "postgres://k:pw@db/kizashi?sslmode=require",
            "postgresql+psycopg://k:pw@db/kizashi?sslmode=require",
        ),
        ("postgresql+psycopg://k@db/kizashi", "postgresql+psycopg://k@db/kizashi"),
        ("sqlite:////tmp/k.db", "sqlite:////tmp/k.db"),
    ],
)
def test_storage_db_url_gives_plain_postgresql_urls_the_psycopg_driver(db: str, url: str) -> None:
    from kizashi.config import db_url

    assert db_url(db) == url


@pytest.mark.parametrize("asked", [["d_1", "d_404", "d_1", "d_2"]])
def test_storage_stored_ids_names_the_stored_ones(tmp_path: Path, asked: list[str]) -> None:
    store = open_store(str(tmp_path / "ids.db"))
    store.upsert(_analysis("d_1"))
    store.upsert(_analysis("d_2", "日米が協議した。"))
    assert store.stored_ids(asked) == {"d_1", "d_2"}
    assert store.stored_ids([]) == set()
    assert store.stored_ids(f"d_x{i}" for i in range(1200)) == set()  # past one IN list of 500
