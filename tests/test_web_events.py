"""Events you can check (#15): the event page, the cluster page, evidence marked in the story,
lists that count clusters, search results that name the entity matched; and the CLI's show/events."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kizashi.cli import app as cli_app
from kizashi.config import Settings
from kizashi.web import create_app
from tests.desk_fixtures import ARTICLES, CN, JP, XSS_NAME, XSS_TEXT, Article, add, analysis, build_store
from tests.test_web_xss import _assert_inert


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events") / "ev.db"
    store = build_store(path)
    # a later report of the meeting of d_meeting, stored first, clustered with it
    later = add(store, Article("d_meeting_b", "北京で日中外相が会談した。", "2024-03-05", [("日", JP), ("中", CN)],
                               [("MEET", "e_jp", "e_cn", "会談", "ministerial")], title="外相会談、北京で"))  # fmt: skip
    first = next(a for a in ARTICLES if a.doc_id == "d_meeting")
    cluster = next(e.cluster for e in analysis(first).events if e.type == "MEET")
    assert cluster
    store.set_clusters({later.events[0].event_id: cluster})
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=str(db)))) as c:
        yield c


def _events(client: TestClient, **params: str) -> list[dict[str, object]]:
    return list(client.get("/api/events", params={"limit": "200", **params}).json()["items"])


def test_web_event_page_shows_fields_evidence_and_cluster(client: TestClient) -> None:
    meet = next(e for e in _events(client, event_type="MEET") if e["source"] == "corpus/d_meeting.txt")
    r = client.get(f"/events/{meet['event_id']}")
    assert r.status_code == 200
    html = r.text
    assert 'id="event-status">happened' in html
    assert "2024-03-04" in html
    assert "Japan" in html
    assert "China" in html
    assert "trigger: 会談" not in html  # shown per field, not as raw lines
    assert re.search(r"<td>trigger</td><td>会談</td>", html)
    # the evidence sentence marked in the story text, the trigger inside it
    assert (
        '<mark class="evidence-mark">日中の外相が北京で</mark><mark class="evidence-mark trigger-mark">会談</mark>'
        in html
    )
    assert "両国は対話の継続で一致した。" in html  # the rest of the story, unmarked
    # both reports of the meeting, first report first, and the cluster linked
    assert html.count('href="/events/') >= 2
    cluster = re.search(r'id="cluster-link" href="/clusters/([^"]+)"', html)
    assert cluster
    page = client.get(f"/clusters/{cluster.group(1)}").text
    assert "2 reports in 2 stories of 2 documents" in page
    assert page.index("日中外相が会談") < page.index("外相会談、北京で")  # first report first


def test_web_cluster_page_lists_first_report_first(client: TestClient, db: Path) -> None:
    meets = [e for e in _events(client, event_type="MEET") if e["actor2_id"] == "e_cn"]
    assert len({e["cluster"] for e in meets}) == 1
    html = client.get(f"/clusters/{meets[0]['cluster']}").text
    rows = re.findall(r'<tr(?: class="current")?>\s*<td class="nowrap">([^<]*)</td>', html)
    assert rows == ["2024-03-04", "2024-03-05"]
    assert client.get("/clusters/c_missing").status_code == 404
    assert client.get("/events/v_missing").status_code == 404


def test_web_events_list_counts_clusters(client: TestClient) -> None:
    html = client.get("/events", params={"event_type": "MEET"}).text
    total = len(_events(client, event_type="MEET"))
    clusters = len({e["cluster"] for e in _events(client, event_type="MEET")})
    assert clusters < total
    assert f"{clusters} real-world events (clusters of reports), told in {total} reports" in html
    assert 'href="/clusters/' in html  # the row of a report with others links its cluster


def test_web_story_page_links_each_evidence_to_its_event(client: TestClient) -> None:
    ev = next(e for e in _events(client) if e["type"] == "EXPORT_CONTROL" and e["actor1_id"] == "e_doc")
    html = client.get(f"/stories/{ev['story_id']}").text
    assert f'data-events="{ev["event_id"]}"' in html
    assert f'<a class="evidence-link" href="/events/{ev["event_id"]}"' in html


def test_web_event_and_cluster_pages_are_inert(client: TestClient) -> None:
    ev = next(e for e in _events(client) if e["actor2_id"] == "e_xss")
    for path in (f"/events/{ev['event_id']}", f"/clusters/{ev['cluster']}", f"/stories/{ev['story_id']}"):
        r = client.get(path)
        assert r.status_code == 200
        _assert_inert(r.text)
    assert "&lt;img src=x onerror=alert(&#39;text&#39;)&gt;" in client.get(f"/events/{ev['event_id']}").text
    assert XSS_TEXT not in client.get(f"/events/{ev['event_id']}").text


def test_web_search_says_which_entity_matched(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "ファーウェイ"}).json()
    assert [e["canonical"] for e in body["entities"]] == ["Huawei"]
    # both stories mention Huawei as 華為技術; neither writes ファーウェイ
    assert body["total"] == 2
    assert all(h["entities"] == ["Huawei"] for h in body["hits"])
    assert {e["type"] for h in body["hits"] for e in h["events"]} >= {"EXPORT_CONTROL"}
    html = client.get("/search", params={"q": "ファーウェイ"}).text
    assert "matched the entity" in html
    assert 'href="/entities/e_huawei"' in html
    assert 'class="tag" href="/events/' in html


def _cli(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app, [*args, "--db", str(db)])
    return result.exit_code, result.output


def test_cli_show_event_story_and_missing(db: Path) -> None:
    code, out = _cli(db, "events", "--type", "meet", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["type"] for r in rows} == {"MEET"}
    assert len(rows) == 3
    code, shown = _cli(db, "show", rows[0]["event_id"])
    assert code == 0
    assert "why" in shown
    assert "trigger: 会談" in shown
    code, story = _cli(db, "show", rows[0]["story_id"])
    assert code == 0
    assert rows[0]["event_id"] in story
    code, missing = _cli(db, "show", "s_nothing")
    assert code == 1
    assert "no story, event or cluster" in missing


def test_cli_events_by_entity_name_and_dates(db: Path) -> None:
    code, out = _cli(db, "events", "--entity", "ファーウェイ", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2
    assert all("e_huawei" in (r["actor1_id"], r["actor2_id"]) for r in rows)
    code, out = _cli(db, "events", "--since", "2024-03-01", "--until", "2024-03-31", "--format", "jsonl")
    assert {json.loads(x)["when"] for x in out.splitlines()} == {"2024-03-04", "2024-03-05"}
    code, out = _cli(db, "events", "--entity", "nobody at all")
    assert code == 2  # a bad filter value, as a date or type is (the web's 400)
    assert "nobody at all" in out


def test_cli_search_prints_ids_events_and_jsonl(db: Path) -> None:
    code, out = _cli(db, "search", "ファーウェイ", "--format", "jsonl")
    assert code == 0
    hits = [json.loads(x) for x in out.splitlines()]
    assert len(hits) == 2
    assert all(h["story_id"].startswith("s_") and h["events"] for h in hits)
    code, table = _cli(db, "search", "ファーウェイ")
    assert "matched the entity Huawei" in table
    assert hits[0]["story_id"] in table
    code, bad = _cli(db, "search", "x", "--format", "xml")
    assert code == 2
    assert XSS_NAME not in bad
