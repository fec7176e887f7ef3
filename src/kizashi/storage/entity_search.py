"""Search where a term may also be satisfied by an entity the story mentions (#15).

``kizashi.desk.search`` finds which words of a query name a known entity (王文涛, 華為, Raimondo).
Each such word, or run of words ("Wang Wentao"), then matches a story that contains it as text
*or* that mentions the entity, in any script or spelling the analysis linked. The text conditions
are those of ``search.py`` (FTS5 on SQLite, ``pg_search.py`` on PostgreSQL), written as
conditions over the stories table so that they combine with the mention conditions in one WHERE.
Stories that match the words as text rank first, then the latest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    column,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.sql import FromClause, Select

from kizashi.storage import schema as t
from kizashi.storage.fts_query import index_of, phrase
from kizashi.storage.query_syntax import Query, Term
from kizashi.storage.store import Store

__all__ = ["EntityTerm", "entity_search", "mentions_in_stories"]

_s, _d, _m, _e = t.stories, t.documents, t.mentions, t.events


@dataclass(frozen=True, slots=True)
class EntityTerm:
    """Groups ``first..last`` (single-term groups, consecutive) name these entities; or, when
    ``term`` is given, that term of the OR group ``first`` does."""

    first: int
    last: int
    entity_ids: tuple[str, ...]
    term: int | None = None


class _Terms:
    """Text conditions on one backend."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def found(self, term: Term) -> ColumnElement[bool]:
        if self.dialect == "postgresql":
            from kizashi.storage.pg_search import term_found

            return term_found(term)
        return literal_column("stories.rowid").in_(self.rowids(term))

    def rowids(self, term: Term) -> Select[Any]:
        """The rowids of the stories holding the term (SQLite's FTS5 tables)."""
        name = index_of(term)  # one of two fixed table names, never the user's text
        fts = table(name, column("rowid"))
        return select(fts.c.rowid).where(
            literal_column(name).op("MATCH")(bindparam(None, phrase(term), unique=True))
        )


def _candidates(query: Query, aliases: Sequence[EntityTerm], terms: _Terms) -> ColumnElement[bool] | None:
    """On SQLite, a condition every match meets: its rowid is among the stories that hold a term
    of the first group or mention an entity it names. It is implied by the query, so it changes no
    result; it lets SQLite read those stories by rowid instead of testing every story against an
    OR of text and mention conditions (a country named in a query matches a fifth of the store)."""
    if terms.dialect != "sqlite" or not query.groups:
        return None
    entity_ids = [eid for a in aliases if a.first == 0 for eid in a.entity_ids]
    selects: list[Select[Any]] = [terms.rowids(term) for term in query.groups[0]]
    if entity_ids:
        s_m = _s.alias("s_m")
        selects.append(
            select(literal_column("s_m.rowid"))
            .select_from(_m.join(s_m, s_m.c.story_id == _m.c.story_id))
            .where(_m.c.entity_id.in_(entity_ids))
        )
    if not selects:
        return None
    return literal_column("stories.rowid").in_(union(*selects))


def _candidates_match(query: Query, *, filtered: bool) -> bool:
    """With one group, no excluded term and no filter, the candidates are the matches (and every
    story has its document): neither the OR of text and mentions nor the join need be evaluated
    for each of them (a country named in a query: 210 -> 126 ms at 100,000 stories)."""
    return len(query.groups) == 1 and not query.excluded and not filtered


def _mentions(entity_ids: Sequence[str]) -> ColumnElement[bool]:
    return exists().where(and_(_m.c.story_id == _s.c.story_id, _m.c.entity_id.in_(list(entity_ids))))


