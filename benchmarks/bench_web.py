"""Benchmark of the dashboard: how fast `kizashi serve` answers with 10,000 stories loaded.

    python benchmarks/bench_web.py [--stories 10000] [--requests 50] [--db PATH] [--cold]

Builds a synthetic store (documents written from templates, each story with its entities,
mentions and two or three events; no GiNZA needed), serves it with uvicorn on a loopback port as
`kizashi serve` does, and times whole HTTP requests from a client on the same machine: the home
page (the target is a median under 200 ms), and for comparison search, a story, an entity, the
timeline and graph data. Results are printed as a table and written to build/bench_web.json (``--cold``: bench_web_cold.json).
With ``--cold`` one new document is stored (by another ``Store``, as a ``kizashi run`` beside
the server would) before each timed request, so every request is the first after a write and
nothing cached for the store's generation serves it; the write itself is not timed.
A benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kizashi import ids
from kizashi.records import Analysis, Document, Entity, Event, Mention, Story
from kizashi.storage import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200.0

_ACTORS = [
    ("米国", "United States", "GPE"), ("中国", "China", "GPE"), ("日本", "Japan", "GPE"),
    ("韓国", "South Korea", "GPE"), ("台湾", "Taiwan", "GPE"), ("オランダ", "Netherlands", "GPE"),
    ("経済産業省", "Ministry of Economy, Trade and Industry", "ORG"),
    ("米商務省", "United States Department of Commerce", "ORG"),
    ("中国商務省", "Ministry of Commerce of the People's Republic of China", "ORG"),
    ("華為技術", "Huawei", "ORG"), ("東京エレクトロン", "Tokyo Electron", "ORG"),
]  # fmt: skip
_EVENTS = [
    (
        "EXPORT_CONTROL",
        "輸出規制",
        "export_control",
        "{a}は{b}向けの半導体製造装置の輸出規制を強化すると発表した。",
    ),
    ("MEET", "会談", "ministerial", "{a}と{b}の閣僚が会談し、供給網の強靱化について協議した。"),
    ("ACCUSE", "非難", None, "{a}は{b}の措置を「不当だ」と非難した。"),
    ("AGREE", "合意", None, "{a}と{b}は重要鉱物の協力で合意した。"),
    ("SANCTION", "制裁", "sanction", "{a}は{b}の企業に対する制裁を発動した。"),
]
_FILLER = (
    "関係者によると、今後の対応を巡って協議が続く見通しだ。市場では影響を見極めようとする動きが広がった。"
)


def _entities(extra: int) -> list[tuple[str, Entity]]:
    out = [(jp, Entity(ids.entity_id(en), en, typ, None, None, names=(jp, en))) for jp, en, typ in _ACTORS]
    for i in range(extra):  # a long tail of firms and people, as a real corpus has
        jp = f"企業{i:04d}"
        out.append((jp, Entity(ids.entity_id(f"firm {i}"), f"Firm {i}", "ORG", None, None, names=(jp,))))
    return out


def _analysis(n: int, rng: random.Random, pool: list[tuple[str, Entity]]) -> tuple[Analysis, str]:
    doc_id = f"d_bench{n:06d}"
    day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
    # two well-known actors and one of the long tail, each once
    picks = list({e.entity_id: (j, e) for j, e in [*rng.sample(pool[:11], 2), rng.choice(pool)]}.values())
    sentences: list[str] = []
    events: list[tuple[str, str, str | None, Entity, Entity, int, int, int]] = []
    for k in range(rng.randint(2, 3)):
        (ja, a), (jb, b) = rng.sample(picks, 2)
        type_, trigger, mode, pattern = rng.choice(_EVENTS)
        sentence = pattern.format(a=ja, b=jb)
        start = sum(len(s) for s in sentences)
        sentences.append(sentence)
        events.append((type_, trigger, mode, a, b, start, start + len(sentence), k))
    headline = sentences[0][:24]
    text = headline + "\n" + "".join(sentences) + _FILLER
    sid = ids.story_id(doc_id, 0, headline)
    base = len(headline) + 1
    mentions = []
    for surface, ent in picks:
        pos = text.find(surface)
        if pos >= 0:
            mentions.append(
                Mention(ids.mention_id(doc_id, pos, pos + len(surface), ent.type), doc_id, sid, pos,
                        pos + len(surface), surface, ent.type, ent.entity_id)
            )  # fmt: skip
    evs = []
    for t, trig, mode, a, b, s, e, _ in events:
        evs.append(
            Event(
                event_id=ids.event_id(doc_id, sid, t, a.entity_id, b.entity_id, s + base),
                doc_id=doc_id, story_id=sid, type=t, actor1=a.entity_id, actor2=b.entity_id,
                evidence=text[s + base : e + base], start=s + base, end=e + base, trigger=trig, mode=mode,
                date=day, confidence=0.8, cluster=ids.content_id(t, a.entity_id, b.entity_id, day, prefix="c_"),
            )
        )  # fmt: skip
    story = Story(sid, doc_id, 0, 0, len(text), text, headline=headline, pub_date=day)
    doc = Document(doc_id, f"bench/{doc_id}.txt", text, title=headline, pub_date=day, stories=(story,))
    ents = tuple({e.entity_id: e for _, e in picks}.values())
    tokens = " ".join(text)  # one "word" per character: enough for the short-word index
    return Analysis(document=doc, mentions=tuple(mentions), entities=ents, events=tuple(evs)), tokens


def build(db: Path, stories: int, seed: int = 6) -> tuple[Store, float]:
    store = open_store(str(db))
    have = store.counts()["stories"]
    started = time.perf_counter()
    if have < stories:
        rng = random.Random(seed)
        pool = _entities(300)
        for n in range(stories):
            analysis, tokens = _analysis(n, rng, pool)
            if n >= have:
                store.upsert(analysis, tokens={analysis.document.stories[0].story_id: tokens})
    return store, time.perf_counter() - started


class _Writer:
    """Stores one more synthetic document per call, through a store of its own."""

    def __init__(self, db: Path, stored: int) -> None:
        self.store = open_store(str(db))
        self._next = stored
        self._rng = random.Random(stored)
        self._pool = _entities(300)

    def write(self) -> None:
        analysis, tokens = _analysis(self._next, self._rng, self._pool)
        self.store.upsert(analysis, tokens={analysis.document.stories[0].story_id: tokens})
        self._next += 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _time(url: str, n: int, before: Callable[[], None] | None = None) -> dict[str, float]:
    times = []
    for _ in range(n):
        if before is not None:
            before()
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as r:
            r.read()
            assert r.status == 200, url
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "min_ms": round(times[0], 1),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(statistics.quantiles(times, n=20)[-1], 1) if len(times) > 1 else round(times[0], 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database")
    parser.add_argument("--cold", action="store_true", help="store a document before each request")
    args = parser.parse_args()

    import uvicorn

    from kizashi.config import Settings
    from kizashi.storage.queries import list_events
    from kizashi.web import create_app

    tmp = tempfile.TemporaryDirectory(prefix="kizashi-bench-web-")
    db = args.db or Path(tmp.name) / "bench.db"
    store, build_s = build(db, args.stories)
    counts = store.counts()
    print(f"store: {counts['stories']} stories, {counts['events']} events, {counts['entities']} entities "
          f"(built in {build_s:.1f} s) · {db}")  # fmt: skip

    port = _free_port()
    app = create_app(Settings(db=str(db)), allowed_hosts=["127.0.0.1", "localhost"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    event = list_events(store, limit=1).items[0]
    pages = {
        "home /": "/",
        "search (trigram)": "/search?q=" + urllib.parse.quote("輸出規制"),
        "search (word)": "/search?q=" + urllib.parse.quote("米国"),
        "story page": f"/stories/{event['story_id']}",
        "entity page": f"/entities/{event['actor1_id']}",
        "events page": "/events",
        "api timeline": "/api/timeline",
        "api graph": "/api/graph",
    }
    writer = _Writer(db, counts["stories"]) if args.cold else None
    results: dict[str, Any] = {}
    for name, path in pages.items():
        _time(base + path, 3)  # warm: templates compiled, SQLite pages cached
        results[name] = _time(base + path, args.requests, writer.write if writer else None)
    if writer:
        writer.store.close()
    server.should_exit = True
    thread.join(timeout=10)

    print(f"{'request':<20} {'min ms':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, r in results.items():
        print(f"{name:<20} {r['min_ms']:>8} {r['median_ms']:>10} {r['p95_ms']:>8} {r['max_ms']:>8}")
    home = results["home /"]["median_ms"]
    verdict = "under" if home < TARGET_MS else "OVER"
    print("first request after a write (--cold)" if args.cold else "warm: cached for the generation")
    print(f"home page: median {home} ms, {verdict} the {TARGET_MS:.0f} ms target")
    out = ROOT / "build" / ("bench_web_cold.json" if args.cold else "bench_web.json")
    out.parent.mkdir(exist_ok=True)
    record = {
        "stories": counts["stories"], "events": counts["events"], "entities": counts["entities"],
        "requests": args.requests, "cold": args.cold, "results": results, "target_ms": TARGET_MS,
        "python": platform.python_version(), "machine": platform.machine(),
    }  # fmt: skip
    out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
