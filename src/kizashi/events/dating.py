"""Dates of events: which expression of the sentence dates the event, what a sentence without
one inherits from its story, and how two reports of one event agree on a day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from kizashi.dates.expressions import DateExpr
from kizashi.events.roles import SPEECH, SYMMETRIC
from kizashi.records import Event, Sentence


def align_dates(events: list[Event]) -> list[Event]:
    """Two reports of one event in a document (中国商務省が26日、声明で明らかにした / 中国商務省は…と
    発表しました): a date the story only inferred yields to the date another report states, when
    they are at most two days apart."""
    stated = [e for e in events if e.date_text and e.date and len(e.date) == 10]
    out = []
    for ev in events:
        if ev.date_text is None and ev.date and len(ev.date) == 10:
            twin = next(
                (s for s in stated if s is not ev and _same_parties(s, ev) and _near(s.date, ev.date)), None
            )
            if twin is not None and twin.date != ev.date:
                ev = replace(
                    ev,
                    date=twin.date,
                    explanation=(*ev.explanation, f"date: {twin.date}, as another report of it states"),
                )
        out.append(ev)
    return out


def _same_parties(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    if a.type in SYMMETRIC:
        return {a.actor1, a.actor2} == {b.actor1, b.actor2}
    return (a.actor1, a.actor2) == (b.actor1, b.actor2)


def _near(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= 2


def news_day(value: str | None, ref: dt.date | None) -> bool:
    if ref is None or not value:
        return ref is None
    return 0 <= (ref - dt.date.fromisoformat(value)).days <= 7


def ref_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


_HOME_TIME = re.compile(r"[(（]日本時間(同日)?$")


def choose_date(
    sent: Sentence,
    trig_start: int,
    dates: list[DateExpr],
    carry: dict[str, tuple[str, str]],
    story_date: str | None,
    type_: str,
) -> tuple[str | None, str | None]:
    """The date expression nearest before the trigger, else the first after it; for an undated
    statement the day of the story's lead (reactions are told on the day of the news), for other
    acts the last day the story told (the event continues the story's time)."""
    rel = trig_start - sent.start
    # 現地時間14日…(日本時間15日…): the event happens on the local day; the home-time conversion
    # in brackets only restates it
    with_value = [
        d for d in dates if d.value and not _HOME_TIME.search(sent.text, max(0, d.start - 6), d.start)
    ]
    before = [d for d in with_value if d.end <= rel]
    chosen = before[-1] if before else (with_value[0] if with_value else None)
    # 防衛省は15日、…を13日から実施したと発表した: a statement is dated by the time of its
    # clause (the day closed by a comma), not by dates inside what it tells
    topical = [d for d in before if sent.text.startswith("、", d.end)]
    if type_ in SPEECH and topical:
        chosen = topical[0]
    if chosen is not None:
        return chosen.value, chosen.text
    # 8月 in a story with no year known: no date, but the expression is kept
    unresolved = [d for d in dates if d.end <= rel] or list(dates)
    if unresolved and unresolved[-1].text in {"同日", "当日", "同日夜", "同日午後", "同日午前"}:
        last = carry.get(sent.story_id)
        return (last[0] if last else story_date), unresolved[-1].text
    if unresolved:
        return None, unresolved[-1].text
    lead = carry.get("lead:" + sent.story_id)
    if lead is not None and type_ in SPEECH - {"PUBLISH"}:
        return lead[0], None
    if sent.story_id in carry:
        return carry[sent.story_id][0], None
    return story_date, None
