"""``kizashi watch`` against hostile feeds and servers (issue 16): no entry is lost, one bad entry
never stops a round, and no feed makes Kizashi fetch an internal address.

Every fetch goes to a server thread on 127.0.0.1; the tests that need it allow that host by name
(``--allow-host`` / ``allow_hosts``), as a user would for an intranet feed."""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kizashi.config import Settings
from kizashi.desk.backoff import Backoff
from kizashi.desk.watch import Watcher
from kizashi.errors import StoreError
from kizashi.ingest.fetch import FetchError, fetch, internal_address
from kizashi.storage import Store, open_store
from tests.cli_process import kizashi as _kizashi

_PLACES = ["東京", "大阪", "名古屋", "札幌", "福岡", "仙台", "広島", "那覇", "金沢", "神戸", "横浜", "京都"]
_THINGS = ["商店街", "図書館", "公園", "駅前", "港", "農園", "美術館", "市場", "学校", "温泉"]


def _text(seed: int, sentences: int = 6) -> str:
    """A short article no other seed gives (so none is a near-duplicate of another)."""
    rnd = random.Random(seed)
    return "".join(
        f"{rnd.choice(_PLACES)}の{rnd.choice(_THINGS)}では{rnd.randint(10, 99999)}人が"
        f"{rnd.choice(_THINGS)}を訪れ、{rnd.randint(1, 28)}日に催しを開いた。"
        for _ in range(sentences)
    )


def _padding(nbytes: int) -> str:
    """Markup no reader keeps as text (a script), to make a page or summary ``nbytes`` larger."""
    return "<script>var pad='" + "x" * nbytes + "';</script>"


def _rss(items: list[dict[str, str]]) -> bytes:
    xml = "".join(
        f"<item><guid>{it['id']}</guid><title>{it['title']}</title><link>{it['link']}</link>"
        f"<pubDate>Mon, 03 Jul 2023 09:00:00 +0900</pubDate>"
        f"<description><![CDATA[{it.get('body', '')}]]></description></item>"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>試験</title>'
        f"<link>https://news.example/</link><description>t</description>{xml}</channel></rss>"
    ).encode()


@dataclass
class Site:
    """A server thread on 127.0.0.1: ``routes`` maps a path to a handler; ``hits`` counts requests."""

    port: int = 0
    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def body(
        self, path: str, data: bytes, status: int = 200, ctype: str = "text/html; charset=utf-8"
    ) -> None:
        def send(h: BaseHTTPRequestHandler) -> None:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)

        self.routes[path] = send

    def redirect(self, path: str, location: str) -> None:
        def send(h: BaseHTTPRequestHandler) -> None:
            h.send_response(302)
            h.send_header("Location", location)
            h.send_header("Content-Length", "0")
            h.end_headers()

        self.routes[path] = send


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
            else:
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(str(tmp_path / "w.db"))
    yield opened
    opened.close()


def kizashi(*args: str | Path) -> Any:
    """The real CLI in a child process, on lines wide enough that no message is wrapped."""
    return _kizashi(*args, env={"COLUMNS": "1000"})


def _seen_count(db: Path) -> int:
    store = open_store(str(db))
    try:
        return len(store.rows("watch_seen"))
    finally:
        store.close()


def _count(db: Path, table: str) -> int:
    store = open_store(str(db))
    try:
        return len(store.rows(table))
    finally:
        store.close()


