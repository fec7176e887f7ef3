from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizashi.errors import IngestError
from kizashi.ingest.files import decode, ingest
from kizashi.records import RawDocument

ARTICLE = "経済産業省は半導体製造装置の輸出管理を強化すると発表した。\n対象は先端品に限られる。\n" * 20


def _docs(paths: list[Path]) -> tuple[list[RawDocument], list[IngestError]]:
    docs: list[RawDocument] = []
    errs: list[IngestError] = []
    for item in ingest(paths):
        (errs if isinstance(item, IngestError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errs


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp", "iso2022_jp"])
def test_ingest_decodes_japanese_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    text, _ = decode(path.read_bytes(), str(path))
    assert text.replace("\r\n", "\n") == ARTICLE


def test_ingest_reports_bad_files_by_path_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    docs, errs = _docs([tmp_path, tmp_path / "missing.txt"])
    assert [Path(d.source).name for d in docs] == ["good.txt"]
    reasons = {Path(e.source).name: e.reason for e in errs}
    assert set(reasons) == {"empty.txt", "binary.txt", "missing.txt"}
    assert "empty" in reasons["empty.txt"]


def test_ingest_jsonl_skips_broken_lines_only(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "一本目の記事です。", "url": "https://example.jp/1", "published": "2024-01-02"}),
        "{broken",
        json.dumps({"title": "本文なし"}),
        json.dumps(
            {
                "html": "<html><body><article><p>"
                + "二本目の記事の本文です。" * 10
                + "</p></article></body></html>"
            }
        ),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, errs = _docs([path])
    assert len(docs) == 2
    assert docs[0].published == "2024-01-02"
    assert docs[0].url == "https://example.jp/1"
    assert "二本目" in docs[1].text
    assert sorted(e.source for e in errs) == [f"{path}:2", f"{path}:3"]


def test_ingest_html_extracts_main_text_and_date(tmp_path: Path) -> None:
    body = "".join(
        f"<p>米商務省は{i}日、輸出規制を強化したと発表した。関係者が明らかにした。</p>" for i in range(1, 8)
    )
    html = (
        "<html><head><title>輸出規制を強化 | 例示ニュース</title>"
        '<meta property="article:published_time" content="2024-03-05T10:00:00+09:00"></head>'
        "<body><nav><a href='/'>ホーム</a><a href='/n'>ニュース</a></nav>"
        f"<article><h1>輸出規制を強化</h1>{body}</article><footer>Copyright 例示</footer></body></html>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    docs, errs = _docs([tmp_path / "p.html"])
    assert not errs
    assert "輸出規制を強化したと発表した" in docs[0].text
    assert "ホーム" not in docs[0].text
    assert docs[0].published == "2024-03-05"


def test_ingest_text_file_with_a_pasted_html_body_reads_the_markup(tmp_path: Path) -> None:
    body = "".join(
        f"<p>防衛省は{i}日、新たな装備の調達計画を公表した。詳細は来月示す。</p>" for i in range(1, 8)
    )
    page = (
        "---\ntitle: 調達計画を公表\ndate: 2024-06-01\n---\n\n## 本文\n"
        f'<div class="wrap"><nav><a href="/">トップ</a></nav><main>{body}</main></div>\n'
        "[出典](https://example.jp/a)\n"
    )
    (tmp_path / "post.md").write_text(page, encoding="utf-8")
    docs, errs = _docs([tmp_path / "post.md"])
    assert not errs
    text = docs[0].text
    assert "新たな装備の調達計画を公表した。" in text
    assert "<p>" not in text
    assert "class=" not in text
    assert text.startswith("---\ntitle: 調達計画を公表")  # the lines around the markup are kept


def test_ingest_text_file_mentioning_a_tag_stays_text(tmp_path: Path) -> None:
    page = "HTMLの<p>要素について説明する。\n" + ARTICLE
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    docs, _ = _docs([tmp_path / "a.txt"])
    assert docs[0].text == page


def test_ingest_same_content_gives_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="cp932")
    docs, _ = _docs([tmp_path])
    assert docs[0].doc_id == docs[1].doc_id


ENCODINGS = Path(__file__).resolve().parent.parent / "data" / "encodings"


@pytest.mark.parametrize("path", sorted(ENCODINGS.glob("article.*.txt")), ids=lambda p: p.name)
def test_ingest_encoding_fixtures_decode_to_the_same_text(path: Path) -> None:
    expected = (ENCODINGS / "expected.txt").read_text(encoding="utf-8")
    text, _ = decode(path.read_bytes(), str(path))
    assert text.replace("\r\n", "\n") == expected


def test_ingest_parquet_rows_as_jsonl_records(tmp_path: Path) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    html = "<html><body><article><h1>見出し</h1><p>" + ARTICLE + "</p></article></body></html>"
    table = pa.table(
        {
            "url": ["https://a.example/1", None, "https://a.example/3", None],
            "title": ["一", "二", None, None],
            "published": [dt.date(2024, 5, 2), None, dt.date(2024, 5, 3), None],
            "text": [ARTICLE, ARTICLE + "追記。", None, "  "],
            "html": [None, None, html, None],
            "extra": [1, 2, 3, 4],  # other columns are not read
        }
    )
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, row_group_size=2)
    (tmp_path / "same.jsonl").write_text(
        json.dumps({"url": "https://a.example/1", "title": "一", "published": "2024-05-02", "text": ARTICLE})
        + "\n",
        encoding="utf-8",
    )
    docs, errs = _docs([path])
    assert [d.kind for d in docs] == ["parquet", "parquet", "html"]
    assert [d.published for d in docs] == ["2024-05-02", None, "2024-05-03"]
    assert docs[0].source == "https://a.example/1"
    assert docs[1].source == f"{path}:2"
    assert "輸出管理" in docs[2].text
    assert [(e.source, e.reason) for e in errs] == [(f"{path}:4", "no `text` or `html` field")]
    # the same record as a JSON lines line is the same document
    (jsonl,), _ = _docs([tmp_path / "same.jsonl"])
    assert (jsonl.doc_id, jsonl.title, jsonl.published) == (docs[0].doc_id, "一", "2024-05-02")


