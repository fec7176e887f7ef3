"""Anaphora (#14 phenomenon 2), destinations inside visit verbs (3) and postpositions read as the
wrong argument (5), on sentences written for these tests."""

from __future__ import annotations

import pytest

from kizashi.pipeline import Context
from tests.event_text import events_of

pytestmark = pytest.mark.slow


def _found(ctx: Context, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(t, a1, a2) for t, a1, a2, _ in events_of(ctx, text)]


def _has(found: list[tuple[str, str | None, str | None]], want: tuple[str, str, str | None]) -> bool:
    type_, a1, a2 = want
    return want in found or (type_ in {"MEET", "AGREE", "COOPERATE"} and (type_, a2, a1) in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 両閣僚/両首脳 after a meeting: the parties of that meeting agree
        (
            "西村康稔経済産業相は10日、カナダのウィルキンソン天然資源相と会談した。両閣僚は、供給網で連携することで合意した。",
            ("AGREE", "Yasutoshi Nishimura", "Wilkinson"),
        ),
        (
            "岸田文雄首相は10日、バイデン米大統領と会談した。両首脳は半導体の協力で一致した。",
            ("AGREE", "Fumio Kishida", "Joe Biden"),
        ),
        # 同省 and 同氏: the body or the person just named
        (
            "米国務省は10日、声明を出した。同省は中国の威圧を非難した。",
            ("ACCUSE", "United States Department of State", "China"),
        ),
        (
            "米国のブリンケン国務長官は10日、北京に到着した。同氏は中国の王毅外相と会談した。",
            ("MEET", "Antony Blinken", "Wang Yi"),
        ),
        # a title alone opening a sentence stands for the person the story named with it
        (
            "岸田文雄首相は10日、記者会見を開いた。首相は北朝鮮の挑発を非難した。",
            ("ACCUSE", "Fumio Kishida", "North Korea"),
        ),
        # hackers acting on X's orders: X acts
        (
            "中国人民解放軍の指示を受けたハッカー集団が、日本の研究機関にサイバー攻撃を仕掛けた。",
            ("CYBER_OPERATION", "People's Liberation Army", "Japan"),
        ),
    ],
)
def test_events_anaphora_resolved(ctx: Context, text: str, expected: tuple[str, str, str | None]) -> None:
    found = _found(ctx, text)
    assert _has(found, expected), found


@pytest.fixture(scope="module")
def ctx(context: Context) -> Context:
    return context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 訪米中の, 訪中した, 来日し: the verb names the destination, and the meeting stands too
        (
            "訪米中の西村康稔経済産業相は10日、ワシントンで米通商代表と会談した。",
            [
                ("VISIT", "Yasutoshi Nishimura", "United States"),
                ("MEET", "Yasutoshi Nishimura", "United States"),
            ],
        ),
        (
            "訪中した米国のブリンケン国務長官は18日、北京で中国の王毅外相と会談した。",
            [("VISIT", "Antony Blinken", "China"), ("MEET", "Antony Blinken", "Wang Yi")],
        ),
        ("ドイツのショルツ首相は日本時間の5日夜に来日した。", [("VISIT", "Olaf Scholz", "Japan")]),
    ],
)
def test_events_destination_inside_the_visit_verb(
    ctx: Context, text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    found = _found(ctx, text)
    assert all(_has(found, want) for want in expected), found


def test_events_a_visit_asked_for_is_no_visit(ctx: Context) -> None:
    found = _found(ctx, "岸田文雄首相は、バイデン米大統領の早期訪日を要請した。")
    assert not any(t == "VISIT" for t, _, _ in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # をめぐる is no object: the owner of the act criticised is the target
        (
            "中国外務省の報道官は、台湾をめぐる米国の対応を非難した。",
            ("ACCUSE", "Ministry of Foreign Affairs of the People's Republic of China", "United States"),
        ),
        # と inside a relative clause on the real partner
        (
            "林芳正外相は10日、インドとの国境問題を抱えるネパールの国防相と会談した。",
            ("MEET", "Yoshimasa Hayashi", "Nepal"),
        ),
        # partners listed with と and ら: the first of the list
        ("林芳正外相は10日、日本と韓国の外交官らと会談した。", ("MEET", "Yoshimasa Hayashi", "Japan")),
        (
            "林芳正外相は10日、米国やオーストラリアと協議した。",
            ("MEET", "Yoshimasa Hayashi", "United States"),
        ),
        # parties given only in a compound of country abbreviations
        ("日印外相会談が15日、ニューデリーで開かれた。", ("MEET", "Japan", "India")),
        ("岸田文雄首相は10日、日米首脳会談に臨んだ。", ("MEET", "Fumio Kishida", "United States")),
    ],
)
def test_events_postpositions_mark_the_right_argument(
    ctx: Context, text: str, expected: tuple[str, str, str | None]
) -> None:
    found = _found(ctx, text)
    assert _has(found, expected), found


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # を通じて names the channel, not the one the measure is aimed at
        (
            "米国政府は商務省を通じて輸出規制を強化した。",
            ("EXPORT_CONTROL", "United States", "United States Department of Commerce"),
        ),
        # と共に names who acts along with the agent, not the partner
        (
            "林芳正外相は木原稔防衛相とともに日印閣僚会合に出席した。",
            ("MEET", "Yoshimasa Hayashi", "Minoru Kihara"),
        ),
        # について names the topic of talk, not the counterpart of a meeting
        ("林芳正外相は10日、中国について協議した。", ("MEET", "Yoshimasa Hayashi", "China")),
    ],
)
def test_events_postpositions_that_mark_no_argument(
    ctx: Context, text: str, wrong: tuple[str, str, str | None]
) -> None:
    found = _found(ctx, text)
    assert not _has(found, wrong), found


