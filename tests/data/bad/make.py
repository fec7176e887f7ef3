"""Write the hostile-input corpus: every kind of bad input next to good ones in one batch.

    python tests/data/bad/make.py            # the small files, into tests/data/bad/corpus/ (committed)

Tests call ``write_corpus(dest)`` for the same files and ``write_extras(dest)`` for what is not
committed: the 50 MB single-line file (too big for git) and symbolic link loops (which trip
tools that walk the repository). The articles are written for Kizashi's tests, not real reporting.

``GOOD`` names the inputs that must be stored; ``BAD`` maps every other input to a word its
skip message must contain. ``REPAIRED`` are damaged inputs whose readable text is kept.
"""

from __future__ import annotations

import html
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

ARTICLE_A = """政府、重要鉱物の備蓄を拡大へ
2024年9月3日 10時00分
政府は3日、半導体や電池の材料となる重要鉱物の国家備蓄を拡大する方針を固めた。
対象はガリウムやゲルマニウム、黒鉛などで、輸出規制を強める国への依存を減らす狙いがある。
経済産業省は来年度予算の概算要求に関連費用を盛り込む。
"""

ARTICLE_B = """米国、先端半導体の輸出規制を強化
2024年10月8日 7時15分
米商務省は7日、先端半導体とその製造装置の輸出規制を強化すると発表した。
新たな規則は同盟国の企業にも適用され、日本やオランダとの調整が続いている。
業界団体は「供給網への影響を慎重に見極めたい」とのコメントを出した。
"""

ARTICLE_C = """サイバー攻撃、重要インフラを標的に
2024年11月12日 18時40分
警察庁は12日、電力や通信などの重要インフラを狙ったサイバー攻撃が相次いでいると発表した。
攻撃は海外の集団によるもので、政府は関係機関に警戒を呼びかけた。
"""

ARTICLE_D = """日豪、経済安全保障で協力文書に署名
2024年12月2日 15時05分
日本とオーストラリアの両政府は2日、経済安全保障の分野で協力を強化する文書に署名した。
重要鉱物の供給網や先端技術の保護で連携する。
"""

ARTICLE_E = """半導体製造装置の輸出、中国向けが減少
2024年8月20日 11時30分
財務省が20日に発表した貿易統計によると、半導体製造装置の中国向け輸出が前年同月を下回った。
各国の輸出管理の強化が響いたとみられ、関係者は「先行きは不透明だ」と話している。
"""

ARTICLE_F = """経済安保推進法に基づく特定重要物資を追加へ
2024年7月5日 9時20分
政府は5日、経済安全保障推進法に基づく特定重要物資に新たな品目を加える検討に入った。
サプライチェーンの強靱化に向けて、国内生産を支援する企業への助成を手厚くする。
"""

ARTICLE_G = """欧州連合、対ロシア制裁の第14弾を採択
2024年6月24日 21時10分
欧州連合は24日の外相理事会で、ロシアに対する制裁の第14弾を採択した。
液化天然ガスの積み替えを禁じるほか、制裁逃れに関わった第三国の企業も対象に加えた。
"""

ARTICLE_H = """量子技術の共同研究で日米が合意
2024年5月14日 16時45分
日米両政府は14日、量子コンピューターの共同研究を進めることで合意した。
研究成果の流出を防ぐため、参加する機関の情報管理を強化する。
"""

ARTICLE_I = """港湾システムにランサムウェア、物流が一時停止
2024年4月9日 8時05分
国内の主要港でコンテナを管理するシステムがランサムウェアに感染し、搬入と搬出が一時止まった。
国土交通省は復旧を急ぐとともに、同様の被害を防ぐ対策を各港に求めた。
"""

ARTICLE_J = """偽の求人メールで研究者を狙う手口、警察が注意喚起
2024年3月18日 13時50分
警察庁は18日、先端技術を扱う大学の研究者に偽の求人メールを送り、研究データを盗み出そうとする手口が確認されたと発表した。
メールには不正なプログラムを仕込んだ文書が添付されていた。
"""

