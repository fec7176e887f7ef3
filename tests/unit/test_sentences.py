from __future__ import annotations

import pytest

from kizashi.nlp.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("米中が会談した。合意はない。", ["米中が会談した。", "合意はない。"]),
        ("彼は「会談した。合意した。」と述べた。次。", ["彼は「会談した。合意した。」と述べた。", "次。"]),
        ("見出し\n本文です。", ["見出し", "本文です。"]),
        ("本当か!?そうだ。", ["本当か!?", "そうだ。"]),
        ("「閉じない引用\n次の行。", ["「閉じない引用", "次の行。"]),
    ],
)
def test_sentences_split_on_ends_outside_brackets(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_sentences_offsets_shift_by_base() -> None:
    text = "前文。後文。"
    spans = list(split_sentences(text, base=100))
    assert spans == [(100, 103), (103, 106)]