# ---- no entry lost: the limit is per entry ---------------------------------------------------
@pytest.mark.slow
def test_issue16_watch_cli_stores_every_entry_of_a_round_over_5_mb(site: Site, tmp_path: Path) -> None:
    """Two 3 MB feeds (20 entries each, summaries padded with script markup) and, with
    --fetch-pages, their 150 KB pages: over 5 MB of feeds and over 5 MB of pages in one round."""
    feeds = []
    for f in range(2):
        items = []
        for n in range(20):
            key = f"f{f}e{n}"
            site.body(
                f"/page/{key}",
                (
                    f"<html><body><article><h1>記事{key}</h1><p>{_text(1000 + f * 100 + n)}</p>"
                    f"<p>{_text(5000 + f * 100 + n)}</p></article>{_padding(150_000)}</body></html>"
                ).encode(),
            )
            items.append({"id": f"urn:{key}", "title": f"記事{key}", "link": site.url(f"/page/{key}"),
                          "body": f"<p>{_text(1000 + f * 100 + n)}</p>{_padding(150_000)}"})  # fmt: skip
        data = _rss(items)
        assert len(data) > 3_000_000
        site.body(f"/feed{f}.xml", data, ctype="application/rss+xml")
        feeds.append(site.url(f"/feed{f}.xml"))

    summaries = tmp_path / "summaries.db"  # the entries' own text: over 6 MB of feeds
    plain = kizashi("watch", *feeds, "--db", summaries, "--once", "--allow-host", "127.0.0.1")
    assert plain.returncode == 0, plain.stderr
    assert "0 new files, 40 new feed entries, 40 stored, 0 new alerts" in plain.stderr
    assert (_count(summaries, "documents"), _seen_count(summaries)) == (40, 40)
    assert not any(p.startswith("/page/") for p in site.hits)

    db = tmp_path / "w.db"  # the pages: 40 of 150 KB
    first = kizashi("watch", *feeds, "--db", db, "--once", "--fetch-pages", "--allow-host", "127.0.0.1")
    assert first.returncode == 0, first.stderr
    assert "0 new files, 40 new feed entries, 40 stored, 0 new alerts" in first.stderr
    assert "feed entries: 40 marked seen, 0 refused, 0 to retry, 0 waiting to retry" in first.stderr
    assert (_count(db, "documents"), _seen_count(db)) == (40, 40)
    assert all(site.hits[f"/page/f{f}e{n}"] == 1 for f in range(2) for n in range(20))

    again = kizashi("watch", *feeds, "--db", db, "--once", "--fetch-pages", "--allow-host", "127.0.0.1")
    assert again.returncode == 0, again.stderr
    assert "0 new files, 0 new feed entries, 0 stored, 0 new alerts" in again.stderr
    assert (_count(db, "documents"), _seen_count(db)) == (40, 40)
    assert all(site.hits[f"/page/f{f}e{n}"] == 1 for f in range(2) for n in range(20))  # not fetched again


def test_issue16_watch_entry_over_the_limit_is_refused_alone_and_marked_seen(
    tmp_path: Path, store: Store, context: Any
) -> None:
    items = [
        {
            "id": f"urn:{n}",
            "title": f"記事{n}",
            "link": f"https://news.example/{n}",
            "body": f"<p>{_text(n)}</p>",
        }
        for n in range(3)
    ]
    items[1]["body"] = f"<p>{_text(1, sentences=200)}</p>"  # ~15 KB of text: over the 5,000-byte limit
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(items))
    settings = Settings(db=str(tmp_path / "w.db"), max_doc_bytes=5_000)
    watcher = Watcher([str(feed)], settings=settings, store=store)
    watcher.ctx = context
    result = watcher.poll()
    assert (result.entries, result.stored, result.refused, result.seen) == (3, 2, 1, 3)
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{feed} entry https://news.example/1: too large: ")
    assert "(limit 5000 an entry)" in result.errors[0]
    assert watcher.poll().entries == 0


def test_issue16_watch_entries_not_stored_when_the_database_fails_are_not_marked_seen(
    tmp_path: Path, store: Store, context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        {
            "id": f"urn:{n}",
            "title": f"記事{n}",
            "link": f"https://news.example/{n}",
            "body": f"<p>{_text(n)}</p>",
        }
        for n in range(3)
    ]
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(items))
    watcher = Watcher([str(feed)], settings=Settings(db=str(tmp_path / "w.db")), store=store)
    watcher.ctx = context

    def disk_full(*args: object, **kwargs: object) -> None:
        raise StoreError("database or disk is full", lost=True)

    with monkeypatch.context() as patch:
        patch.setattr(type(store), "upsert", disk_full)
        lost = watcher.poll()
    assert (lost.entries, lost.stored, lost.seen) == (3, 0, 0)
    assert lost.errors[-1].startswith("the database failed: database or disk is full; 3 feed entries")
    assert store.rows("watch_seen") == []
    again = watcher.poll()
    assert (again.entries, again.stored, again.seen) == (3, 3, 3)


