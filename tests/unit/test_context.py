"""Linking in context (entities/context.py): names shared across countries, on sentences written here."""

from __future__ import annotations

import pytest

from kizashi import ids
from kizashi.entities.recognise import recognise
from kizashi.pipeline import Context
from kizashi.records import Document, Entity, Mention, Story


def _run(
    context: Context, text: str, *, outlet: str | None = None
) -> tuple[list[Mention], dict[str, Entity]]:
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s", doc_id=doc_id, index=0, start=0, end=len(text), text=text, outlet=outlet)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date="2024-08-20", stories=(story,))
    mentions, ents, _ = recognise(
        doc,
        morphemes=context.analyser.morphemes(text),
        gazetteer=context.gazetteer,
        matcher=context.matcher,
        titles=context.titles,
        romaniser=context.romaniser,
        is_common_word=context.analyser.is_common_word,
    )
    return list(mentions), {e.entity_id: e for e in ents}


def _at(context: Context, text: str, surface: str, occurrence: int = 0) -> Entity | None:
    """The entity of the mention that covers the ``occurrence``-th ``surface`` of the text."""
    mentions, ents = _run(context, text)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    end = start + len(surface)
    hit = next((m for m in mentions if m.start <= start and end <= m.end), None)
    return ents[hit.entity_id] if hit else None


def _country(context: Context, text: str, surface: str, occurrence: int = 0) -> str | None:
    ent = _at(context, text, surface, occurrence)
    assert ent is not None, f"{surface} not found in {text}"
    return ent.country


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("日本の外務省は中国側に抗議した。", "外務省", "JPN"),
        ("中国の外務省は声明を出して反論した。", "外務省", "CHN"),
        ("米側の商務省は新たな規制を発表した。", "商務省", "USA"),
        ("中国政府の商務省は対抗措置を示した。", "商務省", "CHN"),
        ("米国の政府機関である商務省は規則を改めた。", "商務省", "USA"),
    ],
)
def test_context_country_written_before_the_body_with_a_particle(
    context: Context, text: str, surface: str, country: str
) -> None:
    assert _country(context, text, surface) == country


@pytest.mark.parametrize(
    ("surface", "occurrence", "country"),
    [("外務省", 0, "JPN"), ("商務省", 0, "USA")],
)
def test_context_a_list_takes_the_country_that_heads_it(
    context: Context, surface: str, occurrence: int, country: str
) -> None:
    text = "協議には日本側から経済産業省と外務省、米側から国務省や商務省が加わる。"
    assert _country(context, text, surface, occurrence) == country


def test_context_english_name_in_brackets_gives_the_country(context: Context) -> None:
    text = "商務省(Department of Commerce)は半導体の輸出規則を改めた。"
    assert _country(context, text, "商務省") == "USA"


def test_context_unqualified_foreign_ministry_after_a_japanese_official_is_japans(context: Context) -> None:
    # a story that names China more than Japan: the old rule took the country mentioned most
    text = (
        "中国は日本産の水産物の輸入を止めた。中国商務省は声明を出し、中国共産党の機関紙も報じた。"
        "林芳正官房長官は記者会見で、外務省を通じて中国側に抗議したと述べた。"
    )
    assert _country(context, text, "外務省") == "JPN"


def test_context_unqualified_foreign_ministry_on_a_japanese_page_is_japans(context: Context) -> None:
    text = "中国海警局の船が領海に入った。中国軍の艦艇も近くにいた。外務省は中国大使館に抗議した。"
    assert _country(context, text, "外務省") == "JPN"


def test_context_body_in_a_speakers_sentence_takes_the_speakers_country(context: Context) -> None:
    text = "台湾の軍は演習を公表した。ショイグ国防相は国防省で会議を開いた。"
    assert _country(context, text, "国防省") == "RUS"


def test_context_body_the_story_names_in_a_qualified_form(context: Context) -> None:
    text = "台湾国防部は声明を出した。中国軍の演習について、国防部は警戒を続けるとした。"
    assert _country(context, text, "国防部", 1) == "TWN"


