"""The gazetteer: known actors and places with their Japanese, Chinese and English names.

Data lives in ``kizashi/data/gazetteer/*.yaml`` (schema in :mod:`kizashi.entities.schema`). Names are compared
under :func:`match_key`, which folds width, case, hanzi variants (王文濤 = 王文涛) and katakana spelling
variants (セキュリティー = セキュリティ, ヴァ = バ, カート・キャンベル = カートキャンベル).
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from opencc import OpenCC
from pydantic import ValidationError

from kizashi.entities.schema import YAML_LOADER, EntryModel, GazetteerError

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerError",
    "Office",
    "Surname",
    "default_gazetteer",
    "load_gazetteer",
    "match_key",
    "match_key_spans",
    "match_key_with_offsets",
]

log = logging.getLogger(__name__)

# Dropped from keys: spacing and the separators Japanese writes inside foreign names
# (カート・キャンベル, ジャン=クロード, the Chinese name dot), and the katakana long mark
# (セキュリティー = セキュリティ), which stays inside the span of the syllable before it.
_DROP = frozenset("・=゠·‧")
_LONG_MARKS = frozenset("ー")
_SMALL_KANA = {"ヶ": "ケ", "ヵ": "カ"}
_VU_DIGRAPHS = {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ"}
_VOICING_MARKS = frozenset("\u3099\u309a")


# --- match keys -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _shinjitai_to_traditional() -> dict[str, str]:
    """Japanese shinjitai -> traditional hanzi (涛 <- 濤 reversed: 濤 -> 涛 is t2s's job).

    opencc-python-reimplemented ships no ``jp2t`` config, only OpenCC's JPVariants table
    (traditional -> Japanese); this is its inverse, keeping only unambiguous characters
    (弁 stands for 辨, 辯 and 瓣, so it is left alone).
    """
    table = resources.files("opencc").joinpath("dictionary", "JPVariants.txt").read_text(encoding="utf-8")
    sources: dict[str, set[str]] = {}
    for line in table.splitlines():
        if "\t" not in line:
            continue
        trad, variants = line.split("\t", 1)
        for jp in variants.split():
            if jp != trad:
                sources.setdefault(jp, set()).add(trad)
    return {jp: next(iter(trads)) for jp, trads in sources.items() if len(trads) == 1}


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def _is_han(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


@lru_cache(maxsize=65536)
def _char_key(ch: str) -> str:
    """Width, case and hanzi folding of one source character (may be empty or several characters)."""
    out = unicodedata.normalize("NFKC", ch).casefold()
    if len(out) == 1 and _is_han(out):
        # character by character, so that a text's key is the concatenation of its characters' keys
        out = str(_t2s().convert(_shinjitai_to_traditional().get(out, out)))
    return out


def match_key_spans(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """match_key of ``text`` and, per key character, the source span [start, end) it stands for.

    A dropped long mark belongs to the syllable before it, so the span of タ in ロイター ends after
    ー: a name matched on its key then covers the whole written word. Separators (・, spaces) that
    are dropped belong to no span.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for idx, ch in enumerate(text):
        for c in _char_key(ch):
            if c in _LONG_MARKS:
                if out:
                    ends[-1] = idx + 1
                continue
            if c.isspace() or c in _DROP:
                continue
            if c in _VOICING_MARKS and out:  # half-width ｶﾞ: NFKC per character leaves a combining mark
                out[-1] = unicodedata.normalize("NFC", out[-1] + c)
                ends[-1] = idx + 1
                continue
            if out and out[-1] == "ヴ" and c in _VU_DIGRAPHS:
                out[-1] = _VU_DIGRAPHS[c]
                ends[-1] = idx + 1
                continue
            out.append(_SMALL_KANA.get(c, c))
            starts.append(idx)
            ends.append(idx + 1)
    # a ヴ not followed by a small vowel is ブ (ヴュ = ビュ is rare enough to leave as ブュ)
    return "".join("ブ" if c == "ヴ" else c for c in out), tuple(starts), tuple(ends)


def match_key_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """match_key of ``text`` and, for each key character, the index of the source character it starts at."""
    key, starts, _ = match_key_spans(text)
    return key, starts


@lru_cache(maxsize=131072)
def match_key(text: str) -> str:
    """The key under which surface forms are compared (never shown; canonical names are kept as written)."""
    return match_key_with_offsets(text)[0]


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


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """match_key(name) -> entry ids, each id once, in data order."""
    out: dict[str, list[str]] = {}
    for name, entry_id in pairs:
        ids = out.setdefault(match_key(name), [])
        if entry_id not in ids:
            ids.append(entry_id)
    return out


class Gazetteer:
    """Entries by id, with look-ups by name, surname, office title and country abbreviation."""

    def __init__(self, entries: Mapping[str, GazetteerEntry]) -> None:
        self.entries: dict[str, GazetteerEntry] = dict(entries)
        self._names = _index((n, e.id) for e in self.entries.values() for n in e.names())
        self._surnames = _index((s, e.id) for e in self.entries.values() for s in e.surname_forms())
        self._titles: dict[str, list[tuple[str, int]]] = {}
        self._abbrevs: dict[str, str] = {}
        for e in self.entries.values():
            for k, office in enumerate(e.offices):
                for title in dict.fromkeys(match_key(t) for t in office.ja):
                    self._titles.setdefault(title, []).append((e.id, k))
            for char in e.abbrev:
                self._abbrevs.setdefault(char, e.id)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, surface: str) -> list[GazetteerEntry]:
        """Entries with a name (ja, zh, en, canonical or shared) equal to ``surface`` under match_key."""
        return [self.entries[i] for i in self._names.get(match_key(surface), [])]

    def surfaces(self) -> Iterator[tuple[str, str]]:
        """Every (name, entry id) pair, for building a matcher."""
        for e in self.entries.values():
            for name in e.names():
                yield name, e.id

    def by_abbrev(self, char: str) -> GazetteerEntry | None:
        """The country a one-kanji abbreviation stands for in compounds (米 -> United States)."""
        entry_id = self._abbrevs.get(char)
        return self.entries[entry_id] if entry_id else None

    def surname_lookup(self, surname: str) -> list[GazetteerEntry]:
        return [self.entries[i] for i in self._surnames.get(match_key(surname), [])]

    def title_lookup(self, ja_title: str) -> list[tuple[GazetteerEntry, Office]]:
        """People who held an office with this Japanese title (商務相), with that office."""
        return [
            (self.entries[i], self.entries[i].offices[k])
            for i, k in self._titles.get(match_key(ja_title), [])
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
        shared = {e.id: {match_key(a) for a in e.ambiguous} for e in self.entries.values()}
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
        data: Any = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise GazetteerError(name, None, f"not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        return []  # a mapping is another module's lexicon (titles.yaml, noise.yaml), not gazetteer data
    out: list[GazetteerEntry] = []
    for k, item in enumerate(data):
        label = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{k + 1}"
        if not isinstance(item, dict):
            raise GazetteerError(name, label, "an entry must be a mapping")
        try:
            out.append(_entry(EntryModel.model_validate(item), name))
        except ValidationError as exc:
            reasons = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors()
            )
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

    Raises GazetteerError naming the file and the entry on a schema error, a repeated id, an unknown
    parent or office org, or a country abbreviation claimed twice.
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


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The package's gazetteer, loaded once per process."""
    return load_gazetteer()
