"""PUBLISH is news of its own only as a report, advisory or statement; an announcement of another
act is that act. Also: a second event of one type in another clause, and courtesy calls.
Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from kizashi.pipeline import Context
from tests.event_text import events_of

pytestmark = pytest.mark.slow


def _triples(ctx: Context, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(t, a1, a2) for t, a1, a2, _ in events_of(ctx, text)]


def _types(ctx: Context, text: str) -> list[str]:
    return [t for t, _, _, _ in events_of(ctx, text)]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # an announced measure is the measure, with the announcer as its source
        ("経済産業省は15日、半導体製造装置の輸出規制を強化すると発表した。", "EXPORT_CONTROL"),
        # 発表によると: the publication is where the rest is told
        ("米国務省の発表によると、ブリンケン国務長官と林芳正外相は協力の強化で合意した。", "AGREE"),
        # 報告書では: the same with a report
        ("防衛省の報告書では、中国軍が東シナ海で大規模な軍事演習を実施したとしている。", "MILITARY_ACTION"),
    ],
)
def test_publish_an_announcement_of_an_act_is_that_act(context: Context, text: str, act: str) -> None:
    found = events_of(context, text)
    types = [t for t, _, _, _ in found]
    assert act in types, types
    assert "PUBLISH" not in types, types


def test_publish_the_announcer_is_named_as_the_source(context: Context) -> None:
    found = events_of(context, "経済産業省は15日、半導体製造装置の輸出規制を強化すると発表した。")
    control = next(e for t, _, _, e in found if t == "EXPORT_CONTROL")
    assert any(line.startswith("source: ") for line in control.explanation), control.explanation


@pytest.mark.parametrize(
    "text",
    [
        # an advisory is the news whatever it is about
        "内閣サイバーセキュリティセンターは3日、中国を背景とするハッカー集団による攻撃への注意喚起を公表した。",
        # a report released
        "米国家安全保障局は20日、中国の攻撃手法をまとめた報告書を公表した。",
        # a statement whose act is inside its quotation: the quoted act is the quoted party's
        "米国防総省は、「長官は中国側の行動に懸念を表明した」と発表した。",
    ],
)
def test_publish_a_report_advisory_or_quoted_statement_is_news(context: Context, text: str) -> None:
    assert "PUBLISH" in _types(context, text)


def test_publish_names_a_publisher_and_no_counterpart(context: Context) -> None:
    found = events_of(
        context, "内閣サイバーセキュリティセンターは3日、中国を背景とするハッカー集団への注意喚起を公表した。"
    )
    publish = [(a1, a2) for t, a1, a2, _ in found if t == "PUBLISH"]
    assert publish, found
    assert all(a2 is None for _, a2 in publish), publish


def test_publish_a_second_meeting_in_its_own_clause_is_told(context: Context) -> None:
    # the gathering attended (ため closes its clause) and the bilateral talks after it
    found = events_of(
        context,
        "国際会議に出席するためシンガポールを訪れている木原稔防衛相は、フィリピンの国防相と会談した。",
    )
    meets = [(a1, a2) for t, a1, a2, _ in found if t == "MEET"]
    assert len(meets) == 2, found
    assert any(
        a2 == "Philippines" or (a2 or "").startswith("Department of National Defense") for _, a2 in meets
    )


def test_publish_two_triggers_of_one_type_in_one_clause_are_one_event(context: Context) -> None:
    found = events_of(context, "林芳正外相は秦剛外相と会談し、協議を続けた。")
    assert [t for t, _, _, _ in found].count("MEET") == 1, found


def test_publish_a_courtesy_call_is_a_meeting(context: Context) -> None:
    found = events_of(context, "上川陽子外相は10日、インドのモディ首相を表敬した。")
    assert ("MEET", "Yoko Kamikawa", "Narendra Modi") in [(t, a1, a2) for t, a1, a2, _ in found], found


def test_publish_an_announced_attack_is_an_attribution(context: Context) -> None:
    found = events_of(
        context,
        "警察庁は8日、北朝鮮系の「ラザルス」と呼ばれるハッカー集団が日本国内の政府機関や企業に対し"
        "サイバー攻撃を繰り返していたと発表した。",
    )
    triples = [(t, a1, a2) for t, a1, a2, _ in found]
    assert ("CYBER_OPERATION", "Lazarus Group", "Japan") in triples, triples
    assert ("ACCUSE", "National Police Agency (Japan)", "Lazarus Group") in triples, triples
    assert "PUBLISH" not in [t for t, _, _ in triples]


def test_publish_an_attack_the_announcer_suffers_is_no_attribution(context: Context) -> None:
    found = events_of(context, "三菱電機は、同社のネットワークがサイバー攻撃を受けたと発表した。")
    assert "ACCUSE" not in [t for t, _, _, _ in found], found


def test_publish_a_partner_counted_in_a_list_is_the_partner(context: Context) -> None:
    found = events_of(
        context,
        "警察庁と内閣サイバーセキュリティセンターは3日、米国など5カ国と共同で、ランサムウェアへの注意喚起を公表した。",
    )
    assert ("COOPERATE", "National Police Agency (Japan)", "United States") in [
        (t, a1, a2) for t, a1, a2, _ in found
    ], found


def test_an_advisory_on_a_named_groups_methods_attributes_its_activity(context: Context) -> None:
    found = _triples(
        context,
        "警察庁は8月27日、米国など計10カ国と共同で中国系ハッカー集団「ボルト・タイフーン」の手口や対策を"
        "まとめた注意喚起文書を発表した。",
    )
    assert ("ACCUSE", "National Police Agency (Japan)", "Volt Typhoon") in found, found
    assert ("PUBLISH", "National Police Agency (Japan)", None) in found, found  # the advisory is news


def test_a_release_of_a_named_group_without_an_advisory_accuses_no_one(context: Context) -> None:
    found = _triples(context, "警察庁は、ボルト・タイフーンの名称の由来を発表した。")
    assert all(t != "ACCUSE" for t, _, _ in found), found


def test_a_suspected_involvement_accuses_its_owner(context: Context) -> None:
    found = _triples(
        context,
        "警察庁は3日、記者会見を開いた。捜査の結果、ロシア政府の関与が疑われる組織的なサイバー攻撃と判断したという。",
    )
    assert ("ACCUSE", "National Police Agency (Japan)", "Russia") in found, found
    assert ("ACCUSE", "Russia", None) not in found, found
