"""``kizashi watch``: folders and RSS/Atom feeds (a file and a loopback HTTP server) are polled,
what is new is analysed and stored once, and the watchlists raise alerts for it."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kizashi.cli import app
from kizashi.config import Settings
from kizashi.desk.alerts import list_alerts
from kizashi.desk.watch import Watcher, watch
from kizashi.desk.watchlists import parse_spec, save_watchlist
from kizashi.errors import IngestError, KizashiError
from kizashi.ingest.feeds import entry_document, html_to_text, load_feed
from kizashi.ingest.fetch import fetch
from kizashi.records import RawDocument
from kizashi.storage import Store, open_store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

_ENTRIES = [
    ("e1", "経産省、半導体製造装置23品目を輸出管理の対象に",
     "<p>経済産業省は31日、先端半導体の製造装置など23品目を外為法に基づく輸出管理の対象に加えると発表した。</p>"
     "<p>中国向けの輸出は事実上すべて許可制の対象となり、米国の対中規制に歩調を合わせる形となる。</p>"),
    ("e2", "中国商務省、ガリウムとゲルマニウムの輸出を許可制に",
     "<p>中国商務省は3日、半導体材料に使われるガリウムとゲルマニウムの関連品目を8月1日から輸出管理の対象にすると発表した。</p>"
     "<p>輸出には商務省の許可が必要になる。日本や米国の企業への影響が懸念されている。</p>"),
    ("e3", "日米が重要鉱物の供給網で協力",
     "<p>日本と米国の政府は28日、電気自動車の電池に使う重要鉱物の供給網強化に向けた協定に署名した。</p>"
     "<p>両国は調達先の多様化を急ぎ、中国への依存を減らす狙いがある。</p>"),
]  # fmt: skip


def _rss(entries: list[tuple[str, str, str]]) -> bytes:
    items = "".join(
        f"<item><guid>urn:test:{key}</guid><title>{title}</title><link>https://news.example/{key}</link>"
        f"<pubDate>Mon, 03 Jul 2023 09:00:00 +0900</pubDate><description><![CDATA[{body}]]></description></item>"
        for key, title, body in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>試験</title>'
        f"<link>https://news.example/</link><description>t</description>{items}</channel></rss>"
    ).encode()


def _age(path: Path, seconds: float = 60.0) -> None:
    """Older than the settle time (a file still being written is left for the next round);
    a negative age is a file being written now, however long a round takes."""
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(str(tmp_path / "w.db"))
    save_watchlist(opened, parse_spec({"name": "輸出管理", "keywords": ["輸出管理"]}))
    yield opened
    opened.close()


def _watcher(targets: list[str], store: Store) -> Watcher:
    # the feed server is on loopback, an internal address: allowed by name as a user would
    settings = Settings(db=str(store.engine.url.database), allow_hosts="127.0.0.1")
    return Watcher(targets, settings=settings, store=store)


@pytest.mark.slow
def test_watch_folder_new_and_changed_files_once(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    shutil.copy(CORPUS / "chipmaking-tools-23-items.txt", article)
    _age(article)
    fresh = folder / "b.txt"
    shutil.copy(CORPUS / "gallium-germanium-sjis.txt", fresh)
    _age(fresh, -3600)  # still being written: waits
    watcher = _watcher([str(folder)], store)

    first = watcher.poll()
    assert (first.files, first.stored, first.errors) == (1, 1, [])
    assert first.alerts
    assert all(a["watchlist"] == "輸出管理" for a in first.alerts)
    assert watcher.poll().files == 0  # seen
    assert _watcher([str(folder)], store).poll().files == 0  # seen across a restart (in the store)

    _age(fresh)
    assert watcher.poll().files == 1
    article.write_text(
        article.read_text(encoding="utf-8") + "\n追記：経産省は説明会を開く。\n", encoding="utf-8"
    )
    _age(article, 30)
    assert watcher.poll().files == 1  # changed: read again
    assert store.counts()["documents"] >= 2


@pytest.mark.slow
def test_watch_feed_file_and_http_feed(store: Store, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_rss(_ENTRIES[:2]))
    body = {"rss": _rss(_ENTRIES[2:])}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body["rss"])

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
        watcher = _watcher([str(feed), url], store)
        first = watcher.poll()
        assert (first.entries, first.stored, first.errors) == (3, 3, [])
        alerts = list_alerts(store).items
        assert {a["title"] for a in alerts} == {_ENTRIES[0][1], _ENTRIES[1][1]}  # the two about 輸出管理
        assert {d["pub_date"] for d in store.rows("documents")} == {"2023-07-03"}  # the entries' date

        assert watcher.poll().entries == 0
        korea = ("e4", "韓国も輸出管理を見直し",
                 "<p>韓国政府は5日、半導体関連の輸出管理制度を見直すと発表した。日本との協議を続ける方針だ。</p>")  # fmt: skip
        feed.write_bytes(_rss([*_ENTRIES[:2], korea]))
        rounds: list[int] = []
        assert watch(watcher, interval=0, rounds=2, on_poll=lambda r: rounds.append(r.entries)) == 2
        assert rounds == [1, 0]
    finally:
        server.shutdown()
        server.server_close()


def test_watch_cli_once_on_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    result = CliRunner().invoke(app, ["watch", str(folder), "--db", str(tmp_path / "c.db"), "--once"])
    assert result.exit_code == 0, result.output
    assert "0 new files, 0 new feed entries, 0 stored, 0 new alerts" in result.output


def test_watch_cli_once_says_it_skips_files_still_settling(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    fresh = folder / "being-written.txt"
    fresh.write_text("経済産業省は輸出管理の対象を広げると発表した。", encoding="utf-8")
    _age(fresh, -100)  # modified "in 100 s": however slow the round, it is still settling
    result = CliRunner().invoke(app, ["watch", str(folder), "--db", str(tmp_path / "c.db"), "--once"])
    said = " ".join(result.output.split())
    assert result.exit_code == 3, result.output  # left for a later round, as a retry is
    assert "0 new files" in said
    assert "1 file changed in the last 2 s skipped" in said
    wait = int(said.split("run again in ")[1].split(" s")[0])
    assert 95 <= wait <= 103


def test_watch_refuses_unknown_targets_and_other_schemes(tmp_path: Path, store: Store) -> None:
    with pytest.raises(KizashiError, match="not a folder"):
        _watcher([str(tmp_path / "missing")], store)
    with pytest.raises(KizashiError, match="only http and https"):
        fetch("file:///etc/passwd", timeout=1, max_bytes=10)


def test_watch_bad_feed_is_reported_not_raised(tmp_path: Path, store: Store) -> None:
    feed = tmp_path / "broken.xml"
    feed.write_text("これはフィードではない", encoding="utf-8")
    result = _watcher([str(feed)], store).poll()
    assert (result.entries, result.stored) == (0, 0)
    assert result.errors == [f"{feed}: not an RSS or Atom feed"]


def test_watch_entry_html_to_text() -> None:
    assert (
        html_to_text("<p>一行目<script>alert(1)</script></p><p>二行目 <b>太字</b></p>")
        == "一行目\n二行目 太字"
    )


def test_feed_loading_names_the_source_when_it_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "gone.xml"
    with pytest.raises(KizashiError, match=r"gone\.xml: cannot read the feed file"):
        load_feed(str(missing), timeout=1.0, max_bytes=1000)
    with pytest.raises(KizashiError, match="only http and https"):
        load_feed("ftp://example.invalid/feed.xml", timeout=1.0, max_bytes=1000)


def test_feed_entry_document_prefers_the_page_then_the_content_then_the_summary() -> None:
    entry = {
        "link": "https://news.example.jp/a/1",
        "title": "経産省が輸出規制を強化",
        "summary": "<p>経済産業省は規制を強化した。</p>",
        "published_parsed": (2026, 3, 4, 0, 0, 0, 2, 63, 0),
    }
    doc = entry_document(entry, None, feed="f.xml", max_bytes=10_000)
    assert isinstance(doc, RawDocument)
    assert (doc.url, doc.title, doc.published, doc.text, doc.source) == (
        "https://news.example.jp/a/1",
        "経産省が輸出規制を強化",
        "2026-03-04",
        "経産省が輸出規制を強化\n経済産業省は規制を強化した。",
        "https://news.example.jp/a/1",
    )
    page = "<html><body><article><p>" + "本文の段落です。" * 20 + "</p></article></body></html>"
    paged = entry_document(entry, page.encode(), feed="f.xml", max_bytes=10_000)
    assert isinstance(paged, RawDocument)
    assert paged.text.startswith("本文の段落です。")
    empty = entry_document({**entry, "summary": "<p> </p>"}, None, feed="f.xml", max_bytes=10_000)
    assert isinstance(empty, IngestError)
    assert str(empty) == (
        "f.xml entry https://news.example.jp/a/1: no text: no content or summary, and no page was fetched"
    )
