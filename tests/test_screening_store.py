"""Screening against the store (``kizashi.screening.run``, ``kizashi.storage.lists``) and its CLI
(``kizashi lists``), on SQLite and on a real PostgreSQL server (tests/pg.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.errors import DataFileError, KizashiError
from kizashi.records import Entity
from kizashi.screening.run import import_list, screen_store
from kizashi.storage import Store, matches, open_store
from kizashi.storage import lists as sql
from tests.desk_fixtures import Article, add
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
LISTS = Path(__file__).resolve().parent / "data" / "lists"
ENTITIES = [
    Entity("e_huawei", "Huawei", "ORG", "CHN", "Q160120", names=("華為技術", "ファーウェイ")),
    Entity("e_zte", "ZTE", "ORG", "CHN", names=("中興通訊",)),
    Entity("e_kaiyo", "Kaiyo Precision Machinery", "ORG", "JPN", linked=False, names=("海洋精密機械",)),
    Entity("e_kogyo", "Kaiyo Seimitsu Kogyo", "ORG", "JPN", linked=False, names=("海洋精密工業",)),
    Entity("e_sidorov", "Ivan Sidorov", "PERSON", "RUS", linked=False, names=("イワン・シドロフ",)),
    Entity(
        "e_sakura", "Sakura Dual Use Trading", "ORG", "JPN", linked=False, names=("桜デュアルユース貿易",)
    ),
    Entity("e_beihang", "Beihang University", "ORG", "CHN", names=("北京航空航天大学",)),
    Entity("e_us", "United States", "GPE", "USA", names=("米国",)),
]


def _article(doc_id: str, ents: list[Entity]) -> Article:
    text = "。".join(f"{e.names[0]}が発表した" for e in ents) + "。"
    return Article(doc_id, text, "2025-03-01", [(e.names[0], e) for e in ents])


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'k.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(str(url))
    add(opened, _article("d_screen", ENTITIES))
    yield opened
    opened.close()


def _pairs(store: Store, status: str | None = None) -> set[tuple[str, str]]:
    return {(m["entity_id"], m["entry_caption"]) for m in matches.query_matches(store, status=status)}


def test_screening_store_imports_ftm_and_csv(store: Store) -> None:
    ftm = import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    csv = import_list(store, LISTS / "end_users.csv", name="eul", version="2024-04")
    assert (ftm.format, ftm.load.entries, csv.format, csv.load.entries) == ("ftm", 5, "csv", 3)
    loaded = {r["name"]: (r["version"], r["entries"]) for r in sql.list_summaries(store)}
    assert loaded == {"controls": ("v1", 5), "eul": ("2024-04", 3)}
    entry = next(e for e in sql.list_entries(store) if e["caption"] == "Beihang University")
    assert entry["names"][1] == "北京航空航天大学"
    assert entry["listed_on"] == "2020-12-18"


def test_screening_store_matches_across_scripts(store: Store) -> None:
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    import_list(store, LISTS / "end_users.csv", name="eul", version="2024-04")
    res = screen_store(store)
    found = _pairs(store, "match")
    assert ("e_huawei", "Huawei Technologies Co., Ltd.") in found
    assert ("e_kaiyo", "Kaiyo Seimitsu Kikai Co., Ltd.") in found
    assert ("e_sidorov", "Ivan Petrovich Sidorov") in found
    assert ("e_beihang", "Beihang University") in found
    everything = _pairs(store)
    for wrong in [
        ("e_huawei", "Huawei Marine Networks Co., Ltd."),
        ("e_kogyo", "Kaiyo Seimitsu Kikai Co., Ltd."),
        ("e_zte", "Zhongxing Radar Research Institute"),
    ]:
        assert wrong not in everything
    assert not any(m["entity_id"] == "e_us" for m in matches.query_matches(store))  # places are not screened
    assert res.stats.candidates < res.stats.subjects * res.stats.entries
    huawei = matches.query_matches(store, entity_id="e_huawei")[0]
    assert huawei["programs"] == ["US Entity List"]
    assert "since 2019-05-16" in huawei["explanation"][-1]


def test_screening_store_rerun_adds_no_duplicates(store: Store) -> None:
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    first = screen_store(store)
    before = matches.query_matches(store)
    again = screen_store(store)
    assert (again.new, again.gone) == (0, 0)
    assert first.new == len(before) > 0
    assert [m["match_id"] for m in matches.query_matches(store)] == [m["match_id"] for m in before]


def test_screening_store_reimport_records_added_and_removed(store: Store) -> None:
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    screen_store(store)
    assert ("e_sidorov", "Ivan Petrovich Sidorov") in _pairs(store)
    v2 = import_list(store, LISTS / "controls_v2.ftm.json", name="controls", version="v2")
    assert (len(v2.load.added), len(v2.load.removed), v2.load.entries) == (1, 1, 5)
    versions = sql.list_versions(store, "controls")
    assert [(v["version"], v["added"], v["removed"]) for v in versions] == [("v1", 5, 0), ("v2", 1, 1)]
    changes = {(c["change"], c["caption"]) for c in sql.list_changes(store, versions[-1]["version_id"])}
    assert changes == {("added", "Sakura Dual Use Trading K.K."), ("removed", "Ivan Petrovich Sidorov")}
    screen_store(store)
    pairs = _pairs(store)
    assert ("e_sidorov", "Ivan Petrovich Sidorov") not in pairs  # delisted
    assert ("e_sakura", "Sakura Dual Use Trading K.K.") in pairs  # newly listed
    kept = next(e for e in sql.list_entries(store) if e["record_id"] == "ctl-huawei")
    assert kept["added_in"] == "v1"


def test_screening_store_review_kept_over_rescreen_and_reimport(store: Store) -> None:
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    screen_store(store)
    by_entity = {m["entity_id"]: m for m in matches.query_matches(store)}
    matches.review_match(store, by_entity["e_huawei"]["match_id"], "rejected")
    matches.review_match(store, by_entity["e_sidorov"]["match_id"], "confirmed")
    screen_store(store)
    import_list(store, LISTS / "controls_v2.ftm.json", name="controls", version="v2")  # Sidorov goes
    screen_store(store)
    assert _pairs(store, "rejected") == {("e_huawei", "Huawei Technologies Co., Ltd.")}
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v3")  # and comes back
    screen_store(store)
    assert _pairs(store, "confirmed") == {("e_sidorov", "Ivan Petrovich Sidorov")}
    assert _pairs(store, "rejected") == {("e_huawei", "Huawei Technologies Co., Ltd.")}
    assert matches.listed_entity_ids(store) >= {"e_sidorov", "e_kaiyo"}
    assert "e_huawei" not in matches.listed_entity_ids(store)


def test_screening_store_bad_file_refused_whole_keeping_the_loaded_version(
    store: Store, tmp_path: Path
) -> None:
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    bad = tmp_path / "controls_v2.ftm.json"
    good = (LISTS / "controls_v2.ftm.json").read_text(encoding="utf-8").splitlines()
    bad.write_text(
        "\n".join([*good[:2], '{"id": "x", "schema": "Company"', *good[2:]]) + "\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"controls_v2\.ftm\.json: line 3: not JSON"):
        import_list(store, bad, name="controls", version="v2")
    assert [(r["version"], r["entries"]) for r in sql.list_summaries(store)] == [("v1", 5)]
    assert [v["version"] for v in sql.list_versions(store, "controls")] == ["v1"]


def test_screening_store_review_refuses_unknown(store: Store) -> None:
    with pytest.raises(KizashiError, match="no match"):
        matches.review_match(store, "x_nothing", "confirmed")
    with pytest.raises(KizashiError, match="decision"):
        matches.review_match(store, "x_nothing", "maybe")


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_screening_cli_import_screen_matches_review(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    add(open_store(db), _article("d_cli", ENTITIES))
    shutil.copy(LISTS / "end_users.csv", tmp_path / "eul.csv")
    said = _cli("lists", "import", str(tmp_path / "eul.csv"), "--name", "eul", "--version", "1", "--db", db)
    assert "3 entries, 3 added, 0 removed" in said
    assert "screened 7 entities against 3 list entries: 1 matches" in said
    assert "eul" in _cli("lists", "--db", db)
    shown = _cli("lists", "matches", "--json", "--db", db)
    assert '"entity_id": "e_beihang"' in shown
    match_id = matches.query_matches(open_store(db))[0]["match_id"]
    assert "confirmed" in _cli("lists", "review", match_id, "confirm", "--db", db)
    assert "Beihang" in _cli("lists", "matches", "--status", "confirmed", "--db", db)
    assert "1 matches (0 new, 0 gone)" in _cli("lists", "screen", "--db", db)
    assert "added" in _cli("lists", "versions", "eul", "--changes", "--db", db)


def test_screening_cli_bad_file_names_file_and_line(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    result = CliRunner().invoke(
        app, ["lists", "import", str(LISTS / "bad_row.csv"), "--name", "x", "--db", db]
    )
    assert result.exit_code == 2
    assert "bad_row.csv: line 3: the name is empty" in " ".join(result.output.split())


def test_screening_store_events_carry_listed_flag_and_filter(tmp_path: Path) -> None:
    from kizashi.storage.queries import Filters, list_events
    from tests.desk_fixtures import ARTICLES

    store = open_store(str(tmp_path / "k.db"))
    for article in ARTICLES:
        add(store, article)
    assert not any(e["listed"] for e in list_events(store).items)  # no list loaded yet
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    screen_store(store)
    events = list_events(store).items
    flagged = {e["event_id"] for e in events if e["listed"] is True}
    assert flagged == {e["event_id"] for e in events if "e_huawei" in (e["actor1_id"], e["actor2_id"])}
    assert flagged
    assert {e["event_id"] for e in list_events(store, Filters(listed=True)).items} == flagged
    match = matches.query_matches(store, entity_id="e_huawei")[0]
    matches.review_match(store, match["match_id"], "rejected")
    assert list_events(store, Filters(listed=True)).total == 0


def test_screening_store_new_list_entry_raises_alerts_once(store: Store) -> None:
    from kizashi.desk.alerts import check_watchlists
    from kizashi.desk.watchlists import parse_spec, save_watchlist

    save_watchlist(store, parse_spec({"name": "listed", "entities": ["@listed"]}))
    assert check_watchlists(store) == []  # nothing is listed yet
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    screen_store(store)
    first = [a for a in check_watchlists(store) if a["kind"] == "listing"]
    assert {a["evidence"].split(" is on ")[0] for a in first} >= {"Huawei", "Ivan Sidorov"}
    huawei = next(a for a in first if a["evidence"].startswith("Huawei"))
    assert huawei["evidence"] == "Huawei is on controls since 2019-05-16: Huawei Technologies Co., Ltd."
    assert huawei["story_id"]
    assert huawei["doc_id"] == "d_screen"
    import_list(store, LISTS / "controls_v2.ftm.json", name="controls", version="v2")  # adds Sakura
    screen_store(store)
    second = check_watchlists(store)
    assert [a["evidence"].split(" is on ")[0] for a in second] == ["Sakura Dual Use Trading"]
    screen_store(store)
    assert check_watchlists(store) == []


def test_screening_store_some_entities_replaces_only_their_matches(store: Store) -> None:
    import_list(store, LISTS / "controls_v1.ftm.json", name="controls", version="v1")
    import_list(store, LISTS / "end_users.csv", name="eul", version="2024-04")
    screen_store(store)
    everything = _pairs(store)
    assert sql.document_entity_ids(store, ["d_screen"], ("ORG",)) == {
        e.entity_id for e in ENTITIES if e.type == "ORG"
    }
    huawei = screen_store(store, entity_ids={"e_huawei"})
    assert huawei.stats.subjects == 1
    assert (huawei.new, huawei.changed, huawei.gone) == (0, 0, 0)
    assert _pairs(store) == everything  # the others' matches are kept
    sql.write_matches(store, [], entity_ids={"e_huawei"})  # as if Huawei matched nothing now
    assert _pairs(store) == {p for p in everything if p[0] != "e_huawei"}
    assert screen_store(store, entity_ids={"e_huawei"}).new == len(
        {p for p in everything if p[0] == "e_huawei"}
    )
    assert _pairs(store) == everything
