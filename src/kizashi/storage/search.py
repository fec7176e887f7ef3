"""Search over clean story text: one query API for the CLI, the web pages and the JSON API.

The query syntax (AND by space, OR, NOT/-, "phrases", prefix*) is parsed by `query_syntax.py`. On
SQLite, terms of three or more characters go to the FTS5 trigram index, shorter ones to the index
of Sudachi words (`storage/search_index.py`, `fts_query.py`). Every term is bound as a parameter
and quoted as an FTS5 phrase, so FTS5 syntax and SQL metacharacters in it are plain text. On
PostgreSQL the same API is served by `storage/pg_search.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from kizashi.errors import KizashiError
from kizashi.storage import Store
from kizashi.storage.fts_query import TRIGRAM, plan_fts
from kizashi.storage.query_syntax import parse_query

MAX_QUERY_CHARS = 200
SNIPPET_TOKENS = 24  # FTS5 snippet length (trigram tokens, about characters)
SNIPPET_CONTEXT = 40  # characters either side of a hit found in Python (short queries)
# FTS5 snippet() marks hits with these; they cannot occur in stored text (control characters
# are removed from queries, and a story holding one only loses a highlight)
_OPEN, _CLOSE = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Hit:
    story_id: str
    doc_id: str
    source: str
    title: str | None
    pub_date: str | None
    snippet: str  # with [ and ] around the matches (for terminals and JSON lines)
    rank: float  # lower is better
    # the snippet as (text, is_match) pieces, so HTML can mark matches without trusting the text
    segments: tuple[tuple[str, bool], ...] = ()
    entities: tuple[str, ...] = ()  # the entities of the query this story mentions (canonical names)
    events: tuple[Any, ...] = ()  # its events (``kizashi.desk.search.HitEvent``), set by the desk


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    total: int
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    entities: tuple[Any, ...] = ()  # the entities the query names (``kizashi.desk.search.EntityMatch``)


def normalise_query(query: str) -> str:
    """Whitespace collapsed, control characters dropped; empty or overlong queries refused."""
    query = " ".join(_CONTROL.sub(" ", query).split())
    if not query:
        raise KizashiError("empty search query")
    if len(query) > MAX_QUERY_CHARS:
        raise KizashiError(f"search query longer than {MAX_QUERY_CHARS} characters")
    return query


def split_marked(marked: str, open_: str = _OPEN, close: str = _CLOSE) -> tuple[tuple[str, bool], ...]:
    """'a<open>b<close>c' -> (('a', False), ('b', True), ('c', False)), empty pieces dropped."""
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(marked.split(open_)):
        if i == 0:
            head, tail = "", piece
        else:
            head, _, tail = piece.partition(close)
        if head:
            out.append((head, True))
        if tail:
            out.append((tail, False))
    return tuple(out)


def _highlight(body: str, words: list[str]) -> str:
    """The text around the first occurrence of any word, marked (for the words index's hits)."""
    found = [(pos, w) for w in words if (pos := body.find(w)) >= 0]
    if not found:
        return body[: 2 * SNIPPET_CONTEXT]
    pos, word = min(found)
    start, end = max(0, pos - SNIPPET_CONTEXT), min(len(body), pos + len(word) + SNIPPET_CONTEXT)
    marked = body[start:pos] + _OPEN + word + _CLOSE + body[pos + len(word) : end]
    return ("…" if start else "") + marked + ("…" if end < len(body) else "")


def _hit(row: Any, marked: str) -> Hit:
    marked = marked.replace("\n", " ")
    segments = split_marked(marked)
    snippet = "".join(f"[{t}]" if hit else t for t, hit in segments)
    return Hit(row[0], row[1], row[2], row[3], row[4], snippet, float(row[6]), segments)


def search(
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
) -> SearchPage:
    """Ranked stories matching the query (bm25), with highlighted snippets and the filters given:
    ``entity_id`` and one of ``entity_ids`` mentioned, none of ``exclude_ids``."""
    query = normalise_query(query)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    if store.dialect == "postgresql":
        return _search_postgres(
            store, query, date_from, date_to, event_type, entity_id, source, limit, offset,
            entity_ids, exclude_ids,
        )  # fmt: skip
    if store.dialect != "sqlite":
        raise KizashiError(f"search is not available on {store.dialect}")
    parsed = parse_query(query)
    plan = plan_fts(parsed)
    where = [f"{plan.main} MATCH :match"] if plan.main else []
    where += plan.conditions
    params: dict[str, object] = {
        "match": plan.match, "limit": limit, "offset": offset, "mark_open": _OPEN, "mark_close": _CLOSE,
        **plan.params,
    }  # fmt: skip
    if date_from:
        where.append("s.pub_date >= :date_from")
        params["date_from"] = date_from
    if date_to:
        where.append("s.pub_date <= :date_to")
        params["date_to"] = date_to
    if source:
        where.append("instr(d.source, :source) > 0")  # a substring, without LIKE's wildcards
        params["source"] = source
    if event_type:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.story_id = s.story_id AND e.type = :etype)")
        params["etype"] = event_type
    if entity_id:
        where.append(_MENTIONS.format(":eid"))
        params["eid"] = entity_id
    if entity_ids:
        where.append(_MENTIONS.format(_bind(params, "inc", entity_ids)))
    if exclude_ids:
        where.append("NOT " + _MENTIONS.format(_bind(params, "exc", exclude_ids)))
    fts = plan.main
    joined = f"{fts} JOIN stories s ON s.rowid = {fts}.rowid" if fts else "stories s"
    base = f"FROM {joined} JOIN documents d ON d.doc_id = s.doc_id WHERE " + (" AND ".join(where) or "1")
    # the words index holds tokens, not text: its hits are marked in the story text instead
    ranked = fts == TRIGRAM
    snippet = f"snippet({fts}, 0, :mark_open, :mark_close, '…', {SNIPPET_TOKENS})" if ranked else "s.text"
    rank = f"bm25({fts})" if fts else "0.0"

    # the index alone counts a plain match: triggers keep it in step with the stories, each of
    # which has its document (45 -> 3 ms for a word in two stories of five at 100,000 stories)
    counts_alone = fts is not None and len(where) == 1
    count_sql = f"SELECT count(*) FROM {fts} WHERE {where[0]}" if counts_alone else f"SELECT count(*) {base}"

    def counted() -> int:
        with store.engine.connect() as conn:
            return int(conn.execute(text(count_sql), params).scalar_one())

    # the total reads every match; paging through the same search reads it once per generation
    key = ("search_total", query, date_from, date_to, event_type, entity_id, source)
    total = store.read_cache.get(key, counted)
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT s.story_id, s.doc_id, d.source, coalesce(s.headline, d.title), s.pub_date, "
                f"{snippet}, {rank} AS rank {base} ORDER BY rank, s.story_id LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
    words = [t.text for t in parsed.terms]
    return SearchPage(query, total, tuple(_hit(r, r[5] if ranked else _highlight(r[5], words)) for r in rows))


