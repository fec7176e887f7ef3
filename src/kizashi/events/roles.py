"""Who is the agent and who the counterpart of a trigger, from the arguments of its sentence.

The agent is the nearest subject before the trigger (the first of a coordinated list), with the
repairs Japanese news style needs: the speaker of a reported clause is the topic, not the subject
inside what is reported (米国務省は、中国が…能力があると警告した); the requester of a request is not
the subject inside what is requested (AがBが…するよう求めた); the doer of a passive is the one
marked by から/により (李氏は米政府から制裁を科された). The counterpart is the partner (と) of
symmetric events, the target (を/に/に対して) of the rest, or the actor a statement is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kizashi.events import meetings
from kizashi.events.args import (
    ACTOR_TYPES,
    AGENT,
    DOER,
    JOINERS,
    SOURCE,
    Arg,
    compound_parties,
)
from kizashi.events.cues import MEASURES
from kizashi.events.targets import TERRITORY
from kizashi.events.visits import visitor_named

SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}
SPEECH = {"WARN", "ACCUSE", "CONCERN", "REQUEST", "REJECT", "PUBLISH"}
_ABOUT = {"WARN", "ACCUSE", "CONCERN", "REJECT"}  # statements aimed at somebody's act
# 早期訪日を要請, 訪問を招請: a visit asked for has not taken place
_VISIT_ASKED = re.compile(r"[訪来歴][^。、]を(要請|求め|招請|招待|打診|呼びかけ)")
# a non-past relative clause ending at a name (を総括する, を担当している) describes its holder
_DESCRIBES = re.compile(r"(する|している|を担う|を率いる)[^。、]{0,3}$")
# what is asked ends the clause before a verb of asking: …するよう求めた, …てほしいと促した
_ASKING = re.compile(r"(よう(に)?|てほしい(と)?|でほしい(と)?|ように(と)?)$")
_NOMINAL = re.compile(r"こと(について|に対し|に対して|を|は|に|への|を受け)")
_CONCESSIVE = re.compile(r"(したが|だが|ものの|のに|けれども|けど)、")


# acts done to another, which a relative clause can tell of its doer (…に侵入した船が)
_ACTS_ON_OTHERS = frozenset({"MILITARY_ACTION", "CYBER_OPERATION"})
# 北朝鮮の弾道ミサイル発射, 中国軍の大規模演習: the owner of an act noun, with a few kanji of its kind
_OWN_ACT = re.compile(r"(側|政府|軍)?の[\u4e00-\u9fff]{0,4}")
_RELATIVE = re.compile(r"[^、。「」]{1,12}?(した|する|している|していた)")


def _closing(text: str, end: int) -> int:
    """The length of a closing bracket right after a quoted name (「APT10」による)."""
    return 1 if text[end : end + 1] in "」』”" else 0


def _visitor_described(text: str, trig: int, args: list[Arg]) -> Arg | None:
    """訪中したブラジルのルラ大統領, 来日中の英外相: the person a visit clause describes."""
    person = next((a for a in args if a.mention.start > trig and a.entity.type == "PERSON"), None)
    if person is None:
        return None
    gap = text[trig : person.mention.start]
    return person if _VISIT_CLAUSE.fullmatch(gap) else None


# 訪中した (ブラジルの), 来日中の (英国の): a visit verb in a clause on the noun after it
_VISIT_CLAUSE = re.compile(r"[訪来][^\s、。「」]{1,3}?(した|している|中の)[^、。「」がはをにと]{0,10}?")


def _noun_phrase_gap(gap: str) -> bool:
    """Does ``gap`` (after Xによる, up to the trigger) stay inside one noun phrase?"""
    gap = gap.lstrip("」』”")  # 「APT28」による攻撃: the close of a quoted name
    # a particle of a clause (侵攻を受けて制裁, 攻撃があり) ends the noun phrase
    return len(gap) <= 24 and not re.search("[、。「」をがはて]|(した|する|され)", gap)


def named_with_doer(type_: str, text: str, trig: int, before: list[Arg]) -> bool:
    """Is the noun trigger at ``trig`` an act named with its doer (ロシアによる侵攻, 「APT28」による
    サイバー攻撃への注意喚起)? Such a noun phrase tells the act as done, wherever it stands."""
    if type_ in SPEECH | SYMMETRIC:
        return False  # 中国による批判 is reported speech, AとBによる会談 a meeting: their own rules
    doer = next((a for a in reversed(before) if a.case in DOER and a.entity.type in ACTOR_TYPES), None)
    return doer is not None and _noun_phrase_gap(text[doer.mention.end : trig])


def _describes(gap: str) -> bool:
    return not re.search("[、。]", gap) and _DESCRIBES.search(gap) is not None


@dataclass(slots=True)
class Roles:
    agent: Arg | None = None
    counterpart: Arg | None = None
    skip: bool = False
    why: list[str] = field(default_factory=list)


def agent_of(type_: str, text: str, trig: int, before: list[Arg], args: list[Arg], passive: bool) -> Roles:
    """The agent of the trigger at absolute offset ``trig``, and a counterpart the choice implies."""
    roles = Roles()
    if type_ == "VISIT" and _VISIT_ASKED.match(text, trig):
        roles.skip = True  # バイデン氏の訪日を要請: what is asked for, not a visit
        return roles
    guest = _visitor_described(text, trig, args) if type_ == "VISIT" else None
    if guest is not None:
        roles.agent = guest  # 訪中したブラジルのルラ大統領と会談: the visit is the one it describes
        roles.why.append(f"actor1: {guest.mention.text}, whom the clause on the visit describes")
        return roles
    if type_ == "VISIT" and (visitor := visitor_named(text, trig, before)) is not None:
        roles.agent = visitor
        roles.why.append(f"actor1: {visitor.mention.text}, whose visit it is")
        return roles
    nxt = next((a for a in args if a.mention.start >= trig), None)
    if nxt is not None and nxt.case in AGENT and _describes(text[trig : nxt.mention.start]):
        roles.skip = True  # 輸出統制を総括するX次官は: what X does for a living, not an event
        return roles
    told_by = next(
        (
            a
            for a in args
            if a.mention.start > trig
            and a.case in DOER
            and a.entity.type in ACTOR_TYPES
            and text.startswith("もの", a.mention.end + len("による") + _closing(text, a.mention.end))
        ),
        None,
    )
    if (
        told_by is not None
        and type_ in _ACTS_ON_OTHERS
        and not re.search("[。]", text[trig : told_by.mention.start])
    ):
        # 研究機関を狙ったサイバー攻撃は、「APT10」によるものだ: the doer named after the act
        roles.agent = told_by
        roles.why.append(f"actor1: {told_by.mention.text}, whose doing the act is said to be (によるもの)")
        return roles
    if (
        nxt is not None
        and type_ in _ACTS_ON_OTHERS
        and (nxt.case in AGENT or nxt.case == "の")
        and nxt.entity.type in ACTOR_TYPES
        and _RELATIVE.fullmatch(text, trig, nxt.mention.start)
    ):
        # 領海に侵入した中国海警局の船2隻が: the act told in a relative clause is its head noun's
        roles.agent = nxt
        roles.why.append(f"actor1: {nxt.mention.text}, who the clause on the act describes")
        return roles
    # 米国が…言及したが、…公開した: a subject before が、/ものの、 belongs to the clause it closes
    # (a topic with は scopes over both clauses)
    before = [a for a in before if a.case == "は" or not _CONCESSIVE.search(text, a.mention.end, trig)]
    subjects = [a for a in before if a.case in AGENT and a.entity.type in ACTOR_TYPES]
    # Xからの要請: からの names the source of the noun it opens, not of a later verb
    # (Xからのレーダー照射が公表された: X did not publish)
    sources = [
        a
        for a in before
        if a.case in SOURCE
        and a.entity.type in ACTOR_TYPES
        and (a.case != "からの" or _noun_phrase_gap(text[a.mention.end : trig]))
    ]
    agent = _first_of_list(text, subjects, subjects[-1]) if subjects else None
    lead = text[max(0, trig - 6) : trig]
    asks = type_ == "REQUEST" and _ASKING.search(lead) is not None
    owner = before[-1] if before else None
    if (
        owner is not None
        and owner.case == "の"
        and text[owner.mention.end : trig] in {"の", "側の", "政府の"}
        and owner.entity.type in ACTOR_TYPES
        and type_ in SPEECH | MEASURES | {"MEET"}
    ):
        roles.agent = owner  # 米国防総省の発表, 中国の要請, 米国の輸出規制: the noun's owner acts
        roles.why.append(f"actor1: {owner.mention.text}, whose {type_.lower()} it is")
        return roles
    if (
        owner is not None
        and owner.case == "の"
        and type_ in _ACTS_ON_OTHERS
        and owner.entity.type in ACTOR_TYPES
        and _OWN_ACT.fullmatch(text, owner.mention.end, trig)
        and not TERRITORY.match(text, owner.mention.end)  # 日本の領海に侵入: the waters', not the act's
    ):
        roles.agent = owner  # 北朝鮮の弾道ミサイル発射について非難した: the launch is North Korea's
        roles.why.append(f"actor1: {owner.mention.text}, whose act it is")
        return roles
    doer = next((a for a in reversed(before) if a.case in DOER and a.entity.type in ACTOR_TYPES), None)
    if doer is not None and type_ in SYMMETRIC and _noun_phrase_gap(text[doer.mention.end : trig]):
        team = _joined_before(text, before, doer)
        if len(team) >= 2:  # 自衛隊と米軍、韓国軍による共同訓練: those named with による are the parties
            roles.agent, roles.counterpart = team[0], team[1]
            roles.why.append(f"parties: {team[0].mention.text} and {team[1].mention.text}, named with による")
            return roles
    if (
        doer is not None
        and type_ not in SPEECH | SYMMETRIC
        and _noun_phrase_gap(text[doer.mention.end : trig])
    ):
        roles.agent = doer  # ロシア軍機による領空侵犯に抗議した: the act is the doer's, not the protester's
        roles.why.append(f"actor1: {doer.mention.text}, the doer the act is named with (による)")
        return roles
    if (
        agent is not None
        and agent.case == "が"
        and type_ in SPEECH
        and not asks
        and re.search("と(し|して)?$", lead)
    ):
        topic = next((a for a in subjects if a.case in {"は", "では", "としては"}), None)
        if topic is not None and topic is not agent:
            roles.counterpart = agent if type_ in _ABOUT | {"PUBLISH"} else None
            agent = topic
            roles.why.append("actor1: the speaker of the reported clause")
    if (
        agent is not None
        and type_ in SPEECH
        and agent.case == "が"
        and _NOMINAL.search(text, agent.mention.end, trig)
    ):
        # 報道官は、日本の警察庁が…発表したことについて…否定した: the が-subject is inside
        # the nominal clause; the topic acts
        topic = next((a for a in subjects if a.case in {"は", "では"} and a is not agent), None)
        if topic is not None:
            agent = topic
    if asks and agent is not None and agent.case == "が":
        earlier = [a for a in subjects if a.mention.end <= agent.mention.start]
        # AはBが…するよう求めた: B is asked, A asks (or, with no A, whoever is speaking)
        roles.counterpart = agent
        agent = _first_of_list(text, earlier, earlier[-1]) if earlier else None
        roles.why.append("actor2: the subject of what is requested")
    if sources and (passive or type_ == "REQUEST"):
        # 米政府から制裁を科された / 米側から…打診: the one named with から acts
        if passive and agent is not None:
            roles.counterpart = agent
        agent = sources[-1]
        roles.why.append(f"actor1: {agent.mention.text} marked by {agent.case}")
    elif agent is not None:
        roles.why.append(f"actor1: {agent.mention.text} marked by {agent.case}")
    if agent is None:
        # オーストラリア訪問を終えたキャンベル氏は: a noun trigger in a clause on the subject after it
        agent = next(
            (a for a in args if a.mention.start >= trig and a.case in AGENT and a.entity.type in ACTOR_TYPES),
            None,
        )
        gap = text[trig : agent.mention.start] if agent is not None else ""
        if agent is not None and re.search("[、。」]", gap):
            agent = None
        if agent is not None:
            roles.why.append(f"actor1: {agent.mention.text} marked by {agent.case}, after the trigger")
    if agent is None and type_ == "MEET":
        present = meetings.attendees(text, trig, args)
        if len(present) >= 2:  # 会合が開かれ、A、B、Cが出席した: the attendees listed after it
            agent, roles.counterpart = present[0], present[1]
            roles.why.append(
                f"parties: {present[0].mention.text} and {present[1].mention.text}, who attended"
            )
    run = compound_parties(text, args, trig) if type_ == "MEET" else []
    if (
        agent is not None
        and agent.entity.type != "PERSON"
        and len(run) >= 2
        and agent.entity.entity_id not in {r.entity.entity_id for r in run}
    ):
        # X政権高官は、日米首脳会談で…と述べた: the compound names the parties; the subject,
        # neither of them, speaks about the meeting
        roles.why.append(f"overridden: actor1 first read as {agent.mention.text}")
        agent = None
    if agent is None and run:  # 日印外相会談が開かれた: the compound names both parties
        agent, roles.counterpart = run[0], run[1]
        roles.why.append(f"parties: {run[0].mention.text} and {run[1].mention.text}, named in the compound")
    roles.agent = agent
    return roles


def _joined_before(text: str, before: list[Arg], last: Arg) -> list[Arg]:
    """The actors joined by と, 、 or や up to ``last`` (自衛隊と米軍、韓国軍), first first."""
    k = before.index(last)
    team = [last]
    while k > 0 and text[before[k - 1].mention.end : team[0].mention.start] in JOINERS | {"と", "や"}:
        k -= 1
        if before[k].entity.type in ACTOR_TYPES:
            team.insert(0, before[k])
    return team


def _first_of_list(text: str, subjects: list[Arg], agent: Arg) -> Arg:
    """The first of a coordinated list of subjects (米国、日本、韓国は)."""
    while subjects.index(agent) > 0:
        prev = subjects[subjects.index(agent) - 1]
        if text[prev.mention.end : agent.mention.start] not in JOINERS:
            break
        agent = prev
    return agent


# 会合に出席するため訪れているAは、Bと会談した: a purpose or time clause (ため, 際, 後) closes the
# clause of the event told in it
CLAUSE_CLOSED = re.compile(r"(ため|際|た後|の後|のち)[、に]?")
