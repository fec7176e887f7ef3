"""Gazetteer: schema checks, data integrity, match keys and look-ups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
import yaml

from kizashi.config import YAML_LOADER
from kizashi.entities.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from kizashi.entities.keys import MatchKeys
from kizashi.entities.matcher import Matcher
from kizashi.entities.schema import ISO_ALPHA3
from kizashi.pipeline import Context

PEOPLE_YAML = """
- id: minister_a
  canonical: Alice Example
  type: PERSON
  kind: person
  country: USA
  ja: [アリス・エグザンプル]
  en: [Alice Example]
  surname: {ja: [エグザンプル], en: [Example]}
  offices:
    - {title: Secretary of Widgets, ja: [ウィジェット長官], org: widget_dept, start: 2019-01-20, end: 2021-01-20}
    - {title: Ambassador to Nowhere, ja: [大使], start: 2022-05-01}
- id: minister_b
  canonical: Wang Example
  type: PERSON
  kind: person
  country: CHN
  ja: [王例涛]
  surname: {ja: [王]}
  offices:
    - {title: Minister of Widgets, ja: [商務相, 商務部長], start: 2020-12-26}
- id: widget_dept
  canonical: Department of Widgets
  type: ORG
  kind: ministry
  country: USA
  ja: [ウィジェット省]
- id: widget_bureau
  canonical: Bureau of Small Widgets
  type: ORG
  kind: agency
  parent: widget_dept
  ja: [小ウィジェット局]
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped(context: Context) -> Gazetteer:
    """The package's gazetteer (the session context's)."""
    return context.gazetteer


@pytest.fixture(scope="module")
def keys() -> MatchKeys:
    return MatchKeys()


@pytest.fixture
def small(tmp_path: Path) -> Gazetteer:
    _write(tmp_path, "people_test.yaml", PEOPLE_YAML)
    return load_gazetteer(tmp_path)


# --- the shipped data -------------------------------------------------------------------------


def _data_lists() -> dict[str, list[dict[str, object]]]:
    folder = resources.files("kizashi").joinpath("data", "gazetteer")
    out: dict[str, list[dict[str, object]]] = {}
    for f in folder.iterdir():
        if f.name.endswith(".yaml"):
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            assert isinstance(data, list), f"{f.name}: a gazetteer file is a list of entries"
            out[f.name] = data
    assert len(out) > 10, "the shipped gazetteer files were not found"
    return out


@pytest.mark.parametrize(
    "name",
    [
        "countries.yaml",
        "places.yaml",
        "international.yaml",
        "companies.yaml",
        "media.yaml",
        "threat_groups.yaml",
        "laws.yaml",
        "events.yaml",
        "government_jp_units.yaml",
        "politics_jp.yaml",
        "embassies.yaml",
        "government_ru.yaml",
        "government_europe.yaml",
        "government_asia.yaml",
        "companies_chips.yaml",
        "companies_defence.yaml",
        "companies_energy.yaml",
        "companies_tech.yaml",
        "companies_transport.yaml",
        "companies_other.yaml",
        "think_tanks.yaml",
        "ngos.yaml",
        "universities.yaml",
        "places_jp.yaml",
        "places_world.yaml",
    ],
)
def test_gazetteer_every_data_file_loads(shipped: Gazetteer, name: str) -> None:
    gaz = shipped
    from_file = [e for e in gaz.entries.values() if e.source == name]
    assert len(from_file) == len(_data_lists()[name]) > 0


@pytest.mark.parametrize("_", [None])
def test_gazetteer_ids_are_unique_across_files(_: None) -> None:
    counts = Counter(str(e["id"]) for entries in _data_lists().values() for e in entries)
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("_", [None])
def test_gazetteer_no_alias_shared_within_a_type_unless_ambiguous(shipped: Gazetteer, _: None) -> None:
    assert shipped.clashes() == []


