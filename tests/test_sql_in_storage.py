"""SQL lives only in ``kizashi.storage``: no module outside it imports a database library.

Read off the source with ``ast`` (lazy imports inside functions count too), like tests/test_layout.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kizashi"
DATABASE_LIBRARIES = frozenset({"sqlalchemy", "sqlite3", "psycopg", "psycopg2", "alembic"})


def _database_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a database library in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in DATABASE_LIBRARIES]
    return found


def sql_outside_storage(root: Path = PACKAGE) -> list[str]:
    """Every import of a database library by a module outside ``storage/``."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "storage":
            continue
        out += [f"{rel}:{line} imports {module}" for line, module in _database_imports(path)]
    return out


def test_sql_in_storage_only() -> None:
    assert sql_outside_storage() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from sqlalchemy import select\n", "desk/bad.py:1 imports sqlalchemy"),
        ("import sqlite3\n", "desk/bad.py:1 imports sqlite3"),
        ("def f():\n    import psycopg\n", "desk/bad.py:2 imports psycopg"),
        ("from sqlalchemy.dialects import sqlite\n", "desk/bad.py:1 imports sqlalchemy.dialects"),
    ],
)
def test_sql_in_storage_check_finds_a_planted_import(tmp_path: Path, source: str, expected: str) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "bad.py").write_text(source, encoding="utf-8")
    (tmp_path / "desk" / "good.py").write_text("from kizashi.storage import desk\n", encoding="utf-8")
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "ok.py").write_text(
        "from sqlalchemy import select\nimport sqlite3\n", encoding="utf-8"
    )
    assert sql_outside_storage(tmp_path) == [expected]
