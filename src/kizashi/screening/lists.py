"""List files -> ``ListEntry`` records: FollowTheMoney entity JSON lines and simple CSV lists.

FtM files (what OpenSanctions and Aleph publish) are read through ``followthemoney``'s model, which
validates the schema and properties; ``Sanction`` entities give the program, listing date and
source of the entity they point at. A CSV list has a header naming its columns (``name`` is
required; ``aliases`` split on ``;`` or ``|``). A bad record is a ``DataFileError`` naming the file
and its line; the import is then refused as a whole (``run.import_list``), so a half-read list is
never stored as a version.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from rigour.territories import lookup_territory

from kizashi.errors import DataFileError
from kizashi.ids import content_id

__all__ = ["ListEntry", "entry_id", "read_list"]

_NAME_PROPS = ("name", "alias", "weakAlias", "previousName", "abbreviation")
_COUNTRY_PROPS = ("country", "nationality", "jurisdiction", "citizenship", "mainCountry")
_DATE_PROPS = ("listingDate", "createdAt", "startDate", "modifiedAt")
_ALIAS_SPLIT = re.compile(r"\s*[;|]\s*")
_CSV_COLUMNS = {
    "name": "name",
    "aliases": "aliases",
    "alias": "aliases",
    "country": "country",
    "countries": "country",
    "list": "list",
    "program": "program",
    "programme": "program",
    "listed": "listed",
    "listed_date": "listed",
    "listed_on": "listed",
    "listing_date": "listed",
    "date": "listed",
    "source_url": "source_url",
    "url": "source_url",
    "source": "source_url",
    "id": "id",
}


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One listed party: every name it is listed under, its countries (alpha-3) and programs."""

    record_id: str
    schema: str  # FtM schema: Company, Person, Organization, LegalEntity, Vessel ...
    caption: str
    names: tuple[str, ...]
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str | None = None  # YYYY-MM-DD (or YYYY-MM, YYYY as the list gives it)
    source_url: str | None = None


def entry_id(list_name: str, record_id: str) -> str:
    """Stable across versions of a list: a review keyed on it survives a re-import."""
    return content_id(list_name, record_id, prefix="l_")


