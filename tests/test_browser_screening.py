"""An entity page with its screening list entry, in real headless Chromium (#18): the entry shows
with its list, program and date, and the Confirm button stores the decision. The server, browser
and page fixtures are test_browser's; the store is the desk fixtures' with the test lists (no GiNZA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kizashi.screening.run import import_list, screen_store
from kizashi.storage import open_store
from kizashi.storage.matches import query_matches
from tests.desk_fixtures import build_store
from tests.test_browser import _browser_available, _shot, browser, page, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LISTS = Path(__file__).resolve().parent / "data" / "lists"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser-screening") / "desk.db"
    store = build_store(path)
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    screen_store(store)
    store.close()
    return path


def test_browser_entity_page_shows_its_list_entry_and_confirms(page: Any, db: Path) -> None:  # noqa: F811
    page.goto("/entities/e_huawei")
    row = page.locator("#lists tr.list-entry", has_text="Huawei Technologies Co., Ltd.")
    assert row.count() == 1
    text = row.inner_text()
    for part in ("controls", "US Entity List", "2019-05-16", "match"):
        assert part in text
    assert row.get_attribute("data-status") == "match"
    _shot(page, "entity-list-entry")

    row.locator("button[value=confirm]").click()
    page.wait_for_url("**/entities/e_huawei#lists")
    row = page.locator("#lists tr.list-entry", has_text="Huawei Technologies Co., Ltd.")
    assert row.get_attribute("data-status") == "confirmed"
    assert row.locator("button[value=confirm]").is_disabled()
    _shot(page, "entity-list-confirmed")

    store = open_store(str(db))
    try:
        mine = [
            m
            for m in query_matches(store, entity_id="e_huawei")
            if m["entry_caption"].startswith("Huawei Tech")
        ]
        assert [m["status"] for m in mine] == ["confirmed"]
    finally:
        store.close()
