"""Hypothesis over every stage: arbitrary unicode to the text stages, arbitrary bytes to ingest.

No exception escapes except the documented input errors (``IngestError``, ``LimitError``), and
every offset a stage hands on stays inside the text it points into.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizashi.clean import clean
from kizashi.config import Settings
from kizashi.dates import find_dates
from kizashi.entities import recognise
from kizashi.errors import IngestError, LimitError
from kizashi.ingest import decode, read_path
from kizashi.normalise import normalise
from kizashi.pipeline import Context, build_context, finish, prepare
from kizashi.records import Analysis, Document, RawDocument
from kizashi.structure import structure

# Pieces of Japanese news prose, so random text also reaches the rules that need real words:
# names, titles, dates, ministries, quotes, list bullets, attributions.
FRAGMENTS = [
    "経済産業省は",
    "米商務省は",
    "中国外務省の報道官は",
    "バイデン大統領",
    "王毅外相",
    "岸田首相",
    "レモンド商務長官",
    "国際エネルギー機関(IEA)",
    "北大西洋条約機構=NATO",
    "半導体製造装置の輸出規制を強化すると発表した。",
    "先月31日",
    "5月15~16日",
    "2024年6月14日 9時30分",
    "来週",
    "同日、",
    "会談した。",
    "「断固反対する」と述べた。",
    "【ワシントン=共同】",
    "— 時事通信 (@jijicom) May 2, 2024",
    "https://example.com/a?b=1",
    "#経済安保",
    "・",
    "◇",
    "(",
    ")",
    "「",
    "」",
    "日",
    "米",
    "中",
    "\n",
    "\r\n",
    "\u3000",
    "\u2028",
    "\ufeff",
    "\x00",
    "\ue000",  # private use: normalise hides protected characters there
    "ｶﾞﾘｳﾑ",
    "①",
    "〜",
]
japanese = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=40).map("".join)
texts = st.one_of(st.text(), japanese)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
date_strings = st.one_of(st.none(), st.text(max_size=12), dates.map(lambda d: d and d.isoformat()))

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def ctx() -> Context:
    return build_context(Settings(max_doc_seconds=60.0))


@FUZZ
@given(texts)
def test_fuzz_normalise_returns_text(text: str) -> None:
    out = normalise(text)
    assert isinstance(out, str)
    assert "\r" not in out


@FUZZ
@given(texts, st.one_of(st.none(), texts))
def test_fuzz_clean_keeps_markers_inside_the_text(text: str, title: str | None) -> None:
    result = clean(normalise(text), title=title, site_lines={normalise(text).split("\n")[0]: 5})
    assert isinstance(result.text, str)
    for marker in result.markers:
        assert 0 <= marker.line <= len(result.text.split("\n"))


@FUZZ
@given(texts, st.one_of(st.none(), texts), date_strings, date_strings)
def test_fuzz_structure_story_offsets_point_at_their_text(
    text: str, title: str | None, published: str | None, given_date: str | None
) -> None:
    cleaned = clean(normalise(text))
    stories, _, _ = structure(
        "d_1", cleaned.text, title=title, published=published, given_date=given_date, markers=cleaned.markers
    )
    for story in stories:
        assert 0 <= story.start <= story.end <= len(cleaned.text)
        assert cleaned.text[story.start : story.end] == story.text


@FUZZ
@given(texts, date_strings)
def test_fuzz_entities_mentions_stay_inside_the_text(ctx: Context, text: str, pub_date: str | None) -> None:
    body = clean(normalise(text)).text
    stories, _, _ = structure("d_1", body)
    doc = Document(doc_id="d_1", source="fuzz", text=body, pub_date=pub_date, stories=stories)
    mentions, entities, _ = recognise(doc, gazetteer=ctx.gazetteer, matcher=ctx.matcher)
    ids = {e.entity_id for e in entities}
    for m in mentions:
        assert 0 <= m.start < m.end <= len(body)
        assert body[m.start : m.end] == m.text
        assert m.entity_id in ids


@FUZZ
@given(texts, dates, dates, st.booleans())
def test_fuzz_find_dates_offsets_point_at_their_text(
    text: str, ref: dt.date | None, anchor: dt.date | None, future: bool
) -> None:
    for expr in find_dates(text, ref, future=future, anchor=anchor):
        assert 0 <= expr.start <= expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text


@FUZZ
@given(
    st.one_of(st.binary(), texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(min_size=4000))
)
def test_fuzz_decode_gives_text_or_an_ingest_error(data: bytes) -> None:
    try:
        text, encoding = decode(data, "fuzz.bin")
    except IngestError as exc:
        error: IngestError | None = exc
    else:
        error = None
        assert text.strip()
        assert encoding
    if error is not None:
        assert error.source == "fuzz.bin"
        assert error.reason


# files are written under a module-scoped folder: hypothesis reruns a test many times, and a
# function-scoped tmp_path would be shared between examples anyway
@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _html_like(body: bytes) -> bytes:
    return b"<!DOCTYPE html><html><head><title>t</title></head><body><article><p>" + body + b"</p>"


@FUZZ
@given(
    st.one_of(
        st.binary(), texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary().map(_html_like)
    ),
    st.sampled_from([".txt", ".html", ".jsonl", ".htm"]),
)
def test_fuzz_read_path_gives_documents_or_ingest_errors(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    path = fuzz_dir / f"input{suffix}"
    path.write_bytes(data)
    for item in read_path(path, max_bytes=1_000_000):
        if isinstance(item, IngestError):
            assert item.source.startswith(str(path))
            assert item.reason
        else:
            assert isinstance(item, RawDocument)
            assert item.text.strip()
            assert item.doc_id.startswith("d_")


@FUZZ
@given(texts, st.one_of(st.none(), texts), date_strings, st.sampled_from(["text", "html", "jsonl"]))
def test_fuzz_prepare_offsets_stay_inside_the_document(
    ctx: Context, text: str, title: str | None, published: str | None, kind: str
) -> None:
    raw = RawDocument(doc_id="d_1", source="fuzz.txt", text=text, kind=kind, title=title, published=published)
    try:
        prepared = prepare(raw, ctx)
    except LimitError:
        return
    doc = prepared.document
    for story in doc.stories:
        assert doc.text[story.start : story.end] == story.text
    for sentence in prepared.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(doc.text)
        assert doc.text[sentence.start : sentence.end] == sentence.text
    for m in prepared.analysis.mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.story_id in {s.story_id for s in doc.stories}


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(japanese, min_size=1, max_size=3))
def test_fuzz_finish_with_ginza_keeps_token_and_event_offsets_inside(ctx: Context, pages: list[str]) -> None:
    batch = [
        prepare(RawDocument(doc_id=f"d_{k}", source=f"f{k}.txt", text=page, kind="text"), ctx)
        for k, page in enumerate(pages)
    ]
    for analysis in finish(batch, ctx):
        assert isinstance(analysis, Analysis)
        text = analysis.document.text
        for sentence in analysis.sentences:
            for token in sentence.tokens:
                assert sentence.start <= token.start <= token.end <= sentence.end
                assert text[token.start : token.end] == token.text
        for event in analysis.events:
            assert 0 <= event.start <= event.end <= len(text)
            assert text[event.start : event.end] == event.evidence
