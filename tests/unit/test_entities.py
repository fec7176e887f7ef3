from __future__ import annotations

import pytest

from kizashi import ids
from kizashi.entities.recognise import recognise
from kizashi.pipeline import Context
from kizashi.records import Document, Entity, Mention, Story


def _run(
    context: Context, text: str, date: str | None = "2023-05-26"
) -> tuple[list[Mention], dict[str, Entity]]:
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s", doc_id=doc_id, index=0, start=0, end=len(text), text=text)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date=date, stories=(story,))
    mentions, ents, _roles = recognise(
        doc,
        morphemes=context.analyser.morphemes(text),
        gazetteer=context.gazetteer,
        matcher=context.matcher,
        titles=context.titles,
        romaniser=context.romaniser,
        is_common_word=context.analyser.is_common_word,
        name_parts=context.name_parts,
    )
    return list(mentions), {e.entity_id: e for e in ents}


def _linked(context: Context, text: str) -> dict[str, str]:
    mentions, ents = _run(context, text)
    return {m.text: ents[m.entity_id].canonical for m in mentions}


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("中国の王文濤商務相は会談した。", "王文濤", "Wang Wentao"),
        ("中国の王文涛商務相は会談した。", "王文涛", "Wang Wentao"),
        (
            "サイバーセキュリティ・インフラストラクチャー・セキュリティー庁(CISA)が発表した。",
            "CISA",
            "Cybersecurity and Infrastructure Security Agency",
        ),
        ("ファーウェイは否定した。", "ファーウェイ", "Huawei"),
    ],
)
def test_entities_spelling_variants_link_to_one_entity(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    assert _linked(context, text)[surface] == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("レモンド米商務長官が述べた。", {"米": "United States"}),
        ("日米韓の首脳が会談した。", {"日": "Japan", "米": "United States", "韓": "South Korea"}),
        ("25日に米中が協議した。", {"米": "United States", "中": "China"}),
        ("米中共同声明を読み返した。", {"米": "United States", "中": "China"}),
        ("日豪共同宣言に署名した。", {"日": "Japan", "豪": "Australia"}),
    ],
)
def test_entities_country_abbreviations_in_compounds(
    context: Context, text: str, expected: dict[str, str]
) -> None:
    linked = _linked(context, text)
    for surface, canonical in expected.items():
        assert linked[surface] == canonical


@pytest.mark.parametrize(
    "text",
    [
        "新米の価格が上がった。",
        "期間中に発表した。",
        "25日に発表した。",
        "対GDP比軍事費を引き上げる。",
        "前年比韓国向けが伸びた。",
        "同日朝に発表した。",
        "欧米の企業が撤退した。",
    ],
)
def test_entities_abbreviation_chars_in_ordinary_words_are_not_countries(context: Context, text: str) -> None:
    assert not any(len(s) == 1 for s in _linked(context, text))


def test_entities_name_and_title_split_with_role_from_gazetteer(context: Context) -> None:
    mentions, ents = _run(context, "中国の王文濤商務相は25日、会談した。")
    wang = next(m for m in mentions if m.text == "王文濤")
    assert wang.role == "商務相"
    assert ents[wang.entity_id].canonical == "Wang Wentao"


def test_entities_surname_with_title_links_to_person_met_earlier(context: Context) -> None:
    linked = _linked(context, "中国の王文濤商務相は会談した。その後、王商務相は懸念を示した。")
    assert linked["王商務相"] == "Wang Wentao"


def test_entities_unknown_person_with_latin_spelling_becomes_canonical(
    context: Context,
) -> None:
    mentions, ents = _run(
        context,
        "担当副次官補のジョナサン・ケラーマン氏(Jonathan Kellerman)が出席した。ケラーマン副次官補は述べた。",
    )
    names = {m.text: ents[m.entity_id] for m in mentions}
    person = names["ジョナサン・ケラーマン"]
    assert person.canonical == "Jonathan Kellerman"
    assert not person.linked
    assert names["ケラーマン副次官補"].entity_id == person.entity_id


def test_entities_unknown_chinese_name_with_title_is_romanised_in_pinyin(
    context: Context,
) -> None:
    mentions, ents = _run(context, "中国軍の副主任である葉江少将と会談した。")
    ye = next(m for m in mentions if m.text == "葉江")
    assert ents[ye.entity_id].canonical == "Ye Jiang"


