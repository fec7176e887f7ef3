"""The page language from its scripts (kizashi.text.language)."""

from __future__ import annotations

import pytest

from kizashi.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("経済産業省は25日、半導体製造装置の輸出規制を強化すると発表した。", "ja"),
        ("Commerce Secretary Gina Raimondo said on Tuesday that the rules would be tightened.", "en"),
        # an English page quoting Japanese names stays English
        ("The Ministry of Economy (経済産業省) and the U.S. said they would work together on chips.", "en"),
        # a Japanese page with Latin names and acronyms stays Japanese
        ("米商務省はHuaweiとSMICをEntity Listに追加したと明らかにした。TSMCも対象となる。", "ja"),
        ("商务部发言人表示，中方坚决反对美方滥用出口管制措施。", "zh"),
        ("산업통상자원부는 반도체 수출 규제를 강화한다고 밝혔다.", "ko"),
        ("Le ministère a annoncé de nouvelles règles pour les exportations de puces.", "und"),
        ("", "und"),
        ("2025-05-25 12:00 ／ ★★★", "und"),
    ],
)
def test_language_detect_language_by_script(text: str, expected: str) -> None:
    assert detect_language(text) == expected
