"""Events from real GiNZA parses of sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from kizashi import ids, nlp
from kizashi.entities import recognise
from kizashi.events import extract_events
from kizashi.gazetteer import default_gazetteer
from kizashi.matcher import Matcher
from kizashi.normalise import normalise
from kizashi.records import Document, Event, Sentence, Story
from kizashi.taxonomy import load_taxonomy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ctx() -> dict[str, Any]:
    gaz = default_gazetteer()
    return {"gaz": gaz, "matcher": Matcher(gaz.surfaces()), "nlp": nlp.load_nlp(), "tax": load_taxonomy()}


def _events(
    ctx: dict[str, Any], text: str, date: str = "2024-05-26"
) -> list[tuple[str, str | None, str | None, Event]]:
    text = normalise(text)
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s1", doc_id=doc_id, index=0, start=0, end=len(text), text=text, pub_date=date)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date=date, stories=(story,))
    mentions, ents, _ = recognise(doc, gazetteer=ctx["gaz"], matcher=ctx["matcher"])
    spans = list(nlp.split_sentences(text))
    parsed = nlp.parse(ctx["nlp"], [(a, text[a:b]) for a, b in spans])
    sents = [
        Sentence(doc_id, "s1", a, b, text[a:b], toks) for (a, b), toks in zip(spans, parsed, strict=True)
    ]
    names = {e.entity_id: e.canonical for e in ents}
    events = extract_events(doc, sents, mentions, ents, taxonomy=ctx["tax"])
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
            "SANCTION",
            "United States Department of Commerce",
            None,
        ),
    ],
)
def test_events_trigger_families_and_arguments(
    ctx: dict[str, Any], text: str, type_: str, actor1: str, actor2: str | None
) -> None:
    found = [(t, a1, a2) for t, a1, a2, _ in _events(ctx, text)]
    match = next((f for f in found if f[0] == type_), None)
    assert match is not None, found
    assert match[1] == actor1
    if actor2 is not None:
        assert match[2] == actor2


def test_events_partner_hung_under_place_is_repaired(ctx: dict[str, Any]) -> None:
    # GiNZA attaches と to ワシントン here; the partner is read from the surface particle
    ev = next(
        e
        for t, _, _, e in _events(ctx, "王文濤商務相は25日、レモンド米商務長官とワシントンで会談した。")
        if t == "MEET"
    )
    assert ev.location is not None
    assert ev.date == "2024-05-25"
    assert ev.date_text == "25日"


def test_events_subject_shared_by_chained_clauses(ctx: dict[str, Any]) -> None:
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
def test_events_status_marking(ctx: dict[str, Any], text: str, status: str) -> None:
    events = [e for t, _, _, e in _events(ctx, text) if t == "MEET"]
    assert events, text
    assert events[0].status == status


def test_events_every_event_explains_itself_and_quotes_evidence(ctx: dict[str, Any]) -> None:
    text = "米商務省は24日、中国企業をエンティティー・リストに追加したと発表した。"
    for _, _, _, ev in _events(ctx, text):
        assert ev.evidence == normalise(text)
        assert any(line.startswith("trigger:") for line in ev.explanation)
        assert 0.0 <= ev.confidence <= 1.0
