"""English spellings of names (entities/romanise.py and names.Romaniser), on names chosen for the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.entities import romanise
from kizashi.entities.names import Romaniser, load_foreign_names
from kizashi.errors import DataFileError


@pytest.fixture(scope="module")
def romaniser() -> Romaniser:
    return Romaniser()


@pytest.mark.parametrize(
    ("family", "given", "english"),
    [
        ("ヤマダ", "タロウ", "Taro Yamada"),
        ("イノウエ", "ユウコ", "Yuko Inoue"),
        ("オオノ", "シンイチ", "Shinichi Ono"),
        ("サトウ", "ジュンイチロウ", "Junichiro Sato"),
        ("ハットリ", "", "Hattori"),
    ],
)
def test_romanise_japanese_names_given_name_first_without_long_vowels(
    romaniser: Romaniser, family: str, given: str, english: str
) -> None:
    assert romaniser.japanese(family, given) == english


@pytest.mark.parametrize(
    ("katakana", "english"),
    [
        ("ジョン・スミス", "John Smith"),  # the common-names lexicon
        ("スアレス", "Suarez"),  # Spanish -ez
        ("ドミンゲス", "Domingez"),
        ("ケント", "Kent"),
        ("ゴールドスタイン", "Goldstain"),
        ("トレス", "Torres"),  # a lexicon exception to -ez
    ],
)
def test_romanise_foreign_names_back_towards_latin(romaniser: Romaniser, katakana: str, english: str) -> None:
    assert romaniser.foreign(katakana) == english


def test_romanise_foreign_name_takes_the_pages_own_latin_spelling(romaniser: Romaniser) -> None:
    assert romaniser.foreign("リッテンハウス", ["Rittenhouse", "Ministry"]) == "Rittenhouse"


@pytest.mark.parametrize(
    ("katakana", "hanja", "english"),
    [("パク・ソンミン", "朴", "Park Song-min"), ("イ・ジュンホ", "", "Lee Jun-ho")],
)
def test_romanise_korean_names_family_first(katakana: str, hanja: str, english: str) -> None:
    assert romanise.korean(katakana, family_hanja=hanja) == english


def test_romanise_chinese_names_in_pinyin_family_first(romaniser: Romaniser) -> None:
    assert romaniser.chinese("陳文斌") == "Chen Wenbin"
    assert romaniser.chinese("欧陽明", 2) == "Ouyang Ming"


def test_romanise_foreign_names_file_is_checked_on_load(tmp_path: Path) -> None:
    bad = tmp_path / "foreign_names.yaml"
    bad.write_text("names:\n  スミス: ''\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"foreign_names\.yaml"):
        load_foreign_names(bad)
