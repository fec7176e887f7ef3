"""Anaphora: words that point back at an actor the story has already named.

Japanese news names an actor once and then refers to it: 同氏 (the person just named), 同国,
同省 (the country or ministry just named), a title alone (首相は, or 首相 as the speaker label of
a summary line), 両閣僚/両首脳/3か国 (the parties of the meeting just told), and "Xの指示を
受けたハッカー" (hackers acting for X). Each rule below turns such a word into an argument
standing for the actor it refers to, so roles.py reads it like a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kizashi import ids
from kizashi.entities.names import Titles
from kizashi.events.args import Arg, case_after, quote_span
from kizashi.records import Entity, Mention, Sentence

# 両閣僚は, 両首脳が, 双方は, 3か国は: a group that names no one stands for the parties of the
# meeting told; a summary line may open with the group as its label (両首脳 …を確認。)
PARTY_GROUP = re.compile(
    r"(両国|両政府|両軍|双方|両者|両[\u4e00-\u9fff]{0,4}?(首脳|閣僚|大臣|長官|外相|国防相|防衛相|氏|代表)"
    r"|[2-9二三四五](か国|カ国|ヵ国|ケ国))(は|が|も|として|の間で|とも| )"
)
COUNTRY_GROUPS = frozenset({"両国", "両政府", "両軍"})  # these name the parties' countries


def party_group(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first party group in text[start:end], or one opening the text as a label."""
    found = PARTY_GROUP.search(text, start, end)
    if found is None and start == 0:
        label = re.match(r"[・•\-]?\s*(両[\u4e00-\u9fff]{0,4}?(首脳|閣僚|大臣|氏))", text)
        return label if label and label.end() < end else None
    return found


def in_party_group(text: str, pos: int) -> bool:
    """Does the token at ``pos`` belong to a party group (閣僚 of 両閣僚)?"""
    return any(m.start() <= pos < m.end(1) for m in PARTY_GROUP.finditer(text, max(0, pos - 8), pos + 8))


def resolve(
    text: str,
    sent: Sentence,
    args: list[Arg],
    mentions: Sequence[Mention],
    by_id: dict[str, Entity],
    *,
    titles: Titles,
) -> list[Arg]:
    """The sentence's arguments with its anaphors resolved: 同氏/同国/同省, a title standing
    alone for its holder, and hackers acting on X's orders standing for X."""
    earlier = [
        m for m in mentions if m.story_id == sent.story_id and m.end <= sent.start and m.entity_id in by_id
    ]
    earlier.sort(key=lambda m: m.start)
    out = list(args)
    out += _same_referents(text, sent, out, earlier, by_id, titles)
    out += _we_the_publisher(text, sent, out, earlier, by_id, titles)
    label = _title_alone(text, sent, out, earlier, by_id, titles)
    if label is not None:
        out.append(label)
    out += _titles_inside(text, sent, out, earlier, by_id, titles)
    out.sort(key=lambda a: a.mention.start)
    return _proxies(text, sent, out, titles)


# 同氏 (the person), 同国 (the country), 同省/同庁/同社/同部 (the body; 部 is a Chinese or Taiwanese
# ministry, 商務部): 同日, 同年, 共同, 合同, 同部隊 are not
_SAME = re.compile(
    r"(?<![共合協賛混一])同(氏|国|省|庁|局|社|党|機構|政府|大統領|首相|外相|長官|大臣|部(?![隊門分品位]))"
)
_PERSON_WORDS = {"氏", "大統領", "首相", "外相", "長官", "大臣"}


def _overlaps(args: list[Arg], start: int, end: int) -> bool:
    """Does a span overlap an argument already read (the word is part of a name)?"""
    return any(a.mention.start < end and start < a.mention.end for a in args)


def _same_referents(
    text: str,
    sent: Sentence,
    args: list[Arg],
    earlier: list[Mention],
    by_id: dict[str, Entity],
    titles: Titles,
) -> list[Arg]:
    """同氏は, 同国が, 同省は: the nearest earlier mention of the kind the word names."""
    out = []
    for m in _SAME.finditer(text, sent.start, sent.end):
        if _overlaps(args, m.start(), m.end()):
            continue
        word = m.group(1)
        before = earlier + [a.mention for a in args if a.mention.end <= m.start()]
        ref = next((x for x in reversed(before) if _refers(word, x, by_id[x.entity_id])), None)
        if ref is None:
            continue
        out.append(_arg(text, sent, m.start(), m.end(), by_id[ref.entity_id], titles, "events.anaphora.same"))
    return out


