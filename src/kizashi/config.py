"""Settings: KIZASHI_ environment variables, then code defaults. Built once in the CLI or web app."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "kizashi.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIZASHI_", extra="ignore")

    db: str = DEFAULT_DB  # a plain file path or an SQLAlchemy URL
    max_doc_bytes: int = 5_000_000  # larger inputs are skipped with a reason
    max_doc_seconds: float = 60.0  # per-document time budget for the analysis stages
    max_sentence_chars: int = 4000  # longer run-on "sentences" are not parsed (GiNZA/Sudachi limits)
    batch_size: int = 16  # documents per nlp.pipe batch
    given_date: str | None = None  # --date: publication date the user vouches for
    ner: bool = False  # GiNZA's NER as an extra candidate source (slow; the gazetteer does recognition)
    near_duplicate_threshold: float = 0.8


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
