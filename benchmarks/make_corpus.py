"""Benchmark corpus generator: varied, noisy Japanese news pages of any size, as JSON lines.

    python benchmarks/make_corpus.py --chars 200000 --out build/bench/corpus.jsonl [--source examples/corpus]

Articles are rebuilt from the sentences of a seed corpus (the demo corpus by default): each body
draws fresh sentences and recombines them into paragraphs, with numbers and dates varied, so
articles differ from each other (as different news does) and no body line repeats across a site.
Around them go the kinds of noise real pages carry, per site (menus, breadcrumbs, bylines, share
buttons, related-article lists, copyright lines, ads) and within a page (a paragraph pasted twice).
A set share of articles are repeats: syndicated copies on another site (new chrome, same body) and
lightly edited re-posts, which a near-duplicate detector should catch.

Same arguments, same corpus: everything is drawn from one seeded random generator.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "examples" / "corpus"

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_DIGITS = re.compile(r"\d+")
_URLISH = re.compile(r"https?://|www\.|@\w|#\w")

# generic chrome of Japanese news sites (no strings of any particular site)
_MENUS = [
    "ホーム",
    "ニュース",
    "政治",
    "経済",
    "国際",
    "社会",
    "テクノロジー",
    "マーケット",
    "オピニオン",
    "スポーツ",
    "ランキング",
    "動画",
    "特集",
]
_HEADER_EXTRA = [
    "メインコンテンツへスキップ",
    "ログイン",
    "会員登録",
    "検索",
    "メニュー",
    "お知らせ",
    "有料会員限定",
]
_FOOTER = [
    "シェア",
    "ツイート",
    "ブックマーク",
    "LINEで送る",
    "印刷する",
    "この記事をシェアする",
    "コメントを書く",
    "フォローする",
    "記事の感想をお寄せください",
    "この記事は役に立ちましたか?",
]
_ADS = ["広告", "PR", "スポンサーリンク", "AD", "提供:", "【PR】期間限定キャンペーン実施中"]
_RELATED = ["関連記事", "あわせて読みたい", "おすすめ記事", "アクセスランキング", "注目の記事"]
_CAPTIONS = ["写真:共同", "(画像はイメージ)", "写真:ロイター", "(資料写真)", "出典:各社発表資料"]
_TAGS = ["#経済安全保障", "#半導体", "#米中対立", "#サプライチェーン", "#輸出規制", "#サイバー", "#外交"]
_PAGER = ["続きを読む", "1 2 3 次へ", "次のページ", "前の記事", "次の記事", "一覧へ戻る"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_BYLINE = ["記者", "編集部", "特派員", "論説委員"]
_CONNECTORS = ["また、", "一方、", "これに対し、", "関係者によると、", "さらに、", "同時に、"]
_SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]


@dataclass(frozen=True)
class Site:
    host: str
    header: tuple[str, ...]
    footer: tuple[str, ...]


def read_sentences(source: Path) -> tuple[list[str], list[str]]:
    """Body sentences and headlines of the seed corpus: its pages read and cleaned by Kizashi
    itself (ingest, normalise, clean), so the seed's own page chrome does not become body text."""
    from kizashi.ingest.files import ingest
    from kizashi.text.clean import clean
    from kizashi.text.lines import load_noise_lexicon
    from kizashi.text.normalise import normalise

    lexicon = load_noise_lexicon()

    sentences: list[str] = []
    headlines: list[str] = []
    for raw in ingest([source]):
        if isinstance(raw, Exception):
            continue
        if raw.title and 8 <= len(raw.title) <= 40:
            headlines.append(normalise(raw.title))
        for line in clean(normalise(raw.text), lexicon=lexicon).text.splitlines():
            line = line.strip()
            if not line or _URLISH.search(line):
                continue
            if len(line) < 60 and not line.endswith("。"):
                if 8 <= len(line) <= 40:
                    headlines.append(line)
                continue
            sentences.extend(s.strip() for s in _SENTENCE_END.split(line) if len(s.strip()) >= 12)
    if len(sentences) < 20:
        raise SystemExit(f"{source}: too few sentences ({len(sentences)}) to build a corpus from")
    if not headlines:
        headlines = [s[:30] for s in sentences[:50]]
    return sentences, headlines


def _vary_numbers(text: str, rnd: random.Random) -> str:
    def swap(m: re.Match[str]) -> str:
        n = len(m.group())
        if n >= 4:  # years stay plausible
            return str(rnd.randint(2015, 2026)) if n == 4 else m.group()
        return str(rnd.randint(1, 28 if n == 1 else 99))

    return _DIGITS.sub(swap, text)


