"""Event vocabulary beyond the first five pages (issue 14, phenomena 1 and 6), on sentences
written for these tests: agreement, criticism, threats, allegations, incursions and listings told
in other words; triggers that name no event of their own."""

from __future__ import annotations

import pytest

from kizashi.events.cues import not_an_event
from kizashi.pipeline import Context
from kizashi.records import Event
from kizashi.text.normalise import normalise
from tests.event_text import events_of


def _events(ctx: Context, text: str) -> list[tuple[str, str | None, str | None, Event]]:
    return events_of(ctx, text)


def _has(
    found: list[tuple[str, str | None, str | None, Event]], expected: tuple[str, str, str | None]
) -> bool:
    type_, a1, a2 = expected
    pairs = {(t, x, y) for t, x, y, _ in found}
    return (type_, a1, a2) in pairs or (type_ in {"MEET", "AGREE", "COOPERATE"} and (type_, a2, a1) in pairs)


# Phenomenon 1: event verbs and nouns outside the first vocabulary
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # agreement told as 確認した, 申し合わせた, ことにした
        (
            "日本とオーストラリアは10日、重要鉱物の供給網で連携を強化していくことを改めて確認した。",
            ("AGREE", "Japan", "Australia"),
        ),
        (
            "林芳正外相はブリンケン米国務長官と会談し、北朝鮮への対応で緊密に連携することを申し合わせた。",
            ("AGREE", "Yoshimasa Hayashi", "Antony Blinken"),
        ),
        (
            "日本はフィリピンと、防衛装備品の移転に向けて協議を始めることにした。",
            ("AGREE", "Japan", "Philippines"),
        ),
        # criticism told as a verdict: 断じた, 悪質だ
        (
            "米国務省は、中国による台湾周辺での演習を「挑発的で不当だ」と断じた。",
            ("ACCUSE", "United States Department of State", "China"),
        ),
        (
            "日本外務省は、ロシアによるサイバー攻撃は極めて悪質だと述べた。",
            ("ACCUSE", "Ministry of Foreign Affairs (Japan)", "Russia"),
        ),
        # threats told as consequences
        (
            "ロシア外務省は、資産凍結に加わる国には相応の代償を払わせると表明した。",
            ("WARN", "Ministry of Foreign Affairs (Russia)", None),
        ),
        (
            "中国商務省は、規定に違反した企業の責任を問うと表明した。",
            ("WARN", "Ministry of Commerce of the People's Republic of China", None),
        ),
        # an allegation noun; a breach pointed out
        (
            "米司法省は、中国企業が対イラン制裁に違反した疑いがあると発表した。",
            ("ACCUSE", "United States Department of Justice", None),
        ),
        (
            "韓国政府は、北朝鮮のミサイル発射は国連安保理決議違反だと指摘した。",
            ("ACCUSE", "South Korea", "North Korea"),  # whose launch is called a breach
        ),
        # done together, cooperation considered
        (
            "日本は米国と共同で、サイバー攻撃の手口をまとめた報告書を公表した。",
            ("COOPERATE", "Japan", "United States"),
        ),
        ("日本とインドは、宇宙分野での協力を検討している。", ("COOPERATE", "Japan", "India")),
        # listings in Latin script or told by their verb
        (
            "米商務省は、中国のドローン大手をEntity Listに加えた。",
            ("EXPORT_CONTROL", "United States Department of Commerce", None),
        ),
        (
            "米商務省は、ロシアの企業10社を禁輸対象のリストに追加した。",
            ("SANCTION", "United States Department of Commerce", "Russia"),
        ),
    ],
)
def test_event_vocabulary_reads_the_event(
    context: Context, text: str, expected: tuple[str, str, str | None]
) -> None:
    found = _events(context, text)
    assert _has(found, expected), [(t, a, b) for t, a, b, _ in found]


