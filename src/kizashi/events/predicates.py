"""Is a trigger the event of its clause? Verbs and phrases are; a noun trigger is when the parse
makes it an object, subject or clause of a predicate, or when its noun phrase tells the act as
done (Xによる攻撃, X氏の東京訪問, 非難の声が上がる)."""

from __future__ import annotations

import re

from kizashi.events import meetings
from kizashi.events.args import PLACE_TYPES, Arg
from kizashi.events.cues import MEASURES
from kizashi.events.roles import SPEECH, named_with_doer
from kizashi.events.taxonomy import TriggerHit
from kizashi.events.visits import visit_in_progress, visitor_named
from kizashi.records import Mention, Sentence, Token

# verbs that impose a measure named before them in the clause
_IMPOSED = re.compile(r"[^。]{0,24}?を?(強化|導入|発動|実施|拡大|科し|科す|課し|課す|決定|講じ|発表)")


# heads that make a noun trigger an event: 会談が行われた, 輸出規制を強化した, 覚書に署名
_PREDICATE_DEPS = {"ROOT", "obj", "nsubj", "advcl", "acl", "csubj", "ccomp", "xcomp", "obl"}


# a statement named by a noun and told as voiced: 非難の声が上がる, 批判が相次ぐ, 反発が強まる
_VOICED = re.compile(r"(の声)?(が|も)[^。、]{0,4}?(あが|上が|広が|相次|強ま|高ま|噴出|出てい)")


def is_predicative(sent: Sentence, hit: TriggerHit, args: list[Arg], text: str) -> bool:
    """Is the trigger the event of its clause, rather than a noun in a list or a modifier?

    Verbs (会談し) and phrase triggers (懸念を表明) are; a noun trigger must be the object,
    subject or a clause of a predicate in the parse. Unparsed sentences (headlines without a
    predicate) keep the surface reading."""
    if not sent.tokens or hit.trigger.phrase:
        return True  # a phrase (声明で明らかに, 懸念を表明) is a predicate by itself
    if meetings.convened(sent.text, hit) or visit_in_progress(sent.text, hit.trigger.type, hit.end):
        return True  # 「…会議」に出席: the gathering attended; 訪米中の: a visit under way
    if hit.trigger.type in MEASURES and _IMPOSED.match(sent.text, hit.end):
        return True  # 輸出規制など、…対策を強化した: a measure listed as what is imposed
    if hit.trigger.type == "MEET" and meetings.BETWEEN.search(sent.text[: hit.start]):
        return True  # AとBの会談の要旨: a meeting named with both its parties is told as held
    start = sent.start + hit.start
    end = sent.start + hit.end
    if hit.trigger.type in SPEECH and _VOICED.match(sent.text, hit.end):
        return True  # 中国では非難の声が上がっている, 批判が相次いだ: criticism told as voiced
    before = [a for a in args if a.mention.end <= start]
    if named_with_doer(hit.trigger.type, text, start, before):
        return True  # 「X」による攻撃への注意喚起: an act named with its doer is told as done
    if hit.trigger.type == "VISIT" and (
        visitor_named(text, start, before) is not None
        or (before and before[-1].entity.type in PLACE_TYPES and before[-1].mention.end == start)
    ):
        return True  # 8月のX氏の東京訪問以来, 北京訪問に前向き: a visit named with its place
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


def parse_confirms(tokens: tuple[Token, ...], mention: Mention, trig_start: int) -> bool:
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
