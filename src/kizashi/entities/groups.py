"""Named groups: a group the text names while calling it a group (「X」と呼ばれるハッカー集団).

News names a hacker group, a sect or a crime ring by quoting its name and calling it a group:

- 「X」と呼ばれる / という / と名乗る / を名乗る + a group noun (ハッカー集団, グループ, 組織 …);
- a Latin name and a naming word before the noun (APT40と呼ばれる集団, Silver Heronという集団);
- for nouns that say a cyber threat group, also the noun right before the name (ハッカー集団「X」,
  ハッカー集団Lazarus) or a Latin name right before the noun (Silver Heronグループ).

The quoted name is the group's mention, and so is the group noun. A name the gazetteer knows
keeps its entity; an unknown one gets an English name by script: Latin as written, katakana from
its loanwords (Romaniser.thing: 「スカイパンダ」 -> Sky Panda); a kanji name is left alone, as
its reading says nothing of the English a group goes by. A threat noun types the group as the
gazetteer types threat groups (ORG, kind ``threat_group``). In a story that names one such group
only, later bare mentions of the noun (ハッカー集団は, 同集団) stand for it too. The nouns and naming
words are data (``name_parts.yaml``: ``group_nouns``, ``naming_words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kizashi.entities.found import Found, story_of, unknown_entity
from kizashi.entities.names import Romaniser
from kizashi.entities.parts import NameParts
from kizashi.records import Entity, Story

_QUOTED = r"[「『“\"](?P<{g}>[^「」『』“”\"、。\n]{{2,30}})[」』”\"]"
_LATIN = r"(?<![A-Za-z0-9])(?P<{g}>[A-Za-z][A-Za-z0-9.\-]*(?: [A-Za-z0-9][A-Za-z0-9.\-]*){{0,3}})"
_KATAKANA_NAME = re.compile(r"[\u30a1-\u30fa\u30fc・=＝ ]+")
_LATIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-]*")
# a modifier between the naming word and the noun (と呼ばれる中国系のハッカー集団)
_MODIFIER = r"(?:[^、。「」『』\s]{0,8}?)"
# a bare noun with these before it is another group (別のハッカー集団), not the one named
_OTHER = re.compile(r"(別の|他の|ほかの|複数の|多くの|各|別|他|諸)$")
_LIST = re.compile(r"(?:と|、|や|および|及び)[「『“\"]")  # 「X」と「Y」: more than one group named
_LIST_BEFORE = re.compile(r"[」』”\"](?:と|、|や|および|及び)$")
_SAME = "同"
_KATA = r"[\u30a1-\u30fa\u30fc][\u30a1-\u30fa\u30fc・]{2,30}"
# 「X、Yなどが…集団と認定された」: names a text says were designated (called, found to be) groups
_DESIGNATION = r"と(?:認定|指定|特定|名指し|分類|みな|呼ば|され)"  # 同集団, 同グループ: the group just named


@dataclass(frozen=True, slots=True)
class _Named:
    entity: Entity
    story: str
    noun: str
    end: int  # where the naming ends: bare mentions after it stand for the group


def named_groups(
    text: str, stories: tuple[Story, ...], found: Found, *, parts: NameParts, romaniser: Romaniser
) -> None:
    """Add the named groups of ``text`` to ``found``: the names, their group nouns, and later bare
    mentions of the noun in a story that names one group."""
    if not parts.group_nouns or not parts.naming_words:
        return
    named: list[_Named] = []
    listed: set[str] = set()  # stories where a group is named in a list (「X」と「Y」): no bare links
    for m in _patterns(parts).finditer(text):
        got = _group(text, m, found, parts, romaniser)
        if got is not None:
            noun = next(n for n in (m.group("noun"), m.group("noun2"), m.group("noun3")) if n)
            named.append(_Named(got, story_of(stories, m.start()), noun, m.end()))
            if _LIST.match(text, m.end()) or _LIST_BEFORE.search(text, max(0, m.start() - 4), m.start()):
                listed.add(named[-1].story)
    _bare_mentions(text, stories, found, [n for n in named if n.story not in listed], parts)
    _designated(text, found, parts, romaniser)


def _patterns(parts: NameParts) -> re.Pattern[str]:
    nouns = sorted(parts.group_nouns, key=len, reverse=True)
    threat = "|".join(re.escape(n) for n in nouns if parts.group_nouns[n])
    noun = "|".join(re.escape(n) for n in nouns)
    naming = "|".join(re.escape(w) for w in parts.naming_words)
    forms = [
        rf"(?:{_QUOTED.format(g='q')}|{_LATIN.format(g='l')})(?:{naming}){_MODIFIER}(?P<noun>{noun})",
        rf"{_LATIN.format(g='l2')}(?P<noun2>{threat})",
        rf"(?P<noun3>{threat})(?:の)?(?:{_QUOTED.format(g='q3')}|{_LATIN.format(g='l3')})",
    ]
    return re.compile("|".join(f"(?:{f})" for f in forms))


def _group(
    text: str, m: re.Match[str], found: Found, parts: NameParts, romaniser: Romaniser
) -> Entity | None:
    """The entity of one naming, with its name and noun added as mentions; None when the name is
    no name we can write in English or its span is another mention's."""
    name_group = next(g for g in ("q", "l", "l2", "q3", "l3") if m.group(g) is not None)
    noun_group = next(g for g in ("noun", "noun2", "noun3") if m.group(g) is not None)
    (ns, ne), (gs, ge) = m.span(name_group), m.span(noun_group)
    name, noun = m.group(name_group).strip(), m.group(noun_group)
    threat = parts.group_nouns[noun]
    known = _known_at(found, ns, ne)
    if known is None:
        canonical = _english(name, romaniser)
        if canonical is None or not _clear_inside(found, ns, ne):
            return None
        ent = unknown_entity(canonical, "ORG", name)
        if threat:
            ent = replace(ent, kind="threat_group")
        found.add(ns, ne, ent)
    else:
        ent = known
    if found.free(gs, ge):
        found.add(gs, ge, ent)
    return ent


