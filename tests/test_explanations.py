"""Explanations agree with the values they explain (#15), on every event of the demo corpus."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from kizashi.events import confidence
from kizashi.events.explain import finalise
from kizashi.records import Entity, Event


def test_explanations_name_final_actors_and_dates(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        rows = conn.execute(
            "SELECT e.event_id, a1.canonical, a2.canonical, e.date, e.explanation FROM events e "
            "LEFT JOIN entities a1 ON a1.entity_id = e.actor1 LEFT JOIN entities a2 ON a2.entity_id = e.actor2"
        ).fetchall()
    assert len(rows) > 50
    for event_id, actor1, actor2, date, raw in rows:
        lines = json.loads(raw)
        for field, value in (("actor1", actor1), ("actor2", actor2)):
            said = [x for x in lines if x.startswith(field + ":")]
            if value is None:
                assert not said, (event_id, said)
            else:
                assert said, (event_id, lines)
                assert all(x.startswith(f"{field}: {value}") for x in said), (event_id, lines)
        dated = [x for x in lines if x.startswith("date:")]
        if date:
            assert len(dated) == 1, (event_id, lines)
            assert date in dated[0], (event_id, lines)
            assert "None" not in dated[0]
            if "->" in dated[0]:
                assert dated[0].split("->")[1].split()[0] == date, (event_id, lines)
        else:
            assert not dated, (event_id, lines)


def _entity(eid: str, canonical: str, *names: str) -> Entity:
    return Entity(entity_id=eid, canonical=canonical, type="PERSON", names=names)


def test_explain_finalise_rewrites_stale_notes() -> None:
    by_id = {
        "e_w": _entity("e_w", "Wang Wentao", "王文濤"),
        "e_m": _entity("e_m", "Ministry of Commerce of China", "中国商務省"),
        "e_r": _entity("e_r", "Gina Raimondo", "レモンド"),
    }
    ev = Event(
        event_id="v_1", doc_id="d", story_id="s", type="AGREE", actor1="e_w", actor2="e_r",
        evidence="…", start=0, end=1, trigger="合意", date="2025-05-25", date_text=None,
        explanation=(
            "trigger: 合意 (AGREE)",
            "actor1: 中国商務省 marked by は",
            "date: 26日 -> 2025-05-26",
            "parties: those of the meeting reported just before",
        ),
    )  # fmt: skip
    lines = finalise(ev, by_id, {"e_m": {"中国商務省"}}).explanation
    assert lines[0] == "trigger: 合意 (AGREE)"
    assert lines[1].startswith("actor1: Wang Wentao")
    assert not any(x.startswith("actor") and "中国商務省" in x for x in lines)
    assert lines[2].startswith("actor2: Gina Raimondo")
    assert lines[3].startswith("date: 2025-05-25")
    assert not any("05-26" in x for x in lines)
    # the overridden note stays, marked, after the fields: the confidence model reads it
    assert lines[-2:] == (
        "parties: those of the meeting reported just before",
        "overridden: actor1 first read as 中国商務省 marked by は",
    )
    kinds = {"speech": frozenset({"ACCUSE"}), "measure": frozenset({"SANCTION"})}
    assert confidence.features("AGREE", "happened", True, False, lines, 10, kinds) == confidence.features(
        "AGREE", "happened", True, False, ev.explanation, 10, kinds
    )
    # without an override, a note quoting another entity's name is dropped, one about this actor kept
    kept = finalise(
        Event(**{**_fields(ev), "explanation": ("actor1: 王文濤 marked by は", "date: 25日 -> 2025-05-25")}),
        by_id,
        {},
    ).explanation
    assert kept == (
        "actor1: Wang Wentao (王文濤 marked by は)",
        "actor2: Gina Raimondo",
        "date: 25日 -> 2025-05-25",
    )


def _fields(ev: Event) -> dict[str, object]:
    return {f: getattr(ev, f) for f in ev.__slots__}  # type: ignore[attr-defined]
