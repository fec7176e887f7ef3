"""The HTML report in real headless Chromium (#15): opened as a file, its tables sort on a click
of a heading, and a link from an event opens the collapsed document that holds its story. No
server and no network: the file is self-contained. Skips as tests/test_browser.py does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kizashi.report.render import write_report
from tests.desk_fixtures import COMMERCE, HUAWEI, Article, add, build_store
from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM, _need, _unavailable

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    store = build_store(folder / "r.db")
    add(
        store,
        Article(
            "d_controls_again",
            "別の報道によると、米商務省は華為技術への輸出規制を強化した。",
            "2024-01-02",
            [("米商務省", COMMERCE), ("華為技術", HUAWEI)],
            [("EXPORT_CONTROL", "e_doc", "e_huawei", "輸出規制", "export_control")],
            title="米、華為への規制強化(別報)",
        ),
    )
    return write_report(store, folder / "report.html", check_alerts=False)


@pytest.fixture(scope="module")
def page(report: Path) -> Iterator[Any]:
    if not CHROMIUM.is_file():
        _unavailable(f"Debian's chromium at {CHROMIUM}")
    sync_api = _need("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on(
            "request", lambda r: errors.append(f"fetched {r.url}") if not r.url.startswith("file:") else None
        )
        pg.goto(report.as_uri())
        yield pg
        browser.close()
        assert errors == [], errors


def _dates(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(
            "#events tbody tr > td:first-child", "cells => cells.map(c => c.dataset.sort)"
        )
    )


def test_browser_report_sorts_events_by_a_heading(page: Any) -> None:
    newest = _dates(page)
    assert newest == sorted(newest, reverse=True)  # as written: newest first
    page.click("#events thead th:first-child")
    assert _dates(page) == sorted(newest)
    page.click("#events thead th:first-child")
    assert _dates(page) == sorted(newest, reverse=True)
    page.click("#events thead th:nth-child(2)")  # by type, as text
    types = page.eval_on_selector_all(
        "#events tbody tr > td:nth-child(2)", "cells => cells.map(c => c.firstChild.textContent)"
    )
    assert types == sorted(types)


def test_browser_report_event_link_opens_its_collapsed_story(page: Any) -> None:
    page.click('#contents a[href="#events"]')
    cluster = page.locator("details.cluster").first
    assert not cluster.evaluate("d => d.open")
    cluster.locator("summary").click()
    link = cluster.locator("a").nth(1)
    story_id = str(link.get_attribute("href"))[1:]
    holder = page.locator(f"details:has(#{story_id})")
    assert not holder.evaluate("d => d.open")
    link.click()
    assert holder.evaluate("d => d.open")
    assert page.locator(f"#{story_id}").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
