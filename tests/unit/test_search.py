from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.errors import KizashiError
from kizashi.records import Analysis, Document, Story
from kizashi.search import search
from kizashi.storage import Store, open_store


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
