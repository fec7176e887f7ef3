"""Events from real GiNZA parses of sentences written for these tests."""

from __future__ import annotations

import pytest

from kizashi import ids, nlp
from kizashi.entities.recognise import recognise
from kizashi.events.cues import MEASURES
from kizashi.events.extract import extract_events
from kizashi.events.taxonomy import load_taxonomy
from kizashi.pipeline import Context
from kizashi.records import Document, Entity, Event, Mention, Sentence, Story
from kizashi.text.normalise import normalise

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ctx(context: Context) -> Context:
    return context


def _recognise(ctx: Context, doc: Document) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    mentions, ents, _ = recognise(
        doc,
        gazetteer=ctx.gazetteer,
        matcher=ctx.matcher,
        titles=ctx.titles,
        romaniser=ctx.romaniser,
        is_common_word=ctx.analyser.is_common_word,
    )
    return mentions, ents


def _events(
    ctx: Context, text: str, date: str = "2024-05-26"
) -> list[tuple[str, str | None, str | None, Event]]:
    text = normalise(text)
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s1", doc_id=doc_id, index=0, start=0, end=len(text), text=text, pub_date=date)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date=date, stories=(story,))
    mentions, ents = _recognise(ctx, doc)
    spans = list(nlp.split_sentences(text))
    parsed = ctx.analyser.parse([(a, text[a:b]) for a, b in spans])
    sents = [
        Sentence(doc_id, "s1", a, b, text[a:b], toks) for (a, b), toks in zip(spans, parsed, strict=True)
    ]
    names = {e.entity_id: e.canonical for e in ents}
    events = extract_events(doc, sents, mentions, ents, taxonomy=ctx.taxonomy, titles=ctx.titles)
    return [(e.type, names.get(e.actor1 or ""), names.get(e.actor2 or ""), e) for e in events]


@pytest.mark.parametrize(
    ("text", "type_", "actor1", "actor2"),
    [
        (
            "中国の王文濤商務相は25日、レモンド米商務長官とワシントンで会談した。",
            "MEET",
            "Wang Wentao",
            "Gina Raimondo",
        ),
        ("林芳正外相は20日、ブリンケン米国務長官と電話会談した。", "MEET", "Yoshimasa Hayashi", None),
        (
            "米国務省は中国に対し、威圧的な行動をやめるよう求めた。",
            "REQUEST",
            "United States Department of State",
            "China",
        ),
        (
            "中国外務省は米国の主張を否定した。",
            "REJECT",
            "Ministry of Foreign Affairs of the People's Republic of China",
            None,
        ),
        (
            "米商務省は24日、中国企業をエンティティー・リストに追加した。",
            "EXPORT_CONTROL",
            "United States Department of Commerce",
            None,
        ),
    ],
)
def test_events_trigger_families_and_arguments(
    ctx: Context, text: str, type_: str, actor1: str, actor2: str | None
) -> None:
    found = [(t, a1, a2) for t, a1, a2, _ in _events(ctx, text)]
    match = next((f for f in found if f[0] == type_), None)
    assert match is not None, found
    assert match[1] == actor1
    if actor2 is not None:
        assert match[2] == actor2


def test_events_partner_hung_under_place_is_repaired(ctx: Context) -> None:
    # GiNZA attaches と to ワシントン here; the partner is read from the surface particle
    ev = next(
        e
        for t, _, _, e in _events(ctx, "王文濤商務相は25日、レモンド米商務長官とワシントンで会談した。")
        if t == "MEET"
    )
    assert ev.location is not None
    assert ev.date == "2024-05-25"
    assert ev.date_text == "25日"


def test_events_subject_shared_by_chained_clauses(ctx: Context) -> None:
    found = _events(
        ctx, "王文濤商務相は25日、レモンド米商務長官と会談し、米国の輸出管理に重大な懸念を表明した。"
    )
    concern = next(x for x in found if x[0] == "CONCERN")
    assert concern[1] == "Wang Wentao"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("オースティン米国防長官は来月、李尚福国防相と会談する予定だ。", "planned"),
        ("オースティン米国防長官が李尚福国防相と会談する可能性が出ている。", "possible"),
        ("米国務省は25日、中国と会談した。", "happened"),
    ],
)
def test_events_status_marking(ctx: Context, text: str, status: str) -> None:
    events = [e for t, _, _, e in _events(ctx, text) if t == "MEET"]
    assert events, text
    assert events[0].status == status


