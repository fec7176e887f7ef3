"""Watchlists: named sets of entities, event types, modes and keywords an analyst follows.

A watchlist comes from a YAML file (``kizashi watchlist add FILE``), the web form or the JSON API,
and is stored in the desk tables. Entities are given as the analyst knows them (an entity id, a
Wikidata QID, the canonical name or a name in any script) and resolved against the database each
time alerts are checked, so a watchlist naming an actor not seen yet matches once it appears.
Matching and alerts are in ``kizashi.desk.alerts``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from kizashi.errors import KizashiError
from kizashi.storage import Store
from kizashi.storage import desk_schema as desk
from kizashi.storage import schema as t
from kizashi.storage.queries import Row

MAX_TERMS = 50
MAX_TERM_CHARS = 200
FIELDS = ("entities", "event_types", "modes", "keywords")


class WatchlistSpec(BaseModel):
    """What a watchlist names; every given field must match (an empty one places no condition)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    entities: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    event_types: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    modes: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    keywords: list[str] = Field(default_factory=list, max_length=MAX_TERMS)

    @field_validator("entities", "event_types", "modes", "keywords", mode="before")
    @classmethod
    def _terms(cls, value: Any) -> Any:
        """A string is split on commas and new lines (the web form's text fields)."""
        if isinstance(value, str):
            value = value.replace("、", ",").replace("\n", ",").split(",")
        if isinstance(value, list):
            out: list[str] = []
            for v in value:
                term = unicodedata.normalize("NFKC", str(v)).strip()
                if len(term) > MAX_TERM_CHARS:
                    raise ValueError(f"a term is longer than {MAX_TERM_CHARS} characters")
                if term and term not in out:
                    out.append(term)
            return out
        return value

    @field_validator("event_types")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        return [v.upper() for v in value]

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return " ".join(value.split())

    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in FIELDS)


def parse_spec(data: Any, *, where: str = "watchlist") -> WatchlistSpec:
    """A spec from plain data, with a readable error naming the input."""
    try:
        spec = WatchlistSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors())
        raise KizashiError(f"{where}: {problems}") from exc
    if spec.is_empty():
        raise KizashiError(f"{where}: name at least one entity, event type, mode or keyword")
    return spec


def load_watchlists(path: Path) -> list[WatchlistSpec]:
    """Watchlists in a YAML file: one mapping, a list of them, or ``{watchlists: [...]}``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KizashiError(f"{path}: cannot read the watchlist file: {exc}") from exc
    if isinstance(data, dict) and "watchlists" in data:
        data = data["watchlists"]
    items = data if isinstance(data, list) else [data]
    return [parse_spec(item, where=f"{path}[{i}]") for i, item in enumerate(items)]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(r: Any) -> Row:
    row = dict(r._mapping)
    for f in FIELDS:
        row[f] = json.loads(row[f])
    return row


def save_watchlist(store: Store, spec: WatchlistSpec, *, watchlist_id: int | None = None) -> int:
    """Create a watchlist, or replace the one with this id; returns its id."""
    if spec.is_empty():
        raise KizashiError(f"{spec.name}: name at least one entity, event type, mode or keyword")
    values: dict[str, Any] = {f: json.dumps(getattr(spec, f), ensure_ascii=False) for f in FIELDS}
    values["name"] = spec.name
    values["updated_at"] = _now()
    w = desk.watchlists
    try:
        with store.engine.begin() as conn:
            if watchlist_id is None:
                res = conn.execute(insert(w).values(created_at=values["updated_at"], **values))
                pk = res.inserted_primary_key
                return int(pk[0]) if pk else 0
            done = conn.execute(update(w).where(w.c.watchlist_id == watchlist_id).values(**values))
            if done.rowcount == 0:
                raise KizashiError(f"no watchlist {watchlist_id}")
            return watchlist_id
    except IntegrityError as exc:
        raise KizashiError(f"a watchlist named {spec.name!r} exists already") from exc


def upsert_by_name(store: Store, spec: WatchlistSpec) -> int:
    """Create the watchlist, or replace the one of the same name (YAML files are re-added)."""
    have = find_watchlist(store, spec.name)
    return save_watchlist(store, spec, watchlist_id=have["watchlist_id"] if have else None)


def get_watchlist(store: Store, watchlist_id: int) -> Row | None:
    w = desk.watchlists
    with store.engine.connect() as conn:
        r = conn.execute(select(w).where(w.c.watchlist_id == watchlist_id)).first()
    return _row(r) if r else None


def find_watchlist(store: Store, name: str) -> Row | None:
    w = desk.watchlists
    with store.engine.connect() as conn:
        r = conn.execute(select(w).where(w.c.name == " ".join(name.split()))).first()
    return _row(r) if r else None


def list_watchlists(store: Store) -> list[Row]:
    """Every watchlist with its number of alerts and the date of the latest."""
    w, a = desk.watchlists, desk.alerts
    n = select(func.count()).where(a.c.watchlist_id == w.c.watchlist_id).scalar_subquery()
    latest = select(func.max(a.c.created_at)).where(a.c.watchlist_id == w.c.watchlist_id).scalar_subquery()
    with store.engine.connect() as conn:
        rows = conn.execute(select(w, n.label("alerts"), latest.label("latest_alert")).order_by(w.c.name))
        return [_row(r) for r in rows]


def delete_watchlist(store: Store, watchlist_id: int) -> bool:
    with store.engine.begin() as conn:
        conn.execute(delete(desk.alerts).where(desk.alerts.c.watchlist_id == watchlist_id))
        done = conn.execute(delete(desk.watchlists).where(desk.watchlists.c.watchlist_id == watchlist_id))
    return bool(done.rowcount)


def resolve_entities(store: Store, terms: Sequence[str]) -> dict[str, list[Row]]:
    """term -> the entities it names: by id, QID, canonical name (any case), a known name, or a
    mention's text."""
    ent, m = t.entities, t.mentions
    out: dict[str, list[Row]] = {}
    with store.engine.connect() as conn:
        for term in terms:
            q = select(ent.c.entity_id, ent.c.canonical, ent.c.type, ent.c.wikidata).where(
                or_(
                    ent.c.entity_id == term,
                    ent.c.wikidata == term,
                    func.lower(ent.c.canonical) == term.lower(),
                    # names are stored as a JSON list: match one whole element
                    ent.c.names.contains(json.dumps(term, ensure_ascii=False), autoescape=True),
                    # or the name as articles write it (米, 林官房長官), which the gazetteer may not list
                    exists().where(m.c.entity_id == ent.c.entity_id, m.c.text == term),
                )
            )
            out[term] = [dict(r._mapping) for r in conn.execute(q.order_by(ent.c.entity_id))]
    return out
