"""Build examples/corpus/ from examples/articles.py: pages shaped like the noisy ones Kizashi reads.

Run: python examples/make_corpus.py  (the output is committed; rerunning gives the same bytes).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from articles import ARTICLES

OUT = Path(__file__).resolve().parent / "corpus"
BY_SLUG = {str(a["slug"]): a for a in ARTICLES}

MENU = "ホーム | ニュース | 政治 | 経済 | 国際 | テクノロジー | スポーツ | エンタメ"
SHARE = "シェア\nツイート\nLINEで送る\nはてなブックマーク"
RANKING = [
    "アクセスランキング",
    "1 人気俳優が結婚を発表　ファンから祝福の声",
    "2 週末の天気　関東は晴れて気温上昇",
    "3 新作ゲームの予約が殺到",
    "4 プロ野球　首位攻防戦は延長戦に",
    "5 話題のスイーツ店が駅前に開店",
]
RELATED = ["関連記事", "・半導体市況、回復に遅れ", "・円相場、一時1ドル=150円台", "・新型スマホの販売好調"]
FOOTER = [
    "コメントを書く",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "利用規約 | プライバシーポリシー | お問い合わせ",
]


def _date_line(d: str) -> str:
    y, m, dd = d.split("-")
    return f"{y}年{int(m)}月{int(dd)}日 10時30分"


def _english(d: str) -> str:
    x = date.fromisoformat(d)
    return f"{x:%B} {x.day}, {x.year}"


def _body(slug: str) -> list[str]:
    return [str(p) for p in BY_SLUG[slug]["body"]]  # type: ignore[attr-defined]


def text_page(slug: str, site: str, domain: str, *, repeat: bool = False) -> str:
    a = BY_SLUG[slug]
    body = _body(slug)
    lines = ["メインコンテンツへスキップ", MENU, "", str(a["title"]), _date_line(str(a["date"])), SHARE, ""]
    lines += ["写真: ロイター"] if repeat else []
    for i, para in enumerate(body):
        lines.append(para)
        if repeat and i == 0:
            lines += ["写真: ロイター", para]  # a blog that pastes its lead twice, and the caption again
    lines += [
        "",
        f"({a['outlet']})",
        "",
        *RELATED,
        "",
        *RANKING,
        "",
        f"https://{domain}/",
        f"#{site}",
        *FOOTER,
    ]
    lines.append(f"Copyright (C) {site} All rights reserved.")
    return "\n".join(lines) + "\n"


def compilation(slugs: list[str], handle: str) -> str:
    lines = ["ブログ村ランキング参加中", MENU, ""]
    for slug in slugs:
        a = BY_SLUG[slug]
        tweet_url = f"https://t.co/{abs(sum(map(ord, slug))) % 10**10:010d}"
        lines.append(f"{a['title']} {tweet_url}")
        lines.append(f"— {a['outlet']} (@{handle}) {_english(str(a['date']))}")
        lines += _body(slug)
        lines.append(f"#経済安保({a['title']!s:.8})")
        lines.append("example-blog.hatenablog.jp")
    lines += ["", *FOOTER]
    return "\n".join(lines) + "\n"


def html_page(slug: str, site: str) -> str:
    a = BY_SLUG[slug]
    paras = "".join(f"<p>{p}</p>" for p in _body(slug))
    rank = "".join(f"<li>{r}</li>" for r in RANKING[1:])
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{a["title"]} | {site}</title>
<meta property="og:title" content="{a["title"]}">
<meta property="article:published_time" content="{a["date"]}T09:00:00+09:00">
</head><body>
<header><a href="/">{site}</a><nav><a href="/">ホーム</a> <a href="/politics">政治</a> <a href="/economy">経済</a>
<a href="/world">国際</a></nav></header>
<main><article><h1>{a["title"]}</h1><time datetime="{a["date"]}">{_date_line(str(a["date"]))}</time>
{paras}<p class="credit">写真: 共同</p></article></main>
<aside><h2>アクセスランキング</h2><ol>{rank}</ol></aside>
<footer><p>利用規約 | プライバシーポリシー</p><p>Copyright © {site}</p></footer>
</body></html>
"""


def main() -> None:
    OUT.mkdir(exist_ok=True)
    files: dict[str, tuple[str, str]] = {
        "blog-usch-commerce-talks.txt": (
            compilation(["us-china-commerce-talks-a", "mirrorface"], "tozai_news"),
            "utf-8",
        ),
        "blog-cyber-roundup.txt": (
            compilation(["volt-typhoon", "salt-typhoon", "china-mfa-denial-mt"], "sec_sokuhou"),
            "utf-8",
        ),
        "gallium-germanium-sjis.txt": (
            text_page("gallium-germanium", "アジア経済ウォッチ", "asia-econ.example.jp"),
            "cp932",
        ),
        "japan-us-2plus2-eucjp.txt": (text_page("japan-us-2plus2", "東西通信", "tozai.example.jp"), "euc_jp"),
        "nippon-steel-bom.txt": (text_page("nippon-steel", "東西通信", "tozai.example.jp"), "utf-8-sig"),
        "uflpa-additions.txt": (
            text_page("uflpa-additions", "サプライチェーン・ジャーナル", "scj.example.jp", repeat=True),
            "utf-8",
        ),
        "strait-thunder.txt": (
            text_page("strait-thunder", "アジア経済ウォッチ", "asia-econ.example.jp"),
            "utf-8",
        ),
        "korea-export-mt.txt": (
            text_page("korea-export-mt", "韓国経済ニュース", "kr-econ.example.jp"),
            "utf-8",
        ),
        "tsmc-kumamoto.txt": (text_page("tsmc-kumamoto", "九州ビジネス", "q-biz.example.jp"), "utf-8"),
        "dutch-nexperia.txt": (
            text_page("dutch-nexperia", "アジア経済ウォッチ", "asia-econ.example.jp"),
            "utf-8",
        ),
        "huawei-licences.txt": (
            text_page("huawei-procurement", "テック経済新聞", "tech-econ.example.jp"),
            "utf-8",
        ),
        "us-china-commerce-talks-b.html": (html_page("us-china-commerce-talks-b", "日本経済速報"), "utf-8"),
        "entity-list-hbm.html": (html_page("entity-list-hbm", "テック経済新聞"), "utf-8"),
        "japan-china-korea-fm.html": (html_page("japan-china-korea-fm", "日本経済速報"), "utf-8"),
        "asml-controls.html": (html_page("asml-controls", "テック経済新聞"), "utf-8"),
    }
    for name, (text, enc) in files.items():
        (OUT / name).write_bytes(text.encode(enc))
    feed = []
    for slug in ("ishiba-trump-call", "clearance-law", "quad-fm", "rare-earth-controls"):
        a = BY_SLUG[slug]
        feed.append({"url": f"https://news.example.jp/{slug}", "title": a["title"], "published": a["date"],
                     "text": "\n".join(_body(slug))})  # fmt: skip
    (OUT / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in feed), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