@pytest.mark.slow
def test_event_vocabulary_cooperation_considered_is_possible(context: Context) -> None:
    found = _events(context, "日本とインドは、宇宙分野での協力を検討している。")
    assert [e.status for t, _, _, e in found if t == "COOPERATE"] == ["possible"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_"),
    [
        # incursions are military acts, not network intrusions
        ("ロシア軍機が北海道沖で日本の領空を侵犯した。", "MILITARY_ACTION"),
        ("中国海警局の船が尖閣諸島周辺の領海に侵入した。", "MILITARY_ACTION"),
    ],
)
def test_event_vocabulary_incursion_is_no_cyber_operation(context: Context, text: str, type_: str) -> None:
    hits = context.taxonomy.find(normalise(text))
    assert [h.trigger.type for h in hits] == [type_]
    assert "CYBER_OPERATION" not in [t for t, _, _, _ in _events(context, text)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a fact verified is no agreement
        ("海上保安庁は、中国海警局の船が領海に侵入したことを確認した。", "AGREE"),
        # a description is no verdict
        ("不審な送信元から悪質なメールが届いた。", "ACCUSE"),
        # a physical entry, told in a quotation, is no cyber operation
        ("外務省は中国大使館に「日本の島への侵入は受け入れられない」と抗議した。", "CYBER_OPERATION"),
    ],
)
def test_event_vocabulary_near_misses_report_no_such_event(context: Context, text: str, absent: str) -> None:
    assert absent not in [t for t, _, _, _ in _events(context, text)]


# Phenomenon 6: triggers that name no event of their own
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # the content of an agreement is the agreement, one AGREE
        ("岸田首相はバイデン大統領と会談し、半導体分野での協力を強化することで一致した。", "COOPERATE"),
        # an aim
        ("米国は、日本との連携を強化する狙いだ。", "COOPERATE"),
        # a step not reached
        ("警察庁は、攻撃した国を名指しで非難する段階には至っていないとしている。", "ACCUSE"),
        # an event that did not take place
        ("林芳正外相は、王毅外相との会談が実現しなかったと述べた。", "MEET"),
        # not ruled out is no ban
        (
            "日本政府は、中国製ドローンの調達見直しについて、あらゆる可能性を排除しないと述べた。",
            "PROCUREMENT_BAN",
        ),
        ("米政府は、中国製通信機器を政府調達から排除しない方針だ。", "PROCUREMENT_BAN"),
        # a hypothetical
        ("米国が輸出規制を強化すれば、中国は対抗すると述べた。", "EXPORT_CONTROL"),
        # an explanatory aside
        (
            "米政府は中国製品の排除を検討している。(デリスキングとは?中国が日本への輸出規制を強化する事態に備え、調達先を分散することだ。)",
            "EXPORT_CONTROL",
        ),
    ],
)
def test_event_vocabulary_trigger_names_no_event(context: Context, text: str, absent: str) -> None:
    assert absent not in [t for t, _, _, _ in _events(context, text)]


@pytest.mark.slow
def test_event_vocabulary_agreed_content_keeps_the_agreement(context: Context) -> None:
    found = _events(context, "岸田首相はバイデン大統領と会談し、半導体分野での協力を強化することで一致した。")
    assert _has(found, ("AGREE", "Fumio Kishida", "Joe Biden"))


@pytest.mark.parametrize(
    ("text", "trigger", "type_", "why"),
    [
        ("両国は協力を強化することで一致した。", "協力を強化", "COOPERATE", "the content of an agreement"),
        ("両国は連携強化で改めて合意した。", "連携強化", "COOPERATE", "the content of an agreement"),
        ("米国は規制強化の狙いがある。", "規制強化", "EXPORT_CONTROL", "an aim, not an act"),
        ("政府は非難する段階には至っていない。", "非難", "ACCUSE", "a step not reached"),
        ("両首脳の会談は実現しなかった。", "会談", "MEET", "an event that did not take place"),
        ("予定していた訪問を見送った。", "訪問", "VISIT", "an event that did not take place"),
        ("政府は中国企業の排除はしない。", "排除", "PROCUREMENT_BAN", "not ruled out, no ban"),
        ("政府は調達からの除外の可能性を排除した。", "排除", "PROCUREMENT_BAN", "not ruled out, no ban"),
        ("日本が制裁を科した場合、報復する。", "制裁", "SANCTION", "a hypothetical"),
        ("経済安保とは?輸出規制など国の備えのことだ。", "輸出規制", "EXPORT_CONTROL", "an explanatory aside"),
        ("公船が領海の島に侵入した。", "侵入", "CYBER_OPERATION", "a physical incursion, not a cyber one"),
    ],
)
def test_event_vocabulary_cues_say_why(text: str, trigger: str, type_: str, why: str) -> None:
    start = text.index(trigger)
    assert not_an_event(text, start, start + len(trigger), type_) == why


