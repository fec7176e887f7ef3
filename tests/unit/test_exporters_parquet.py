from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kizashi import ids
from kizashi.errors import KizashiError
from kizashi.exports.parquet import DOCUMENTS, export_parquet, write_table
from kizashi.records import Analysis, Document, Entity, Event, Mention, RemovedLine, Story
from kizashi.storage import Store, open_store


def _store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "k.db"))
    text = "経済産業省は中国への半導体製造装置の輸出規制を強化した。"
    story = Story(
        story_id=ids.story_id("d_1", 0, text),
        doc_id="d_1",
        index=0,
        start=0,
        end=len(text),
        text=text,
        headline="輸出規制を強化",
        outlet="共同",
        pub_date="2024-05-02",
    )
    meti = Entity(
        entity_id="e_meti",
        canonical="Ministry of Economy, Trade and Industry",
        type="ORG",
        country="JPN",
        wikidata="Q1153171",
        names=("経済産業省", "経産省"),
    )
    china = Entity(entity_id="e_cn", canonical="China", type="GPE", country="CHN", names=("中国",))
    mentions = (
        Mention(
            ids.mention_id("d_1", 0, 5, "ORG"), "d_1", story.story_id, 0, 5, "経済産業省", "ORG", "e_meti"
        ),
        Mention(ids.mention_id("d_1", 6, 8, "GPE"), "d_1", story.story_id, 6, 8, "中国", "GPE", "e_cn"),
    )
    event = Event(
        event_id="v_1",
        doc_id="d_1",
        story_id=story.story_id,
        type="EXPORT_CONTROL",
        actor1="e_meti",
        actor2="e_cn",
        evidence=text,
        start=0,
        end=len(text),
        trigger="輸出規制",
        date="2024-05-02",
        confidence=0.8,
        explanation=("trigger: 輸出規制",),
    )
    doc = Document(
        doc_id="d_1",
        source="a.txt",
        text=text,
        title="t",
        pub_date="2024-05-02",
        removed=(RemovedLine("シェア", "share"),),
        stories=(story,),
    )
    store.upsert(
        Analysis(
            document=doc,
            mentions=mentions,
            entities=(meti, china),
            events=(event,),
            roles=(("e_meti", "所管官庁"),),
        )
    )
    store.record_duplicate(
        Document(doc_id="d_2", source="b.txt", text=text), duplicate_of="d_1", minhash=None
    )
    return store


def test_exporters_parquet_writes_every_table(tmp_path: Path) -> None:
    n = export_parquet(_store(tmp_path), tmp_path / "out")
    assert n == 2
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert [d["id"] for d in docs] == ["d_1", "d_2"]
    assert docs[0]["stories"][0]["source"] == "共同"
    assert docs[0]["removed"] == [{"line": "シェア", "why": "share"}]
    assert docs[1]["duplicate_of"] == "d_1"
    ents = {e["id"]: e for e in pq.read_table(tmp_path / "out" / "entities.parquet").to_pylist()}
    assert ents["e_meti"]["names"] == ["経済産業省", "経産省"]
    links = pq.read_table(tmp_path / "out" / "doc_entities.parquet").to_pylist()
    assert [(x["entity_id"], x["role"], x["mentions"]) for x in links] == [
        ("e_meti", "所管官庁", ["経済産業省"]),
        ("e_cn", None, ["中国"]),
    ]
    (event,) = pq.read_table(tmp_path / "out" / "events.parquet").to_pylist()
    assert (event["actor1"], event["actor2"], event["type"]) == (
        "Ministry of Economy, Trade and Industry",
        "China",
        "EXPORT_CONTROL",
    )
    assert event["explanation"] == ["trigger: 輸出規制"]


def test_exporters_parquet_empty_store_gives_typed_files(tmp_path: Path) -> None:
    assert export_parquet(open_store(str(tmp_path / "k.db")), tmp_path / "out") == 0
    table = pq.read_table(tmp_path / "out" / "events.parquet")
    assert table.num_rows == 0
    assert table.schema.field("confidence").type == pa.float64()


@pytest.mark.parametrize("rows", [0, 3, 12])
def test_exporters_parquet_write_table_in_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    monkeypatch.setattr("kizashi.exports.parquet.ROW_GROUP", 5)
    data = [{"id": f"d_{i}", "language": "ja", "removed": [], "stories": []} for i in range(rows)]
    assert write_table(data, DOCUMENTS, tmp_path / "d.parquet") == rows
    meta = pq.ParquetFile(tmp_path / "d.parquet").metadata
    assert meta.num_rows == rows
    assert meta.num_row_groups == max(1, -(-rows // 5))


def test_exporters_parquet_refuses_a_file_as_folder(tmp_path: Path) -> None:
    target = tmp_path / "x.parquet"
    target.write_text("")
    with pytest.raises(KizashiError, match="needs a folder"):
        export_parquet(open_store(str(tmp_path / "k.db")), target)
