"""Request limits (#16): bodies and query strings over their caps are refused before they are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizashi.config import Settings
from kizashi.web import create_app
from tests.desk_fixtures import build_store


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db: Path = tmp_path_factory.mktemp("limits") / "l.db"
    build_store(db).close()
    settings = Settings(db=str(db), web_max_body_bytes=10_000, web_max_query_bytes=2_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_web_body_over_the_limit_with_a_length_is_413(client: TestClient) -> None:
    r = client.post("/api/alerts/check", content=b"x" * 10_001, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "10000 bytes" in r.json()["detail"]


def test_web_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):  # 50 KB in all, sent without a Content-Length
            yield b"y" * 1_000

    r = client.post(
        "/watchlists", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413


def test_web_body_under_the_limit_is_served(client: TestClient) -> None:
    r = client.post("/api/alerts/check", content=b"{}", headers={"content-type": "application/json"})
    assert r.status_code == 200


def test_web_query_string_over_the_limit_is_414(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "a" * 2_100}).status_code == 414
    assert client.get("/api/search", params={"q": "a" * 100}).status_code == 200


def test_web_bad_content_length_is_400(client: TestClient) -> None:
    r = client.post("/api/alerts/check", content=b"{}", headers={"content-length": "abc"})
    assert r.status_code == 400
