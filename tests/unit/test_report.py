from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from kizashi.desk.alerts import list_alerts
from kizashi.desk.watchlists import find_watchlist, parse_spec, save_watchlist
from kizashi.report.render import render_report
from kizashi.storage import Store
from tests.desk_fixtures import COMMERCE, HUAWEI, Article, add, build_store


def test_report_has_charts_and_a_digest_per_watchlist(tmp_path: Path) -> None:
    store = build_store(tmp_path / "r.db")
    save_watchlist(
        store,
        parse_spec({"name": "華為の規制", "entities": ["ファーウェイ"], "event_types": ["EXPORT_CONTROL"]}),
    )
    save_watchlist(store, parse_spec({"name": "何もない", "keywords": ["存在しない語句"]}))
    html = render_report(store)  # raises the alerts not raised yet, then reports them
    wl = find_watchlist(store, "華為の規制")
    assert wl is not None
    alerts = list_alerts(store, watchlist_id=wl["watchlist_id"]).items
    assert len(alerts) == 2
    assert html.count('<svg class="chart') == 3  # events by type, events per day, stories per day
    assert '<h3>華為の規制 <span class="muted">2 alerts</span></h3>' in html
    assert '<h3>何もない <span class="muted">0 alerts</span></h3>' in html
    assert all(a["evidence"] in html for a in alerts)


def test_report_without_watchlists_says_how_to_add_one(tmp_path: Path) -> None:
    html = render_report(build_store(tmp_path / "r.db"), check_alerts=False)
    assert "No watchlists." in html
    assert "kizashi watchlist add" in html


class _Page(HTMLParser):
    """The report's ids, in-page links, event rows and what loads from outside the file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.external: list[tuple[str, str]] = []
        self.event_rows: list[tuple[str, str]] = []  # (event id, its date cell's sort key)
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if (tag in {"script", "img", "iframe"} and "src" in a) or tag == "link":
            self.external.append((tag, a.get("src") or a.get("href", "")))
        if tag == "tr" and a.get("id", "").startswith("v_"):
            self._row = a["id"]
        elif tag == "td" and self._row is not None:
            self.event_rows.append((self._row, a.get("data-sort", "")))
            self._row = None


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _same_event_twice(store: Store) -> None:
    """A second outlet's report of d_controls' export control: the same cluster (same type,
    parties and date), so the report shows one row with two reports."""
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


def test_report_contents_and_every_in_page_link_has_a_target(tmp_path: Path) -> None:
    html = render_report(build_store(tmp_path / "r.db"), check_alerts=False)
    page = _page(html)
    contents = html.split('<nav id="contents"', 1)[1].split("</nav>", 1)[0]
    for section in ("charts", "watchlists", "events", "entities", "documents"):
        assert f'href="#{section}"' in contents
    assert page.links
    assert set(page.links) <= set(page.ids)  # each event links to a story that is in the file
    assert len(page.ids) == len(set(page.ids))


def test_report_events_newest_first_linked_to_their_stories(tmp_path: Path) -> None:
    store = build_store(tmp_path / "r.db")
    html = render_report(store, check_alerts=False)
    dates = [d for _, d in _page(html).event_rows]
    assert len(dates) == 7
    assert dates == sorted(dates, reverse=True)
    meeting = store.rows("events", {"doc_id": "d_meeting"}, order_by="start")[0]
    row = html.split(f'<tr id="{meeting["event_id"]}">', 1)[1].split("</tr>", 1)[0]
    assert f'href="#{meeting["story_id"]}"' in row
    assert f'id="{meeting["story_id"]}"' in html


def test_report_cluster_is_one_row_with_its_reports_collapsed(tmp_path: Path) -> None:
    store = build_store(tmp_path / "r.db")
    _same_event_twice(store)
    html = render_report(store, check_alerts=False)
    assert len(_page(html).event_rows) == 7  # eight reports, seven real-world events
    cluster = html.split('<details class="cluster">', 1)[1].split("</details>", 1)[0]
    assert "2 reports of this event" in cluster
    stories = {
        r["story_id"] for r in store.rows("events", {"type": "EXPORT_CONTROL"}) if r["date"] == "2024-01-02"
    }
    assert len(stories) == 2
    assert all(f'href="#{s}"' in cluster for s in stories)
    assert html.count('<details class="cluster">') == 1


def test_report_is_one_self_contained_file_with_sortable_tables(tmp_path: Path) -> None:
    html = render_report(build_store(tmp_path / "r.db"), check_alerts=False)
    page = _page(html)
    assert page.external == []  # no script, style sheet or image from elsewhere
    assert html.count("<script>") == 1
    assert html.count('class="sortable"') == 2  # events and entities (no list is loaded)
    assert '<th data-type="date">Date</th>' in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html  # a title as text
    assert "<script>alert" not in html