# web furniture only: menus, share buttons, links, hashtags, copyright (no article)
NOISE_ONLY = """メニュー
ホーム
ログイン
シェア
ツイート
https://example.com/news/2024/09/03
#経済安保 #半導体
コメント 0件
関連記事
© 2024 Example News
"""


def _png() -> bytes:
    """A real 32x32 RGB PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(32 * 3)) for y in range(32))
    header = struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    """A ZIP archive holding a text file (fixed timestamp: the bytes are reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("article.txt", date_time=(2024, 1, 1, 0, 0, 0))
        zf.writestr(info, ARTICLE_A * 10, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _deep_html(depth: int = 20_000) -> bytes:
    """Tens of thousands of nested, never-closed elements around a paragraph."""
    opening = "".join(("<div>", "<span>", "<b>", "<i>")[k % 4] for k in range(depth))
    return (
        f"<!DOCTYPE html><html><head><title>深い入れ子</title></head><body>{opening}<p>{ARTICLE_A}".encode()
    )


def _many_scripts(count: int = 10_000) -> bytes:
    scripts = "\n".join(
        f"<script>var s{k} = '{k}'; if (s{k} < 0) {{ alert(s{k}); }}</script>" for k in range(count)
    )
    lines = ARTICLE_G.splitlines()
    body = "".join(f"<p>{line}</p>" for line in lines[1:])
    return (
        f'<!DOCTYPE html><html><head><title>{lines[0]}</title><meta name="date" content="2024-06-24">'
        f"{scripts}</head><body><article><h1>{lines[0]}</h1>{body}</article>{scripts}</body></html>"
    ).encode()


def _good_html() -> bytes:
    lines = ARTICLE_B.splitlines()
    body = "".join(f"<p>{line}</p>" for line in lines[2:])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{lines[0]}</title>"
        '<meta property="article:published_time" content="2024-10-08T07:15:00+09:00"></head>'
        f"<body><nav>ホーム ニュース</nav><article><h1>{lines[0]}</h1>{body}</article></body></html>"
    ).encode()


def _xss_page() -> bytes:
    """Attack strings written as text on a page (escaped in its HTML), so they reach the article's
    title and text: the dashboard must show them as text."""
    lines = ARTICLE_J.splitlines()
    title = html.escape("<script>alert('title')</script>") + lines[0]
    payload = html.escape("<img src=x onerror=alert('text')>")
    body = "".join(f"<p>{line}</p>" for line in lines[2:])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}<p>添付文書には{payload}という文字列が含まれていた。</p>"
        "</article></body></html>"
    ).encode()


def _broken_jsonl() -> bytes:
    good1 = json.dumps({"text": ARTICLE_H, "url": "https://example.jp/news/1"}, ensure_ascii=False)
    good2 = json.dumps({"text": ARTICLE_I, "url": "https://example.jp/news/2"}, ensure_ascii=False)
    lines = [
        good1,
        '{"text": "途中で切れた行',  # truncated JSON
        "[1, 2, 3]",  # not an object
        '{"title": "本文のない記事"}',  # no text
        "\x00\x01garbage",
        good2,
    ]
    return "\n".join(lines).encode()


def _mixed_encodings() -> bytes:
    """One file, three encodings: UTF-8 lines, then a Shift_JIS line, then an EUC-JP line."""
    lines = ARTICLE_D.splitlines()
    return (
        "\n".join(lines[:2]).encode() + b"\n" + lines[2].encode("cp932") + b"\n" + lines[3].encode("euc_jp")
    )