# ---- one bad entry never stops the round -----------------------------------------------------
@pytest.mark.slow
def test_issue16_watch_cli_lone_surrogate_is_that_entrys_error(tmp_path: Path) -> None:
    items = [
        {
            "id": f"urn:{n}",
            "title": f"記事{n}",
            "link": f"https://news.example/{n}",
            "body": f"<p>{_text(n)}</p>",
        }
        for n in range(3)
    ]
    items[1]["title"] = "壊れた&#xD800;見出し"
    items[2]["title"] = "見出し&#55296;"  # the same surrogate, in decimal
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(items))
    db = tmp_path / "w.db"
    first = kizashi("watch", feed, "--db", db, "--once")
    assert first.returncode == 3, first.stderr
    assert "Traceback" not in first.stderr
    assert f"skipped: {feed} entry https://news.example/1: not valid Unicode: the title" in first.stderr
    assert f"skipped: {feed} entry https://news.example/2: not valid Unicode: the title" in first.stderr
    assert "0 new files, 3 new feed entries, 1 stored, 0 new alerts" in first.stderr
    assert "feed entries: 3 marked seen, 2 refused, 0 to retry, 0 waiting to retry" in first.stderr
    assert (_count(db, "documents"), _seen_count(db)) == (1, 3)
    again = kizashi("watch", feed, "--db", db, "--once")
    assert again.returncode == 0, again.stderr
    assert "0 new files, 0 new feed entries, 0 stored, 0 new alerts" in again.stderr


# ---- SSRF: internal addresses, redirects, other schemes -------------------------------------
@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True), ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True),
        ("169.254.169.254", True), ("100.64.0.1", True), ("0.0.0.0", True), ("224.0.0.1", True),
        ("240.0.0.1", True), ("::1", True), ("fe80::1%eth0", True), ("fc00::1", True),
        ("::ffff:127.0.0.1", True), ("2002:7f00:1::1", True), ("::", True),
        ("8.8.8.8", False), ("2001:4860:4860::8888", False), ("133.242.0.1", False),
    ],
)  # fmt: skip
def test_issue16_fetch_internal_addresses(address: str, internal: bool) -> None:
    assert internal_address(address) is internal


def test_issue16_fetch_refuses_internal_hosts_however_written(site: Site) -> None:
    site.body("/secret", b"internal only")
    site.redirect("/to-secret", site.url("/secret"))
    site.redirect("/to-ftp", f"ftp://127.0.0.1:{site.port}/secret")
    site.redirect("/to-file", "file:///etc/passwd")
    for url, allow, says in [
        (site.url("/secret"), (), "refused: 127.0.0.1 is an internal address (127.0.0.1)"),
        (site.url("/secret", "0x7f000001"), (), "refused: 0x7f000001 is an internal address (127.0.0.1)"),
        (site.url("/secret", "2130706433"), (), "is an internal address (127.0.0.1)"),
        (site.url("/secret", "localhost"), (), "refused: localhost is an internal address"),
        (site.url("/secret", "[::ffff:127.0.0.1]"), (), "is an internal address (::ffff:127.0.0.1)"),
        (site.url("/to-secret", "localhost"), ("localhost",), "refused: 127.0.0.1 is an internal address"),
        (site.url("/to-ftp", "localhost"), ("localhost",), "redirected to a URL that is not http(s): ftp://"),
        (
            site.url("/to-file", "localhost"),
            ("localhost",),
            "redirected to a URL that is not http(s): file://",
        ),
        ("ftp://127.0.0.1/secret", ("127.0.0.1",), "only http and https URLs are fetched"),
    ]:
        with pytest.raises(FetchError) as caught:
            fetch(url, timeout=5, max_bytes=1000, allow_hosts=allow)
        assert says in str(caught.value), url
        assert caught.value.retry is False
    assert site.hits.get("/secret", 0) == 0  # never reached, directly or through a redirect
    assert (site.hits["/to-secret"], site.hits["/to-ftp"], site.hits["/to-file"]) == (1, 1, 1)
    assert fetch(site.url("/to-secret", "localhost"), timeout=5, max_bytes=1000,
                 allow_hosts=("localhost", "127.0.0.1")) == b"internal only"  # fmt: skip


