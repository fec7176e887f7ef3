from __future__ import annotations

import pytest

from kizashi.storage.pg_search import SNIPPET_CONTEXT, snippet


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("米商務省は輸出規制を強化した。", ["輸出規制"], "米商務省は[輸出規制]を強化した。"),
        ("Nvidia の AI 半導体", ["ai"], "Nvidia の [AI] 半導体"),  # case-insensitive, source case kept
        ("一行目\n二行目に制裁", ["制裁"], "一行目 二行目に[制裁]"),  # one line
    ],
)
def test_pg_search_snippet_marks_the_hit(text: str, terms: list[str], expected: str) -> None:
    assert snippet(text, terms) == expected


def test_pg_search_snippet_cuts_around_the_earliest_hit() -> None:
    text = "あ" * 100 + "制裁" + "い" * 100 + "規制"
    out = snippet(text, ["規制", "制裁"], mark=("<b>", "</b>"))
    assert out == "…" + "あ" * SNIPPET_CONTEXT + "<b>制裁</b>" + "い" * SNIPPET_CONTEXT + "…"


def test_pg_search_snippet_without_hit_gives_the_start() -> None:
    assert snippet("半導体の供給網", ["量子"]) == "半導体の供給網"
