from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import update

from kizashi.storage import Store
from kizashi.storage import schema as t
from kizashi.storage.actors import entity_detail, graph_edges, list_entities, per_period, timeline
from kizashi.storage.counts import counts_by_day, counts_by_type, event_facets
from kizashi.storage.queries import (
    Filters,
    get_event,
    list_events,
    list_stories,
    mention_segments,
    story_detail,
)
from tests.desk_fixtures import ARTICLES, CN, JP, Article, add, build_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "q.db")


def test_queries_list_events_latest_first_with_actor_names(store: Store) -> None:
    page = list_events(store)
    assert page.total == 7
    assert [e["when"] for e in page.items] == sorted((e["when"] for e in page.items), reverse=True)
    meet = next(e for e in page.items if e["type"] == "MEET" and e["actor2_id"] == "e_cn")
    assert (meet["actor1"], meet["actor2"]) == ("Japan", "China")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(event_type="MEET"), 2),
        (Filters(mode="phone_call"), 1),
        (Filters(entity_id="e_huawei"), 2),
        (Filters(date_from="2024-03-01", date_to="2024-05-31"), 3),
        (Filters(source="other.example"), 1),
        (Filters(source="%"), 0),  # LIKE wildcards are plain characters
        (Filters(status="planned"), 0),
    ],
)
def test_queries_event_filters(store: Store, filters: Filters, expected: int) -> None:
    assert list_events(store, filters).total == expected


def test_queries_month_dates_overlap_a_day_range(store: Store, tmp_path: Path) -> None:
    add(store, Article("d_month", "日本は7月に中国と会談する。", "2024-07", [("日本", JP), ("中国", CN)],
                       [("MEET", "e_jp", "e_cn", "会談", None)]))  # fmt: skip
    assert list_events(store, Filters(date_from="2024-07-15", date_to="2024-07-31")).total == 1


def test_queries_paginate(store: Store) -> None:
    first, second = list_events(store, limit=4), list_events(store, limit=4, offset=4)
    assert (first.total, len(first.items), len(second.items)) == (7, 4, 3)
    assert not {e["event_id"] for e in first.items} & {e["event_id"] for e in second.items}


def test_queries_latest_events_mix_dated_and_undated(store: Store) -> None:
    # undated events fall back to their story's date; month dates sort by their own text
    all_ids = [e["event_id"] for e in list_events(store).items]
    with store.engine.begin() as conn:
        for event_id in all_ids[::3]:
            conn.execute(update(t.events).where(t.events.c.event_id == event_id).values(date=None))
        conn.execute(update(t.events).where(t.events.c.event_id == all_ids[1]).values(date="2024-02"))
    full = list_events(store, limit=100).items
    key = [(e["date"] or e["pub_date"], e["event_id"]) for e in full]
    assert [w for w, _ in key] == sorted((w for w, _ in key), reverse=True)
    assert all(a[1] < b[1] for a, b in pairwise(key) if a[0] == b[0])  # ties by id
    for size in (1, 2, 3):
        pages = [list_events(store, limit=size, offset=o).items for o in range(0, len(full), size)]
        assert [e["event_id"] for p in pages for e in p] == [e["event_id"] for e in full]


def test_queries_list_stories_counts_events(store: Store) -> None:
    page = list_stories(store, Filters(entity_id="e_huawei"))
    assert {s["doc_id"]: s["events"] for s in page.items} == {"d_controls": 2, "d_controls_b": 1}


def test_queries_counts_per_type_and_day(store: Store) -> None:
    assert dict(counts_by_type(store))["EXPORT_CONTROL"] == 2
    days = counts_by_day(store)
    assert days["events"][0] == ("2024-01-02", 2)
    assert sum(n for _, n in days["stories"]) == len(ARTICLES)


def test_queries_facets(store: Store) -> None:
    facets = event_facets(store)
    assert "MEET" in facets["types"]
    assert "phone_call" in facets["modes"]


