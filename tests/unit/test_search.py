from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.errors import KizashiError
from kizashi.records import Analysis, Document, Story
from kizashi.storage import Store, open_store
from kizashi.storage.search import search


def _add(store: Store, doc_id: str, text: str, tokens: str, date: str) -> None:
    story = Story(
        story_id="s" + doc_id, doc_id=doc_id, index=0, start=0, end=len(text), text=text, pub_date=date
    )
    doc = Document(doc_id=doc_id, source=f"{doc_id}.txt", text=text, stories=(story,))
    store.upsert(Analysis(document=doc), tokens={story.story_id: tokens})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(str(tmp_path / "k.db"))
    _add(s, "d1", "米商務省は輸出規制を強化した。", "米 商務 省 は 輸出 規制 を 強化 し た 。", "2024-01-02")
    _add(s, "d2", "日中の外相が会談した。", "日 中 の 外相 が 会談 し た 。", "2024-03-04")
    return s


@pytest.mark.parametrize(
    ("query", "expected"), [("輸出規制", {"d1"}), ("会談", {"d2"}), ("米", {"d1"}), ("外相が会談", {"d2"})]
)
def test_search_finds_long_and_short_japanese_queries(store: Store, query: str, expected: set[str]) -> None:
    assert {h.doc_id for h in search(store, query).hits} == expected


def test_search_highlights_trigram_matches(store: Store) -> None:
    hit = search(store, "輸出規制").hits[0]
    assert "[輸出規制]" in hit.snippet


def test_search_filters_by_date(store: Store) -> None:
    assert search(store, "会談", date_from="2024-03-01").total == 1
    assert search(store, "会談", date_to="2024-02-01").total == 0


def test_search_reindexes_on_upsert(store: Store) -> None:
    _add(store, "d1", "米商務省は制裁を発表した。", "米 商務 省 は 制裁 を 発表 し た 。", "2024-01-02")
    assert search(store, "輸出規制").total == 0
    assert search(store, "制裁を発表").total == 1


@pytest.mark.parametrize("query", ['"; DROP TABLE stories; --', "NEAR(a b)", "a OR b*", "'", "\\x00"])
def test_search_treats_syntax_as_text(store: Store, query: str) -> None:
    assert search(store, query).total == 0
    assert search(store, "輸出規制").total == 1


@pytest.mark.parametrize("query", ["", "   ", "あ" * 201])
def test_search_rejects_empty_and_overlong_queries(store: Store, query: str) -> None:
    with pytest.raises(KizashiError):
        search(store, query)


# ---- filters, pagination, highlighting (the desk's search, #6) ---------------------------------
@pytest.fixture
def desk(tmp_path: Path) -> Store:
    from tests.desk_fixtures import build_store

    return build_store(tmp_path / "desk.db")


def test_search_marks_matches_as_segments(desk: Store) -> None:
    hit = search(desk, "中国外務省").hits[0]
    assert ("中国外務省", True) in hit.segments
    assert all(not match for text, match in hit.segments if text != "中国外務省")


def test_search_marks_short_words_in_the_story_text(desk: Store) -> None:
    hit = search(desk, "米").hits[0]
    assert hit.doc_id == "d_controls"
    assert hit.segments[0] == ("米", True)
    assert hit.snippet.startswith("[米]")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {"d_controls", "d_controls_b"}),
        ({"entity_id": "e_doc"}, {"d_controls"}),
        ({"event_type": "EXPORT_CONTROL"}, {"d_controls", "d_controls_b"}),
        ({"event_type": "MEET"}, set()),
        ({"source": "other.example"}, {"d_controls_b"}),
        ({"source": "%"}, set()),
        ({"date_from": "2024-01-03"}, {"d_controls_b"}),
    ],
)
def test_search_filters(desk: Store, kwargs: dict[str, str], expected: set[str]) -> None:
    assert {h.doc_id for h in search(desk, "輸出規制", **kwargs).hits} == expected  # type: ignore[arg-type]


def test_search_pages_through_ranked_hits(desk: Store) -> None:
    everything = search(desk, "会談", limit=10)
    first, second = search(desk, "会談", limit=1), search(desk, "会談", limit=1, offset=1)
    assert first.total == second.total == everything.total == 2
    assert [h.story_id for h in first.hits + second.hits] == [h.story_id for h in everything.hits]


@pytest.mark.parametrize("query", ["輸出\x00規制", "\x1b[31m輸出規制", "輸出規制\x7f"])
def test_search_drops_control_characters(desk: Store, query: str) -> None:
    page = search(desk, query)
    assert "\x00" not in page.query
    assert "\x1b" not in page.query


def test_search_refuses_unsupported_dialects(desk: Store) -> None:
    class Other:
        dialect = "mysql"
        engine = desk.engine

    with pytest.raises(KizashiError, match="mysql"):
        search(Other(), "輸出規制")  # type: ignore[arg-type]


def test_search_query_syntax_parses_what_analysts_type() -> None:
    from kizashi.storage.query_syntax import Term, parse_query

    q = parse_query('輸出 規制 OR 制裁 -中国 NOT "米 国" 半導*')
    assert q.groups == ((Term("輸出"),), (Term("規制"), Term("制裁")), (Term("半導", prefix=True),))
    assert q.excluded == (Term("中国"), Term("米 国"))
    assert parse_query("a|b").groups == ((Term("a"), Term("b")),)


@pytest.mark.parametrize("query", ["-中国", "NOT 中国", "OR", '""'])
def test_search_query_with_nothing_to_find_is_an_error(query: str) -> None:
    from kizashi.errors import KizashiError
    from kizashi.storage.query_syntax import parse_query

    with pytest.raises(KizashiError, match="no term to find"):
        parse_query(query)
