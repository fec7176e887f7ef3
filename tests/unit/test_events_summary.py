"""Summaries of talks: a meeting named by its two parties, speaker labels and party groups opening
the lines after it. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from kizashi.pipeline import Context
from tests.event_text import events_of

pytestmark = pytest.mark.slow

_SUMMARY = (
    "石破茂首相とアルバニージー豪首相の会談の要旨は次の通り。\n"
    "両首脳 重要鉱物の供給網で連携していくことを確認。\n"
    "首相 アルバニージー氏の早期来日を要請。"
)


@pytest.fixture(scope="module")
def summary(context: Context) -> list[tuple[str, str | None, str | None]]:
    return [(t, a1, a2) for t, a1, a2, _ in events_of(context, _SUMMARY)]


def test_summary_a_meeting_named_by_its_parties_is_told(
    summary: list[tuple[str, str | None, str | None]],
) -> None:
    assert ("MEET", "Shigeru Ishiba", "Anthony Albanese") in summary


def test_summary_a_party_group_label_is_the_meetings_parties(
    summary: list[tuple[str, str | None, str | None]],
) -> None:
    assert ("AGREE", "Shigeru Ishiba", "Anthony Albanese") in summary


def test_summary_a_bare_title_is_the_home_office_holder(
    summary: list[tuple[str, str | None, str | None]],
) -> None:
    # 首相 alone is Japan's prime minister, not 豪首相 named later in the story
    assert ("REQUEST", "Shigeru Ishiba", "Anthony Albanese") in summary


def test_summary_the_explanation_names_the_final_roles(context: Context) -> None:
    meet = next(e for t, _, _, e in events_of(context, _SUMMARY) if t == "MEET")
    # each field's line names the value the event holds, then the note that chose it (#15)
    assert any(line.startswith("actor1: Shigeru Ishiba (石破茂") for line in meet.explanation), (
        meet.explanation
    )
    assert not any(line.startswith("actor2: Shigeru Ishiba") for line in meet.explanation), meet.explanation


def test_summary_a_meeting_without_both_parties_named_stays_a_noun(context: Context) -> None:
    found = events_of(context, "首脳会談の要旨は次の通り。")
    assert "MEET" not in [t for t, _, _, _ in found], found


def test_summary_a_meeting_held_with_attendees_listed_after_it(context: Context) -> None:
    found = events_of(
        context,
        "日米豪印の首脳会合が5月24日に東京で開かれ、日本の岸田文雄首相、米国のバイデン大統領、"
        "オーストラリアのアルバニージー首相、インドのモディ首相が出席した。",
    )
    assert ("MEET", "Fumio Kishida", "Joe Biden") in [(t, a1, a2) for t, a1, a2, _ in found], found


def test_summary_attendees_named_by_side(context: Context) -> None:
    found = events_of(
        context,
        "日英経済版2プラス2閣僚会合が開催され、日本側からは林芳正外相が、英国側からはクレバリー外相が出席した。",
    )
    assert ("MEET", "Yoshimasa Hayashi", "James Cleverly") in [(t, a1, a2) for t, a1, a2, _ in found], found


def test_summary_a_meeting_is_dated_by_the_local_day(context: Context) -> None:
    found = events_of(
        context,
        "現地時間3月4日15時(日本時間5日5時)から、林芳正外相はブリンケン米国務長官とワシントンで会談した。",
        date="2024-03-06",
    )
    meet = next(e for t, _, _, e in found if t == "MEET")
    assert meet.date == "2024-03-04"


def test_summary_one_party_agrees_with_the_other_of_the_meeting(context: Context) -> None:
    found = events_of(
        context,
        "石破茂首相とアルバニージー豪首相の会談の要旨は次の通り。\n首相 地域の安定に向けて協力していくことで一致した。",
    )
    assert ("AGREE", "Shigeru Ishiba", "Anthony Albanese") in [(t, a1, a2) for t, a1, a2, _ in found], found


def test_summary_the_plain_verb_of_meeting_with_two_offices_held(context: Context) -> None:
    # 副首相兼国防相: the title runs past 兼, so は after it marks the agent
    found = events_of(
        context, "10月19日、マールズ副首相兼国防相は、木原稔防衛相と東京で会い、防衛協力について協議した。"
    )
    assert ("MEET", "Richard Marles", "Minoru Kihara") in [(t, a1, a2) for t, a1, a2, _ in found], found


def test_summary_a_visit_named_by_its_place_after_the_word(context: Context) -> None:
    found = events_of(
        context, "小泉進次郎防衛相は5日、訪問先のフィリピン・マニラで、テオドロ国防相と会談した。"
    )
    assert ("VISIT", "Shinjiro Koizumi", "Philippines") in [(t, a1, a2) for t, a1, a2, _ in found], found


def test_an_agreement_with_a_partner_of_its_own_keeps_it_after_a_meeting(context: Context) -> None:
    text = (
        "トランプ大統領は習近平国家主席と電話会談した。"
        "米国は中国依存を脱却するため、30日以内に日本・EUと協定締結を目指す。"
    )
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("AGREE", "United States", "Japan") in found, found
    assert ("AGREE", "Donald Trump", "Xi Jinping") not in found, found


def test_the_others_of_a_purpose_clause_are_no_partners(context: Context) -> None:
    text = "日米韓の外相は会談した。インド太平洋地域でのロシアと北朝鮮の軍事行動に対抗するため、3カ国は合同軍事演習を増やしている。"
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert all({a1, a2} != {"Russia", "North Korea"} for t, a1, a2 in found if t == "COOPERATE"), found


def test_follow_up_talks_told_in_a_bullet_are_between_the_meetings_countries(context: Context) -> None:
    text = "日本の林芳正外相は5日、韓国の趙兌烈外相と会談した。\n・次官級協議は来年2月にソウルで開催。"
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("MEET", "Japan", "South Korea") in found, found


def test_a_summit_of_others_after_a_meeting_is_not_its_follow_up(context: Context) -> None:
    text = "英国とフランスは5日、外相会談を開いた。G7サミットは来年6月にローマで開催される。"
    meets = [(a1, a2) for t, a1, a2, _ in events_of(context, text) if t == "MEET"]
    assert meets == [("United Kingdom", "France")], meets


def test_a_retaliation_in_reverse_roles_is_another_event(context: Context) -> None:
    text = (
        "英国政府は、ロシアの企業50社を「エンティティリスト」に追加した。ロシアは英国への輸出規制で報復した。"
    )
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text) if t == "EXPORT_CONTROL"]
    assert ("United Kingdom", "Russia") in [(a1, a2) for _, a1, a2 in found], found
    assert ("Russia", "United Kingdom") in [(a1, a2) for _, a1, a2 in found], found


def test_a_comment_that_an_act_was_made_public_is_no_new_act(context: Context) -> None:
    text = "防衛省は、中国海軍の駆逐艦が海上自衛隊の護衛艦に火器管制レーダーを照射したと発表した。中国軍からのレーダー照射が公表されたのは初めて。"
    acts = [(a1, a2) for t, a1, a2, _ in events_of(context, text) if t == "MILITARY_ACTION"]
    assert acts == [("People's Liberation Army Navy", "Japan Maritime Self-Defense Force")], acts


def test_a_party_group_after_a_meeting_takes_its_parties_over_a_partner_in_the_content(
    context: Context,
) -> None:
    text = "トランプ大統領は習近平国家主席と電話会談した。両首脳は、ベッセント財務長官らと中国側による貿易協議を近く再開することで一致した。"
    agreements = [(a1, a2) for t, a1, a2, _ in events_of(context, text) if t == "AGREE"]
    assert agreements == [("Donald Trump", "Xi Jinping")], agreements


def test_a_joint_exercise_named_with_its_forces(context: Context) -> None:
    text = "防衛省は15日、自衛隊と米軍、韓国軍による多領域での共同訓練を東シナ海で実施したと発表した。"
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("COOPERATE", "Japan Self-Defense Forces", "United States Armed Forces") in found, found
