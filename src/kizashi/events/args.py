"""Arguments of events: the entity mentions of a sentence with the particle that marks each.

Japanese marks the role of a noun phrase by the particle after it: は/が the agent, と the
partner, を/に/に対して the target, で the place, から/により the source of a passive or a
request, による the doer of what a statement is about. A title (王文濤商務相は), a parenthesis
(米通商代表部(USTR)は) or a body of the actor (中国の軍当局が) may stand between name and particle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kizashi import ids
from kizashi.entities.names import Titles
from kizashi.records import Entity, Mention, Sentence

ACTOR_TYPES = {"PERSON", "ORG", "GPE"}
PLACE_TYPES = {"GPE", "LOC"}
_REPORTERS = {"media", "think_tank"}  # outlets report events; they are actors only of PUBLISH

# case particles (longest first) read right after a mention and its title
_CASES = (
    "に対して",
    "に対し",
    "によって",
    "によると",
    "によれば",
    "により",
    "による",
    "としては",
    "として",
    "からの",
    "への",
    "とは",
    "とも",
    "では",
    "には",
    "から",
    "は",
    "が",
    "と",
    "を",
    "に",
    "で",
    "の",
    "も",
)
AGENT = {"は", "が", "も", "では", "としては"}
TARGET = {"に対して", "に対し", "への", "を", "に", "には"}
PARTNER = {"と", "とは", "とも"}
SOURCE = {"から", "からの", "により", "によって"}  # the doer of a passive, the sender of a request
DOER = {"による"}  # 中国による威圧: the doer of what a statement is about
# 台湾をめぐる対応, 中国について協議: what is talked about is no object (を) nor target (に)
ABOUT = "について"
_ABOUT_FORMS = ("をめぐって", "をめぐり", "をめぐる", "を巡って", "を巡り", "を巡る", "について", "に関して")
# 大使館を通じて要請: the channel of an act is neither its object nor its target
VIA = "を通じて"
_VIA_FORMS = ("を通じて", "を通じ", "を通して", "経由で")
# インドとの国境問題, レモンド氏との会談: と before a noun; a partner only of a trigger it reaches
WITH = "との"
# 防衛相と共に会談: one who acts along with the agent, not its partner
ALONG = "とともに"
# 中国に対する政策, イタリアにある大学: the に-phrase modifies a noun and marks no argument
_MODIFYING = ("対する", "よる", "おける", "関する", "ある", "あった", "いる", "拠点", "本部", "本社")


@dataclass(frozen=True, slots=True)
class Arg:
    mention: Mention
    case: str | None
    entity: Entity


def sentence_args(
    text: str, sent: Sentence, mentions: Sequence[Mention], by_id: dict[str, Entity], *, titles: Titles
) -> list[Arg]:
    """Mentions of the sentence with the particle that marks each. A mention standing inside
    another's title (米 in レモンド米商務長官) is part of that title, not an argument."""
    out: list[Arg] = []
    title_end = -1
    for m in sorted(mentions, key=lambda x: x.start):
        if not (sent.start <= m.start and m.end <= sent.end and m.entity_id in by_id):
            continue
        if m.start < title_end and not _listed(out, m):
            continue
        title = titles.after(text, m.end)
        title_end = m.end + len(title or "")
        ent = by_id[m.entity_id]
        if ent.kind in _REPORTERS:
            continue
        case = case_after(text, m.end, sent.end, titles=titles)
        if ent.type in PLACE_TYPES and _glossed(text, m):
            case = None  # 海上保安本部(那覇)は, 協会(名古屋市)は: where the body sits, not who acts
        out.append(Arg(m, case, ent))
    out += _descriptors(text, sent, out, by_id, titles)
    out.sort(key=lambda a: a.mention.start)
    out = [a for a in out if not _during_visit(text, a.mention)]
    out = _owners_as_partners(text, out, sent.end)
    return [_metonym(_craft_of_country(text, a, by_id), by_id) for a in _coordinated(text, out, sent.end)]


def _craft_of_country(text: str, arg: Arg, by_id: dict[str, Entity]) -> Arg:
    """中国軍機, ロシア軍艦: "X's military aircraft" (X + 軍機), the country's; a force named with
    の (韓国海軍の駆逐艦) or alone (中国軍は) stays the force."""
    if not (arg.mention.text.endswith("軍") and text.startswith(("機", "艦"), arg.mention.end)):
        return arg
    country = country_of(arg.entity, by_id)
    return Arg(arg.mention, arg.case, country) if country is not None else arg


