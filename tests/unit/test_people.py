"""People the gazetteer may not hold (entities/people.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from kizashi import ids
from kizashi.entities.recognise import recognise
from kizashi.pipeline import Context
from kizashi.records import Document, Entity, Story


def _people(context: Context, text: str) -> dict[str, Entity]:
    """Each mention's text -> its entity, for the PERSON mentions of ``text``."""
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s", doc_id=doc_id, index=0, start=0, end=len(text), text=text)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date="2024-06-01", stories=(story,))
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
    by_id = {e.entity_id: e for e in ents}
    return {m.text: by_id[m.entity_id] for m in mentions if by_id[m.entity_id].type == "PERSON"}


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("高市氏は記者団の質問に答えた。", "高市", "Sanae Takaichi"),
        ("高市首相は閣議の後に語った。", "高市", "Sanae Takaichi"),
    ],
)
def test_people_gazetteer_surname_with_honorific_links(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    person = _people(context, text)[surface]
    assert person.canonical == canonical
    assert person.linked


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("ブレンナーハイム氏は会見で懸念を示した。", "ブレンナーハイム"),
        ("ヴェスターガード米国務次官補代理は会見で述べた。", "ヴェスターガード"),
        ("ロドリゲス被告は起訴内容を認めた。", "ロドリゲス"),
    ],
)
def test_people_unknown_katakana_surname_with_title_or_honorific(
    context: Context, text: str, surface: str
) -> None:
    person = _people(context, text)[surface]
    assert not person.linked
    assert person.canonical.isascii()
    assert person.canonical[0].isupper()


@pytest.mark.parametrize(
    "text",
    [
        "サイバー担当大使は会見した。",
        "サイバー攻撃が増えたとサイバー局長は述べた。",
        "ベテラン記者のメディア対応が話題になった。",
        "近所のお客様さんは話した。",
    ],
)
def test_people_common_katakana_words_are_never_people(context: Context, text: str) -> None:
    people = _people(context, text)
    assert not any(s.startswith(("サイバー", "ベテラン", "メディア", "お客様")) for s in people)


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("日本の外務省の松井審議官は中国外務省の幹部と会談した。", "松井", "Matsui"),
        ("外務省の田中一郎アジア大洋州局長は中国側に抗議した。", "田中一郎", "Ichiro Tanaka"),
        ("逮捕されたのは会社員の鈴木健一容疑者です。", "鈴木健一", "Kenichi Suzuki"),
    ],
)
def test_people_japanese_names_in_hepburn_given_name_first_never_pinyin(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    person = _people(context, text)[surface]
    assert person.canonical == canonical
    assert person.country != "CHN"


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("中国外務省の陳文斌報道官は述べた。", "陳文斌", "Chen Wenbin"),
        # a body whose name no Japanese body bears: its spokesperson is that country's
        ("国防部の定例会見で、陳立軍報道官は述べた。", "陳立軍", "Chen Lijun"),
    ],
)
def test_people_chinese_names_in_a_chinese_context_in_pinyin(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    person = _people(context, text)[surface]
    assert person.canonical == canonical
    assert person.country == "CHN"


def test_people_korean_name_read_from_its_bracketed_katakana(context: Context) -> None:
    people = _people(context, "韓国外交部の朴成民(パク・ソンミン)局長は述べた。")
    assert people["朴成民"].canonical.startswith("Park ")
    assert people["パク・ソンミン"].entity_id == people["朴成民"].entity_id


def test_people_apposition_role_before_a_katakana_name(context: Context) -> None:
    people = _people(context, "研究員のマーカス・ヴァイントラウブ氏は述べた。ヴァイントラウブ氏は続けた。")
    assert people["マーカス・ヴァイントラウブ"].canonical.startswith("Marc")
    assert people["ヴァイントラウブ"].entity_id == people["マーカス・ヴァイントラウブ"].entity_id


def test_people_a_later_family_name_is_the_person_introduced(context: Context) -> None:
    people = _people(context, "田中一郎氏は述べた。田中氏はさらに語った。")
    assert people["田中"].entity_id == people["田中一郎"].entity_id


@pytest.mark.parametrize("text", ["ソウル=山本浩二田中花子\n首相は述べた。", "(ワシントン=佐藤健二)"])
def test_people_bylines_are_no_actors(context: Context, text: str) -> None:
    assert _people(context, text) == {}


def test_people_kanji_stem_before_a_suffix_title_is_no_office(context: Context) -> None:
    """陳 + 立軍報道官 is not the gazetteer's spokesperson named 陳: 立軍 is a given name."""
    person = _people(context, "中国外務省の陳立軍報道官は述べた。")["陳立軍"]
    assert not person.linked


def test_people_latin_surname_links_only_a_person_the_story_names(context: Context) -> None:
    text = "習近平国家主席はトランプ大統領と電話で会談した。\nTrump says Xi agreed. Smith and Putin did not."
    people = _people(context, text)
    assert people["Trump"].canonical == "Donald Trump"
    assert people["Xi"].canonical == "Xi Jinping"
    assert "Putin" not in people  # the story never named him
    assert "Smith" not in people


@pytest.mark.parametrize(
    ("text", "surface", "canonical"),
    [
        ("外務省の金井局長は中国側に抗議した。", "金井", "Kanai"),
        ("経産省の周防課長は発言した。", "周防", "Suo"),
        ("金井氏は述べた。", "金井", "Kanai"),
    ],
)
def test_people_place_named_surname_with_an_office_title_is_a_person_not_a_bureau(
    context: Context, text: str, surface: str, canonical: str
) -> None:
    person = _people(context, text)[surface]
    assert person.canonical == canonical  # never pinyin (Jin Jing)


def test_people_a_bureau_named_with_its_work_keeps_its_name(context: Context) -> None:
    assert _people(context, "関東財務局長は述べた。") == {}


def test_people_a_word_before_a_title_is_no_chinese_name(context: Context) -> None:
    people = _people(context, "中国の駐日大使である呉江浩大使は述べた。")
    assert "駐日" not in people


def test_people_name_sudachi_cuts_into_words_is_a_name_where_the_page_spells_it(context: Context) -> None:
    """ベルト + ランド before a title: a name when the page writes it in Latin letters; its full
    Latin name is a mention of the same person."""
    people = _people(context, "防衛相は、ベルトランド国防相と会談した。\nMinister Marco Bertrand spoke.")
    assert people["ベルトランド"].canonical == "Bertrand"
    assert people["Marco Bertrand"].entity_id == people["ベルトランド"].entity_id
    assert "ベルトランド" not in _people(context, "防衛相は、ベルトランド国防相と会談した。")