# 【蒋報道官】, 【林官房長官】: a transcript's speaker label opening its line
_LINE_LABEL = re.compile(r"【([^】\n]{1,12})】")


def line_speaker(
    text: str, sent: Sentence, mentions: Sequence[Mention], by_id: dict[str, Entity], titles: Titles
) -> Arg | None:
    """The person a transcript line's label names (【蒋報道官】 after 蒋斌報道官 was named): surname,
    or whole name, and a title; the speaker of every sentence on the line."""
    line = text.rfind("\n", 0, sent.start) + 1
    m = _LINE_LABEL.match(text, line)
    if m is None:
        return None
    label = m.group(1)
    earlier = [
        x for x in mentions if x.end <= line and x.entity_id in by_id and by_id[x.entity_id].type == "PERSON"
    ]
    for x in reversed(earlier):
        for k in range(len(x.text), 0, -1):
            if label.startswith(x.text[:k]) and (k == len(label) or titles.after(label, k) == label[k:]):
                return _arg(
                    text, sent, m.start(1), m.end(1), by_id[x.entity_id], titles, "events.anaphora.label"
                )
    return None


# 私たちは, 当社は: the organisation writing (a press release, a company's or agency's post)
_WE = re.compile(r"(私たち|私ども|わたしたち|当社|弊社|我が社|わが社)(?=[はがもの])")


def _we_the_publisher(
    text: str,
    sent: Sentence,
    args: list[Arg],
    earlier: list[Mention],
    by_id: dict[str, Entity],
    titles: Titles,
) -> list[Arg]:
    """私たちは…発表した outside any quotation: the first organisation the story names, which
    writes it; inside a quotation the speaker's rule applies instead."""
    out = []
    writer = next((m for m in earlier if by_id[m.entity_id].type == "ORG"), None)
    for m in _WE.finditer(text, sent.start, sent.end):
        if writer is None or quote_span(sent.text, m.start() - sent.start) != (0, len(sent.text)):
            continue
        if _overlaps(args, m.start(), m.end()):
            continue
        out.append(
            _arg(text, sent, m.start(), m.end(), by_id[writer.entity_id], titles, "events.anaphora.we")
        )
    return out


def _refers(word: str, mention: Mention, ent: Entity) -> bool:
    if word in _PERSON_WORDS:
        return ent.type == "PERSON"
    if word in {"国", "政府"}:
        return ent.type == "GPE" and ent.kind == "country"
    if word == "社":
        return ent.type == "ORG" and not mention.text.endswith(("省", "庁", "局", "党"))
    return ent.type == "ORG" and mention.text.endswith(word)


# words a title forms compounds with (首相官邸, 首相就任): a line opening with one is no label
_TITLE_COMPOUND = re.compile(
    r"(官邸|公邸|補佐官|秘書官|経験|動静|周辺|側近|夫人|演説|談話|就任|在任|指名|候補|退陣|交代|答弁|発言|会見|主催|訪問|一行|特使|代理)"
)


def _line_label(text: str, sent_start: int, end: int) -> bool:
    """Does the title ending at ``end`` open its line as a speaker label?"""
    return (sent_start == 0 or text[sent_start - 1] == "\n") and not _TITLE_COMPOUND.match(text, end)