@pytest.mark.parametrize("_", [None])
def test_gazetteer_every_iso_code_has_a_country_or_territory(shipped: Gazetteer, _: None) -> None:
    have = {e.country for e in shipped.entries.values() if e.kind in {"country", "territory"}}
    assert ISO_ALPHA3 - have <= {"ATA"}  # Antarctica is a continent (places.yaml)


@pytest.mark.parametrize(
    ("char", "canonical"),
    [
        ("米", "United States"),
        ("中", "China"),
        ("日", "Japan"),
        ("韓", "South Korea"),
        ("朝", "North Korea"),
        ("露", "Russia"),
        ("英", "United Kingdom"),
        ("欧", "European Union"),
    ],
)
def test_gazetteer_abbreviation_names_its_country(shipped: Gazetteer, char: str, canonical: str) -> None:
    entry = shipped.by_abbrev(char)
    assert entry is not None
    assert entry.canonical == canonical


@pytest.mark.parametrize("char", ["上", "国", "A"])
def test_gazetteer_other_characters_are_no_abbreviation(shipped: Gazetteer, char: str) -> None:
    assert shipped.by_abbrev(char) is None


@pytest.mark.parametrize(
    ("surface", "entry_id"),
    [
        ("米国", "usa"),
        ("美國", "usa"),
        ("ｱﾒﾘｶ", "usa"),
        ("北朝鮮", "prk"),
        ("華為", "huawei"),
        ("ファーウェイ", "huawei"),
        ("ボルトタイフーン", "volt_typhoon"),
        ("エンティティリスト", "entity_list"),
        ("インド太平洋地域", "indo_pacific"),
        ("nato", "nato"),
    ],
)
def test_gazetteer_lookup_folds_spelling_variants(shipped: Gazetteer, surface: str, entry_id: str) -> None:
    assert entry_id in [e.id for e in shipped.lookup(surface)]


@pytest.mark.parametrize("surface", ["ワシントン"])
def test_gazetteer_ambiguous_name_finds_every_entry(shipped: Gazetteer, surface: str) -> None:
    ids = {e.id for e in shipped.lookup(surface)}
    assert {"usa", "washington_dc"} <= ids


@pytest.mark.parametrize("_", [None])
def test_gazetteer_surfaces_cover_every_name(shipped: Gazetteer, _: None) -> None:
    gaz = shipped
    pairs = set(gaz.surfaces())
    assert ("米国", "usa") in pairs
    assert ("United States", "usa") in pairs
    assert {e_id for _, e_id in pairs} == set(gaz.entries)


# --- breadth (#13): names found in running text, and short forms that must not fire ------------


def _found(context: Context, text: str) -> list[tuple[str, set[str]]]:
    return [(hit.text, set(hit.ids)) for hit in context.matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "surface", "entry_id"),
    [
        ("衆院予算委で首相が答弁した。", "衆院予算委", "jpn_hor_budget_committee"),
        (
            "参院外交防衛委員会で質疑があった。",
            "参院外交防衛委員会",
            "jpn_hoc_foreign_affairs_and_defense_committee",
        ),
        (
            "衆議院経済産業委員会が法案を可決した。",
            "衆議院経済産業委員会",
            "jpn_hor_economy_trade_and_industry_committee",
        ),
        ("警視庁公安部外事2課が男を書類送検した。", "警視庁公安部外事2課", "jpn_mpd_foreign_affairs_2"),
        ("静岡県警は男を逮捕した。", "静岡県警", "jpn_police_shizuoka"),
        ("第7管区海上保安本部によると", "第7管区海上保安本部", "jpn_jcg_region_7"),
        ("経産省貿易経済安全保障局の担当者", "経産省貿易経済安全保障局", "jpn_meti_tesb"),
        ("米財務省外国資産管理室が制裁を科した。", "米財務省外国資産管理室", "usa_ofac"),
        ("駐日英国大使館で式典があった。", "駐日英国大使館", "embassy_gbr_in_jpn"),
        ("在韓米国大使館が声明を出した。", "在韓米国大使館", "embassy_usa_in_kor"),
        ("在ロシア日本大使館によると", "在ロシア日本大使館", "embassy_jpn_in_rus"),
        ("韓国海洋警察庁が発表した。", "韓国海洋警察庁", "kor_kcg"),
        ("フィリピン沿岸警備隊の船", "フィリピン沿岸警備隊", "phl_pcg"),
        ("国境なき記者団が非難した。", "国境なき記者団", "rsf"),
        ("慶応大の教授", "慶応大", "univ_keio"),
        ("日本航空の便", "日本航空", "jal"),
        ("与那国駐屯地に配備された。", "与那国駐屯地", "camp_yonaguni"),
        ("中国海警局の船が魚釣島の接続水域に入った。", "魚釣島", "uotsuri_jima"),
        ("宗谷海峡を通過した。", "宗谷海峡", "la_perouse_strait"),
        ("東トルキスタンの独立を訴えた。", "東トルキスタン", "east_turkestan"),
        ("ハッカー集団アノニマスが犯行声明を出した。", "ハッカー集団アノニマス", "anonymous"),
    ],
)
def test_gazetteer_breadth_names_are_found_in_running_text(
    context: Context, text: str, surface: str, entry_id: str
) -> None:
    assert any(t == surface and entry_id in ids for t, ids in _found(context, text))


