"""How sure an event is: a logistic model over what the rules found, with weights fitted on the
development set (real pages with gold), kept in the taxonomy file's ``confidence`` section.

Each feature is a fact the extraction records: whether the agent stands with a case particle,
whether the parse links it to the trigger, whether a date or a counterpart was found, and which
inference supplied a party (a carried subject, an anaphor, a meeting told before). The weights say
how often events with that fact were right on pages nobody wrote rules on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from kizashi.records import Event

# the features, in the order of their weights; "bias" is always 1
FEATURES = (
    "bias",
    "agent_marked",
    "parse_confirms",
    "dated",
    "counterpart",
    "carried_subject",
    "inferred_party",
    "announced",
    "not_happened",
    "speech",
    "measure",
    "long_sentence",
)
# explanation lines of the rules that supply a party by inference rather than by a marked name
_INFERRED = (
    "parties: those of the meeting",
    "who attended",
    "named in the compound",
    "a party named in the compound",
    "named with the partner",
    "the speaker of the reported clause",
    "who says the quoted words",
)


def features(
    type_: str,
    status: str,
    counterpart: bool,
    dated: bool,
    explanation: Sequence[str],
    length: int,
    kinds: Mapping[str, frozenset[str]],
) -> list[float]:
    """The feature vector of one event (``FEATURES`` order); ``kinds`` maps "speech" and "measure"
    to their types (the taxonomy's speech trait and MEASURE family)."""
    why = " | ".join(explanation)
    return [
        1.0,
        float(" marked by " in why and "actor1: " in why),
        float("parse: actor1 depends" in why),
        float(dated),
        float(counterpart),
        float("subject carried" in why),
        float(any(x in why for x in _INFERRED)),
        float("source: " in why),
        float(status != "happened"),
        float(type_ in kinds.get("speech", ())),
        float(type_ in kinds.get("measure", ())),
        float(length > 120),
    ]


def calibrate(
    events: Sequence[Event], weights: Mapping[str, float], kinds: Mapping[str, frozenset[str]]
) -> list[Event]:
    """The events with their confidence from the model (unchanged when no weights are given)."""
    if not weights:
        return list(events)
    out = []
    for ev in events:
        x = features(
            ev.type,
            ev.status,
            ev.actor2 is not None,
            ev.date_text is not None,
            ev.explanation,
            ev.end - ev.start,
            kinds,
        )
        score = sum(weights.get(name, 0.0) * v for name, v in zip(FEATURES, x, strict=True))
        out.append(replace(ev, confidence=round(1 / (1 + math.exp(-score)), 2)))
    return out
