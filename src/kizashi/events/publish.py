"""When a publication is an event of its own, and when it only says where another act was told.

SCHEMA.md's PUBLISH is a report, advisory or guidance that is itself the news. An announcement
that tells another act the same sentence states, at its own quotation level (中国商務省は…規制を
強化すると発表した; 声明を発表し、…を非難した), is that act, with the announcer as its source. A
statement whose acts are all inside its quotation (商務省は「長官は懸念を表明した」と発表した) is
itself the news: the quoted acts are the quoted party's.

An announcement or advisory that names who carried out an attack (警察庁は、Xが…にサイバー攻撃を
仕掛けたと発表した) is also a public attribution: the announcer accuses the attacker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kizashi import ids
from kizashi.events.args import quote_span
from kizashi.records import Event

# publications that are the news whatever else the sentence tells
NEWS_MODES = frozenset({"report", "advisory"})
# 発表によると, 発表によれば: the publication named as where the rest of the sentence is told
_SOURCE = re.compile(r"(?:によると|によれば|では、)")


def names_source(text: str, trigger_end: int) -> bool:
    """Is the publication whose trigger ends at ``trigger_end`` cited as the sentence's source?"""
    return _SOURCE.match(text, trigger_end) is not None


def without_ride_alongs(text: str, told: Sequence[tuple[Event, int]]) -> list[Event]:
    """The sentence's events less announcements that only carry another of its acts, plus the
    attributions its announcements make.

    ``told`` pairs each event with its trigger's offset in ``text``."""
    rides: list[Event] = []
    attributions: list[Event] = []
    for event, at in told:
        if event.type != "PUBLISH":
            continue
        level = quote_span(text, at)
        same_level = [o for o, o_at in told if o.type != "PUBLISH" and quote_span(text, o_at) == level]
        attributions += _attributions(event, at, same_level, told)
        if same_level and event.mode not in NEWS_MODES:
            rides.append(event)
    kept = [e for e, _ in told]
    if rides:
        source = "source: " + ", ".join(dict.fromkeys(e.trigger for e in rides))
        kept = [replace(e, explanation=(*e.explanation, source)) if e.type != "PUBLISH" else e for e in kept]
        kept = [e for e in kept if e.type != "PUBLISH" or e.event_id not in {r.event_id for r in rides}]
    return kept + attributions


def _attributions(
    publication: Event, at: int, acts: Sequence[Event], told: Sequence[tuple[Event, int]]
) -> list[Event]:
    """ACCUSE events: the publisher names the doer of an attack it announces."""
    out = []
    accused = {e.actor2 for e, _ in told if e.type == "ACCUSE" and e.actor1 == publication.actor1}
    for act in acts:
        doer = act.actor1
        if act.type != "CYBER_OPERATION" or doer in {None, publication.actor1} or doer in accused:
            continue
        accused.add(doer)
        out.append(
            replace(
                publication,
                event_id=ids.event_id(
                    publication.doc_id, publication.story_id, "ACCUSE", publication.actor1, doer,
                    publication.start + at,
                ),
                type="ACCUSE",
                actor2=doer,
                mode="attribution",
                explanation=(
                    *publication.explanation,
                    f"type: ACCUSE, a public attribution: the {publication.trigger} names who carried out the attack",
                ),
            )
        )  # fmt: skip
    return out
