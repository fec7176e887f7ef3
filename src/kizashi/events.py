"""Stage: events. Who did what to whom, when and where, from trigger sentences.

Arguments come from the case particle after each entity mention (は/が agent, と partner,
を/に/に対して target, で place), checked against GiNZA's dependency parse: a mention whose
head token hangs (through its chain of heads) under the trigger's predicate is confirmed and
raises confidence. Repairs for the parser's known errors: a と-partner hung under a place noun
still counts as partner (it is read from the surface); a subject shared by chained clauses
(王商務相は…会談し、懸念を提起した) is carried to every clause; a sentence with no subject takes
the previous sentence's agent within the story.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kizashi import ids
from kizashi.dates import DateExpr, find_dates
from kizashi.names import title_after
from kizashi.records import Document, Entity, Event, Mention, Sentence, Token
from kizashi.taxonomy import Taxonomy, TriggerHit

STAGE = "events.rules.v1"

_ACTOR_TYPES = {"PERSON", "ORG", "GPE"}
_REPORTERS = {"media", "think_tank"}  # outlets report events; they are actors only of PUBLISH
_PLACE_TYPES = {"GPE", "LOC"}
_SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}
# case particles (longest first) read right after a mention and its title
_CASES = (
    "に対して",
    "に対し",
    "への",
    "とは",
    "とも",
    "では",
    "には",
    "は",
    "が",
    "と",
    "を",
    "に",
    "で",
    "の",
    "も",
)
_AGENT = {"は", "が", "も", "では"}
_TARGET = {"に対して", "に対し", "への", "を", "に", "には"}
_PARTNER = {"と", "とは", "とも"}
_VISIT_TYPES = {"VISIT"}
_NEEDS_TWO = {"MEET", "AGREE", "COOPERATE", "VISIT"}


@dataclass(frozen=True, slots=True)
class _Arg:
    mention: Mention
    case: str | None
    entity: Entity


def extract_events(
    document: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    *,
    taxonomy: Taxonomy,
) -> tuple[Event, ...]:
    by_id = {e.entity_id: e for e in entities}
    refs = {s.story_id: _ref_date(s.pub_date or document.pub_date) for s in document.stories}
    events: list[Event] = []
    carry_agent: dict[str, _Arg] = {}
    carry_date: dict[str, tuple[str, str]] = {}
    last_meet: dict[str, Event] = {}
    headlines = {st.headline for st in document.stories if st.headline}
    for sent in sentences:
        args = _args(document.text, sent, mentions, by_id)
        agents = [a for a in args if a.case in _AGENT and a.entity.type in _ACTOR_TYPES]
        carried = carry_agent.pop(sent.story_id, None)  # a subject carries to the next sentence only
        if agents:
            carry_agent[sent.story_id] = agents[0]
        dates = find_dates(sent.text, refs.get(sent.story_id))
        resolved = [d for d in dates if d.value]
        if resolved:
            carry_date[sent.story_id] = (resolved[-1].value or "", resolved[-1].text)
        if (not sent.tokens and not taxonomy.has_trigger(sent.text)) or sent.text in headlines:
            continue  # a headline restates its story's events in telegraphic form
        seen: set[str] = set()
        for hit in taxonomy.find(sent.text):
            if hit.trigger.type in seen or not _predicative(sent, hit) or _in_compound(sent.text, hit.end):
                continue
            event = _event(document, sent, hit, args, carried, dates, carry_date, taxonomy)
            if event is None:
                continue
            event = _with_meeting_parties(event, args, hit.start + sent.start, last_meet.get(sent.story_id))
            if event.type in _NEEDS_TWO and not event.actor2:
                continue  # a meeting, agreement or visit with one party known says little and is often wrong
            if event.type == "MEET" and event.actor2:
                last_meet[sent.story_id] = event
            seen.add(event.type)
            events.append(event)
    return _one_per_story(events)


_COMPOUND_HEADS = frozenset("団先者員費額")


def _in_compound(text: str, end: int) -> bool:
    """訪問団, 訪問先, 制裁額: the trigger is the modifier of a noun, not an event."""
    return end < len(text) and text[end] in _COMPOUND_HEADS


def _with_meeting_parties(event: Event, args: list[_Arg], trig_start: int, meet: Event | None) -> Event:
    """An agreement with no subject of its own, or whose subject is 双方/両氏, is between the
    parties of the meeting the story just reported (会談し…一致した; 双方は…合意した)."""
    if meet is None or event.type not in {"AGREE", "COOPERATE"}:
        return event
    if any(a.case in _AGENT and a.mention.end <= trig_start for a in args):
        return event  # its own subject (日米両政府は…合意): 双方/両氏 are no entities, so they pass
    return replace(
        event,
        actor1=meet.actor1,
        actor2=meet.actor2,
        date=event.date if event.date_text else meet.date,
        explanation=(*event.explanation, "parties: those of the meeting reported just before"),
    )


def _one_per_story(events: list[Event]) -> tuple[Event, ...]:
    """A story that comes back to an event it reported (会談のあと…, 今回の会談は…) reports it once:
    same type and actors, or the same type with a subset of the actors, within one story."""
    kept: list[Event] = []
    for ev in events:
        actors = {ev.actor1, ev.actor2} - {None}
        twin = next(
            (
                k
                for k in kept
                if k.story_id == ev.story_id
                and k.type == ev.type
                and actors <= {k.actor1, k.actor2}
                and (not ev.date or not k.date or k.date.startswith(ev.date) or ev.date.startswith(k.date))
            ),
            None,
        )
        if twin is None:
            kept.append(ev)
    return tuple(kept)


def _ref_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _args(text: str, sent: Sentence, mentions: Sequence[Mention], by_id: dict[str, Entity]) -> list[_Arg]:
    """Mentions of the sentence with the particle that marks each. A mention standing inside
    another's title (米 in レモンド米商務長官) is part of that title, not an argument."""
    out: list[_Arg] = []
    title_end = -1
    for m in sorted(mentions, key=lambda x: x.start):
        if not (sent.start <= m.start and m.end <= sent.end and m.entity_id in by_id):
            continue
        if m.start < title_end:
            continue
        title = title_after(text, m.end)
        title_end = m.end + len(title or "")
        ent = by_id[m.entity_id]
        if ent.kind in _REPORTERS:
            continue
        out.append(_Arg(m, _case_after(text, m.end, sent.end), ent))
    return [_metonym(a, by_id) for a in _coordinated(text, out, sent.end)]


