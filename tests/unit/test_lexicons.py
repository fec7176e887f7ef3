"""Lexicons (#12): noise.yaml and titles.yaml are validated like the gazetteer; a bad file is an error
naming the file and the key, never a silently partial vocabulary."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from kizashi.entities.names import load_titles
from kizashi.errors import DataFileError
from kizashi.text.lines import load_noise_lexicon

TITLES = "honorifics: [氏, さん]\ntitles: [大臣, 長官]\ntitle_suffixes: [相, 長]\n"
NOISE = """
chrome: [シェア, コメント]
chrome_patterns: ['^copyright']
list_headers: [関連記事]
categories: [政治, 経済]
skip_links: [本文へ]
link_labels: [別タブで開きます]
credit_labels: [写真, 出典]
source_credit_labels: [出典]
byline_labels: [文]
outlets:
  Reuters: [ロイター, ReutersJapan]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["noise.yaml", "titles.yaml"])
def test_lexicons_shipped_files_load(name: str) -> None:
    if name == "noise.yaml":
        lex = load_noise_lexicon()
        assert lex.outlets["ロイター"] == "Reuters"
    else:
        titles = load_titles(abbreviations="米")
        assert "氏" in titles.honorifics
        assert titles.after("レモンド米商務長官は", 4) == "米商務長官"


@pytest.mark.parametrize("name", ["noise.yaml", "titles.yaml"])
def test_lexicons_small_good_files_load(tmp_path: Path, name: str) -> None:
    if name == "noise.yaml":
        lex = load_noise_lexicon(_write(tmp_path, name, NOISE))
        assert lex.outlets["reutersjapan"] == "Reuters"
    else:
        titles = load_titles(_write(tmp_path, name, TITLES), abbreviations="米")
        assert titles.after("山田大臣は", 2) == "大臣"


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (TITLES + "titels: [課長]\n", "key titels", "Extra inputs are not permitted"),  # a typo
        ("honorifics: [氏]\ntitles: [大臣]\n", "key title_suffixes", "Field required"),
        (TITLES.replace("[大臣, 長官]", "[大臣, 7]"), "key titles.1", "valid string"),
        (TITLES.replace("[大臣, 長官]", "[大臣, '']"), "key titles.1", "at least 1 character"),
        (TITLES.replace("[大臣, 長官]", "大臣"), "key titles", "valid list"),
    ],
)
def test_lexicons_bad_titles_file_names_file_and_key(
    tmp_path: Path, text: str, where: str, reason: str
) -> None:
    with pytest.raises(DataFileError) as info:
        load_titles(_write(tmp_path, "titles.yaml", text), abbreviations="米")
    assert str(info.value).startswith(f"titles.yaml: {where}: ")
    assert reason in str(info.value)


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (NOISE + "chrom: [いいね]\n", "key chrom", "Extra inputs are not permitted"),
        (NOISE.replace("byline_labels: [文]\n", ""), "key byline_labels", "Field required"),
        (NOISE.replace("[シェア, コメント]", "[シェア, null]"), "key chrome.1", "valid string"),
        (
            NOISE.replace("'^copyright'", "'^(copyright'"),
            "key chrome_patterns.0",
            "not a valid regular expression",
        ),
        (NOISE.replace("[ロイター, ReutersJapan]", "ロイター"), "key outlets.Reuters", "valid list"),
    ],
)
def test_lexicons_bad_noise_file_names_file_and_key(
    tmp_path: Path, text: str, where: str, reason: str
) -> None:
    with pytest.raises(DataFileError) as info:
        load_noise_lexicon(_write(tmp_path, "noise.yaml", text))
    assert str(info.value).startswith(f"noise.yaml: {where}: ")
    assert reason in str(info.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- 氏\n- 大臣\n", "the top level must be a mapping of keys, not a list"),
        ("", "the top level must be a mapping of keys, not empty"),
        ("titles: [大臣\n", "not valid YAML"),
    ],
)
def test_lexicons_file_that_is_no_mapping_is_an_error(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(DataFileError, match=rf"^titles\.yaml: {reason}"):
        load_titles(_write(tmp_path, "titles.yaml", text), abbreviations="米")
    with pytest.raises(DataFileError, match=rf"^noise\.yaml: {reason}"):
        load_noise_lexicon(_write(tmp_path, "noise.yaml", text))


@pytest.mark.parametrize("name", ["noise.yaml", "titles.yaml"])
def test_lexicons_every_problem_is_reported(tmp_path: Path, name: str) -> None:
    shipped = resources.files("kizashi").joinpath("data", "lexicons", name).read_text(encoding="utf-8")
    data = yaml.safe_load(shipped)
    first, second = sorted(data)[:2]
    data[first] = 1
    data[second] = 2
    path = _write(tmp_path, name, yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(DataFileError) as info:
        load_noise_lexicon(path) if name == "noise.yaml" else load_titles(path, abbreviations="米")
    assert f"key {first}:" in str(info.value)
    assert f"key {second}:" in str(info.value)
