"""``open_store(create=False)``: a read command never makes an empty database (#15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.errors import StoreError
from kizashi.storage import open_store
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)


def test_store_missing_sqlite_file_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no database there") as info:
        open_store(str(missing), create=False)
    assert str(missing) in str(info.value)
    assert not missing.exists()


def test_store_existing_sqlite_opens_without_create(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    open_store(str(db)).close()
    store = open_store(str(db), create=False)
    assert store.counts()["documents"] == 0


@pytest.mark.postgres
def test_store_missing_postgres_tables_are_refused(pg_url: str) -> None:  # noqa: F811
    with pytest.raises(StoreError, match="no Kizashi database there") as info:
        open_store(pg_url, create=False)
    assert "kizashi_test_" in str(info.value)
    open_store(pg_url).close()  # run makes the tables; a read command then opens them
    open_store(pg_url, create=False).close()
