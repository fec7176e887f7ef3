"""Lists you can narrow (#15): events filtered by an entity's name in any script (and -name left
out), by status, confidence and cluster; sorted; paginated on entity pages; downloaded as CSV and
JSON with the same filters; the actor graph's top-N cut and an actor's neighbourhood."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kizashi.config import Settings
from kizashi.storage import Store, open_store
from kizashi.web import create_app
from kizashi.web.downloads import EVENT_FIELDS
from tests.desk_fixtures import ARTICLES, CN, JP, US, Article, add, analysis
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _add(store: Store, a: Article, **changes: Any) -> None:
    """An article whose events carry ``changes`` (confidence, status) instead of the fixtures' own."""
    an = analysis(a)
    an = replace(an, events=tuple(replace(e, **changes) for e in an.events))
    store.upsert(an, tokens={an.document.stories[0].story_id: " ".join(a.text)})


def _fill(store: Store, *, hostile: bool = True) -> None:
    """The desk fixtures, a planned meeting (confidence 0.3) and an accusation whose evidence and
    title start like spreadsheet formulas (confidence 0.95)."""
    for a in ARTICLES:
        if hostile or a.doc_id != "d_xss":  # its QID is too long for PostgreSQL's column
            add(store, a)
    _add(store, Article("d_plan", "日米は来月会談する予定だ。", "2024-07-01", [("日", JP), ("米", US)],
                        [("MEET", "e_jp", "e_us", "会談", None)], title="日米会談へ"), status="planned", confidence=0.3)  # fmt: skip
    _add(store, Article("d_formula", f"{FORMULA}と米国が中国を非難した。", "2024-08-01", [("米国", US), ("中国", CN)],
                        [("ACCUSE", "e_us", "e_cn", "非難", None)], title="@cmd"), confidence=0.95)  # fmt: skip
    store.close()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("lists") / "lists.db"
    _fill(open_store(str(db)))
    with TestClient(create_app(Settings(db=str(db)))) as c:
        yield c


def _ids(client: TestClient, **params: Any) -> list[str]:
    r = client.get("/api/events", params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return [e["event_id"] for e in r.json()["items"]]


@pytest.mark.parametrize("name", ["ファーウェイ", "華為技術", "Huawei", "huawei"])
def test_web_events_filter_by_entity_name_in_any_script(client: TestClient, name: str) -> None:
    by_id = _ids(client, entity_id="e_huawei")
    assert len(by_id) == 2
    assert _ids(client, entity=name) == by_id


def test_web_events_filter_leaves_out_a_named_entity(client: TestClient) -> None:
    china = _ids(client, entity="中国")
    without_commerce = _ids(client, entity="中国, -米商務省")
    events = {e["event_id"]: e for e in client.get("/api/events", params={"limit": 200}).json()["items"]}
    assert set(without_commerce) < set(china)
    assert all("e_doc" not in (events[i]["actor1_id"], events[i]["actor2_id"]) for i in without_commerce)
    no_japan = _ids(client, entity="-日本")
    assert no_japan
    assert all("e_jp" not in (events[i]["actor1_id"], events[i]["actor2_id"]) for i in no_japan)
    assert len(no_japan) == len(events) - len(_ids(client, entity="日本"))


def test_web_events_unknown_entity_name_is_400_naming_it(client: TestClient) -> None:
    r = client.get("/api/events", params={"entity": "Nobody Known"})
    assert r.status_code == 400
    assert "entity" in r.json()["detail"]
    assert "Nobody Known" in r.json()["detail"]
    page = client.get("/events", params={"entity": "Nobody Known"})
    assert page.status_code == 400
    assert "Nobody Known" in page.text


def test_web_entity_suggest_resolves_names_and_parts(client: TestClient) -> None:
    r = client.get("/api/entities/suggest", params={"q": "ファーウェイ"})
    assert r.status_code == 200
    assert r.json()[0] == {"entity_id": "e_huawei", "canonical": "Huawei", "type": "ORG"}
    part = client.get("/api/entities/suggest", params={"q": "Hua"}).json()
    assert [s["entity_id"] for s in part] == ["e_huawei"]
    assert client.get("/api/entities/suggest", params={"q": "  "}).json() == []


def test_web_events_status_confidence_and_cluster_filters(client: TestClient) -> None:
    planned = client.get("/api/events", params={"status": "PLANNED"}).json()
    assert [e["status"] for e in planned["items"]] == ["planned"]
    sure = client.get("/api/events", params={"min_confidence": "0.9", "limit": 200}).json()["items"]
    assert [e["confidence"] for e in sure] == [0.95]
    assert len(_ids(client, min_confidence="0.5")) == len(_ids(client)) - 1  # all but the 0.3 plan
    meet = client.get("/api/events", params={"event_type": "MEET", "entity": "中国"}).json()["items"][0]
    assert _ids(client, cluster=meet["cluster"]) == [meet["event_id"]]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"min_confidence": "abc"}, "min_confidence"),
        ({"min_confidence": "1.5"}, "min_confidence"),
        ({"min_confidence": "nan"}, "min_confidence"),
        ({"sort": "price"}, "sort"),
        ({"entity": ",".join(["日本"] * 9)}, "entity"),
    ],
)
def test_web_events_invalid_new_filters_are_400(
    client: TestClient, params: dict[str, str], named: str
) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 400, r.text
    assert named in r.json()["detail"]


