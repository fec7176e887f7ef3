"""Properties of the cleaner: it is idempotent, it never loses a body sentence, it never raises."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizashi.text.clean import clean
from kizashi.text.lines import load_noise_lexicon
from kizashi.text.normalise import normalise

LEXICON = load_noise_lexicon()  # the furniture vocabulary, loaded once for these tests

SUBJECTS = [
    "経済産業省は",
    "米商務省は",
    "中国外務省の報道官は",
    "防衛省によると、",
    "欧州委員会は",
    "両国の首脳は",
]
DAYS = ["", "3日、", "15日、", "先月末、", "同日、"]
PREDICATES = [
    "半導体製造装置の輸出管理を強化すると発表した。",
    "重要鉱物の供給網について協議したことを明らかにした。",
    "サイバー攻撃への対処で協力する方針を確認した。",
    "対抗措置を検討していると述べた。",
    "「断固反対する」と強調した。",
]
NOISE = [
    "https://example.com/a/b",
    "#経済安保",
    "コメント 3件",
    "シェア",
    "【関連記事】",
    "写真:ロイター",
    "メインコンテンツへスキップ",
    "— 時事通信 (@jijicom) May 2, 2024",
    "2024年5月2日 09:00 配信",
    "© 2024 Example",
    "",
]
HEADLINES = [
    "日米、半導体供給網で協力へ",
    "・中国、ガリウム輸出を規制",
    "◇対中規制の行方",
    "要点として",
    "エンタメ",
    "【ワシントン=共同】",
    "「断じて容認できない」",
    "佐藤一郎",
]

sentences = st.builds(
    lambda s, d, p: s + d + p, st.sampled_from(SUBJECTS), st.sampled_from(DAYS), st.sampled_from(PREDICATES)
)
lines = st.one_of(sentences, st.sampled_from(NOISE), st.sampled_from(HEADLINES), st.text(max_size=40))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=25))
def test_clean_is_idempotent(page: list[str]) -> None:
    once = clean(normalise("\n".join(page)), lexicon=LEXICON).text
    assert clean(once, lexicon=LEXICON).text == once


@settings(max_examples=300)
@given(
    st.lists(sentences, min_size=1, max_size=12, unique=True),
    st.lists(st.sampled_from(NOISE), max_size=12),
    st.randoms(),
)
def test_clean_keeps_every_body_sentence(body: list[str], noise: list[str], rnd: random.Random) -> None:
    page = [*body]
    for n in noise:  # noise anywhere; body order kept
        page.insert(rnd.randrange(len(page) + 1), n)
    kept = clean(normalise("\n".join(page)), lexicon=LEXICON).text.split("\n")
    assert [normalise(b) for b in body] == [k for k in kept if k in {normalise(b) for b in body}]


@settings(max_examples=300)
@given(st.text())
def test_clean_never_raises(text: str) -> None:
    r = clean(text, lexicon=LEXICON)
    assert isinstance(r.text, str)
