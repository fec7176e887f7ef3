"""An act named with its doer (Xによる…) is the doer's, whoever reports or protests it; a force's
aircraft and ships act for it; an incursion or exercise targets the one whose territory it is.
Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from kizashi.pipeline import Context
from tests.event_text import events_of

pytestmark = pytest.mark.slow


def _triples(ctx: Context, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(t, a1, a2) for t, a1, a2, _ in events_of(ctx, text)]


def test_doer_an_incursion_protested_is_the_doers(context: Context) -> None:
    found = _triples(context, "木原稔防衛相は、ロシア軍機による日本領空への侵犯に抗議した。")
    assert ("MILITARY_ACTION", "Russian Armed Forces", "Japan") in found, found
    assert ("ACCUSE", "Minoru Kihara", "Russian Armed Forces") in found, found


def test_doer_a_measure_named_with_its_doer(context: Context) -> None:
    found = _triples(context, "米国務省は、中国による重要鉱物の輸出規制を批判した。")
    assert ("EXPORT_CONTROL", "China", None) in found, found


def test_doer_the_speaker_of_a_statement_is_not_replaced(context: Context) -> None:
    # a statement's speaker stays its agent even when it is about someone's act
    found = _triples(context, "米国務省は、中国による威圧について懸念を表明した。")
    assert ("CONCERN", "United States Department of State", "China") in found, found


def test_doer_an_exercise_around_a_place_targets_it(context: Context) -> None:
    found = _triples(context, "中国軍は29日、台湾周辺で大規模な軍事演習を実施した。")
    assert ("MILITARY_ACTION", "People's Liberation Army", "Taiwan") in found, found


def test_doer_a_clause_between_is_no_noun_phrase(context: Context) -> None:
    # による ending a clause of its own (…による調査で、) names no doer of the later act
    found = _triples(
        context,
        "米政府による調査で、北朝鮮のハッカー集団ラザルスが日本の企業にサイバー攻撃を仕掛けたことが分かった。",
    )
    assert all(a1 != "United States" for t, a1, _ in found if t == "CYBER_OPERATION"), found


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("米商務省は、中国の半導体企業140社をエンティティー・リストに追加したと発表した。", "China"),
        ("米商務省は中国の華為技術(ファーウェイ)とその関連会社をEntity Listに追加した。", "Huawei"),
        ("米商務省は、ロシアの防衛関連の団体など約30団体をエンティティリストに加えた。", "Russia"),
    ],
)
def test_doer_a_listing_names_the_bodies_listed(context: Context, text: str, target: str) -> None:
    # the Entity List is a licence requirement under the export rules: an export control
    found = _triples(context, text)
    assert ("EXPORT_CONTROL", "United States Department of Commerce", target) in found, found


def test_doer_the_first_of_a_list_of_victims_is_attacked(context: Context) -> None:
    found = _triples(
        context,
        "北朝鮮の指示を受けたハッカー集団が、防衛装備庁など約50の国内の研究機関や企業、大学などに"
        "大規模なサイバー攻撃を仕掛けていた。",
    )
    assert ("CYBER_OPERATION", "North Korea", "Acquisition, Technology & Logistics Agency") in found, found


def test_doer_a_victim_list_in_an_earlier_clause_is_not_attacked(context: Context) -> None:
    found = _triples(
        context, "防衛装備庁は企業に説明した上で、ハッカー集団ラザルスによるサイバー攻撃を公表した。"
    )
    assert all(a2 is None for t, _, a2 in found if t == "CYBER_OPERATION"), found


def test_doer_of_an_incursion_told_in_a_relative_clause(context: Context) -> None:
    found = _triples(
        context,
        "第11管区海上保安本部(那覇)は13日夜、日本の領海に侵入したロシア海軍の艦艇2隻が日本漁船に接近したと発表した。",
    )
    assert ("MILITARY_ACTION", "Russian Navy", "Japan") in found, found
    # the body that reports it, and the city in brackets where it sits, did not intrude
    assert all(a1 not in {"Japan", "Naha"} for t, a1, _ in found if t == "MILITARY_ACTION"), found


def test_unowned_waters_are_the_reporting_bodys_countrys(context: Context) -> None:
    found = _triples(
        context, "海上保安庁によると、中国公船2隻は11日午前から13日夜まで領海に侵入し、日本漁船に接近した。"
    )
    assert ("MILITARY_ACTION", "China", "Japan") in found, found


def test_a_capital_speaks_for_its_country_and_another_city_does_not(context: Context) -> None:
    found = _triples(context, "中国と日本の関係が悪化している。北京は日本の決定を強く非難した。")
    assert ("ACCUSE", "China", "Japan") in found, found
    found = _triples(context, "日本と米国の関係が注目されている。那覇は米国の決定を強く非難した。")
    assert all(a1 != "Japan" for _, a1, _ in found), found


def test_doer_of_a_countrys_military_aircraft_is_the_country(context: Context) -> None:
    # 中国軍機: "China's military aircraft" (X + 軍機); without the country named in the story,
    # the force stays (as above)
    found = _triples(
        context,
        "木原稔防衛相は、中国軍機による日本領空への侵犯に抗議し、中国の軍事活動に深刻な懸念を伝えた。",
    )
    assert ("MILITARY_ACTION", "China", "Japan") in found, found
    assert ("ACCUSE", "Minoru Kihara", "China") in found, found


def test_doer_a_navys_ship_named_with_no_stays_the_navy(context: Context) -> None:
    found = _triples(
        context,
        "防衛省によると、韓国海軍の駆逐艦が韓国の近海で海上自衛隊の哨戒機に火器管制レーダーを照射した。",
    )
    assert ("MILITARY_ACTION", "Republic of Korea Navy", "Japan Maritime Self-Defense Force") in found, found


def test_doer_a_speaker_is_not_the_attacker_its_reported_clause_names(context: Context) -> None:
    found = _triples(
        context,
        "CISAの幹部、ジェン・イースタリー氏は記者団に対し、攻撃者がネットワークに侵入し情報を盗んだと述べた。",
    )
    assert all(t != "CYBER_OPERATION" or a1 is None for t, a1, _ in found), found
    # a named doer inside the reported clause stays the doer
    found = _triples(context, "米国防総省は、中国軍が台湾周辺で軍事演習を行ったと発表した。")
    assert ("MILITARY_ACTION", "People's Liberation Army", "Taiwan") in found, found


def test_victims_of_an_attack_are_not_its_attackers(context: Context) -> None:
    found = _triples(
        context, "日本国内では、トヨタ自動車や大手印刷会社が相次いでランサムウェア被害を公表している。"
    )
    assert ("CYBER_OPERATION", None, "Toyota") in found, found
    found = _triples(context, "米国の国防総省がロシアによるサイバー攻撃を受けた。")
    assert all(a1 != "United States Department of Defense" for t, a1, _ in found if t == "CYBER_OPERATION"), (
        found
    )


def test_doer_named_after_the_act_by_niyoru_mono(context: Context) -> None:
    found = _triples(
        context,
        "警察庁は8日、防衛関係の研究機関などを狙ったサイバー攻撃は、中国の関与が疑われる「APT10」によるものだと発表した。",
    )
    assert ("CYBER_OPERATION", "APT10", None) in found, found
    assert ("ACCUSE", "National Police Agency (Japan)", "APT10") in found, found


def test_what_is_agreed_on_is_no_partner_and_a_cooperating_noun_is_no_cooperation(context: Context) -> None:
    found = _triples(context, "日米両政府は、在日米軍を統合軍司令部に格上げすることで合意した。")
    assert ("AGREE", "Japan", "United States") in found, found
    found = _triples(context, "林芳正外相は、中国軍とロシア軍の連携した活動にも深刻な懸念を伝えた。")
    assert all(t != "COOPERATE" for t, _, _ in found), found


def test_everyday_patterns_of_measures_and_acts(context: Context) -> None:
    found = _triples(
        context,
        "米財務省は12日、ロシアの軍需産業を支援したとして、中国企業など約50社に制裁を科したと発表した。",
    )
    assert ("SANCTION", "United States Department of the Treasury", "China") in found, found
    found = _triples(
        context,
        "林芳正官房長官は記者会見で、北朝鮮の弾道ミサイル発射について「断じて容認できない」と非難した。",
    )
    # the launch is the topic of the statement (…について「…」と非難), not the speaker's act
    assert all(a1 != "Yoshimasa Hayashi" for t, a1, _ in found if t == "MILITARY_ACTION"), found
    assert ("ACCUSE", "Yoshimasa Hayashi", "North Korea") in found, found
    found = _triples(
        context, "韓国外交部は、日本の教科書検定結果に抗議し、駐韓日本大使館の総括公使を呼び出した。"
    )
    assert ("ACCUSE", "Ministry of Foreign Affairs (South Korea)", "Japan") in found, found
    found = _triples(
        context,
        "オランダ政府は、中国の反発にもかかわらず、半導体製造装置の対中輸出規制を9月から強化すると発表した。",
    )
    assert ("EXPORT_CONTROL", "Netherlands", "China") in found, found
    found = _triples(
        context, "台湾国防部によると、台湾周辺で中国軍の戦闘機延べ30機が台湾海峡の中間線を越えた。"
    )
    assert ("MILITARY_ACTION", "People's Liberation Army", "Taiwan") in found, found
    found = _triples(context, "豪軍の演習場で陸上自衛隊が訓練を行った。オーストラリアの演習場は広い。")
    assert all(a1 != "Australia" for t, a1, _ in found if t == "MILITARY_ACTION"), found
