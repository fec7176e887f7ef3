"""Visits: the visitor and destination a visit noun or verb names (X氏の東京訪問, 訪中した), and
the country a visit to a city or region is to."""

from __future__ import annotations

import re

from kizashi import ids
from kizashi.events.args import PLACE_TYPES, Arg, country_of
from kizashi.records import Entity


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
