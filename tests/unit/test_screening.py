"""Screening's pure parts: list files read, name forms across scripts, blocking, scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.errors import DataFileError
from kizashi.screening.index import ListIndex
from kizashi.screening.lists import read_list
from kizashi.screening.match import MATCH_THRESHOLD, POSSIBLE_THRESHOLD, Subject, score_pair, screen
from kizashi.screening.names import NameForms

LISTS = Path(__file__).resolve().parent.parent / "data" / "lists"


@pytest.fixture(scope="module")
def forms() -> NameForms:
    return NameForms()


def _subject(forms: NameForms, *names: str, type_: str = "ORG", country: str | None = None) -> Subject:
    found = tuple(f for n in names for f in forms.forms(n))
    return Subject("e_test", names[0], type_, country, found)


def _index(forms: NameForms, path: str = "controls_v1.ftm.json") -> ListIndex:
    index = ListIndex(forms)
    for e in read_list(LISTS / path)[1]:
        index.add(
            entry_id=e.record_id, list_name="test", schema=e.schema, caption=e.caption, names=e.names,
            countries=e.countries, programs=e.programs, listed_on=e.listed_on,
        )  # fmt: skip
    return index


@pytest.mark.parametrize(
    ("file", "fmt", "count"),
    [("controls_v1.ftm.json", "ftm", 5), ("controls_v2.ftm.json", "ftm", 5), ("end_users.csv", "csv", 3)],
)
def test_screening_reads_list_files(file: str, fmt: str, count: int) -> None:
    got_fmt, entries = read_list(LISTS / file)
    assert (got_fmt, len(entries)) == (fmt, count)
    assert all(e.names and e.caption == e.names[0] for e in entries)


def test_screening_ftm_sanction_gives_program_date_and_source() -> None:
    entries = {e.record_id: e for e in read_list(LISTS / "controls_v1.ftm.json")[1]}
    huawei = entries["ctl-huawei"]
    assert huawei.programs == ("US Entity List",)
    assert huawei.listed_on == "2019-05-16"
    assert huawei.source_url == "https://lists.example.test/entity-list#huawei"
    assert huawei.countries == ("CHN",)
    assert "ctl-kaiyo-address" not in entries  # an Address is no listed party
    assert entries["ctl-sidorov"].schema == "Person"


def test_screening_csv_aliases_split_and_countries_to_alpha3() -> None:
    entries = read_list(LISTS / "end_users.csv")[1]
    tokai = entries[0]
    assert tokai.names == ("Tokai Koki Boeki Ltd.", "東海光機貿易有限公司", "トウカイ光機貿易")
    assert tokai.countries == ("CHN",)  # written "China"
    assert entries[1].names[1:] == ("北京航空航天大学", "Beijing University of Aeronautics and Astronautics")
    assert entries[2].countries == ("PRK",)
    assert tokai.programs == ("End User List", "METI")


@pytest.mark.parametrize(
    ("file", "line"),
    [("bad_row.csv", 3), ("bad_date.csv", 3), ("bad_schema.ftm.json", 2), ("bad_json.ftm.json", 3)],
)
def test_screening_bad_file_named_with_its_line(file: str, line: int) -> None:
    with pytest.raises(DataFileError) as err:
        read_list(LISTS / file)
    assert file in str(err.value)
    assert f"line {line}:" in str(err.value)


def test_screening_csv_without_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("title,country\nSomething,JP\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"x\.csv: line 1: no 'name' column"):
        read_list(path)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("華為技術有限公司", "华为技术有限公司"),  # traditional = simplified
        ("華為技術", "华为技术有限公司"),  # legal form dropped
        ("株式会社東芝", "東芝"),
        ("(株)日立製作所", "日立製作所"),
        ("中国電子科技集団", "中国电子科技集团公司"),  # shinjitai = simplified, 集団 = 集团公司
        ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES"),
        ("Acme Corporation", "ACME Corp."),
        ("Kabushiki Kaisha Toshiba", "Toshiba"),
        ("サクラ・デュアルユース・トレーディング", "サクラデュアルユーストレーディング"),
        ("セキュリティー・ラボ", "ｾｷｭﾘﾃｨ･ﾗﾎﾞ"),  # half width, long mark
    ],
)
def test_screening_forms_fold_scripts_and_legal_forms(forms: NameForms, a: str, b: str) -> None:
    assert {f.key for f in forms.forms(a)} & {f.key for f in forms.forms(b)}


@pytest.mark.parametrize(
    ("a", "b"),
    [("華為技術", "华为海洋网络"), ("Huawei Technologies", "Huawei Marine Networks"), ("東芝", "東京")],
)
def test_screening_forms_keep_different_names_apart(forms: NameForms, a: str, b: str) -> None:
    assert not {f.key for f in forms.forms(a)} & {f.key for f in forms.forms(b)}


def _best(forms: NameForms, subject: Subject, index: ListIndex) -> dict[str, float]:
    return {
        index.entries[i].entry_id: m.score
        for i in index.candidates(subject.forms)
        if (m := score_pair(subject, index.entries[i]))
    }


@pytest.mark.parametrize(
    ("names", "country", "type_", "entry", "status"),
    [
        (("華為技術",), "CHN", "ORG", "ctl-huawei", "match"),  # Japanese kanji vs simplified alias
        (("ファーウェイ",), None, "ORG", "ctl-huawei", "match"),  # katakana alias
        (("Huawei Technologies",), "CHN", "ORG", "ctl-huawei", "match"),
        (("Huawei Technolgies",), "CHN", "ORG", "ctl-huawei", "match"),  # a typo
        (("海洋精密機械",), "JPN", "ORG", "ctl-kaiyo", "match"),
        (("イワン・シドロフ",), "RUS", "PERSON", "ctl-sidorov", "match"),
        (("Sidorov Ivan Petrovich",), None, "PERSON", "ctl-sidorov", "match"),  # family name first
        (("華為技術",), "JPN", "ORG", "ctl-huawei", "possible"),  # the country differs
    ],
)
def test_screening_matches_across_scripts(
    forms: NameForms, names: tuple[str, ...], country: str | None, type_: str, entry: str, status: str
) -> None:
    index = _index(forms)
    subject = _subject(forms, *names, type_=type_, country=country)
    found = {m.entry_id: m for m in screen([subject], index)}
    assert entry in found, found
    assert found[entry].status == status
    assert any(names[0] in why for why in found[entry].explanation)
    assert any("list: test" in why for why in found[entry].explanation)


@pytest.mark.parametrize(
    ("names", "country", "type_", "entry"),
    [
        (("華為技術",), "CHN", "ORG", "ctl-huawei-marine"),  # another Huawei company
        (("Huawei Technologies",), "CHN", "ORG", "ctl-huawei-marine"),
        (("海洋精密工業",), "JPN", "ORG", "ctl-kaiyo"),  # shares 海洋精密, another company
        (("中興通訊", "ZTE"), "CHN", "ORG", "ctl-zhongxing"),  # shares 中興
        (("イワン・シドロフ",), "RUS", "ORG", "ctl-sidorov"),  # an organisation is not a person
        (("Ivan Petrov",), "RUS", "PERSON", "ctl-sidorov"),
    ],
)
def test_screening_near_misses_do_not_match(
    forms: NameForms, names: tuple[str, ...], country: str | None, type_: str, entry: str
) -> None:
    found = {
        m.entry_id for m in screen([_subject(forms, *names, type_=type_, country=country)], _index(forms))
    }
    assert entry not in found


def test_screening_katakana_read_back_is_a_possible_match_at_most(forms: NameForms) -> None:
    index = _index(forms, "end_users.csv")
    subject = _subject(forms, "トーカイ・コーキ・ボーエキ", country="CHN")
    found = list(screen([subject], index))
    assert [m.status for m in found] == ["possible"]
    assert POSSIBLE_THRESHOLD <= found[0].score < MATCH_THRESHOLD
    assert "katakana read as" in found[0].explanation[0]


def test_screening_blocking_scores_only_candidates(forms: NameForms) -> None:
    from kizashi.screening.match import ScreenStats

    index = _index(forms)
    stats = ScreenStats()
    list(screen([_subject(forms, "華為技術"), _subject(forms, "Toyota Motor")], index, stats))
    assert stats.entries == 5
    assert 0 < stats.candidates < 2 * stats.entries  # not every pair
