"""Removing a screening list (``kizashi lists remove``, issue 18), on SQLite and PostgreSQL: its
entries, versions and matches go, the decisions about its entries go with them (or are kept on
request, to apply again to a list of the same name), and every other list is left as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kizashi.errors import KizashiError
from kizashi.records import Entity
from kizashi.screening.run import import_list, screen_store
from kizashi.storage import Store, matches, open_store
from kizashi.storage import lists as sql
from kizashi.storage.list_removal import remove_list
from tests.cli_process import kizashi
from tests.desk_fixtures import Article, add
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
HEADER = "name,aliases,country,list,program,listed date,source url\n"
ALPHA_V1 = HEADER + (
    "Kuroshio Optics Trading,黒潮光学貿易,JP,Alpha List,ALPHA,2021-01-01,\n"
    "Hokuto Marine Logistics,北斗海運物流,JP,Alpha List,ALPHA,2022-02-02,\n"
)
ALPHA_V2 = HEADER + "Kuroshio Optics Trading,黒潮光学貿易,JP,Alpha List,ALPHA,2021-01-01,\n"  # drops Hokuto
BETA = HEADER + "Hokuto Marine Logistics,北斗海運物流,JP,Beta List,BETA,2023-03-03,\n"
ENTITIES = [
    Entity("e_kuroshio", "Kuroshio Optics Trading", "ORG", "JPN", linked=False, names=("黒潮光学貿易",)),
    Entity("e_hokuto", "Hokuto Marine Logistics", "ORG", "JPN", linked=False, names=("北斗海運物流",)),
]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'k.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(str(url))
    text = "。".join(f"{e.names[0]}が発表した" for e in ENTITIES) + "。"
    add(opened, Article("d_remove", text, "2025-03-01", [(e.names[0], e) for e in ENTITIES]))
    yield opened
    opened.close()


def _lists(store: Store, tmp_path: Path) -> dict[tuple[str, str], str]:
    """alpha v1 then v2 (which drops Hokuto), and beta; each match reviewed.
    Returns (list, entity) -> match id."""
    for name, text in (("alpha_v1", ALPHA_V1), ("alpha_v2", ALPHA_V2), ("beta", BETA)):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    import_list(store, tmp_path / "alpha_v1.csv", name="alpha", version="1")
    screen_store(store)
    hokuto_alpha = next(m for m in matches.query_matches(store, entity_id="e_hokuto"))
    matches.review_match(store, hokuto_alpha["match_id"], "rejected")  # a decision on an entry v2 drops
    import_list(store, tmp_path / "alpha_v2.csv", name="alpha", version="2")
    import_list(store, tmp_path / "beta.csv", name="beta", version="1")
    screen_store(store)
    ids = {(m["list_name"], m["entity_id"]): m["match_id"] for m in matches.query_matches(store)}
    assert set(ids) == {("alpha", "e_kuroshio"), ("beta", "e_hokuto")}
    matches.review_match(store, ids["alpha", "e_kuroshio"], "confirmed")
    matches.review_match(store, ids["beta", "e_hokuto"], "confirmed")
    return ids


def test_screening_remove_list_and_its_decisions(store: Store, tmp_path: Path) -> None:
    ids = _lists(store, tmp_path)
    assert len(store.rows("list_reviews")) == 3
    res = remove_list(store, "alpha")
    assert (res.entries, res.versions, res.matches, res.reviews, res.reviews_kept) == (1, 2, 1, 2, 0)
    assert [r["name"] for r in sql.list_summaries(store)] == ["beta"]
    assert store.rows("list_versions", {"list_name": "alpha"}) == []
    assert {r["version_id"] for r in store.rows("list_changes")} == {
        r["version_id"] for r in store.rows("list_versions", {"list_name": "beta"})
    }
    # beta, its match and its decision are untouched
    assert [(m["match_id"], m["status"]) for m in matches.query_matches(store)] == [
        (ids["beta", "e_hokuto"], "confirmed")
    ]
    assert [(r["entity_id"], r["decision"]) for r in store.rows("list_reviews")] == [
        ("e_hokuto", "confirmed")
    ]
    assert matches.listed_entity_ids(store) == {"e_hokuto"}
    # imported again under the name, alpha starts with no decision
    import_list(store, tmp_path / "alpha_v1.csv", name="alpha", version="3")
    screen_store(store)
    statuses = {(m["list_name"], m["entity_id"]): m["status"] for m in matches.query_matches(store)}
    assert statuses == {("alpha", "e_kuroshio"): "match", ("alpha", "e_hokuto"): "match",
                        ("beta", "e_hokuto"): "confirmed"}  # fmt: skip


def test_screening_remove_list_keeping_decisions(store: Store, tmp_path: Path) -> None:
    _lists(store, tmp_path)
    res = remove_list(store, "alpha", keep_reviews=True)
    assert (res.reviews, res.reviews_kept) == (0, 2)
    assert len(store.rows("list_reviews")) == 3
    assert matches.listed_entity_ids(store) == {"e_hokuto"}  # a kept decision alone lists nobody
    import_list(store, tmp_path / "alpha_v1.csv", name="alpha", version="3")
    screen_store(store)
    statuses = {(m["list_name"], m["entity_id"]): m["status"] for m in matches.query_matches(store)}
    assert statuses == {("alpha", "e_kuroshio"): "confirmed", ("alpha", "e_hokuto"): "rejected",
                        ("beta", "e_hokuto"): "confirmed"}  # fmt: skip


def test_screening_remove_unknown_list(store: Store) -> None:
    with pytest.raises(KizashiError, match="no list named 'nope'"):
        remove_list(store, "nope")


@pytest.mark.slow
def test_screening_cli_lists_remove(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    store = open_store(str(db))
    try:
        text = "。".join(f"{e.names[0]}が発表した" for e in ENTITIES) + "。"
        add(store, Article("d_remove", text, "2025-03-01", [(e.names[0], e) for e in ENTITIES]))
        _lists(store, tmp_path)
    finally:
        store.close()
    unknown = kizashi("lists", "remove", "nope", "--db", db, env={"COLUMNS": "1000"})
    assert unknown.returncode == 2
    assert "error: no list named 'nope'" in unknown.stderr
    done = kizashi("lists", "remove", "alpha", "--db", db, env={"COLUMNS": "1000"})
    assert done.returncode == 0, done.stderr
    assert "list 'alpha' removed: 1 entries, 2 versions, 1 matches, 2 review decisions" in done.stderr
    shown = kizashi("lists", "--db", db, env={"COLUMNS": "1000"})
    assert "beta" in shown.stdout
    assert "alpha" not in shown.stdout
