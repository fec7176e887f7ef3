"""The dashboard's cached aggregates (graph, totals, facets, counts) follow the store (#17).

They are kept under the store's generation (``storage/generation.py``): data stored afterwards,
by this process or another one (a second ``Store`` on the same file stands in for ``kizashi
run`` beside ``kizashi serve``), is seen on the next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kizashi.config import Settings
from kizashi.records import Document
from kizashi.screening.run import import_list, screen_store
from kizashi.storage import Store, generation, open_store
from kizashi.storage.generation import ReadCache
from kizashi.storage.matches import query_matches, review_match
from kizashi.web import create_app
from tests.desk_fixtures import CN, JP, Article, add, build_store

NEW = Article(
    "d_cache_new",
    "日本と中国の閣僚が会談し、重要鉱物の供給について協議した。日本は中国に懸念を伝えた。",
    "2024-03-09",
    [("日本", JP), ("中国", CN)],
    [("MEET", "e_jp", "e_cn", "会談", "ministerial"), ("SANCTION", "e_jp", "e_cn", "協議", "sanction_x")],
    title="日中閣僚が会談",
)
LISTS = Path(__file__).resolve().parent / "data" / "lists"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "cache.db"
    build_store(db).close()
    with TestClient(create_app(Settings(db=str(db)))) as client:
        yield client, db


def _json(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _edge(graph: dict[str, Any], source: str, target: str, type_: str) -> dict[str, Any] | None:
    return next(
        (e for e in graph["edges"] if (e["source"], e["target"], e["type"]) == (source, target, type_)), None
    )


def test_web_cache_graph_follows_data_stored_by_another_store(served: tuple[TestClient, Path]) -> None:
    client, db = served
    before = _json(client, "/api/graph")
    meet = _edge(before, "e_jp", "e_cn", "MEET")
    assert meet is not None
    assert _edge(before, "e_jp", "e_cn", "SANCTION") is None
    assert _json(client, "/api/graph") == before  # served again, unchanged
    other = open_store(str(db))
    add(other, NEW)
    other.close()
    after = _json(client, "/api/graph")
    assert _edge(after, "e_jp", "e_cn", "MEET")["weight"] == meet["weight"] + 1  # type: ignore[index]
    assert _edge(after, "e_jp", "e_cn", "SANCTION") is not None


@pytest.mark.parametrize("path", ["/api/counts", "/api/facets", "/api/events", "/api/stories"])
def test_web_cache_totals_follow_new_data(served: tuple[TestClient, Path], path: str) -> None:
    client, db = served
    before = _json(client, path)
    other = open_store(str(db))
    add(other, NEW)
    other.close()
    after = _json(client, path)
    assert after != before
    if path == "/api/counts":
        assert after["totals"]["events"] == before["totals"]["events"] + 2
        assert after["totals"]["stories"] == before["totals"]["stories"] + 1
    elif path == "/api/facets":
        assert "sanction_x" in after["modes"]
        assert "sanction_x" not in before["modes"]
    else:
        assert after["total"] == before["total"] + (2 if path == "/api/events" else 1)


def test_web_cache_event_list_cluster_count_follows_new_data(served: tuple[TestClient, Path]) -> None:
    client, db = served
    first = client.get("/events", params={"event_type": "MEET"})
    assert first.status_code == 200
    other = open_store(str(db))
    add(other, NEW)
    other.close()
    page = _json(client, "/api/events", event_type="MEET")
    assert any(e["doc_id"] == "d_cache_new" for e in page["items"])
    second = client.get("/events", params={"event_type": "MEET"})
    assert second.text != first.text  # the total and the count of real-world events changed


def _generation(store: Store) -> int:
    return generation.current(store.engine)


@pytest.mark.parametrize("write", ["upsert", "duplicate", "clusters"])
def test_store_generation_grows_with_each_write(tmp_path: Path, write: str) -> None:
    store = build_store(tmp_path / "g.db")
    before = _generation(store)
    if write == "upsert":
        add(store, NEW)
    elif write == "duplicate":
        doc = Document("d_dup", "dup.txt", "日本と中国の閣僚が会談した。", duplicate_of="d_controls")
        store.record_duplicate(doc, duplicate_of="d_controls", minhash=None)
    else:
        event_id = store.rows("events")[0]["event_id"]
        store.set_clusters({event_id: "c_test"})
    assert _generation(store) == before + 1
    store.close()


def test_store_generation_grows_with_list_writes(tmp_path: Path) -> None:
    """The ``listed`` filter reads the lists: importing, screening and reviewing are writes too."""
    store = build_store(tmp_path / "lists.db")
    steps = [_generation(store)]
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    steps.append(_generation(store))
    screen_store(store)
    steps.append(_generation(store))
    match = next(m for m in query_matches(store) if m["entity_id"] == "e_huawei")
    review_match(store, match["match_id"], "rejected")
    steps.append(_generation(store))
    assert steps == sorted(set(steps))  # each step made it grow
    store.close()


def test_read_cache_recomputes_only_after_a_write(tmp_path: Path) -> None:
    store = build_store(tmp_path / "c.db")
    cache = ReadCache(store.engine, size=2)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return store.counts()["stories"]

    first = cache.get("stories", compute)
    assert cache.get("stories", compute) == first
    assert len(calls) == 1
    add(store, NEW)
    assert cache.get("stories", compute) == first + 1
    assert len(calls) == 2
    store.close()


def test_read_cache_keeps_the_most_recently_used_keys(tmp_path: Path) -> None:
    store = build_store(tmp_path / "l.db")
    cache = ReadCache(store.engine, size=2)
    calls: list[str] = []

    def computing(key: str) -> Any:
        return lambda: calls.append(key) or key

    for key in ("a", "b", "a", "c", "a", "b"):
        cache.get(key, computing(key))
    assert calls == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    store.close()