def test_context_body_without_evidence_takes_the_country_the_story_is_about(context: Context) -> None:
    text = "韓国軍は演習を行った。韓国政府も支持した。ソウルで国防部が会見した。"
    assert _country(context, text, "国防部") == "KOR"


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("ロシア連邦通商代表部の元職員が送検された。", "通商代表部"),
        ("チェコ国防大学の訪問団が来日した。", "国防大学"),
    ],
)
def test_context_body_after_another_countrys_name_is_not_linked(
    context: Context, text: str, body: str
) -> None:
    mentions, ents = _run(context, text)
    assert not any(m.text == body and ents[m.entity_id].linked for m in mentions)


def test_context_day_before_an_outlet_name_is_no_country_prefix(context: Context) -> None:
    # 7日 + AFP: the 日 of a date is not Japan written before the agency's name
    assert _at(context, "同社の幹部は3月7日AFPの取材に応じた。", "AFP") is not None
    assert _at(context, "【3月7日AFP】中国は声明を出した。", "日") is None


def _person(context: Context, text: str, surface: str, occurrence: int = 0) -> str | None:
    """Canonical name of the linked person covering the ``occurrence``-th ``surface``, else None."""
    ent = _at(context, text, surface, occurrence)
    return ent.canonical if ent is not None and ent.linked and ent.type == "PERSON" else None


def test_context_surname_with_honorific_links_the_only_person_of_that_surname(context: Context) -> None:
    assert _person(context, "高市氏は記者会見で経済対策を説明した。", "高市") == "Sanae Takaichi"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("李在明大統領は会談に臨んだ。李氏は協力を求めた。", "Lee Jae-myung"),
        ("ボリス・ジョンソン元首相は講演した。ジョンソン氏は支援を訴えた。", "Boris Johnson"),
    ],
)
def test_context_surname_of_several_people_links_the_one_the_story_introduced(
    context: Context, text: str, canonical: str
) -> None:
    surname = "李" if text.startswith("李") else "ジョンソン"
    assert _person(context, text, surname, 1) == canonical


@pytest.mark.parametrize(
    ("text", "surname"), [("李氏は協力を求めた。", "李"), ("ジョンソン氏は支援を訴えた。", "ジョンソン")]
)
def test_context_surname_of_several_people_not_introduced_stays_unlinked(
    context: Context, text: str, surname: str
) -> None:
    assert _person(context, text, surname) is None


def test_context_surname_introduced_in_another_story_is_not_that_person(context: Context) -> None:
    first = "李在明大統領は会談に臨んだ。\n"
    text = first + "李氏は協力を求めた。"
    doc_id = ids.doc_id("", text)
    stories = (
        Story(story_id="a", doc_id=doc_id, index=0, start=0, end=len(first), text=first),
        Story(story_id="b", doc_id=doc_id, index=1, start=len(first), end=len(text), text=text[len(first) :]),
    )
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date="2025-08-20", stories=stories)
    mentions, ents, _ = recognise(
        doc,
        morphemes=context.analyser.morphemes(text),
        gazetteer=context.gazetteer,
        matcher=context.matcher,
        titles=context.titles,
        romaniser=context.romaniser,
        is_common_word=context.analyser.is_common_word,
    )
    later = [ents[m.entity_id] for m in mentions if m.start >= len(first) and m.text.startswith("李")]
    assert not any(e.linked for e in later)


def test_context_headline_surname_before_the_full_name_is_a_first_mention(context: Context) -> None:
    text = "上川外務大臣がインドを訪問\n上川陽子外務大臣は会談した。その後、上川外務大臣は記者団に語った。"
    mentions, ents = _run(context, text)
    kamikawa = [m.text for m in mentions if ents[m.entity_id].canonical == "Yoko Kamikawa"]
    assert kamikawa == [
        "上川",
        "上川陽子",
        "上川外務大臣",
    ]  # a first mention is the name; later ones carry the title


def test_context_surname_with_own_office_title_before_a_conjunction(context: Context) -> None:
    assert _person(context, "上川外務大臣及び木原防衛大臣が出席した。", "上川") == "Yoko Kamikawa"
