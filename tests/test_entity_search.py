"""Search by entity (#15), on both backends: a query naming a known entity in any script, spelling
or English finds the stories that mention it, merged with the text hits, and says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kizashi import ids
from kizashi.desk.search import resolve_name, search_desk
from kizashi.entities.gazetteer import Gazetteer, load_gazetteer
from kizashi.records import Entity
from kizashi.storage import Store, entity_search, open_store
from tests.desk_fixtures import Article, add
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

WANG = Entity(ids.entity_id("gaz:wang_wentao"), "Wang Wentao", "PERSON", "CHN", names=("王文濤", "王文涛"))
GINA = Entity(
    ids.entity_id("gaz:gina_raimondo"), "Gina Raimondo", "PERSON", "USA", names=("ジーナ・レモンド",)
)
HUAWEI = Entity(ids.entity_id("gaz:huawei"), "Huawei", "ORG", "CHN", names=("ファーウェイ",))

ARTICLES = [
    Article("d_w1", "中国の王文濤商務相は28日、米国のレモンド商務長官と会談した。", "2023-08-28",
            [("王文濤", WANG), ("レモンド", GINA)], [("MEET", WANG.entity_id, GINA.entity_id, "会談", None)],
            title="米中商務相が会談"),
    Article("d_w2", "王氏は輸出規制の緩和を求めた。", "2023-08-29", [("王", WANG)],
            [("REQUEST", WANG.entity_id, None, "求め", None)], tokens="王 氏 は 輸出 規制 の 緩和 を 求め た 。"),
    Article("d_h1", "ファーウェイは新しい半導体を発表した。", "2024-04-01", [("ファーウェイ", HUAWEI)]),
    Article("d_h2", "華為技術の幹部が来日した。", "2024-04-02", [("華為技術", HUAWEI)]),
    Article("d_none", "輸出規制の強化が続く。", "2024-04-03", [], tokens="輸出 規制 の 強化 が 続く 。"),
]  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "e.db") if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))
    s = open_store(url)
    for a in ARTICLES:
        add(s, a)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("query", "expected", "entity"),
    [
        ("王文涛", {"d_w1", "d_w2"}, "Wang Wentao"),  # simplified: no story writes it so
        ("王文濤", {"d_w1", "d_w2"}, "Wang Wentao"),
        ("Wang Wentao", {"d_w1", "d_w2"}, "Wang Wentao"),  # two words, one name
        ("華為", {"d_h1", "d_h2"}, "Huawei"),
        ("Huawei", {"d_h1", "d_h2"}, "Huawei"),
        ("ファーウェイ OR Raimondo", {"d_h1", "d_h2", "d_w1"}, "Huawei"),  # a surname one person has
        ("Wang Wentao 輸出", {"d_w2"}, "Wang Wentao"),  # the entity, and the word as text
        ("王文涛 -輸出", {"d_w1"}, "Wang Wentao"),
        ("輸出 規制", {"d_w2", "d_none"}, None),  # no entity named: the text search alone
    ],
)
def test_entity_search_finds_mentions(
    store: Store, gazetteer: Gazetteer, query: str, expected: set[str], entity: str | None
) -> None:
    page = search_desk(store, gazetteer, query)
    assert {h.doc_id for h in page.hits} == expected
    assert page.total == len(expected)
    assert (entity in {m.canonical for m in page.entities}) if entity else not page.entities


def test_entity_search_hits_say_why_and_carry_events(store: Store, gazetteer: Gazetteer) -> None:
    page = search_desk(store, gazetteer, "王文涛")
    assert [(m.words, m.canonical, m.type) for m in page.entities] == [("王文涛", "Wang Wentao", "PERSON")]
    by_doc = {h.doc_id: h for h in page.hits}
    assert by_doc["d_w1"].entities == ("Wang Wentao",)
    assert [(e.type, e.actor1, e.actor2) for e in by_doc["d_w1"].events] == [
        ("MEET", "Wang Wentao", "Gina Raimondo")
    ]
    assert [e.type for e in by_doc["d_w2"].events] == ["REQUEST"]
    # the mention is marked in the snippet, as the story writes it
    assert ("王", True) in by_doc["d_w2"].segments
    assert ("王文濤", True) in by_doc["d_w1"].segments


def test_entity_search_pages_and_filters(store: Store, gazetteer: Gazetteer) -> None:
    first = search_desk(store, gazetteer, "Huawei", limit=1)
    second = search_desk(store, gazetteer, "Huawei", limit=1, offset=1)
    assert (first.total, len(first.hits), len(second.hits)) == (2, 1, 1)
    assert first.hits[0].doc_id != second.hits[0].doc_id
    assert {h.doc_id for h in search_desk(store, gazetteer, "Huawei", date_from="2024-04-02").hits} == {
        "d_h2"
    }


def test_entity_search_shared_surname_names_no_one(store: Store, gazetteer: Gazetteer) -> None:
    """A surname many known people share (王, Wang) is no entity of its own: text only."""
    page = search_desk(store, gazetteer, "Wang")
    assert not page.entities
    assert page.total == 0


def test_entity_search_resolve_name_any_script(store: Store, gazetteer: Gazetteer) -> None:
    for name in ("王文涛", "Wang Wentao", "王文濤"):
        assert [m.entity_id for m in resolve_name(store, gazetteer, name)] == [WANG.entity_id]
    assert resolve_name(store, gazetteer, "no such name") == []


@pytest.mark.parametrize(
    "query",
    [
        "華為",
        "王文涛",
        "ファーウェイ OR Raimondo OR 輸出",
        "輸出 OR Huawei",
        "Wang Wentao",
        "王文涛 -輸出",
        "王文濤 会談",
    ],
)
def test_entity_search_candidates_alone_give_the_same_pages(
    store: Store, gazetteer: Gazetteer, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-group query reads its candidates only (#17): the same total, hits and order."""

    def pages() -> list[tuple[int, list[str]]]:
        store.read_cache.clear()
        out = []
        for offset in range(4):
            page = search_desk(store, gazetteer, query, limit=2, offset=offset)
            out.append((page.total, [h.story_id for h in page.hits]))
        return out

    fast = pages()
    monkeypatch.setattr(entity_search, "_candidates_match", lambda query, *, filtered: False)
    assert pages() == fast
    assert fast[0][1], "the query finds something"
