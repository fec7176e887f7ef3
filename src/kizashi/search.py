"""Search over clean story text: one query API for the CLI, the report and the JSON API.

Queries of three or more characters go to the trigram index; shorter ones to the index of
Sudachi words. User input is always bound as a parameter and quoted as one FTS5 phrase, so
FTS5 syntax and SQL metacharacters in it are plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from kizashi.errors import KizashiError
from kizashi.storage import Store

MAX_QUERY_CHARS = 200


@dataclass(frozen=True, slots=True)
class Hit:
    story_id: str
    doc_id: str
    source: str
    title: str | None
    pub_date: str | None
    snippet: str  # with [ and ] around the matches
    rank: float


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    total: int
    hits: tuple[Hit, ...] = field(default_factory=tuple)


def _phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


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
) -> SearchPage:
    """Ranked stories matching the query (bm25), with highlighted snippets and the filters given."""
    query = " ".join(query.split())
    if not query:
        raise KizashiError("empty search query")
    if len(query) > MAX_QUERY_CHARS:
        raise KizashiError(f"search query longer than {MAX_QUERY_CHARS} characters")
    if store.dialect != "sqlite":
        raise KizashiError(f"search is not available on {store.dialect} yet")
    short = len(query.replace(" ", "")) < 3
    fts = "stories_words" if short else "stories_trigram"
    match = " ".join(_phrase(w) for w in query.split()) if short else _phrase(query)
    where = [f"{fts} MATCH :match"]
    params: dict[str, object] = {"match": match, "limit": limit, "offset": offset}
    if date_from:
        where.append("s.pub_date >= :date_from")
        params["date_from"] = date_from
    if date_to:
        where.append("s.pub_date <= :date_to")
        params["date_to"] = date_to
    if source:
        where.append("d.source LIKE :source")
        params["source"] = f"%{source}%"
    if event_type:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.story_id = s.story_id AND e.type = :etype)")
        params["etype"] = event_type
    if entity_id:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.story_id = s.story_id AND m.entity_id = :eid)")
        params["eid"] = entity_id
    base = (
        f"FROM {fts} JOIN stories s ON s.rowid = {fts}.rowid JOIN documents d ON d.doc_id = s.doc_id "
        "WHERE " + " AND ".join(where)
    )
    snippet = f"snippet({fts}, 0, '[', ']', '…', 24)"
    if short:  # the words index holds tokens: show the story text instead
        snippet = "substr(s.text, 1, 120)"
    with store.engine.connect() as conn:
        total = int(conn.execute(text(f"SELECT count(*) {base}"), params).scalar_one())
        rows = conn.execute(
            text(
                f"SELECT s.story_id, s.doc_id, d.source, coalesce(s.headline, d.title), s.pub_date, "
                f"{snippet}, bm25({fts}) AS rank {base} ORDER BY rank LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
    return SearchPage(query, total, tuple(Hit(*row) for row in rows))
