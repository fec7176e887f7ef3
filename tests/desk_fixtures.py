"""Hand-built stores for the desk's tests (search, queries, watchlists, web): no GiNZA needed.

Articles are written here for the tests; one of them carries XSS payloads in every field that
reaches a page (title, text, entity names, URL, removed lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kizashi import ids
from kizashi.records import Analysis, Document, Entity, Event, Mention, RemovedLine, Story
from kizashi.storage import Store, open_store

US = Entity("e_us", "United States", "GPE", "USA", "Q30", names=("米国", "米", "アメリカ"))
CN = Entity("e_cn", "China", "GPE", "CHN", "Q148", names=("中国", "中"))
JP = Entity("e_jp", "Japan", "GPE", "JPN", "Q17", names=("日本", "日"))
HUAWEI = Entity("e_huawei", "Huawei", "ORG", "CHN", "Q160120", names=("華為技術", "ファーウェイ"))
COMMERCE = Entity("e_doc", "United States Department of Commerce", "ORG", "USA", names=("米商務省", "商務省"))
XSS_NAME = '<svg onload=alert("name")>'
XSS_ENTITY = Entity("e_xss", XSS_NAME, "ORG", None, "javascript:alert(1)", linked=False, names=(XSS_NAME,))
XSS_TITLE = "<script>alert('title')</script>"
XSS_TEXT = "<img src=x onerror=alert('text')>"


@dataclass
class Article:
    doc_id: str
    text: str
    date: str
    entities: list[tuple[str, Entity]]  # (surface as written, entity)
    events: list[tuple[str, str | None, str | None, str, str | None]] = field(default_factory=list)
    # (type, actor1 id, actor2 id, trigger, mode)
    title: str | None = None
    source: str | None = None
    url: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    tokens: str | None = None  # Sudachi words joined by spaces; the default splits scripts


def _script_runs(text: str) -> str:
    """Rough words for the tests: runs of one script (the real ones come from Sudachi)."""

    def kind(c: str) -> str:
        if "\u3040" <= c <= "\u309f":
            return "h"
        if "\u30a0" <= c <= "\u30ff":
            return "k"
        if "\u4e00" <= c <= "\u9fff":
            return "c"
        return "a" if c.isalnum() else " "

    out, prev = [], ""
    for c in text:
        k = kind(c)
        out.append((" " if k != prev else "") + (c if k != " " else ""))
        prev = k
    return " ".join("".join(out).split())


def analysis(a: Article) -> Analysis:
    sid = ids.story_id(a.doc_id, 0, a.text.split("\n")[0])
    story = Story(sid, a.doc_id, 0, 0, len(a.text), a.text, headline=a.title, pub_date=a.date)
    mentions, seen = [], set()
    for surface, ent in a.entities:
        start = a.text.find(surface)
        assert start >= 0, surface
        key = (start, start + len(surface))
        if key in seen:
            continue
        seen.add(key)
        label = "PERSON" if ent.type == "PERSON" else ent.type
        mentions.append(
            Mention(ids.mention_id(a.doc_id, *key, label), a.doc_id, sid, *key, surface, label, ent.entity_id)
        )
    events = []
    for type_, actor1, actor2, trigger, mode in a.events:
        pos = a.text.find(trigger)
        assert pos >= 0, trigger
        start = a.text.rfind("。", 0, pos) + 1
        end = a.text.find("。", pos) + 1 or len(a.text)
        events.append(
            Event(
                event_id=ids.event_id(a.doc_id, sid, type_, actor1, actor2, start),
                doc_id=a.doc_id,
                story_id=sid,
                type=type_,
                actor1=actor1,
                actor2=actor2,
                evidence=a.text[start:end].strip(),
                start=start,
                end=end,
                trigger=trigger,
                mode=mode,
                date=a.date,
                confidence=0.8,
                cluster=ids.content_id(type_, actor1, actor2, a.date, prefix="c_"),
                explanation=(f"trigger: {trigger}",),
            )
        )
    ents = {e.entity_id: e for _, e in a.entities}
    doc = Document(
        doc_id=a.doc_id,
        source=a.source or f"corpus/{a.doc_id}.txt",
        text=a.text,
        title=a.title,
        url=a.url,
        pub_date=a.date,
        pub_date_basis="given",
        removed=a.removed,
        stories=(story,),
    )
    return Analysis(
        document=doc, mentions=tuple(mentions), entities=tuple(ents.values()), events=tuple(events)
    )


def add(store: Store, a: Article) -> Analysis:
    an = analysis(a)
    sid = an.document.stories[0].story_id
    store.upsert(an, tokens={sid: a.tokens if a.tokens is not None else _script_runs(a.text)})
    return an


ARTICLES = [
    Article(
        "d_controls",
        "米商務省は2日、華為技術への半導体の輸出規制を強化すると発表した。中国外務省は反発した。",
        "2024-01-02",
        [("米商務省", COMMERCE), ("華為技術", HUAWEI), ("中国", CN)],
        [
            ("EXPORT_CONTROL", "e_doc", "e_huawei", "輸出規制", "export_control"),
            ("REJECT", "e_cn", "e_doc", "反発", None),
        ],
        title="米、華為への輸出規制を強化",
        url="https://news.example.test/controls",
        removed=(RemovedLine("ホーム > 国際", "menu"), RemovedLine("この記事をシェア", "share")),
        tokens="米 商務 省 は 2 日 、 華為 技術 へ の 半導体 の 輸出 規制 を 強化 する と 発表 し た 。 中国 外務 省 は 反発 し た 。",
    ),
    Article(
        "d_controls_b",
        "米国が華為技術に対する輸出規制を強化した。日本政府は影響を注視している。",
        "2024-01-03",
        [("米国", US), ("華為技術", HUAWEI), ("日本", JP)],
        [("EXPORT_CONTROL", "e_us", "e_huawei", "輸出規制", "export_control")],
        title="輸出規制の強化、日本も注視",
        source="https://other.example.test/b",
    ),
    Article(
        "d_meeting",
        "日中の外相が北京で会談した。両国は対話の継続で一致した。",
        "2024-03-04",
        [("日", JP), ("中", CN)],
        [("MEET", "e_jp", "e_cn", "会談", "ministerial"), ("AGREE", "e_jp", "e_cn", "一致", None)],
        title="日中外相が会談",
        tokens="日 中 の 外相 が 北京 で 会談 し た 。 両国 は 対話 の 継続 で 一致 し た 。",
    ),
    Article(
        "d_summit",
        "日米首脳が電話で会談し、半導体の供給網での協力を確認した。",
        "2024-05-10",
        [("日", JP), ("米", US)],
        [("MEET", "e_jp", "e_us", "会談", "phone_call")],
        title="日米首脳が電話会談",
    ),
    Article(
        "d_xss",
        f"{XSS_TEXT}と書かれた資料を{XSS_NAME}が公開した。中国は抗議した。",
        "2024-06-01",
        [(XSS_NAME, XSS_ENTITY), ("中国", CN)],
        [("ACCUSE", "e_cn", "e_xss", "抗議", None)],
        title=XSS_TITLE,
        url="javascript:alert('url')",
        removed=(RemovedLine("<script>alert('removed')</script>", "menu"),),
        source="corpus/<b>x</b>.txt",
    ),
]


def build_store(path: Path) -> Store:
    store = open_store(str(path))
    for a in ARTICLES:
        add(store, a)
    return store
