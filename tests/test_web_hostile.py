"""Hostile requests to the web app (#8): search input with SQL and FTS metacharacters, very long
queries and invalid UTF-8 give 4xx or results, never 500; path traversal on the static route is
404; ``kizashi serve`` listens on 127.0.0.1 unless told otherwise, and says where it listens."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kizashi.cli import app as cli_app
from kizashi.config import Settings
from kizashi.web import create_app
from tests.desk_fixtures import build_store
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

HOSTILE = [
    "' OR 1=1 --",
    '"; DROP TABLE stories; --',
    "輸出'); DELETE FROM documents; --",
    "NEAR(輸出 規制)",
    '"',
    "*",
    "^",
    "stories_trigram:輸出",
    "{a b}",
    "AND OR NOT",
    "%",
    "_",
    "\\",
    "\x00",
    "\u3000",
    "\ud7ff\ufffd\U0010ffff",
    "a" * 60_000,  # near the longest query string a client sends
    "輸出" * 3000,
]
QUERY_ROUTES = [
    ("/search", "q"),
    ("/api/search", "q"),
    ("/events", "source"),
    ("/api/events", "source"),
    ("/api/stories", "source"),
    ("/entities", "q"),
    ("/api/entities", "q"),
]
RAW_QUERIES = ["q=%ff%fe%80", "q=%C0%AF", "q=%ED%A0%80", "q=%00", "q=%", "q=%zz", "q=a&q=b", "q"]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, TestClient]]:
    db = tmp_path_factory.mktemp("hostile") / "h.db"
    build_store(db).close()
    app = create_app(Settings(db=str(db)))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client


@pytest.mark.parametrize(("path", "key"), QUERY_ROUTES)
def test_web_hostile_query_values_are_4xx_or_results(
    web: tuple[FastAPI, TestClient], path: str, key: str
) -> None:
    _, client = web
    for value in HOSTILE:
        r = client.get(path, params={key: value})
        assert r.status_code in {200, 400, 422}, (path, value[:40], r.status_code)


@pytest.mark.parametrize("path", ["/search", "/api/search", "/events", "/api/stories"])
@pytest.mark.parametrize("query", RAW_QUERIES)
def test_web_hostile_invalid_utf8_in_queries_is_4xx_or_results(
    web: tuple[FastAPI, TestClient], path: str, query: str
) -> None:
    _, client = web
    r = client.get(f"{path}?{query}")
    assert r.status_code in {200, 400, 422}, r.text[:300]


@pytest.mark.parametrize(
    "path", ["/stories/%ff", "/entities/%ff%fe", "/watchlists/%ff", "/api/stories/%C0%AF"]
)
def test_web_hostile_invalid_utf8_in_paths_is_4xx(web: tuple[FastAPI, TestClient], path: str) -> None:
    _, client = web
    assert 400 <= client.get(path).status_code < 500


def test_web_hostile_search_results_survive_sql_metacharacters(web: tuple[FastAPI, TestClient]) -> None:
    _, client = web
    before = client.get("/api/search", params={"q": "輸出規制"}).json()["total"]
    client.get("/api/search", params={"q": "'; DELETE FROM stories; --"})
    client.get("/search", params={"q": '"); DROP TABLE documents; --'})
    assert client.get("/api/search", params={"q": "輸出規制"}).json()["total"] == before > 0


def _raw_get(app: FastAPI, raw_path: bytes) -> tuple[int, bytes]:
    """GET a path exactly as a hostile client sends it: HTTP clients (httpx, browsers) remove
    dot segments before sending, so the ASGI app is called directly, as uvicorn would."""
    sent: list[dict[str, Any]] = []
    asked: list[bool] = []

    async def receive() -> dict[str, Any]:
        if asked:  # the request was read: the client stays connected until the response ends
            await asyncio.Event().wait()
        asked.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path.decode("latin-1")),  # what uvicorn hands on
        "raw_path": raw_path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


@pytest.mark.parametrize(
    "raw",
    [
        b"/static/../app.py",
        b"/static/../../kizashi/config.py",
        b"/static/..%2fapp.py",
        b"/static/%2e%2e/%2e%2e/config.py",
        b"/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
        b"/static/js/../../app.py",
        b"/static/..\\app.py",
        b"/static/..%5capp.py",
        b"/static//etc/passwd",
        b"/static/%2fetc%2fpasswd",
        b"/static/....//app.py",
        b"/static/%252e%252e/app.py",
        b"/static/app.css%00.py",
        b"/static/",
    ],
)
def test_web_hostile_static_path_traversal_is_404(web: tuple[FastAPI, TestClient], raw: bytes) -> None:
    app, _ = web
    status, body = _raw_get(app, raw)
    assert status == 404, raw
    assert b"create_app" not in body
    assert b"root:" not in body


def test_web_hostile_static_files_are_still_served(web: tuple[FastAPI, TestClient]) -> None:
    app, _ = web
    status, body = _raw_get(app, b"/static/app.css")
    assert status == 200
    assert body


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """``uvicorn.run`` replaced by a recorder: what ``kizashi serve`` would listen on."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    db = tmp_path / "serve.db"
    build_store(db).close()
    return db, calls


def test_web_hostile_serve_listens_on_loopback_by_default_and_says_so(
    served: tuple[Path, list[dict[str, Any]]],
) -> None:
    db, calls = served
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 8000)]
    assert "http://127.0.0.1:8000/" in result.output
    assert "loopback only" in result.output
    guarded = TestClient(calls[0]["app"], base_url="http://evil.example")
    assert guarded.get("/api/events").status_code == 400  # DNS rebinding: other Host names refused


def test_web_hostile_serve_on_another_address_warns(served: tuple[Path, list[dict[str, Any]]]) -> None:
    db, calls = served
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "0.0.0.0"
    assert "REACHABLE FROM OTHER MACHINES" in result.output


@pytest.mark.postgres
def test_web_hostile_nul_in_query_values_on_postgres(pg_url: str) -> None:  # noqa: F811
    # PostgreSQL refuses NUL in text: a %00 in a filter or a search is an answer there too, not a 500 (#16)
    with TestClient(create_app(Settings(db=pg_url)), raise_server_exceptions=False) as client:
        for path, key in QUERY_ROUTES:
            r = client.get(path, params={key: "輸出\x00規制"})
            assert r.status_code in {200, 400, 422}, (path, r.status_code)
        for path in ["/api/events?entity=%00", "/api/stories?source=a%00b", "/entities/%00"]:
            assert client.get(path).status_code in {200, 400, 404, 422}, path