def _english(name: str, romaniser: Romaniser) -> str | None:
    if _LATIN_NAME.fullmatch(name):
        return re.sub(r"\s+", " ", name)
    if _KATAKANA_NAME.fullmatch(name) and len(name.strip("・=＝ ")) >= 2:
        return romaniser.thing(name.strip("・=＝ "))
    return None


def _known_at(found: Found, start: int, end: int) -> Entity | None:
    """The entity of a mention spanning exactly the name (a group the gazetteer knows)."""
    key = next((k for s, e, k, _ in found.spans if (s, e) == (start, end)), None)
    return found.entities[key] if key is not None else None


def _clear_inside(found: Found, start: int, end: int) -> bool:
    """Free the name's span of shorter mentions inside it (パンダ in a group's name); a mention
    crossing its edges keeps it."""
    if any(s < end and start < e and (s < start or e > end) for s, e in found.taken):
        return False
    found.drop_inside(start, end)
    return True


def _bare_mentions(
    text: str, stories: tuple[Story, ...], found: Found, named: list[_Named], parts: NameParts
) -> None:
    """After a naming, the bare noun (ハッカー集団は) and 同 + its last word (同集団) in the same story
    stand for the group, where the story names no other group (named, or a known threat group)."""
    by_story: dict[str, list[_Named]] = {}
    for n in named:
        by_story.setdefault(n.story, []).append(n)
    for story_id, items in by_story.items():
        ents = {n.entity.entity_id for n in items}
        known_threats = {
            k
            for s, _e, k, _ in found.spans
            if found.entities[k].kind == "threat_group" and story_of(stories, s) == story_id
        }
        if len(ents | known_threats) != 1:
            continue
        first = min(items, key=lambda n: n.end)
        story = next((s for s in stories if s.story_id == story_id), None)
        stop = story.end if story is not None else len(text)
        for word in _bare_words(items, parts):
            pos = text.find(word, first.end, stop)
            while pos >= 0:
                end = pos + len(word)
                if (
                    not _OTHER.search(text, max(0, pos - 3), pos)
                    and not text.startswith("的", end)
                    and found.free(pos, end)
                ):
                    found.add(pos, end, first.entity)
                pos = text.find(word, end, stop)


def _bare_words(items: list[_Named], parts: NameParts) -> list[str]:
    """The nouns used in the namings and 同 + the group word they end in, longest first."""
    words = {n.noun for n in items if len(n.noun) >= 3}  # 集団 alone is also in 集団的自衛権
    for n in items:
        tail = next((t for t in ("集団", "グループ", "組織", "団体") if n.noun.endswith(t)), None)
        if tail:
            words.add(_SAME + tail)
    return sorted(words, key=len, reverse=True)


def _designated(text: str, found: Found, parts: NameParts, romaniser: Romaniser) -> None:
    """Katakana names, alone or listed (X、YやZ), that the sentence says were designated, named or
    found to be groups (Xなどが『…』集団と認定された, Xを攻撃グループと特定): each is a group. The
    noun stands for no one of them, as the list may name several."""
    nouns = "|".join(re.escape(n) for n in sorted(parts.group_nouns, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![\u30a1-\u30fa\u30fc・])(?P<list>{_KATA}(?:(?:、|や|と){_KATA})*)(?:など|ら)?(?:が|は|を)"
        rf"[^、。]{{0,16}}?(?P<noun>{nouns})[」』]?{_DESIGNATION}"
    )
    for m in pattern.finditer(text):
        threat = parts.group_nouns[m.group("noun")]
        pos = m.start("list")
        for name in re.split("、|や|と", m.group("list")):
            start, end = pos, pos + len(name)
            pos = end + 1
            bare = name.strip("・")
            if (
                _known_at(found, start, end) is not None
                or len(bare) < 3
                or not _clear_inside(found, start, end)
            ):
                continue
            ent = unknown_entity(romaniser.thing(bare), "ORG", name)
            found.add(start, end, replace(ent, kind="threat_group") if threat else ent)
