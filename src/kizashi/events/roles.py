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
from collections.abc import Callable
from dataclasses import dataclass, field

from kizashi import ids
from kizashi.events import meetings
from kizashi.events.args import (
    ABOUT,
    ACTOR_TYPES,
    AGENT,
    DOER,
    JOINERS,
    PARTNER,
    PLACE_TYPES,
    SOURCE,
    TARGET,
    WITH,
    Arg,
    compound_parties,
    country_of,
    partner_reaches,
)
from kizashi.events.cues import MEASURES
from kizashi.events.targets import LISTED, TERRITORY, first_attacked
from kizashi.records import Entity

SYMMETRIC = {"MEET", "AGREE", "COOPERATE"}
SPEECH = {"WARN", "ACCUSE", "CONCERN", "REQUEST", "REJECT", "PUBLISH"}
_ABOUT = {"WARN", "ACCUSE", "CONCERN", "REJECT"}  # statements aimed at somebody's act
# 中国への規制, 中国向けの規制, 中国のAIを標的とした規制: whom a measure or statement is aimed at
_AIMED = re.compile(
    r"^(への|に対する|向けの?|に対し)|^の?[^、。]{0,20}?を(標的|対象|念頭|狙い)に?(と)?(した|する|して)?"
)
# nouns of an actor's acts and policies: 中国の措置について懸念, ワシントンの連合構築を批判
_ACTS = (
    "措置|政策|行動|規制|対応|主張|動き|姿勢|決定|方針|発言|活動|提案|構築|計画|開発|侵攻|進出|介入|威圧|"
    "挑発|行為|体制|戦略|拡大|強化|領有権|軍事|管理|制限|禁止|制裁|関与"
)
_POLICY = re.compile(rf"の[^。、「」]{{0,8}}?({_ACTS})")
_LEADERS_DID = re.compile(r"の(指導者|指導部|首脳|首相|大統領|政府|当局|高官|政治家|閣僚)(ら|たち)?(が|は)")
_POLICY_IN = re.compile(rf"({_ACTS})")
# what a requester asks of another: 日本のサプライチェーン支援を求めた
_ASKED = re.compile(
    r"(?:氏|さん)?の[^。、「」]{0,16}?(支援|協力|参加|関与|投資|対応|措置|行動|自制|訪日|来日|訪問)"
)
# 早期訪日を要請, 訪問を招請: a visit asked for has not taken place
_VISIT_ASKED = re.compile(r"[訪来歴][^。、]を(要請|求め|招請|招待|打診|呼びかけ)")
# a non-past relative clause ending at a name (を総括する, を担当している) describes its holder
_DESCRIBES = re.compile(r"(する|している|を担う|を率いる)[^。、]{0,3}$")
# what is asked ends the clause before a verb of asking: …するよう求めた, …てほしいと促した
_ASKING = re.compile(r"(よう(に)?|てほしい(と)?|でほしい(と)?|ように(と)?)$")
_NOMINAL = re.compile(r"こと(について|に対し|に対して|を|は|に|への|を受け)")
_CONCESSIVE = re.compile(r"(したが|だが|ものの|のに|けれども|けど)、")
_VICTIM = re.compile(r"(?:国内|内)?の[^。、「」]{0,14}?(に対して|に対し|を狙|を標的|に)")


# acts done to another, which a relative clause can tell of its doer (…に侵入した船が)
_ACTS_ON_OTHERS = frozenset({"MILITARY_ACTION", "CYBER_OPERATION"})
_RELATIVE = re.compile(r"[^、。「」]{1,12}?(した|する|している|していた)")


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


def visitor_named(text: str, trig: int, before: list[Arg]) -> Arg | None:
    """マクロン氏の東京訪問, 首相の訪米: the owner of a visit noun that names its place (or whose
    verb names it) is the visitor, and the noun phrase tells the visit as made or planned."""
    if not before:
        return None
    place = before[-1] if before[-1].entity.type in PLACE_TYPES and before[-1].mention.end == trig else None
    owner = before[-2] if place is not None and len(before) >= 2 else before[-1]
    gap = text[owner.mention.end : place.mention.start if place else trig]
    if (
        owner.case != "の"
        or owner.entity.type not in {"PERSON", "ORG"}
        or len(gap) > 4
        or re.search("[、。]", gap)
    ):
        return None
    return owner if place is not None or text.startswith("訪", trig) else None