@pytest.mark.parametrize(
    ("text", "parties"),
    [("自民、立民、維新、国民民主の4党が協議した。", ["jpn_ldp", "jpn_cdp", "jpn_ishin", "jpn_dpfp"])],
)
def test_gazetteer_party_short_forms_in_a_list(context: Context, text: str, parties: list[str]) -> None:
    found = [ids for _, ids in _found(context, text)]
    assert [next(iter(ids)) for ids in found] == parties


@pytest.mark.parametrize(
    ("text", "not_id"),
    [
        ("明治維新以来の改革だと述べた。", "jpn_ishin"),  # 維新 inside the Meiji Restoration
        ("ミャンマーの国民民主連盟が声明を出した。", "jpn_dpfp"),  # 国民民主 inside the NLD
        ("関東大震災から100年がたった。", "univ_tokyo"),  # 東大 inside 関東大震災
        ("東大阪市の工場を視察した。", "univ_tokyo"),
        ("台湾大手の半導体メーカー", "univ_ntu_taiwan"),
        ("国防大臣が会談した。", "jpn_nda"),  # 防大 is not listed: 国防大臣
        ("帰国後に記者会見した。", "kunashir"),  # 国後 is not listed: 帰国後
        ("市民団体が抗議した。", "kor_mindan"),  # 民団 is not listed: 市民団体
        ("マスクを着用して会見した。", "maersk"),  # マースク folds to マスク, so it is listed in full only
        ("日中共同声明の精神に立ち返る。", "chn_ccp"),  # 中共 inside 日中共同声明
        ("有名大学の研究者", "univ_nagoya"),
        ("北大西洋で演習した。", "univ_hokkaido"),
        ("対GDP比軍事費が増えた。", "phl_afp"),  # 比軍 is not listed
    ],
)
def test_gazetteer_short_forms_do_not_fire_inside_longer_words(
    context: Context, text: str, not_id: str
) -> None:
    assert all(not_id not in ids for _, ids in _found(context, text))


@pytest.mark.parametrize(
    "word",
    ["マスク", "カープ", "グラム", "クルーズ", "ウォン", "セーター", "クレバー", "フケ", "タン", "ミリ"],
)
def test_gazetteer_common_katakana_words_are_no_surname(shipped: Gazetteer, word: str) -> None:
    # a katakana surname links anywhere it is written alone, so it must not be an everyday word
    # (ミリー folds to ミリ, as in ミリ波)
    assert shipped.surname_lookup(word) == []


@pytest.mark.parametrize(
    "word", ["first", "one", "fed", "ice", "safe", "raw", "amnesty", "evergreen", "cadence"]
)
def test_gazetteer_common_english_words_are_no_alias(shipped: Gazetteer, word: str) -> None:
    assert shipped.lookup(word) == []