def test_a_title_alone_inside_a_sentence_is_the_storys_holder(context: Context) -> None:
    text = (
        "岸田文雄首相は30日、フランスのマクロン大統領と会談した。"
        "今回の訪仏はマクロン氏が前回会談で、地方を重視する首相にフランスの地方都市への訪問を要請していた。"
    )
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("REQUEST", "Emmanuel Macron", "Fumio Kishida") in found, found


def test_a_title_of_a_group_or_another_country_is_not_the_storys_holder(context: Context) -> None:
    text = (
        "茂木敏充外相は記者会見を開いた。"
        "日本と米国、オーストラリア、インドの4カ国の外相が、来週東京で会合を開くと発表した。"
    )
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert all(a1 != "Toshimitsu Motegi" for t, a1, _ in found if t == "PUBLISH"), found


def test_our_country_inside_a_quote_is_the_speakers(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(context, "台湾国防部は「我々は中国軍の演習を強く非難する」と述べた。")
    ]
    assert ("ACCUSE", "Ministry of National Defense (Taiwan)", "People's Liberation Army") in found, found


def test_one_act_told_by_the_body_and_inside_its_quote_as_its_country_is_one_event(context: Context) -> None:
    text = "日本の外務省は5日、中国の措置に抗議した。日本政府は「わが国は中国の措置に強く抗議した」と明らかにした。"
    protests = [(a1, a2) for t, a1, a2, _ in events_of(context, text) if t == "ACCUSE"]
    assert protests == [("Ministry of Foreign Affairs (Japan)", "China")], protests


def test_we_outside_a_quote_is_the_organisation_writing(context: Context) -> None:
    text = (
        "米サイバーセキュリティ企業のマンディアントは5日、報告書を公表した。中国と米国の緊張が続いている。"
        "私たちは中国の支援を受けるハッカー集団「APT41」による攻撃を確認し、注意喚起を出した。"
    )
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("ACCUSE", "Mandiant", "APT41") in found, found


def test_a_wire_dateline_leaves_the_acts_own_day(context: Context) -> None:
    text = "[東京 26日 ロイター] 防衛省は25日、中国海軍の艦艇が日本の領海に侵入したと発表した。"
    dates = [e.date for t, _, _, e in events_of(context, text) if t == "MILITARY_ACTION"]
    assert dates == ["2024-05-25"], dates


def test_whose_restraint_or_withdrawal_is_asked_is_asked(context: Context) -> None:
    found = [
        (t, a1, a2) for t, a1, a2, _ in events_of(context, "中国側が海自艦艇の自衛艦旗の掲揚自粛を求めた。")
    ]
    assert ("REQUEST", "China", "Japan Maritime Self-Defense Force") in found, found
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, "日本政府は中国の輸出規制の撤回を求めた。")]
    assert ("REQUEST", "Japan", "China") in found, found


def test_a_transcript_lines_label_speaks_its_sentences(context: Context) -> None:
    text = (
        "国防部の27日の定例記者会見で、蒋斌報道官が日本の与那国島へのミサイル配備について質問に答えた。\n"
        "【蒋報道官】台湾問題は中国の内政である。一線を越えるならば、日本は必ずや痛ましい代償を払うことになるだろう。"
    )
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("WARN", "Jiang Bin", "Japan") in found, found
    # the deployment asked about is no act of the spokesman's
    assert all(t != "MILITARY_ACTION" for t, _, _ in found), found


def test_an_incursion_protested_stays_an_event(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "木原稔防衛相は、ロシア軍機による日本領空への侵犯に対して抗議した。"
        )
    ]
    assert any(t == "MILITARY_ACTION" for t, _, _ in found), found
