"""Which sentences are parsed: those a trigger could make an event of, and no others (#17)."""

from __future__ import annotations

import pytest

from kizashi import ids
from kizashi.config import Settings
from kizashi.events.extract import needs_parse
from kizashi.events.taxonomy import load_taxonomy
from kizashi.pipeline import build_context, finish, prepare
from kizashi.records import RawDocument, Token


@pytest.mark.parametrize(
    ("sentence", "parsed"),
    [
        ("米国は中国企業に制裁を科した。", True),
        ("外務省は大使を呼んで抗議した。", True),
        ("同省の発表によると、輸出は前年より増えた。", False),  # names where acts are told
        ("こうした制裁について議論が続いている。", False),  # refers back to an act told before
        ("天気は一日中晴れだった。", False),  # no trigger at all
    ],
)
def test_needs_parse(sentence: str, parsed: bool) -> None:
    assert needs_parse(sentence, load_taxonomy()) is parsed


def test_finish_parses_only_sentences_that_can_tell_an_event() -> None:
    ctx = build_context(Settings())
    asked: list[str] = []

    def parse(items: object, **_: object) -> list[tuple[Token, ...]]:
        texts = [text for _start, text in items]  # type: ignore[attr-defined]
        asked.extend(texts)
        return [() for _ in texts]

    ctx.analyser.parse = parse  # type: ignore[method-assign]
    text = (
        "米国が中国に制裁\n"
        "米国が中国に制裁\n"
        "米政府は3日、中国企業に制裁を科した。同省の発表によると、輸出は前年より増えた。\n"
        "天気は一日中晴れだった。\n"
    )
    raw = RawDocument(doc_id=ids.doc_id("t", text), source="t.txt", text=text, kind="text")
    finish([prepare(raw, ctx)], ctx)
    assert asked == ["米政府は3日、中国企業に制裁を科した。"]
