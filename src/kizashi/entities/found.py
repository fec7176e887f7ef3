"""The entity stage's working set for one document, and the records built from it at the end.

``recognise`` fills a :class:`Found` with spans, entities and gazetteer links; :func:`finish`
turns it into frozen mentions, entities in order of first mention, and roles at the time.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from dataclasses import dataclass, field

from kizashi import ids
from kizashi.entities.gazetteer import Gazetteer, GazetteerEntry
from kizashi.records import Document, Entity, Mention, Story

STAGE = "entities.gazetteer.v1"


@dataclass
class Found:
    """Mutable working set of one document's mentions (frozen records are built at the end)."""

    spans: list[tuple[int, int, str, str | None]] = field(default_factory=list)  # start, end, key, role
    taken: list[tuple[int, int]] = field(default_factory=list)  # sorted
    longest: int = 0  # the longest span ever taken
    entities: dict[str, Entity] = field(default_factory=dict)
    gaz_ids: dict[str, str] = field(default_factory=dict)  # entity key -> gazetteer id
    unknown_people: list[tuple[str, str]] = field(default_factory=list)  # (family name, entity key)

    def drop_inside(self, start: int, end: int) -> None:
        """Forget mentions lying inside a longer name found later (タイ in キャサリン・タイ)."""
        self.spans = [x for x in self.spans if not (start <= x[0] and x[1] <= end)]
        self.taken = [x for x in self.taken if not (start <= x[0] and x[1] <= end)]

    def widen(self, start: int, end: int, new_start: int, new_end: int) -> None:
        """The mention at [start, end) covers [new_start, new_end) (三菱電機 + 株式会社)."""
        for k, (s, e, key, role) in enumerate(self.spans):
            if (s, e) == (start, end):
                self.spans[k] = (new_start, new_end, key, role)
                self.taken.remove((start, end))
                insort(self.taken, (new_start, new_end))
                self.longest = max(self.longest, new_end - new_start)
                return

    def add_inside(self, start: int, end: int, ent: Entity, gaz_id: str | None = None) -> None:
        """A mention inside a taken span that does not take its place (an actor in an event's name)."""
        self.entities.setdefault(ent.entity_id, ent)
        if gaz_id:
            self.gaz_ids[ent.entity_id] = gaz_id
        self.spans.append((start, end, ent.entity_id, None))

    def free(self, start: int, end: int) -> bool:
        """No taken span overlaps [start, end). ``taken`` is sorted, so only the spans starting
        less than the longest span before ``start`` are looked at: linear documents stay linear."""
        for i in range(bisect_left(self.taken, (start - self.longest, start)), len(self.taken)):
            s, e = self.taken[i]
            if s >= end:
                return True
            if e > start:
                return False
        return True

    def add(
        self, start: int, end: int, ent: Entity, role: str | None = None, gaz_id: str | None = None
    ) -> None:
        self.entities.setdefault(ent.entity_id, ent)
        if gaz_id:
            self.gaz_ids[ent.entity_id] = gaz_id
        self.spans.append((start, end, ent.entity_id, role))
        insort(self.taken, (start, end))
        self.longest = max(self.longest, end - start)


def known_entity(entry: GazetteerEntry) -> Entity:
    names = tuple(dict.fromkeys([*entry.ja, *entry.zh, *entry.en]))
    return Entity(
        entity_id=ids.entity_id("gaz:" + entry.id),
        canonical=entry.canonical,
        type=entry.type,
        country=entry.country,
        wikidata=entry.wikidata,
        linked=True,
        names=names,
        kind=entry.kind,
    )


def unknown_entity(canonical: str, type_: str, surface: str, country: str | None = None) -> Entity:
    return Entity(
        entity_id=ids.entity_id(f"unk:{type_}:{canonical.lower()}"),
        canonical=canonical,
        type=type_,
        country=country,
        linked=False,
        names=(surface,),
    )


def date_of(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def story_of(stories: tuple[Story, ...], start: int) -> str:
    for s in stories:
        if s.start <= start < s.end:
            return s.story_id
    return stories[-1].story_id if stories else ""


def finish(
    document: Document, found: Found, gazetteer: Gazetteer, when: dt.date | None
) -> tuple[tuple[Mention, ...], tuple[Entity, ...], tuple[tuple[str, str], ...]]:
    mentions = []
    order: dict[str, int] = {}
    for start, end, key, role in sorted(found.spans):
        ent = found.entities[key]
        order.setdefault(key, len(order))
        mentions.append(
            Mention(
                mention_id=ids.mention_id(document.doc_id, start, end, ent.type),
                doc_id=document.doc_id,
                story_id=story_of(document.stories, start),
                start=start,
                end=end,
                text=document.text[start:end],
                label=ent.type,
                entity_id=key,
                role=role,
                stage=STAGE,
            )
        )
    entities = tuple(found.entities[k] for k in sorted(order, key=order.__getitem__))
    roles = []
    for ent in entities:
        gaz = found.gaz_ids.get(ent.entity_id)
        role = gazetteer.role_at(gaz, when) if gaz else None
        if role is None and not ent.linked:
            role = next((m.role for m in mentions if m.entity_id == ent.entity_id and m.role), None)
        if role:
            roles.append((ent.entity_id, role))
    return tuple(mentions), entities, tuple(roles)
