"""Meetings: when a gathering is told as held, named as a setting, or named by its parties, and
which parties an agreement after it takes (the meeting's, for 両首脳/双方 or a sentence without
a subject of its own).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kizashi.events import anaphora
from kizashi.events.args import ACTOR_TYPES, AGENT, Arg, compound_parties, country_of
from kizashi.events.taxonomy import TriggerHit
from kizashi.records import Entity, Event, Mention, Sentence


def group_stand_in(
    sent: Sentence, hit: TriggerHit, mentions: Sequence[Mention], meet: Event, by_id: dict[str, Entity]
) -> Arg | None:
    """An argument for the first party of ``meet`` where a party group (両首脳, 双方) opens the
    sentence's subject before the trigger; ``with_meeting_parties`` then names both parties."""
    if anaphora.party_group(sent.text, 0, hit.start) is None or meet.actor1 not in by_id:
        return None
    named = next((m for m in mentions if m.entity_id == meet.actor1 and m.end <= sent.start), None)
    return Arg(named, "は", by_id[meet.actor1]) if named is not None else None


# talks that follow a meeting between the same parties (次官級協議, 協議, 会談): not a summit or
# conference, which gathers others
_FOLLOW_UP_MODES = frozenset({None, "security_dialogue", "ministerial", "phone_call"})
_HELD_LATER = re.compile(r"[^。、「」]{0,24}?(で|に)(開催|開く|開かれ|行う|行われ|実施)")


def follow_up(sent: Sentence, hit: TriggerHit, args: list[Arg]) -> bool:
    """・次官級協議は来年2月にソウルで開催。: a meeting told as held, with no actor named in the
    sentence, after a meeting the story told."""
    return (
        hit.trigger.type == "MEET"
        and hit.trigger.mode in _FOLLOW_UP_MODES
        and not any(
            a.entity.type in ACTOR_TYPES and a.case not in {"で", "では"} for a in args
        )  # ソウルで: where
        and _HELD_LATER.match(sent.text, hit.end) is not None
    )


def party_stand_in(
    mentions: Sequence[Mention], meet: Event, by_id: dict[str, Entity], sent: Sentence
) -> Arg | None:
    """An argument for the first party of ``meet``, from its mention before the sentence."""
    named = next((m for m in mentions if m.entity_id == meet.actor1 and m.end <= sent.start), None)
    return Arg(named, "は", by_id[meet.actor1]) if named is not None and meet.actor1 in by_id else None


def between_meeting_parties(event: Event, meet: Event, by_id: dict[str, Entity]) -> Event | None:
    """The event between the countries of the parties of ``meet`` (talks at another level are
    held by other officials of the same two countries), explained so."""
    if meet.actor1 is None or meet.actor2 is None:
        return None
    a1, a2 = (_country_id(x, by_id) for x in (meet.actor1, meet.actor2))
    if a1 == a2 or a1 == meet.actor1 != a2 or a2 == meet.actor2 != a1:
        a1, a2 = meet.actor1, meet.actor2  # both countries or neither
    why = "parties: the countries of the meeting reported just before, whose follow-up it is"
    return replace(event, actor1=a1, actor2=a2, explanation=(*event.explanation, why))


def _country_id(entity_id: str, by_id: dict[str, Entity]) -> str:
    ent = by_id.get(entity_id)
    country = country_of(ent, by_id) if ent is not None else None
    return country.entity_id if country is not None else entity_id


