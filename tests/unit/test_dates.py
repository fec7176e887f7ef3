"""kizashi.dates.expressions: finding and resolving date expressions against a publication date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.dates import find_clock_times, find_parts, next_matching
from kizashi.dates.expressions import DateExpr, find_dates, resolve

D = dt.date
WED = D(2023, 5, 3)  # a Wednesday, early in the month

# (expression, reference date, future, value, end_value)
TABLE: list[tuple[str, dt.date | None, bool, str | None, str | None]] = [
    # absolute
    ("2023年5月26日", WED, False, "2023-05-26", None),
    ("2023年5月", WED, False, "2023-05", None),
    ("2023年", WED, False, "2023", None),
    ("令和5年5月26日", WED, False, "2023-05-26", None),
    ("令和元年5月1日", WED, False, "2019-05-01", None),
    ("平成31年4月", WED, False, "2019-04", None),
    ("R5.5.26", WED, False, "2023-05-26", None),
    ("2023/5/26", WED, False, "2023-05-26", None),
    ("2023-05-26", WED, False, "2023-05-26", None),
    ("23年5月", WED, False, "2023-05", None),
    ("2023年5月26日", None, False, "2023-05-26", None),
    ("May 26, 2023", WED, False, "2023-05-26", None),
    ("26 May 2023", WED, False, "2023-05-26", None),
    # month and day: the year comes from ref
    ("5月26日", D(2024, 1, 10), False, "2023-05-26", None),
    ("5月26日", D(2024, 1, 10), True, "2024-05-26", None),
    ("5月26日", D(2023, 5, 27), False, "2023-05-26", None),
    ("三月五日", WED, False, "2023-03-05", None),
    ("Jan. 5", WED, False, "2023-01-05", None),
    ("5月26日", None, False, None, None),
    # bare days: ref's month, or the month before when the day is still to come
    ("25日", D(2023, 5, 26), False, "2023-05-25", None),
    ("28日", WED, False, "2023-04-28", None),
    ("28日", WED, True, "2023-05-28", None),
    ("3日", WED, False, "2023-05-03", None),
    ("4日", WED, False, "2023-05-04", None),  # a day of tolerance
    ("二十五日", D(2023, 5, 26), False, "2023-05-25", None),
    ("25日", None, False, None, None),
    # words for days
    ("今日", WED, False, "2023-05-03", None),
    ("本日", WED, False, "2023-05-03", None),
    ("きょう", WED, False, "2023-05-03", None),
    ("昨日", WED, False, "2023-05-02", None),
    ("きのう", WED, False, "2023-05-02", None),
    ("一昨日", WED, False, "2023-05-01", None),
    ("おととい", WED, False, "2023-05-01", None),
    ("明日", WED, False, "2023-05-04", None),
    ("あす", WED, False, "2023-05-04", None),
    ("あす4日", WED, False, "2023-05-04", None),
    ("本日6日", WED, False, "2023-05-06", None),  # the written day beats a publication date off by days
    ("明後日", WED, False, "2023-05-05", None),
    ("3日前", WED, False, "2023-04-30", None),
    ("2週間前", WED, False, "2023-04-19", None),
    ("yesterday", WED, False, "2023-05-02", None),
    # months and years
    ("先月", WED, False, "2023-04", None),
    ("先月", D(2023, 1, 15), False, "2022-12", None),
    ("今月", WED, False, "2023-05", None),
    ("来月", WED, False, "2023-06", None),
    ("来月1日", WED, False, "2023-06-01", None),
    ("先月31日", D(2023, 6, 3), False, "2023-05-31", None),
    ("先月31日", WED, False, None, None),  # April has no 31st
    ("昨年10月", WED, False, "2022-10", None),
    ("去年", WED, False, "2022", None),
    ("昨年", WED, False, "2022", None),
    ("今年", WED, False, "2023", None),
    ("ことし", WED, False, "2023", None),
    ("本年", WED, False, "2023", None),
    ("今年3月", WED, False, "2023-03", None),
    ("来年", WED, False, "2024", None),
    ("来年1月", WED, False, "2024-01", None),
    ("3カ月前", WED, False, "2023-02", None),
    ("last month", WED, False, "2023-04", None),
    ("next year", WED, False, "2024", None),
    ("昨年末", WED, False, "2022", None),
    ("5月下旬", WED, False, "2023-05", None),
    ("今月末", WED, False, "2023-05", None),
    ("来月", None, False, None, None),
    # weeks and vague periods keep their text but have no value
    ("先週", WED, False, None, None),
    ("今週", WED, False, None, None),
    ("来週", WED, False, None, None),
    ("年末", WED, False, None, None),
    ("年初", WED, False, None, None),
    # weekdays (WED is a Wednesday)
    ("水曜日", WED, False, "2023-05-03", None),
    ("水曜", D(2023, 5, 5), False, "2023-05-03", None),
    ("月曜日", WED, False, "2023-05-01", None),
    ("月曜日", WED, True, "2023-05-08", None),
    ("水曜日", WED, True, "2023-05-10", None),
    ("先週水曜日", WED, False, "2023-04-26", None),
    ("26日(金)", D(2023, 5, 29), False, "2023-05-26", None),
    ("26日(水)", WED, False, "2023-04-26", None),
    ("26日(金)", WED, False, "2023-05-26", None),  # the weekday says which 26th
    ("Friday, May 26", WED, False, "2023-05-26", None),
    # ranges
    ("15~16日", D(2023, 5, 20), False, "2023-05-15", "2023-05-16"),
    ("15-16日", D(2023, 5, 20), False, "2023-05-15", "2023-05-16"),
    ("15日から16日", D(2023, 5, 20), False, "2023-05-15", "2023-05-16"),
    ("10・11日", D(2023, 5, 20), False, "2023-05-10", "2023-05-11"),
    ("5月15~16日", D(2023, 6, 1), False, "2023-05-15", "2023-05-16"),
    ("30日~2日", D(2023, 6, 5), False, "2023-05-30", "2023-06-02"),
    ("12月28日~1月4日", D(2023, 1, 10), False, "2022-12-28", "2023-01-04"),
    ("4~6月", D(2023, 8, 1), False, "2023-04", "2023-06"),
    ("2023年4~6月", WED, False, "2023-04", "2023-06"),
    # open ends, times of day
    ("25日から", D(2023, 5, 26), False, "2023-05-25", None),
    ("6月2日から", D(2023, 6, 10), False, "2023-06-02", None),
    ("26日午前10時", D(2023, 5, 27), False, "2023-05-26", None),
]


@pytest.mark.parametrize(("expr", "ref", "future", "value", "end_value"), TABLE)
def test_dates_table(
    expr: str, ref: dt.date | None, future: bool, value: str | None, end_value: str | None
) -> None:
    found = find_dates(expr, ref, future=future)
    assert [(d.text, d.value, d.end_value) for d in found] == [
        (expr.removesuffix("から").removesuffix("午前10時"), value, end_value)
    ]


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        ("政府は26日(金)午前10時に発表した。", ["26日(金)"]),
        ("経産省は昨年10月に規制を導入し、来年1月に拡大する。", ["昨年10月", "来年1月"]),
        ("会合は5月15~16日に開かれ、同月26日に再開した。", ["5月15~16日", "同月26日"]),
        ("2023年5月26日、米商務省は発表した", ["2023年5月26日"]),
        ("On May 26, 2023 the Commerce Department said", ["May 26, 2023"]),
        ("今年中国が輸出規制を強化した", ["今年"]),
    ],
)
def test_dates_texts_in_sentence(text: str, texts: list[str]) -> None:
    found = find_dates(text, WED)
    assert [d.text for d in found] == texts
    assert all(text[d.start : d.end] == d.text for d in found)


@pytest.mark.parametrize(
    "text",
    [
        "30日以内に回答する",
        "3日連続で下落した",
        "1~2日間の日程",
        "1日当たり100件",
        "3月期決算を発表",
        "今年度の予算",
        "前年比20%増",
        "昨年同期比で減少",
        "一日も早い解決を",
        "日本年金機構",
        "きょうだいで経営",
        "500年に一度の災害",
        "第3四半期の業績",
        "1,000人が参加",
    ],
)
def test_dates_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, WED) == []


@pytest.mark.parametrize(
    ("expr", "anchor", "value"),
    [
        ("同日", D(2023, 4, 25), "2023-04-25"),
        ("この日", D(2023, 4, 25), "2023-04-25"),
        ("前日", D(2023, 4, 25), "2023-04-24"),
        ("翌日", D(2023, 4, 30), "2023-05-01"),
        ("同月", D(2023, 4, 25), "2023-04"),
        ("翌月", D(2023, 12, 25), "2024-01"),
        ("同年", D(2021, 4, 25), "2021"),
        ("同月26日", D(2023, 4, 25), "2023-04-26"),
        ("同日", None, None),
        ("同月", None, None),
    ],
)
def test_dates_anchor_words(expr: str, anchor: dt.date | None, value: str | None) -> None:
    assert resolve(expr, WED, anchor=anchor) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("政府は25日に発表し、同日夜に会見した", ["2023-04-25", "2023-04-25"]),
        ("5月に決定し、同月26日に施行した", ["2023-05", "2023-05-26"]),
        ("2022年10月7日に発表し、その翌日に", ["2022-10-07", "2022-10-08"]),
    ],
)
def test_dates_earlier_date_in_sentence_anchors_later_ones(text: str, values: list[str]) -> None:
    assert [d.value for d in find_dates(text, WED)] == values


@pytest.mark.parametrize(
    ("expr", "ref", "tense"),
    [
        ("来月", WED, "future"),
        ("先月", WED, "past"),
        ("今月", WED, "unknown"),
        ("今日", WED, "unknown"),
        ("2022年", WED, "past"),
        ("2024年5月", WED, "future"),
        ("15~16日", D(2023, 5, 20), "past"),
        ("来月", None, "future"),
        ("昨年", None, "past"),
        ("26日", None, "unknown"),
    ],
)
def test_dates_tense(expr: str, ref: dt.date | None, tense: str) -> None:
    assert [d.tense for d in find_dates(expr, ref)] == [tense]


@pytest.mark.parametrize(
    ("expr", "relative"),
    [
        ("2023年5月26日", False),
        ("令和5年", False),
        ("May 26, 2023", False),
        ("5月26日", True),
        ("先月", True),
    ],
)
def test_dates_relative_flag(expr: str, relative: bool) -> None:
    assert [d.relative for d in find_dates(expr, WED)] == [relative]


@pytest.mark.parametrize("ref", [dt.datetime(2023, 5, 3, 23, 59), WED])
def test_dates_accepts_datetime_reference(ref: dt.date) -> None:
    assert resolve("昨日", ref) == "2023-05-02"


@pytest.mark.parametrize(
    ("expr", "value"), [("2023年2月30日", None), ("先月", "2023-04"), ("発表した", None)]
)
def test_dates_resolve_returns_first_value(expr: str, value: str | None) -> None:
    assert resolve(expr, WED) == value


_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DATEY = st.text(
    alphabet="0123456789年月日~-・、/.()金水今昨来先同前翌期度本末旬からあすきょう一二十三令和平成 MayJan,",
    max_size=40,
)


def _check(found: list[DateExpr], text: str) -> None:
    previous_end = 0
    for d in found:
        assert text[d.start : d.end] == d.text
        assert previous_end <= d.start < d.end
        previous_end = d.end
        for value in (d.value, d.end_value):
            assert value is None or _VALUE.fullmatch(value)
        assert d.tense in {"past", "future", "unknown"}


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), _DATEY), future=st.booleans())
def test_dates_offsets_match_text_and_never_raise(text: str, future: bool) -> None:
    _check(find_dates(text, WED, future=future), text)
    _check(find_dates(text, None, future=future, anchor=WED), text)


@pytest.mark.parametrize(
    ("text", "date", "guessed"),
    [
        ("2024年3月1日", D(2024, 3, 1), False),
        ("24年3月1日", None, True),  # the century of a two-digit year is ours, not the writer's
        ("令和6年3月1日", D(2024, 3, 1), False),
        ("2024年3月1日(月)", None, False),  # a weekday that disagrees: misread
        ("3月1日", None, False),
    ],
)
def test_dates_parts_write_a_date_only_when_whole(text: str, date: dt.date | None, guessed: bool) -> None:
    (part,) = find_parts(text)
    assert (part.date, part.year_guessed) == (date, guessed)


@pytest.mark.parametrize(
    ("text", "from_today", "day"),
    [
        ("本日6日", 0, 6),
        ("きのう5日", -1, 5),
        ("両相はあす7日", 1, 7),
        ("先月26日", None, 26),
        ("同日", None, None),
    ],
)
def test_dates_parts_count_days_from_the_writing(text: str, from_today: int | None, day: int | None) -> None:
    part = find_parts(text)[-1]
    assert (part.from_today, part.day) == (from_today, day)


def test_dates_parts_hiragana_words_keep_their_boundaries() -> None:
    assert find_parts("ああした行為は許されない") == []


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("2024年3月1日 10:30 配信", ["10:30"]),
        ("午前9時から", ["午前9時"]),
        ("March 1, 2024 10:30 a.m. JST", ["10:30 a.m. JST"]),
        ("2024-03-01T09:15:00.123+09:00", ["09:15:00.123+09:00"]),
        ("2024年3月1日に会談", []),
    ],
)
def test_dates_clock_times(text: str, times: list[str]) -> None:
    assert [text[start:end] for start, end in find_clock_times(text)] == times


def test_dates_day_before_a_clock_time_is_whole() -> None:
    # 1日10時: the digit after 日 starts a clock time, not the rest of a cut number
    assert [d.value for d in find_dates("会合は5月1日10時から開かれた。", WED)] == ["2023-05-01"]
    assert find_dates("第1日10回", WED) == []


@pytest.mark.parametrize(
    ("after", "day", "kwargs", "when"),
    [
        (D(2024, 1, 31), 31, {}, D(2024, 1, 31)),
        (D(2024, 2, 1), 30, {}, D(2024, 3, 30)),  # February has no 30th
        (D(2023, 3, 1), 29, {"month": 2}, D(2024, 2, 29)),
        (D(2024, 2, 1), 10, {"weekday": 5}, D(2024, 2, 10)),  # Saturday the 10th
        (D(2024, 2, 1), 31, {"month": 2}, None),
        (D(2024, 2, 1), 10, {"weekday": 0, "months": 1}, None),  # February only: its 10th is a Saturday
    ],
)
def test_dates_next_matching(after: dt.date, day: int, kwargs: dict[str, int], when: dt.date | None) -> None:
    assert next_matching(after, day, **kwargs) == when


@pytest.mark.parametrize(
    ("expr", "ref", "value"),
    [
        ("10月6日", dt.date(2024, 9, 28), "2024-10-06"),  # next week's, not last year's
        ("9月20日", dt.date(2024, 9, 28), "2024-09-20"),  # days ago: the past, as written
        ("3月1日", dt.date(2024, 9, 28), "2024-03-01"),  # months ago, and not weeks ahead
        ("1月10日", dt.date(2024, 12, 20), "2025-01-10"),  # weeks ahead, over the new year
    ],
)
def test_dates_a_month_day_weeks_ahead_is_not_last_years(expr: str, ref: dt.date, value: str) -> None:
    assert resolve(expr, ref) == value
