"""Who an event is done to or with: the counterpart of a trigger, by the particle that marks it
(と, に, への), the noun phrase that names it (中国の措置, 日本領空への), or the clause it
chains to; roles.py picks the agent first."""

from __future__ import annotations

import re
from collections.abc import Callable

from kizashi import ids
from kizashi.events.args import (
    ABOUT,
    ACTOR_TYPES,
    AGENT,
    DOER,
    PARTNER,
    TARGET,
    WITH,
    Arg,
    compound_parties,
    country_of,
    partner_reaches,
)
from kizashi.events.cues import MEASURES
from kizashi.events.roles import _ABOUT, CLAUSE_CLOSED, SYMMETRIC, _first_of_list
from kizashi.events.targets import LISTED, TERRITORY, first_attacked
from kizashi.records import Entity, Mention

# 中国への規制, 中国向けの規制, 中国のAIを標的とした規制: whom a measure or statement is aimed at
_AIMED = re.compile(
    r"^(への|に対する|向けの?|に対し)|^の?[^、。]{0,20}?を(標的|対象|念頭|狙い)に?(と)?(した|する|して)?"
)


# nouns of an actor's acts and policies: 中国の措置について懸念, ワシントンの連合構築を批判
_ACTS = (
    "措置|政策|行動|規制|対応|主張|動き|姿勢|決定|方針|発言|活動|提案|構築|計画|開発|侵攻|進出|介入|威圧|"
    "挑発|行為|体制|戦略|拡大|強化|領有権|軍事|管理|制限|禁止|制裁|関与|演習|訓練|発射|攻撃|侵入|侵犯|配備|売却|供与"
)


_POLICY = re.compile(rf"の[^。、「」がはを]{{0,8}}?({_ACTS})")  # within one noun phrase


_LEADERS_DID = re.compile(r"の(指導者|指導部|首脳|首相|大統領|政府|当局|高官|政治家|閣僚)(ら|たち)?(が|は)")


_CRITICISED_COMPOUND = re.compile(
    r"[\u4e00-\u9fff]{0,8}(演習|訓練|規制|制裁|措置|同盟|協力)(を|に)[^、。]{0,20}"
)
_MEMBERS = re.compile(r"」?の(メンバー|幹部|関係者|構成員|工作員|社員|職員|ハッカー)(ら)?[^、。がは]{0,8}を")
# Xの教科書検定結果に抗議した: X's noun phrase as the object of the statement right before it
_OBJECT_OF = re.compile(
    r"の[^、。「」がはをにとで]{1,14}?(に対して|に対し|について|を|に)(強く|厳しく|改めて|重ねて)?"
)
_POLICY_IN = re.compile(rf"({_ACTS})")


# what a requester asks of another: 日本のサプライチェーン支援を求めた
_ASKED = re.compile(
    r"(?:氏|さん|艦艇|艦船|部隊|政府|当局)?の[^。、「」]{0,20}?(支援|協力|参加|関与|投資|対応|措置|行動|自制|自粛|停止|中止|撤回|撤去|是正|"
    r"見直し|訪日|来日|訪問)"
)


_VICTIM = re.compile(r"(?:国内|内)?の[^。、「」]{0,14}?(に対して|に対し|を狙|を標的|に)")


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
    if type_ in MEASURES and text.startswith(("輸入", "禁輸"), trig) and before:
        source = before[-1]  # 日本の水産物の輸入を停止: imports from the owner of the goods are stopped
        if (
            other(source)
            and source.case == "の"
            and re.fullmatch(r"(産)?の[^、。がはを]{0,12}の?", text[source.mention.end : trig])
        ):
            return source, f"actor2: {source.mention.text}, whose goods are no longer imported"
    if type_ in MEASURES and (against := _against_prefix(text, trig, args, agent, by_id)) is not None:
        return (
            against,
            f"actor2: {against.entity.canonical}, the country the prefix 対{against.mention.text} names",
        )
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
    # and what is agreed on or done together is no partner: 在日米軍を格上げすることで合意
    targets = TARGET - {"を"} if type_ in {"AGREE", "COOPERATE", "REQUEST"} else TARGET
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
        if text.startswith(("領海", "領空", "接続水域", "中間線", "防空識別圏", "ADIZ"), trig):
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


_CHAIN = re.compile(r"[^。、」]{0,6}?(し|して|した上で|しつつ)、")


# 対中輸出規制, 対ロ制裁, 対米投資規制: a measure's prefix names whom it is aimed at
_AGAINST = re.compile(
    r"対(中|米|日|韓|露|ロ|北|朝|台|英|独|仏|印|豪|イラン)[\u4e00-\u9fff\u30a0-\u30ff]{0,8}$"
)
_AGAINST_CODES = {
    "中": "chn", "米": "usa", "日": "jpn", "韓": "kor", "露": "rus", "ロ": "rus", "北": "prk", "朝": "prk",
    "台": "twn", "英": "gbr", "独": "deu", "仏": "fra", "印": "ind", "豪": "aus", "イラン": "irn",
}  # fmt: skip


def _against_prefix(
    text: str, trig: int, args: list[Arg], agent: Arg | None, by_id: dict[str, Entity]
) -> Arg | None:
    """The country of 対X right before a measure (対中輸出規制), when the document names it."""
    m = _AGAINST.search(text, max(0, trig - 12), trig)
    country = by_id.get(ids.entity_id("gaz:" + _AGAINST_CODES[m.group(1)])) if m else None
    if (
        m is None
        or country is None
        or not args
        or (agent is not None and agent.entity.entity_id == country.entity_id)
    ):
        return None
    ref = args[0].mention
    mention = Mention(
        mention_id=ids.content_id(ref.doc_id, m.start(1), m.end(1), prefix="m_"),
        doc_id=ref.doc_id,
        story_id=ref.story_id,
        start=m.start(1),
        end=m.end(1),
        text=m.group(1),
        label=country.type,
        entity_id=country.entity_id,
        stage="events.against",
    )
    return Arg(mention, "への", country)


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
    # 米韓合同軍事演習を非難: the first country of the compound naming what is criticised
    run = compound_parties(text, before, trig, tail=_CRITICISED_COMPOUND)
    if run and other(run[0]):
        return run[0], f"actor2: {run[0].mention.text}, the first named in the compound criticised"
    # APT31のメンバー7人を起訴: the group whose members are charged
    members = next(
        (a for a in reversed(ok) if a.mention.end <= trig and _MEMBERS.fullmatch(text, a.mention.end, trig)),
        None,
    )
    if members is not None:
        return members, f"actor2: {members.mention.text}, whose members are charged or named"
    # 日本の教科書検定結果に抗議: the owner of what the statement is directly about
    near = next((a for a in reversed(ok) if a.mention.end <= trig and a.case == "の"), None)
    if near is not None and _OBJECT_OF.fullmatch(text, near.mention.end, trig):
        return near, f"actor2: {near.mention.text}, whose act or policy the statement is about"
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