def _glossed(text: str, m: Mention) -> bool:
    """Is the mention alone in brackets after a word (本部(那覇)): a gloss on that word?"""
    return m.start > 1 and text[m.start - 1] in "(（" and text[m.end : m.end + 1] in {")", "）"}


def _listed(out: list[Arg], m: Mention) -> bool:
    """日米首脳: 米 follows 日 as the next of a run of abbreviations, not as part of its title."""
    return (
        len(m.text) == 1 and bool(out) and len(out[-1].mention.text) == 1 and out[-1].mention.end == m.start
    )


def _during_visit(text: str, m: Mention) -> bool:
    """訪米中の: 中 after a visit verb (訪 + a country) means "during", not China."""
    return m.text == "中" and m.start >= 2 and text[m.start - 2] == "訪"


# ネパールの国防相と会談, 韓国の外交官らとの会談: an unnamed office holder's country is the partner
_OWNED_PARTNER = re.compile(
    r"の([^、。をがはにでと「」()]{0,10}?(相|長官|大臣|閣僚|首脳|首相|大統領|主席|代表|高官|外交官|当局者|幹部|政府|当局))"
    r"(?:ら|など)?(との|とは|とも|と)"
)


def _owners_as_partners(text: str, args: list[Arg], limit: int) -> list[Arg]:
    out = list(args)
    for k, a in enumerate(out):
        if a.case != "の":
            continue
        m = _OWNED_PARTNER.match(text, a.mention.end, limit)
        nxt = out[k + 1].mention.start if k + 1 < len(out) else limit
        if m is not None and m.end() <= nxt:  # no name of its own in between (中国の王毅外相と)
            out[k] = Arg(a.mention, m.group(3), a.entity)
    return out


def partner_reaches(text: str, arg: Arg, trig: int) -> bool:
    """Xとの会談, Xとの間で合意: a と before a noun marks a partner of the trigger only where
    the noun phrase it opens ends at the trigger (not インドとの国境問題を抱える…)."""
    at = text.find(WITH, arg.mention.end, trig)
    if at < 0 or re.search("[、。]", text[arg.mention.end : at]):
        return False
    gap = text[at + len(WITH) : trig]
    return re.fullmatch(r"[^、。をがはにでと「」]{0,12}", gap) is not None or (
        gap.startswith(("間で", "間の", "間に")) and "。" not in gap
    )


# 日米首脳会談, 日印外相会談: a compound of country abbreviations names the parties
_COMPOUND_TAIL = re.compile(r"[\u4e00-\u9fff]{0,6}")


def compound_parties(
    text: str, args: list[Arg], trig: int, tail: re.Pattern[str] = _COMPOUND_TAIL
) -> list[Arg]:
    """Countries of a run of one-kanji abbreviations compounding with the trigger (or ``tail``)."""
    for k, a in enumerate(args):
        run = [a]
        while (
            k + len(run) < len(args)
            and len(run[-1].mention.text) == 1
            and args[k + len(run)].mention.start == run[-1].mention.end
        ):
            run.append(args[k + len(run)])
        if len(run) < 2 or any(len(r.mention.text) != 1 for r in run) or run[-1].mention.end > trig:
            continue
        if tail.fullmatch(text, run[-1].mention.end, trig):
            return run
    return []


# ハッキンググループ, ハッカー集団: in a story that names one threat group, the group it names
_GROUP_WORDS = re.compile(
    r"(ハッキンググループ|ハッキング集団|ハッカー集団|ハッカーグループ|攻撃グループ|攻撃集団|同集団|同グループ)"
)


def _descriptors(
    text: str, sent: Sentence, args: list[Arg], by_id: dict[str, Entity], titles: Titles
) -> list[Arg]:
    groups = [e for e in by_id.values() if e.kind == "threat_group"]
    if len(groups) != 1:
        return []
    out = []
    for m in _GROUP_WORDS.finditer(text, sent.start, sent.end):
        if any(a.mention.start < m.end() and m.start() < a.mention.end for a in args):
            continue
        mention = Mention(
            mention_id=ids.content_id(sent.doc_id, m.start(), m.end(), prefix="m_"),
            doc_id=sent.doc_id,
            story_id=sent.story_id,
            start=m.start(),
            end=m.end(),
            text=m.group(0),
            label="ORG",
            entity_id=groups[0].entity_id,
            stage="events.descriptor",
        )
        out.append(Arg(mention, case_after(text, m.end(), sent.end, titles=titles), groups[0]))
    return out


