"""Importing a list file into the store, and screening the stored entities against every list.

``import_list`` reads the whole file first: a bad record refuses the import (nothing of the file is
stored, the version loaded before stays), with an error naming the file and line. ``screen_store``
indexes every loaded entry once and scores only the candidates the index gives for each entity.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kizashi.entities.keys import MatchKeys
from kizashi.screening.index import ListIndex
from kizashi.screening.lists import entry_id, read_list
from kizashi.screening.match import ScreenStats, Subject, screen
from kizashi.screening.names import NameForms
from kizashi.storage.lists import (
    LoadResult,
    list_entries,
    load_list_version,
    screening_subjects,
    write_matches,
)
from kizashi.storage.store import Store

__all__ = [
    "ImportResult",
    "LoadedLists",
    "ScreenResult",
    "build_index",
    "import_list",
    "load_lists",
    "screen_store",
]

log = logging.getLogger(__name__)

SCREENED_TYPES = ("ORG", "PERSON")  # places and countries are not listed parties


@dataclass(frozen=True, slots=True)
class ImportResult:
    name: str
    version: str
    format: str
    load: LoadResult


@dataclass(frozen=True, slots=True)
class ScreenResult:
    stats: ScreenStats
    new: int
    changed: int
    gone: int


def import_list(store: Store, path: Path, *, name: str, version: str | None = None) -> ImportResult:
    """Load one list file as a version of list ``name`` (default version: the import date)."""
    fmt, entries = read_list(path)
    version = version or datetime.now(UTC).date().isoformat()
    rows = {}
    for e in entries:  # a record listed twice in one file is one entry (the last one read)
        eid = entry_id(name, e.record_id)
        rows[eid] = {"entry_id": eid, **asdict(e)}
    load = load_list_version(
        store, name=name, version=version, source=str(path), fmt=fmt, entries=list(rows.values())
    )
    log.info(
        "list %s %s: %d entries, %d added, %d removed",
        name,
        version,
        load.entries,
        len(load.added),
        len(load.removed),
    )
    return ImportResult(name, version, fmt, load)


def build_index(store: Store, forms: NameForms) -> ListIndex:
    index = ListIndex(forms)
    for e in list_entries(store):
        index.add(
            entry_id=e["entry_id"],
            list_name=e["list_name"],
            schema=e["schema"],
            caption=e["caption"],
            names=e["names"],
            countries=e["countries"],
            programs=e["programs"],
            listed_on=e["listed_on"],
        )
    return index


def subjects(store: Store, forms: NameForms, entity_ids: Collection[str] | None = None) -> list[Subject]:
    out = []
    for row in screening_subjects(store, SCREENED_TYPES, entity_ids):
        names = dict.fromkeys([row["canonical"], *row["names"]])
        found = {(f.kind, f.key): f for n in names for f in forms.forms(n)}
        out.append(
            Subject(row["entity_id"], row["canonical"], row["type"], row["country"], tuple(found.values()))
        )
    return out


@dataclass(frozen=True, slots=True)
class LoadedLists:
    """Every loaded list entry, indexed: built once and kept while the lists stay as they are (a
    watcher screens each round's new entities against the same index)."""

    forms: NameForms
    index: ListIndex


def load_lists(store: Store, *, keys: MatchKeys | None = None) -> LoadedLists:
    forms = NameForms(keys)
    return LoadedLists(forms, build_index(store, forms))


def screen_store(
    store: Store,
    *,
    keys: MatchKeys | None = None,
    entity_ids: Collection[str] | None = None,
    lists: LoadedLists | None = None,
) -> ScreenResult:
    """Screen every stored entity (or only those of ``entity_ids``: their matches are replaced,
    the others' kept) against every loaded list and store the matches found. ``lists``: the
    lists indexed before (``load_lists``), else they are indexed here."""
    lists = lists if lists is not None else load_lists(store, keys=keys)
    stats = ScreenStats()
    if not lists.index.entries:  # no list loaded: nothing to screen against, no entity read
        return ScreenResult(stats, 0, 0, 0)
    found = screen(subjects(store, lists.forms, entity_ids), lists.index, stats)
    new, changed, gone = write_matches(store, [asdict(m) for m in found], entity_ids)
    return ScreenResult(stats, new, changed, gone)