@pytest.mark.parametrize("_", [None])
def test_gazetteer_embassies_and_committees_are_placed(shipped: Gazetteer, _: None) -> None:
    entries = shipped.entries.values()
    embassies = [e for e in entries if e.kind == "embassy"]
    committees = [e for e in entries if e.kind == "committee" and e.country == "JPN"]
    assert len(embassies) > 50
    assert all(e.country or e.id.startswith("embassy_eu") for e in embassies)
    assert len(committees) > 30
    assert {e.parent for e in committees} == {"jpn_house_of_representatives", "jpn_house_of_councillors"}


# --- match keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("王文涛", "王文濤"),
        ("経済産業省", "經濟產業省"),
        ("サイバーセキュリティー", "サイバーセキュリティ"),
        ("カート・キャンベル", "カートキャンベル"),
        ("ジャン=クロード", "ジャンクロード"),
        ("ヴァージニア", "バージニア"),
        ("ヴィクトリア", "ビクトリア"),
        ("ヴェトナム", "ベトナム"),
        ("ヴォルト", "ボルト"),
        ("ドヴ", "ドブ"),
        ("霞ヶ関", "霞ケ関"),
        ("ﾎﾞﾙﾄ･ﾀｲﾌｰﾝ", "ボルト・タイフーン"),
        ("ＮＡＴＯ", "nato"),
        ("Volt  Typhoon", "volttyphoon"),
        ("ミラーフェース", "ミラーフェイス"),
        ("ジェーソン", "ジェイソン"),
        ("マーティン", "マーチン"),
        ("ウィリアムズ", "ウイリアムズ"),
        ("クァルコム", "クアルコム"),
        ("ジャン-クロード", "ジャンクロード"),
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邉", "渡辺"),
        ("渡邊", "渡辺"),
        ("嶋田", "島田"),
        ("冨田", "富田"),
        ("慶應義塾", "慶応義塾"),
        ("國學院", "国学院"),
        ("濱田", "浜田"),
        ("葛\U000e0100飾", "葛飾"),
    ],
)
def test_gazetteer_match_key_folds_variants(keys: MatchKeys, a: str, b: str) -> None:
    assert keys.key(a) == keys.key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("インド", "インドネシア"),
        ("バス", "ベース"),
        ("中国", "中東"),
        ("ウェイン", "ウェン"),
        ("ケイン", "ケン"),
        ("埼玉", "崎玉"),
        ("浜田", "頻田"),
    ],
)
def test_gazetteer_match_key_keeps_distinct_names_apart(keys: MatchKeys, a: str, b: str) -> None:
    assert keys.key(a) != keys.key(b)


@pytest.mark.parametrize(
    "text",
    [
        "米商務省のレモンド・ヴァン長官",
        "ﾎﾞﾙﾄ･ﾀｲﾌｰﾝ",
        "Ａｂ　ｃ",
        "ミラーフェイスとクァルコム",
        "渡邉と葛\U000e0100飾",
    ],
)
def test_gazetteer_match_key_is_the_concatenation_of_character_keys(keys: MatchKeys, text: str) -> None:
    key, back = keys.with_offsets(text)
    assert key == keys.key(text)
    assert len(back) == len(key)
    assert list(back) == sorted(back)
    assert all(0 <= i < len(text) for i in back)


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        ("英ロイターと", "ロイター"),
        ("米ヴァージニア州で", "ヴァージニア州"),
        ("ﾎﾞﾙﾄ･ﾀｲﾌｰﾝが", "ﾎﾞﾙﾄ･ﾀｲﾌｰﾝ"),
        ("はミラーフェイスが", "ミラーフェイス"),
        ("のマーティン氏", "マーティン"),
    ],
)
def test_gazetteer_match_key_spans_cover_long_marks_and_digraphs(
    keys: MatchKeys, text: str, covered: str
) -> None:
    key, starts, ends = keys.spans(text)
    name = keys.key(covered)
    k = key.index(name)
    assert text[starts[k] : ends[k + len(name) - 1]] == covered