def country_of(ent: Entity, by_id: dict[str, Entity]) -> Entity | None:
    """The country entity of a person or body, when the document names that country."""
    if ent.type == "GPE" and ent.kind == "country":
        return None
    return _country(ent.country, by_id)


def _country(code: str | None, by_id: dict[str, Entity]) -> Entity | None:
    return by_id.get(ids.entity_id("gaz:" + code.lower())) if code else None


# capitals whose name stands for their government in the news (北京は反発, ワシントンの思惑)
_CAPITALS = frozenset({"Beijing", "Washington, D.C.", "Tokyo", "Seoul", "Pyongyang", "Moscow", "Taipei",
    "London", "Paris", "Berlin", "Kyiv", "Canberra", "New Delhi", "Manila", "Hanoi", "Tehran", "Brussels",
    "Ottawa", "Rome", "Jakarta", "Bangkok", "Singapore", "Jerusalem", "Riyadh", "Ankara"})  # fmt: skip


def _metonym(arg: Arg, by_id: dict[str, Entity]) -> Arg:
    """A capital acting (北京は非難した, ワシントンは求めている) stands for its country's government,
    when the country itself is an entity of the document; another city (那覇は) does not."""
    ent = arg.entity
    if arg.case not in AGENT | TARGET | PARTNER | DOER | {"の"} or ent.type != "GPE":
        return arg
    if _DISAMBIGUATED.sub("", ent.canonical) not in _CAPITALS:
        return arg
    country = _country(ent.country, by_id)
    if country is None or country.entity_id == ent.entity_id:
        return arg
    return Arg(arg.mention, arg.case, country)


_DISAMBIGUATED = re.compile(r"\s*\([^()]*\)$")
_GROUP = re.compile(r"(?:両国|両政府|両軍|両首脳|\d+カ国|[二三四五]カ国|各国)?(政府)?(は|が|も)")
JOINERS = {"", "、", "・", "と", "及び", "および", "や", "、それに", "、および", "、及び"}


def _coordinated(text: str, args: list[Arg], limit: int) -> list[Arg]:
    """A list of actors closed by one particle (米中両国が, 米国、日本、韓国は) are all subjects."""
    out = list(args)
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and (
                (out[j].case is None and text[out[j].mention.end : out[j + 1].mention.start] in JOINERS)
                # 米国と日本は: と right before the next name joins, it marks no partner
                or (out[j].case == "と" and text[out[j].mention.end : out[j + 1].mention.start] == "と")
            )
        ):
            j += 1
        if j > i:
            m = _GROUP.match(text, out[j].mention.end, limit)
            case = m.group(2) if m else out[j].case
            # a list shares its subject particle (米国、日本、韓国は) or its partner's (AやBと会談)
            if case in AGENT | PARTNER | {WITH}:
                for k in range(i, j + 1):
                    out[k] = Arg(out[k].mention, case, out[k].entity)
        i = j + 1
    return [_listed_with_unknown(text, a, limit) for a in out]


# 西山製作所や山藤印刷が: a list whose last member is no known name still shares its particle
_UNKNOWN_MEMBER = re.compile(r"(や|、|及び|および)[\u4e00-\u9fff\u30a0-\u30ff]{2,12}(など|ら)?(が|は|も)")


def _listed_with_unknown(text: str, arg: Arg, limit: int) -> Arg:
    """An actor with no particle of its own followed by や and a name we do not know, closed by a
    subject particle, is a subject as well."""
    if arg.case is not None or arg.entity.type not in ACTOR_TYPES:
        return arg
    m = _UNKNOWN_MEMBER.match(text, arg.mention.end, limit)
    return Arg(arg.mention, m.group(3), arg.entity) if m else arg


_OPEN, _CLOSE = "「『“", "」』”"
# quoted words hold punctuation or end in a predicate (…と述べた, …ない); a name does neither
_WORDS = re.compile(r"[、。!?！？]|[ぁ-ゖ]$")


def quotes_a_name(inner: str) -> bool:
    """Is a quotation holding ``inner`` a name (「ファイブアイズ」, 「日豪共同宣言」), not someone's words?"""
    return 0 < len(inner) <= 30 and _WORDS.search(inner) is None


