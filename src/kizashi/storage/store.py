"""The SQL store (SQLAlchemy Core): SQLite by default, PostgreSQL with the same code.

Every document is written in one transaction, replacing what an earlier run stored for the
same content-hash id, so re-runs upsert and a crash leaves whole documents only.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    make_url,
    select,
    update,
)
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from kizashi.config import db_url
from kizashi.errors import StoreError
from kizashi.records import Analysis, Document
from kizashi.storage import aggregates, entity_counts, entity_rows, generation
from kizashi.storage import schema as t
from kizashi.storage.migrations import migrate
from kizashi.storage.run_lock import run_lock
from kizashi.storage.search_index import ensure_search_index

log = logging.getLogger(__name__)
# the totals of ``Store.counts``, in its order
_TOTALS = ("documents", "stories", "entities", "mentions", "events", "duplicates", "clusters")

Row = Mapping[str, Any]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers (the web app) never block the writer
    # WAL with NORMAL: a crash of the process loses nothing and the file never corrupts; a power
    # loss may undo the last commits, which a re-run stores again. FULL syncs on every document.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")  # a second writer waits instead of failing at once
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    """Read and write Kizashi's records in one SQL database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.read_cache = generation.ReadCache(engine)  # whole-store aggregates, for the web app

    # ---- writing -------------------------------------------------------------------------
    def upsert(
        self,
        analysis: Analysis,
        *,
        minhash: bytes | None = None,
        tokens: Mapping[str, str] | None = None,
        stages: Sequence[str] | None = None,
    ) -> None:
        """Store one analysed document and everything found in it, atomically.

        ``stages``: the stage versions that made it, saved with the document (default
        ``pipeline.STAGES``)."""
        doc = analysis.document
        try:
            with self.engine.begin() as conn:
                generation.bump(conn)
                before = aggregates.before_write(conn, doc.doc_id)
                entities_before = entity_counts.of_document(conn, doc.doc_id)
                self._delete_document(conn, doc.doc_id)
                conn.execute(insert(t.documents).values(**_document_row(doc, minhash, stages)))
                skip = {"story_id", "doc_id", "index", "text"}
                story_rows = [
                    {
                        "story_id": s.story_id,
                        "doc_id": doc.doc_id,
                        "idx": s.index,
                        "text": s.text,
                        "tokens": (tokens or {}).get(s.story_id, ""),
                        **_plain(s, skip=skip),
                    }
                    for s in doc.stories
                ]
                if story_rows:  # one statement for many rows: a document has tens of them
                    conn.execute(insert(t.stories), story_rows)
                new_entities = entity_rows.upsert(conn, analysis.entities)
                roles = dict(analysis.roles)
                if analysis.entities:
                    conn.execute(
                        insert(t.doc_entities),
                        [
                            {
                                "doc_id": doc.doc_id,
                                "entity_id": e.entity_id,
                                "role": roles.get(e.entity_id),
                                "position": i,
                            }
                            for i, e in enumerate(analysis.entities)
                        ],
                    )
                if analysis.mentions:
                    conn.execute(insert(t.mentions), [_plain(m, skip={"stage"}) for m in analysis.mentions])
                if analysis.events:
                    rows = []
                    for ev in analysis.events:
                        row = _plain(ev, skip={"explanation"})
                        row["explanation"] = json.dumps(list(ev.explanation), ensure_ascii=False)
                        rows.append(row)
                    conn.execute(insert(t.events), rows)
                written = aggregates.contribution(doc.stories, len(analysis.mentions), analysis.events)
                aggregates.after_write(conn, doc.doc_id, before, written=written, new_entities=new_entities)
                entities_now = entity_counts.of_records(doc.stories, analysis.mentions)
                entity_counts.apply(conn, entities_now, before=entities_before)
        except SQLAlchemyError as exc:
            raise _store_error(f"{doc.source}: could not be stored", exc) from exc

    def _delete_document(self, conn: Connection, doc_id: str) -> None:
        for table in (t.events, t.mentions, t.doc_entities, t.stories, t.documents):
            conn.execute(delete(table).where(table.c.doc_id == doc_id))

    def record_duplicate(
        self,
        doc: Document,
        *,
        duplicate_of: str,
        minhash: bytes | None,
        stages: Sequence[str] | None = None,
    ) -> None:
        """A near-duplicate is kept as a document row pointing at its original, not analysed again.

        Its ``stages`` are those of the pipeline that found it (default ``pipeline.STAGES``)."""
        try:
            with self.engine.begin() as conn:
                generation.bump(conn)
                before = aggregates.before_write(conn, doc.doc_id)
                entities_before = entity_counts.of_document(conn, doc.doc_id)
                self._delete_document(conn, doc.doc_id)
                row = _document_row(doc, minhash, stages)
                row["duplicate_of"] = duplicate_of
                conn.execute(insert(t.documents).values(**row))
                written = aggregates.contribution((), 0, (), duplicate=True)
                aggregates.after_write(conn, doc.doc_id, before, written=written)
                entity_counts.apply(conn, Counter(), before=entities_before)
        except SQLAlchemyError as exc:
            raise _store_error(f"{doc.source}: could not be stored", exc) from exc

    def set_clusters(self, clusters: Mapping[str, str]) -> None:
        """event_id -> cluster id, for the cross-document merge step."""
        try:
            with self.engine.begin() as conn:
                generation.bump(conn)
                for event_id, cluster in clusters.items():
                    conn.execute(
                        update(t.events).where(t.events.c.event_id == event_id).values(cluster=cluster)
                    )
                aggregates.after_clustering(conn)
        except SQLAlchemyError as exc:
            raise _store_error("event clusters could not be stored", exc) from exc

    def run_lock(self) -> AbstractContextManager[None]:
        """The database's one-writing-run-at-a-time lock (``run_lock.py``)."""
        return run_lock(self.engine)

    # ---- reading -------------------------------------------------------------------------
    def has_unclustered_events(self) -> bool:
        """Whether a stored event has no cluster yet (a run stopped before its clustering step)."""
        with self.engine.connect() as conn:
            return (
                conn.execute(select(t.events.c.event_id).where(t.events.c.cluster.is_(None))).first()
                is not None
            )

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(select(t.documents.c.doc_id).where(t.documents.c.doc_id == doc_id)).first()
                is not None
            )

    def stored_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of the document ids the store holds: one query for many (planning asks per batch)."""
        wanted = list(dict.fromkeys(doc_ids))
        out: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                q = select(t.documents.c.doc_id).where(t.documents.c.doc_id.in_(wanted[i : i + 500]))
                out.update(conn.execute(q).scalars())
        return out

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as conn:
            q = select(t.documents.c.doc_id, t.documents.c.minhash).where(
                t.documents.c.minhash.is_not(None), t.documents.c.duplicate_of.is_(None)
            )
            for doc_id, sig in conn.execute(q):
                yield doc_id, bytes(sig)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            out = {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (
                    ("documents", t.documents),
                    ("stories", t.stories),
                    ("entities", t.entities),
                    ("mentions", t.mentions),
                    ("events", t.events),
                )
            }
            out["duplicates"] = int(
                conn.execute(
                    select(func.count())
                    .select_from(t.documents)
                    .where(t.documents.c.duplicate_of.is_not(None))
                ).scalar_one()
            )
            out["clusters"] = int(
                conn.execute(select(func.count(func.distinct(t.events.c.cluster)))).scalar_one()
            )
            return out

    def cached_counts(self) -> dict[str, int]:
        """``counts()`` computed once per store generation (the dashboard shows them on every
        visit to its home page); callers must not change it."""
        return self.read_cache.get(("counts",), self.kept_counts)

    def kept_counts(self) -> dict[str, int]:
        """``counts()`` as kept up to date by every write (``aggregates.py``): one small read."""
        with self.engine.connect() as conn:
            kept = dict(aggregates.count_rows(conn, "total"))
        return {name: kept.get(name, 0) for name in _TOTALS}

    def stage_versions(self) -> list[tuple[tuple[str, ...] | None, int]]:
        """(stage versions, number of documents) per distinct set, most documents first; None (last
        among equals) for documents stored before versions were saved (migration 0005)."""
        stages = t.documents.c.stages
        n = func.count().label("n")
        q = select(stages, n).group_by(stages).order_by(n.desc(), stages.nulls_last())
        with self.engine.connect() as conn:
            return [(tuple(json.loads(v)) if v is not None else None, int(k)) for v, k in conn.execute(q)]

    def rows(
        self, table: str, where: Mapping[str, Any] | None = None, *, order_by: str | None = None
    ) -> list[Row]:
        """Plain rows of one table, filtered by equality (column names checked against the schema)."""
        tab = t.metadata.tables[table]
        q = select(tab)
        for col, value in (where or {}).items():
            q = q.where(tab.c[col] == value)
        if order_by:
            q = q.order_by(tab.c[order_by])
        try:
            with self.engine.connect() as conn:
                return [dict(r._mapping) for r in conn.execute(q)]
        except SQLAlchemyError as exc:
            raise _store_error(f"{table} could not be read", exc) from exc

    def entity_rows(self, entity_ids: Iterable[str]) -> dict[str, Row]:
        wanted = list(set(entity_ids))
        out: dict[str, Row] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                q = select(t.entities).where(t.entities.c.entity_id.in_(wanted[i : i + 500]))
                out.update({r.entity_id: dict(r._mapping) for r in conn.execute(q)})
        return out

    def close(self) -> None:
        self.engine.dispose()


def _store_error(what: str, exc: SQLAlchemyError) -> StoreError:
    """A write that failed; ``lost`` when the database itself failed (connection gone, disk full,
    read-only file) rather than this record."""
    return StoreError(f"{what}: {exc}", lost=isinstance(exc, OperationalError | InterfaceError))


def _plain(record: Any, *, skip: set[str]) -> dict[str, Any]:
    """A record's fields as a row. Shallow, not ``asdict``: the fields are plain values, and
    asdict's deep copy was a tenth of a document's write (#17)."""
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in skip}


