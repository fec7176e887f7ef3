"""Charts as inline SVG, and the per-watchlist digest, for the HTML report and the dashboard.

Python computes the geometry; the Jinja2 macros in ``templates/charts.html`` draw it with
autoescaping, so labels taken from documents are text, never markup. Only SVG attributes are
used (no style attributes), which the dashboard's Content-Security-Policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from kizashi.desk.alerts import check_watchlists, list_alerts
from kizashi.desk.watchlists import list_watchlists
from kizashi.report.time_axis import Tick, period_start, ticks, time_axis
from kizashi.storage import Store
from kizashi.storage.counts import counts_by_day, counts_by_type


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    href: str | None = None
    shown: str = ""  # the label as drawn, shortened to fit its room (the full one in the tooltip)


def fit_label(label: str, room: float, font: float = 12) -> str:
    """``label`` cut with an ellipsis to about ``room`` px: wide (CJK) characters take a full em."""
    used, out = 0.0, list[str]()
    for ch in label:
        w = font if ord(ch) > 0x2E80 else font * 0.6
        if used + w > room - font:
            return "".join(out) + "…"
        used += w
        out.append(ch)
    return label


MAX_LABEL_SIZE = 11  # the font size of a column chart's "max N" label
MAX_LABEL_BASELINE = 11  # its baseline; its descenders reach about a quarter of the size below
COLUMN_HEADROOM = 16  # the band above the tallest column, kept for that label so they never overlap


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str  # "bars" (horizontal, labelled) | "columns" (one per day)
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    max_value: int = 0
    first: str = ""  # the first and last labels, under the columns
    last: str = ""
    ticks: list[Tick] = field(default_factory=list)  # a real time axis (empty: first and last only)
    label_baseline: int = MAX_LABEL_BASELINE  # of the "max N" label, above COLUMN_HEADROOM
    label_size: int = MAX_LABEL_SIZE


def bar_chart(
    items: list[tuple[str, int]],
    *,
    title: str,
    width: int = 520,
    row: int = 20,
    label_width: int = 170,
    href: str | None = None,
) -> Chart:
    """Horizontal bars, one row per item, largest first as given; ``href`` is formatted with the label."""
    top = max((n for _, n in items), default=0)
    span = width - label_width - 40
    bars = [
        Bar(
            label=label,
            value=n,
            x=label_width,
            y=i * row + 2,
            width=round(span * n / top, 1) if top else 0,
            height=row - 6,
            href=href.format(quote(label, safe="")) if href else None,
            shown=fit_label(label, label_width - 8),
        )
        for i, (label, n) in enumerate(items)
    ]
    return Chart("bars", title, width, max(row, row * len(items)), bars, top)


def column_chart(items: list[tuple[str, int]], *, title: str, width: int = 640, height: int = 140) -> Chart:
    """One column per period (day or month). Periods that are dates stand on a real time axis, at
    their distance from each other (gaps show); other labels are drawn one after the other."""
    top = max((n for _, n in items), default=0)
    plot = height - 20  # room for the axis labels
    room = plot - COLUMN_HEADROOM  # the tallest column stops under the "max N" label
    axis = time_axis([label for label, _ in items], width)
    step = width / max(1, len(items))
    bars = []
    for i, (label, n) in enumerate(items):
        day = period_start(label) if axis else None
        x, w = (
            (axis.x(day), axis.column_width(day))
            if axis and day
            else (round(i * step, 1), round(max(1.0, step - 1), 1))
        )
        h = round(room * n / top if top else 0, 1)
        bars.append(Bar(label=label, value=n, x=x, y=round(plot - h, 1), width=w, height=h))
    return Chart(
        "columns",
        title,
        width,
        height,
        bars,
        top,
        items[0][0] if items else "",
        items[-1][0] if items else "",
        ticks(axis) if axis else [],
    )


def overview_charts(store: Store, *, days: int = 90, type_href: str | None = None) -> dict[str, Chart]:
    """Events by type, and events and stories per day: the home page's and the report's charts."""
    per_day = counts_by_day(store, days=days)
    return {
        "types": bar_chart(counts_by_type(store), title="Events by type", href=type_href),
        "event_days": column_chart(per_day["events"], title="Events per day"),
        "story_days": column_chart(per_day["stories"], title="Stories per day"),
    }


def watchlist_digest(store: Store, *, per_watchlist: int = 10) -> list[dict[str, Any]]:
    """Each watchlist with its number of alerts and the latest ones."""
    out = []
    for wl in list_watchlists(store):
        page = list_alerts(store, watchlist_id=wl["watchlist_id"], limit=per_watchlist)
        out.append({**wl, "total": page.total, "latest": page.items})
    return out


def report_context(store: Store, *, check: bool = True) -> dict[str, Any]:
    """What ``templates/report_desk.html`` needs: the charts and a digest per watchlist.

    With ``check``, alerts not raised yet are raised first, so the digest covers what is stored."""
    if check:
        check_watchlists(store)
    return {"desk_charts": overview_charts(store, days=365), "digests": watchlist_digest(store)}