_BODY = re.compile(
    r"の?(軍当局|当局者?|政府高官|政府|軍|代表団|高官|首脳|指導部|関係者|副?報道局長|報道官|報道担当者|広報官|"
    r"スポークスマン)(は|が|も)"
)


_CRAFT = re.compile(
    r"の?(軍用機|戦闘機|爆撃機|哨戒機|偵察機|輸送機|無人機|ヘリコプター|艦艇|艦船|軍艦|駆逐艦|護衛艦|"
    r"巡洋艦|潜水艦|フリゲート艦?|空母|航空母艦|哨戒艇|巡視船|公船|船舶|船|機|艦|艇)"
    r"(?:延べ)?(?:\d+|[一二三四五六七八九十]+)?(?:隻|機)?(?=[はがもにとをのでへか])"
)


def case_after(text: str, end: int, limit: int, *, titles: Titles) -> str | None:
    """The case particle after a mention, skipping its title (王文濤商務相は -> は)."""
    title = titles.after(text, end)
    pos = end + len(title or "")
    # a parenthetical after the name (米通商代表部(USTR)は) or the close of one ((BIS)は)
    if pos < limit and text[pos] in "(（":
        close = re.compile(r"[)）]").search(text, pos, min(limit, pos + 40))
        pos = close.end() if close else pos
    elif pos < limit and text[pos] in ")）":
        pos += 1
    if title is None and pos > end:  # 李在明(イ・ジェミョン)大統領と: the title comes after the reading
        pos += len(titles.after(text, pos) or "")
    # a name quoted on its own (「ファイブアイズ」による) is the name, not a quotation
    if pos < limit and text[pos] in _CLOSE:
        opened = max(text.rfind(q, 0, end) for q in _OPEN)
        pos += 1 if opened >= 0 and quotes_a_name(text[opened + 1 : pos]) else 0
    # 中国の軍当局が, 日本政府代表団は: a body of the actor speaks for it
    body = _BODY.match(text, pos, limit)
    if body:
        return body.group(2)
    craft = _CRAFT.match(text, pos, limit)
    if craft:  # 中国軍機による, ロシア海軍の艦艇が: a force's aircraft or ships act for it
        pos = craft.end()
    rest = text[pos : min(limit, pos + 12)]
    if rest.startswith(("側", "政府", "当局", "国内")):  # 中国国内では: the country's people speak
        rest = rest[1:] if rest.startswith("側") else rest[2:]
    rest = _without_plural(rest)
    if rest.startswith(_ABOUT_FORMS):
        return ABOUT
    if rest.startswith(_VIA_FORMS):
        return VIA
    if rest.startswith(("と共に", "とともに")):
        return ALONG
    if rest.startswith("との"):
        return WITH
    for case in _CASES:
        if rest.startswith(case):
            tail = rest[len(case) :]
            if case in {"に", "に対し"} and tail.startswith(_MODIFYING):
                return "の"
            if case == "を" and tail.startswith(("始め", "はじめ", "含め", "中心", "筆頭")):
                return "の"  # 米国を始めとする関係国: a member of a list, not an object
            if case == "を" and tail.startswith(("背景", "後ろ盾")):
                return "の"  # ロシアを背景とするグループ: a sponsor, not an object
            if case == "への" or (case != "から" and tail.startswith("る")):
                return "の"
            return case
    return None


def _without_plural(rest: str) -> str:
    """岸田首相らと, 米国などに: ら/など after a name leave its particle as it is."""
    for mark in ("ら", "など"):
        if rest.startswith(mark):
            # 米国など5カ国と, 英国など計8か国が: the count of the list keeps the particle after it
            return _COUNT.sub("", rest[len(mark) :], count=1)
    return rest


_COUNT = re.compile(r"^計?(\d+|[二三四五六七八九十]+)(カ国|か国|ヵ国|ケ国|社|機関|団体)")


def quote_span(text: str, pos: int) -> tuple[int, int]:
    """The innermost quotation holding position pos, as (start, end) in text; (0, len) outside.
    A quotation that is only a name (「ファイブアイズ」) quotes nobody's words: it is not one."""
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
                return (0, len(text)) if quotes_a_name(text[start + 1 : j]) else (start, j)
    return start, len(text)


def text_between(sent: Sentence, a: Arg, b: Arg) -> str:
    return sent.text[a.mention.end - sent.start : b.mention.start - sent.start]