def test_entities_mention_offsets_match_text(context: Context) -> None:
    text = "米国務省は25日、中国がサイバー攻撃能力を有すると警告した。NATOも懸念を示した。"
    mentions, _ = _run(context, text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_entities_concept_acronyms_are_not_organisations(context: Context) -> None:
    linked = _linked(context, "企業はデジタルトランスフォーメーション(DX)を進める。")
    assert "DX" not in linked


def test_entities_country_abbreviations_are_the_gazetteers(context: Context) -> None:
    # one list of one-kanji country abbreviations: the gazetteer's `abbrev` fields (#12)
    from_data = {c for e in context.gazetteer.entries.values() for c in e.abbrev}
    assert context.gazetteer.abbreviations == from_data
    assert context.titles.abbreviations == from_data
    assert {
        "米",
        "中",
        "日",
        "韓",
        "朝",
        "露",
        "英",
        "仏",
        "独",
        "豪",
        "印",
        "台",
        "加",
        "伊",
        "蘭",
        "欧",
    } <= from_data


@pytest.mark.parametrize(
    ("text", "later"),
    [
        ("トルドー加首相は述べた。その後トルドー加首相は会見した。", "トルドー"),
        ("マルコス比大統領は述べた。マルコス比大統領は会見した。", "マルコス"),
        ("ファム・ミン・チン越首相は述べた。チン越首相は会見した。", "チン"),
    ],
)
def test_entities_title_led_by_a_country_abbreviation_stays_outside_a_later_mention(
    context: Context, text: str, later: str
) -> None:
    mentions, ents = _run(context, text)
    second = text.index("。") + 1
    person = next(m for m in mentions if m.start >= second and ents[m.entity_id].type == "PERSON")
    assert person.text == later
    country = next(m for m in mentions if m.start >= second and ents[m.entity_id].type == "GPE")
    assert person.end <= country.start  # the country abbreviation is its own mention, not inside the name


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("欧州連合は制裁を採択した。", "欧州連合", "European Union"),
        ("欧州委員会は声明を出した。", "欧州委員会", "European Commission"),
        ("日欧首脳会談が開かれた。", "欧", "European Union"),
    ],
)
def test_entities_eu_abbreviation_only_in_compounds(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    linked = _linked(context, text)
    assert linked[surface] == canonical
    assert all(s == surface or len(s) == 1 for s in linked)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("ロシアによるウクライナ侵攻は3年目に入った。", {"ロシア": "Russia", "ウクライナ": "Ukraine"}),
        ("中国共産党大会の開幕を前に警備が強まった。", {"中国共産党": "Chinese Communist Party"}),
    ],
)
def test_entities_actors_inside_an_event_name_are_mentions(
    context: Context, text: str, actors: dict[str, str]
) -> None:
    mentions, ents = _run(context, text)
    by_text = {m.text: ents[m.entity_id] for m in mentions}
    assert any(e.type == "EVENT" for e in by_text.values())  # the event keeps its own name
    for surface, canonical in actors.items():
        assert by_text[surface].canonical == canonical


def test_entities_actor_names_still_win_over_the_names_inside_them(context: Context) -> None:
    mentions, _ents = _run(context, "日本航空は運航を再開した。")
    assert [m.text for m in mentions] == ["日本航空"]


@pytest.mark.parametrize(
    ("text", "person", "canonical", "country"),
    [
        ("ナレンドラ・モディ・インド首相は演説した。", "ナレンドラ・モディ", "Narendra Modi", "インド"),
        ("マクロン・フランス大統領は演説した。", "マクロン", "Emmanuel Macron", "フランス"),
    ],
)
def test_entities_country_between_a_name_and_its_title_is_no_part_of_the_name(
    context: Context, text: str, person: str, canonical: str, country: str
) -> None:
    mentions, ents = _run(context, text)
    by_text = {m.text: ents[m.entity_id] for m in mentions}
    assert by_text[person].canonical == canonical
    assert by_text[country].type == "GPE"
    assert set(by_text) == {person, country}


def test_entities_unknown_katakana_name_before_country_and_title(context: Context) -> None:
    mentions, ents = _run(context, "ピエール・ルノワール・フランス外相は演説した。")
    by_text = {m.text: ents[m.entity_id] for m in mentions}
    assert by_text["ピエール・ルノワール"].type == "PERSON"
    assert by_text["フランス"].canonical == "France"


