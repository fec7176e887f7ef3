from __future__ import annotations

from kizashi.events.merge import EventKey, cluster


def _key(eid: str, doc: str, type_: str, a1: str, a2: str | None, date: str | None) -> EventKey:
    return EventKey(eid, doc, "s_" + doc, type_, a1, a2, date, "happened")


def test_merge_same_meeting_in_two_documents_is_one_cluster() -> None:
    out = cluster([_key("1", "d1", "MEET", "wang", "raimondo", "2023-05-25"),
                   _key("2", "d2", "MEET", "raimondo", "wang", "2023-05-25")])  # fmt: skip
    assert out["1"] == out["2"]


def test_merge_month_precision_joins_a_day() -> None:
    out = cluster(
        [_key("1", "d1", "AGREE", "a", "b", "2023-05"), _key("2", "d2", "AGREE", "a", "b", "2023-05-25")]
    )
    assert out["1"] == out["2"]


def test_merge_different_dates_or_types_stay_apart() -> None:
    out = cluster([
        _key("1", "d1", "MEET", "a", "b", "2023-05-25"),
        _key("2", "d2", "MEET", "a", "b", "2023-06-02"),
        _key("3", "d3", "AGREE", "a", "b", "2023-05-25"),
    ])  # fmt: skip
    assert len(set(out.values())) == 3


def test_merge_direction_matters_for_measures() -> None:
    out = cluster(
        [
            _key("1", "d1", "SANCTION", "usa", "chn", "2024-01"),
            _key("2", "d2", "SANCTION", "chn", "usa", "2024-01"),
        ]
    )
    assert out["1"] != out["2"]


def test_merge_ids_are_stable_across_runs() -> None:
    keys = [_key("1", "d1", "MEET", "a", "b", "2023-05-25"), _key("2", "d2", "MEET", "b", "a", None)]
    assert cluster(keys) == cluster(list(reversed(keys)))
