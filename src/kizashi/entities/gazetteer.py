"""The gazetteer: known actors and places with their Japanese, Chinese and English names.

Data lives in ``kizashi/data/gazetteer/*.yaml`` (schema in :mod:`kizashi.entities.schema`). Names are compared
under their match keys (:mod:`kizashi.entities.keys`), which fold width, case, hanzi variants (王文濤 = 王文涛)
and katakana spelling variants (セキュリティー = セキュリティ, ヴァ = バ, カート・キャンベル = カートキャンベル).
A ``Gazetteer`` is built once per process (the pipeline's ``Context`` holds it) and owns its ``MatchKeys``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kizashi.config import parse_yaml, validation_reasons
from kizashi.entities.keys import MatchKeys
from kizashi.entities.schema import EntryModel, GazetteerError
from kizashi.errors import DataFileError

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerError",
    "MatchKeys",
    "Office",
    "Surname",
    "load_gazetteer",
]

log = logging.getLogger(__name__)

# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Office:
    title: str  # English title, as in the English Wikipedia ("United States Secretary of Commerce")
    ja: tuple[str, ...]  # Japanese titles written with the name (商務長官, 商務相)
    org: str | None
    start: dt.date | None
    end: dt.date | None

    def covers(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class Surname:
    ja: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    canonical: str
    type: str
    kind: str
    source: str  # the data file it came from, for error messages and review
    country: str | None = None
    wikidata: str | None = None
    ja: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    abbrev: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    parent: str | None = None
    surname: Surname | None = None
    offices: tuple[Office, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every full name it may be written with: canonical, ja, zh, en and the shared ones."""
        return tuple(dict.fromkeys([self.canonical, *self.ja, *self.zh, *self.en, *self.ambiguous]))

    def surname_forms(self) -> tuple[str, ...]:
        s = self.surname
        return tuple(dict.fromkeys([*s.ja, *s.zh, *s.en])) if s else ()


def _entry(model: EntryModel, source: str) -> GazetteerEntry:
    return GazetteerEntry(
        id=model.id,
        canonical=model.canonical,
        type=model.type,
        kind=model.kind,
        source=source,
        country=model.country,
        wikidata=model.wikidata,
        ja=tuple(model.ja),
        zh=tuple(model.zh),
        en=tuple(model.en),
        abbrev=tuple(model.abbrev),
        ambiguous=tuple(model.ambiguous),
        parent=model.parent,
        surname=Surname(tuple(model.surname.ja), tuple(model.surname.zh), tuple(model.surname.en))
        if model.surname
        else None,
        offices=tuple(Office(o.title, tuple(o.ja), o.org, o.start, o.end) for o in model.offices),
    )


# --- the gazetteer ----------------------------------------------------------------------------