def test_queries_story_detail_cuts_text_into_mentions(store: Store) -> None:
    sid = list_stories(store, Filters(source="d_controls.txt")).items[0]["story_id"]
    detail = story_detail(store, sid)
    assert detail is not None
    linked = [(s["text"], s["entity_id"]) for s in detail["segments"] if s["entity_id"]]
    assert linked == [("米商務省", "e_doc"), ("華為技術", "e_huawei"), ("中国", "e_cn")]
    assert "".join(s["text"] for s in detail["segments"]) == detail["story"]["text"]
    assert [r["why"] for r in detail["removed"]] == ["menu", "share"]
    assert {e["type"] for e in detail["events"]} == {"EXPORT_CONTROL", "REJECT"}


def test_queries_story_detail_of_unknown_story(store: Store) -> None:
    assert story_detail(store, "s_nothing") is None


@pytest.mark.parametrize(
    "mentions",
    [
        [{"start": 0, "end": 2, "text": "日本", "entity_id": "a", "label": "GPE", "canonical": "A"},
         {"start": 1, "end": 2, "text": "本", "entity_id": "b", "label": "GPE", "canonical": "B"}],
        [{"start": 0, "end": 2, "text": "違う", "entity_id": "a", "label": "GPE", "canonical": "A"}],
    ],
)  # fmt: skip
def test_queries_segments_skip_overlapping_or_misplaced_mentions(mentions: list[dict[str, object]]) -> None:
    segments = mention_segments({"text": "日本と中国", "start": 0}, mentions)
    assert "".join(s["text"] for s in segments) == "日本と中国"
    assert sum(1 for s in segments if s["entity_id"]) <= 1


def test_queries_get_event_has_explanation(store: Store) -> None:
    event_id = list_events(store, Filters(event_type="REJECT")).items[0]["event_id"]
    event = get_event(store, event_id)
    assert event is not None
    assert event["explanation"] == ["trigger: 反発"]


def test_queries_entity_detail(store: Store) -> None:
    detail = entity_detail(store, "e_cn")
    assert detail is not None
    assert detail["entity"]["names"] == ["中国", "中"]
    assert detail["as_actor_total"] == 2  # REJECT, ACCUSE
    assert detail["as_target_total"] == 2  # MEET, AGREE
    assert {c["entity_id"] for c in detail["co_occurring"]} >= {"e_jp", "e_huawei"}
    assert sum(n for _, n in detail["mentions_over_time"]) == 3


def test_queries_entity_detail_of_unknown_entity(store: Store) -> None:
    assert entity_detail(store, "e_nothing") is None


def test_queries_per_period_folds_many_days_into_months() -> None:
    days = [(f"2024-{m:02d}-{d:02d}", 1) for m in range(1, 6) for d in range(1, 29)]
    assert per_period(days) == [(f"2024-{m:02d}", 28) for m in range(1, 6)]


def test_queries_list_entities_by_any_name(store: Store) -> None:
    assert [e["entity_id"] for e in list_entities(store, q="ファーウェイ").items] == ["e_huawei"]
    assert list_entities(store, type="GPE").total == 3


def test_queries_timeline_gives_each_event_a_day(store: Store) -> None:
    add(store, Article("d_year", "日本は中国と会談する。", "2025", [("日本", JP), ("中国", CN)],
                       [("MEET", "e_jp", "e_cn", "会談", None)]))  # fmt: skip
    items = {i["when"]: i for i in timeline(store)}
    assert (items["2025"]["start"], items["2025"]["precision"]) == ("2025-01-01", "year")
    assert items["2024-01-02"]["precision"] == "day"


def test_queries_graph_edges_are_typed_and_weighted(store: Store) -> None:
    graph = graph_edges(store)
    edges = {(e["source"], e["target"], e["type"]): e["weight"] for e in graph["edges"]}
    assert edges[("e_jp", "e_cn", "MEET")] == 1
    assert ("e_doc", "e_huawei", "EXPORT_CONTROL") in edges
    assert {n["id"] for n in graph["nodes"]} == {s for s, _, _ in edges} | {t for _, t, _ in edges}


def test_queries_graph_around_one_entity(store: Store) -> None:
    graph = graph_edges(store, Filters(entity_id="e_huawei"))
    assert all("e_huawei" in (e["source"], e["target"]) for e in graph["edges"])
