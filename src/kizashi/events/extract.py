"""Stage: events. Who did what to whom, when and where, from trigger sentences.

For each trigger (taxonomy.py) in a sentence: is it an event of its own (cues.py, publish.py), who
are its arguments (args.py: the particle after each mention; anaphora.py), who acts and who is
acted on (predicates.py, roles.py, counterparts.py, visits.py, targets.py, meetings.py; retold.py keeps
one event per story), its status, date (dating.py), place and confidence
(confidence.py), with an explanation line per field. Subjects and days carry from sentence to
sentence within a story; agreements after a meeting take its parties. See docs/events.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from kizashi import ids
from kizashi.dates.expressions import DateExpr, find_dates
from kizashi.entities.names import Titles
from kizashi.events import anaphora, confidence, meetings, publish
from kizashi.events.args import ACTOR_TYPES, AGENT, PLACE_TYPES, Arg, country_of, quote_span, sentence_args
from kizashi.events.counterparts import counterpart_of
from kizashi.events.cues import (
    FUTURE_CLAUSE,
    NON_PAST,
    PAST,
    is_passive,
    is_product_release,
    not_an_event,
    status_of,
)
from kizashi.events.dating import align_dates, choose_date, news_day, ref_date
from kizashi.events.explain import finalise_all
from kizashi.events.predicates import is_predicative, parse_confirms
from kizashi.events.retold import one_per_story
from kizashi.events.roles import CLAUSE_CLOSED, SPEECH, SYMMETRIC, agent_of
from kizashi.events.taxonomy import Taxonomy, TriggerHit
from kizashi.events.victims import SUFFERED, suffered_attack
from kizashi.events.visits import destination_in_verb, visited_country
from kizashi.records import Document, Entity, Event, Mention, Sentence

# v6: acts named by noun phrases, quoted names, visits to cities, consequences (#14); v5: explanations from the final values (#15); v4: PUBLISH only as news, doers, attendees,
# summaries (#14); v3: clock times (#12)
STAGE = "events.rules.v6"


def extract_events(
    document: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    *,
    taxonomy: Taxonomy,
    titles: Titles,
) -> tuple[Event, ...]:
    """Events of the sentences, read with the taxonomy's triggers; ``titles`` (the entities
    stage's title lexicon) lets a mention's title stand between it and its particle."""
    by_id = {e.entity_id: e for e in entities}
    refs = {s.story_id: ref_date(s.pub_date or document.pub_date) for s in document.stories}
    events: list[Event] = []
    carry_agent: dict[str, Arg] = {}
    carry_date: dict[str, tuple[str, str]] = {}
    last_meet: dict[str, Event] = {}
    headlines = {st.headline for st in document.stories if st.headline}
    for sent in sentences:
        args = sentence_args(document.text, sent, mentions, by_id, titles=titles)
        args = anaphora.resolve(document.text, sent, args, mentions, by_id, titles=titles)
        agents = [a for a in args if a.case in AGENT and a.entity.type in ACTOR_TYPES]
        carried = carry_agent.pop(sent.story_id, None)  # a subject carries to the next sentence only
        if carried is None:  # 【蒋報道官】…: a transcript line's label speaks its sentences
            carried = anaphora.line_speaker(document.text, sent, mentions, by_id, titles)
        if agents:
            carry_agent[sent.story_id] = agents[0]
        dates = find_dates(sent.text, refs.get(sent.story_id))
        days = [d for d in dates if d.value and len(d.value) == 10]
        if days:  # only a day carries on: 2021年 or 1月 told as background dates nothing after it
            carry_date[sent.story_id] = (days[-1].value or "", days[-1].text)
            news = [d for d in days if news_day(d.value, refs.get(sent.story_id))]
            if news:  # the story's news day: its first day within a week before publication
                carry_date.setdefault("lead:" + sent.story_id, (news[0].value or "", news[0].text))
        if sent.text in headlines:
            continue  # a headline restates its story's events in telegraphic form
        hits = taxonomy.find(sent.text)
        if not sent.tokens and not needs_parse(sent.text, taxonomy, hits):
            continue
        seen: dict[str, int] = {}  # each type told in the sentence, with where its trigger ends
        told: list[tuple[Event, int]] = []  # the sentence's events, each with its trigger's offset
        for hit in hits:
            if (
                hit.trigger.type in seen and not _own_clause(sent.text, seen[hit.trigger.type], hit.start)
            ) or not is_predicative(sent, hit, args, document.text):
                continue
            if not_an_event(sent.text, hit.start, hit.end, hit.trigger.type):
                continue
            if hit.trigger.type == "PUBLISH" and publish.names_source(sent.text, hit.end):
                continue  # 発表によると, 報告書では: where the sentence's acts are told, no act itself
            if meetings.is_setting(document.text, sent, hit, args):
                continue
            meet = last_meet.get(sent.story_id)
            event = _event(document, sent, hit, args, carried, dates, carry_date, taxonomy, by_id)
            if event is None and meet is not None and hit.trigger.type in {"AGREE", "COOPERATE"}:
                # 両首脳 …を確認。 with no name in the sentence: the group stands for the meeting's parties
                stand_in = meetings.group_stand_in(sent, hit, mentions, meet, by_id)
                if stand_in is not None:
                    event = _event(document, sent, hit, args, stand_in, dates, carry_date, taxonomy, by_id)
            if (
                meet is not None
                and (event is None or event.actor2 is None)
                and meetings.follow_up(sent, hit, args)
            ):
                # ・次官級協議は来年2月に開催。: talks told with no party after a meeting are its parties'
                stand_in = meetings.party_stand_in(mentions, meet, by_id, sent)
                later = event or (
                    stand_in
                    and _event(document, sent, hit, args, stand_in, dates, carry_date, taxonomy, by_id)
                )
                event = meetings.between_meeting_parties(later, meet, by_id) if later else None
            if event is None:
                continue
            event = meetings.with_meeting_parties(event, args, sent, hit.start, meet, by_id)
            if (
                event.type in taxonomy.traits["two_parties"]
                and not event.actor2
                and not meetings.convened(sent.text, hit)
            ):
                continue  # a meeting, agreement or visit with one party known says little and is often wrong
            if event.mode == "opposition" and not event.actor2:
                continue  # いかなる攻撃にも反対する: a stance against no one in particular
            if event.type == "MEET" and event.actor2:
                last_meet[sent.story_id] = event
            seen[event.type] = hit.end
            told.append((event, hit.start))
        groups = [
            (a.entity.entity_id, a.mention.start - sent.start)
            for a in args
            if a.entity.kind == "threat_group"
        ]
        events.extend(publish.without_ride_alongs(sent.text, told, groups))
    # a government body and its country tell one act twice (外務省は…; 「わが国は…」); a person does not
    countries = {
        e.entity_id: c.entity_id
        for e in entities
        if e.type == "ORG" and (c := country_of(e, by_id)) is not None
    }
    found = one_per_story(
        align_dates(confidence.calibrate(events, taxonomy.confidence, taxonomy.kinds)), countries
    )
    return finalise_all(found, by_id, mentions)  # explained last, from the final values (#15)


def needs_parse(text: str, taxonomy: Taxonomy, hits: Sequence[TriggerHit] | None = None) -> bool:
    """Could a trigger of the sentence tell an event? Not when each is dropped on its text alone
    (a modifier, a reference back, 発表によると), as the loop above drops it: no parse (#17)."""
    hits = taxonomy.find(text) if hits is None else hits
    return any(
        not not_an_event(text, hit.start, hit.end, hit.trigger.type)
        and not (hit.trigger.type == "PUBLISH" and publish.names_source(text, hit.end))
        for hit in hits
    )


def _speaker(sent: Sentence, args: list[Arg], quote: tuple[int, int]) -> Arg | None:
    """The subject outside a quotation, before it: who says the quoted words."""
    if quote == (0, len(sent.text)):
        return None
    outside = [
        a
        for a in args
        if a.mention.start - sent.start < quote[0]
        and a.case in AGENT
        and a.entity.type in ACTOR_TYPES
        and quote_span(sent.text, a.mention.start - sent.start) == (0, len(sent.text))
    ]
    return outside[-1] if outside else None


# pronouns and anaphors that point back at the subject carried from before
_ANAPHORS = ("同", "彼", "両", "双方", "当局", "政府")


def _own_subject(sent: Sentence, trig_start: int, args: list[Arg]) -> bool:
    """Does the trigger's clause have a subject of its own that names no known actor
    (報道官は…非難した, DPCTは…行われ)? Then no earlier subject carries to it."""
    toks = sent.tokens
    trig = next((t for t in toks if t.start <= trig_start < t.end), None)
    if trig is None:
        return False
    heads = {trig.i, trig.head}
    for t in toks:
        if t.dep not in {"nsubj", "nsubj:pass", "csubj"} or t.head not in heads or t.start >= trig_start:
            continue
        if t.text.startswith(_ANAPHORS) or anaphora.in_party_group(sent.text, t.start - sent.start):
            continue
        if any(a.mention.start <= t.start < a.mention.end for a in args):
            continue
        return True
    return False


# acts one party does to another, whose doer a reported clause names on its own
_ACTS_ON_OTHERS = frozenset({"CYBER_OPERATION", "MILITARY_ACTION"})


def _subject_between(sent: Sentence, topic: Arg, trig_start: int, args: list[Arg]) -> bool:
    """Is there, between the topic and the trigger, a が-subject of the trigger's clause that names
    no known actor (攻撃者が, 何者かが)?"""
    return _own_subject(sent, trig_start, args) and any(
        t.dep in {"nsubj", "nsubj:pass"}
        and topic.mention.end <= t.start < trig_start
        and sent.text[t.end - sent.start : t.end - sent.start + 1] == "が"
        for t in sent.tokens
    )


def _own_clause(text: str, prev_end: int, start: int) -> bool:
    """Is the trigger at ``start`` in another clause than the same type's trigger ending at ``prev_end``?"""
    return CLAUSE_CLOSED.search(text, prev_end, start) is not None  # the same type told again after it


def _event(
    document: Document,
    sent: Sentence,
    hit: TriggerHit,
    args: list[Arg],
    carried: Arg | None,
    dates: list[DateExpr],
    carry_date: dict[str, tuple[str, str]],
    taxonomy: Taxonomy,
    by_id: dict[str, Entity],
) -> Event | None:
    trig_start = sent.start + hit.start
    type_ = hit.trigger.type
    text = document.text
    if type_ in {"PUBLISH", "PRODUCT_RELEASE"} and is_product_release(sent.text, hit.start):
        type_ = "PRODUCT_RELEASE"  # 新型スマートフォンを発表: a release, not a publication
    elif hit.trigger.mode == "unveiling":
        return None  # 公開 of anything but a product (訓練を公開) is no event of ours
    why: list[str] = [f"trigger: {hit.trigger.text} ({type_})"]
    # a trigger's arguments stand in the same quotation as the trigger: the outer 発表 has the
    # outer subject, a 懸念を表明 inside 「…」 has the subject inside
    quote = quote_span(sent.text, hit.start)
    speaker = _speaker(sent, args, quote)
    args = [a for a in args if quote_span(sent.text, a.mention.start - sent.start) == quote]
    before = [a for a in args if a.mention.end <= trig_start]
    passive = is_passive(sent.text, hit.end)
    accused = None
    if hit.trigger.mode == "attribution" and before and before[-1].case == "の":
        # 中国政府の関与が疑われる: the owner of the involvement is accused, not the accuser
        accused, before = before[-1], before[:-1]
        args = [a for a in args if a is not accused]
    roles = agent_of(type_, text, trig_start, before, args, passive)
    if roles.skip:
        return None
    agent, counterpart = roles.agent, roles.counterpart
    if (
        agent is not None
        and type_ in _ACTS_ON_OTHERS
        and agent.case == "は"
        and _subject_between(sent, agent, trig_start, args)
    ):
        # 幹部は、攻撃者がネットワークに侵入したと述べた: the speaker is not the attacker
        why.append(
            f"overridden: actor1 first read as {agent.mention.text}, whose reported clause has a subject of its own"
        )
        agent = None
    why += roles.why
    victim_only = False
    if (
        type_ == "CYBER_OPERATION"
        and agent is not None
        and agent.case in AGENT
        and SUFFERED.match(sent.text, hit.end)
    ):
        # Xがサイバー攻撃を受けた, Xがランサムウェア被害を公表: X is attacked; the attacker is unknown
        why = [why[0], f"actor2: {agent.mention.text}, who suffered the attack"]
        agent, counterpart, victim_only = None, agent, True
    if hit.trigger.mode == "consequence" and agent is not None:
        # 日本は代償を払うことになる: the one who will pay is warned; the speaker (or the subject
        # told before) warns
        warner = speaker or (
            carried if carried and carried.entity.entity_id != agent.entity.entity_id else None
        )
        if warner is None:
            return None
        agent, counterpart = warner, agent
        why = [
            why[0],
            f"actor1: {warner.mention.text}, who warns",
            f"actor2: {counterpart.mention.text}, who is told it will pay",
        ]
    if agent is None and speaker is not None and type_ in SPEECH:
        agent = speaker  # 「日本側が…正すよう求める」と反発した: the one quoted asks
        why.append(f"actor1: {speaker.mention.text}, who says the quoted words")
    if agent is None and carried is not None and not victim_only and not _own_subject(sent, trig_start, args):
        agent = carried
        why.append(f"actor1: {carried.mention.text}, subject carried from an earlier clause")
    if accused is not None:
        counterpart = accused
        why.append(f"actor2: {accused.mention.text}, whose involvement is suspected")
    if counterpart is None:
        counterpart, reason = counterpart_of(type_, text, trig_start, before, args, agent, by_id)
        if counterpart is not None:
            why.append(reason)
    if victim_only and counterpart is not None:
        return suffered_attack(document, sent, hit, counterpart, dates, carry_date, why)
    if agent is None:
        if counterpart is None or type_ not in SYMMETRIC:
            return None  # the target of an act is never its agent: 中国への規制が強化された
        agent, counterpart = counterpart, None
        why = [("actor1: " + w.removeprefix("actor2: ")) if w.startswith("actor2: ") else w for w in why]
        # AとBの会談: B, named after the partner and owning the meeting, is the other party
        counterpart = next(
            (
                a
                for a in before
                if a.mention.start >= agent.mention.end
                and a.case in {"の", "による"}
                and a.entity.type in ACTOR_TYPES
                and a.entity.entity_id != agent.entity.entity_id
            ),
            None,
        )
        if counterpart is not None:
            why.append(f"actor2: {counterpart.mention.text}, named with the partner before the trigger")
    place = next((a for a in args if a.case in {"で", "では"} and a.entity.type in PLACE_TYPES), None)
    if type_ == "VISIT" and counterpart is None and hit.trigger.text == "訪問先の":
        # 訪問先のフィリピン・マニラで: the place named after the word is where the visit is made
        counterpart = next(
            (a for a in args if a.mention.start >= trig_start and a.entity.type in PLACE_TYPES), None
        )
    if type_ == "VISIT" and counterpart is None and (dest := destination_in_verb(hit.trigger.text, by_id)):
        counterpart = Arg(agent.mention, None, dest)  # 訪中した: the verb names where
        why.append(f"actor2: {dest.canonical}, the destination the verb {hit.trigger.text} names")
    if type_ == "VISIT" and counterpart is None:
        # 台湾を訪問, 米国に到着, オーストラリア訪問: the place visited
        counterpart = next(
            (
                a
                for a in reversed(before)
                if a.entity.type in PLACE_TYPES | {"ORG"}
                and (a.case in {"を", "に"} or a.mention.end == trig_start)
            ),
            None,
        )
    if type_ == "VISIT" and counterpart is not None and (land := visited_country(counterpart.entity, by_id)):
        # 北京を訪問, 釜山訪問: a visit to a city is a visit to its country (SCHEMA: the territory)
        why.append(f"actor2: {land.canonical}, the country of {counterpart.mention.text}, the place visited")
        counterpart = Arg(counterpart.mention, counterpart.case, land)
    if counterpart is not None and counterpart.entity.entity_id == agent.entity.entity_id:
        counterpart = None
    if type_ in taxonomy.traits["one_party"]:
        counterpart = None
    status = status_of(sent.text[hit.end :], taxonomy, type_)
    ahead = any(FUTURE_CLAUSE.search(sent.text, d.end, hit.start) for d in dates if d.end <= hit.start)
    ahead = ahead and not PAST.match(sent.text, hit.end)  # 協力する覚書に署名した: done, not ahead
    non_past = NON_PAST.match(sent.text, hit.end)
    if status == "planned" or ahead or non_past:
        # 8月1日から導入する: a day-only date of a plan is the next such day, not the last; but in
        # 2日、…強化すると発表した the day, closed by its comma, is the announcement's
        ahead_dates = find_dates(sent.text, ref_date(document.pub_date), future=True)
        told = bool(non_past and non_past.group(2).startswith("と")) and not (status == "planned" or ahead)
        dates = (
            [
                d if told and sent.text.startswith("、", d.end) else f
                for d, f in zip(dates, ahead_dates, strict=False)
            ]
            if len(dates) == len(ahead_dates)
            else ahead_dates
        )
    story_date = next((st.pub_date for st in document.stories if st.story_id == sent.story_id), None)
    date, date_text = choose_date(sent, trig_start, dates, carry_date, story_date or document.pub_date, type_)
    if date:
        why.append(f"date: {date_text} -> {date}")
    if status != "happened":
        why.append(f"status: {status}")
    confirmed = parse_confirms(sent.tokens, agent.mention, trig_start)
    if confirmed:
        why.append("parse: actor1 depends on the trigger's predicate")
    # a first guess, replaced by the calibrated model (events/confidence.py) where the taxonomy has weights
    sure = 0.35 + 0.2 * (agent.case in AGENT) + 0.15 * confirmed + 0.1 * (date_text is not None)
    sure += 0.2 * (counterpart is not None or type_ not in SYMMETRIC | {"VISIT"})
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
        mode=publish.mode_of(sent.text, hit.start, hit.trigger.mode) if type_ == "PUBLISH" else hit.trigger.mode,
        status=status,
        date=date,
        date_text=date_text,
        location=place.entity.entity_id if place else None,
        confidence=round(min(sure, 1.0), 2),
        explanation=tuple(why),
    )  # fmt: skip
