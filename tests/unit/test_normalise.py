from __future__ import annotations

import pytest

from kizashi.text.normalise import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１５〜１６日に会談", "15~16日に会談"),
        ("ＡＰＥＣ　首脳会議", "APEC首脳会議"),
        ("“打診” 米国防総省", "“打診”米国防総省"),
        ("— NHKニュース (@nhk_news) May 26, 2023", "—NHKニュース(@nhk_news) May 26, 2023"),
        ("一行目\r\n二行目\r三行目", "一行目\n二行目\n三行目"),
    ],
)
def test_normalise_folds_width_spaces_and_keeps_quotes(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw", ["米中会談", "ＡＢＣ　テスト\n２行目", "“引用”と―ダッシュ"])
def test_normalise_is_idempotent(raw: str) -> None:
    once = normalise(raw)
    assert normalise(once) == once


def test_normalise_drops_private_use_characters() -> None:
    assert normalise("米\ue000中") == "米中"
