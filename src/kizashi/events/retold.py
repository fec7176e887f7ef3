"""One event per story: a story that comes back to an event it reported (会談のあと…, 今回の会談
は…) reports it once, while a summit's several agreements stay several."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kizashi.events.roles import SYMMETRIC
from kizashi.records import Event

# each sentence that tells one of these tells another (a summit's several agreements), unless it
# retells the meeting they came out of (AはBと会談し…に署名する予定, told again with a source)
_EACH_TOLD = frozenset({"AGREE"})


_FIGURE = re.compile(r"[0-9一二三四五六七八九十]")


def _same_unresolved_time(a: str | None, b: str | None) -> bool:
    """Can two unresolved date expressions (no publication date to place them) be one time? The
    same words, or a vague one with no figure (今月末, 来週) against any other (30日); 8月 and
    10日 are two times."""
    return not (a and b) or a == b or not (_FIGURE.search(a) and _FIGURE.search(b))


def _same_parties(ev: Event, k: Event, actors: set[str | None]) -> bool:
    """The same actors, or a subset of them; in their roles, unless the type is symmetric (中国は
    米国への輸出規制で報復: not the United States' control of China told again)."""
    if ev.type in SYMMETRIC:
        return actors <= {k.actor1, k.actor2}
    return ev.actor1 in {None, k.actor1} and ev.actor2 in {None, k.actor2}


def _same_doer(a: Event, b: Event, countries: Mapping[str, str]) -> bool:
    """One act told twice by its doer's body and its country (外務省は…抗議した; 「わが国は…抗議
    した」): the same counterpart, and one agent is the other's country."""
    if a.actor2 is None or a.actor2 != b.actor2 or a.actor1 is None or b.actor1 is None:
        return False
    return countries.get(a.actor1) == b.actor1 or countries.get(b.actor1) == a.actor1


def one_per_story(events: list[Event], countries: Mapping[str, str] | None = None) -> tuple[Event, ...]:
    """A story that comes back to an event it reported (会談のあと…, 今回の会談は…) reports it once:
    same type and actors, or the same type with a subset of the actors, or the same counterpart and
    the agent's country (``countries``: entity id -> its country's entity id), within one story."""
    countries = countries or {}
    kept: list[Event] = []
    with_meeting = {(e.story_id, e.start) for e in events if e.type == "MEET"}
    for ev in events:
        if ev.type in _EACH_TOLD and (ev.story_id, ev.start) not in with_meeting:
            kept.append(ev)
            continue
        actors = {ev.actor1, ev.actor2} - {None}
        twin = next(
            (
                k
                for k in kept
                if k.story_id == ev.story_id
                and k.type == ev.type
                and (k.type not in _EACH_TOLD or (k.story_id, k.start) in with_meeting)
                and (_same_parties(ev, k, actors) or _same_doer(ev, k, countries))
                and (not ev.date or not k.date or k.date.startswith(ev.date) or ev.date.startswith(k.date))
                and (ev.date or k.date or _same_unresolved_time(ev.date_text, k.date_text))
            ),
            None,
        )
        if twin is None:
            kept.append(ev)
    return tuple(kept)