def test_events_every_event_explains_itself_and_quotes_evidence(ctx: Context) -> None:
    text = "米商務省は24日、中国企業をエンティティー・リストに追加したと発表した。"
    for _, _, _, ev in _events(ctx, text):
        assert ev.evidence == normalise(text)
        assert any(line.startswith("trigger:") for line in ev.explanation)
        assert 0.0 <= ev.confidence <= 1.0


# One sentence per event type, written for these tests: (text, type, actor1, actor2 or None for
# "no counterpart"). Every row asserts the exact pair, so a wrong counterpart fails.
FAMILIES = [
    ("王毅外相は日本の輸出管理について懸念を表明した。", "CONCERN", "Wang Yi", "Japan"),
    ("米国は北朝鮮に制裁を科した。", "SANCTION", "United States", "North Korea"),
    (
        "岸田文雄首相は10日、バイデン米大統領とホワイトハウスで会談した。",
        "MEET",
        "Fumio Kishida",
        "Joe Biden",
    ),
    ("インド訪問を終えた林芳正外相は4日、帰国した。", "VISIT", "Yoshimasa Hayashi", "India"),
    ("林芳正外相は3日、インドを訪問した。", "VISIT", "Yoshimasa Hayashi", "India"),
    ("日本とオーストラリアは5日、供給網の強化に向けた覚書に署名した。", "AGREE", "Japan", "Australia"),
    ("日本と米国は合同演習を実施した。", "COOPERATE", "Japan", "United States"),
    (
        "米国務省は中国に対し、威圧的な行動をやめるよう求めた。",
        "REQUEST",
        "United States Department of State",
        "China",
    ),
    (
        "中国外務省は米国の対中政策を批判した。",
        "ACCUSE",
        "Ministry of Foreign Affairs of the People's Republic of China",
        "United States",
    ),
    ("中国政府はハッキング疑惑について、米国による偽情報だと否定した。", "REJECT", "China", "United States"),
    (
        "米国務省は、北朝鮮がサイバー攻撃を続けていると警告した。",
        "WARN",
        "United States Department of State",
        "North Korea",
    ),
    (
        "米商務省は中国向けの先端半導体の輸出規制を強化した。",
        "EXPORT_CONTROL",
        "United States Department of Commerce",
        "China",
    ),
    ("米国は中国への投資規制を強化した。", "INVESTMENT_SCREENING", "United States", "China"),
    ("米政府はファーウェイ製品の調達を禁止した。", "PROCUREMENT_BAN", "United States", None),
    (
        "北朝鮮のハッカー集団ラザルスが日本の企業にサイバー攻撃を仕掛けた。",
        "CYBER_OPERATION",
        "Lazarus Group",
        "Japan",  # the owner of what is attacked
    ),
    (
        "中国軍は台湾周辺で大規模な軍事演習を実施した。",
        "MILITARY_ACTION",
        "People's Liberation Army",
        "Taiwan",
    ),
    (
        "米国家安全保障局は20日、中国の攻撃手法をまとめた報告書を公表した。",
        "PUBLISH",
        "National Security Agency",
        None,
    ),
    ("ファーウェイは新型スマートフォンを公開した。", "PRODUCT_RELEASE", "Huawei", None),
]


@pytest.mark.parametrize(("text", "type_", "actor1", "actor2"), FAMILIES)
def test_events_one_sentence_per_family(
    ctx: Context, text: str, type_: str, actor1: str, actor2: str | None
) -> None:
    found = [(t, a1, a2) for t, a1, a2, _ in _events(ctx, text, date="2022-05-26")]
    assert (type_, actor1, actor2) in found or (
        type_ in {"MEET", "AGREE", "COOPERATE"} and (type_, actor2, actor1) in found
    ), found