def make_sites(rnd: random.Random, n: int) -> list[Site]:
    sites = []
    for i in range(n):
        menu = rnd.sample(_MENUS, rnd.randint(4, 9))
        header = (
            *rnd.sample(_HEADER_EXTRA, rnd.randint(1, 3)),
            *menu,
            " > ".join(["ホーム", *rnd.sample(_MENUS[1:], 2)]),
        )
        footer = (
            *rnd.sample(_FOOTER, rnd.randint(2, 5)),
            f"© {rnd.randint(2000, 2024)} News Site {i} All rights reserved.",
        )
        sites.append(Site(f"news{i}.example.jp", header, footer))
    return sites


def make_body(rnd: random.Random, sentences: list[str]) -> list[str]:
    """Paragraphs of two to four sentences drawn afresh: with a small seed corpus, one-sentence
    paragraphs would recur across a site's pages and be taken for template lines."""
    paragraphs = []
    for _ in range(rnd.randint(3, 12)):
        picked = rnd.sample(sentences, rnd.randint(2, 4))
        if rnd.random() < 0.3:
            picked[0] = rnd.choice(_CONNECTORS) + picked[0]
        paragraphs.append(_vary_numbers("".join(picked), rnd))
    return paragraphs


def make_page(
    rnd: random.Random, site: Site, title: str, body: list[str], headlines: list[str], date: str
) -> str:
    lines = list(site.header)
    lines.append(title)
    lines.append(f"{date.replace('-', '/')} {rnd.randint(5, 23):02d}:{rnd.randint(0, 59):02d}")
    if rnd.random() < 0.5:
        lines.append(f"{rnd.choice(_SURNAMES)}{rnd.choice(_BYLINE)}")
    if rnd.random() < 0.4:
        lines.append(rnd.choice(_CAPTIONS))
    for k, paragraph in enumerate(body):
        lines.append(paragraph)
        if k == 1 and rnd.random() < 0.4:
            lines.append(rnd.choice(_ADS))
        if rnd.random() < 0.15:  # an embedded post: its text, then the attribution line
            handle = site.host.split(".")[0]
            lines.append(
                f"{_vary_numbers(rnd.choice(headlines), rnd)} https://t.example/{rnd.getrandbits(40):x}"
            )
            lines.append(
                f"— {handle} (@{handle}_news) {rnd.choice(_MONTHS)} {rnd.randint(1, 28)}, {date[:4]}"
            )
    if len(body) > 3 and rnd.random() < 0.2:
        lines.append(body[rnd.randrange(len(body))])  # a paragraph pasted twice
    if rnd.random() < 0.5:
        lines.append(" ".join(rnd.sample(_TAGS, rnd.randint(2, 4))))
    lines.extend(rnd.sample(_PAGER, rnd.randint(1, 3)))
    lines.extend(site.footer)
    lines.append(rnd.choice(_RELATED))
    lines.extend(
        "・" + _vary_numbers(h, rnd) for h in rnd.sample(headlines, min(len(headlines), rnd.randint(4, 10)))
    )
    return "\n".join(lines)


def generate(
    chars: int,
    *,
    source: Path = DEFAULT_SOURCE,
    seed: int = 7,
    repeats: float = 0.1,
    sites: int = 12,
) -> list[dict[str, str]]:
    """Articles (url, title, published, text) until their texts hold ``chars`` characters."""
    rnd = random.Random(seed)
    sentences, headlines = read_sentences(source)
    site_list = make_sites(rnd, sites)
    made: list[tuple[str, list[str], str]] = []  # title, body, date of every original
    out: list[dict[str, str]] = []
    total = 0
    while total < chars:
        site = rnd.choice(site_list)
        if made and rnd.random() < repeats:
            title, body, date = rnd.choice(made)
            if rnd.random() < 0.5:  # an edited re-post: one paragraph rewritten
                body = list(body)
                body[rnd.randrange(len(body))] = _vary_numbers("".join(rnd.sample(sentences, 2)), rnd)
        else:
            title = _vary_numbers(rnd.choice(headlines), rnd)
            body = make_body(rnd, sentences)
            date = f"{rnd.randint(2019, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            made.append((title, body, date))
        text = make_page(rnd, site, title, body, headlines, date)
        out.append(
            {
                "url": f"https://{site.host}/articles/{len(out):06d}",
                "title": title,
                "published": date,
                "text": text,
            }
        )
        total += len(text)
    return out


def write_corpus(articles: list[dict[str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for article in articles:
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000, help="total characters of page text")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "corpus.jsonl")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="seed corpus folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=float, default=0.1, help="share of repeated articles")
    args = parser.parse_args(argv)
    articles = generate(args.chars, source=args.source, seed=args.seed, repeats=args.repeats)
    write_corpus(articles, args.out)
    chars = sum(len(a["text"]) for a in articles)
    print(f"{len(articles)} articles, {chars} characters -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
