"""Screening in the desk (#18): entity pages with their list entries and the review buttons, the
``listed`` flag and filter on events (pages and API), alerts naming the list, the report, and the
JSON lines and FtM exports carrying the matches. Lists are the test lists of tests/data/lists and
one hostile CSV written here."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from followthemoney import model

from kizashi.config import Settings
from kizashi.desk.alerts import check_watchlists
from kizashi.desk.watchlists import parse_spec, save_watchlist
from kizashi.exports.ftm import write_ftm
from kizashi.exports.jsonl import document_records
from kizashi.report.render import render_report
from kizashi.screening.run import import_list, screen_store
from kizashi.storage import Store, open_store
from kizashi.storage.matches import query_matches
from kizashi.web import create_app
from tests.desk_fixtures import XSS_NAME, build_store

LISTS = Path(__file__).resolve().parent / "data" / "lists"
HOSTILE_CSV = (
    "name,aliases,country,list,program,listed date,source url\n"
    f'"{XSS_NAME.replace(chr(34), chr(34) * 2)}",,,Hostile,"<b>prog</b>",2022-02-02,javascript:alert(2)\n'
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    store = build_store(path)
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(HOSTILE_CSV, encoding="utf-8")
    import_list(store, hostile, name="hostile", version="1")
    screen_store(store)
    store.close()
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    opened = open_store(str(db))
    yield opened
    opened.close()


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=str(db)))) as c:
        yield c


def _huawei_match(client: TestClient) -> dict[str, Any]:
    body = client.get("/api/entities/e_huawei").json()
    entries = [m for m in body["list_entries"] if m["entry_caption"] == "Huawei Technologies Co., Ltd."]
    assert len(entries) == 1, body["list_entries"]
    return dict(entries[0])


def test_screening_desk_entity_page_shows_the_list_entry(client: TestClient) -> None:
    m = _huawei_match(client)
    assert (m["list_name"], m["programs"], m["listed_on"], m["status"]) == (
        "controls", ["US Entity List"], "2019-05-16", "match"
    )  # fmt: skip
    html = client.get("/entities/e_huawei").text
    assert 'id="lists"' in html
    for text in ("Huawei Technologies Co., Ltd.", "US Entity List", "2019-05-16", f"{m['score']:.2f}"):
        assert text in html
    assert m["explanation"]
    assert all(line.replace("'", "&#39;") in html for line in m["explanation"])
    assert f'action="/entities/e_huawei/matches/{m["match_id"]}"' in html
    # an entity no list names has no list section
    assert 'id="lists"' not in client.get("/entities/e_jp").text


def test_screening_desk_review_buttons_keep_the_decision(client: TestClient, store: Store) -> None:
    m = _huawei_match(client)

    def huawei_listed() -> set[str]:
        items = client.get("/api/events", params={"listed": "true"}).json()["items"]
        return {e["event_id"] for e in items if "e_huawei" in (e["actor1_id"], e["actor2_id"])}

    listed = huawei_listed()
    assert listed, "Huawei's export-control events involve a listed party"

    r = client.post(
        f"/entities/e_huawei/matches/{m['match_id']}", data={"decision": "reject"}, follow_redirects=False
    )
    assert (r.status_code, r.headers["location"]) == (303, "/entities/e_huawei#lists")
    assert _huawei_match(client)["status"] == "rejected"
    assert huawei_listed() == set(), "a rejected match does not make Huawei listed"

    # kept over a re-screen and a re-import of the list, as the CLI's review is
    screen_store(store)
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1b")
    assert [
        x["status"] for x in query_matches(store, entity_id="e_huawei") if x["match_id"] == m["match_id"]
    ] == ["rejected"]

    client.post(f"/entities/e_huawei/matches/{m['match_id']}", data={"decision": "confirm"})
    assert _huawei_match(client)["status"] == "confirmed"
    assert huawei_listed() == listed
    assert 'value="confirm" disabled' in client.get("/entities/e_huawei").text


def test_screening_desk_review_refuses_bad_requests(client: TestClient) -> None:
    m = _huawei_match(client)
    assert (
        client.post(f"/entities/e_huawei/matches/{m['match_id']}", data={"decision": "maybe"}).status_code
        == 400
    )
    # a match of another entity is not reviewed through this page
    assert (
        client.post(f"/entities/e_jp/matches/{m['match_id']}", data={"decision": "reject"}).status_code == 404
    )
    assert _huawei_match(client)["status"] == "match"


def test_screening_desk_events_flag_and_filter(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": 200}).json()["items"]
    listed = client.get("/api/events", params={"listed": "true", "limit": 200}).json()["items"]
    assert listed
    assert len(listed) < len(every)
    assert all(e["listed"] for e in listed)
    assert {e["event_id"] for e in every if e["listed"]} == {e["event_id"] for e in listed}
    assert all(
        "e_huawei" in (e["actor1_id"], e["actor2_id"]) or "e_xss" in (e["actor1_id"], e["actor2_id"])
        for e in listed
    )
    page = client.get("/events", params={"listed": "true"}).text
    assert 'name="listed" value="true" checked' in page
    assert page.count('class="tag listed"') == len(listed)
    assert 'class="tag listed"' not in client.get("/events", params={"event_type": "MEET"}).text


def test_screening_desk_alerts_say_which_list_and_since_when(store: Store) -> None:
    wl = save_watchlist(store, parse_spec({"name": "controls", "event_types": ["EXPORT_CONTROL"]}))
    raised = check_watchlists(store, wl)
    assert raised
    for alert in raised:
        assert "target is on the US Entity List since 2019-05-16" in alert["reasons"], alert["reasons"]


def test_screening_desk_escapes_hostile_list_entries(client: TestClient) -> None:
    html = client.get("/entities/e_xss").text
    assert 'id="lists"' in html, "the hostile entry matched the hostile entity's name"
    assert "<svg onload" not in html
    assert "<b>prog</b>" not in html
    assert "javascript:" not in html
    assert "&lt;b&gt;prog&lt;/b&gt;" in html


def test_screening_desk_jsonl_carries_the_matches(store: Store) -> None:
    doc = next(d for d in document_records(store) if d["id"] == "d_controls")
    huawei = next(e for e in doc["entities"] if e["id"] == "e_huawei")
    assert {(x["list"], x["caption"], x["listed_on"], x["status"]) for x in huawei["listings"]} >= {
        ("controls", "Huawei Technologies Co., Ltd.", "2019-05-16", "match")
    }
    assert all(e["listings"] == [] for e in doc["entities"] if e["id"] == "e_cn")


def test_screening_desk_ftm_sanctions_validate(store: Store) -> None:
    out = io.StringIO()
    write_ftm(store, out)
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in out.getvalue().splitlines()]
    ids = {p.id for p in proxies}
    sanctions = [p for p in proxies if p.schema.name == "Sanction"]
    assert sanctions
    for s in sanctions:
        assert s.get("entity"), "a sanction names its entity"
        assert set(s.get("entity")) <= ids, "a sanction points at an exported entity"
    huawei = next(p for p in proxies if p.schema.is_a("LegalEntity") and "Huawei" in p.get("name"))
    theirs = [s for s in sanctions if s.get("entity") == [huawei.id]]
    assert [(s.get("program"), s.get("startDate"), s.get("authority")) for s in theirs] == [
        (["US Entity List"], ["2019-05-16"], ["controls"])
    ]
    # a rejected match is no sanction
    m = next(x for x in query_matches(store, entity_id="e_huawei") if x["status"] == "match")
    from kizashi.storage.matches import review_match

    review_match(store, m["match_id"], "rejected")
    again = io.StringIO()
    write_ftm(store, again)
    assert huawei.id not in {
        json.loads(x)["properties"].get("entity", [None])[0]
        for x in again.getvalue().splitlines()
        if '"Sanction"' in x
    }


def test_screening_desk_report_lists_the_listed_parties(store: Store) -> None:
    html = render_report(store, check_alerts=False)
    assert 'id="listed"' in html
    section = html.split('id="listed"', 1)[1].split("<h2>", 1)[0]
    for text in ("Huawei", "US Entity List", "2019-05-16"):
        assert text in section
    assert "China" not in section


# ---- the review API (/api/matches) ------------------------------------------------------------
def test_screening_api_lists_matches_with_filters(client: TestClient, store: Store) -> None:
    every = client.get("/api/matches", params={"limit": 200}).json()
    stored = query_matches(store)
    assert every["total"] == len(stored) > 1
    assert [x["match_id"] for x in every["items"]] == [x["match_id"] for x in stored]  # best first
    scores = [x["score"] for x in every["items"]]
    assert scores == sorted(scores, reverse=True)
    page = client.get("/api/matches", params={"limit": 1, "offset": 1}).json()
    assert (page["total"], [x["match_id"] for x in page["items"]]) == (len(stored), [stored[1]["match_id"]])
    huawei = client.get("/api/matches", params={"entity": "e_huawei"}).json()["items"]
    assert huawei
    assert {x["entity_id"] for x in huawei} == {"e_huawei"}
    possible = client.get("/api/matches", params={"status": "possible"}).json()["items"]
    assert all(x["status"] == "possible" for x in possible)
    assert len(possible) == sum(1 for x in stored if x["status"] == "possible")
    assert client.get("/api/matches", params={"status": "maybe"}).status_code == 422
    assert client.get("/api/matches", params={"entity": "<script>"}).status_code == 422


def test_screening_api_review_is_kept_and_changes_the_flag(client: TestClient, store: Store) -> None:
    m = _huawei_match(client)
    assert client.get(f"/api/matches/{m['match_id']}").json()["entry_caption"] == m["entry_caption"]

    def huawei_listed() -> bool:
        items = client.get("/api/events", params={"listed": "true"}).json()["items"]
        return any("e_huawei" in (e["actor1_id"], e["actor2_id"]) for e in items)

    assert huawei_listed()
    r = client.post(f"/api/matches/{m['match_id']}", json={"decision": "reject"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["matcher_status"]) == ("rejected", "match")
    assert not huawei_listed()
    rejected = client.get("/api/matches", params={"status": "rejected"}).json()["items"]
    assert [x["match_id"] for x in rejected] == [m["match_id"]]
    # the same decision the CLI and the entity page keep: over a re-screen and a re-import
    screen_store(store)
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1c")
    assert client.get(f"/api/matches/{m['match_id']}").json()["status"] == "rejected"
    assert _huawei_match(client)["status"] == "rejected"
    r = client.post(f"/api/matches/{m['match_id']}", json={"decision": "confirm"})
    assert r.json()["status"] == "confirmed"
    assert huawei_listed()


def test_screening_api_review_refuses_bad_requests(client: TestClient) -> None:
    m = _huawei_match(client)
    url = f"/api/matches/{m['match_id']}"
    assert client.post(url, json={"decision": "maybe"}).status_code == 422
    assert client.post(url, json={}).status_code == 422
    assert client.post(url, content=b"decision=confirm").status_code == 422
    assert client.post("/api/matches/x_0000000000000000", json={"decision": "confirm"}).status_code == 404
    assert client.get("/api/matches/x_0000000000000000").status_code == 404
    assert client.post("/api/matches/bad%20id", json={"decision": "confirm"}).status_code == 422
    # a page of another site cannot review (the app's cross-site check)
    foreign = client.post(url, json={"decision": "reject"}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert _huawei_match(client)["status"] == "match"


def _similar_id(match_id: str) -> str:
    made = model.make_entity("Similar").make_id("kizashi-similar", match_id)
    assert made is not None
    return made


def test_screening_desk_ftm_matches_are_similar_links_read_back_as_statements(
    store: Store, tmp_path: Path
) -> None:
    from followthemoney.dataset import Dataset
    from followthemoney.statement import JSON, StatementEntity, read_statements

    from kizashi.exports.ftm_matches import DATASET, write_ftm_statements
    from kizashi.storage.matches import review_match

    reviewed = next(x for x in query_matches(store, entity_id="e_huawei") if x["status"] == "match")
    review_match(store, reviewed["match_id"], "confirmed")
    path = tmp_path / "statements.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        n = write_ftm_statements(store, fh)
    with path.open("rb") as fh:
        statements = list(read_statements(fh, JSON))
    assert n == len(statements) > 0
    by_entity: dict[str, list[Any]] = {}
    for stmt in statements:
        assert stmt.dataset == DATASET
        by_entity.setdefault(stmt.entity_id, []).append(stmt)
    dataset = Dataset.make({"name": DATASET, "title": "Kizashi"})
    entities = {k: StatementEntity.from_statements(dataset, v) for k, v in by_entity.items()}
    similar = [e for e in entities.values() if e.schema.name == "Similar"]
    wanted = {m["match_id"] for m in query_matches(store) if m["status"] != "rejected"}
    assert len(similar) == len(wanted) > 0
    huawei = next(e for e in entities.values() if e.schema.is_a("LegalEntity") and "Huawei" in e.get("name"))
    [link] = [e for e in similar if e.id == _similar_id(reviewed["match_id"])]
    assert link.get("candidate") == [huawei.id]
    entry = entities[link.get("match")[0]]
    assert entry.id == "ctl-huawei"  # an FtM list's entry keeps its publisher's id
    assert (entry.schema.name, entry.get("name")) == ("Company", ["Huawei Technologies Co., Ltd."])
    assert link.get("confidenceScore") == [f"{reviewed['score']:.2f}"]
    criteria = link.get("criteria")  # statements are a set: the values come back in any order
    assert "status: confirmed (reviewed)" in criteria
    assert "status: match" not in criteria
    assert any("US Entity List" in c for c in criteria)
    for e in similar:  # every link points at entities in the file
        assert e.get("candidate")[0] in entities
        assert e.get("match")[0] in entities
