from __future__ import annotations

from pathlib import Path

from kizashi.desk.alerts import list_alerts
from kizashi.desk.watchlists import find_watchlist, parse_spec, save_watchlist
from kizashi.report.render import render_report
from tests.desk_fixtures import build_store


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
