"""Hypothesis over every stage: arbitrary unicode to the text stages, arbitrary bytes to ingest.

No exception escapes except the documented input errors (``IngestError``, ``LimitError``), and
every offset a stage hands on stays inside the text it points into.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizashi.config import Settings
from kizashi.dates.expressions import find_dates
from kizashi.entities.recognise import recognise
from kizashi.errors import IngestError, LimitError
from kizashi.ingest.files import decode, read_path
from kizashi.pipeline import Context, finish, prepare
from kizashi.records import Analysis, Document, RawDocument
from kizashi.storage import Store
from kizashi.text.clean import clean
from kizashi.text.normalise import normalise
from kizashi.text.structure import structure

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
def ctx(context: Context) -> Context:
    return replace(context, settings=Settings(max_doc_seconds=60.0))


@FUZZ
@given(texts)
def test_fuzz_normalise_returns_text(text: str) -> None:
    out = normalise(text)
    assert isinstance(out, str)
    assert "\r" not in out


@FUZZ
@given(texts, st.one_of(st.none(), texts))
def test_fuzz_clean_keeps_markers_inside_the_text(ctx: Context, text: str, title: str | None) -> None:
    page = normalise(text)
    result = clean(page, lexicon=ctx.noise, title=title, site_lines={page.split("\n")[0]: 5})
    assert isinstance(result.text, str)
    for marker in result.markers:
        assert 0 <= marker.line <= len(result.text.split("\n"))


@FUZZ
@given(texts, st.one_of(st.none(), texts), date_strings, date_strings)
def test_fuzz_structure_story_offsets_point_at_their_text(
    ctx: Context, text: str, title: str | None, published: str | None, given_date: str | None
) -> None:
    cleaned = clean(normalise(text), lexicon=ctx.noise)
    stories, _, _ = structure(
        "d_1",
        cleaned.text,
        lexicon=ctx.noise,
        title=title,
        published=published,
        given_date=given_date,
        markers=cleaned.markers,
    )
    for story in stories:
        assert 0 <= story.start <= story.end <= len(cleaned.text)
        assert cleaned.text[story.start : story.end] == story.text


@FUZZ
@given(texts, date_strings)
def test_fuzz_entities_mentions_stay_inside_the_text(ctx: Context, text: str, pub_date: str | None) -> None:
    body = clean(normalise(text), lexicon=ctx.noise).text
    stories, _, _ = structure("d_1", body, lexicon=ctx.noise)
    doc = Document(doc_id="d_1", source="fuzz", text=body, pub_date=pub_date, stories=stories)
    mentions, entities, _ = recognise(
        doc,
        gazetteer=ctx.gazetteer,
        matcher=ctx.matcher,
        titles=ctx.titles,
        romaniser=ctx.romaniser,
        is_common_word=ctx.analyser.is_common_word,
    )
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
    lead = "米商務省は7日、先端半導体の輸出規制を強化すると発表した。\n"  # a trigger: GiNZA parses
    batch = [
        prepare(RawDocument(doc_id=f"d_{k}", source=f"f{k}.txt", text=lead + page, kind="text"), ctx)
        for k, page in enumerate(pages)
    ]
    analyses = finish(batch, ctx)
    assert any(s.tokens for a in analyses if isinstance(a, Analysis) for s in a.sentences)
    for analysis in analyses:
        assert isinstance(analysis, Analysis)
        text = analysis.document.text
        for sentence in analysis.sentences:
            for token in sentence.tokens:
                assert sentence.start <= token.start <= token.end <= sentence.end
                assert text[token.start : token.end] == token.text
        for event in analysis.events:
            assert 0 <= event.start <= event.end <= len(text)
            assert text[event.start : event.end] == event.evidence


@FUZZ
@given(texts, st.integers(min_value=0, max_value=1000))
def test_fuzz_split_sentences_spans_point_inside_the_text(text: str, base: int) -> None:
    from kizashi.nlp import split_sentences

    last = base
    for start, end in split_sentences(text, base=base):
        assert last <= start < end <= base + len(text)
        assert text[start - base : end - base].strip() == text[start - base : end - base]
        last = end


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
jsonl_line = st.one_of(
    st.fixed_dictionaries(
        {}, optional={k: st.one_of(texts, json_values) for k in ("text", "html", "url", "title", "published")}
    ).map(lambda d: json.dumps(d, ensure_ascii=False)),
    json_values.map(json.dumps),
    st.text(max_size=30),
)


@FUZZ
@given(st.lists(jsonl_line, max_size=6))
def test_fuzz_read_jsonl_names_the_line_of_every_error(lines: list[str]) -> None:
    from kizashi.ingest.files import read_jsonl

    text = "\n".join(line.replace("\n", " ") for line in lines)
    for item in read_jsonl(text, "feed.jsonl", encoding="utf-8"):
        if isinstance(item, IngestError):
            source, _, number = item.source.rpartition(":")
            assert source == "feed.jsonl"
            assert 1 <= int(number) <= max(1, len(text.splitlines()))
        else:
            assert item.text.strip()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 12)), max_size=60), st.integers(0, 210))
def test_fuzz_entity_overlap_check_agrees_with_a_scan(spans: list[tuple[int, int]], start: int) -> None:
    """The bisecting ``Found.free`` (linear documents stay linear) answers as a full scan does."""
    from kizashi.entities.found import Found

    found = Found()
    for s, length in spans:
        found.taken.insert(len(found.taken), (s, s + length))
        found.taken.sort()
        found.longest = max(found.longest, length)
    for end in range(start + 1, start + 15):
        scan = all(end <= s or start >= e for s, e in found.taken)
        assert found.free(start, end) == scan


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from tests.desk_fixtures import build_store

    store = build_store(tmp_path_factory.mktemp("fuzz_store") / "s.db")
    yield store
    store.close()


@FUZZ
@given(texts)
def test_fuzz_search_gives_results_or_a_documented_error(fuzz_store: Store, query: str) -> None:
    from kizashi.errors import KizashiError
    from kizashi.storage.search import search

    try:
        page = search(fuzz_store, query, limit=5)
    except KizashiError:  # a documented refusal (an empty query): fine, nothing else may escape
        return
    assert page.total >= len(page.hits)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.one_of(st.none(), texts))
def test_fuzz_store_round_trips_what_prepare_makes(
    ctx: Context, fuzz_store: Store, text: str, title: str | None
) -> None:
    """Whatever the text, a document stored is read back whole: the text, every story and mention."""
    raw = RawDocument(doc_id="d_fuzz", source="fuzz.txt", text=text, kind="text", title=title)
    try:
        prepared = prepare(raw, ctx)
    except LimitError:
        return
    analysis = prepared.analysis
    fuzz_store.upsert(analysis, tokens=prepared.tokens)
    (doc,) = fuzz_store.rows("documents", {"doc_id": "d_fuzz"})
    assert doc["text"] == analysis.document.text
    stories = sorted(
        (r["start"], r["end"], r["text"]) for r in fuzz_store.rows("stories", {"doc_id": "d_fuzz"})
    )
    assert stories == sorted((s.start, s.end, s.text) for s in analysis.document.stories)
    mentions = {r["mention_id"] for r in fuzz_store.rows("mentions", {"doc_id": "d_fuzz"})}
    assert mentions == {m.mention_id for m in analysis.mentions}