# --- role_at and people look-ups (in-test fixture) --------------------------------------------


@pytest.mark.parametrize(
    ("when", "role"),
    [
        (dt.date(2020, 6, 1), "Secretary of Widgets"),
        (dt.date(2021, 1, 20), "Secretary of Widgets"),
        (dt.date(2021, 6, 1), "Former Secretary of Widgets"),
        (dt.date(2023, 1, 1), "Ambassador to Nowhere"),
        (dt.date(2018, 1, 1), None),
        (None, "Ambassador to Nowhere"),
    ],
)
def test_gazetteer_role_at_follows_office_dates(
    small: Gazetteer, when: dt.date | None, role: str | None
) -> None:
    assert small.role_at("minister_a", when) == role


@pytest.mark.parametrize("entry_id", ["widget_dept", "no_such_id"])
def test_gazetteer_role_at_is_none_without_offices(small: Gazetteer, entry_id: str) -> None:
    assert small.role_at(entry_id, dt.date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("surname", "entry_id"), [("エグザンプル", "minister_a"), ("Example", "minister_a"), ("王", "minister_b")]
)
def test_gazetteer_surname_lookup(small: Gazetteer, surname: str, entry_id: str) -> None:
    assert [e.id for e in small.surname_lookup(surname)] == [entry_id]


@pytest.mark.parametrize(("title", "entry_id", "office"), [("商務相", "minister_b", "Minister of Widgets")])
def test_gazetteer_title_lookup_finds_office_holders(
    small: Gazetteer, title: str, entry_id: str, office: str
) -> None:
    [(entry, held)] = small.title_lookup(title)
    assert (entry.id, held.title) == (entry_id, office)


@pytest.mark.parametrize(
    ("entry_id", "country"), [("widget_bureau", "USA"), ("minister_b", "CHN"), ("nope", None)]
)
def test_gazetteer_country_of_inherits_from_parent(
    small: Gazetteer, entry_id: str, country: str | None
) -> None:
    assert small.country_of(entry_id) == country


# --- schema errors ----------------------------------------------------------------------------

_GOOD = "- {id: okay, canonical: Okay, type: ORG, kind: firm, country: JPN}\n"


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("{id: bad_one, canonical: X, type: ORG, kind: firm, colour: red}", "colour"),
        ("{id: bad_one, canonical: X, type: THING, kind: firm}", "type"),
        ("{id: bad_one, canonical: X, type: GPE, kind: country, country: XYZ}", "ISO 3166"),
        ("{id: bad_one, canonical: X, type: ORG, kind: firm, wikidata: 42}", "wikidata"),
        ("{id: bad_one, canonical: X, type: ORG, kind: firm, abbrev: [米]}", "abbrev"),
        (
            "{id: bad_one, canonical: X, type: PERSON, kind: person, offices: [{title: T, start: 2021}]}",
            "ISO date",
        ),
        (
            "{id: bad_one, canonical: X, type: PERSON, kind: person, offices: [{title: T, start: 2021-02-01, end: 2020-01-01}]}",
            "ends",
        ),
        ("{id: bad_one, canonical: X, type: ORG, kind: firm, parent: nobody}", "nobody"),
    ],
)
def test_gazetteer_bad_entry_error_names_file_and_id(tmp_path: Path, entry: str, reason: str) -> None:
    _write(tmp_path, "broken.yaml", _GOOD + f"- {entry}\n")
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(tmp_path)
    message = str(info.value)
    assert "broken.yaml" in message
    assert "bad_one" in message
    assert reason in message


@pytest.mark.parametrize("_", [None])
def test_gazetteer_repeated_id_across_files_is_an_error(tmp_path: Path, _: None) -> None:
    _write(tmp_path, "a.yaml", _GOOD)
    _write(tmp_path, "b.yaml", _GOOD)
    with pytest.raises(GazetteerError, match=r"b\.yaml: entry okay: id already used in a\.yaml"):
        load_gazetteer(tmp_path)


