"""Open-vocabulary organisations and places (#13): compounds over a head of the name-part glossary,
English names for them, and the longest name winning over the known short names inside it.
Every sentence here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.entities.english import NamePart, compose, hepburn, ordinal
from kizashi.entities.names import Romaniser
from kizashi.entities.parts import Head, load_name_parts
from kizashi.errors import DataFileError
from kizashi.pipeline import Context
from kizashi.records import Entity, Mention
from tests.entity_text import entities_of


def _run(context: Context, text: str) -> tuple[list[Mention], dict[str, Entity]]:
    return entities_of(context, text, "2024-03-01")


def _linked(context: Context, text: str) -> dict[str, tuple[str, str]]:
    mentions, ents = _run(context, text)
    return {m.text: (ents[m.entity_id].canonical, ents[m.entity_id].type) for m in mentions}


@pytest.mark.parametrize(
    ("text", "surface", "canonical", "type_"),
    [
        (
            "衆院予算委員会で野党議員が質問した。",
            "衆院予算委員会",
            "Budget Committee of the House of Representatives (Japan)",
            "ORG",
        ),
        ("駐日中国大使館の報道官が談話を出した。", "駐日中国大使館", "Embassy of China in Japan", "ORG"),
        ("在中国日本大使館は注意を呼びかけた。", "在中国日本大使館", "Embassy of Japan in China", "ORG"),
        ("在日米国大使館が声明を出した。", "在日米国大使館", "Embassy of the United States in Japan", "ORG"),
        ("静岡県警は30代の男を逮捕した。", "静岡県警", "Shizuoka Prefectural Police", "ORG"),
        (
            "第7管区海上保安本部が巡視船を出した。",
            "第7管区海上保安本部",
            "7th Regional Coast Guard Headquarters",
            "ORG",
        ),
        (
            "警視庁公安部が捜査している。",
            "警視庁公安部",
            "Public Security Bureau of the Tokyo Metropolitan Police Department",
            "ORG",
        ),
        ("早稲田大学の教授が指摘した。", "早稲田大学", "Waseda University", "ORG"),
        ("東北大の研究チームが発表した。", "東北大", "Tohoku University", "ORG"),
        ("日中経済協会の訪中団が出発した。", "日中経済協会", "Japan-China Economic Association", "ORG"),
        ("ウクライナ軍は反撃した。", "ウクライナ軍", "Armed Forces of Ukraine", "ORG"),
    ],
)
def test_entities_open_organisation_heads_over_their_compound(
    context: Context, text: str, surface: str, canonical: str, type_: str
) -> None:
    assert _linked(context, text)[surface] == (canonical, type_)


@pytest.mark.parametrize(
    ("text", "surface", "canonical", "type_"),
    [
        ("石川県で大雨が続いた。", "石川県", "Ishikawa Prefecture", "GPE"),
        ("能登半島の沿岸で地震があった。", "能登半島", "Noto Peninsula", "LOC"),
        ("津軽海峡を艦艇が通過した。", "津軽海峡", "Tsugaru Strait", "LOC"),
        ("新田原基地に戦闘機が着陸した。", "新田原基地", "Nyutabaru Base", "LOC"),
        ("羽田空港の滑走路が閉鎖された。", "羽田空港", "Haneda Airport", "LOC"),
        ("利根川の水位が上がった。", "利根川", "Tone River", "LOC"),
        ("台湾島の東岸に接近した。", "台湾島", "Taiwan Island", "LOC"),
    ],
)
def test_entities_open_place_heads_over_a_proper_noun(
    context: Context, text: str, surface: str, canonical: str, type_: str
) -> None:
    assert _linked(context, text)[surface] == (canonical, type_)


def test_entities_open_chinese_province_in_pinyin(context: Context) -> None:
    canonical, type_ = _linked(context, "江西省の工場が操業を止めた。")["江西省"]
    assert (canonical, type_) == ("Jiangxi", "GPE")


@pytest.mark.parametrize(
    ("text", "surface", "canonical", "inner"),
    [
        ("日本航空の便が欠航した。", "日本航空", "Japan Airlines", "日本"),
        ("横浜港に貨物船が入港した。", "横浜港", "Port of Yokohama", "横浜"),
        ("名古屋港に貨物船が入港した。", "名古屋港", "Port of Nagoya", "名古屋"),
        ("参院外交防衛委員会で審議した。", "参院外交防衛委員会", None, "参院"),
    ],
)
def test_entities_open_longest_name_wins_over_a_known_name_inside(
    context: Context, text: str, surface: str, canonical: str | None, inner: str
) -> None:
    linked = _linked(context, text)
    assert surface in linked
    assert canonical is None or linked[surface][0] == canonical
    assert inner not in linked


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        (
            "中国商務省は声明を出した。",
            "中国商務省",
            "Ministry of Commerce of the People's Republic of China",
        ),
        ("防衛省が発表した。", "防衛省", "Ministry of Defense (Japan)"),
    ],
)
def test_entities_open_known_long_name_still_wins(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    assert _linked(context, text)[surface][0] == canonical


@pytest.mark.parametrize(
    "text",
    [
        "欧米諸国は懸念を示した。",
        "欧米の企業が撤退した。",
    ],
)
def test_entities_open_the_west_is_no_eu_and_no_united_states(context: Context, text: str) -> None:
    assert "欧" not in _linked(context, text)
    assert "米" not in _linked(context, text)


@pytest.mark.parametrize(
    "text",
    [
        "日本社会の大部分が賛成した。",
        "会社の本部が移転した。",
        "同委員会は結論を出した。",
        "米大学の研究者が発表した。",
        "地元警察が調べている。",
        "各国大使館に通知した。",
        "中国部の担当者が答えた。",
        "米軍基地の周辺で抗議があった。",
        "高市氏が答弁した。",
    ],
)
def test_entities_open_common_nouns_and_descriptions_are_no_names(context: Context, text: str) -> None:
    mentions, ents = _run(context, text)
    assert not [
        m.text for m in mentions if not ents[m.entity_id].linked and ents[m.entity_id].type != "PERSON"
    ]


def test_entities_open_body_running_a_place_stays_its_own_entity(context: Context) -> None:
    linked = _linked(context, "海上自衛隊大湊基地に哨戒機が戻った。")
    assert linked["海上自衛隊"][0] == "Japan Maritime Self-Defense Force"
    assert linked["大湊基地"] == ("Ominato Base", "LOC")


@pytest.mark.parametrize(
    ("text", "first", "later"),
    [
        ("衆院予算委員会が開かれた。予算委員会では防衛費が議論された。", "衆院予算委員会", "予算委員会"),
        ("静岡県警は男を逮捕した。県警によると男は容疑を認めている。", "静岡県警", "県警"),
        ("駐日中国大使館が抗議した。駐日中国大使館の声明は短い。", "駐日中国大使館", "駐日中国大使館"),
    ],
)
def test_entities_open_later_repeats_link_to_the_same_entity(
    context: Context, text: str, first: str, later: str
) -> None:
    mentions, _ents = _run(context, text)
    a = next(m for m in mentions if m.text == first)
    b = [m for m in mentions if m.text == later and m.start > a.start]
    assert b
    assert all(m.entity_id == a.entity_id for m in b)


def test_entities_open_unknown_entity_keeps_its_japanese_name(context: Context) -> None:
    mentions, ents = _run(context, "浜田市で地震があった。")
    ent = ents[next(m for m in mentions if m.text == "浜田市").entity_id]
    assert not ent.linked
    assert "浜田市" in ent.names


@pytest.mark.parametrize(
    ("parts", "head", "expected"),
    [
        (
            [NamePart("known", "House of Councillors", body=True), NamePart("word", "Budget")],
            "committee",
            "Budget Committee of the House of Councillors",
        ),
        (
            [NamePart("host", "Japan", place=True), NamePart("known", "France", place=True)],
            "embassy",
            "Embassy of France in Japan",
        ),
        ([NamePart("known", "Aichi Prefecture", place=True)], "police", "Aichi Prefectural Police"),
        ([NamePart("ordinal", "2"), NamePart("word", "Regional")], "hq", "2nd Regional Headquarters"),
        ([NamePart("proper", "Fuji", place=True)], "mount", "Mount Fuji"),
        (
            [
                NamePart("known", "Okinawa Prefecture", place=True, region=True),
                NamePart("proper", "Nago", place=True),
            ],
            "city",
            "Nago, Okinawa",
        ),
    ],
)
def test_entities_open_english_word_order(parts: list[NamePart], head: str, expected: str) -> None:
    heads = {
        "committee": Head("委員会", "Committee", "ORG", unit=True),
        "embassy": Head("大使館", "Embassy", "ORG", form="of"),
        "police": Head("県警", "Prefectural Police", "ORG", place=True, bare_place=True),
        "hq": Head("本部", "Headquarters", "ORG", unit=True),
        "mount": Head("山", "Mount", "LOC", form="before", place=True),
        "city": Head("市", "City", "GPE", form="bare", place=True),
    }
    assert compose(parts, heads[head]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("トウキョウ", "Tokyo"), ("オオサカ", "Osaka"), ("キュウシュウ", "Kyushu"), ("ニイガタ", "Niigata")],
)
def test_entities_open_hepburn_without_long_vowels(text: str, expected: str) -> None:
    assert hepburn(Romaniser(), text) == expected


@pytest.mark.parametrize(("number", "expected"), [("1", "1st"), ("2", "2nd"), ("11", "11th"), ("23", "23rd")])
def test_entities_open_ordinals(number: str, expected: str) -> None:
    assert ordinal(number) == expected


def test_entities_open_name_parts_file_loads() -> None:
    parts = load_name_parts()
    assert parts.english("予算") == "Budget"
    assert parts.split("警察庁") == ["警察", "庁"]
    assert parts.split("幹部") is None


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("heads: [{ja: 局, en: Bureau, type: TEAM}]\nmodifiers: {}\n", "key heads.0.type"),
        ("heads: []\nmodifiers: {予算: Budget}\nextra: 1\n", "key extra"),
        (
            "heads: [{ja: 県, en: Prefecture, type: GPE, reading: [けん]}]\nmodifiers: {}\n",
            "key heads.0.reading.0",
        ),
    ],
)
def test_entities_open_bad_name_parts_file_names_file_and_key(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "name_parts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_name_parts(path)
    assert str(info.value).startswith(f"name_parts.yaml: {where}: ")


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("島根県浜田市に寄港した。", "島根県浜田市", "Hamada, Shimane"),
        ("愛知県豊田市の工場が止まった。", "愛知県豊田市", "Toyota, Aichi"),
        ("東京都千代田区に本社がある。", "東京都千代田区", "Chiyoda, Tokyo"),
        ("岐阜県関市の工場が止まった。", "岐阜県関市", "Seki, Gifu"),
        ("静岡市清水区の港に入った。", "静岡市清水区", "Shimizu, Shizuoka"),
        ("神奈川県横須賀市に寄港した。", "神奈川県横須賀市", "Yokosuka"),
    ],
)
def test_entities_open_city_in_its_prefecture_is_one_place(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    linked = _linked(context, text)
    assert linked[surface] == (canonical, "GPE")
    assert len(linked) == 1  # the prefecture inside is no mention of its own


def test_entities_open_unit_of_a_known_body_names_its_parent(context: Context) -> None:
    canonical = _linked(context, "経済産業省通商政策研究所の研究員が分析した。")["経済産業省通商政策研究所"][
        0
    ]
    assert canonical == "Trade Policy Research Institute of the Ministry of Economy, Trade and Industry"


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("三菱電機株式会社は声明を出した。", "三菱電機株式会社", "Mitsubishi Electric"),
        ("株式会社日立製作所が受注した。", "株式会社日立製作所", "Hitachi"),
    ],
)
def test_entities_open_legal_form_is_part_of_a_firms_mention(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    assert _linked(context, text)[surface][0] == canonical


def test_entities_open_common_word_fused_with_a_head_is_no_name(context: Context) -> None:
    assert "議員連盟" not in _linked(context, "超党派の議員連盟が発足した。")


def test_entities_open_latin_firm_name_before_sha_is_its_english(context: Context) -> None:
    assert _linked(context, "米Acme社は新製品を発表した。")["Acme社"] == ("Acme", "ORG")


@pytest.mark.parametrize("text", ["同社と本社、各社に聞いた。", "台北中央社によると"])
def test_entities_open_sha_needs_a_name_of_its_own(context: Context, text: str) -> None:
    mentions, ents = _run(context, text)
    assert not [m for m in mentions if m.text.endswith("社") and not ents[m.entity_id].linked]


def test_entities_open_city_is_not_the_prefecture_of_its_name(context: Context) -> None:
    canonical, type_ = _linked(context, "新潟市で会合が開かれた。")["新潟市"]
    assert type_ == "GPE"
    assert "Prefecture" not in canonical


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("中国江西省贛州市の工場が止まった。", "中国江西省贛州市", "Ganzhou, Jiangxi"),
        ("中国南部の贛州市で火災があった。", "贛州市", "Ganzhou"),
    ],
)
def test_entities_open_chinese_place_in_pinyin_by_its_country(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    assert _linked(context, text)[surface] == (canonical, "GPE")


def test_entities_open_korean_place_is_not_read_in_japanese(context: Context) -> None:
    assert "巨済島" not in _linked(context, "韓国の巨済島で会談した。")


def test_entities_open_japanese_place_beside_a_foreign_actor_stays_japanese(context: Context) -> None:
    assert _linked(context, "韓国海軍の駆逐艦が能登半島沖で確認された。")["能登半島"] == (
        "Noto Peninsula",
        "LOC",
    )