def with_meeting_parties(
    event: Event, args: list[Arg], sent: Sentence, rel: int, meet: Event | None, by_id: dict[str, Entity]
) -> Event:
    """An agreement with no subject of its own, or whose subject is 双方/両氏, is between the
    parties of the meeting the story just reported (会談し…一致した; 双方は…合意した); 両国/両政府
    name the parties' countries."""
    if meet is None or event.type not in {"AGREE", "COOPERATE"}:
        return event
    trig_start = sent.start + rel
    own = [a for a in args if a.case in AGENT and a.mention.end <= trig_start]
    group = anaphora.party_group(sent.text, own[-1].mention.end - sent.start if own else 0, rel)
    if group is None and event.actor2 is not None and event.actor2 not in {meet.actor1, meet.actor2}:
        return event  # 日本・EUと協定締結: a partner of its own, not the meeting's (unless 両首脳は…)
    if own and group is None:
        named = {a.entity.entity_id for a in args if a.entity.type in ACTOR_TYPES}
        if (
            event.type == "AGREE"
            and event.actor2 is None
            and event.actor1 in {meet.actor1, meet.actor2}
            and len(named) == 1
        ):
            # 首相 …で一致した: one party of the meeting agrees, with the other
            other = meet.actor2 if event.actor1 == meet.actor1 else meet.actor1
            return replace(
                event,
                actor2=other,
                explanation=(*event.explanation, "actor2: the other party of the meeting told"),
            )
        return event  # its own subject (日米両政府は…合意): 双方/両氏 are no entities, so they pass
    a1, a2 = meet.actor1, meet.actor2
    if group and group.group(1) in anaphora.COUNTRY_GROUPS and a1 and a2:
        c1, c2 = (country_of(by_id[x], by_id) if x in by_id else None for x in (a1, a2))
        if c1 is not None and c2 is not None and c1 != c2:
            a1, a2 = c1.entity_id, c2.entity_id
    return replace(
        event,
        actor1=a1,
        actor2=a2,
        date=event.date if event.date_text else meet.date,
        explanation=(*event.explanation, "parties: those of the meeting reported just before"),
    )


# 会議に出席する, 会合を主催した, 広島で開かれる会合: a gathering one party attends or holds is
# a meeting even when no counterpart is named
_ATTENDS = re.compile(r"[」』]?(に出席|に参加|に臨|を主催|を開催|を開い)")
_ANCHOR = re.compile(r"(の後|のあと|後に|の前|前に|に先立)")
_HELD = re.compile(r"(開かれる|開かれた|開催される|開催された|行われる|行われた)[「『]?$")


def convened(text: str, hit: TriggerHit) -> bool:
    if hit.trigger.type != "MEET":
        return False
    if _ATTENDS.match(text, hit.end):
        return True
    # 東京で行われた会合の後: a meeting as the time of what follows is no report of it
    return bool(_HELD.search(text, max(0, hit.start - 8), hit.start)) and not _ANCHOR.match(text, hit.end)


def is_setting(text: str, sent: Sentence, hit: TriggerHit, args: list[Arg]) -> bool:
    """会談で…と述べた: a meeting named as the setting of what is said, with no partner of its own
    (Xとの会談で, 日英首脳会談で), is the meeting the story has already told."""
    if hit.trigger.type != "MEET" or not sent.text.startswith("で", hit.end) or convened(sent.text, hit):
        return False
    trig = sent.start + hit.start
    if compound_parties(text, args, trig):
        return False
    return not any(a.case in {"と", "との"} and a.mention.end <= trig for a in args)


# AとBの会談, AとBによる会談: the parties of a meeting named in the noun phrase itself
BETWEEN = re.compile(r"と[^、。「」と]{1,25}?(の|による|両氏の|両首脳の)$")


# 会合が10月6日に東京で開かれ, 閣僚会合が開催され: a meeting told as held, its attendees after it
_HELD_THEN = re.compile(r"[^。、]{0,4}?(が|は)[^。]{0,24}?(開かれ|開催され|行われ)(、|た。|ました。)")
_ATTENDED = re.compile(r"(が|も)(出席|参加|臨ん|列席)")


def attendees(text: str, trig: int, args: list[Arg]) -> list[Arg]:
    """The people (else bodies and countries) listed as attending a meeting told as held, in order."""
    held = _HELD_THEN.match(text, trig)
    if held is None:
        return []
    attended = _ATTENDED.search(text, held.end())
    if attended is None or "。" in text[held.end() : attended.start()]:
        return []
    inside = [
        a for a in args if held.end() <= a.mention.start < attended.start() and a.entity.type in ACTOR_TYPES
    ]
    people = [a for a in inside if a.entity.type == "PERSON"]
    return people if len(people) >= 2 else inside