_MENTIONS = "EXISTS (SELECT 1 FROM mentions m WHERE m.story_id = s.story_id AND m.entity_id IN ({}))"


def _bind(params: dict[str, object], prefix: str, values: Sequence[str]) -> str:
    """Named parameters for ``values`` (one each, never the text in the SQL): ``:inc0, :inc1``."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return ", ".join(f":{n}" for n in names)


def _search_postgres(
    store: Store,
    query: str,
    date_from: str | None,
    date_to: str | None,
    event_type: str | None,
    entity_id: str | None,
    source: str | None,
    limit: int,
    offset: int,
    entity_ids: Sequence[str],
    exclude_ids: Sequence[str],
) -> SearchPage:
    try:
        from kizashi.storage.pg_search import pg_search
    except ImportError as exc:  # pragma: no cover - the module ships with the PostgreSQL store
        raise KizashiError("search is not available on postgresql yet") from exc
    total, rows = pg_search(
        store, query, date_from=date_from, date_to=date_to, event_type=event_type,
        entity_id=entity_id, source=source, limit=limit, offset=offset, entity_ids=entity_ids,
        exclude_ids=exclude_ids, mark=(_OPEN, _CLOSE),
    )  # fmt: skip
    hits = []
    for r in rows:
        # marks no story contains (control characters): a "[" the story writes stays text (#15)
        marked = str(r["snippet"])
        row = (r["story_id"], r["doc_id"], r["source"], r["title"], r["pub_date"], None, r["rank"])
        hits.append(_hit(row, marked))
    return SearchPage(query, total, tuple(hits))