def _conditions(query: Query, aliases: Sequence[EntityTerm], terms: _Terms) -> tuple[Any, Any]:
    """(the query with entity alternatives, the query as text only)."""
    by_span = {(a.first, a.last): a for a in aliases if a.term is None}
    by_term = {(a.first, a.term): a for a in aliases if a.term is not None}
    plain = [or_(*(terms.found(x) for x in g)) for g in query.groups]
    out: list[ColumnElement[bool]] = []
    i = 0
    while i < len(query.groups):
        span = next((a for (lo, _), a in by_span.items() if lo == i), None)
        if span is not None:
            out.append(or_(and_(*plain[span.first : span.last + 1]), _mentions(span.entity_ids)))
            i = span.last + 1
            continue
        group = query.groups[i]
        alts = []
        for k, term in enumerate(group):
            alias = by_term.get((i, k))
            alts.append(or_(terms.found(term), _mentions(alias.entity_ids)) if alias else terms.found(term))
        out.append(or_(*alts) if alts else false())
        i += 1
    excluded = [not_(terms.found(x)) for x in query.excluded]
    return and_(*out, *excluded), and_(*plain, *excluded)


def entity_search(
    store: Store,
    query: Query,
    aliases: Sequence[EntityTerm],
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    event_type: str | None = None,
    entity_id: str | None = None,
    source: str | None = None,
    limit: int = 20,
    offset: int = 0,
    entity_ids: Sequence[str] = (),
    exclude_ids: Sequence[str] = (),
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of rows: story_id, doc_id, source, title, pub_date, text, rank, by_text)."""
    terms = _Terms(store.dialect)
    where, as_text = _conditions(query, aliases, terms)
    cond = [where]
    candidates = _candidates(query, aliases, terms)
    if candidates is not None:
        cond.append(candidates)
    if date_from:
        cond.append(_s.c.pub_date >= date_from)
    if date_to:
        cond.append(_s.c.pub_date <= date_to)
    if source:
        cond.append(_d.c.source.contains(source, autoescape=True))
    if event_type:
        cond.append(exists().where(and_(_e.c.story_id == _s.c.story_id, _e.c.type == event_type)))
    if entity_id:
        cond.append(_mentions([entity_id]))
    if entity_ids:
        cond.append(_mentions(entity_ids))
    if exclude_ids:
        cond.append(not_(_mentions(exclude_ids)))
    joined: FromClause = _s.join(_d, _d.c.doc_id == _s.c.doc_id)
    by_text = case((as_text, 0), else_=1)
    if candidates is not None and _candidates_match(query, filtered=len(cond) > 2):
        cond, joined = [candidates], _s
    ranked = (
        select(_s.c.story_id, by_text.label("rank"))
        .select_from(joined)
        .where(*cond)
        .order_by(by_text, _s.c.pub_date.desc().nulls_last(), _s.c.story_id)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    # the page's text and titles are read for its rows only, not carried through the sort
    page = (
        select(
            _s.c.story_id,
            _s.c.doc_id,
            _d.c.source,
            func.coalesce(_s.c.headline, _d.c.title).label("title"),
            _s.c.pub_date,
            _s.c.text,
            ranked.c.rank,
        )
        .select_from(ranked.join(_s, _s.c.story_id == ranked.c.story_id).join(_d, _d.c.doc_id == _s.c.doc_id))
        .order_by(ranked.c.rank, _s.c.pub_date.desc().nulls_last(), _s.c.story_id)
    )
    count = select(func.count()).select_from(joined).where(*cond)

    def counted() -> int:
        with store.engine.connect() as conn:
            return int(conn.execute(count).scalar_one())

    # the total reads every match; paging through the same search reads it once per generation
    key = ("entity_search_total", query, tuple(aliases), date_from, date_to, event_type, entity_id, source)
    total = store.read_cache.get(key, counted)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(page).mappings()]
    return total, rows


def mentions_in_stories(
    store: Store, story_ids: Sequence[str], entity_ids: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    """story_id -> [(entity_id, the text as written)], first mention first, for these entities."""
    if not story_ids or not entity_ids:
        return {}
    q = (
        select(_m.c.story_id, _m.c.entity_id, _m.c.text)
        .where(_m.c.story_id.in_(list(story_ids)), _m.c.entity_id.in_(list(entity_ids)))
        .order_by(_m.c.story_id, _m.c.start)
    )
    out: dict[str, list[tuple[str, str]]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            out.setdefault(r.story_id, []).append((r.entity_id, r.text))
    return out
