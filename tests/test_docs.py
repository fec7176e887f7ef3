"""The docs keep up with the code: every command is documented, every named source path exists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
# the pages that name source paths: each path they name must exist
PAGES = [*sorted((ROOT / "docs").glob("*.md")), README, ROOT / "SECURITY.md"]
SOURCE_PATH = re.compile(r"src/kizashi/[\w./*-]*[\w*/]")


def _commands() -> list[tuple[str, Any]]:
    """(``"watchlist add"``, command) for every command and subcommand of ``kizashi``, groups included.

    Typer builds the commands with its own copy of Click, so groups are told by their ``commands``.
    """
    from kizashi.cli import app

    found: list[tuple[str, Any]] = []

    def walk(prefix: str, cmd: Any) -> None:
        subcommands = getattr(cmd, "commands", None)
        if isinstance(subcommands, dict):
            for name, sub in sorted(subcommands.items()):
                path = f"{prefix} {name}".strip()
                found.append((path, sub))
                walk(path, sub)

    walk("", typer.main.get_command(app))
    return found


def _named_paths(page: Path) -> list[str]:
    return sorted({m.group(0).rstrip(".") for m in SOURCE_PATH.finditer(page.read_text(encoding="utf-8"))})


def test_the_cli_has_the_commands_the_readme_is_checked_against() -> None:
    names = {path for path, _ in _commands()}
    assert {"run", "export", "report", "stats", "search", "serve", "watch", "watchlist", "alerts"} <= names
    assert {"watchlist add", "watchlist list", "watchlist remove"} <= names


@pytest.mark.parametrize(("path", "cmd"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_text(path: str, cmd: Any) -> None:
    assert (cmd.help or cmd.short_help or "").strip(), f"kizashi {path} has no help text"
    from kizashi.cli import app

    result = CliRunner().invoke(app, [*path.split(), "--help"], prog_name="kizashi")
    assert result.exit_code == 0, result.output
    assert f"kizashi {path}" in " ".join(result.output.split())  # the usage line names it


@pytest.mark.parametrize("path", [p for p, _ in _commands()])
def test_every_command_is_in_the_readme(path: str) -> None:
    assert f"kizashi {path}" in README.read_text(encoding="utf-8"), f"README.md never shows `kizashi {path}`"


def test_the_architecture_page_names_source_paths() -> None:
    assert len(_named_paths(ARCHITECTURE)) >= 20  # the check below must have something to check


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_source_path_a_page_names_exists(page: Path) -> None:
    missing = [p for p in _named_paths(page) if not (any(ROOT.glob(p)) if "*" in p else (ROOT / p).exists())]
    assert not missing, f"{page.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_the_path_pattern_reads_paths_as_the_pages_write_them() -> None:
    text = "see `src/kizashi/ingest/files.py`, src/kizashi/storage/ and src/kizashi/data/gazetteer/*.yaml."
    found = [m.group(0).rstrip(".") for m in SOURCE_PATH.finditer(text)]
    assert found == [
        "src/kizashi/ingest/files.py",
        "src/kizashi/storage/",
        "src/kizashi/data/gazetteer/*.yaml",
    ]
