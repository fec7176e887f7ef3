"""Benchmark of the cleaning stage alone: characters per second of ``clean`` on normalised pages.

    python benchmarks/bench_clean.py [FILE ...]       (BENCH_CHARS sets the synthetic corpus size)

Without files it builds noisy synthetic pages (menus, bylines, body, repeated block, share
buttons, ranking lists). The bar: cleaning must cost under a tenth of the NLP stage; GiNZA
parses about 6,000 characters per second, so cleaning must do well over 60,000.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from kizashi.text.clean import clean, site_line_counts
from kizashi.text.lines import load_noise_lexicon
from kizashi.text.normalise import normalise

NLP_CHARS_PER_S = 6_000
BAR = 10 * NLP_CHARS_PER_S

_SUBJECTS = ["経済産業省は", "米商務省は", "中国外務省の報道官は", "防衛省によると、", "欧州委員会は"]
_PREDICATES = [
    "半導体製造装置の輸出管理を強化すると発表した。",
    "重要鉱物の供給網について関係国と協議したことを明らかにした。",
    "サイバー攻撃への対処で同盟国と協力する方針を確認した。",
    "対抗措置を検討していると述べ、関係国の動きを注視する考えを示した。",
]
_HEADER = ["メインコンテンツへスキップ", "ホーム > 国際 > アジア", "政治", "経済", "2024年5月2日 09:00 配信"]
_FOOTER = ["シェア", "ツイート", "コメント 3件", "関連記事", "写真:ロイター", "© 2024 Example News"]
_LINKS = [
    "・日米、半導体で協力へ",
    "・中国、ガリウム輸出を規制",
    "・EU、重要鉱物で新戦略",
    "・韓国、供給網で支援策",
]


def synthetic_page(rnd: random.Random, n: int) -> str:
    body = [rnd.choice(_SUBJECTS) + f"{rnd.randint(1, 28)}日、" + rnd.choice(_PREDICATES) for _ in range(n)]
    block = body[: max(1, n // 4)]  # a block pasted twice, as pages do
    return "\n".join(
        [*_HEADER, "日米、経済安保で新たな協力枠組み", "山田太郎", *body, *block, *_FOOTER, *_LINKS]
    )


def bench(pages: list[str], *, repeat: int = 3) -> float:
    """Best characters per second over ``repeat`` runs of clean() on all pages."""
    texts = [normalise(p) for p in pages]
    counts = site_line_counts(texts)
    lexicon = load_noise_lexicon()
    chars = sum(len(t) for t in texts)
    best = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            clean(t, lexicon=lexicon, site_lines=counts)
        best = max(best, chars / (time.perf_counter() - t0))
    return best


def main(argv: list[str]) -> int:
    if argv:
        pages = [Path(a).read_text(encoding="utf-8", errors="replace") for a in argv]
        label = f"{len(pages)} files"
    else:
        rnd = random.Random(7)
        target = int(os.environ.get("BENCH_CHARS", "200000"))
        pages = []
        while sum(len(p) for p in pages) < target:
            pages.append(synthetic_page(rnd, rnd.randint(8, 40)))
        label = f"{len(pages)} synthetic pages"
    rate = bench(pages)
    chars = sum(len(p) for p in pages)
    print(f"{'stage':<8} {'input':<24} {'chars':>10} {'chars/s':>12} {'bar':>10}")
    print(f"{'clean':<8} {label:<24} {chars:>10,} {rate:>12,.0f} {BAR:>10,}")
    if rate < BAR:
        print(f"clean is too slow: {rate:,.0f} < {BAR:,} chars/s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
