"""The analyst's lists in real headless Chromium (#15): filter events by an entity's name through
the suggestion box, a chart on a real time axis, and the actor graph at 70+ actors with a legend.
The server, browser and page fixtures are test_browser's; the store is the desk fixtures' plus 80
made-up actors meeting over six years (no GiNZA)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from kizashi.records import Entity
from tests.desk_fixtures import Article, add, build_store
from tests.test_browser import _browser_available, _shot, browser, page, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ACTORS = 80
TYPES = ("PERSON", "ORG", "GPE")


def _actor(i: int) -> Entity:
    return Entity(f"e_actor{i}", f"Actor {i}", TYPES[i % 3], None, None, names=(f"アクター{i}号",))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser-desk") / "desk.db"
    store = build_store(path)
    for i in range(ACTORS):
        a, b = _actor(i), _actor((i * 7 + 1) % ACTORS)
        if a == b:
            b = _actor((i + 1) % ACTORS)
        hub = _actor(0)
        date = f"{2019 + i % 6}-{1 + i % 9:02d}-{10 + i % 9}"
        text = f"{a.names[0]}と{b.names[0]}が会談した。{hub.names[0]}も同席した。"
        ents = [(a.names[0], a), (b.names[0], b)] + ([] if hub in (a, b) else [(hub.names[0], hub)])
        events = [("MEET", a.entity_id, b.entity_id, "会談", None)]
        if hub not in (a, b):
            events.append(("ATTEND", hub.entity_id, a.entity_id, "同席", None))
        add(store, Article(f"d_actor{i}", text, date, ents, events, title=f"会談 {i}"))
    store.close()
    return path


def test_browser_filter_events_by_entity_name(page: Any) -> None:  # noqa: F811
    page.goto("/events")
    box = page.locator("#entity-input")
    box.press_sequentially("ファーウェ", delay=30)  # part of a name, in katakana
    page.wait_for_selector("#entity-input[data-suggested]")
    options = page.locator("#entity-suggestions option")
    assert int(box.get_attribute("data-suggested")) == options.count() >= 1
    assert options.first.get_attribute("value") == "Huawei"
    box.fill(options.first.get_attribute("value"))
    page.click("form.filters button[type=submit]")
    page.wait_for_selector(".tag.entity-on")
    assert page.locator(".tag.entity-on").inner_text() == "Huawei"
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 2
    for i in range(rows.count()):
        assert "Huawei" in rows.nth(i).inner_text()
    assert "entity=Huawei" in page.get_attribute("#download-csv", "href")
    _shot(page, "events-entity-filter")

    # the same entity named in another script, and left out with -name
    page.goto("/events?entity=華為技術")
    assert page.locator("table.events tbody tr").count() == 2
    page.goto("/events?entity=-Huawei&limit=200")
    assert all("Huawei" not in t for t in page.locator("table.events tbody tr").all_inner_texts())


def _day(label: str) -> int:
    return dt.date.fromisoformat(label).toordinal()


def test_browser_chart_on_a_real_time_axis(page: Any) -> None:  # noqa: F811
    page.goto("/")
    chart = page.locator("svg.chart-columns").first
    bars = chart.evaluate(
        """svg => Array.from(svg.querySelectorAll('rect')).map(r => [
            r.querySelector('title').textContent.split(':')[0], parseFloat(r.getAttribute('x'))])"""
    )
    assert len(bars) >= 20
    days = [(_day(label), x) for label, x in bars]
    (d0, x0), (d1, x1) = days[0], days[-1]
    scale = (x1 - x0) / (d1 - d0)
    for d, x in days:  # each column at its date's distance from the first (one day is < 1 px)
        assert abs((x0 + (d - d0) * scale) - x) < 1.5
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(days)]
    assert max(gaps) > 30 * min(gaps)  # gaps between days are drawn as gaps
    # every tick label lies inside the chart, none cut off
    inside = chart.evaluate(
        """svg => { const box = svg.getBoundingClientRect();
            return Array.from(svg.querySelectorAll('text.tick')).map(t => { const r = t.getBoundingClientRect();
                return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; }); }"""
    )
    assert len(inside) >= 3
    assert all(inside)
    labels = chart.locator("text.tick").all_text_contents()
    assert labels == sorted(labels)
    _shot(page, "home-time-axis")


def test_browser_graph_at_70_actors_has_a_legend(page: Any) -> None:  # noqa: F811
    page.goto("/graph?top=0")
    page.wait_for_selector("#graph[data-rendered]", timeout=30_000)
    assert int(page.get_attribute("#graph", "data-rendered")) >= 70
    assert int(page.get_attribute("#graph", "data-labelled")) == 15  # names on the top actors only
    legend = page.locator("#graph-legend .legend-node")
    kinds = {t.split(" (")[0] for t in legend.all_inner_texts()}
    assert {"PERSON", "ORG", "GPE"} <= kinds
    assert page.locator("#graph-legend .legend-edge").count() >= 2
    assert page.locator("#graph canvas").count() > 0
    _shot(page, "graph-80-actors")

    page.goto("/graph?top=30")
    page.wait_for_selector("#graph[data-rendered]")
    shown = int(page.get_attribute("#graph", "data-rendered"))
    assert 20 <= shown <= 30  # the top 30, less any left with no edge to another of them
    assert f"{shown} of {ACTORS + 6}" in page.locator("#graph-summary").inner_text()

    # one actor's neighbourhood, named in katakana
    page.goto("/graph?entity=アクター5号&top=0")
    page.wait_for_selector("#graph[data-rendered]")
    shown = int(page.get_attribute("#graph", "data-rendered"))
    assert 2 <= shown < 70
    _shot(page, "graph-neighbourhood")
