"""A parsed search query (``query_syntax.py``) as SQLite FTS5 conditions over the two indexes.

A term of three characters or more is found in the trigram index (anywhere in the text), a shorter
one in the index of Sudachi words (as a word, or a word's start with *). Groups that sit wholly in
one index, the main one, become one FTS5 MATCH expression ranked by bm25; the other groups and
exclusions become ``rowid IN (… MATCH …)`` conditions. Each term is an FTS5 phrase bound as a
parameter, so nothing the user typed is FTS5 or SQL syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kizashi.storage.query_syntax import Query, Term

__all__ = ["TRIGRAM", "WORDS", "FtsPlan", "plan_fts"]

TRIGRAM, WORDS = "stories_trigram", "stories_words"
TRIGRAM_MIN = 3


@dataclass
class FtsPlan:
    main: str | None  # the FTS5 table the query is ranked by, None when every group mixes indexes
    match: str = ""  # the MATCH expression on ``main``
    conditions: list[str] = field(default_factory=list)  # SQL over ``s`` (stories), with :fts_N params
    params: dict[str, object] = field(default_factory=dict)


def index_of(term: Term) -> str:
    return TRIGRAM if len(term.text) >= TRIGRAM_MIN else WORDS


def phrase(term: Term) -> str:
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + " *" if term.prefix and index_of(term) == WORDS else quoted


def plan_fts(query: Query) -> FtsPlan:
    pure = [g for g in query.groups if len({index_of(t) for t in g}) == 1]
    main = TRIGRAM if any(index_of(g[0]) == TRIGRAM for g in pure) else (WORDS if pure else None)
    plan = FtsPlan(main)
    mine = [g for g in pure if index_of(g[0]) == main]
    if mine:
        plan.match = " AND ".join("(" + " OR ".join(phrase(t) for t in g) + ")" for g in mine)
        plan.match += "".join(" NOT " + phrase(t) for t in query.excluded if index_of(t) == main)
    for group in (g for g in query.groups if g not in mine):
        plan.conditions.append("(" + " OR ".join(_in(plan, t) for t in group) + ")")
    for term in query.excluded:
        if index_of(term) != main or not mine:
            plan.conditions.append("NOT " + _in(plan, term))
    return plan


def _in(plan: FtsPlan, term: Term) -> str:
    name = f"fts_{len(plan.params)}"
    plan.params[name] = phrase(term)
    table = index_of(term)
    return f"s.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH :{name})"
