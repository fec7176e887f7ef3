"""The dashboard in real headless Chromium (Debian's, driven by Playwright; no browser download).

The demo corpus is analysed once (GiNZA: slow), served by uvicorn on a free loopback port, and
browsed: home, search (two words, OR, an entity named in another script), a story, an event with
its evidence marked, a cluster, an entity, the timeline, the graph, a new watchlist and its alert.
Screenshots go to tests/artifacts/. Every page must load without console errors, which is also
where Chromium reports anything the Content-Security-Policy blocked.

Without Chromium (``KIZASHI_TEST_CHROMIUM``, default /usr/bin/chromium), Playwright or uvicorn the tests
skip with the reason; with ``KIZASHI_TEST_BROWSER_REQUIRED=1`` (CI) they fail instead.
"""

from __future__ import annotations

import importlib
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM = Path(os.environ.get("KIZASHI_TEST_CHROMIUM", "/usr/bin/chromium"))
ENV_REQUIRED = "KIZASHI_TEST_BROWSER_REQUIRED"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",  # nothing but the test server
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail when KIZASHI_TEST_BROWSER_REQUIRED is set: CI may not pass without a browser."""
    message = f"browser tests need {reason}"
    if os.environ.get(ENV_REQUIRED, "") not in {"", "0"}:
        pytest.fail(f"{message} ({ENV_REQUIRED} is set)")
    pytest.skip(message)


def _need(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        _unavailable(f"the Python package {module} ({exc}; `make setup` installs it)")


@pytest.fixture(scope="session", autouse=True)
def _browser_available() -> None:
    """Checked before anything slow runs (the demo database is built once per session)."""
    if not CHROMIUM.is_file():
        _unavailable(f"Debian's chromium at {CHROMIUM} (run `sh scripts/setup-system.sh` as root)")
    _need("playwright.sync_api")
    _need("uvicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database: the tests add a watchlist to it."""
    copy = tmp_path_factory.mktemp("browser") / "demo.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    uvicorn = _need("uvicorn")
    from kizashi.config import Settings
    from kizashi.web import create_app

    port = _free_port()
    app = create_app(Settings(db=str(db)), allowed_hosts=["127.0.0.1", "localhost"])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = _need("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    ctx = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="ja-JP")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()
    assert errors == [], errors


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"browser-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def _query(db: Path, sql: str) -> Any:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()


def test_browser_home_shows_latest_and_charts(page: Any) -> None:
    page.goto("/")
    assert page.title().startswith("Home")
    assert page.locator("table.events tbody tr").count() > 0
    assert page.locator("ul.stories li a").count() > 0
    assert page.locator("svg.chart-bars rect").count() > 0
    assert page.locator("svg.chart-columns rect").count() > 0
    _shot(page, "home")


def test_browser_search_then_story_then_entity(page: Any, db: Path) -> None:
    # a word from a stored headline, at least three characters: the trigram index
    headline = _query(db, "SELECT headline FROM stories WHERE length(headline) >= 6 ORDER BY story_id")[0]
    word = headline[:4]
    page.goto("/")
    page.fill("form.quicksearch input[name=q]", word)
    page.click("form.quicksearch button")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit mark").first.inner_text() == word
    _shot(page, "search")

    page.locator("li.hit a").first.click()
    page.wait_for_selector("#story-text")
    assert page.locator("#story-text a.mention").count() > 0
    page.click("#removed summary")
    _shot(page, "story")

    mention = page.locator("#story-text a.mention").first
    name = mention.get_attribute("title")
    mention.click()
    page.wait_for_selector("h1")
    assert name in page.locator("h1").inner_text()
    assert page.locator("svg.chart-columns rect").count() > 0  # mentions over time
    _shot(page, "entity")


def test_browser_short_query_uses_the_word_index(page: Any) -> None:
    page.goto("/search?q=米")
    assert int(page.locator("#result-count").inner_text().split()[0]) > 0


def test_browser_timeline_renders(page: Any) -> None:
    page.goto("/timeline")
    page.wait_for_selector("#timeline[data-rendered]")
    assert int(page.get_attribute("#timeline", "data-rendered")) > 0
    assert page.locator("#timeline .vis-item").count() > 0
    _shot(page, "timeline")


def test_browser_timeline_filters(page: Any, db: Path) -> None:
    event_type = _query(db, "SELECT type FROM events GROUP BY type ORDER BY count(*) DESC")[0]
    page.goto("/timeline")
    page.select_option("select[name=event_type]", event_type)
    page.click("form.filters button")
    page.wait_for_selector("#timeline[data-rendered]")
    shown = int(page.get_attribute("#timeline", "data-rendered"))
    stored = _query(db, f"SELECT count(*) FROM events WHERE type = '{event_type}'")[0]
    assert 0 < shown <= stored


def test_browser_graph_renders_on_canvas(page: Any) -> None:
    page.goto("/graph")
    page.wait_for_selector("#graph[data-rendered]")
    assert int(page.get_attribute("#graph", "data-rendered")) > 0
    page.wait_for_timeout(500)  # cytoscape draws on the next animation frames
    painted = page.evaluate(
        """() => Array.from(document.querySelectorAll('#graph canvas')).some(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
            return false;
        })"""
    )
    assert painted
    assert page.get_attribute("#graphml", "href").startswith("/api/graph.graphml")
    _shot(page, "graph")


def test_browser_watchlist_raises_an_alert(page: Any, db: Path) -> None:
    # the actor of most events, named as the analyst would: in Japanese, as written in the text
    actor = _query(
        db,
        "SELECT m.text FROM events e JOIN mentions m ON m.entity_id = e.actor1 "
        "GROUP BY e.actor1 ORDER BY count(*) DESC LIMIT 1",
    )[0]
    page.goto("/watchlists")
    page.fill("input[name=name]", "ブラウザ試験")
    page.fill("textarea[name=entities]", actor)
    page.click("form.watchlist-form button[type=submit]")
    page.wait_for_selector("#alert-count")
    assert page.locator("h1").inner_text() == "Watchlist: ブラウザ試験"
    assert int(page.locator("#alert-count").inner_text()) > 0
    assert page.locator("tr.alert").count() > 0
    _shot(page, "watchlist")
    page.goto("/alerts")
    assert page.locator("tr.alert").count() > 0
    _shot(page, "alerts")


# ---- search and events you can check (#15) ---------------------------------------------


def _total(page: Any, query: str) -> int:
    page.goto("/search?q=" + query)
    text = page.locator("#result-count").inner_text()
    m = re.match(r"(\d+) stories", text)
    assert m, text
    return int(m.group(1))


def test_browser_search_two_words_and_or(page: Any) -> None:
    both = _total(page, "輸出 規制")
    assert both > 0
    assert page.locator("li.hit mark").count() > 0
    _shot(page, "search-two-words")
    either = _total(page, "輸出 OR 制裁")
    assert either >= both
    assert either > _total(page, "輸出 規制 制裁")
    page.goto("/search?q=輸出 OR 制裁")
    marked = set(page.locator("li.hit mark").all_inner_texts())
    assert marked <= {"輸出", "制裁"}
    assert marked
    _shot(page, "search-or")


def test_browser_search_entity_in_another_script(page: Any) -> None:
    """華為 is no word of the search index (as text it finds nothing); its stories write ファーウェイ."""
    page.goto("/search?q=華為")
    match = page.locator("#entity-match")
    assert "matched the entity" in match.inner_text()
    assert "Huawei" in match.inner_text()
    assert page.locator("li.hit").count() >= 1
    assert "ファーウェイ" in page.locator("li.hit mark").all_inner_texts()
    assert page.locator("li.hit .hit-events a.tag").count() > 0  # each result shows its events
    _shot(page, "search-entity-other-script")
    page.goto("/search?q=Wang Wentao")
    assert "Wang Wentao" in page.locator("#entity-match").inner_text()
    assert page.locator("li.hit").count() >= 1


def test_browser_event_page_marks_the_evidence(page: Any, db: Path) -> None:
    event_id, evidence, trigger = _query(
        db,
        "SELECT event_id, evidence, trigger FROM events WHERE cluster IN "
        "(SELECT cluster FROM events GROUP BY cluster HAVING count(*) > 1) ORDER BY event_id LIMIT 1",
    )
    story_id = _query(db, f"SELECT story_id FROM events WHERE event_id = '{event_id}'")[0]
    page.goto(f"/stories/{story_id}")
    link = page.locator(f'a.evidence-link[href="/events/{event_id}"]')
    assert link.count() == 1
    link.click()
    page.wait_for_url(f"**/events/{event_id}")
    marks = page.locator("#story-text mark.evidence-mark")
    assert "".join(marks.all_inner_texts()) == evidence
    assert page.locator("#story-text mark.trigger-mark").inner_text() == trigger
    assert page.locator("#explanation tr").count() >= 2
    assert page.locator("#reports tbody tr").count() >= 2
    marks.first.scroll_into_view_if_needed()
    _shot(page, "event")


def test_browser_cluster_page_first_report_first(page: Any, db: Path) -> None:
    cluster, n = _query(
        db, "SELECT cluster, count(*) FROM events GROUP BY cluster ORDER BY count(*) DESC, cluster LIMIT 1"
    )
    assert n >= 2
    page.goto(f"/clusters/{cluster}")
    rows = page.locator("#reports tbody tr")
    assert rows.count() == n
    published = [d for d in page.locator("#reports tbody tr td:first-child").all_inner_texts() if d]
    assert published == sorted(published)
    assert f"{n} reports" in page.locator("#cluster-summary").inner_text()
    _shot(page, "cluster")
    page.goto("/events")
    assert "real-world events" in page.locator("#count-note").inner_text()
