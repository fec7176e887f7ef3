"""A small store for the export tests, written by hand (no GiNZA): two pages, one Japanese with
five events of different kinds, one English; gazetteer entities by their real gazetteer ids."""

from __future__ import annotations

from pathlib import Path

from kizashi import ids
from kizashi.records import Analysis, Document, Entity, Event, Mention, Story
from kizashi.storage import Store, open_store

SENTENCES = (
    "経済産業省は中国への半導体製造装置の輸出規制を強化した。",
    "レモンド長官はペンタゴンで経済産業省の幹部と会談した。",
    "中国は台湾海峡で演習を行う予定だ。",
    "エンティティー・リストに載せるよう経済産業省は中国に求めた。",
    "=1+2と題する報告書を@研究所が公表した。",
)
TEXT = "".join(SENTENCES)
HEADLINE = "半導体の輸出規制を強化"
EN_TEXT = "Commerce Secretary Gina Raimondo said the rules on chips would be tightened again."
EN_HEADLINE = "-2% for chip exports"


def gaz(entry_id: str) -> str:
    return ids.entity_id("gaz:" + entry_id)


METI = Entity(gaz("jpn_meti"), "Ministry of Economy, Trade and Industry", "ORG", "JPN", "Q1153171",
              names=("経済産業省", "経産省"))  # fmt: skip
CHINA = Entity(gaz("chn"), "China", "GPE", "CHN", "Q148", names=("中国",))
RAIMONDO = Entity(gaz("gina_raimondo"), "Gina Raimondo", "PERSON", "USA", "Q5562519",
                  names=("レモンド", "Gina Raimondo"))  # fmt: skip
PENTAGON = Entity(gaz("the_pentagon"), "The Pentagon", "LOC", "USA", names=("ペンタゴン",))
STRAIT = Entity(gaz("taiwan_strait"), "Taiwan Strait", "LOC", names=("台湾海峡",))
ENTITY_LIST = Entity(gaz("entity_list"), "Entity List", "LAW", "USA", names=("エンティティー・リスト",))
INSTITUTE = Entity(ids.entity_id("unk:ORG:@研究所"), "@Institute", "ORG", linked=False, names=("@研究所",))
ENTITIES = (METI, CHINA, RAIMONDO, PENTAGON, STRAIT, ENTITY_LIST, INSTITUTE)


def _span(n: int) -> tuple[int, int]:
    start = sum(len(s) for s in SENTENCES[:n])
    return start, start + len(SENTENCES[n])


def _mentions(doc_id: str, story_id: str, text: str, ents: tuple[Entity, ...]) -> list[Mention]:
    out = []
    for ent in ents:
        surface = next(n for n in ent.names if n in text)
        at = text.find(surface)
        while at >= 0:
            end = at + len(surface)
            out.append(Mention(ids.mention_id(doc_id, at, end, ent.type), doc_id, story_id, at, end, surface,
                               ent.type, ent.entity_id))  # fmt: skip
            at = text.find(surface, end)
    return sorted(out, key=lambda m: m.start)


def _event(n: int, story_id: str, type_: str, actor1: Entity, actor2: Entity | None, **kw: object) -> Event:
    start, end = _span(n)
    return Event(event_id=f"v_{n + 1}", doc_id="d_ja", story_id=story_id, type=type_,
                 actor1=actor1.entity_id, actor2=actor2.entity_id if actor2 else None,
                 evidence=SENTENCES[n], start=start, end=end, trigger=str(kw.pop("trigger", "")),
                 explanation=("trigger: test",), **kw)  # type: ignore[arg-type]  # fmt: skip


def build_store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "k.db"))
    story = Story(ids.story_id("d_ja", 0, TEXT), "d_ja", 0, 0, len(TEXT), TEXT, headline=HEADLINE,
                  outlet="共同", pub_date="2024-05-02")  # fmt: skip
    events = (
        _event(0, story.story_id, "EXPORT_CONTROL", METI, CHINA, trigger="輸出規制", mode="export_control",
               date="2024-05-02", confidence=0.9),
        _event(1, story.story_id, "VISIT", RAIMONDO, METI, trigger="会談", date="2024-05",
               location=PENTAGON.entity_id, confidence=0.7),
        _event(2, story.story_id, "MILITARY_ACTION", CHINA, None, trigger="演習", mode="exercise",
               status="planned", location=STRAIT.entity_id, confidence=0.6),
        _event(3, story.story_id, "REQUEST", METI, CHINA, trigger="求め", date="2024-05-02"),
        _event(4, story.story_id, "PUBLISH", INSTITUTE, None, trigger="公表", date="2024-05-02"),
    )  # fmt: skip
    doc = Document("d_ja", "corpus/a.txt", TEXT, title=None, pub_date="2024-05-02", stories=(story,))
    store.upsert(Analysis(document=doc, mentions=tuple(_mentions("d_ja", story.story_id, TEXT, ENTITIES)),
                          entities=ENTITIES, events=events, roles=((RAIMONDO.entity_id, "Secretary of Commerce"),)))  # fmt: skip
    en_story = Story(ids.story_id("d_en", 0, EN_TEXT), "d_en", 0, 0, len(EN_TEXT), EN_TEXT,
                     headline=EN_HEADLINE, pub_date="2024-06-01")  # fmt: skip
    en = Document("d_en", "https://example.com/chips", EN_TEXT, title="Chips", language="en",
                  url="https://example.com/chips", pub_date="2024-06-01", stories=(en_story,))  # fmt: skip
    store.upsert(Analysis(document=en, mentions=tuple(_mentions("d_en", en_story.story_id, EN_TEXT, (RAIMONDO,))),
                          entities=(RAIMONDO,)))  # fmt: skip
    return store