def test_web_events_sort_by_confidence_type_and_date(client: TestClient) -> None:
    def items(sort: str) -> list[dict[str, Any]]:
        return list(client.get("/api/events", params={"limit": 200, "sort": sort}).json()["items"])

    conf = [e["confidence"] for e in items("-confidence")]
    assert conf == sorted(conf, reverse=True)
    assert conf[0] == 0.95
    assert next(e["confidence"] for e in items("confidence")) == 0.3
    types = [e["type"] for e in items("type")]
    assert types == sorted(types)
    oldest = [e["when"] for e in items("date")]
    assert oldest == sorted(oldest)
    assert [e["when"] for e in items("-date")] == sorted(oldest, reverse=True)


def test_web_events_sorted_pages_cover_every_event_once(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, 12, 3):
        seen += _ids(client, sort="-confidence", limit=3, offset=offset)
    assert sorted(seen) == sorted(_ids(client))
    assert len(seen) == len(set(seen))


def test_web_entity_page_paginates_each_role(client: TestClient) -> None:
    api = client.get("/api/entities/e_us").json()
    total = api["as_actor_total"]
    assert total >= 2
    first = client.get("/entities/e_us", params={"limit": 1})
    assert first.status_code == 200
    assert "actor_offset=1" in first.text
    second = client.get("/entities/e_us", params={"limit": 1, "actor_offset": 1})

    def as_actor(html: str) -> list[str]:
        section = html[html.index('id="as-actor"') : html.index('id="as-target"')]
        return re.findall(r'href="/events/(v_[^"]+)"', section)

    assert len(as_actor(first.text)) == len(as_actor(second.text)) == 1
    assert as_actor(first.text) != as_actor(second.text)
    assert f"2–2 of {total}" in second.text
    assert client.get("/entities/e_us", params={"actor_offset": -1}).status_code == 422