def agent_of(type_: str, text: str, trig: int, before: list[Arg], args: list[Arg], passive: bool) -> Roles:
    """The agent of the trigger at absolute offset ``trig``, and a counterpart the choice implies."""
    roles = Roles()
    if type_ == "VISIT" and _VISIT_ASKED.match(text, trig):
        roles.skip = True  # バイデン氏の訪日を要請: what is asked for, not a visit
        return roles
    if type_ == "VISIT" and (visitor := visitor_named(text, trig, before)) is not None:
        roles.agent = visitor
        roles.why.append(f"actor1: {visitor.mention.text}, whose visit it is")
        return roles
    nxt = next((a for a in args if a.mention.start >= trig), None)
    if nxt is not None and nxt.case in AGENT and _describes(text[trig : nxt.mention.start]):
        roles.skip = True  # 輸出統制を総括するX次官は: what X does for a living, not an event
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
    doer = next((a for a in reversed(before) if a.case in DOER and a.entity.type in ACTOR_TYPES), None)
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
    if agent is not None and agent.entity.type != "PERSON" and type_ == "MEET":
        run = compound_parties(text, args, trig)
        if len(run) >= 2 and agent.entity.entity_id not in {r.entity.entity_id for r in run}:
            # X政権高官は、日米首脳会談で…と述べた: the compound names the parties; the subject,
            # neither of them, speaks about the meeting
            roles.why.append(f"overridden: actor1 first read as {agent.mention.text}")
            agent = None
    if agent is None and type_ == "MEET":
        run = compound_parties(text, args, trig)
        if run:  # 日印外相会談が開かれた: the compound names both parties
            agent, roles.counterpart = run[0], run[1]
            roles.why.append(
                f"parties: {run[0].mention.text} and {run[1].mention.text}, named in the compound"
            )
    roles.agent = agent
    return roles


def _first_of_list(text: str, subjects: list[Arg], agent: Arg) -> Arg:
    """The first of a coordinated list of subjects (米国、日本、韓国は)."""
    while subjects.index(agent) > 0:
        prev = subjects[subjects.index(agent) - 1]
        if text[prev.mention.end : agent.mention.start] not in JOINERS:
            break
        agent = prev
    return agent