@pytest.mark.slow
def test_issue16_watch_cli_fetch_pages_does_not_fetch_internal_links(site: Site, tmp_path: Path) -> None:
    """A feed file whose entries link to the local server directly, as 0x7f000001, through a 302
    and to ftp://: no internal page is fetched or stored; each entry keeps its own summary."""
    site.body("/secret", "<html><body><p>社外秘の内部ページ。</p></body></html>".encode())
    site.redirect("/to-secret", site.url("/secret"))
    site.redirect("/to-ftp", f"ftp://127.0.0.1:{site.port}/secret")
    links = [site.url("/secret"), site.url("/secret", "0x7f000001"), site.url("/to-secret", "localhost"),
             site.url("/to-ftp", "localhost")]  # fmt: skip
    items = [
        {"id": f"urn:{n}", "title": f"記事{n}", "link": link, "body": f"<p>{_text(n)}</p>"}
        for n, link in enumerate(links)
    ]
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(items))
    db = tmp_path / "w.db"
    result = kizashi("watch", feed, "--db", db, "--once", "--fetch-pages", "--allow-host", "localhost")
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("is an internal address") == 3
    assert result.stderr.count("the entry's own text is used instead") == 4
    assert "redirected to a URL that is not http(s): ftp://" in result.stderr
    assert "0 new files, 4 new feed entries, 4 stored, 0 new alerts" in result.stderr
    assert site.hits.get("/secret", 0) == 0
    store = open_store(str(db))
    try:
        texts = [d["text"] for d in store.rows("documents")]
    finally:
        store.close()
    assert len(texts) == 4
    assert not any("社外秘" in t for t in texts)


# ---- one deadline per fetch; retries with back-off ------------------------------------------
def test_issue16_fetch_has_one_deadline_for_a_drip_feed(site: Site) -> None:
    stop = threading.Event()

    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "14")
        h.end_headers()
        for _ in range(14):  # a byte every 0.2 s: each read is quick, the whole takes 2.8 s
            if stop.wait(0.2):
                return
            try:
                h.wfile.write(b"x")
                h.wfile.flush()
            except OSError:
                return

    site.routes["/drip"] = drip
    try:
        with pytest.raises(FetchError, match=r"took longer than the 0\.5 s deadline") as caught:
            fetch(site.url("/drip"), timeout=0.5, max_bytes=1000, allow_hosts=("127.0.0.1",))
        assert caught.value.retry is True
    finally:
        stop.set()


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_issue16_watch_failed_page_fetch_is_retried_with_backoff(
    site: Site, tmp_path: Path, store: Store, context: Any
) -> None:
    statuses = [503, 503]
    page = f"<html><body><article><h1>記事</h1><p>{_text(7)}</p><p>{_text(8)}</p></article></body></html>"

    def flaky(h: BaseHTTPRequestHandler) -> None:
        status = statuses.pop(0) if statuses else 200
        data = page.encode() if status == 200 else b"busy"
        h.send_response(status)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    site.routes["/flaky"] = flaky
    site.body("/ok", page.replace("記事", "別の記事").replace(_text(7), _text(9)).encode())
    items = [
        {"id": "urn:flaky", "title": "記事", "link": site.url("/flaky"), "body": f"<p>{_text(7)}</p>"},
        {"id": "urn:ok", "title": "別の記事", "link": site.url("/ok"), "body": f"<p>{_text(9)}</p>"},
    ]
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(items))
    clock = _Clock()
    watcher = Watcher([str(feed)], settings=Settings(db=str(tmp_path / "w.db")), store=store,
                      fetch_pages=True, allow_hosts=["127.0.0.1"], backoff=Backoff(clock=clock))  # fmt: skip
    watcher.ctx = context

    first = watcher.poll()
    assert (first.entries, first.stored, first.retrying, first.waiting, first.seen) == (1, 1, 1, 0, 1)
    assert first.errors == [f"{site.url('/flaky')}: HTTP 503: tried again in 60 s (try 1 of 6)"]
    waiting = watcher.poll()  # the back-off has not passed: not even requested
    assert (waiting.entries, waiting.retrying, waiting.waiting, waiting.seen) == (0, 0, 1, 0)
    assert site.hits["/flaky"] == 1
    clock.now += 60
    second = watcher.poll()
    assert (second.entries, second.retrying, second.seen) == (0, 1, 0)
    assert second.errors == [f"{site.url('/flaky')}: HTTP 503: tried again in 120 s (try 2 of 6)"]
    clock.now += 120
    third = watcher.poll()
    assert (third.entries, third.stored, third.retrying, third.seen, third.errors) == (1, 1, 0, 1, [])
    assert site.hits["/flaky"] == 3
    assert watcher.poll().entries == 0
    assert store.counts()["documents"] == 2


