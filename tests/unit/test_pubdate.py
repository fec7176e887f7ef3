from __future__ import annotations

import pytest

from kizashi.text.normalise import normalise
from kizashi.text.pubdate import date_line, infer_date, parse_date


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


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二〇二四年三月一日", "2024-03-01"),  # kanji numerals, as in vertical-style pages
        ("1st March 2024", "2024-03-01"),
        ("march 1, 2024", "2024-03-01"),  # a lowercase month is a date only with its year
        ("公開日May 1, 2024", "2024-05-01"),  # a label touching the month after NFKC
    ],
)
def test_pubdate_parses_through_the_date_grammar(text: str, iso: str) -> None:
    assert parse_date(normalise(text)) == iso


def test_pubdate_two_digit_year_is_no_anchor() -> None:
    # 24年 has its century guessed: it pins no day of writing
    assert infer_date("両社は24年3月1日に提携した。本日9日、新製品を発表した。") == (None, None)
    assert infer_date("両社は2024/3/1に提携した。本日9日、新製品を発表した。") == ("2024-03-09", "content")


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2024年3月1日 午前10時30分", "2024-03-01"),
        ("更新 2024.03.01 10:30 a.m. JST", "2024-03-01"),
        ("2024/03/01 09:15 +09:00", "2024-03-01"),
        ("date: 2024-03-01T09:15:00.123Z", "2024-03-01"),  # a site generator's front matter
        ("Date: 2024-03-01", "2024-03-01"),
        ("2024年3月1日 10時30分 共同", "2024-03-01"),  # a wire credit of two characters
    ],
)
def test_pubdate_clock_times_and_labels_are_part_of_the_stamp(line: str, iso: str) -> None:
    assert date_line(normalise(line)) == iso


@pytest.mark.parametrize(
    "line",
    [
        "2024年3月1日 10:30 首相が会見",  # a clock time does not make a sentence a timestamp
        "By Jane Roe, March 1, 2024 10:30 a.m.",  # a byline names its writer: kept as a line
        "文・山田花子 2024年3月1日",
        "10:30 配信",  # a clock time is not a date
        "10/30 10:30",
    ],
)
def test_pubdate_bylines_and_clock_times_are_no_bare_timestamp(line: str) -> None:
    assert date_line(normalise(line)) is None


def test_pubdate_byline_date_is_still_readable() -> None:
    assert parse_date(normalise("By Jane Roe, March 1, 2024 10:30 a.m.")) == "2024-03-01"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("審議会は2024/02/01に答申した。\nきのう9日、閣議決定した。", "2024-02-10"),
        ("審議会は2024/02/01に答申した。\n両相はあす10日(土)、会談する。", "2024-02-09"),
        ("審議会は2024/02/01に答申した。\n閣議決定は昨日の9日だった。", "2024-02-10"),
    ],
)
def test_pubdate_yesterday_and_tomorrow_with_their_day_fix_the_writing_day(text: str, iso: str) -> None:
    assert infer_date(text) == (iso, "content")


def test_pubdate_tomorrow_with_weekday_is_not_the_writing_day() -> None:
    # あす10日(土) is the day after the writing: never the writing day itself
    text = "審議会は2024/02/01に答申した。\n両相はあす10日(土)、会談する。"
    assert infer_date(text)[0] != "2024-02-10"


def test_pubdate_clock_time_after_a_day_is_no_number_cut_in_two() -> None:
    text = "審議会は2024/02/01に答申した。\n続いて8日(木)10時から再び会合を開いた。"
    assert infer_date(text) == ("2024-02-08", "content")


def test_pubdate_a_stamp_in_figures_dates_a_page_whose_first_clause_tells_a_deadline() -> None:
    # a scraped page whose stamp runs into its first sentence; までに would make a 年月日 date a plan
    text = "date 2024-03-11 外務省は11日、同日正午までに邦人の退避が完了したと発表した。"
    assert infer_date(text)[0] == "2024-03-11"
    # written in prose, the same date before a deadline is a plan, not the day of writing
    assert infer_date("2024年3月11日までに退避を完了する計画だ。")[0] is None
