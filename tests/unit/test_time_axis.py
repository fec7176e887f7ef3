"""Column charts on a real time axis (#15): dates at their true distance, gaps visible, labels inside."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from jinja2 import Environment, PackageLoader

from kizashi.report.charts import Chart, bar_chart, column_chart, fit_label
from kizashi.report.time_axis import label_width


def _extents(chart: Chart) -> list[tuple[float, float]]:
    """Where each tick label is drawn, from its anchor."""
    out = []
    for t in chart.ticks:
        w = label_width(t.label)
        left = {"start": t.x, "middle": t.x - w / 2, "end": t.x - w}[t.anchor]
        out.append((left, left + w))
    return out


def test_time_axis_spaces_days_by_their_distance() -> None:
    chart = column_chart([("2019-01-01", 3), ("2019-01-02", 1), ("2025-01-01", 2)], title="t", width=600)
    x = [b.x for b in chart.bars]
    # two neighbouring days sit together; six years later is at the far end, not one step on
    assert x[1] - x[0] < 1
    assert x[2] > 590
    assert [t.label for t in chart.ticks] == [str(y) for y in range(2019, 2026)]
    assert all(left >= 0 and right <= 600 for left, right in _extents(chart))


def test_time_axis_gap_is_proportional() -> None:
    chart = column_chart([("2024-01-01", 1), ("2024-01-02", 1), ("2024-01-11", 1)], title="t", width=110)
    a, b, c = (bar.x for bar in chart.bars)
    assert round((c - a) / (b - a)) == 10
    assert chart.ticks[0].anchor == "start"  # the first label is not cut at the left edge
    assert all(left >= 0 and right <= 110 for left, right in _extents(chart))


def test_time_axis_months_are_month_wide() -> None:
    chart = column_chart([("2024-01", 3), ("2024-12", 1)], title="t", width=366)
    jan, dec = chart.bars
    assert abs(jan.width - 31) < 1
    assert dec.x > 330
    assert dec.x + dec.width <= 366
    assert all(left >= 0 and right <= 366 for left, right in _extents(chart))  # none cut off
    ends = _extents(column_chart([("2024-01", 3), ("2024-04", 1)], title="t", width=200))
    assert ends[0][0] == 0
    assert ends[-1][1] <= 200


def test_time_axis_other_labels_stay_in_order() -> None:
    chart = column_chart([("a", 1), ("b", 2)], title="t", width=100)
    assert [b.x for b in chart.bars] == [0, 50]
    assert chart.ticks == []


def test_bar_labels_fit_their_room() -> None:
    long = "United States Department of Commerce Bureau of Industry and Security"
    chart = bar_chart([(long, 3), ("日本", 1)], title="t", label_width=170)
    assert chart.bars[0].shown.endswith("…")
    assert len(chart.bars[0].shown) < len(long)
    assert chart.bars[1].shown == "日本"
    assert fit_label("経済産業省貿易経済協力局安全保障貿易管理部", 100).endswith("…")


def _column_svg(chart: Chart) -> ElementTree.Element:
    env = Environment(loader=PackageLoader("kizashi", "report/templates"), autoescape=True)
    html = env.from_string('{% import "charts.html" as c %}{{ c.chart(chart) }}').render(chart=chart)
    return ElementTree.fromstring(html.strip())


@pytest.mark.parametrize("counts", [[1, 9, 3], [5], [2, 2, 2, 2], [1, 1000, 999]])
def test_column_chart_max_label_clears_the_tallest_column(counts: list[int]) -> None:
    days = [(f"2025-05-{d:02d}", n) for d, n in zip(range(1, 29, 3), counts, strict=False)]
    svg = _column_svg(column_chart(days, title="Events per day"))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    label = next(t for t in svg.iterfind("svg:text", ns) if t.get("class") == "max-label")
    assert label.text == f"max {max(counts)}"
    # the label's glyphs reach a quarter of the font size below the baseline (descenders)
    bottom = float(label.get("y", "0")) + float(label.get("font-size", "0")) / 4
    columns = list(svg.iterfind("svg:rect", ns))
    assert len(columns) == len(counts)
    assert min(float(r.get("y", "0")) for r in columns) > bottom
    # the room is kept above the columns, not taken from them: the tallest stays most of the plot
    chart = column_chart(days, title="Events per day")
    assert max(b.height for b in chart.bars) >= 0.8 * (chart.height - 20)
