"""The JSON API: every endpoint's status, schema, pagination and filters (in-process ASGI)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from kizashi.config import Settings
from kizashi.web import create_app
from kizashi.web import models as m
from tests.desk_fixtures import build_store

TESTED: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    build_store(db).close()
    with TestClient(create_app(Settings(db=str(db)))) as c:
        yield c


def _get(client: TestClient, path: str, model: type[BaseModel] | None = None, **params: Any) -> Any:
    TESTED.add(("get", path.split("?")[0] if "{" in path else path))
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    if model is not None:
        model.model_validate(body)
    return body


def _mark(method: str, template: str) -> None:
    TESTED.add((method, template))


def test_web_api_search(client: TestClient) -> None:
    _mark("get", "/api/search")
    body = client.get("/api/search", params={"q": "輸出規制"}).json()
    m.SearchOut.model_validate(body)
    assert body["total"] == 2
    assert any(p["match"] and p["text"] == "輸出規制" for p in body["hits"][0]["segments"])
    one = client.get("/api/search", params={"q": "輸出規制", "limit": 1, "offset": 1}).json()
    assert len(one["hits"]) == 1
    assert one["hits"][0]["story_id"] == body["hits"][1]["story_id"]
    filtered = client.get("/api/search", params={"q": "輸出規制", "entity_id": "e_doc"}).json()
    assert [h["doc_id"] for h in filtered["hits"]] == ["d_controls"]
    # 米 is a word of one story, and names the United States, which two more mention as 米国 and 米 (#15)
    us = client.get("/api/search", params={"q": "米"}).json()
    assert [e["canonical"] for e in us["entities"]] == ["United States"]
    assert {h["doc_id"] for h in us["hits"]} == {"d_controls", "d_controls_b", "d_summit"}


@pytest.mark.parametrize(
    "q",
    ["' OR 1=1 --", '"; DROP TABLE stories; --', "NEAR(輸出 規制)", "*", "a" * 400, "%ff", "\x00", "\u3000"],
)
def test_web_api_search_hostile_queries_are_4xx_or_results(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in {200, 400, 422}, r.text
    if r.status_code == 200:
        m.SearchOut.model_validate(r.json())


def test_web_api_search_invalid_utf8_bytes(client: TestClient) -> None:
    r = client.get("/api/search?q=%ff%fe%80")
    assert r.status_code in {200, 400, 422}


def test_web_api_events_paginate_and_filter(client: TestClient) -> None:
    _mark("get", "/api/events")
    every = client.get("/api/events").json()
    m.PageOut[m.EventOut].model_validate(every)
    assert every["total"] == 7
    pages = [client.get("/api/events", params={"limit": 3, "offset": o}).json() for o in (0, 3, 6)]
    assert [e["event_id"] for p in pages for e in p["items"]] == [e["event_id"] for e in every["items"]]
    assert pages[0]["limit"] == 3
    assert pages[2]["offset"] == 6
    for params, n in [
        ({"event_type": "MEET"}, 2),
        ({"mode": "phone_call"}, 1),
        ({"entity_id": "e_huawei"}, 2),
        ({"date_from": "2024-03-01", "date_to": "2024-05-31"}, 3),
        ({"source": "other.example"}, 1),
    ]:
        assert client.get("/api/events", params=params).json()["total"] == n, params


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 10_000}, {"offset": -1}, {"entity_id": "a b"}],
)
def test_web_api_rejects_bad_parameters(client: TestClient, params: dict[str, Any]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], list)


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/api/events", {"date_from": "2025-13-45"}, "date_from"),
        ("/api/events", {"date_to": "yesterday"}, "date_to"),
        ("/api/stories", {"event_type": "NO_SUCH_TYPE"}, "event_type"),
        ("/api/events", {"status": "maybe"}, "status"),
        ("/api/search?q=輸出", {"date_from": "2024-02-30"}, "date_from"),
        ("/api/alerts", {"since": "2025-00-10"}, "since"),
        ("/api/events", {"date_from": "2025-06-01", "date_to": "2025-05-01"}, "after"),
    ],
)
def test_web_api_invalid_filter_values_are_400(
    client: TestClient, path: str, params: dict[str, Any], named: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    assert named in r.json()["detail"]


def test_web_api_event_types_any_case(client: TestClient) -> None:
    upper = client.get("/api/events", params={"event_type": "MEET"}).json()
    lower = client.get("/api/events", params={"event_type": "meet"}).json()
    assert upper["total"] == lower["total"] > 0
    assert [e["event_id"] for e in upper["items"]] == [e["event_id"] for e in lower["items"]]


def test_web_api_event(client: TestClient) -> None:
    event_id = client.get("/api/events", params={"event_type": "REJECT"}).json()["items"][0]["event_id"]
    body = _get(client, f"/api/events/{event_id}", m.EventDetailOut)
    _mark("get", "/api/events/{event_id}")
    assert body["explanation"] == ["trigger: 反発"]
    assert client.get("/api/events/v_nothing").status_code == 404


def test_web_api_stories(client: TestClient) -> None:
    _mark("get", "/api/stories")
    body = client.get("/api/stories", params={"event_type": "MEET", "limit": 1}).json()
    m.PageOut[m.StoryOut].model_validate(body)
    assert body["total"] == 2
    assert len(body["items"]) == 1
    story_id = body["items"][0]["story_id"]
    detail = _get(client, f"/api/stories/{story_id}", m.StoryDetailOut)
    _mark("get", "/api/stories/{story_id}")
    assert "".join(s["text"] for s in detail["segments"]) == detail["story"]["text"]
    assert client.get("/api/stories/s_nothing").status_code == 404
    assert client.get("/api/stories/..%2F..%2Fetc").status_code in {404, 422}


def test_web_api_entities(client: TestClient) -> None:
    _mark("get", "/api/entities")
    body = client.get("/api/entities", params={"type": "GPE"}).json()
    m.PageOut[m.EntityOut].model_validate(body)
    assert body["total"] == 3
    assert (
        client.get("/api/entities", params={"q": "ファーウェイ"}).json()["items"][0]["entity_id"]
        == "e_huawei"
    )
    detail = _get(client, "/api/entities/e_cn", m.EntityDetailOut)
    _mark("get", "/api/entities/{entity_id}")
    assert detail["as_actor_total"] == 2
    assert detail["mentions_over_time"][0]["count"] >= 1
    assert client.get("/api/entities/e_nothing").status_code == 404


@pytest.mark.parametrize(("path", "key"), [("/api/stories", "story_id"), ("/api/entities", "entity_id")])
def test_web_api_lists_paginate(client: TestClient, path: str, key: str) -> None:
    every = client.get(path, params={"limit": 200}).json()
    assert every["total"] == len(every["items"]) > 2
    pages = [client.get(path, params={"limit": 2, "offset": o}).json() for o in range(0, every["total"], 2)]
    assert all(p["total"] == every["total"] and p["limit"] == 2 for p in pages)
    assert [i[key] for p in pages for i in p["items"]] == [i[key] for i in every["items"]]
    assert client.get(path, params={"offset": every["total"]}).json()["items"] == []
    assert client.get(path, params={"limit": 0}).status_code == 422
    assert client.get(path, params={"limit": 201}).status_code == 422


def test_web_api_counts_and_facets(client: TestClient) -> None:
    counts = _get(client, "/api/counts", m.CountsOut)
    assert counts["totals"]["events"] == 7
    assert {"type": "MEET", "count": 2} in counts["types"]
    facets = _get(client, "/api/facets", m.FacetsOut)
    assert "EXPORT_CONTROL" in facets["types"]


def test_web_api_timeline(client: TestClient) -> None:
    items = _get(client, "/api/timeline")
    for item in items:
        m.TimelineItemOut.model_validate(item)
    assert len(items) == 7
    assert len(client.get("/api/timeline", params={"event_type": "MEET"}).json()) == 2
    assert len(client.get("/api/timeline", params={"limit": 2}).json()) == 2


def test_web_api_graph_and_graphml(client: TestClient) -> None:
    graph = _get(client, "/api/graph", m.GraphOut)
    assert {"source": "e_jp", "target": "e_cn", "type": "MEET"}.items() <= next(
        e for e in graph["edges"] if e["type"] == "MEET" and e["target"] == "e_cn"
    ).items()
    around = client.get("/api/graph", params={"entity_id": "e_huawei"}).json()
    assert all("e_huawei" in (e["source"], e["target"]) for e in around["edges"])
    _mark("get", "/api/graph.graphml")
    r = client.get("/api/graph.graphml")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/graphml+xml")
    assert b"<graphml" in r.content
    assert b'attr.name="weight"' in r.content
    # what Gephi would read: the same nodes and typed, weighted edges as the JSON graph
    import io

    import networkx as nx

    read = nx.read_graphml(io.BytesIO(r.content))
    assert {n["id"]: n["label"] for n in graph["nodes"]} == dict(read.nodes(data="label"))
    edges = {(s, t, d["type"], d["weight"]) for s, t, d in read.edges(data=True)}
    assert edges == {(e["source"], e["target"], e["type"], e["weight"]) for e in graph["edges"]}
    filtered = nx.read_graphml(
        io.BytesIO(client.get("/api/graph.graphml", params={"event_type": "MEET"}).content)
    )
    assert {d["type"] for _, _, d in filtered.edges(data=True)} == {"MEET"}


def test_web_api_lists_names_and_downloads(client: TestClient) -> None:
    """The endpoints of #15's lists (their behaviour: tests/test_web_lists.py)."""
    assert _get(client, "/api/entities/suggest", None, q="華為技術")[0]["entity_id"] == "e_huawei"
    for fmt in ("csv", "json"):
        _mark("get", "/api/events.{fmt}")
        assert client.get(f"/api/events.{fmt}").status_code == 200
        _mark("get", "/api/search.{fmt}")
        assert client.get(f"/api/search.{fmt}", params={"q": "輸出"}).status_code == 200
        for listed in ("entities", "alerts"):
            _mark("get", f"/api/{listed}.{{fmt}}")
            assert client.get(f"/api/{listed}.{fmt}").status_code == 200