def _index(keys: MatchKeys, pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """match key of the name -> entry ids, each id once, in data order."""
    out: dict[str, list[str]] = {}
    for name, entry_id in pairs:
        ids = out.setdefault(keys.key(name), [])
        if entry_id not in ids:
            ids.append(entry_id)
    return out


class Gazetteer:
    """Entries by id, with look-ups by name, surname, office title and country abbreviation.

    ``keys`` computes the match keys names are compared under (a new ``MatchKeys`` by default);
    the matcher built over this gazetteer shares it."""

    def __init__(self, entries: Mapping[str, GazetteerEntry], *, keys: MatchKeys | None = None) -> None:
        self.keys = keys if keys is not None else MatchKeys()
        self.entries: dict[str, GazetteerEntry] = dict(entries)
        self._names = _index(self.keys, ((n, e.id) for e in self.entries.values() for n in e.names()))
        self._surnames = _index(
            self.keys, ((s, e.id) for e in self.entries.values() for s in e.surname_forms())
        )
        self._titles: dict[str, list[tuple[str, int]]] = {}
        self._abbrevs: dict[str, str] = {}
        self._countries: dict[str, str] = {}
        for e in self.entries.values():
            if e.country and e.kind in {"country", "territory"}:
                self._countries.setdefault(e.country, e.id)
            for k, office in enumerate(e.offices):
                for title in dict.fromkeys(self.keys.key(t) for t in office.ja):
                    self._titles.setdefault(title, []).append((e.id, k))
            for char in e.abbrev:
                self._abbrevs.setdefault(char, e.id)
        # the one-kanji country abbreviations (米 中 日 韓 ... 欧): the one list of them there is
        self.abbreviations: frozenset[str] = frozenset(self._abbrevs)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, surface: str) -> list[GazetteerEntry]:
        """Entries with a name (ja, zh, en, canonical or shared) equal to ``surface`` under its match key."""
        return [self.entries[i] for i in self._names.get(self.keys.key(surface), [])]

    def surfaces(self) -> Iterator[tuple[str, str]]:
        """Every (name, entry id) pair, for building a matcher."""
        for e in self.entries.values():
            for name in e.names():
                yield name, e.id

    def by_abbrev(self, char: str) -> GazetteerEntry | None:
        """The country a one-kanji abbreviation stands for in compounds (米 -> United States)."""
        entry_id = self._abbrevs.get(char)
        return self.entries[entry_id] if entry_id else None

    def country(self, code: str) -> GazetteerEntry | None:
        """The country (or territory) entry of an ISO code (JPN -> Japan)."""
        entry_id = self._countries.get(code)
        return self.entries[entry_id] if entry_id else None

    def surname_lookup(self, surname: str) -> list[GazetteerEntry]:
        return [self.entries[i] for i in self._surnames.get(self.keys.key(surname), [])]

    def title_lookup(self, ja_title: str) -> list[tuple[GazetteerEntry, Office]]:
        """People who held an office with this Japanese title (商務相), with that office."""
        return [
            (self.entries[i], self.entries[i].offices[k])
            for i, k in self._titles.get(self.keys.key(ja_title), [])
        ]

    def role_at(self, entry_id: str, when: dt.date | None) -> str | None:
        """English title of the office held on ``when`` ("Former X" once X has ended); latest office if no date."""
        entry = self.entries.get(entry_id)
        if entry is None or not entry.offices:
            return None
        by_start = sorted(entry.offices, key=lambda o: o.start or dt.date.min)  # stable: data order on ties
        if when is None:
            return by_start[-1].title
        held = [o for o in by_start if o.covers(when)]
        if held:
            return held[-1].title
        ended = [o for o in entry.offices if o.end is not None and o.end < when]
        if ended:
            return "Former " + max(ended, key=lambda o: o.end or dt.date.min).title
        return None  # every office starts after ``when``

    def country_of(self, entry_id: str) -> str | None:
        """The entry's country, else the nearest parent's (a ministry's agency is in the ministry's country)."""
        seen: set[str] = set()
        entry = self.entries.get(entry_id)
        while entry is not None and entry.id not in seen:
            if entry.country:
                return entry.country
            seen.add(entry.id)
            entry = self.entries.get(entry.parent) if entry.parent else None
        return None

    def clashes(self) -> list[tuple[str, str, str, str]]:
        """(type, name, id, id) for names shared by two entries of one type that do not both mark them ambiguous."""
        out: list[tuple[str, str, str, str]] = []
        shared = {e.id: {self.keys.key(a) for a in e.ambiguous} for e in self.entries.values()}
        for key, ids in self._names.items():
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    ea, eb = self.entries[a], self.entries[b]
                    if ea.type == eb.type and not (key in shared[a] and key in shared[b]):
                        out.append((ea.type, key, a, b))
        return out


# --- loading ----------------------------------------------------------------------------------


def _read_file(name: str, text: str) -> list[GazetteerEntry]:
    try:
        data: Any = parse_yaml(name, text)
    except DataFileError as exc:
        raise GazetteerError(name, None, exc.reason) from exc
    if not isinstance(data, list):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise GazetteerError(name, None, f"a gazetteer file is a list of entries, not {kind}")
    out: list[GazetteerEntry] = []
    for k, item in enumerate(data):
        label = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{k + 1}"
        if not isinstance(item, dict):
            raise GazetteerError(name, label, "an entry must be a mapping")
        try:
            out.append(_entry(EntryModel.model_validate(item), name))
        except ValidationError as exc:
            reasons = "; ".join(f"{key or 'entry'}: {msg}" for key, msg in validation_reasons(exc))
            raise GazetteerError(name, label, reasons) from exc
    return out


def _check_links(entries: Mapping[str, GazetteerEntry]) -> None:
    abbrevs: dict[str, str] = {}
    for e in entries.values():
        refs = [("parent", e.parent)] + [("office org", o.org) for o in e.offices]
        for what, ref in refs:
            if ref is not None and ref not in entries:
                raise GazetteerError(e.source, e.id, f"{what} {ref!r} is not a known id")
        for char in e.abbrev:
            if char in abbrevs:
                raise GazetteerError(
                    e.source, e.id, f"abbreviation {char!r} already belongs to {abbrevs[char]}"
                )
            abbrevs[char] = e.id


def _data_files(data_dir: Path | None) -> list[tuple[str, Traversable]]:
    folder: Traversable = (
        data_dir if data_dir is not None else resources.files("kizashi").joinpath("data", "gazetteer")
    )
    return sorted((f.name, f) for f in folder.iterdir() if f.name.endswith((".yaml", ".yml")) and f.is_file())


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Load and check every gazetteer file in ``data_dir`` (default: the package's data folder).

    Raises GazetteerError naming the file (and the entry) on a file that is not a list of entries,
    a schema error, a repeated id, an unknown parent or office org, or a country abbreviation claimed
    twice.
    """
    entries: dict[str, GazetteerEntry] = {}
    for name, path in _data_files(data_dir):
        for entry in _read_file(name, path.read_text(encoding="utf-8")):
            if entry.id in entries:
                raise GazetteerError(name, entry.id, f"id already used in {entries[entry.id].source}")
            entries[entry.id] = entry
    _check_links(entries)
    log.debug("gazetteer: %d entries", len(entries))
    return Gazetteer(entries)