def test_events_families_cover_the_taxonomy() -> None:
    assert {row[1] for row in FAMILIES} == set(load_taxonomy().types)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # AとBは: と right before the next name joins a list of subjects
        ("米国と日本は10日、韓国と足並みを揃えた。", ("AGREE", "United States", "South Korea")),
        # a measure aimed at whoever it targets: 中国のAIを標的とした輸出規制
        (
            "米政府は中国のAI開発を標的とした輸出規制を導入した。",
            ("EXPORT_CONTROL", "United States", "China"),
        ),
        # ハッカー集団 in a story naming one threat group is that group
        (
            "ボルト・タイフーンが活動している。米マイクロソフトは、中国系のハッカー集団が米国の通信網にスパイ活動を行っていると発表した。",
            ("CYBER_OPERATION", "Volt Typhoon", "United States"),
        ),
        # a gathering one party attends is a meeting without a named counterpart
        (
            "オースティン米国防長官は6月2日から開かれる国際会議に出席する予定だ。",
            ("MEET", "Lloyd Austin", None),
        ),
        # passive: the one named with から acts, the subject undergoes it
        (
            "ロシアのプーチン大統領は欧州連合から制裁を科された。",
            ("SANCTION", "European Union", "Vladimir Putin"),
        ),
        # a request: the subject inside what is asked is the one asked
        ("日本政府は中国が邦人を早期に解放するよう求めた。", ("REQUEST", "Japan", "China")),
        ("米国側から日本に協議の開催を打診した。", ("REQUEST", "United States", "Japan")),
        # clauses chained by し、 share their target
        (
            "中国外務省は声明を非難し、日本に撤回を迫った。",
            ("ACCUSE", "Ministry of Foreign Affairs of the People's Republic of China", "Japan"),
        ),
        # 両国 after a meeting of two leaders: their countries agree
        (
            "日本の岸田首相は米国のバイデン大統領と会談した。両国は半導体の供給網で連携することで合意した。",
            ("AGREE", "Japan", "United States"),
        ),
        # a policy toward a third country raised with a partner: the partner's country
        (
            "林芳正外相は秦剛外相と会談し、中国に対する政策を巡る懸念を提起した。",
            ("CONCERN", "Yoshimasa Hayashi", "China"),
        ),
        # a body of an actor speaks for it: 中国外務省の報道官は
        (
            "中国外務省の報道官は4日、米国の決定を非難した。",
            ("ACCUSE", "Ministry of Foreign Affairs of the People's Republic of China", "United States"),
        ),
        # a request quoted: the one quoted asks, the subject inside is asked
        (
            "中国商務省の報道官は「日本側が誤りを直ちに正すよう求める」と反発した。",
            ("REQUEST", "Ministry of Commerce of the People's Republic of China", "Japan"),
        ),
        # the が-subject of a こと-clause is not the speaker
        (
            "中国外務省の報道官は記者会見で、日本の警察庁が攻撃を発表したことについて否定した。",
            ("REJECT", "Ministry of Foreign Affairs of the People's Republic of China", None),
        ),
        # …てほしいと促した: the subject inside is asked, the earlier one asks
        ("中国政府は、米国が約束を行動で示してほしいと促した。", ("REQUEST", "China", "United States")),
    ],
)
def test_events_parse_repairs(ctx: Context, text: str, expected: tuple[str, str, str | None]) -> None:
    found = [(t, a1, a2) for t, a1, a2, _ in _events(ctx, text, date="2022-05-26")]
    assert expected in found, found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("北京はこの提案を非難した。", "REQUEST"),  # この提案 points back at a told event
        ("米国は日本と会談できるよう打診した。", "MEET"),  # what is asked for, not what happened
        ("米国務省は、中国がサイバー攻撃を仕掛ける能力があると警告した。", "CYBER_OPERATION"),
        ("米国家安全保障局は企業がサイバー攻撃を探知する手法を公表した。", "CYBER_OPERATION"),
        ("輸出規制を担当するエステベス米商務次官は12日、講演した。", "EXPORT_CONTROL"),
        ("台湾国防部は訓練をメディアに公開した。", "PRODUCT_RELEASE"),
        ("林芳正外相は会談で懸念を表明した。", "MEET"),  # the meeting as setting, told before
        ("王毅外相は米国の輸出管理などに対して懸念を示した。", "EXPORT_CONTROL"),  # what concern is about
        ("中国は米国の輸出規制を迂回した。", "EXPORT_CONTROL"),  # circumvented, not imposed
        ("米国は東京で行われた会合の後、声明を出した。", "MEET"),  # a meeting as a time
        ("日米両政府は協力する覚書に署名した。", "COOPERATE"),  # 協力する modifies 覚書
        ("韓国も新たな輸出規制について議論する。", "EXPORT_CONTROL"),  # a topic of talk
        (
            "米国が規制に言及したが、新型スマートフォンを発売した。",
            "PRODUCT_RELEASE",
        ),  # 米国 closes its clause
    ],
)
def test_events_triggers_that_report_no_event(ctx: Context, text: str, absent: str) -> None:
    found = [t for t, _, _, _ in _events(ctx, text, date="2022-05-26")]
    assert absent not in found, found


def test_events_status_ends_at_the_clause(ctx: Context) -> None:
    text = "林芳正外相は秦剛外相と会談した際、中国は譲歩しないと述べた。"
    meet = next(e for t, _, _, e in _events(ctx, text, date="2023-03-01") if t == "MEET")
    assert meet.status == "happened"  # しない belongs to the reported clause


