"""Issue 8: hostile inputs next to good ones in one batch, through the real ``kizashi run``.

Every bad input is named in a message with its reason, every good input is stored, and the exit
status says partial success (3). The corpus comes from ``tests/data/bad/make.py``.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli_process import kizashi
from tests.data.bad import make

# every kind of bad input the issue lists -> the corpus file that is that kind
ISSUE_KINDS = {
    "empty file": "empty.txt",
    "only whitespace": "whitespace.txt",
    "binary PNG": "image-png.txt",
    "binary ZIP": "archive-zip.html",
    "truncated UTF-8": "truncated-utf8.txt",
    "mixed encodings in one file": "mixed-encodings.txt",
    "UTF-16 without BOM": "utf16-no-bom.txt",
    "50 MB single-line file": make.HUGE_NAME,
    "deeply nested, unclosed HTML": "deep-nesting.html",
    "HTML with 10,000 scripts": "many-scripts.html",
    "JSON lines with broken lines in the middle": "broken-lines.jsonl",
    "only noise": "only-noise.txt",
    "file name with spaces and non-ASCII": "経済 ニュース 2024年 (速報).txt",
    "symlink loop": "loop-a.txt",
}
EXTRA_REASONS = {"loop-a.txt": "symbolic link", "loop-b.txt": "symbolic link", make.HUGE_NAME: "too large"}


def test_bad_input_corpus_covers_every_kind_the_issue_lists() -> None:
    names = set(make.FILES) | set(EXTRA_REASONS)
    for kind, name in ISSUE_KINDS.items():
        assert name in names, kind
    assert make.HUGE_BYTES == 50 * 1024 * 1024


def test_bad_input_committed_corpus_is_what_make_writes(tmp_path: Path) -> None:
    make.write_corpus(tmp_path)
    committed = sorted(p.name for p in make.CORPUS.iterdir())
    assert committed == sorted(make.FILES)
    for name in make.FILES:
        assert (make.CORPUS / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_bad_input_huge_file_is_one_line_of_50_mb(tmp_path: Path) -> None:
    path = make.write_huge(tmp_path / make.HUGE_NAME)
    assert path.stat().st_size == make.HUGE_BYTES
    with path.open("rb") as fh:
        assert b"\n" not in fh.read()


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("bad")
    corpus = make.write_corpus(root / "in")
    make.write_extras(corpus)
    db = root / "bad.db"
    return corpus, db, kizashi("run", corpus, "--db", db)


@pytest.mark.slow
def test_bad_input_batch_exits_with_partial_success(
    bad_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, _, done = bad_run
    assert done.returncode == 3, done.stderr[-3000:]
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_bad_input_every_bad_input_is_named_with_its_reason(
    bad_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    corpus, _, done = bad_run
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped: ")]
    for name, reason in {**make.BAD, **EXTRA_REASONS}.items():
        named = [line for line in skipped if line.startswith(f"skipped: {corpus / name}: ")]
        assert len(named) == 1, (name, skipped)
        assert reason in named[0], named[0]
    assert len(skipped) == len(make.BAD) + len(EXTRA_REASONS)


@pytest.mark.slow
def test_bad_input_repaired_inputs_are_named_with_the_damage(
    bad_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    corpus, _, done = bad_run
    for name, damage in make.REPAIRED.items():
        assert any(f"{corpus / name}: {damage}" in line for line in done.stderr.splitlines()), name


@pytest.mark.slow
def test_bad_input_every_good_input_is_stored(
    bad_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    corpus, db, done = bad_run
    with sqlite3.connect(db) as conn:
        sources = {row[0] for row in conn.execute("SELECT source FROM documents")}
        texts = dict(conn.execute("SELECT source, text FROM documents").fetchall())
    expected = {name if "://" in name else str(corpus / name) for name in make.GOOD}
    assert sources == expected
    assert f"{len(expected)} stored" in done.stderr
    assert "。" in texts[str(corpus / "utf16-no-bom.txt")]  # decoded, not mojibake
    assert "重要インフラ" in texts[str(corpus / "truncated-utf8.txt")]
    assert "供給網や先端技術" in texts[str(corpus / "mixed-encodings.txt")]  # the EUC-JP line
    assert "alert" not in texts[str(corpus / "many-scripts.html")]  # scripts are not article text


@pytest.mark.slow
def test_bad_input_huge_file_under_a_raised_size_limit_meets_the_time_budget(tmp_path: Path) -> None:
    """With the size limit raised past the 50 MB line, the time budget still stops it: no hang."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    make.write_huge(corpus / make.HUGE_NAME)
    (corpus / "good-article.txt").write_bytes(make.FILES["good-article.txt"])
    limits = {"KIZASHI_MAX_DOC_BYTES": str(100 * 1024 * 1024), "KIZASHI_MAX_DOC_SECONDS": "5"}
    done = kizashi("run", corpus, "--db", tmp_path / "huge.db", env=limits)
    assert done.returncode == 3, done.stderr[-3000:]
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 1
    assert skipped[0].startswith(f"skipped: {corpus / make.HUGE_NAME}: over the 5s time budget")
    assert "1 stored" in done.stderr


@pytest.mark.slow
def test_bad_input_size_limit_comes_from_the_environment(tmp_path: Path) -> None:
    corpus = make.write_corpus(tmp_path / "in")
    size = (corpus / "many-scripts.html").stat().st_size
    done = kizashi("run", corpus / "many-scripts.html", corpus / "good-article.txt", "--db", tmp_path / "s.db",
                   env={"KIZASHI_MAX_DOC_BYTES": "100000"})  # fmt: skip
    assert done.returncode == 3
    assert f"skipped: {corpus / 'many-scripts.html'}: too large: {size} bytes (limit 100000)" in done.stderr


@pytest.mark.slow
def test_bad_input_stored_documents_render_inert_on_every_page(
    bad_run: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    """What the hostile batch stored, attack strings included, renders as text and never as a 500."""
    from fastapi.testclient import TestClient

    from kizashi.config import Settings
    from kizashi.web import create_app
    from tests.test_web_xss import _assert_inert

    corpus, db, _ = bad_run
    with sqlite3.connect(db) as conn:
        stories = [s for (s,) in conn.execute("SELECT story_id FROM stories")]
        (xss_story,) = conn.execute(
            "SELECT story_id FROM stories JOIN documents USING (doc_id) WHERE source = ?",
            (str(corpus / "xss-page.html"),),
        ).fetchone()
        entities = [e for (e,) in conn.execute("SELECT entity_id FROM entities")]
    assert stories
    with TestClient(create_app(Settings(db=str(db))), raise_server_exceptions=False) as client:
        pages = ["/", "/events", "/entities", "/timeline", "/graph", "/search?q=onerror", "/search?q=script"]
        pages += [f"/stories/{s}" for s in stories] + [f"/entities/{e}" for e in entities]
        for path in pages:
            r = client.get(path)
            assert r.status_code == 200, path
            _assert_inert(r.text)
        shown = client.get(f"/stories/{xss_story}").text  # in its title and its removed lines
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in shown
        assert "&lt;img src=x onerror=alert(&#39;text&#39;)&gt;" in shown