def _run_on() -> bytes:
    """One 20,000-character line without a sentence end (。): GiNZA's tokenizer refuses such input."""
    sentences = [
        line.replace("。", "、") for text in (ARTICLE_B, ARTICLE_G) for line in text.splitlines()[2:]
    ]
    line = "".join(sentences)
    return (line * (20_000 // len(line) + 1))[:20_000].encode()


# file name -> bytes; names are all a folder scan picks up (.txt .html .jsonl)
FILES: dict[str, bytes] = {
    "good-article.txt": ARTICLE_A.encode(),
    "good-page.html": _good_html(),
    "経済 ニュース 2024年 (速報).txt": ARTICLE_E.encode(),  # spaces and non-ASCII in the name
    "empty.txt": b"",
    "whitespace.txt": " \n\t\r\n\u3000\u3000\n \n".encode(),  # includes ideographic spaces
    "image-png.txt": _png(),  # binary behind a text suffix
    "archive-zip.html": _zip(),
    "truncated-utf8.txt": ARTICLE_C.encode()[:-2],  # cut inside the final 。
    "mixed-encodings.txt": _mixed_encodings(),
    "utf16-no-bom.txt": ARTICLE_F.encode("utf-16-le"),
    "deep-nesting.html": _deep_html(),
    "many-scripts.html": _many_scripts(),
    "broken-lines.jsonl": _broken_jsonl(),
    "only-noise.txt": NOISE_ONLY.encode(),
    "run-on-sentence.txt": _run_on(),
    "xss-page.html": _xss_page(),
}

# inputs whose documents must be stored (a JSON lines file's good lines are named source:line)
GOOD = {
    "good-article.txt",
    "good-page.html",
    "経済 ニュース 2024年 (速報).txt",
    "truncated-utf8.txt",
    "mixed-encodings.txt",
    "utf16-no-bom.txt",
    "many-scripts.html",
    "run-on-sentence.txt",
    "xss-page.html",
    "https://example.jp/news/1",
    "https://example.jp/news/2",
}

# input -> a word its skip message must hold
BAD = {
    "empty.txt": "empty",
    "whitespace.txt": "empty",
    "image-png.txt": "not text",
    "archive-zip.html": "not text",
    "broken-lines.jsonl:2": "not JSON",
    "broken-lines.jsonl:3": "not a JSON object",
    "broken-lines.jsonl:4": "no `text`",
    "broken-lines.jsonl:5": "not JSON",
    "only-noise.txt": "no article text",
    "deep-nesting.html": "without main text",  # the HTML parser stops at 255 levels
}

# damaged inputs whose readable part is kept (with a warning naming the damage)
REPAIRED = {"truncated-utf8.txt": "truncated", "mixed-encodings.txt": "mixed encodings"}

HUGE_NAME = "huge-single-line.txt"
HUGE_BYTES = 50 * 1024 * 1024


def write_corpus(dest: Path) -> Path:
    """The committed files, written into dest (created)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, data in FILES.items():
        (dest / name).write_bytes(data)
    return dest


def write_huge(path: Path, size: int = HUGE_BYTES) -> Path:
    """A single line of ``size`` bytes (Japanese text, no newline), written in pieces."""
    piece = ARTICLE_A.replace("\n", "").encode()
    chunk = piece * ((1 << 20) // len(piece))
    with path.open("wb") as fh:
        left = size
        while left >= len(piece):  # whole characters only, then ASCII padding
            part = chunk[: left - left % len(piece)] if left < len(chunk) else chunk
            fh.write(part)
            left -= len(part)
        fh.write(b"." * left)
    return path


def write_extras(dest: Path, *, huge: bool = True) -> list[str]:
    """What git must not hold: symbolic link loops and (``huge``) the 50 MB single line.
    Returns the names of the bad inputs added."""
    (dest / "loop-a.txt").symlink_to("loop-b.txt")
    (dest / "loop-b.txt").symlink_to("loop-a.txt")
    (dest / "loop-dir").symlink_to(".", target_is_directory=True)  # a folder that contains itself
    names = ["loop-a.txt", "loop-b.txt"]
    if huge:
        write_huge(dest / HUGE_NAME)
        names.append(HUGE_NAME)
    return names


def main() -> None:
    write_corpus(CORPUS)


if __name__ == "__main__":
    main()