def test_web_api_watchlists_and_alerts(client: TestClient) -> None:
    for method, path in [("post", "/api/watchlists"), ("get", "/api/watchlists"), ("get", "/api/alerts"),
                         ("get", "/api/watchlists/{watchlist_id}"), ("put", "/api/watchlists/{watchlist_id}"),
                         ("delete", "/api/watchlists/{watchlist_id}"), ("post", "/api/alerts/check")]:  # fmt: skip
        _mark(method, path)
    r = client.post(
        "/api/watchlists",
        json={"name": "API test", "entities": ["華為技術"], "event_types": ["EXPORT_CONTROL"]},
    )
    assert r.status_code == 201, r.text
    created = m.WatchlistDetailOut.model_validate(r.json())
    assert created.new_alerts == 2
    assert created.resolved["華為技術"][0].entity_id == "e_huawei"
    assert client.post("/api/watchlists", json={"name": "API test", "keywords": ["x"]}).status_code == 400
    assert client.post("/api/watchlists", json={"name": "nothing"}).status_code == 400
    bad_type = client.post("/api/watchlists", json={"name": "typo", "event_types": ["MEETING"]})
    assert bad_type.status_code == 400
    assert "'MEETING'" in bad_type.json()["detail"]
    lower = client.post("/api/watchlists", json={"name": "lower", "event_types": ["meet"]})
    assert lower.status_code == 201
    assert lower.json()["event_types"] == ["MEET"]
    assert client.delete(f"/api/watchlists/{lower.json()['watchlist_id']}").status_code == 204
    assert client.post("/api/watchlists", json={"name": "x", "keywords": "a", "extra": 1}).status_code == 422
    listed = client.get("/api/watchlists").json()
    assert [w["name"] for w in listed] == ["API test"]
    assert listed[0]["alerts"] == 2
    wid = created.watchlist_id
    alerts = client.get("/api/alerts", params={"watchlist_id": wid, "limit": 1}).json()
    m.PageOut[m.AlertOut].model_validate(alerts)
    assert alerts["total"] == 2
    assert len(alerts["items"]) == 1
    assert alerts["items"][0]["reasons"]
    r = client.put(f"/api/watchlists/{wid}", json={"name": "API test", "keywords": ["会談"]})
    assert r.status_code == 200
    assert r.json()["keywords"] == ["会談"]
    assert r.json()["new_alerts"] == 2
    assert client.post("/api/alerts/check").json() == {"new_alerts": 0}
    assert client.get(f"/api/watchlists/{wid}").json()["alerts"] == 4
    assert client.delete(f"/api/watchlists/{wid}").status_code == 204
    assert client.get(f"/api/watchlists/{wid}").status_code == 404
    assert client.delete(f"/api/watchlists/{wid}").status_code == 404
    assert client.put(f"/api/watchlists/{wid}", json={"name": "x", "keywords": ["a"]}).status_code == 404