@pytest.mark.slow
def test_issue16_watch_cli_backoff_outlives_the_process(site: Site, tmp_path: Path) -> None:
    """``watch --once`` is one process a round: the back-off of a failed page fetch is in the
    database, so the next run waits it out, and the run after it is due fetches and stores."""
    statuses = [503]
    page = f"<html><body><article><h1>記事</h1><p>{_text(21)}</p><p>{_text(22)}</p></article></body></html>"

    def flaky(h: BaseHTTPRequestHandler) -> None:
        status = statuses.pop(0) if statuses else 200
        data = page.encode() if status == 200 else b"busy"
        h.send_response(status)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    site.routes["/flaky"] = flaky
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss([{"id": "urn:f", "title": "記事", "link": site.url("/flaky"), "body": "<p>x</p>"}]))
    db = tmp_path / "w.db"
    args = ("watch", feed, "--db", db, "--once", "--fetch-pages", "--allow-host", "127.0.0.1")

    first = kizashi(*args)
    assert first.returncode == 3, first.stderr
    assert f"skipped: {site.url('/flaky')}: HTTP 503: tried again in 60 s (try 1 of 6)" in first.stderr
    assert "feed entries: 0 marked seen, 0 refused, 1 to retry, 0 waiting to retry" in first.stderr
    assert (_count(db, "documents"), _seen_count(db), _count(db, "watch_backoff")) == (0, 0, 1)

    waiting = kizashi(*args)  # a new process, within the minute: not even requested
    assert waiting.returncode == 3, waiting.stderr
    assert "feed entries: 0 marked seen, 0 refused, 0 to retry, 1 waiting to retry" in waiting.stderr
    assert site.hits["/flaky"] == 1

    store = open_store(str(db))  # the minute has passed
    try:
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE watch_backoff SET next_try = next_try - 60"))
    finally:
        store.close()
    due = kizashi(*args)
    assert due.returncode == 0, due.stderr
    assert "0 new files, 1 new feed entries, 1 stored, 0 new alerts" in due.stderr
    assert "feed entries: 1 marked seen, 0 refused, 0 to retry, 0 waiting to retry" in due.stderr
    assert site.hits["/flaky"] == 2
    assert (_count(db, "documents"), _seen_count(db), _count(db, "watch_backoff")) == (1, 1, 0)


