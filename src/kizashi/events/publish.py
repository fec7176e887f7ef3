"""When a publication is an event of its own, and when it only says where another act was told.

SCHEMA.md's PUBLISH is a report, advisory or guidance that is itself the news. An announcement
that tells another act the same sentence states, at its own quotation level (中国商務省は…規制を
強化すると発表した; 声明を発表し、…を非難した), is that act, with the announcer as its source. A
statement whose acts are all inside its quotation (商務省は「長官は懸念を表明した」と発表した) is
itself the news: the quoted acts are the quoted party's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

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
    """The sentence's events less announcements that only carry another of its acts.

    ``told`` pairs each event with its trigger's offset in ``text``."""
    rides: list[Event] = []
    for event, at in told:
        if event.type != "PUBLISH" or event.mode in NEWS_MODES:
            continue
        level = quote_span(text, at)
        if any(o.type != "PUBLISH" and quote_span(text, o_at) == level for o, o_at in told):
            rides.append(event)
    if not rides:
        return [e for e, _ in told]
    source = "source: " + ", ".join(dict.fromkeys(e.trigger for e in rides))
    return [
        replace(e, explanation=(*e.explanation, source)) if e.type != "PUBLISH" else e
        for e, _ in told
        if e not in rides
    ]
