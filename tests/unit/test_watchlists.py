from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kizashi import ids
from kizashi.desk.alerts import check_watchlists, list_alerts
from kizashi.desk.watchlists import (
    delete_watchlist,
    find_watchlist,
    list_watchlists,
    load_watchlists,
    parse_spec,
    resolve_entities,
    save_watchlist,
    upsert_by_name,
)
from kizashi.errors import KizashiError
from kizashi.records import Entity
from kizashi.storage import Store
from tests.desk_fixtures import CN, HUAWEI, JP, US, Article, add, analysis, build_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "w.db")


def _watch(store: Store, **spec: object) -> int:
    return save_watchlist(store, parse_spec({"name": "w", **spec}))


def test_watchlists_spec_splits_text_fields_and_normalises() -> None:
    spec = parse_spec(
        {"name": "  chips  watch ", "keywords": "半導体、ＡＩ,\n輸出規制", "event_types": ["meet"]}
    )
    assert spec.name == "chips watch"
    assert spec.keywords == ["半導体", "AI", "輸出規制"]
    assert spec.event_types == ["MEET"]


@pytest.mark.parametrize(
    "data",
    [{"name": "empty"}, {"name": "", "keywords": ["a"]}, {"name": "x", "colour": "red", "keywords": ["a"]},
     {"name": "x", "keywords": ["あ" * 201]}],
)  # fmt: skip
def test_watchlists_spec_refuses_bad_input(data: dict[str, object]) -> None:
    with pytest.raises(KizashiError):
        parse_spec(data)


@pytest.mark.parametrize("given", [["meet"], ["Meet", "EXPORT_CONTROL"]])
def test_watchlists_spec_event_types_any_case(given: list[str]) -> None:
    spec = parse_spec({"name": "x", "event_types": given}, event_types={"MEET", "EXPORT_CONTROL"})
    assert spec.event_types == [t.upper() for t in given]


@pytest.mark.parametrize("given", [["NOPE"], ["MEET", "meeting"]])
def test_watchlists_spec_refuses_unknown_event_type(tmp_path: Path, given: list[str]) -> None:
    known = {"MEET", "EXPORT_CONTROL"}
    with pytest.raises(KizashiError, match=rf"event_types: unknown value '{given[-1].upper()}'"):
        parse_spec({"name": "x", "event_types": given}, event_types=known)
    path = tmp_path / "w.yaml"
    path.write_text(f"name: x\nevent_types: [{', '.join(given)}]\n", encoding="utf-8")
    with pytest.raises(KizashiError, match=r"w\.yaml\[0\]: event_types"):
        load_watchlists(path, event_types=known)