def test_issue16_watch_gives_up_after_the_last_try_and_keeps_the_entrys_own_text(
    site: Site, tmp_path: Path, store: Store, context: Any
) -> None:
    site.body("/down", b"down", status=502)
    items = [{"id": "urn:down", "title": "記事", "link": site.url("/down"), "body": f"<p>{_text(3)}</p>"}]
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(items))
    clock = _Clock()
    watcher = Watcher([str(feed)], settings=Settings(db=str(tmp_path / "w.db")), store=store,
                      fetch_pages=True, allow_hosts=["127.0.0.1"], backoff=Backoff(attempts=2, clock=clock))  # fmt: skip
    watcher.ctx = context
    first = watcher.poll()
    assert (first.entries, first.retrying, first.seen) == (0, 1, 0)
    clock.now += 60
    last = watcher.poll()
    assert (last.entries, last.stored, last.retrying, last.seen) == (1, 1, 0, 1)
    assert last.errors == [
        f"{site.url('/down')}: HTTP 502: gave up after 2 tries: the entry's own text is used instead"
    ]
    assert site.hits["/down"] == 2


def test_issue16_watch_feed_that_times_out_is_tried_again_later(
    site: Site, tmp_path: Path, store: Store
) -> None:
    site.body("/feed.xml", b"busy", status=503)
    clock = _Clock()
    watcher = Watcher([site.url("/feed.xml")], settings=Settings(db=str(tmp_path / "w.db")), store=store,
                      allow_hosts=["127.0.0.1"], backoff=Backoff(clock=clock))  # fmt: skip
    first = watcher.poll()
    assert (first.entries, first.retrying, first.waiting) == (0, 1, 0)
    assert watcher.poll().waiting == 1
    assert site.hits["/feed.xml"] == 1
    clock.now += 60
    assert watcher.poll().retrying == 1
    assert site.hits["/feed.xml"] == 2


def test_issue16_watch_blocks_an_internal_feed_url_unless_allowed(
    site: Site, tmp_path: Path, store: Store
) -> None:
    site.body("/feed.xml", _rss([]), ctype="application/rss+xml")
    blocked = Watcher(
        [site.url("/feed.xml")], settings=Settings(db=str(tmp_path / "w.db")), store=store
    ).poll()
    assert blocked.errors == [
        f"{site.url('/feed.xml')}: refused: 127.0.0.1 is an internal address (127.0.0.1); "
        "allow it by name with --allow-host or KIZASHI_ALLOW_HOSTS"
    ]
    assert site.hits.get("/feed.xml", 0) == 0
    settings = Settings(db=str(tmp_path / "w.db"), allow_hosts="example.invalid, 127.0.0.1")
    assert Watcher([site.url("/feed.xml")], settings=settings, store=store).poll().errors == []
    assert site.hits["/feed.xml"] == 1


# ---- file names in no valid encoding -----------------------------------------------------------
@pytest.mark.slow
def test_issue16_watch_cli_file_name_not_utf8_is_stored_once_and_seen_across_runs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(os.fsencode(folder) + b"/\xff\xfe\xe6\x97.txt")  # lone surrogates in Python
    for path, seed in ((bad, 31), (str(folder / "ok.txt"), 32)):
        Path(path).write_text(_text(seed), encoding="utf-8")
        os.utime(path, (1e9, 1e9))  # long settled
    db = tmp_path / "w.db"
    first = kizashi("watch", folder, "--db", db, "--once")
    assert first.returncode == 0, first.stderr
    assert "2 new files, 0 new feed entries, 2 stored, 0 new alerts" in first.stderr
    store = open_store(str(db))
    try:
        sources = sorted(r["source"] for r in store.rows("watch_seen"))
        assert sources == [f"{folder}/\\xff\\xfe\\xe6\\x97.txt", f"{folder}/ok.txt"]
        assert sorted(r["source"] for r in store.rows("documents")) == sources
    finally:
        store.close()
    again = kizashi("watch", folder, "--db", db, "--once")  # the same key in a new process
    assert again.returncode == 0, again.stderr
    assert "0 new files, 0 new feed entries, 0 stored, 0 new alerts" in again.stderr
    assert (_count(db, "documents"), _seen_count(db)) == (2, 2)
