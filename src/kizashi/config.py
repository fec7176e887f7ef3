"""Settings: KIZASHI_ environment variables, then code defaults. Built once in the CLI or web app.

Also how the packaged data files (gazetteer, lexicons) are read: YAML, validated by a pydantic
model, with errors that name the file and the key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kizashi.errors import DataFileError

# The loader for the packaged YAML data (gazetteer, titles, noise vocabulary): libyaml's safe loader,
# ten times faster than the pure-Python one (the gazetteer's 2.1 s of parsing becomes 0.2 s),
# with the same result; the pure-Python safe loader where PyYAML was built without libyaml.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)

DEFAULT_DB = "kizashi.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIZASHI_", extra="ignore")

    db: str = DEFAULT_DB  # a plain file path or an SQLAlchemy URL
    max_doc_bytes: int = 5_000_000  # larger inputs are skipped with a reason
    max_doc_seconds: float = 60.0  # per-document time budget for the analysis stages
    max_sentence_chars: int = 4000  # longer run-on "sentences" are not parsed (GiNZA/Sudachi limits)
    batch_size: int = 16  # documents per nlp.pipe batch
    # inputs read ahead of a document before it is cleaned: its site template lines are counted
    # over its site's documents up to that many inputs after it (docs/scaling.md, #17)
    site_lookahead: int = 2000
    # GiNZA processes beside the run's own, parsing batches while it prepares and stores others
    # (runners/local.py, docs/scaling.md): two where there are two cores or more (about 0.7 GB
    # each), none on one core, where the run parses in its own process
    parse_processes: int = Field(
        default_factory=lambda: min(2, os.cpu_count() or 1) if (os.cpu_count() or 1) > 1 else 0
    )
    given_date: str | None = None  # --date: publication date the user vouches for
    ner: bool = False  # GiNZA's NER as an extra candidate source (slow; the gazetteer does recognition)
    near_duplicate_threshold: float = 0.8
    web_max_body_bytes: int = 1_000_000  # larger request bodies are refused (413) before they are read
    web_max_query_bytes: int = 131_072  # longer query strings are refused (414)
    max_feed_bytes: int = 20_000_000  # a feed (many entries) fetched or read beyond this is refused
    # host names `kizashi watch` may fetch although they resolve to internal addresses (loopback,
    # private, link-local...), comma-separated; `--allow-host` adds to them (SECURITY.md)
    allow_hosts: str = ""

    @field_validator("site_lookahead", "parse_processes")
    @classmethod
    def _not_negative(cls, value: int, info: ValidationInfo) -> int:
        if value < 0:
            raise ValueError(f"{info.field_name} must be 0 or more, not {value}")
        return value

    def allow_host_names(self) -> list[str]:
        return [h.strip() for h in self.allow_hosts.split(",") if h.strip()]


def db_url(db: str) -> str:
    """A plain path becomes an SQLite URL; a URL is kept as it is, except that a plain
    ``postgresql://`` or ``postgres://`` URL (as libpq and most tools write it) is given the
    psycopg 3 driver, the one Kizashi installs (SQLAlchemy would otherwise look for psycopg2)."""
    if "://" in db:
        scheme, rest = db.split("://", 1)
        if scheme.lower() in {"postgresql", "postgres"}:
            return f"postgresql+psycopg://{rest}"
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def parse_yaml(source: str, text: str) -> Any:
    """The YAML document in ``text``; ``DataFileError`` naming ``source`` when it is not valid YAML."""
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(source, None, f"not valid YAML: {exc}") from exc


def validation_reasons(exc: ValidationError) -> list[tuple[str, str]]:
    """(key path, message) for each problem pydantic found: ``chrome.3``, ``outlets.Reuters.1``."""
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]


def read_data_file(source: str, text: str, model: type[M]) -> M:
    """A YAML data file checked against ``model``: unknown keys, missing keys and wrong types are
    errors (``DataFileError``) naming the file and the key, never a silently partial lexicon."""
    data = parse_yaml(source, text)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise DataFileError(source, None, f"the top level must be a mapping of keys, not {kind}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        (key, first), *rest = validation_reasons(exc)
        more = "".join(f"; key {k or '(top level)'}: {m}" for k, m in rest)
        raise DataFileError(source, f"key {key}" if key else None, first + more) from exc