def test_ingest_parquet_limits_rows_not_the_file(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "big.parquet"
    pq.write_table(pa.table({"text": [ARTICLE] * 50 + ["長" * 3000]}), path)
    assert path.stat().st_size < 50 * len(ARTICLE.encode())  # compressed: the file limit would not bite
    found = list(ingest([path], max_bytes=len(ARTICLE.encode())))
    docs = [d for d in found if isinstance(d, RawDocument)]
    errs = [e for e in found if isinstance(e, IngestError)]
    assert len(docs) == 50
    assert [e.source for e in errs] == [f"{path}:51"]
    assert "too large" in errs[0].reason


def test_ingest_parquet_bad_files(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    no_text = tmp_path / "a.parquet"
    pq.write_table(pa.table({"body": ["本文"]}), no_text)
    broken = tmp_path / "b.parquet"
    broken.write_bytes(b"PAR1 not really")
    docs, errs = _docs([tmp_path])
    assert docs == []
    assert [(e.source, e.reason.split(":")[0]) for e in errs] == [
        (str(no_text), "no `text` or `html` column"),
        (str(broken), "cannot read as Parquet"),
    ]


def test_ingest_html_title_that_is_the_site_name_is_no_title() -> None:
    from kizashi.ingest.html import extract_html

    body = "".join(
        f"<p>{s}</p>"
        for s in (
            "中国商務省は3日、半導体材料に使われるガリウムの関連品目を輸出管理の対象にすると発表した。",
            "輸出には商務省の許可が必要になる。日本や米国の企業への影響が懸念されている。",
        )
    )
    page = extract_html(
        "<html><head><title>試験通信 - 中国、ガリウム輸出を許可制に</title>"
        '<meta property="og:site_name" content="試験通信"></head>'
        f"<body><article><h2>中国、ガリウム輸出を許可制に</h2>{body}</article></body></html>"
    )
    assert page is not None
    assert page.title != "試験通信"
    own = extract_html(
        f"<html><head><title>日米、重要鉱物で協力</title></head><body><article>{body}</article></body></html>"
    )
    assert own is not None
    assert own.title == "日米、重要鉱物で協力"


def test_ingest_folder_walk_gives_every_path_in_sorted_order(tmp_path: Path) -> None:
    from kizashi.ingest.files import iter_paths

    names = ["b.txt", "a/z.txt", "a/b/c.html", "a.txt", "a-b/x.txt", "x/y/z/w.jsonl", "x.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("本文", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("本文", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    found = list(iter_paths([tmp_path]))
    assert found == sorted(tmp_path / name for name in names)  # one folder's pages, then the next's