def _stages(given: Sequence[str] | None) -> str:
    if given is None:
        from kizashi.pipeline import STAGES  # here: the pipeline loads what its stages need

        given = STAGES
    return json.dumps(list(given), ensure_ascii=False)


def _document_row(doc: Document, minhash: bytes | None, stages: Sequence[str] | None) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "title": doc.title,
        "language": doc.language,
        "url": doc.url,
        "pub_date": doc.pub_date,
        "pub_date_basis": doc.pub_date_basis,
        "text": doc.text,
        "removed": json.dumps([{"line": r.line, "why": r.why} for r in doc.removed], ensure_ascii=False),
        "duplicate_of": doc.duplicate_of,
        "minhash": minhash,
        "stage": "pipeline.v1",
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "stages": _stages(stages),
    }


def _shown(db: str) -> str:
    """The database as a message may name it: a URL without its password."""
    return make_url(db_url(db)).render_as_string(hide_password=True) if "://" in db else db


def _require_existing(engine: Engine, db: str) -> None:
    """Refuse a database that is not there, instead of creating an empty one (a read command)."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if path and path != ":memory:" and not Path(path).is_file():
            raise StoreError(f"{db}: no database there (nothing was created; `kizashi run` makes one)")
        return
    with engine.connect() as conn:
        if not inspect(conn).has_table(t.documents.name):
            raise StoreError(f"{_shown(db)}: no Kizashi database there (no tables; `kizashi run` makes them)")


def open_store(db: str, *, create: bool = True) -> Store:
    """Open the store at a file path or SQLAlchemy URL, creating it on first use; with
    ``create=False`` (the read commands) a database that is not there is a ``StoreError``."""
    url = db_url(db)
    try:
        engine = create_engine(url)
        if not create:
            _require_existing(engine, db)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)  # Alembic: numbered revisions under storage/migrations, both dialects
        ensure_search_index(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"{_shown(db)}: cannot open the database: {exc}") from exc
    return Store(engine)
