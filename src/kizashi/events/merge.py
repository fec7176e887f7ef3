"""Cross-document step: one cluster per real-world event, however many reports it has."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kizashi.ids import content_id

_SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}


@dataclass(frozen=True, slots=True)
class EventKey:
    event_id: str
    doc_id: str
    story_id: str
    type: str
    actor1: str | None
    actor2: str | None
    date: str | None
    status: str


def _actors(e: EventKey) -> tuple[str, ...]:
    pair = (e.actor1 or "", e.actor2 or "")
    return tuple(sorted(pair)) if e.type in _SYMMETRIC else pair


def _dates_meet(a: str | None, b: str | None) -> bool:
    """Same day, or one date a prefix of the other (2023-05 vs 2023-05-25), or one unknown."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def cluster(events: Iterable[EventKey]) -> dict[str, str]:
    """event_id -> cluster id. Same type and actors, and dates that agree, are one event.

    The id is a hash of the type, actors and the most precise date of the cluster, so re-runs
    give the same ids."""
    groups: dict[tuple[str, tuple[str, ...]], list[list[EventKey]]] = {}
    for e in sorted(events, key=lambda x: (x.date or "", x.event_id)):
        bucket = groups.setdefault((e.type, _actors(e)), [])
        home = next((c for c in bucket if all(_dates_meet(e.date, o.date) for o in c)), None)
        if home is None:
            bucket.append([e])
        else:
            home.append(e)
    out: dict[str, str] = {}
    for (type_, actors), clusters in groups.items():
        for members in clusters:
            best = max((m.date or "" for m in members), key=len)
            cid = content_id(type_, *actors, best, prefix="c_")
            for m in members:
                out[m.event_id] = cid
    return out
