"""Article text is untrusted: payloads in titles, text, entity names, URLs, removed lines, sources
and watchlist names render as inert text on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kizashi.config import Settings
from kizashi.report.render import render_report
from kizashi.storage import open_store
from kizashi.web import create_app
from tests.desk_fixtures import XSS_NAME, XSS_TEXT, XSS_TITLE, build_store

WEB = Path(__file__).resolve().parent.parent / "src" / "kizashi" / "web"
XSS_WATCHLIST = "<img src=x onerror=alert('watchlist')>"
# what must never reach a page as markup
LIVE = [
    re.compile(r"<script>alert", re.I),
    re.compile(r"<img[^>]*onerror", re.I),
    re.compile(r"<svg[^>]*onload", re.I),
    re.compile(r"<b>x</b>"),
    re.compile(r"""href=["']?\s*javascript:""", re.I),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("xss") / "xss.db"
    build_store(db).close()
    with TestClient(create_app(Settings(db=str(db)))) as c:
        r = c.post("/watchlists", data={"name": XSS_WATCHLIST, "entities": XSS_NAME, "keywords": "onerror"})
        assert r.status_code == 200  # followed the redirect to the watchlist's page
        yield c


def _assert_inert(html: str) -> None:
    for pattern in LIVE:
        assert not pattern.search(html), pattern.pattern


def _story_id(client: TestClient) -> str:
    items = client.get("/api/stories", params={"source": "<b>x</b>"}).json()["items"]
    return str(items[0]["story_id"])


def test_web_xss_story_page_is_inert(client: TestClient) -> None:
    r = client.get(f"/stories/{_story_id(client)}")
    assert r.status_code == 200
    _assert_inert(r.text)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in r.text  # shown, as text
    assert "&lt;img src=x onerror=alert(&#39;text&#39;)&gt;" in r.text
    assert "&lt;script&gt;alert(&#39;removed&#39;)&lt;/script&gt;" in r.text
    assert "javascript:alert" in r.text  # the URL is shown as text, not linked


@pytest.mark.parametrize(
    "path",
    ["/", "/events", "/entities", "/entities/e_xss", "/timeline", "/graph", "/watchlists", "/alerts",
     "/search?q=onerror", "/search?q=alert", f"/search?q={XSS_TITLE}", "/events?source=<b>x</b>"],
)  # fmt: skip
def test_web_xss_pages_are_inert(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, path
    _assert_inert(r.text)
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"]


def test_web_xss_search_results_show_payload_as_text(client: TestClient) -> None:
    r = client.get("/search", params={"q": "onerror"})
    assert "<mark>onerror</mark>" in r.text
    assert "&lt;img src=x <mark>onerror</mark>" in r.text


def test_web_xss_watchlist_page_is_inert(client: TestClient) -> None:
    wid = client.get("/api/watchlists").json()[0]["watchlist_id"]
    r = client.get(f"/watchlists/{wid}")
    _assert_inert(r.text)
    assert "&lt;img src=x onerror=alert(&#39;watchlist&#39;)&gt;" in r.text
    assert "alert-count" in r.text
    assert client.get(f"/api/watchlists/{wid}").json()["alerts"] >= 1


def test_web_xss_entity_page_links_no_hostile_qid(client: TestClient) -> None:
    r = client.get("/entities/e_xss")
    assert "wikidata.org" not in r.text  # its "QID" is javascript:…, not Q + digits


class _Tags(HTMLParser):
    """Every start tag and its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_web_xss_no_inline_scripts_styles_or_handlers(client: TestClient) -> None:
    for path in ["/", "/timeline", "/graph", f"/stories/{_story_id(client)}", "/entities/e_xss", "/alerts"]:
        parser = _Tags()
        parser.feed(client.get(path).text)
        for tag, attrs in parser.tags:
            assert tag != "style", path
            assert tag != "script" or attrs.get("src", "").startswith("/static/"), path
            assert "style" not in attrs, (path, tag)
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (path, tag)


def test_web_xss_templates_never_mark_content_safe() -> None:
    for template in [
        *(WEB / "templates").glob("*.html"),
        WEB.parent / "report" / "templates" / "charts.html",
    ]:
        text = template.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), template
        assert "autoescape false" not in text, template
    for module in WEB.glob("*.py"):
        assert "Markup(" not in module.read_text(encoding="utf-8"), module


def test_web_xss_report_sections_are_inert(tmp_path: Path) -> None:
    from kizashi.report.charts import report_context
    from kizashi.web.deps import template_environment

    store = build_store(tmp_path / "r.db")
    html = template_environment().get_template("report_desk.html").render(**report_context(store))
    _assert_inert(html)
    _assert_inert(render_report(open_store(str(tmp_path / "r.db"))))


def test_web_xss_text_in_json_stays_data(client: TestClient) -> None:
    r = client.get(f"/api/stories/{_story_id(client)}")
    assert r.headers["content-type"].startswith("application/json")
    assert XSS_TEXT in r.json()["story"]["text"]
