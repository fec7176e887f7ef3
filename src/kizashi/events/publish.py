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


# 注意喚起文書を発表, 報告書を公表した: a plain publication verb whose object is an advisory or report
_NEWS_OBJECT = re.compile(
    r"(?P<advisory>注意喚起|勧告|警告|ガイダンス|指針)(文書|文|情報)?を$|(?P<report>報告書|レポート|リポート|白書|調査結果)を$"
)


def mode_of(text: str, trigger_start: int, mode: str | None) -> str | None:
    """The kind of publication: a release (発表) of an advisory or report is that advisory or report."""
    m = _NEWS_OBJECT.search(text, max(0, trigger_start - 12), trigger_start) if mode == "release" else None
    if m is None:
        return mode
    return "advisory" if m.group("advisory") else "report"


def names_source(text: str, trigger_end: int) -> bool:
    """Is the publication whose trigger ends at ``trigger_end`` cited as the sentence's source?"""
    return _SOURCE.match(text, trigger_end) is not None


def without_ride_alongs(
    text: str, told: Sequence[tuple[Event, int]], groups: Sequence[tuple[str, int]] = ()
) -> list[Event]:
    """The sentence's events less announcements that only carry another of its acts, plus the
    attributions its announcements make.

    ``told`` pairs each event with its trigger's offset in ``text``; ``groups`` the threat groups
    the sentence names, each with its offset."""
    rides: list[Event] = []
    attributions: list[Event] = []
    for event, at in told:
        if event.type != "PUBLISH":
            continue
        level = quote_span(text, at)
        same_level = [o for o, o_at in told if o.type != "PUBLISH" and quote_span(text, o_at) == level]
        attributions += _attributions(event, at, same_level, told)
        if event.mode in NEWS_MODES:
            named = [g for g, g_at in groups if g_at < at and quote_span(text, g_at) == level]
            attributions += _advisory_attributions(
                event, at, named, [*told, *((a, at) for a in attributions)]
            )
        if same_level and event.mode not in NEWS_MODES:
            rides.append(event)
    kept = [e for e, _ in told]
    if rides:
        source = "source: " + ", ".join(dict.fromkeys(e.trigger for e in rides))
        kept = [replace(e, explanation=(*e.explanation, source)) if e.type != "PUBLISH" else e for e in kept]
        kept = [e for e in kept if e.type != "PUBLISH" or e.event_id not in {r.event_id for r in rides}]
    return kept + attributions


def _advisory_attributions(
    publication: Event, at: int, groups: Sequence[str], told: Sequence[tuple[Event, int]]
) -> list[Event]:
    """ACCUSE events: an advisory or report on a named threat group's methods (Xの手口をまとめた
    注意喚起) attributes the activity to the group, as a report of its attacks does."""
    accused = {e.actor2 for e, _ in told if e.type == "ACCUSE" and e.actor1 == publication.actor1}
    out = []
    for group in dict.fromkeys(groups):
        if group in accused or group == publication.actor1:
            continue
        accused.add(group)
        out.append(
            _accusation(publication, at, group, f"the {publication.trigger} is on the group's activity")
        )
    return out


def _accusation(publication: Event, at: int, accused: str, why: str) -> Event:
    return replace(
        publication,
        event_id=ids.event_id(
            publication.doc_id,
            publication.story_id,
            "ACCUSE",
            publication.actor1,
            accused,
            publication.start + at,
        ),
        type="ACCUSE",
        actor2=accused,
        mode="attribution",
        explanation=(*publication.explanation, f"type: ACCUSE, a public attribution: {why}"),
    )


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
            _accusation(publication, at, doer, f"the {publication.trigger} names who carried out the attack")
        )
    return out
