"""A ministry's bureau or department named as part of a post is the post, not an actor.

In アジア大洋州局長 or 朝鮮半島政策局審議官 the bureau says which post its holder has: the person is
the actor and the post is their role. A unit written with its parent (外務省アジア大洋州局長) leaves
the parent a mention of its own: 外務省 is still named.
"""

from __future__ import annotations

import re

from kizashi.entities.found import Found, known_entity
from kizashi.entities.gazetteer import Gazetteer

__all__ = ["drop_posts"]

# the units of a ministry whose name, followed by a post, is a title
_UNIT_END = ("局", "部", "課", "室")
_POST = re.compile(r"(長|次長|審議官|参事官|担当官|局長|部長|課長|室長)")


def drop_posts(text: str, found: Found, gazetteer: Gazetteer) -> None:
    """Forget the mentions of units that are the first part of a post title."""
    for span in list(found.spans):
        start, end, key, _ = span
        ent = found.entities[key]
        if ent.type != "ORG" or not text.endswith(_UNIT_END, start, end) or not _POST.match(text, end):
            continue
        gaz = found.gaz_ids.get(key)
        if gaz is not None and gazetteer.entries[gaz].parent is None:
            continue  # 国防部長: a ministry's own head is its minister, and the ministry stays named
        if gaz is None and text.endswith("部", start, end):
            continue
        found.spans.remove(span)
        if (start, end) in found.taken:
            found.taken.remove((start, end))
        _keep_parent(text, start, end, found, gazetteer)


def _keep_parent(text: str, start: int, end: int, found: Found, gazetteer: Gazetteer) -> None:
    """外務省 of 外務省アジア大洋州局長: the longest known body the dropped mention starts with."""
    for cut in range(end - 1, start + 1, -1):
        bodies = [e for e in gazetteer.lookup(text[start:cut]) if e.type == "ORG"]
        if bodies and found.free(start, cut):
            found.add(start, cut, known_entity(bodies[0]), None, bodies[0].id)
            return
