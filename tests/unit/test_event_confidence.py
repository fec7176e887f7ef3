"""The confidence model: features read off what the rules recorded, weights from the taxonomy file."""

from __future__ import annotations

import pytest

from kizashi.errors import KizashiError
from kizashi.events.confidence import FEATURES, calibrate, features
from kizashi.events.taxonomy import _parse, load_taxonomy
from kizashi.records import Event


def _event(**kw: object) -> Event:
    base: dict[str, object] = dict(
        event_id="v_1", doc_id="d", story_id="s", type="MEET", actor1="e_a", actor2="e_b", evidence="x" * 40,
        start=0, end=40, trigger="会談", status="happened", date="2024-05-01", date_text="1日",
        explanation=("trigger: 会談 (MEET)", "actor1: A marked by は", "parse: actor1 depends on the trigger's predicate"),
    )  # fmt: skip
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_confidence_features_read_the_explanation() -> None:
    x = dict(
        zip(
            FEATURES,
            features("MEET", "happened", True, True, _event().explanation, 40, load_taxonomy().kinds),
            strict=True,
        )
    )
    assert x["agent_marked"] == x["parse_confirms"] == x["counterpart"] == 1.0
    assert x["carried_subject"] == x["not_happened"] == 0.0


def test_confidence_the_shipped_weights_rank_a_marked_pair_above_a_guess() -> None:
    weights = load_taxonomy().confidence
    assert set(weights) <= set(FEATURES)
    sure, guess = calibrate(
        [
            _event(),
            _event(
                event_id="v_2", actor2=None, status="planned",
                explanation=("trigger: 会談 (MEET)", "actor1: A, subject carried from an earlier clause"),
            ),
        ],
        weights,
        load_taxonomy().kinds,
    )  # fmt: skip
    assert 0.0 <= guess.confidence < sure.confidence <= 1.0


def test_confidence_without_weights_keeps_the_rules_guess() -> None:
    assert calibrate([_event(confidence=0.42)], {}, {})[0].confidence == 0.42


def test_confidence_an_unknown_feature_is_an_error_naming_it() -> None:
    text = "types: {}\nstatus: {}\nconfidence: {bias: 0.1, shoe_size: 2.0}\n"
    with pytest.raises(KizashiError, match="shoe_size"):
        _parse(text, "event_types.yaml")
