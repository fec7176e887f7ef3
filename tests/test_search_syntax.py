"""The search syntax (#15) on both backends: AND by space, OR, NOT/-, "phrases" and prefix*."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kizashi.records import Analysis, Document, Story
from kizashi.storage import Store, open_store
from kizashi.storage.search import search
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

DOCS = {
    "d1": ("米商務省は半導体の輸出規制を強化した。", "米 商務 省 は 半導体 の 輸出 規制 を 強化 し た 。"),
    "d2": ("中国は輸出の管理と規制を見直した。", "中国 は 輸出 の 管理 と 規制 を 見直し た 。"),
    "d3": ("欧州連合は制裁を延長した。", "欧州 連合 は 制裁 を 延長 し た 。"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "s.db") if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))
    s = open_store(url)
    for doc_id, (text, tokens) in DOCS.items():
        story = Story(story_id="s" + doc_id, doc_id=doc_id, index=0, start=0, end=len(text), text=text)
        doc = Document(doc_id=doc_id, source=f"{doc_id}.txt", text=text, stories=(story,))
        s.upsert(Analysis(document=doc), tokens={story.story_id: tokens})
    yield s
    s.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("輸出 規制", {"d1", "d2"}),  # both words, anywhere: not the phrase 輸出 規制
        ("輸出規制", {"d1"}),
        ('"輸出規制"', {"d1"}),
        ("輸出 OR 制裁", {"d1", "d2", "d3"}),
        ("輸出|制裁", {"d1", "d2", "d3"}),
        ("輸出 -中国", {"d1"}),
        ("輸出 NOT 半導体", {"d2"}),
        ("規制 -輸出規制", {"d2"}),
        ("半導*", {"d1"}),  # a word's start
        ("半導", set()),  # not a word of its own
        ("欧州連合 制裁", {"d3"}),
        ("見直した OR 延長した", {"d2", "d3"}),
    ],
)
def test_search_syntax_finds(store: Store, query: str, expected: set[str]) -> None:
    page = search(store, query)
    assert {h.doc_id for h in page.hits} == expected
    assert page.total == len(expected)


def test_search_cli_prints_story_text_with_markup_as_text(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kizashi.cli import app as cli_app

    db = tmp_path / "m.db"
    s = open_store(str(db))
    text = "輸出規制の[/b]一覧と[bold]注記[/bold]を公表した。"
    story = Story(story_id="sm", doc_id="dm", index=0, start=0, end=len(text), text=text)
    s.upsert(Analysis(document=Document(doc_id="dm", source="m.txt", text=text, stories=(story,))))
    s.close()
    result = CliRunner().invoke(cli_app, ["search", "輸出規制 [/b]", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.output
    assert "[bold]注記" in result.output  # shown as written, not as bold


def test_search_brackets_in_story_text_are_not_hits(store: Store) -> None:
    """Only the query's words are marked: "[…]" written in a story stays text (PostgreSQL marked it)."""
    text = "輸出規制の一覧[注記]と[/b]を公表した。"
    story = Story(story_id="sb", doc_id="db", index=0, start=0, end=len(text), text=text)
    doc = Document(doc_id="db", source="b.txt", text=text, stories=(story,))
    store.upsert(
        Analysis(document=doc), tokens={"sb": "輸出 規制 の 一覧 [ 注記 ] と [ / b ] を 公表 し た 。"}
    )
    (hit,) = [h for h in search(store, "公表").hits if h.doc_id == "db"]
    assert [t for t, marked in hit.segments if marked] == ["公表"]
    assert "[注記]と[/b]" in "".join(t for t, _ in hit.segments)


def test_search_total_follows_stories_stored_again(store: Store) -> None:
    """A plain match is counted by the index alone (#17): a story stored again with other text
    leaves the count, as it leaves the hits."""
    assert search(store, "輸出").total == 2
    text = "欧州は関税を見直した。"
    story = Story(story_id="sd2", doc_id="d2", index=0, start=0, end=len(text), text=text)
    doc = Document(doc_id="d2", source="d2.txt", text=text, stories=(story,))
    store.upsert(Analysis(document=doc), tokens={"sd2": "欧州 は 関税 を 見直し た 。"})
    for query, expected in (("輸出", {"d1"}), ("見直した", {"d2"}), ("輸出 OR 関税", {"d1", "d2"})):
        page = search(store, query)
        assert {h.doc_id for h in page.hits} == expected, query
        assert page.total == len(expected), query
