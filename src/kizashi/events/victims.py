"""Attacks told by their victims (Xがサイバー攻撃を受けた, ランサムウェア被害を公表): the victim is
the counterpart and, with no attacker named, actor1 stays empty."""

from __future__ import annotations

import re

from kizashi import ids
from kizashi.dates.expressions import DateExpr
from kizashi.events.args import Arg
from kizashi.events.dating import choose_date
from kizashi.events.taxonomy import TriggerHit
from kizashi.records import Document, Event, Sentence

# サイバー攻撃を受けた, ランサムウェア被害, 不正アクセスされた: the subject suffered the act
SUFFERED = re.compile(r"(の)?(被害|を受け|に感染|に遭|され|の標的とな|の対象とな)")


def suffered_attack(
    document: Document,
    sent: Sentence,
    hit: TriggerHit,
    victim: Arg,
    dates: list[DateExpr],
    carry_date: dict[str, tuple[str, str]],
    why: list[str],
) -> Event:
    """An attack told by its victim, with no attacker named: actor1 stays empty."""
    trig_start = sent.start + hit.start
    story_date = next((st.pub_date for st in document.stories if st.story_id == sent.story_id), None)
    date, date_text = choose_date(
        sent, trig_start, dates, carry_date, story_date or document.pub_date, "CYBER_OPERATION"
    )
    if date:
        why = [*why, f"date: {date_text} -> {date}"]
    return Event(
        event_id=ids.event_id(
            document.doc_id, sent.story_id, "CYBER_OPERATION", None, victim.entity.entity_id, trig_start
        ),
        doc_id=document.doc_id,
        story_id=sent.story_id,
        type="CYBER_OPERATION",
        actor1=None,
        actor2=victim.entity.entity_id,
        evidence=sent.text,
        start=sent.start,
        end=sent.end,
        trigger=hit.trigger.text,
        mode=hit.trigger.mode,
        date=date,
        date_text=date_text,
        confidence=0.5,
        explanation=tuple(why),
    )