def test_watchlists_load_yaml_forms(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text("name: A\nentities: [中国]\n", encoding="utf-8")
    many = tmp_path / "many.yaml"
    many.write_text(
        "watchlists:\n  - {name: B, keywords: [半導体]}\n  - {name: C, event_types: [MEET]}\n",
        encoding="utf-8",
    )
    assert [s.name for s in load_watchlists(one)] == ["A"]
    assert [s.name for s in load_watchlists(many)] == ["B", "C"]


def test_watchlists_load_yaml_names_the_file_in_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(KizashiError, match=r"bad\.yaml"):
        load_watchlists(bad)


def test_watchlists_names_are_unique(store: Store) -> None:
    _watch(store, keywords=["a"])
    with pytest.raises(KizashiError, match="exists"):
        _watch(store, keywords=["b"])
    upsert_by_name(store, parse_spec({"name": "w", "keywords": ["c"]}))
    assert [w["keywords"] for w in list_watchlists(store)] == [["c"]]


@pytest.mark.parametrize("term", ["e_huawei", "Q160120", "huawei", "華為技術", "ファーウェイ"])
def test_watchlists_resolve_entities_by_any_name(store: Store, term: str) -> None:
    assert [e["entity_id"] for e in resolve_entities(store, [term])[term]] == ["e_huawei"]


def test_watchlists_resolve_whole_names_only(store: Store) -> None:
    assert resolve_entities(store, ["華為"])["華為"] == []


def test_alerts_entity_and_type_one_per_cluster(store: Store) -> None:
    wl = _watch(store, entities=["ファーウェイ"], event_types=["EXPORT_CONTROL"])
    new = check_watchlists(store, wl)
    assert {a["event_type"] for a in new} == {"EXPORT_CONTROL"}
    assert {a["doc_id"] for a in new} == {"d_controls", "d_controls_b"}  # two actors: two clusters
    assert all("counterpart: Huawei" in a["reasons"] for a in new)


def test_alerts_are_raised_once(store: Store) -> None:
    wl = _watch(store, entities=["China"])
    first = check_watchlists(store, wl)
    assert first
    assert check_watchlists(store, wl) == []
    assert list_alerts(store, watchlist_id=wl).total == len(first)


def test_alerts_deduplicate_reports_of_one_event(store: Store) -> None:
    wl = _watch(store, event_types=["MEET"], entities=["China"])
    assert len(check_watchlists(store, wl)) == 1
    # another outlet reports the same meeting: same type, actors and date, so the same cluster
    add(store, Article("d_meeting_2", "日本と中国の外相が会談した。", "2024-03-04",
                       [("日本", JP), ("中国", CN)], [("MEET", "e_jp", "e_cn", "会談", None)]))  # fmt: skip
    assert check_watchlists(store, wl) == []


def test_alerts_new_event_raises_a_new_alert(store: Store) -> None:
    wl = _watch(store, entities=["米国"], event_types=["MEET"])
    assert len(check_watchlists(store, wl)) == 1
    add(store, Article("d_new", "米国と中国が会談した。", "2024-08-01", [("米国", US), ("中国", CN)],
                       [("MEET", "e_us", "e_cn", "会談", None)]))  # fmt: skip
    new = check_watchlists(store, wl)
    assert [a["doc_id"] for a in new] == ["d_new"]
    assert new[0]["evidence"] == "米国と中国が会談した。"


def test_alerts_keywords_match_evidence_then_stories(store: Store) -> None:
    add(store, Article("d_column", "半導体の供給網について考える。", "2024-09-01", []))
    wl = _watch(store, keywords=["半導体"])
    new = check_watchlists(store, wl)
    kinds = {(a["doc_id"], a["kind"]) for a in new}
    # a sentence that is an event's evidence names 半導体: event alerts; a story without events: a story alert
    assert kinds == {("d_controls", "event"), ("d_summit", "event"), ("d_column", "story")}
    story = next(a for a in new if a["kind"] == "story")
    assert "半導体" in story["evidence"]


def test_alerts_typed_watchlists_ignore_stories(store: Store) -> None:
    wl = _watch(store, keywords=["半導体"], event_types=["MEET"])
    assert {a["kind"] for a in check_watchlists(store, wl)} <= {"event"}


def test_alerts_unknown_entities_match_nothing_until_seen(store: Store) -> None:
    wl = _watch(store, entities=["Nexperia"])
    assert check_watchlists(store, wl) == []


def test_alerts_list_and_delete(store: Store) -> None:
    a = _watch(store, entities=[HUAWEI.canonical])
    b = save_watchlist(store, parse_spec({"name": "second", "keywords": ["会談"]}))
    check_watchlists(store)
    assert (
        list_alerts(store).total
        == list_alerts(store, watchlist_id=a).total + list_alerts(store, watchlist_id=b).total
    )
    page = list_alerts(store, limit=1, offset=1)
    assert len(page.items) == 1
    assert page.items[0]["watchlist"] in {"w", "second"}
    assert delete_watchlist(store, a)
    assert find_watchlist(store, "w") is None
    assert list_alerts(store, watchlist_id=a).total == 0


def test_watchlists_resolve_names_as_articles_write_them(store: Store) -> None:
    assert resolve_entities(store, ["米側"])["米側"] == []
    add(store, Article("d_side", "米側は協議を求めた。", "2024-09-02", [("米側", US)]))
    # not a listed name of the United States, but how an article names it
    assert [e["entity_id"] for e in resolve_entities(store, ["米側"])["米側"]] == ["e_us"]


MOFCOM = Entity(
    ids.entity_id("gaz:chn_mofcom"), "Ministry of Commerce of the People's Republic of China", "ORG", "CHN",
    names=("中国商務省",),
)  # fmt: skip
WANG = Entity(ids.entity_id("gaz:wang_wentao"), "Wang Wentao", "PERSON", "CHN", names=("王文濤",))
FIRM = Entity(ids.entity_id("gaz:huawei"), "Huawei", "ORG", "CHN", "Q160120", names=("ファーウェイ",))
OFFICIAL = Entity("e_unk_li", "Li Ming", "PERSON", "CHN", linked=False, names=("李明",))
PRIVATE = Entity("e_unk_zhang", "Zhang Wei", "PERSON", "CHN", linked=False, names=("張偉",))


def _china_bodies_store(tmp_path: Path) -> Store:
    """Export controls by China's commerce ministry, its minister, an unknown official written
    with his title, a Chinese firm and a Chinese person written without one."""
    store = build_store(tmp_path / "w.db")
    for doc_id, surface, ent, date in [
        ("d_mofcom", "中国商務省", MOFCOM, "2024-07-01"),
        ("d_wang", "王文濤", WANG, "2024-07-02"),
        ("d_firm", "ファーウェイ", FIRM, "2024-07-03"),
    ]:
        text = f"{surface}は日本向けの希少金属の輸出規制を発表した。"
        add(
            store,
            Article(
                doc_id,
                text,
                date,
                [(surface, ent), ("日本", JP)],
                [("EXPORT_CONTROL", ent.entity_id, "e_jp", "輸出規制", None)],
            ),
        )
    for doc_id, surface, ent, role in [
        ("d_li", "李明", OFFICIAL, "商務次官"),
        ("d_zhang", "張偉", PRIVATE, None),
    ]:
        text = f"{surface}は日本向けの希少金属の輸出規制を発表した。"
        art = Article(
            doc_id,
            text,
            "2024-07-04",
            [(surface, ent), ("日本", JP)],
            [("EXPORT_CONTROL", ent.entity_id, "e_jp", "輸出規制", None)],
        )
        an = analysis(art)
        if role:
            an = replace(an, roles=((ent.entity_id, role),))
        store.upsert(an, tokens={an.document.stories[0].story_id: text})
    return store


def test_watchlists_country_matches_its_bodies_and_officials(tmp_path: Path) -> None:
    store = _china_bodies_store(tmp_path)
    wl = _watch(store, entities=["中国"], event_types=["EXPORT_CONTROL"])
    check_watchlists(store)
    alerts = list_alerts(store, watchlist_id=wl).items
    by_doc = {a["doc_id"]: a for a in alerts}
    assert set(by_doc) == {"d_mofcom", "d_wang", "d_li"}  # not the firm, not the untitled person
    assert (
        "actor: Ministry of Commerce of the People's Republic of China (of China)"
        in by_doc["d_mofcom"]["reasons"]
    )
    assert "actor: Wang Wentao (of China)" in by_doc["d_wang"]["reasons"]


def test_watchlists_country_bodies_can_be_turned_off(tmp_path: Path) -> None:
    store = _china_bodies_store(tmp_path)
    wl = _watch(store, entities=["China"], event_types=["EXPORT_CONTROL"], country_bodies=False)
    check_watchlists(store)
    assert list_alerts(store, watchlist_id=wl).items == []  # China itself did no export control
    row = find_watchlist(store, "w")
    assert row is not None
    assert row["country_bodies"] is False


def test_watchlists_a_body_is_not_a_country(tmp_path: Path) -> None:
    """Naming the ministry matches the ministry, not every body of China."""
    store = _china_bodies_store(tmp_path)
    wl = _watch(store, entities=["中国商務省"], event_types=["EXPORT_CONTROL"])
    check_watchlists(store)
    assert {a["doc_id"] for a in list_alerts(store, watchlist_id=wl).items} == {"d_mofcom"}
