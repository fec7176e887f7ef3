"""Explanations written from an event's final values.

While an event is read, each rule notes why it chose a value ("actor1: 中国商務省 marked by は",
"date: 26日 -> 2025-05-26"). Later rules may change the value: an agreement takes the parties of
the meeting before it, a date yields to the one another report states. ``finalise`` rewrites the
explanation once every rule has run, so each field's line names the value the event holds, with
the reason of the rule that set it; a note about a value the event no longer holds is kept after
the fields, marked "overridden", since the confidence model reads what the rules did from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import replace

from kizashi.records import Entity, Event, Mention

__all__ = ["finalise", "finalise_all"]

_FIELDS = ("actor1", "actor2", "date")
# what a rule's note says the value was: the words before its reason
_SUBJECT = re.compile(r"^(.*?)(?:, | marked by | whose | who )")
_PARTIES = "parties: those of the meeting reported just before"
_ALIGNED = re.compile(r"^date: (\S+), as another report of it states$")
_CHOSEN = re.compile(r"^date: (.*) -> (\S+)$")


def _subject(note: str) -> str:
    m = _SUBJECT.match(note)
    return (m.group(1) if m else note).strip()


def _names(entity_id: str, by_id: Mapping[str, Entity], written: Mapping[str, Set[str]]) -> set[str]:
    ent = by_id.get(entity_id)
    names = set(written.get(entity_id, ()))
    if ent is not None:
        names |= {ent.canonical, *ent.names}
    return names


def _actor_line(
    field: str,
    entity_id: str | None,
    notes: list[str],
    by_id: Mapping[str, Entity],
    written: Mapping[str, Set[str]],
    from_meeting: bool,
    stale: list[str],
) -> str | None:
    """The field's line, naming its value; the notes it does not use go to ``stale``."""
    if entity_id is None:
        stale += [f"{field} first read as {n}" for n in notes]
        return None
    ent = by_id.get(entity_id)
    name = ent.canonical if ent is not None else entity_id
    chosen: str | None = None
    if not from_meeting:
        mine = _names(entity_id, by_id, written)
        others = {n for eid in by_id if eid != entity_id for n in _names(eid, by_id, written)} - mine
        # the latest note that is about this value, or about no named value ("the speaker of …")
        chosen = next((n for n in reversed(notes) if _subject(n) in mine or _subject(n) not in others), None)
    stale += [f"{field} first read as {n}" for n in notes if n != chosen]
    if from_meeting:
        return f"{field}: {name} (a party of the meeting reported just before)"
    return f"{field}: {name} ({chosen})" if chosen else f"{field}: {name}"


def _date_line(event: Event, notes: list[str], from_meeting: bool) -> str | None:
    if not event.date:
        return None
    written = event.date_text
    for note in reversed(notes):
        aligned = _ALIGNED.match("date: " + note)
        if aligned and aligned.group(1) == event.date:
            return f"date: {written or 'not written'} -> {event.date} (as another report of it states)"
        chosen = _CHOSEN.match("date: " + note)
        if chosen and chosen.group(2) == event.date and chosen.group(1) != "None":
            return f"date: {chosen.group(1)} -> {event.date}"
    if from_meeting and not written:
        return f"date: {event.date} (the date of the meeting reported just before)"
    if written:
        return f"date: {written} -> {event.date}"
    return (
        f"date: {event.date} (not written in the sentence: the day the story tells or its publication date)"
    )


def finalise(event: Event, by_id: Mapping[str, Entity], written: Mapping[str, Set[str]]) -> Event:
    """``event`` with its explanation agreeing with its values. ``written`` holds, per entity id,
    the texts the document writes it as (mentions), which the rules' notes quote."""
    notes: dict[str, list[str]] = {f: [] for f in _FIELDS}
    head: list[str] = []
    tail: list[str] = []
    from_meeting = _PARTIES in event.explanation
    for line in event.explanation:
        field, sep, rest = line.partition(": ")
        if sep and field in notes:
            notes[field].append(rest)
        elif field == "trigger":
            head.append(line)
        else:
            tail.append(line)
    stale: list[str] = []
    lines = [
        _actor_line("actor1", event.actor1, notes["actor1"], by_id, written, from_meeting, stale),
        _actor_line("actor2", event.actor2, notes["actor2"], by_id, written, from_meeting, stale),
        _date_line(event, notes["date"], from_meeting),
    ]
    # notes about values the event no longer holds are kept, as such, after the fields: the
    # confidence model (events/confidence.py) reads what the rules did from them
    overridden = [f"overridden: {x}" for x in stale]
    return replace(event, explanation=(*head, *(x for x in lines if x), *tail, *overridden))


def finalise_all(
    events: Iterable[Event], by_id: Mapping[str, Entity], mentions: Sequence[Mention]
) -> tuple[Event, ...]:
    """``finalise`` for every event of a document, with the texts its mentions write."""
    written: dict[str, set[str]] = {}
    for m in mentions:
        written.setdefault(m.entity_id, set()).add(m.text)
    return tuple(finalise(ev, by_id, written) for ev in events)