@pytest.mark.parametrize(
    ("text", "trigger", "type_"),
    [
        ("両国は協力を強化した。", "協力を強化", "COOPERATE"),  # done, no agreement around it
        ("政府は同社製品を排除した。", "排除", "PROCUREMENT_BAN"),  # a ban
        ("米国は輸出規制を強化した。", "輸出規制", "EXPORT_CONTROL"),
        ("攻撃者がネットワークに侵入した。", "侵入", "CYBER_OPERATION"),  # a network intrusion
        ("両首脳の会談が実現した。", "会談", "MEET"),
    ],
)
def test_event_vocabulary_cues_keep_real_events(text: str, trigger: str, type_: str) -> None:
    start = text.index(trigger)
    assert not_an_event(text, start, start + len(trigger), type_) is None


@pytest.mark.parametrize(
    ("text", "cyber"),
    [
        ("ハッカー集団が防衛関連企業のネットワークに侵入した。", True),
        ("攻撃者はVPN機器に侵入し、機密情報を盗み出した。", True),
        ("中国海警局の船が尖閣諸島周辺の領海に侵入した。", False),  # an incursion, not an intrusion
        ("不審な船が港への侵入を試みた。", False),
    ],
)
def test_event_vocabulary_an_intrusion_needs_a_computer(context: Context, text: str, cyber: bool) -> None:
    hits = context.taxonomy.find(normalise(text))
    assert ("CYBER_OPERATION" in [h.trigger.type for h in hits]) is cyber, hits


@pytest.mark.parametrize(
    ("text", "meets"),
    [
        ("外相は国務長官と会った。", True),
        ("弁護士が取り調べに立ち会った。", False),
        ("二人は大学で出会った。", False),
    ],
)
def test_event_vocabulary_the_plain_verb_of_meeting(context: Context, text: str, meets: bool) -> None:
    hits = context.taxonomy.find(normalise(text))
    assert ("MEET" in [h.trigger.type for h in hits]) is meets, hits


def test_measures_listed_as_what_a_concern_is_about_are_no_measures(context: Context) -> None:
    found = [
        t
        for t, _, _, _ in events_of(
            context, "英国外務省は、中国の輸出規制、投資規制などに対して強い懸念を示した。"
        )
    ]
    assert "CONCERN" in found, found
    assert "EXPORT_CONTROL" not in found, found


def test_what_a_signed_text_provides_for_is_its_content(context: Context) -> None:
    found = [
        t
        for t, _, _, _ in events_of(
            context, "英仏両政府は、サイバー分野での協力を強化する覚書に近く署名する予定だ。"
        )
    ]
    assert "AGREE" in found, found
    assert "COOPERATE" not in found, found


def test_live_fire_and_cooperation_told_with_a_verb_of_doing(context: Context) -> None:
    found = [(t, a1) for t, a1, _, _ in events_of(context, "陸上自衛隊が地対艦誘導弾の実弾射撃を実施した。")]
    assert ("MILITARY_ACTION", "Japan Ground Self-Defense Force") in found, found
    found3 = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "豪国防省、三菱電機、BAEシステムズが最先端レーザー技術で前例のない協力を進めている。"
        )
    ]
    assert ("COOPERATE", "Department of Defence (Australia)", "Mitsubishi Electric") in found3, found3


