"""A real PostgreSQL server for the store tests.

``pg_server`` (session): ``KIZASHI_TEST_PG_URL`` when set, else a throwaway cluster made with
``initdb`` and started with ``pg_ctl`` on a free loopback port in a temporary folder (as root,
through ``runuser -u postgres``), stopped and removed at the end of the session.
``pg_url`` (per test): a fresh, empty database on that server, dropped after the test.

Tests skip with the reason only when no server can be had; with ``KIZASHI_TEST_PG_REQUIRED=1``
(CI) they fail instead, so a broken PostgreSQL setup cannot pass silently.

Use it from a test module with ``from tests.pg import pg_server, pg_url  # noqa: F401``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ENV_URL = "KIZASHI_TEST_PG_URL"
ENV_REQUIRED = "KIZASHI_TEST_PG_REQUIRED"


class NoServer(Exception):
    """No PostgreSQL server could be started or reached; the message says why."""


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL tests need a server: {reason} (set {ENV_URL} or install PostgreSQL 13+)"
    if os.environ.get(ENV_REQUIRED, "") not in {"", "0"}:
        pytest.fail(message)
    pytest.skip(message)


def _pg_bin(name: str) -> str:
    """A PostgreSQL program: on PATH, else in Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise NoServer(f"{name} not found on PATH or under /usr/lib/postgresql/*/bin")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary folder; the server listens on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kizashi-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # initdb refuses to run as root: hand the folder to the postgres user and run as it
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise NoServer("running as root and runuser is missing")
            try:
                shutil.chown(self.root, user="postgres")
            except (LookupError, PermissionError) as exc:
                raise NoServer(f"running as root and no postgres user to run the server: {exc}") from exc
            self.prefix = [runuser, "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 120) -> None:
        try:
            done = subprocess.run(
                [*self.prefix, *args], capture_output=True, text=True, timeout=timeout, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NoServer(f"{Path(args[0]).name} failed: {exc}") from exc
        if done.returncode != 0:
            raise NoServer(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def start(self) -> str:
        # a UTF-8 locale, not C: pg_trgm and the text search parser then see kanji/kana as letters
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with contextlib.suppress(NoServer):
            self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def _check(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except (SQLAlchemyError, ImportError) as exc:
        raise NoServer(f"cannot connect to {url}: {exc}") from exc


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database (postgres)."""
    given = os.environ.get(ENV_URL)
    if given:
        try:
            _check(given)
        except NoServer as exc:
            _unavailable(str(exc))
        yield given
        return
    cluster: ThrowawayCluster | None = None
    try:
        cluster = ThrowawayCluster()
        url = cluster.start()
        _check(url)
    except NoServer as exc:
        if cluster is not None:
            cluster.stop()
        _unavailable(str(exc))
    if cluster is None:  # unreachable: _unavailable raised; keeps the type checker sure
        return
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database for one test; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"kizashi_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