@pytest.mark.parametrize("_", [None])
def test_gazetteer_abbreviation_claimed_twice_is_an_error(tmp_path: Path, _: None) -> None:
    text = (
        "- {id: one, canonical: One, type: GPE, kind: country, abbrev: [甲]}\n"
        "- {id: two, canonical: Two, type: GPE, kind: country, abbrev: [甲]}\n"
    )
    _write(tmp_path, "c.yaml", text)
    with pytest.raises(GazetteerError, match="entry two: abbreviation"):
        load_gazetteer(tmp_path)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("honorifics: [氏]\ntitles: [大臣]\n", "not a dict"),  # a lexicon put among the gazetteer files
        ("id: okay\ncanonical: Okay\ntype: ORG\nkind: firm\n", "not a dict"),  # one entry, not a list of them
        ("just words\n", "not a str"),
        ("# nothing here yet\n", "not empty"),
    ],
)
def test_gazetteer_file_that_is_not_an_entry_list_is_an_error(tmp_path: Path, text: str, kind: str) -> None:
    # it used to be skipped silently, so a file written as a mapping lost all its names (#12)
    _write(tmp_path, "firms.yaml", _GOOD)
    _write(tmp_path, "wrong.yaml", text)
    with pytest.raises(
        GazetteerError, match=rf"^wrong\.yaml: a gazetteer file is a list of entries, {kind}$"
    ):
        load_gazetteer(tmp_path)


@pytest.mark.parametrize("text", ["- {id: okay, canonical: [unclosed\n"])
def test_gazetteer_invalid_yaml_error_names_the_file(tmp_path: Path, text: str) -> None:
    _write(tmp_path, "broken.yaml", text)
    with pytest.raises(GazetteerError, match=r"^broken\.yaml: not valid YAML"):
        load_gazetteer(tmp_path)


@pytest.mark.parametrize("_", [None])
def test_gazetteer_clashes_report_names_shared_without_ambiguous(tmp_path: Path, _: None) -> None:
    text = (
        "- {id: one, canonical: One, type: ORG, kind: firm, ja: [ワン]}\n"
        "- {id: two, canonical: Two, type: ORG, kind: firm, ja: [ワーン]}\n"
        "- {id: three, canonical: Three, type: GPE, kind: city, ja: [ワン]}\n"
        "- {id: four, canonical: Four, type: GPE, kind: city, ambiguous: [ワン]}\n"
        "- {id: five, canonical: Five, type: GPE, kind: city, ambiguous: [ワン]}\n"
    )
    _write(tmp_path, "d.yaml", text)
    clashes = load_gazetteer(tmp_path).clashes()
    assert ("ORG", "ワン", "one", "two") in clashes
    assert ("GPE", "ワン", "three", "four") in clashes  # three does not mark it ambiguous
    assert all({a, b} != {"four", "five"} for _, _, a, b in clashes)


def test_gazetteer_yaml_loader_reads_the_data_as_the_safe_loader_does() -> None:
    folders = [
        resources.files("kizashi").joinpath("data", part) for part in ("gazetteer", "lexicons", "events")
    ]
    items = [item for folder in folders for item in folder.iterdir() if item.name.endswith(".yaml")]
    assert len(items) > 10, "the shipped data files were not found"
    for item in items:
        text = item.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=YAML_LOADER) == yaml.safe_load(text), item.name


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("警察はミラーフェースの手口を公表した。", "ミラーフェース"),
        ("山﨑氏と髙橋氏が渡邉氏に会った。", "渡邉"),
    ],
)
def test_gazetteer_matcher_finds_a_name_written_with_a_variant_spelling(
    keys: MatchKeys, text: str, written: str
) -> None:
    usual = {"ミラーフェース": "ミラーフェイス", "渡邉": "渡辺"}[written]
    hits = list(Matcher([(usual, "x")], keys=keys).find(text))
    assert [h.text for h in hits] == [written]
