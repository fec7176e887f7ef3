"""Named groups (#14): a group the text names while calling it a group, and the English of
katakana names of things (their loanwords' source words). Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.entities.loanwords import Loanwords
from kizashi.entities.parts import load_name_parts
from kizashi.errors import DataFileError
from kizashi.pipeline import Context
from kizashi.records import Entity, Mention
from tests.entity_text import entities_of


def _run(context: Context, text: str) -> tuple[list[Mention], dict[str, Entity]]:
    return entities_of(context, text, "2025-01-10")


def _group_of(context: Context, text: str, surface: str) -> tuple[Entity, list[str]]:
    """The entity of the mention ``surface`` and the texts of all its mentions."""
    mentions, ents = _run(context, text)
    key = next(m.entity_id for m in mentions if m.text == surface)
    return ents[key], [m.text for m in mentions if m.entity_id == key]


@pytest.mark.parametrize(
    ("text", "name", "canonical"),
    [
        (
            "警視庁は、「スカイパンダ」と呼ばれるハッカー集団が研究機関を攻撃したと発表した。",
            "スカイパンダ",
            "Sky Panda",
        ),
        (
            "専門家は「シルバー・ヘロン」というサイバー攻撃集団の活動を警告した。",
            "シルバー・ヘロン",
            "Silver Heron",
        ),
        (
            "「アイアン・ゴースト」を名乗るハッカーグループが犯行声明を出した。",
            "アイアン・ゴースト",
            "Iron Ghost",
        ),
        (
            "調査会社によると、ハッカー集団「ブラック・ドラゴン」が関与した疑いがある。",
            "ブラック・ドラゴン",
            "Black Dragon",
        ),
        ("政府はSilver Heronと呼ばれる攻撃グループの手口を公表した。", "Silver Heron", "Silver Heron"),
        ("当局はハッカー集団Copper Lanternの関与を指摘した。", "Copper Lantern", "Copper Lantern"),
    ],
)
def test_groups_quoted_or_latin_name_called_a_group_is_a_threat_group(
    context: Context, text: str, name: str, canonical: str
) -> None:
    ent, surfaces = _group_of(context, text, name)
    assert (ent.canonical, ent.type, ent.kind) == (canonical, "ORG", "threat_group")
    assert len(surfaces) == 2  # the name and the group noun


def test_groups_known_group_keeps_its_entity_and_gets_the_noun(context: Context) -> None:
    text = "「ボルト・タイフーン」と呼ばれるハッカー集団が通信網に侵入した。"
    ent, surfaces = _group_of(context, text, "ハッカー集団")
    assert ent.canonical == "Volt Typhoon"
    assert ent.linked
    assert surfaces == ["ボルト・タイフーン", "ハッカー集団"]


def test_groups_plain_group_noun_is_an_org_without_threat_kind(context: Context) -> None:
    ent, _ = _group_of(context, "「ブルー・ハーバー」を名乗る団体が集会を開いた。", "ブルー・ハーバー")
    assert (ent.canonical, ent.type, ent.kind) == ("Blue Harbor", "ORG", None)


def test_groups_later_bare_nouns_stand_for_the_one_group_named(context: Context) -> None:
    text = (
        "警察は、「スカイパンダ」と呼ばれるハッカー集団が攻撃したとみている。"
        "同集団は2019年から活動している。ハッカー集団は別のハッカー集団とも連携していた。"
    )
    mentions, _ = _run(context, text)
    sky = next(m.entity_id for m in mentions if m.text == "スカイパンダ")
    linked = [(m.text, m.start) for m in mentions if m.entity_id == sky]
    assert [t for t, _ in linked] == ["スカイパンダ", "ハッカー集団", "同集団", "ハッカー集団"]
    other = text.rindex("ハッカー集団")  # 別のハッカー集団 is another group
    assert all(start != other for _, start in linked)


def test_groups_no_bare_links_where_two_groups_are_named(context: Context) -> None:
    text = "ハッカー集団「ブラック・ドラゴン」と「アイアン・ゴースト」が攻撃した。その後、ハッカー集団は活動を止めた。"
    mentions, _ = _run(context, text)
    last = text.rindex("ハッカー集団")
    assert not any(m.start == last for m in mentions)


def test_groups_kanji_quotation_and_sentences_are_no_names(context: Context) -> None:
    mentions, ents = _run(
        context, "首相は「国の安全を守る」という組織の理念を語った。集団的自衛権にも触れた。"
    )
    assert not any(e.kind == "threat_group" for e in ents.values())
    assert not any(m.text in {"組織", "集団"} for m in mentions)


def test_groups_loanwords_english_only_when_every_word_is_one() -> None:
    words = Loanwords()
    assert words.english("ミラーフェース") == "Mirror Face"
    assert words.english("オペレーター・パンダ") == "Operator Panda"
    assert words.english("ゴースト・エンペラー") == "Ghost Emperor"
    assert words.english("ニューヨーク") is None  # a place name UniDic gives no foreign spelling


def test_groups_romaniser_thing_falls_back_to_transliteration(context: Context) -> None:
    romaniser = context.romaniser
    assert romaniser.thing("ゴースト・エンペラー") == "Ghost Emperor"
    assert romaniser.thing("トクリュウ") == romaniser.foreign("トクリュウ")


def test_groups_bad_group_noun_in_lexicon_names_the_file(tmp_path: Path) -> None:
    good = (Path(__file__).parents[2] / "src/kizashi/data/lexicons/name_parts.yaml").read_text("utf-8")
    path = tmp_path / "name_parts.yaml"
    path.write_text(
        good.replace("{ja: ハッカー集団, threat: true}", "{ja: ハッカー集団, threat: maybe}"), "utf-8"
    )
    with pytest.raises(DataFileError, match=r"name_parts\.yaml"):
        load_name_parts(path)


def test_groups_names_designated_as_groups_are_groups(context: Context) -> None:
    text = "ほかにもブラック・ドラゴン、アイアン・ゴーストなどが『国家支援型』集団と認定された。"
    _, ents = _run(context, text)
    names = {e.canonical: e for e in ents.values() if e.type == "ORG"}
    assert set(names) == {"Black Dragon", "Iron Ghost"}
    _, ents = _run(context, "当局はシャドウ・タイガーをハッカー集団と特定した。")
    assert [(e.canonical, e.kind) for e in ents.values() if e.type == "ORG"] == [
        ("Shadow Tiger", "threat_group")
    ]


def test_groups_body_named_in_loanwords_gets_their_english(context: Context) -> None:
    _, ents = _run(context, "日本シルクロード協会は声明を発表した。")
    assert "Japan Silk Road Association" in {e.canonical for e in ents.values()}