def test_events_undated_statement_takes_the_news_day(ctx: Context) -> None:
    text = (
        "米国務省は25日、中国を批判した。マイクロソフトは24日に報告書を公表した。中国外務省はこれを否定した。"
    )
    found = {t: e for t, _, _, e in _events(ctx, text, date="2024-05-26")}
    assert found["PUBLISH"].date == "2024-05-24"
    assert found["REJECT"].date == "2024-05-25"  # the story's news day, not the last date told


def test_events_a_relative_clause_does_not_move_a_signing_ahead(ctx: Context) -> None:
    text = "日本とオーストラリアは5日、供給網で協力する覚書に署名した。"
    agree = next(e for t, _, _, e in _events(ctx, text, date="2024-05-26") if t == "AGREE")
    assert agree.date == "2024-05-05"


def test_events_a_clause_with_its_own_subject_takes_no_carried_one(ctx: Context) -> None:
    text = "米国務省は25日、中国を批判した。台湾総統府の報道官は「中国は挑発をやめるべきだ」と非難した。"
    accuse = [(a1, e.evidence) for t, a1, _, e in _events(ctx, text) if t == "ACCUSE"]
    assert all(
        not ev.startswith("台湾総統府") or a1 != "United States Department of State" for a1, ev in accuse
    )


def test_events_announced_plans_keep_the_announcement_day(ctx: Context) -> None:
    text = "米商務省は2日、中国への先端半導体の輸出規制を強化すると発表した。"
    found = {t: e for t, _, _, e in _events(ctx, text, date="2024-12-03")}
    assert found["EXPORT_CONTROL"].date == "2024-12-02"
    assert "PUBLISH" not in found  # the announcement tells the act: no event of its own
    assert "source: 発表" in found["EXPORT_CONTROL"].explanation


def test_events_same_day_resolves_to_the_story_day(ctx: Context) -> None:
    text = "林芳正官房長官は3日、中国の措置を批判した。中国外務省の報道官は同日の記者会見で反発した。"
    reject = next(e for t, _, _, e in _events(ctx, text, date="2024-12-04") if t == "REJECT")
    assert (reject.date, reject.date_text) == ("2024-12-03", "同日")


def test_events_a_rejection_that_cannot_be_made_is_none(ctx: Context) -> None:
    found = [
        t
        for t, _, _, _ in _events(
            ctx, "石破茂首相は4日、「懸念の声が上がっていることは否定できない」と述べた。"
        )
    ]
    assert "REJECT" not in found


def test_events_an_inferred_date_yields_to_one_another_report_states(ctx: Context) -> None:
    # two stories of one page report the same statement; the second only infers its date
    first = "中国商務省は26日、声明を発表した。"
    second = "王文濤商務相は25日、レモンド米商務長官と会談した。中国商務省はその後、声明を発表した。"
    text = normalise(first + "\n" + second)
    doc_id = ids.doc_id("", text)
    cut = text.index("\n") + 1
    stories = (
        Story("s1", doc_id, 0, 0, cut, text[:cut], pub_date="2023-05-27"),
        Story("s2", doc_id, 1, cut, len(text), text[cut:], pub_date="2023-05-27"),
    )
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date="2023-05-27", stories=stories)
    mentions, ents = _recognise(ctx, doc)
    spans = list(nlp.split_sentences(text))
    parsed = ctx.analyser.parse([(a, text[a:b]) for a, b in spans])
    sents = [
        Sentence(doc_id, "s1" if a < cut else "s2", a, b, text[a:b], toks)
        for (a, b), toks in zip(spans, parsed, strict=True)
    ]
    published = [
        e
        for e in extract_events(doc, sents, mentions, ents, taxonomy=ctx.taxonomy, titles=ctx.titles)
        if e.type == "PUBLISH"
    ]
    assert len(published) == 2
    assert {e.date for e in published} == {"2023-05-26"}
    assert any("as another report of it states" in line for e in published for line in e.explanation)


def test_events_measures_are_the_taxonomys_measure_family() -> None:
    tax = load_taxonomy()
    assert {t for t in tax.types if tax.family(t) == "MEASURE"} == MEASURES


def test_events_partner_with_a_reading_in_brackets_then_a_title(ctx: Context) -> None:
    """尹錫悦(ユン・ソンニョル)大統領と会談: the title after the reading is skipped to find と."""
    got = _events(ctx, "岸田文雄首相は10日、韓国の尹錫悦(ユン・ソンニョル)大統領と東京で会談した。")
    meets = [(a1, a2) for type_, a1, a2, _ in got if type_ == "MEET"]
    assert meets
    assert meets[0][0] == "Fumio Kishida"
    assert meets[0][1] is not None
    assert meets[0][1].startswith("Yoon")
