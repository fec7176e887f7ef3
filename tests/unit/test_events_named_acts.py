"""Acts named by a noun phrase (Xによる攻撃への注意喚起, X氏の東京訪問), quoted names, visits to a
city, warnings told as the other side's price, radar lock-ons and 同部. Every sentence here is
written for these tests."""

from __future__ import annotations

import pytest

from kizashi.events.args import quotes_a_name
from kizashi.pipeline import Context
from tests.event_text import events_of

pytestmark = pytest.mark.slow


def _triples(ctx: Context, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(t, a1, a2) for t, a1, a2, _ in events_of(ctx, text)]


def test_a_quoted_name_is_a_name_and_quoted_words_are_words() -> None:
    assert quotes_a_name("ファイブアイズ")
    assert quotes_a_name("安全保障協力に関する日豪共同宣言")  # long, but a name
    assert not quotes_a_name("合意は歓迎する")  # ends in a predicate
    assert not quotes_a_name("米国、日本")  # a list told in words


def test_a_quoted_group_name_is_the_subject_of_its_attack(context: Context) -> None:
    found = _triples(
        context,
        "警察庁は、中国の支援を受けるハッカー集団「ブルーテック」がサイバー攻撃を仕掛けたとして注意喚起を出した。",
    )
    assert ("CYBER_OPERATION", "National Police Agency (Japan)", None) not in found, found
    assert ("ACCUSE", "National Police Agency (Japan)", "Blue Technical") in found, found


def test_an_attack_named_with_its_doer_inside_an_advisory(context: Context) -> None:
    found = _triples(
        context,
        "警察庁は5日、米国家安全保障局と合同でロシアを背景とするサイバー攻撃グループ「APT28」による"
        "サイバー攻撃への注意喚起を発表した。",
    )
    assert ("COOPERATE", "National Police Agency (Japan)", "National Security Agency") in found, found
    assert ("ACCUSE", "National Police Agency (Japan)", "Fancy Bear") in found, found
    # the sponsor (ロシアを背景とする) is not the one attacked
    assert ("CYBER_OPERATION", "Fancy Bear", "Russia") not in found, found


def test_a_clause_ends_the_doers_noun_phrase(context: Context) -> None:
    found = _triples(context, "英国政府は、ロシアによる侵攻を受けて追加の制裁を科した。")
    assert all(a1 != "Russia" for t, a1, _ in found if t == "SANCTION"), found


def test_a_visit_named_by_its_visitor_and_city_is_to_the_country(context: Context) -> None:
    found = _triples(context, "日本とフランスの首脳会談は、5月のマクロン氏の東京訪問以来となる。")
    assert ("VISIT", "Emmanuel Macron", "Japan") in found, found


def test_a_visit_compound_with_its_place(context: Context) -> None:
    found = _triples(context, "両国は経済など幅広く協議し、マクロン氏は4月のフランス訪問を終えた。")
    assert ("VISIT", "Emmanuel Macron", "France") in found, found


def test_a_visit_asked_for_is_no_visit(context: Context) -> None:
    found = _triples(context, "岸田首相はバイデン氏の早期訪日を要請した。")
    assert all(t != "VISIT" for t, _, _ in found), found


def test_the_one_who_will_pay_is_warned(context: Context) -> None:
    found = _triples(context, "北朝鮮外務省は「米国は高い代償を払うことになる」と主張した。")
    assert ("WARN", "Ministry of Foreign Affairs (North Korea)", "United States") in found, found


def test_a_radar_lock_on_from_a_navys_ship(context: Context) -> None:
    found = _triples(
        context, "防衛省によると、中国海軍の駆逐艦が海上自衛隊の護衛艦に火器管制レーダーを照射した。"
    )
    assert (
        "MILITARY_ACTION",
        "People's Liberation Army Navy",
        "Japan Maritime Self-Defense Force",
    ) in found, found


def test_a_launcher_is_no_launch(context: Context) -> None:
    found = _triples(context, "中国の駆逐艦は対空ミサイル発射機を備えている。")
    assert all(t != "MILITARY_ACTION" for t, _, _ in found), found


def test_what_was_made_public_does_not_publish(context: Context) -> None:
    found = _triples(context, "中国軍からのレーダー照射が公表されたのは初めてだ。")
    assert all(t != "PUBLISH" for t, _, _ in found), found


