"""Watchlists: named sets of entities, event types, modes and keywords an analyst follows.

A watchlist comes from a YAML file (``kizashi watchlist add FILE``), the web form or the JSON API,
and is stored in the desk tables (its SQL is in ``kizashi.storage.desk``). Entities are given as
the analyst knows them (an entity id, a Wikidata QID, the canonical name or a name in any script)
and resolved against the database each time alerts are checked, so a watchlist naming an actor
not seen yet matches once it appears. Matching and alerts are in ``kizashi.desk.alerts``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kizashi.errors import KizashiError
from kizashi.storage import Store
from kizashi.storage import desk as desk_sql
from kizashi.storage.queries import Row

MAX_TERMS = 50
MAX_TERM_CHARS = 200
FIELDS = desk_sql.WATCHLIST_TERMS


class WatchlistSpec(BaseModel):
    """What a watchlist names; every given field must match (an empty one places no condition)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    entities: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    event_types: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    modes: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    keywords: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    # a country among the entities also matches events by its bodies and officials (#15)
    country_bodies: bool = True

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


def parse_spec(
    data: Any, *, where: str = "watchlist", event_types: Collection[str] | None = None
) -> WatchlistSpec:
    """A spec from plain data, with a readable error naming the input. With ``event_types`` (the
    taxonomy's), a type that is none of them is an error too: such a watchlist would never match."""
    try:
        spec = WatchlistSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors())
        raise KizashiError(f"{where}: {problems}") from exc
    if spec.is_empty():
        raise KizashiError(f"{where}: name at least one entity, event type, mode or keyword")
    unknown = [t for t in spec.event_types if event_types is not None and t not in event_types]
    if unknown:
        known = ", ".join(sorted(event_types or ()))
        raise KizashiError(f"{where}: event_types: unknown value {unknown[0]!r} (known: {known})")
    return spec


def load_watchlists(path: Path, *, event_types: Collection[str] | None = None) -> list[WatchlistSpec]:
    """Watchlists in a YAML file: one mapping, a list of them, or ``{watchlists: [...]}``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KizashiError(f"{path}: cannot read the watchlist file: {exc}") from exc
    if isinstance(data, dict) and "watchlists" in data:
        data = data["watchlists"]
    items = data if isinstance(data, list) else [data]
    return [parse_spec(item, where=f"{path}[{i}]", event_types=event_types) for i, item in enumerate(items)]


def save_watchlist(store: Store, spec: WatchlistSpec, *, watchlist_id: int | None = None) -> int:
    """Create a watchlist, or replace the one with this id; returns its id."""
    if spec.is_empty():
        raise KizashiError(f"{spec.name}: name at least one entity, event type, mode or keyword")
    terms = {f: getattr(spec, f) for f in FIELDS}
    return desk_sql.write_watchlist(
        store, spec.name, terms, watchlist_id=watchlist_id, country_bodies=spec.country_bodies
    )


def upsert_by_name(store: Store, spec: WatchlistSpec) -> int:
    """Create the watchlist, or replace the one of the same name (YAML files are re-added)."""
    have = find_watchlist(store, spec.name)
    return save_watchlist(store, spec, watchlist_id=have["watchlist_id"] if have else None)


def get_watchlist(store: Store, watchlist_id: int) -> Row | None:
    return desk_sql.get_watchlist(store, watchlist_id)


def find_watchlist(store: Store, name: str) -> Row | None:
    """The watchlist of this name (spaces collapsed, as names are saved)."""
    return desk_sql.find_watchlist(store, " ".join(name.split()))


def list_watchlists(store: Store) -> list[Row]:
    """Every watchlist with its number of alerts and the date of the latest."""
    return desk_sql.list_watchlists(store)


def delete_watchlist(store: Store, watchlist_id: int) -> bool:
    return desk_sql.delete_watchlist(store, watchlist_id)


def resolve_entities(store: Store, terms: Sequence[str]) -> dict[str, list[Row]]:
    """term -> the entities it names: by id, QID, canonical name (any case), a known name, or a
    mention's text."""
    return desk_sql.resolve_entities(store, terms)