def counterpart_of(
    type_: str,
    text: str,
    trig: int,
    before: list[Arg],
    args: list[Arg],
    agent: Arg | None,
    by_id: dict[str, Entity],
) -> tuple[Arg | None, str]:
    """The counterpart of the trigger and why."""

    def other(a: Arg) -> bool:
        return a.entity.type in ACTOR_TYPES and (
            agent is None or a.entity.entity_id != agent.entity.entity_id
        )

    if type_ in MEASURES | _ABOUT and before:
        last = before[-1]
        gap = text[last.mention.end : trig]
        aimed = other(last) and len(gap) <= 30 and _AIMED.search(gap) and not re.search("[、。]", gap)
        if aimed and not (type_ in _ABOUT and _POLICY_IN.search(gap)):
            return last, f"actor2: {last.mention.text}, at whom it is aimed"  # 中国への輸出規制
    if type_ in MEASURES:
        listed = next(
            (a for a in reversed(before) if other(a) and LISTED.match(text, a.mention.end, trig)),
            None,
        )
        if listed is not None:  # 中国の企業140社を…リストに追加, ファーウェイとその関連会社を
            return listed, f"actor2: {listed.mention.text}, whose bodies the measure names"
    if type_ in SYMMETRIC:
        # not in a purpose or time clause before it (中国と北朝鮮の行動に対抗するため、…演習)
        cands = [
            a
            for a in before
            if other(a) and _partner(text, a, trig) and not CLAUSE_CLOSED.search(text, a.mention.end, trig)
        ]
        if cands:  # the first of a list of partners (日本と韓国の外交官らと)
            first = _first_of_list(text, cands, cands[-1])
            return first, f"actor2: {first.mention.text} marked by {cands[-1].case}"
        party = _compound_partner(text, trig, args, agent, by_id) if type_ == "MEET" else None
        if party is not None:
            return party, f"actor2: {party.mention.text}, a party named in the compound"
    # を marks what is asked for, not whom: 中国に…の停止を求めた
    targets = TARGET - {"を"} if type_ == "REQUEST" else TARGET
    cands = [a for a in before if a.case in targets and other(a)]
    if cands:
        return cands[-1], f"actor2: {cands[-1].mention.text} marked by {cands[-1].case}"
    if type_ in SYMMETRIC:
        after = next(
            (
                a
                for a in args
                if a.mention.start >= trig
                and a.case in PARTNER
                and other(a)
                and not CLAUSE_CLOSED.search(text, trig, a.mention.start)
            ),
            None,
        )  # not past a purpose or time clause: 会議に出席するため…Bと会談した is another meeting's partner
        if after is not None:
            return after, f"actor2: {after.mention.text} marked by {after.case}"
        co = [a for a in args if agent is not None and a.case == agent.case and other(a)]
        if co:
            return co[0], f"actor2: {co[0].mention.text}, a co-subject"
    if type_ == "MILITARY_ACTION":
        # 日本領空への侵犯, 台湾周辺での演習: the one whose territory or surroundings it enters
        held = next((a for a in reversed(before) if other(a) and TERRITORY.match(text, a.mention.end)), None)
        if held is not None:
            return held, f"actor2: {held.mention.text}, whose territory or surroundings it is"
        if text.startswith(("領海", "領空", "接続水域"), trig):
            # 海保によると、…領海に侵入した: waters named without their owner are those of the
            # country whose body reports the incursion
            home = _reporting_country(args, agent, by_id)
            if home is not None:
                return (
                    home,
                    f"actor2: {home.entity.canonical}, whose body reports the incursion into its waters",
                )
    if type_ == "CYBER_OPERATION":
        # 米国の重要インフラ機関にスパイ活動: the owner of what is attacked
        owner = next((a for a in reversed(before) if other(a) and _VICTIM.match(text, a.mention.end)), None)
        if owner is not None:
            return owner, f"actor2: {owner.mention.text}, whose systems are attacked"
        listed = first_attacked(text, trig, before, other)
        if listed is not None:
            return listed, f"actor2: {listed.mention.text}, the first of those attacked"
    if type_ in _ABOUT:
        about, why = _about(text, trig, before, args, other, by_id)
        if about is not None:
            return about, why
    if type_ in _ABOUT | {"REQUEST"}:
        shared = _chained_target(text, trig, args, other)
        if shared is not None:
            return shared, f"actor2: {shared.mention.text}, the target of the chained clause"
    if type_ == "REQUEST" and agent is not None:
        asked = next((a for a in reversed(before) if other(a) and _ASKED.match(text, a.mention.end)), None)
        if asked is not None:
            return asked, f"actor2: {asked.mention.text}, of whom something is asked"
        aimed_at = _aimed_at(text, args, other)
        if aimed_at is not None:
            return aimed_at, f"actor2: {aimed_at.mention.text}, whose policy or action is the subject"
    return None, ""


# 会合に出席するため訪れているAは、Bと会談した: a purpose or time clause (ため, 際, 後) closes the
# clause of the event told in it
CLAUSE_CLOSED = re.compile(r"(ため|際|た後|の後|のち)[、に]?")
_CHAIN = re.compile(r"[^。、」]{0,6}?(し|して|した上で|しつつ)、")


def _reporting_country(args: list[Arg], agent: Arg | None, by_id: dict[str, Entity]) -> Arg | None:
    """The country of a government body that speaks or is cited in the sentence, when it is not
    the doer's."""
    doer = agent.entity.country if agent is not None else None
    for a in args:
        if a.case not in AGENT | {"によると", "によれば"} or a.entity.type != "ORG" or a is agent:
            continue
        country = country_of(a.entity, by_id)
        if (
            country is not None
            and a.entity.kind not in {"media", "firm", "threat_group"}
            and country.country != doer
        ):
            return Arg(a.mention, a.case, country)
    return None


def _partner(text: str, a: Arg, trig: int) -> bool:
    """と marks a partner (Xと会談); との only where its noun phrase ends at the trigger."""
    return a.case in PARTNER or (a.case == WITH and partner_reaches(text, a, trig))


def _compound_partner(
    text: str, trig: int, args: list[Arg], agent: Arg | None, by_id: dict[str, Entity]
) -> Arg | None:
    """日米首脳会談: the party of the compound that is not the agent nor the agent's country."""
    run = compound_parties(text, args, trig)
    if agent is None or not run:
        return None
    own = {agent.entity.entity_id}
    country = country_of(agent.entity, by_id)
    if country is not None:
        own.add(country.entity_id)
    return next((a for a in run if a.entity.entity_id not in own), None)


