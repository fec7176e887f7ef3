"""Whom an act is aimed at, read off the noun phrase before its trigger: the bodies a measure
names, the territory an incursion enters, the first of a list of victims of an attack.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kizashi.events.args import AGENT, Arg

# the bodies a measure names: Xの半導体企業140社を, Xとその関連会社を, X(華為技術)とその子会社を
LISTED = re.compile(
    r"(?:\s?[(（][^)）]{0,20}[)）])?(?:の?[^。、「」]{0,20}?(?:企業|団体|個人|組織|機関|会社|事業者|法人)|と(?:その|同社の)[^。、はが]{0,10}?)"
    r"(?:など)?(?:約?\d+(?:社|団体|人|機関))?(?:を|に)"
)
TERRITORY = re.compile(r"の?(領空|領海|領土|領域|排他的経済水域|EEZ|接続水域|周辺|近海|沖)")


# JAXAなど約200の研究機関や企業、大学などに大規模なサイバー攻撃: a list of victims closed by に
ATTACKED_LIST = re.compile(r"に(?:大規模な|組織的な|継続的な|執拗な|相次いで|一斉に)?$")


def first_attacked(text: str, trig: int, before: list[Arg], other: Callable[[Arg], bool]) -> Arg | None:
    """The first actor of a list of victims that ends with に right before the trigger."""
    close = ATTACKED_LIST.search(text, 0, trig)
    if close is None:
        return None
    listed = [
        a
        for a in before
        if other(a)
        and a.entity.type in {"ORG", "GPE"}
        and a.case not in AGENT
        and not re.search(r"[。「」]|(した|して|する|され)", text[a.mention.end : close.start()])
    ]
    return listed[0] if listed else None
