"""Story search on PostgreSQL, with the semantics of ``kizashi.storage.search`` on SQLite (FTS5).

Japanese has no spaces, so a word index alone misses substrings and a trigram index cannot serve
one- or two-character words. As on SQLite:

- a term of 3+ characters is found as a substring of the story text: ``ILIKE '%term%'`` served by
  the GIN ``gin_trgm_ops`` index (migration 0002);
- a shorter term (米, AI) is a Sudachi word of the story: the stored ``tsvector('simple')`` over
  ``stories.tokens`` (migration 0002), so 米 finds the word 米 and not the 米 inside 新米;
- terms combine by the syntax of ``query_syntax.py``: AND by space, OR, NOT/-, "phrases", prefix*.

``kizashi.storage.search.search`` dispatches here on PostgreSQL and builds its ``Hit``s from the rows.
PGroonga and pg_bigm would do better for Japanese but are not packaged by common distributions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, exists, func, literal_column, not_, or_, select
from sqlalchemy.sql.expression import cast

from kizashi.storage import schema as t
from kizashi.storage.query_syntax import Term, parse_query
from kizashi.storage.store import Store

TRIGRAM_MIN = 3  # pg_trgm needs three characters to use its index (FTS5's trigram tokenizer too)
SNIPPET_CONTEXT = 40  # characters kept either side of the first hit
_LIKE_SPECIAL = re.compile(r"([\\%_])")


def _like(value: str) -> str:
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", value) + "%"


def _match(query: str) -> tuple[list[str], ColumnElement[bool], ColumnElement[Any]]:
    """(terms to highlight, the WHERE clause, a rank where lower is better, like FTS5's bm25), for
    the syntax of ``query_syntax.py``; the rank is that of the first term."""
    parsed = parse_query(query)
    groups = [or_(*(_found(t) for t in g)) for g in parsed.groups]
    where = and_(*groups, *(not_(_found(t)) for t in parsed.excluded))
    return [t.text for t in parsed.terms], where, _rank(parsed.groups[0][0])


def _found(term: Term) -> ColumnElement[bool]:
    """A term of 3+ characters as a substring of the text, a shorter one as a Sudachi word (or a
    word's start with *)."""
    if len(term.text) >= TRIGRAM_MIN:
        return t.stories.c.text.ilike(_like(term.text), escape="\\")
    return literal_column("stories.tsv").op("@@")(_tsquery(term))


def term_found(term: Term) -> ColumnElement[bool]:
    """The condition that a story holds ``term`` (for ``entity_search.py``)."""
    return _found(term)


def _tsquery(term: Term) -> ColumnElement[Any]:
    if term.prefix:  # the word quoted as one lexeme, then :* (the user's text is never tsquery syntax)
        return func.to_tsquery("simple", func.concat(func.quote_literal(term.text), ":*"))
    return func.plainto_tsquery("simple", term.text)


def _rank(term: Term) -> ColumnElement[Any]:
    if len(term.text) >= TRIGRAM_MIN:
        text = t.stories.c.text
        removed = func.char_length(text) - func.char_length(
            func.replace(func.lower(text), term.text.lower(), "")
        )
        occurrences = cast(removed, Float) / len(term.text)
        # occurrences damped by length: a story that says it often and is short ranks first
        return -occurrences / func.ln(func.char_length(text) + 3.0)
    tsv: ColumnElement[Any] = literal_column("stories.tsv")
    return -cast(func.ts_rank(tsv, _tsquery(term), 1), Float)  # 1: divided by 1 + log(length)


def snippet(text: str, terms: list[str], *, mark: tuple[str, str] = ("[", "]")) -> str:
    """The text around the first occurrence of any term, the hit between the marks."""
    lowered = text.lower()
    found = [(pos, term) for term in terms if (pos := lowered.find(term.lower())) >= 0]
    if not found:
        return text[: 2 * SNIPPET_CONTEXT].replace("\n", " ")
    pos, term = min(found)
    start, end = max(0, pos - SNIPPET_CONTEXT), min(len(text), pos + len(term) + SNIPPET_CONTEXT)
    body = (
        text[start:pos] + mark[0] + text[pos : pos + len(term)] + mark[1] + text[pos + len(term) : end]
    ).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def pg_search(
    store: Store,
    query: str,
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
    mark: tuple[str, str] = ("[", "]"),
) -> tuple[int, list[dict[str, Any]]]:
    """(total matches, one page of rows), best first; each row has the fields of ``search.Hit``:
    story_id, doc_id, source, title, pub_date, snippet (hits between the ``mark`` pair, [ and ] by
    default) and rank (lower is better). The filters are those of ``search.search``: story date range (inclusive), an event
    type or an entity in the story, and a substring of the document's source."""
    query = " ".join(query.split())
    if not query:
        return 0, []
    terms, where, rank = _match(query)
    s, d = t.stories, t.documents
    conditions = [where]
    if date_from:
        conditions.append(s.c.pub_date >= date_from)
    if date_to:
        conditions.append(s.c.pub_date <= date_to)
    if source:
        conditions.append(d.c.source.ilike(_like(source), escape="\\"))
    if event_type:
        ev = t.events
        conditions.append(exists().where(and_(ev.c.story_id == s.c.story_id, ev.c.type == event_type)))
    m = t.mentions
    if entity_id:
        conditions.append(exists().where(and_(m.c.story_id == s.c.story_id, m.c.entity_id == entity_id)))
    if entity_ids:
        conditions.append(
            exists().where(and_(m.c.story_id == s.c.story_id, m.c.entity_id.in_(list(entity_ids))))
        )
    if exclude_ids:
        conditions.append(
            ~exists().where(and_(m.c.story_id == s.c.story_id, m.c.entity_id.in_(list(exclude_ids))))
        )
    joined = s.join(d, d.c.doc_id == s.c.doc_id)
    count = select(func.count()).select_from(joined).where(*conditions)
    page = (
        select(
            s.c.story_id,
            s.c.doc_id,
            d.c.source,
            func.coalesce(s.c.headline, d.c.title).label("title"),
            s.c.pub_date,
            s.c.text,
            rank.label("rank"),
        )
        .select_from(joined)
        .where(*conditions)
        .order_by(rank, s.c.pub_date.desc().nulls_last(), s.c.story_id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = conn.execute(page).all()
    return total, [
        {
            "story_id": row.story_id,
            "doc_id": row.doc_id,
            "source": row.source,
            "title": row.title,
            "pub_date": row.pub_date,
            "snippet": snippet(row.text, terms, mark=mark),
            "rank": float(row.rank),
        }
        for row in rows
    ]


__all__ = ["pg_search", "snippet", "term_found"]