# 訪米, 来日: a visit verb that holds its destination, by the country's alpha-3 code
_VISIT_VERBS = {
    "訪米": "usa", "訪中": "chn", "訪日": "jpn", "来日": "jpn", "訪韓": "kor", "来韓": "kor",
    "訪朝": "prk", "訪露": "rus", "訪ロ": "rus", "訪台": "twn", "来台": "twn", "訪印": "ind",
    "訪豪": "aus", "訪英": "gbr", "訪仏": "fra", "訪独": "deu", "訪比": "phl", "訪越": "vnm",
}  # fmt: skip


def destination_in_verb(trigger: str, by_id: dict[str, Entity]) -> Entity | None:
    """訪中した, 来日し: the country a visit verb names, when the document names it too."""
    code = _VISIT_VERBS.get(trigger)
    return by_id.get(ids.entity_id("gaz:" + code)) if code else None


# places inside a country: a visit there is a visit to the country
_INSIDE = frozenset({"city", "prefecture", "region", "islands", "province", "state"})


def visited_country(place: Entity, by_id: dict[str, Entity]) -> Entity | None:
    """The country of a visited city or region (北京 -> China), when the document names it."""
    return country_of(place, by_id) if place.kind in _INSIDE else None


def visit_in_progress(text: str, type_: str, end: int) -> bool:
    """訪米中の, 訪問中に: a visit under way is one the story reports, even as a modifier."""
    return type_ == "VISIT" and text.startswith(("中の", "中に", "中で", "中だ", "中です", "中、"), end)


def _chained_target(text: str, trig: int, args: list[Arg], other: Callable[[Arg], bool]) -> Arg | None:
    """非難し、日本に…迫った: clauses chained by し、 share their target as they share their subject."""
    m = _CHAIN.match(text, trig)
    if m is None:
        return None
    nxt = text.find("、", m.end())
    stop = nxt if nxt >= 0 else len(text)
    return next(
        (a for a in args if m.end() <= a.mention.start < stop and a.case in TARGET and other(a)),
        None,
    )


def _aimed_at(text: str, args: list[Arg], other: Callable[[Arg], bool]) -> Arg | None:
    """中国の措置について懸念: the actor whose policy or action a statement is about."""
    return next((a for a in args if other(a) and _POLICY.match(text, a.mention.end)), None)


def _about(
    text: str,
    trig: int,
    before: list[Arg],
    args: list[Arg],
    other: Callable[[Arg], bool],
    by_id: dict[str, Entity],
) -> tuple[Arg | None, str]:
    """The actor a warning, accusation, concern or denial is about: the doer of what is
    criticised (ファイブアイズによる…だと否定), the owner of a policy (ワシントンの連合構築を批判),
    else, for a policy of the meeting partner (…政策を巡る懸念を提起), the partner's country."""
    ok = [a for a in args if other(a)]
    doer = next((a for a in ok if a.case in DOER and a.mention.end <= trig), None)
    if doer is not None:
        return doer, f"actor2: {doer.mention.text}, the doer of what is criticised"
    # 「日本の指導者が…発言を行い、…悪質だ」: the country whose leaders did what is criticised
    led = next((a for a in ok if a.mention.end <= trig and _LEADERS_DID.match(text, a.mention.end)), None)
    if led is not None:
        return led, f"actor2: {led.mention.text}, whose leaders did what is criticised"
    # the nearest owner before the trigger first: 台湾をめぐる米国の対応を非難
    owner = _aimed_at(text, list(reversed([a for a in ok if a.mention.end <= trig])), other)
    owner = owner or _aimed_at(text, ok, other)
    if owner is not None:
        return owner, f"actor2: {owner.mention.text}, whose policy or action is the subject"
    about = next((a for a in before if a.case == ABOUT and a in ok), None)
    if about is not None:  # 中国について懸念: the one the statement is about
        return about, f"actor2: {about.mention.text}, whom the statement is about"
    partner = next((a for a in before if a.case in PARTNER and a in ok), None)
    if partner is not None and _POLICY_IN.search(text, partner.mention.end, trig):
        country = country_of(partner.entity, by_id)
        if country is not None:
            return Arg(partner.mention, partner.case, country), (
                f"actor2: the country of {partner.mention.text}, whose policy is the subject"
            )
    return None, ""