def _metonym(arg: _Arg, by_id: dict[str, Entity]) -> _Arg:
    """A capital acting (北京は非難した, ワシントンは求めている) stands for its country's government,
    when the country itself is an entity of the document."""
    ent = arg.entity
    if arg.case not in _AGENT | _TARGET | _PARTNER or ent.type != "GPE" or not ent.country:
        return arg
    country = by_id.get(ids.entity_id("gaz:" + ent.country.lower()))
    if country is None or country.entity_id == ent.entity_id:
        return arg
    return _Arg(arg.mention, arg.case, country)


_GROUP = re.compile(r"(?:両国|両政府|両軍|両首脳|\d+カ国|[二三四五]カ国|各国)?(政府)?(は|が|も)")
_JOINERS = {"", "、", "・", "と", "及び", "および", "や"}


def _coordinated(text: str, args: list[_Arg], limit: int) -> list[_Arg]:
    """A list of actors closed by one particle (米中両国が, 米国、日本、韓国は) are all subjects."""
    out = list(args)
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and out[j].case is None
            and text[out[j].mention.end : out[j + 1].mention.start] in _JOINERS
        ):
            j += 1
        if j > i:
            m = _GROUP.match(text, out[j].mention.end, limit)
            case = m.group(2) if m else out[j].case
            if case in _AGENT:
                for k in range(i, j + 1):
                    out[k] = _Arg(out[k].mention, case, out[k].entity)
        i = j + 1
    return out