def _title_alone(
    text: str,
    sent: Sentence,
    args: list[Arg],
    earlier: list[Mention],
    by_id: dict[str, Entity],
    titles: Titles,
) -> Arg | None:
    """首相は…と述べた, or 首相 as the speaker label of a summary line (首相 …を要請。): a title
    opening the sentence with no name stands for the person the story named with that title."""
    lead = re.match(r"[・•\-]?\s*", sent.text)
    start = sent.start + (lead.end() if lead else 0)
    title = titles.after(text, start)
    if not title or any(a.mention.start < start + len(title) for a in args):
        return None
    nxt = text[start + len(title) : start + len(title) + 1]
    # 首相官邸: the title opens a compound, it names no one; but a summary line opening with the
    # label (首相 協力で一致。, its space lost to normalisation) is the label's
    if (
        re.match(r"[\u4e00-\u9fff]", nxt)
        and not text.startswith(("は", "が", "も"), start + len(title))
        and not _line_label(text, sent.start, start + len(title))
    ):
        return None
    people = [m for m in reversed(earlier) if by_id[m.entity_id].type == "PERSON"]
    # a title with no country (首相) is the home office holder's: 豪首相 is written with its country
    holder = next((m for m in people if titles.after(text, m.end) == title), None) or next(
        (m for m in people if (titles.after(text, m.end) or "").endswith(title)), None
    )
    if holder is None:
        return None
    arg = _arg(
        text, sent, start, start + len(title), by_id[holder.entity_id], titles, "events.anaphora.title"
    )
    # a label without a particle is the speaker of its line
    return arg if arg.case is not None else Arg(arg.mention, "は", arg.entity)


# 今回の首相の訪韓, 当時の首相: a title after の names the story's holder only after these
# (中国の首相, 4カ国の外相 are others)
_THIS_ONES = re.compile(r"(今回の|この|その|当時の|前回の)$")
# after a title standing alone inside a sentence: its particle (首相に, 大統領との)
_TITLE_CASE = re.compile(r"(は|が|に|と|の|も|へ|から|を|、)")


def _titles_inside(
    text: str,
    sent: Sentence,
    args: list[Arg],
    earlier: list[Mention],
    by_id: dict[str, Entity],
    titles: Titles,
) -> list[Arg]:
    """…が首相に…を要請, 今回の首相の訪韓: a title inside the sentence with no name, no country and
    no other word joined to it stands for the person the story named with it, as at its start."""
    out: list[Arg] = []
    taken = [(a.mention.start, a.mention.end + len(titles.after(text, a.mention.end) or "")) for a in args]
    people = [m for m in reversed(earlier) if by_id[m.entity_id].type == "PERSON"]
    pos = sent.start + 1
    while pos < sent.end:
        # after a particle, a comma or a relative clause (取り組む首相に); not after a name or
        # a word it compounds with (米首相, 元首相)
        before = text[pos - 1]
        opened = (before in "、「" or ("ぁ" <= before <= "ゖ" and before != "の")) or (
            _THIS_ONES.search(text, max(0, pos - 4), pos) is not None
        )
        title = titles.after(text, pos) if opened else None
        end = pos + len(title or "")
        if (
            not title
            or any(a <= pos < b for a, b in taken)
            or not _TITLE_CASE.match(text, end)
            or _TITLE_COMPOUND.match(text, end)
        ):
            pos += 1
            continue
        holder = next((m for m in people if titles.after(text, m.end) == title), None)
        if holder is not None:
            out.append(_arg(text, sent, pos, end, by_id[holder.entity_id], titles, "events.anaphora.title"))
        pos = end
    return out


# 中国軍の指示を受けたハッカー集団が: hackers acting on X's orders stand for X (a group X only
# backs, 支援を受けた, stays the actor: it is named and acts on its own)
_PROXY = re.compile(
    r"の(指示|指令|命令)を受け(た|る)[^、。]{0,10}?(ハッカー集団|ハッカーグループ|ハッカー|集団|グループ)"
)


def _proxies(text: str, sent: Sentence, args: list[Arg], titles: Titles) -> list[Arg]:
    out: list[Arg] = []
    skip_until = -1
    for a in args:
        if a.mention.start < skip_until:
            continue  # the group word itself (ハッカー集団) now stands for the one who ordered it
        m = _PROXY.match(text, a.mention.end, sent.end)
        if m is None:
            out.append(a)
            continue
        skip_until = m.end()
        out.append(Arg(a.mention, case_after(text, m.end(), sent.end, titles=titles), a.entity))
    return out


def _arg(text: str, sent: Sentence, start: int, end: int, ent: Entity, titles: Titles, stage: str) -> Arg:
    mention = Mention(
        mention_id=ids.content_id(sent.doc_id, start, end, prefix="m_"),
        doc_id=sent.doc_id,
        story_id=sent.story_id,
        start=start,
        end=end,
        text=text[start:end],
        label=ent.type,
        entity_id=ent.entity_id,
        stage=stage,
    )
    return Arg(mention, case_after(text, end, sent.end, titles=titles), ent)