def test_web_api_refuses_cross_site_writes(client: TestClient) -> None:
    r = client.post(
        "/api/watchlists",
        json={"name": "csrf", "keywords": ["a"]},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403
    r = client.post(
        "/watchlists", data={"name": "csrf", "keywords": "a"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert r.status_code == 403
    assert client.get("/api/watchlists").json() == [] or all(
        w["name"] != "csrf" for w in client.get("/api/watchlists").json()
    )


def test_web_api_matches_without_lists(client: TestClient) -> None:
    """The review API on a store with no list loaded (its reviews: tests/test_screening_desk.py)."""
    body = _get(client, "/api/matches", m.PageOut[m.MatchOut])
    assert (body["total"], body["items"]) == (0, [])
    _mark("get", "/api/matches/{match_id}")
    assert client.get("/api/matches/x_0000000000000000").status_code == 404
    _mark("post", "/api/matches/{match_id}")
    r = client.post("/api/matches/x_0000000000000000", json={"decision": "confirm"})
    assert (r.status_code, r.json()["detail"]) == (404, "no match x_0000000000000000")


def test_web_api_openapi_spec_lists_every_endpoint(client: TestClient) -> None:
    spec = _get(client, "/api/openapi.json")
    paths = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert all(path.startswith("/api/") for _, path in paths)
    assert "components" in spec
    assert "EventOut" in spec["components"]["schemas"]
    assert {("get", "/api/events"), ("post", "/api/watchlists")} <= paths


def test_web_api_every_endpoint_is_tested(client: TestClient) -> None:
    """Runs last in this module: each endpoint of the spec was exercised above."""
    spec = client.get("/api/openapi.json").json()
    paths = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert paths - TESTED == set()


def test_web_api_security_headers(client: TestClient) -> None:
    r = client.get("/api/events")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_web_api_trusted_hosts(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    build_store(db).close()
    app = create_app(Settings(db=str(db)), allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api/facets").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as rebound:
        assert rebound.get("/api/facets").status_code == 400


def test_web_watchlist_form_country_bodies_option(client: TestClient) -> None:
    off = client.post(
        "/watchlists", data={"name": "china-only", "entities": "中国", "country_bodies_shown": "1"}
    )
    assert off.status_code == 200
    assert "a country matches only itself" in off.text
    on = client.post(
        "/watchlists",
        data={
            "name": "china-bodies",
            "entities": "中国",
            "country_bodies_shown": "1",
            "country_bodies": "true",
        },
    )
    assert "a country also matches its bodies and officials" in on.text.split("<details", 1)[0]
    plain = client.post(
        "/watchlists", data={"name": "china-plain", "entities": "中国"}
    )  # a client without it
    assert "a country also matches its bodies and officials" in plain.text.split("<details", 1)[0]
    assert 'name="country_bodies" value="true" checked' in plain.text  # the edit form shows it on
    assert 'name="country_bodies" value="true">' in off.text  # and off