def _case_after(text: str, end: int, limit: int) -> str | None:
    """The case particle after a mention, skipping its title (王文濤商務相は -> は)."""
    title = title_after(text, end)
    pos = end + len(title or "")
    # a parenthetical after the name (米通商代表部(USTR)は) or the close of one ((BIS)は)
    if pos < limit and text[pos] in "(（":
        close = re.compile(r"[)）]").search(text, pos, min(limit, pos + 40))
        pos = close.end() if close else pos
    elif pos < limit and text[pos] in ")）":
        pos += 1
    # 中国の軍当局が, 日本政府代表団は: a body of the actor speaks for it
    body = _BODY.match(text, pos, limit)
    if body:
        return body.group(2)
    rest = text[pos : min(limit, pos + 8)]
    if rest.startswith(("側", "政府", "当局")):
        rest = rest[1:] if rest.startswith("側") else rest[2:]
    for case in _CASES:
        if rest.startswith(case):
            tail = rest[len(case) :]
            if case in {"に", "に対し"} and tail.startswith(("対する", "よる", "おける", "関する")):
                return "の"  # 中国に対する政策: modifies a noun, marks no argument
            if case == "への" or tail.startswith("る"):
                return "の"
            return case
    return None


def _event(
    document: Document,
    sent: Sentence,
    hit: TriggerHit,
    args: list[_Arg],
    carried: _Arg | None,
    dates: list[DateExpr],
    carry_date: dict[str, tuple[str, str]],
    taxonomy: Taxonomy,
) -> Event | None:
    trig_start = sent.start + hit.start
    type_ = hit.trigger.type
    why: list[str] = [f"trigger: {hit.trigger.text} ({type_})"]
    # a trigger's arguments stand in the same quotation as the trigger: the outer 発表 has the
    # outer subject, a 懸念を表明 inside 「…」 has the subject inside
    quote = _quote_span(sent.text, hit.start)
    args = [a for a in args if _quote_span(sent.text, a.mention.start - sent.start) == quote]
    before = [a for a in args if a.mention.end <= trig_start]
    subjects = [a for a in before if a.case in _AGENT and a.entity.type in _ACTOR_TYPES]
    # the nearest subject, or the first of a coordinated list of subjects
    agent = subjects[-1] if subjects else None
    while agent is not None and subjects.index(agent) > 0:
        prev = subjects[subjects.index(agent) - 1]
        if text_between(sent, prev, agent) not in _JOINERS:
            break
        agent = prev
    # a reported clause (中国が…能力があると警告した): the speaker is the topic (米国務省は), not the
    # subject inside what is reported
    quoted = sent.text[max(0, hit.start - 3) : hit.start]
    if agent is not None and agent.case == "が" and type_ in _SPEECH and re.search("と(し|して)?$", quoted):
        agent = next((a for a in subjects if a.case in {"は", "では"}), agent)
    if agent is None:
        agent = next((a for a in args if a.case in _AGENT and a.entity.type in _ACTOR_TYPES), None)
    if agent is not None:
        why.append(f"actor1: {agent.mention.text} marked by {agent.case}")
    elif carried is not None:
        agent = carried
        why.append(f"actor1: {carried.mention.text}, subject carried from an earlier clause")
    counterpart = _counterpart(type_, before, args, agent, document.text, trig_start)
    if counterpart is None and agent is not None and type_ in _SYMMETRIC:
        co = [a for a in args if a.case == agent.case and a.entity.type in _ACTOR_TYPES and a is not agent]
        counterpart = next((a for a in co if a.entity.entity_id != agent.entity.entity_id), None)
    if counterpart is not None:
        why.append(f"actor2: {counterpart.mention.text} marked by {counterpart.case}")
    if agent is None:
        if counterpart is None:
            return None
        agent, counterpart = counterpart, None
    if counterpart is not None and counterpart.entity.entity_id == agent.entity.entity_id:
        counterpart = None
    if counterpart is None and type_ in _SPEECH - {"PUBLISH"}:
        counterpart = _aimed_at(args, agent, document.text)
        if counterpart is not None:
            why.append(f"actor2: {counterpart.mention.text}, whose policy or action is the subject")
    place = next((a for a in args if a.case in {"で", "では"} and a.entity.type in _PLACE_TYPES), None)
    if type_ in _VISIT_TYPES and counterpart is None:
        counterpart = next(
            (a for a in before if a.case in {"を", "に"} and a.entity.type in _PLACE_TYPES), None
        )
    status = _status(sent.text[hit.end :], taxonomy, type_)
    ahead = any(_FUTURE_CLAUSE.search(sent.text, d.end, hit.start) for d in dates if d.end <= hit.start)
    if status == "planned" or ahead or _NON_PAST.match(sent.text, hit.end):
        # 8月1日から導入する: a day-only date of a plan is the next such day, not the last
        dates = find_dates(sent.text, _ref_date(document.pub_date), future=True)
    story_date = next((st.pub_date for st in document.stories if st.story_id == sent.story_id), None)
    date, date_text = _date(sent, trig_start, dates, carry_date, story_date or document.pub_date)
    if date:
        why.append(f"date: {date_text} -> {date}")
    if status != "happened":
        why.append(f"status: {status}")
    confirmed = _parse_confirms(sent.tokens, agent.mention, trig_start)
    if confirmed:
        why.append("parse: actor1 depends on the trigger's predicate")
    confidence = 0.35 + 0.2 * (agent.case in _AGENT) + 0.15 * confirmed + 0.1 * (date_text is not None)
    confidence += 0.2 * (counterpart is not None or type_ not in _SYMMETRIC | _VISIT_TYPES)
    return Event(
        event_id=ids.event_id(document.doc_id, sent.story_id, type_, agent.entity.entity_id,
                              counterpart.entity.entity_id if counterpart else None, trig_start),
        doc_id=document.doc_id,
        story_id=sent.story_id,
        type=type_,
        actor1=agent.entity.entity_id,
        actor2=counterpart.entity.entity_id if counterpart else None,
        evidence=sent.text,
        start=sent.start,
        end=sent.end,
        trigger=hit.trigger.text,
        mode=hit.trigger.mode,
        status=status,
        date=date,
        date_text=date_text,
        location=place.entity.entity_id if place else None,
        confidence=round(min(confidence, 1.0), 2),
        explanation=tuple(why),
    )  # fmt: skip