def test_attacks_opposed_and_press_conferences_are_no_events(context: Context) -> None:
    found = [
        t
        for t, _, _, _ in events_of(
            context, "中国外務省は「中国はいかなる形のサイバー攻撃にも反対する」と述べた。"
        )
    ]
    assert "CYBER_OPERATION" not in found, found
    found = [
        t
        for t, _, _, _ in events_of(
            context, "岩屋毅外相は会談後の共同記者発表で「協力を進めることが重要だ」と述べた。"
        )
    ]
    assert "PUBLISH" not in found, found


def test_tightened_export_management_and_import_bans(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "経済産業省は、フッ化水素など3品目の韓国向け輸出の管理を厳格化すると発表した。"
        )
    ]
    assert ("EXPORT_CONTROL", "Ministry of Economy, Trade and Industry", "South Korea") in found, found
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "中国外務省の報道官は、日本の水産物の輸入を全面的に停止すると発表した。"
        )
    ]
    assert ("SANCTION", "Ministry of Foreign Affairs of the People's Republic of China", "Japan") in found, (
        found
    )


def test_an_indictment_accuses_the_group_whose_members_are_charged(context: Context) -> None:
    text = "米司法省は、中国政府の支援を受けるハッカー集団「APT31」のメンバー7人を起訴したと発表した。"
    found = [(t, a1, a2) for t, a1, a2, _ in events_of(context, text)]
    assert ("ACCUSE", "United States Department of Justice", "APT31") in found, found


def test_the_waters_of_an_incursion_are_not_its_doer(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(context, "中国海警局の船4隻が尖閣諸島周辺の日本の領海に侵入した。")
    ]
    assert ("MILITARY_ACTION", "China Coast Guard", "Japan") in found, found


def test_a_visit_clause_describes_its_visitor(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "中国の習近平国家主席は、訪中したブラジルのルラ大統領と北京で会談した。"
        )
    ]
    assert ("VISIT", "Luiz Inácio Lula da Silva", "China") in found, found
    assert ("VISIT", "Xi Jinping", "China") not in found, found


def test_strikes_and_listings_told_as_sanctions_targets(context: Context) -> None:
    found = [
        (t, a1)
        for t, a1, _, _ in events_of(context, "ロシアはウクライナ東部の都市に大規模なミサイル攻撃を行った。")
    ]
    assert ("MILITARY_ACTION", "Russia") in found, found
    found3 = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "EUは、ロシアへの制裁に違反したとして中国企業3社を制裁対象に加えた。"
        )
    ]
    assert found3 == [("SANCTION", "European Union", "China")], found3


def test_opposition_stated_to_another_s_act_and_not_in_general(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "中国国防省は、米国による台湾への武器売却に強く反対すると表明した。"
        )
    ]
    assert (
        "REJECT",
        "Ministry of National Defense of the People's Republic of China",
        "United States",
    ) in found, found
    assert ("MILITARY_ACTION", "United States", None) in found, found  # the sale opposed is told as done
    found = [
        t
        for t, _, _, _ in events_of(
            context, "中国外務省は「中国はいかなる形のサイバー攻撃にも反対する」と述べた。"
        )
    ]
    assert found == [], found
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(context, "日米両国は、力による現状変更に反対することで一致した。")
    ]
    assert [t for t, _, _ in found] == ["AGREE"], found


def test_an_act_named_as_the_topic_of_a_warning_is_not_the_speakers(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "習近平国家主席は米国に対し台湾への武器供与について「慎重に対応せよ」と警告した。"
        )
    ]
    assert ("WARN", "Xi Jinping", "United States") in found, found
    assert all(t != "MILITARY_ACTION" for t, _, _ in found), found


def test_a_compound_named_as_what_is_criticised(context: Context) -> None:
    found = [
        (t, a1, a2)
        for t, a1, a2, _ in events_of(
            context, "北朝鮮外務省は談話を発表し、米韓合同軍事演習を「侵略戦争の予行演習」と非難した。"
        )
    ]
    assert ("ACCUSE", "Ministry of Foreign Affairs (North Korea)", "United States") in found, found
