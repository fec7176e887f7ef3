"""The Dask runner stores what the local runner stores, on a LocalCluster of 2 single-thread workers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kizashi.config import Settings
from kizashi.exports.jsonl import export_jsonl
from kizashi.pipeline import BatchResult
from kizashi.records import Analysis, Document, Event, Sentence, Token
from kizashi.runners.dask import connect, run_dask, settle_duplicates, without_parse
from kizashi.runners.local import run as run_local
from kizashi.storage import open_store
from kizashi.text.dedupe import NearDuplicateIndex

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

_BODY_A = (
    "米商務省は10日、先端半導体の製造装置について中国向けの輸出規制を強化すると発表した。\n"
    "新たな規則では、回路線幅の細かい半導体の製造に使われる装置が対象となる。\n"
    "中国外務省の報道官は11日の記者会見で「断固として反対する」と述べ、対抗措置を示唆した。"
)
_BODY_B = (
    "日米両政府は東京で経済版2プラス2を開き、重要鉱物の供給網の強化で協力することで合意した。\n"
    "会合には林外相と西村経済産業相、米国のブリンケン国務長官とレモンド商務長官が出席した。"
)
_BODY_C = (
    "オランダ政府は半導体製造装置の輸出管理を9月から拡大すると発表した。\n"
    "露光装置の一部が新たに許可の対象となり、同社は影響は限定的だとしている。"
)
_CHROME = ["ホーム", "ニュース", "国際", "シェア", "ツイート", "関連記事"]


def _page(body: str, headline: str) -> str:
    return "\n".join([*_CHROME[:3], headline, "2024/05/02 09:00", body, *_CHROME[3:]])


def _write_articles(folder: Path) -> None:
    """Two sites; a syndicated copy (near-duplicate) and an exact copy under another name."""
    site1, site2 = folder / "site1", folder / "site2"
    site1.mkdir()
    site2.mkdir()
    (site1 / "a.txt").write_text(_page(_BODY_A, "米、対中輸出規制を強化"), encoding="utf-8")
    (site1 / "b.txt").write_text(_page(_BODY_B, "日米、重要鉱物で協力"), encoding="utf-8")
    (site1 / "c.txt").write_text(_page(_BODY_C, "オランダも輸出管理拡大"), encoding="utf-8")
    (site2 / "a-copy.txt").write_text(
        "\n".join(["トップ", "経済", "米、対中輸出規制を強化(共同)", _BODY_A, "この記事をシェア"]),
        encoding="utf-8",
    )
    (site2 / "b-again.txt").write_text(_page(_BODY_B, "日米、重要鉱物で協力"), encoding="utf-8")
    lines = [
        json.dumps({"url": f"https://news.example.jp/{k}", "title": title, "text": body}, ensure_ascii=False)
        for k, (title, body) in enumerate(
            [("規制", _BODY_C), ("合意", _BODY_B + "\n閣僚は共同声明を出した。")]
        )
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with connect(None, 2) as c:
        yield c


def _export(db: Path, out: Path) -> list[dict[str, object]]:
    store = open_store(str(db))
    export_jsonl(store, out)
    store.close()
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _both(
    inputs: Path, tmp_path: Path, client: object, **settings: object
) -> tuple[list[dict[str, object]], ...]:
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    local_stats = run_local(
        [inputs], settings=Settings(db=str(local_db), **settings), store=open_store(str(local_db))
    )
    dask_stats = run_dask(
        [inputs],
        settings=Settings(db=str(dask_db), **settings),
        store=open_store(str(dask_db)),
        client=client,  # type: ignore[arg-type]
    )
    assert (dask_stats.seen, dask_stats.stored, dask_stats.duplicates, dask_stats.skipped) == (
        local_stats.seen,
        local_stats.stored,
        local_stats.duplicates,
        local_stats.skipped,
    )
    assert sorted(dask_stats.errors) == sorted(local_stats.errors)
    return _export(local_db, tmp_path / "local.jsonl"), _export(dask_db, tmp_path / "dask.jsonl")


@pytest.mark.slow
def test_dask_export_identical_to_local(tmp_path: Path, client: object) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write_articles(inputs)
    local, dask = _both(inputs, tmp_path, client)
    assert dask == local
    assert any(d["duplicate_of"] for d in local), "the corpus should hold a near-duplicate"


@pytest.mark.slow
def test_dask_export_identical_to_local_with_a_short_lookahead(tmp_path: Path, client: object) -> None:
    # each document cleaned with the counts of the next input only, batches of two released as
    # the input is read: the driver submits them as they come, in the local run's order
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write_articles(inputs)
    local, dask = _both(inputs, tmp_path, client, site_lookahead=1, batch_size=2)
    assert dask == local
    assert any(d["duplicate_of"] for d in local), "the corpus should hold a near-duplicate"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="examples/corpus (the demo corpus) is not there yet")
def test_dask_export_identical_to_local_on_demo_corpus(tmp_path: Path, client: object) -> None:
    inputs = tmp_path / "corpus"
    shutil.copytree(CORPUS, inputs)
    local, dask = _both(inputs, tmp_path, client)
    assert len(local) > 0
    assert dask == local


@pytest.mark.slow
def test_dask_parquet_corpus(tmp_path: Path, client: object) -> None:
    # a Parquet corpus (one article per row) gives what the same rows as JSON lines give
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {"url": f"https://news.example.jp/{k}", "title": title, "published": "2024-05-02", "text": body}
        for k, (title, body) in enumerate([("規制", _BODY_A), ("合意", _BODY_B), ("拡大", _BODY_C)])
    ]
    as_parquet, as_jsonl = tmp_path / "pq", tmp_path / "jl"
    as_parquet.mkdir()
    as_jsonl.mkdir()
    pq.write_table(pa.Table.from_pylist(rows), as_parquet / "corpus.parquet", row_group_size=2)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    (as_jsonl / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    local, dask = _both(as_parquet, tmp_path, client)
    assert dask == local
    assert len(local) == 3
    jsonl_db = tmp_path / "jsonl.db"
    run_local([as_jsonl], settings=Settings(db=str(jsonl_db)), store=open_store(str(jsonl_db)))
    assert _export(jsonl_db, tmp_path / "jsonl.jsonl") == local


@pytest.mark.slow
def test_dask_rerun_skips_stored_documents(tmp_path: Path, client: object) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write_articles(inputs)
    db = tmp_path / "k.db"
    settings, store = Settings(db=str(db)), open_store(str(db))
    first = run_dask([inputs], settings=settings, store=store, client=client)  # type: ignore[arg-type]
    again = run_dask([inputs], settings=settings, store=store, client=client)  # type: ignore[arg-type]
    assert again.stored == again.duplicates == 0
    assert again.skipped == first.seen


def _doc(doc_id: str, text: str) -> Analysis:
    return Analysis(document=Document(doc_id=doc_id, source=f"{doc_id}.txt", text=text))


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # the later of two near-identical documents becomes a duplicate of the first
        (
            ["米中が半導体の輸出規制で協議した。" * 4, "米中が半導体の輸出規制で協議した。" * 4 + "。"],
            {"d_1": "d_0"},
        ),
        (["米中が半導体の輸出規制で協議した。" * 4, "日本とオランダが露光装置の扱いで合意した。" * 4], {}),
    ],
)
def test_dask_settle_duplicates_replays_the_local_decision(
    texts: list[str], expected: dict[str, str]
) -> None:
    index = NearDuplicateIndex(threshold=0.8)
    result = BatchResult()
    for k, text in enumerate(texts):
        result.analyses.append(_doc(f"d_{k}", text))
        result.minhashes[f"d_{k}"] = index.signature(text)
    settled = settle_duplicates(result, index)
    assert {doc.doc_id: original for doc, original in settled.duplicates} == expected
    assert {doc.duplicate_of for doc, _ in settled.duplicates} <= set(expected.values())
    assert [a.document.doc_id for a in settled.analyses] == [
        f"d_{k}" for k in range(len(texts)) if f"d_{k}" not in expected
    ]


def test_dask_settle_duplicates_against_stored_documents() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    text = "経済産業省は先端半導体の輸出管理を強化する方針を示した。" * 3
    index.add("d_stored", index.signature(text))  # what an earlier run stored
    result = BatchResult(analyses=[_doc("d_new", text)], minhashes={"d_new": index.signature(text)})
    settled = settle_duplicates(result, index)
    assert [(d.doc_id, o) for d, o in settled.duplicates] == [("d_new", "d_stored")]
    assert settled.analyses == []


def test_dask_result_travels_without_its_parse() -> None:
    text = "政府は輸出規制を強化した。"
    token = Token(0, "政府", "政府", "政府", "NOUN", "名詞-普通名詞-一般", "nsubj", 3, 0, 2)
    sentence = Sentence("d_0", "d_0", 0, len(text), text, tokens=(token,))
    event = Event("e_0", "d_0", "d_0", "export_control", None, None, text, 0, len(text), "強化")
    analysis = replace(_doc("d_0", text), sentences=(sentence,), events=(event,))
    result = BatchResult(analyses=[analysis], tokens={"d_0": "政府 輸出 規制"}, minhashes={"d_0": b"sig"})
    light = without_parse(result)
    assert light.analyses[0].sentences == ()
    assert light.analyses[0].events == (event,)
    assert light.analyses[0].document == analysis.document
    assert (light.tokens, light.minhashes) == (result.tokens, result.minhashes)
    assert result.analyses[0].sentences == (sentence,)  # the worker's own result is not changed


@pytest.mark.slow
def test_dask_cli_engine_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kizashi.cli import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    _write_articles(inputs)
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    runner = CliRunner()
    done = runner.invoke(app, ["run", str(inputs), "--db", str(local_db)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(
        app, ["run", str(inputs), "--db", str(dask_db), "--engine", "dask", "--workers", "1"]
    )
    assert done.exit_code == 0, done.output
    assert _export(dask_db, tmp_path / "d.jsonl") == _export(local_db, tmp_path / "l.jsonl")
    assert runner.invoke(app, ["run", str(inputs), "--engine", "spark"]).exit_code == 2