_OPEN, _CLOSE = "「『“", "」』”"
_BODY = re.compile(r"の?(軍当局|当局者?|政府高官|政府|軍|代表団|高官|首脳|指導部|関係者)(は|が|も)")
# a trigger whose predicate is in the non-past (導入する。, 開催される予定) speaks of the future
# 5月に開かれる会合: a non-past relative clause between a date and its event puts it ahead
_FUTURE_CLAUSE = re.compile(r"(かれる|われる|される|する|予定の)(?=[^。、]{0,12}$)")
_NON_PAST = re.compile(r"[^。]{0,6}?(する|します|される|されます|へ)(。|」|と発表|と明らか|方針|予定|$)")


def _quote_span(text: str, pos: int) -> tuple[int, int]:
    """The innermost quotation holding position pos, as (start, end) in text; (0, len) outside."""
    stack: list[int] = []
    for i, c in enumerate(text[:pos]):
        if c in _OPEN:
            stack.append(i)
        elif c in _CLOSE and stack:
            stack.pop()
    if not stack:
        return 0, len(text)
    start, depth = stack[-1], 0
    for j in range(start, len(text)):
        if text[j] in _OPEN:
            depth += 1
        elif text[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return start, j
    return start, len(text)


def text_between(sent: Sentence, a: _Arg, b: _Arg) -> str:
    return sent.text[a.mention.end - sent.start : b.mention.start - sent.start]


_SPEECH = {"WARN", "ACCUSE", "CONCERN", "REQUEST", "REJECT", "PUBLISH"}
_POLICY = re.compile(r"の[^。、]{0,8}?(措置|政策|行動|規制|対応|主張|動き|姿勢|決定|方針|発言|活動|提案)")


def _aimed_at(args: list[_Arg], agent: _Arg, text: str) -> _Arg | None:
    """中国の措置について懸念: the actor whose policy or action a statement is about."""
    return next(
        (
            a
            for a in args
            if a.entity.entity_id != agent.entity.entity_id
            and a.entity.type in _ACTOR_TYPES
            and _POLICY.match(text, a.mention.end)
        ),
        None,
    )


_MEASURES = {
    "SANCTION",
    "EXPORT_CONTROL",
    "INVESTMENT_SCREENING",
    "PROCUREMENT_BAN",
    "CONCERN",
    "ACCUSE",
    "WARN",
}
_AIMED = re.compile(r"(への|に対する|向けの?|に対し)")


def _counterpart(
    type_: str, before: list[_Arg], args: list[_Arg], agent: _Arg | None, text: str = "", trig: int = 0
) -> _Arg | None:
    def other(a: _Arg) -> bool:
        return a.entity.type in _ACTOR_TYPES and (
            agent is None or a.entity.entity_id != agent.entity.entity_id
        )

    if type_ in _MEASURES and before:
        last = before[-1]
        gap = text[last.mention.end : trig]
        if other(last) and len(gap) <= 16 and _AIMED.match(gap):
            return last  # 中国への輸出規制, 米国に対する制裁

    if type_ in _SYMMETRIC:
        cands = [a for a in before if a.case in _PARTNER and other(a)]
        if cands:
            return cands[-1]
    cands = [a for a in before if a.case in _TARGET and other(a)]
    if cands:
        return cands[-1]
    if type_ in _SYMMETRIC:
        return next((a for a in args if a.case in _PARTNER and other(a)), None)
    return None


def _date(
    sent: Sentence,
    trig_start: int,
    dates: list[DateExpr],
    carry: dict[str, tuple[str, str]],
    story_date: str | None,
) -> tuple[str | None, str | None]:
    """The date expression nearest before the trigger, else the first after it, else the last date
    of the story so far (the event continues the story's time)."""
    rel = trig_start - sent.start
    with_value = [d for d in dates if d.value]
    before = [d for d in with_value if d.end <= rel]
    chosen = before[-1] if before else (with_value[0] if with_value else None)
    if chosen is not None:
        return chosen.value, chosen.text
    if sent.story_id in carry:
        return carry[sent.story_id][0], None
    return story_date, None


def _status(after: str, taxonomy: Taxonomy, type_: str) -> str:
    """Status from the words after the trigger, within its clause."""
    window = after[:24]
    cut = re.search(r"[。」]", window)
    window = window[: cut.start()] if cut else window
    for status in ("denied", "planned", "possible"):
        cues = taxonomy.status_cues.get(status, [])
        if status == "denied" and type_ == "REJECT":
            continue
        if any(c in window for c in cues):
            return status
    return "happened"


# heads that make a noun trigger an event: 会談が行われた, 輸出規制を強化した, 覚書に署名
_PREDICATE_DEPS = {"ROOT", "obj", "nsubj", "advcl", "acl", "csubj", "ccomp", "xcomp", "obl"}


def _predicative(sent: Sentence, hit: TriggerHit) -> bool:
    """Is the trigger the event of its clause, rather than a noun in a list or a modifier?

    Verbs (会談し) and phrase triggers (懸念を表明) are; a noun trigger must be the object,
    subject or a clause of a predicate in the parse. Unparsed sentences (headlines without a
    predicate) keep the surface reading."""
    if not sent.tokens:
        return True
    start = sent.start + hit.start
    end = sent.start + hit.end
    toks = [t for t in sent.tokens if t.start < end and t.end > start]
    if not toks:
        return True
    last = toks[-1]
    if any(t.pos == "VERB" for t in toks) or last.dep in {"ROOT"}:
        return True
    if last.dep in _PREDICATE_DEPS and last.dep != "obl":
        head = sent.tokens[last.head]
        return head.pos in {"VERB", "AUX", "ADJ"} or head.dep == "ROOT"
    if last.dep == "obl":
        nxt = sent.tokens[last.i + 1] if last.i + 1 < len(sent.tokens) else None
        return nxt is not None and nxt.text in {"で", "に"} and sent.tokens[last.head].pos == "VERB"
    return False


def _parse_confirms(tokens: tuple[Token, ...], mention: Mention, trig_start: int) -> bool:
    """Does the mention's token hang, through its heads, under the token of the trigger?"""
    if not tokens:
        return False
    trig = next((t for t in tokens if t.start <= trig_start < t.end), None)
    tok = next((t for t in tokens if t.start <= mention.end - 1 < t.end), None)
    if trig is None or tok is None:
        return False
    target_heads = {trig.i, trig.head}
    seen = set()
    i = tok.i
    while i not in seen:
        seen.add(i)
        if i in target_heads:
            return True
        i = tokens[i].head
    return False