def test_a_ban_on_use_in_government_bodies(context: Context) -> None:
    found = _triples(context, "英国政府は、政府機関の端末での同アプリの利用を全面的に禁止した。")
    assert any(t == "PROCUREMENT_BAN" for t, _, _ in found), found


def test_the_ministry_named_as_dobu_and_whose_leaders_are_criticised(context: Context) -> None:
    found = _triples(
        context,
        "中国商務部は8日、新たな規定を発表した。同部の報道官はこれについて、「英国の指導者が先ごろ、"
        "誤った発言を公然と行い、中国の内政に干渉したことは、その性質は極めて悪質だ」とコメントした。",
    )
    assert ("ACCUSE", "Ministry of Commerce of the People's Republic of China", "United Kingdom") in found, (
        found
    )


def test_a_summits_several_agreements_are_several_events(context: Context) -> None:
    text = (
        "岸田文雄首相とマクロン仏大統領の会談の要旨は次の通り。\n"
        "首相 インド太平洋における力による現状変更の試みに反対することで一致した。\n"
        "首相 重要鉱物の供給網で連携していくことを確認した。"
    )
    agreements = [e for t, _, _, e in events_of(context, text) if t == "AGREE"]
    assert len(agreements) == 2, agreements


def test_a_meeting_retold_with_its_agreement_is_one_agreement(context: Context) -> None:
    text = (
        "上川陽子外相はマクロン仏大統領と会談し、覚書に署名する予定だ。"
        "仏紙によると、上川氏はマクロン氏と会談し、供給網に関する覚書に署名する予定だという。"
    )
    agreements = [e for t, _, _, e in events_of(context, text) if t == "AGREE"]
    assert len(agreements) == 1, agreements


def test_a_summit_compound_names_its_parties_whoever_speaks_of_it(context: Context) -> None:
    found = _triples(
        context,
        "AUKUSの技術協力をめぐっては、オーストラリア政府高官は、今月10日の日英首脳会談でも協議が"
        "行われる見通しだと明らかにした。",
    )
    assert ("MEET", "Japan", "United Kingdom") in found, found
    assert all(a1 != "Australia" for t, a1, _ in found if t == "MEET"), found


def test_a_visit_told_vaguely_then_by_its_day_is_one_visit_without_a_publication_date(
    context: Context,
) -> None:
    text = (
        "NATOはストルテンベルグ事務総長が今月末に来日すると発表した。"
        "ストルテンベルグ事務総長は30日から来日し、日本の大学で講演する。"
    )
    visits = [e for t, _, _, e in events_of(context, text, date=None) if t == "VISIT"]
    assert len(visits) == 1, visits


def test_two_months_are_two_times_without_a_publication_date(context: Context) -> None:
    text = "ファーウェイは8月に新型スマートフォンを発売した。ファーウェイは10月にも新型スマートフォンを発売した。"
    releases = [e for t, _, _, e in events_of(context, text, date=None) if t == "PRODUCT_RELEASE"]
    assert len(releases) == 2, releases


def test_criticism_told_as_voiced_in_a_country(context: Context) -> None:
    found = _triples(context, "米国の制裁に対し、中国国内では批判の声が相次いでいる。")
    assert ("ACCUSE", "China", "United States") in found, found


def test_a_voice_named_without_being_raised_is_no_event(context: Context) -> None:
    found = _triples(context, "中国では非難の声の大きさが話題になった。")
    assert all(t != "ACCUSE" for t, _, _ in found), found


def test_cooperation_told_by_a_plain_verb_or_a_headline_noun(context: Context) -> None:
    assert ("COOPERATE", "United States", "Japan") in _triples(
        context, "米国が日本、EU、メキシコと重要鉱物の供給網構築で連携。"
    )
    assert ("COOPERATE", "United Kingdom", "France") in _triples(
        context, "英国はフランスと連携し、制裁を科した。"
    )


def test_cooperation_hoped_for_is_no_event(context: Context) -> None:
    found = _triples(
        context,
        "首相は会談で「日本とフランスがどの国よりも緊密に連携し、頻繁に交流する努力をしたい」と語った。",
    )
    assert all(t != "COOPERATE" for t, _, _ in found), found
