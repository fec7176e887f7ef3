"""The search syntax analysts type (as in Event Registry and Aleph), parsed into a plain structure.

    輸出 規制            both words (AND by space)
    輸出 OR 規制, a|b    either
    -中国, NOT 中国      without it
    "輸出 規制"          the phrase, space included
    半導*                a word that starts so (one- and two-character words; longer terms are
                         found anywhere in the text already, so the star changes nothing there)

Nothing of the user's text reaches SQL or FTS5 as syntax: the backends quote each term and bind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kizashi.errors import KizashiError

__all__ = ["Query", "Term", "parse_query"]

_TOKEN = re.compile(r'-?"[^"]*"\*?|\S+')


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    groups: tuple[tuple[Term, ...], ...]  # every group must match; a group matches when one term does
    excluded: tuple[Term, ...] = ()  # none of these may match

    @property
    def terms(self) -> list[Term]:
        """The terms to find (for highlighting), in the order written."""
        return [t for g in self.groups for t in g]


def _tokens(query: str) -> list[str]:
    """Words and quoted phrases; a | inside a word (輸出|制裁) is an OR of its own."""
    out: list[str] = []
    for raw in _TOKEN.findall(query):
        if '"' in raw or "|" not in raw or raw == "|":
            out.append(raw)
            continue
        for k, part in enumerate(raw.split("|")):
            out.extend(["|"] * (k > 0) + [part] * bool(part))
    return out


def parse_query(query: str) -> Query:
    """The query's groups and exclusions; a query of exclusions only finds nothing, and says so."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = negate_next = False
    for raw in _tokens(query):
        if raw in {"OR", "|"}:
            join_next = bool(groups)
            continue
        if raw == "NOT":
            negate_next = True
            continue
        negate = negate_next or (raw.startswith("-") and len(raw) > 1)
        body = raw[1:] if raw.startswith("-") and len(raw) > 1 else raw
        prefix = body.endswith("*") and len(body) > 1
        body = body[:-1] if prefix else body
        if len(body) >= 2 and body[0] == body[-1] == '"':
            body = body[1:-1]
        body = " ".join(body.split())
        negate_next = False
        if not body:
            continue
        term = Term(body, prefix)
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        raise KizashiError("search query has no term to find (only exclusions or operators)")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))
