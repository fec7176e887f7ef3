"""Stage: entities. Mentions found in the clean text, linked to one entity per actor.

Order of evidence: gazetteer names (longest match on match keys), country abbreviations in
compounds (米商務長官, 日米韓), open names (organisations and places no list holds), named groups
(「X」と呼ばれるハッカー集団, entities/groups.py), people
(entities/people.py: Sudachi's person tags, katakana names, surnames with a title or met earlier,
romanised when unknown), and acronym pairs (NATO=北大西洋条約機構, 米通商代表部(USTR)).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from kizashi.entities.abbreviations import country_abbreviations
from kizashi.entities.context import relink
from kizashi.entities.credits import drop_credits
from kizashi.entities.found import STAGE, Found, date_of, finish, unknown_entity
from kizashi.entities.gazetteer import Gazetteer
from kizashi.entities.groups import named_groups
from kizashi.entities.known import known_names
from kizashi.entities.matcher import Matcher
from kizashi.entities.names import Romaniser, Titles
from kizashi.entities.ner import NameFinder, ner_people
from kizashi.entities.open_names import open_names
from kizashi.entities.parts import NameParts
from kizashi.entities.people import find_people
from kizashi.entities.posts import drop_posts
from kizashi.records import Document, Entity, Mention, Morpheme

log = logging.getLogger(__name__)

__all__ = ["STAGE", "recognise"]

_KANJI = r"\u4e00-\u9fff々"
_KATA = r"\u30a1-\u30fa\u30fc"
# the long form of an acronym pair names an organisation only when it ends like one
_ORG_ENDING = re.compile(
    r"(省|庁|局|部|院|署|機構|機関|委員会|会議|協会|連合|連盟|組織|研究所|大学|銀行|基金|同盟|軍|隊|党|政府|センター|"
    r"公社|公司|集団|財団|協議会|理事会|事務所|代表部|グループ|社)$"
)
_ACRONYM_PAIR = re.compile(
    rf"(?P<long>[{_KANJI}{_KATA}・]{{3,30}})[(（](?P<short>[A-Z][A-Za-z0-9&\-]{{1,9}})[)）]"
    rf"|(?P<short2>[A-Z][A-Za-z0-9&\-]{{1,9}})=(?P<long2>[{_KANJI}{_KATA}・]{{3,30}})"
)


def recognise(
    document: Document,
    *,
    morphemes: Sequence[Morpheme] = (),
    gazetteer: Gazetteer,
    matcher: Matcher,
    titles: Titles,
    romaniser: Romaniser,
    is_common_word: Callable[[str], bool],
    name_parts: NameParts | None = None,
    names: NameFinder | None = None,
) -> tuple[tuple[Mention, ...], tuple[Entity, ...], tuple[tuple[str, str], ...]]:
    """Mentions, entities (in order of first mention) and each person's role at the time.

    The resources are built once by the caller (the pipeline's ``Context``): the gazetteer and its
    matcher, the title lexicon, romanisation, and ``is_common_word``, Sudachi's check that a
    katakana word is a common noun rather than a name (the NLP stage's, handed in). ``morphemes``
    are the document's Sudachi words with their parts of speech, tokenised once by the pipeline;
    with ``name_parts`` (the glossary of heads and modifiers) they give the names no list holds.
    ``names`` is GiNZA's NER (the NLP stage's, handed in) where the user turned it on."""
    text = document.text
    when = date_of(document.pub_date)
    found = Found()
    known_names(text, gazetteer, matcher, titles, found, morphemes)
    country_abbreviations(text, gazetteer, found, morphemes)
    if name_parts is not None:
        open_names(
            text,
            morphemes,
            document.stories,
            found,
            gazetteer=gazetteer,
            parts=name_parts,
            romaniser=romaniser,
        )
        named_groups(text, document.stories, found, parts=name_parts, romaniser=romaniser)
    drop_posts(text, found, gazetteer)
    find_people(
        text,
        morphemes,
        stories=document.stories,
        gazetteer=gazetteer,
        titles=titles,
        romaniser=romaniser,
        is_common_word=is_common_word,
        found=found,
        when=when,
    )
    if names is not None:
        ner_people(text, morphemes, found, names, romaniser)
    relink(document, found, gazetteer)  # shared names (外務省), with every mention known
    _acronym_pairs(text, found)
    drop_credits(text, found)
    return finish(document, found, gazetteer, when)


def _acronym_pairs(text: str, found: Found) -> None:
    """B(A) and A=B: when one side is known, the other is a mention of the same entity."""
    by_span = {(s, e): key for s, e, key, _ in found.spans}
    for m in _ACRONYM_PAIR.finditer(text):
        if m.group("short"):
            (ls, le), (ss, se) = m.span("long"), m.span("short")
        else:
            (ls, le), (ss, se) = m.span("long2"), m.span("short2")
        long_key = next(
            (k for (s, e), k in by_span.items() if s <= ls < e or (ls <= s < le and e == le)), None
        )
        short_key = by_span.get((ss, se))
        if short_key and found.free(ls, le) and not long_key:
            found.add(ls, le, found.entities[short_key])
        elif long_key and found.free(ss, se) and not short_key:
            found.add(ss, se, found.entities[long_key])
        elif (
            not long_key
            and not short_key
            and found.free(ss, se)
            and found.free(ls, le)
            and _ORG_ENDING.search(text[ls:le])
        ):
            ent = unknown_entity(text[ss:se], "ORG", text[ss:se])
            found.add(ss, se, ent)
            found.add(ls, le, ent)
