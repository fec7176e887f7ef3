"""The house rules, read off the source: imports run one way through the stages, modules stay small.

The flow is ingest -> text -> entities -> nlp -> events -> (pipeline) -> storage -> runners ->
desk/exports -> report -> web -> cli. Foundations (records, ids, errors, config, limits, dates) may be
imported from anywhere and import no stage. Lazy imports inside functions count like the others.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kizashi"
MAX_LINES = 400

# rank of each top-level unit of the package: a module may import only units of lower or equal rank
RANKS: dict[str, int] = {
    "__init__": 0,
    "records": 0,
    "ids": 0,
    "errors": 0,
    "config": 0,
    "limits": 0,
    "dates": 1,
    "ingest": 2,
    "text": 3,
    "entities": 4,
    "nlp": 5,
    "events": 6,
    "pipeline": 7,
    "storage": 8,
    "runners": 9,
    "desk": 10,
    "exports": 10,
    "screening": 10,
    "report": 11,
    "web": 12,
    "cli": 13,
}


def _unit(module: str) -> str:
    """``kizashi.events.args`` -> ``events``; ``kizashi`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _unit_of_file(path: Path, root: Path) -> str:
    """``<root>/events/args.py`` -> ``events``; ``<root>/pipeline.py`` -> ``pipeline``."""
    first = path.relative_to(root).parts[0]
    return first.removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported kizashi module) for every import in the file, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "kizashi"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "kizashi":
                continue
            if node.module == "kizashi":  # from kizashi import nlp -> the module kizashi.nlp
                found += [(node.lineno, f"kizashi.{a.name}") for a in node.names if a.name != "__version__"]
            else:
                found.append((node.lineno, node.module))
    return found


def layout_violations(root: Path = PACKAGE) -> list[str]:
    """Every import that runs against the flow, and every unit the ranks do not know."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        here = _unit_of_file(path, root)
        if here not in RANKS:
            out.append(f"{path.relative_to(root)}: unit {here!r} has no place in the flow")
            continue
        for line, module in _imports(path):
            there = _unit(module)
            if there not in RANKS:
                out.append(f"{path.relative_to(root)}:{line} imports {module}: unit {there!r} has no place")
            elif RANKS[there] > RANKS[here]:
                out.append(f"{path.relative_to(root)}:{line} imports {module}: {there} comes after {here}")
    return out


def test_layout_imports_run_one_way_through_the_stages() -> None:
    assert layout_violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from kizashi.storage import Store\n", "imports kizashi.storage: storage comes after entities"),
        ("def f():\n    from kizashi import nlp\n", "imports kizashi.nlp: nlp comes after entities"),
        ("import kizashi.web.app\n", "imports kizashi.web.app: web comes after entities"),
    ],
)
def test_layout_check_finds_an_import_against_the_flow(tmp_path: Path, source: str, expected: str) -> None:
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "bad.py").write_text(source, encoding="utf-8")
    (tmp_path / "entities" / "good.py").write_text("from kizashi.text import clean\n", encoding="utf-8")
    found = layout_violations(tmp_path)
    assert len(found) == 1
    assert expected in found[0]


def test_layout_no_module_over_the_size_limit() -> None:
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