def read_list(path: Path) -> tuple[str, list[ListEntry]]:
    """The format ('ftm' or 'csv') and the entries of a list file; a bad record is an error naming
    the file and line. The format is told by the extension (.csv), else by the first character."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), None, f"cannot be read: {exc}") from exc
    if path.suffix.lower() == ".csv" or not text.lstrip().startswith("{"):
        return "csv", list(_read_csv(path, text))
    return "ftm", _read_ftm(path, text)


def _country(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    territory = lookup_territory(value)
    return territory.alpha3.upper() if territory is not None and territory.alpha3 else None


def _date(value: str, where: tuple[str, str]) -> str | None:
    value = value.strip()
    if not value:
        return None
    head = value[:10]
    try:
        if len(head) == 10:
            date.fromisoformat(head)
        elif not re.fullmatch(r"\d{4}(-\d{2})?", head):
            raise ValueError(head)
    except ValueError as exc:
        raise DataFileError(*where, f"not a date (YYYY-MM-DD): {value!r}") from exc
    return head


def _dedupe(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


# ---- FollowTheMoney -------------------------------------------------------------------------


def _read_ftm(path: Path, text: str) -> list[ListEntry]:
    entries: dict[str, tuple[int, ListEntry]] = {}
    sanctions: list[tuple[int, Any]] = []
    datasets: dict[str, list[str]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = (str(path), f"line {lineno}")
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise DataFileError(*where, "not a JSON object")
            if not data.get("id"):
                raise DataFileError(*where, "an entity needs an id")
            proxy = model.get_proxy(data)
        except json.JSONDecodeError as exc:
            raise DataFileError(*where, f"not JSON: {exc.msg}") from exc
        except InvalidData as exc:
            raise DataFileError(*where, f"not a FollowTheMoney entity: {exc}") from exc
        if proxy.schema.is_a("Sanction"):
            sanctions.append((lineno, proxy))
        elif proxy.schema.is_a("LegalEntity") or proxy.schema.is_a("Vessel"):
            names = _dedupe([v for p in _NAME_PROPS if p in proxy.schema.properties for v in proxy.get(p)])
            if not names:
                raise DataFileError(*where, f"entity {proxy.id} has no name")
            countries = [_country(c) for p in _COUNTRY_PROPS for c in _props(proxy, p)]
            raw = data.get("properties") or {}
            # listingDate is a Sanction property, yet lists write it on the entity too
            dates = [v for p in _DATE_PROPS for v in _props(proxy, p) or raw.get(p) or ()]
            listed = str(next(iter(dates), "") or data.get("first_seen") or "")
            entry = ListEntry(
                record_id=str(proxy.id),
                schema=proxy.schema.name,
                caption=names[0],
                names=names,
                countries=_dedupe([c or "" for c in countries]),
                programs=_dedupe(_props(proxy, "programId")),
                listed_on=_date(listed, where),
                source_url=next(iter(_props(proxy, "sourceUrl")), None),
            )
            entries[entry.record_id] = (lineno, entry)
            datasets[entry.record_id] = [str(d) for d in data.get("datasets") or [] if d]
        # other schemata (Address, Identification, Ownership ...) hold no listed party
    for lineno, sanction in sanctions:
        where = (str(path), f"line {lineno}")
        for target in sanction.get("entity"):
            if target in entries:
                entries[target] = (entries[target][0], _with_sanction(entries[target][1], sanction, where))
    # no program of its own nor from a Sanction: the datasets (lists) the entity comes from
    return [e if e.programs else replace(e, programs=_dedupe(datasets[k])) for k, (_, e) in entries.items()]


def _props(proxy: Any, prop: str) -> list[str]:
    return list(proxy.get(prop)) if prop in proxy.schema.properties else []


def _with_sanction(entry: ListEntry, sanction: Any, where: tuple[str, str]) -> ListEntry:
    programs = _props(sanction, "program") or _props(sanction, "authority")
    listed = next((v for p in ("listingDate", "startDate", "date") for v in _props(sanction, p)), "")
    return replace(
        entry,
        programs=_dedupe([*entry.programs, *programs]),
        listed_on=entry.listed_on or _date(listed, where),
        source_url=entry.source_url or next(iter(_props(sanction, "sourceUrl")), None),
    )


# ---- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path, text: str) -> Iterator[ListEntry]:
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise DataFileError(str(path), "line 1", "empty: a CSV list needs a header")
    columns = [_CSV_COLUMNS.get(h.strip().lower().replace(" ", "_")) for h in header]
    if "name" not in columns:
        raise DataFileError(str(path), "line 1", f"no 'name' column in the header {header!r}")
    for row in reader:
        lineno = reader.line_num
        where = (str(path), f"line {lineno}")
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise DataFileError(*where, f"{len(row)} fields, the header has {len(header)}")
        rec = {col: cell.strip() for col, cell in zip(columns, row, strict=False) if col}
        name = rec.get("name", "")
        if not name:
            raise DataFileError(*where, "the name is empty")
        countries = [c for c in _ALIAS_SPLIT.split(rec.get("country", "")) if c]
        alpha3 = [_country(c) for c in countries]
        bad = next((c for c, a in zip(countries, alpha3, strict=True) if a is None), None)
        if bad is not None:
            raise DataFileError(*where, f"not a country: {bad!r}")
        programs = [p for p in (rec.get("list", ""), rec.get("program", "")) if p]
        yield ListEntry(
            record_id=rec.get("id") or content_id(name, rec.get("country", ""), rec.get("program", "")),
            schema="LegalEntity",
            caption=name,
            names=_dedupe([name, *_ALIAS_SPLIT.split(rec.get("aliases", ""))]),
            countries=_dedupe([a or "" for a in alpha3]),
            programs=_dedupe(programs),
            listed_on=_date(rec.get("listed", ""), where),
            source_url=rec.get("source_url") or None,
        )
