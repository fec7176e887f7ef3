from __future__ import annotations

import pytest

from kizashi.text.normalise import normalise
from kizashi.text.pubdate import date_line, find_dates, infer_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024年3月1日", "2024-03-01"),
        ("令和6年3月1日", "2024-03-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("平成31年4月30日", "2019-04-30"),
        ("2024/03/01 09:15", "2024-03-01"),
        ("2024.3.1", "2024-03-01"),
        ("2024-03-01T09:15:00+09:00", "2024-03-01"),
        ("March 1, 2024", "2024-03-01"),
        ("Mar. 1 2024", "2024-03-01"),
        ("1 March 2024", "2024-03-01"),
        ("Sept 30, 2023", "2023-09-30"),
        ("2024年3月1日(金)", "2024-03-01"),
    ],
)
def test_pubdate_parses_japanese_and_english_dates(text: str, iso: str) -> None:
    assert parse_date(normalise(text)) == iso


@pytest.mark.parametrize(
    "text",
    ["2024年2月30日", "24年3月1日", "3月1日", "12日", "2024年3月1日(月)", "第2024号", None, ""],
)
def test_pubdate_rejects_partial_impossible_or_contradicted_dates(text: str | None) -> None:
    # a wrong weekday means the date was misread; a year of two digits has no era to place it
    assert parse_date(text) is None


def test_pubdate_finds_every_full_date_in_order() -> None:
    found = find_dates("2023年11月15日の会談の後、2024年1月9日にも協議した。")
    assert [f.date.isoformat() for f in found] == ["2023-11-15", "2024-01-09"]
    assert all(f.prose for f in found)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2024年3月1日 10:30 配信", "2024-03-01"),
        ("公開日:2024.03.01 更新日:2024.03.02", "2024-03-01"),
        ("Published March 1, 2024", "2024-03-01"),
        ("2024/03/01 09:00 JST", "2024-03-01"),
    ],
)
def test_pubdate_date_line_is_a_bare_timestamp(line: str, iso: str) -> None:
    assert date_line(normalise(line)) == iso


@pytest.mark.parametrize("line", ["政府は2024年3月1日に制度を改めた。", "3月1日 10:30 配信", "本文"])
def test_pubdate_date_line_rejects_sentences_and_partial_dates(line: str) -> None:
    assert date_line(normalise(line)) is None


def test_pubdate_today_is_placed_after_the_latest_earlier_date() -> None:
    # a date written with its year is from an earlier year than the writing (style convention)
    text = "政府は2023年12月20日に指針を改定した。\n外相は本日9日、ソウルで会談する。"
    assert infer_date(text) == ("2024-01-09", "content")


def test_pubdate_today_with_weekday_must_match() -> None:
    text = "審議会は2024/01/05に答申した。\nきょう16日(金)、閣議決定した。"
    assert infer_date(text) == ("2024-02-16", "content")  # 16 January 2024 is a Tuesday


def test_pubdate_day_only_dates_alone_give_nothing() -> None:
    assert infer_date("商務長官は12日、講演した。これに先立ち2日にも発言した。") == (None, None)


def test_pubdate_last_resort_is_latest_past_full_date() -> None:
    text = "両国は2024年2月1日に協議し、2024年2月20日に合意した。首脳会談は2024年6月10日に開かれる予定だ。"
    assert infer_date(text) == ("2024-02-20", "content")


def test_pubdate_weekday_pins_a_day_after_the_anchor() -> None:
    text = "両国は2024年2月1日に協議した。続いて8日(木)に再び会談した。"
    assert infer_date(text) == ("2024-02-08", "content")


def test_pubdate_dateline_with_day_uses_the_anchor_month() -> None:
    text = "[ワシントン 12日 ロイター] - 米商務省は、2024年3月5日に公表した規則を改めた。"
    assert infer_date(text) == ("2024-03-12", "dateline")


def test_pubdate_context_gives_the_anchor_of_a_story() -> None:
    story = "外相は本日9日に訪米する。"
    assert infer_date(story) == (None, None)
    assert infer_date(story, context="指針は2023年12月20日に改定された。\n" + story)[0] == "2024-01-09"