def test_web_events_csv_download_has_the_filters_and_no_formulas(client: TestClient) -> None:
    r = client.get("/api/events.csv", params={"entity": "米国", "sort": "date"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="kizashi-events.csv"'
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    listed = client.get("/api/events", params={"entity": "米国", "sort": "date", "limit": 200}).json()
    assert [row["event_id"] for row in rows] == [e["event_id"] for e in listed["items"]]
    assert list(rows[0]) == list(EVENT_FIELDS)
    formula = next(row for row in rows if row["type"] == "ACCUSE")
    assert formula["evidence"].startswith("'=HYPERLINK")
    assert formula["title"] == "'@cmd"
    assert formula["confidence"] == "0.95"  # numbers stay numbers


def test_web_events_json_download_matches_the_list(client: TestClient) -> None:
    r = client.get("/api/events.json", params={"event_type": "meet"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="kizashi-events.json"'
    body = json.loads(r.content)
    listed = client.get("/api/events", params={"event_type": "meet", "limit": 200}).json()
    assert body["total"] == listed["total"]
    assert [e["event_id"] for e in body["items"]] == [e["event_id"] for e in listed["items"]]
    assert client.get("/api/events.xml").status_code == 422
    assert client.get("/api/events.csv", params={"date_from": "2024-13-01"}).status_code == 400


def test_web_search_downloads(client: TestClient) -> None:
    r = client.get("/api/search.csv", params={"q": "輸出規制"})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    found = client.get("/api/search", params={"q": "輸出規制"}).json()
    assert [row["story_id"] for row in rows] == [h["story_id"] for h in found["hits"]] != []
    assert any("EXPORT_CONTROL" in row["events"] for row in rows)
    js = json.loads(client.get("/api/search.json", params={"q": "輸出規制"}).content)
    assert js["total"] == found["total"]
    assert len(js["items"]) == len(found["hits"])
    assert client.get("/api/search.csv").status_code == 422  # no query


def _hit_ids(client: TestClient, q: str, **params: Any) -> list[str]:
    r = client.get("/api/search", params={"q": q, "limit": 200, **params})
    assert r.status_code == 200, r.text
    return sorted(h["doc_id"] for h in r.json()["hits"])


def test_web_search_entity_filter_takes_every_name_and_exclusions(client: TestClient) -> None:
    # each name narrows to the stories mentioning it; several names keep the stories of any of them
    assert _hit_ids(client, "輸出規制") == ["d_controls", "d_controls_b"]
    assert _hit_ids(client, "輸出規制", entity="米商務省") == ["d_controls"]
    assert _hit_ids(client, "輸出規制", entity="日本") == ["d_controls_b"]
    assert _hit_ids(client, "輸出規制", entity="米商務省, 日本") == ["d_controls", "d_controls_b"]
    # "-name" leaves out the stories that mention it, alone or after a name to keep
    assert _hit_ids(client, "輸出規制", entity="-日本") == ["d_controls"]
    assert _hit_ids(client, "輸出規制", entity="ファーウェイ, -米商務省") == ["d_controls_b"]
    # a query that names an entity searches through it, under the same filter
    assert _hit_ids(client, "Huawei") == ["d_controls", "d_controls_b"]
    assert _hit_ids(client, "Huawei", entity="-日本") == ["d_controls"]
    assert _hit_ids(client, "Huawei", entity="中国, 日本") == ["d_controls", "d_controls_b"]
    page = client.get("/search", params={"q": "輸出規制", "entity": "米商務省, 日本"})
    assert page.status_code == 200
    assert '<p class="muted" id="result-count">2 stories match' in page.text
    assert client.get("/search", params={"q": "輸出規制", "entity": "Nobody Known"}).status_code == 400


def _csv(client: TestClient, path: str, **params: Any) -> list[dict[str, str]]:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith("attachment")
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_web_entity_list_downloads(client: TestClient) -> None:
    listed = client.get("/api/entities", params={"limit": 200}).json()
    rows = _csv(client, "/api/entities.csv")
    assert [r["entity_id"] for r in rows] == [e["entity_id"] for e in listed["items"]] != []
    orgs = _csv(client, "/api/entities.csv", type="ORG", q="Hua")
    assert [(r["entity_id"], r["documents"]) for r in orgs] == [("e_huawei", "2")]
    js = json.loads(client.get("/api/entities.json", params={"q": "Hua"}).content)
    assert js["total"] == 1
    assert js["items"][0]["canonical"] == "Huawei"
    page = client.get("/entities", params={"type": "ORG"}).text
    assert 'id="download-csv" href="/api/entities.csv?type=ORG"' in page


def test_web_alert_list_downloads_escape_formulas(client: TestClient) -> None:
    made = client.post("/api/watchlists", json={"name": "accusations", "event_types": ["ACCUSE"]})
    assert made.status_code == 201, made.text
    wid = made.json()["watchlist_id"]
    try:
        alerts = client.get("/api/alerts", params={"watchlist_id": wid, "limit": 200}).json()
        rows = _csv(client, "/api/alerts.csv", watchlist_id=wid)
        assert [int(r["alert_id"]) for r in rows] == [a["alert_id"] for a in alerts["items"]] != []
        formula = next(r for r in rows if FORMULA in r["evidence"])
        assert formula["evidence"].startswith("'=")
        assert formula["title"] == "'@cmd"
        assert all(r["reasons"] for r in rows)
        js = json.loads(client.get("/api/alerts.json", params={"watchlist_id": wid}).content)
        assert isinstance(js["items"][0]["reasons"], list)
        assert client.get("/api/alerts.csv", params={"since": "2025-02-30"}).status_code == 400
        assert 'id="download-json" href="/api/alerts.json?' in client.get("/alerts").text
    finally:
        assert client.delete(f"/api/watchlists/{wid}").status_code == 204


def test_web_events_page_has_name_filter_sort_and_downloads(client: TestClient) -> None:
    r = client.get(
        "/events", params={"entity": "ファーウェイ", "sort": "-confidence", "min_confidence": "0.5"}
    )
    assert r.status_code == 200
    html = r.text
    assert 'name="entity"' in html
    assert 'list="entity-suggestions"' in html
    assert 'value="ファーウェイ"' in html
    assert '<span class="tag entity-on">Huawei</span>' in html
    assert '<option value="-confidence" selected>' in html
    assert 'id="download-csv" href="/api/events.csv?entity=' in html
    assert "/static/js/suggest.js" in html
    assert html.count("<tr>") - 1 == 2  # the two Huawei events


def test_web_graph_top_actors_and_neighbourhood(client: TestClient) -> None:
    full = client.get("/api/graph").json()
    assert full["total_actors"] == len(full["nodes"]) >= 5
    top = client.get("/api/graph", params={"top": 2}).json()
    assert len(top["nodes"]) == 2
    assert top["total_actors"] == full["total_actors"]
    best = sorted(full["nodes"], key=lambda n: -n["reports"])[:2]
    assert {n["id"] for n in top["nodes"]} == {n["id"] for n in best}
    # Japan's neighbourhood: its own edges and those among its counterparts (US -> China)
    around = client.get("/api/graph", params={"entity": "日本"}).json()
    pairs = {(e["source"], e["target"]) for e in around["edges"]}
    assert ("e_jp", "e_cn") in pairs
    assert ("e_us", "e_cn") in pairs
    assert all({e["source"], e["target"]} <= {"e_jp", "e_cn", "e_us"} for e in around["edges"])
    assert client.get("/graph", params={"top": 2}).status_code == 200


@pytest.mark.postgres
def test_web_lists_on_postgres(pg_url: str) -> None:  # noqa: F811
    """The same filters, orders and downloads on PostgreSQL (NOT IN with NULL roles, NULLS LAST)."""
    _fill(open_store(pg_url), hostile=False)
    with TestClient(create_app(Settings(db=pg_url))) as pg:
        assert _ids(pg, entity="ファーウェイ") == _ids(pg, entity_id="e_huawei")
        assert len(_ids(pg, entity="ファーウェイ")) == 2
        assert len(_ids(pg, entity="-日本")) == len(_ids(pg)) - len(_ids(pg, entity="日本"))
        assert len(_ids(pg, min_confidence="0.9")) == 1
        assert _hit_ids(pg, "輸出規制", entity="米商務省, 日本") == ["d_controls", "d_controls_b"]
        assert _hit_ids(pg, "輸出規制", entity="ファーウェイ, -米商務省") == ["d_controls_b"]
        conf = [
            e["confidence"] for e in pg.get("/api/events", params={"sort": "-confidence"}).json()["items"]
        ]
        assert conf == sorted(conf, reverse=True)
        rows = list(csv.DictReader(io.StringIO(pg.get("/api/events.csv").content.decode("utf-8-sig"))))
        assert next(r for r in rows if r["type"] == "ACCUSE")["evidence"].startswith("'=")
        assert len(pg.get("/api/graph", params={"top": 2}).json()["nodes"]) == 2