@pytest.mark.parametrize(
    "text",
    [
        "【ソウル聯合ニュース】韓国政府は1日、新たな方針を示した。",
        "date 2024-05-02【5月2日AFP】中国政府は声明を出した。",
        "米国は追加の制裁を科した。(ロイター)",
        "（台北中央社）国防部は演習の実施を発表した。",
        "(ニュース提供元:時事通信社)",
        "写真:ロイター\n米国は追加の制裁を科した。",
        "共同通信\n韓国政府は1日、新たな方針を示した。",
    ],
)
def test_entities_outlet_that_only_credits_the_story_is_no_mention(context: Context, text: str) -> None:
    mentions, ents = _run(context, text)
    assert not [m.text for m in mentions if ents[m.entity_id].kind == "media"]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("新華社が伝えた。", "新華社"),
        ("ロイター通信などによると、協議は続いた。", "ロイター通信"),
        ("NHKが独自に入手した文書で分かった。", "NHK"),
        ("サウスチャイナ・モーニング・ポスト(SCMP)が報じた。", "SCMP"),
        ("— ロイター (@example_jp) 2024年3月1日", "ロイター"),
    ],
)
def test_entities_outlet_cited_in_a_sentence_stays_a_mention(
    context: Context, text: str, outlet: str
) -> None:
    mentions, ents = _run(context, text)
    assert outlet in [m.text for m in mentions if ents[m.entity_id].kind == "media"]


@pytest.mark.parametrize(
    ("text", "inside"), [("毎日経済新聞によると", "日経"), ("米中共同声明を読んだ。", "中共")]
)
def test_entities_short_name_across_two_words_is_no_mention(context: Context, text: str, inside: str) -> None:
    assert inside not in _linked(context, text)


def test_entities_name_that_sudachi_reads_as_part_of_another_word_is_none(context: Context) -> None:
    linked = _linked(context, "日本海運協会の会長が会見した。")
    assert "日本海" not in linked  # 日本 + 海運協会: no sea
    assert linked["日本海運協会"] == "Japan Shipping Association"
    assert _linked(context, "日本海で演習が行われた。")["日本海"] == "Sea of Japan"


def test_entities_trade_representation_abroad(context: Context) -> None:
    linked = _linked(context, "在日ロシア連邦通商代表部の職員が出国した。")
    assert linked["在日ロシア連邦通商代表部"] == "Trade Representation of Russia in Japan"


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        (
            "米国土安全保障省サイバーセキュリティ・インフラ庁は警告した。",
            "米国土安全保障省サイバーセキュリティ・インフラ庁",
            "Cybersecurity and Infrastructure Security Agency",
        ),
        (
            "経済産業省資源エネルギー庁が公表した。",
            "経済産業省資源エネルギー庁",
            "Agency for Natural Resources and Energy",
        ),
    ],
)
def test_entities_known_unit_after_its_parent_is_one_mention(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    assert _linked(context, text) == {surface: canonical}


def test_entities_longest_name_before_a_longer_one_that_starts_inside_it(context: Context) -> None:
    # 日本海 would cut 海上保安庁; the coast guard wins and 日本 before it is Japan's
    assert _linked(context, "日本海上保安庁の巡視船が警戒した。") == {"日本海上保安庁": "Japan Coast Guard"}


@pytest.mark.parametrize(
    ("text", "person", "parent"),
    [
        ("外務省の山田一郎アジア大洋州局長は述べた。", "山田一郎", "外務省"),
        ("山田一郎・外務省アジア大洋州局長が抗議した。", "山田一郎", "外務省"),
    ],
)
def test_entities_bureau_in_a_post_title_is_the_post_not_an_actor(
    context: Context, text: str, person: str, parent: str
) -> None:
    mentions, ents = _run(context, text)
    by_text = {m.text: ents[m.entity_id] for m in mentions}
    assert by_text[person].type == "PERSON"
    assert by_text[parent].canonical == "Ministry of Foreign Affairs (Japan)"
    assert not any("局" in m.text for m in mentions)


def test_entities_bureau_acting_on_its_own_stays_an_actor(context: Context) -> None:
    assert _linked(context, "外務省アジア大洋州局が発表した。") == {
        "外務省アジア大洋州局": "Asian and Oceanian Affairs Bureau"
    }


def test_titles_after_a_dot_between_name_and_title(context: Context) -> None:
    # 王文濤・商務部長: the title read past the dot, so its particle is found after it
    assert context.titles.after("王文濤・商務部長と会談した。", 3) == "・商務部長"
    assert context.titles.after("ジーナ・レモンド長官", 3) is None  # a dot inside a name is no title
