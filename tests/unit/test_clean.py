from __future__ import annotations

from collections import Counter

import pytest

from kizashi.text import lines as noise
from kizashi.text.clean import CleanConfig, clean, line_key, site_line_counts
from kizashi.text.normalise import normalise

NOISE = noise.load_noise_lexicon()  # the furniture vocabulary, loaded once for these tests

BODY = [
    "経済産業省は10日、半導体製造装置の輸出管理を強化すると発表した。",
    "対象には先端ロジック半導体の製造に使う装置が含まれる。",
    "同省は「国際的な協調に基づく措置だ」と説明している。",
]


def _clean(text: str, **kw: object) -> tuple[list[str], dict[str, str]]:
    r = clean(normalise(text), lexicon=NOISE, **kw)  # type: ignore[arg-type]
    return r.text.split("\n") if r.text else [], {x.line: x.why for x in r.removed}


def _page(*noise_lines: str, before: bool = False) -> str:
    return "\n".join([*noise_lines, *BODY] if before else [*BODY, *noise_lines])


# --- line signals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("https://example.com/news/2024/01/article123", "url"),
        ("www.example.co.jp", "url"),
        ("example-blog.hatenablog.com", "url"),
        ("#経済安保(半導体・輸出規制)", "hashtag"),
        ("#日米 #半導体 #経済安全保障", "hashtag"),
        ("— 共同通信 (@kyodo_official) March 3, 2024", "attribution"),
        ("<?php echo get_the_author(); ?>", "template"),
        ("{{ article.author_name }}", "template"),
        ("お問い合わせ: info@example.jp", "contact"),
        ("本文へスキップ メニューへスキップ", "menu"),
        ("Skip to content", "menu"),
        ("ホーム > 国際 > アジア", "menu"),
        ("コメント 12件", "chrome"),
        ("シェア ツイート はてブ", "chrome"),
        ("Leave a Reply", "chrome"),
        ("Your email address will not be published. Required fields are marked *", "chrome"),
        ("© 2024 Example Shimbun", "chrome"),
        ("【関連記事】", "related"),
        ("人気記事ランキング", "related"),
        ("写真:ロイター/アフロ", "credit"),
        ("出典:聯合ニュース", "credit"),
        ("文:山田花子", "byline"),
        ("国際・政治", "category"),
        ("ホーム 政治 経済 国際 スポーツ", "menu"),
        ("ホーム　国内　国際　安全保障　自衛隊　コラム　解説", "menu"),  # sections of the site's own too
        ("トップ 経済 国際 半導体 サプライチェーン", "menu"),
        ("1,204", "symbols"),
        ("• 3", "symbols"),
        ("2024年3月1日 10:30 配信", "date"),
    ],
)
def test_clean_removes_noise_line_with_reason(line: str, why: str) -> None:
    kept, removed = _clean(_page(line))
    assert kept == BODY
    assert list(removed.values()) == [why]


@pytest.mark.parametrize(
    "headline",
    [
        "ホームセンター大手、国内と国際で出店",
        "トップ会談で国内経済と国際政治を協議",
        "国内国際線の運航を再開",
    ],
)
def test_clean_keeps_a_headline_that_opens_like_a_menu(headline: str) -> None:
    kept, removed = _clean(_page(headline, before=True))
    assert kept == [headline, *BODY]
    assert removed == {}


def test_clean_keeps_short_real_lines_between_paragraphs() -> None:
    text = "\n".join([BODY[0], "「断じて容認できない」", BODY[1], "【ソウル=共同】", BODY[2]])
    kept, removed = _clean(text)
    assert kept == text.split("\n")
    assert removed == {}


def test_clean_resolves_a_page_of_thousands_of_short_lines() -> None:
    # 30,000 short lines took 70 s when each looked for its own neighbours (#16); they are all
    # fragments between the page's edges, and the body around a run of them survives
    kana = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
    short = [f"{a}{b}{c}の話" for a in kana for b in kana for c in kana][:30_000]
    kept, removed = _clean("\n".join([*short, *BODY]))
    assert kept == BODY
    assert removed[short[0]] == "fragment"
    assert removed[short[-1]] == "fragment"


def test_clean_keeps_section_heading_between_paragraphs() -> None:
    text = "\n".join([BODY[0], "◇対中規制の行方", BODY[1], BODY[2]])
    kept, _ = _clean(text)
    assert "◇対中規制の行方" in kept


def test_clean_drops_short_fragment_next_to_furniture() -> None:
    kept, removed = _clean(_page("佐藤一郎", "//= get_author_email(); ?>"))
    assert kept == BODY
    assert removed["佐藤一郎"] == "fragment"


def test_clean_keeps_title_above_byline_and_credit() -> None:
    text = "\n".join(
        ["本文へスキップ", "日米、半導体供給網で新たな協力枠組み", "佐藤一郎", "写真:共同", *BODY]
    )
    kept, _ = _clean(text)
    assert kept == ["日米、半導体供給網で新たな協力枠組み", *BODY]


def test_clean_prefers_metadata_title() -> None:
    text = "\n".join(["サイトの名前|ニュース速報サイト", "日米、供給網で協力", *BODY])
    kept, _ = _clean(text, title="日米、供給網で協力")
    assert kept[0] == "日米、供給網で協力"


def test_clean_removes_headline_list_after_header() -> None:
    links = ["米国、対中半導体規制を拡大へ", "EU、重要鉱物で新戦略を発表", "台湾の輸出、過去最高を更新か?"]
    kept, removed = _clean(_page("おすすめ記事", *links))
    assert kept == BODY
    assert all(removed[x] == "related" for x in links)


def test_clean_removes_trailing_bullet_headlines_without_header() -> None:
    links = ["・中国、ガリウム輸出を規制", "・韓国、半導体支援策を拡充", "・日本、経済安保法を改正"]
    kept, _ = _clean(_page(*links))
    assert kept == BODY


def test_clean_keeps_bullet_sentences_in_body() -> None:
    items = ["★供給網の強靭化を進めることで一致した。", "★先端技術の流出防止で協力することを確認した。"]
    text = "\n".join([BODY[0], "要点は次の通り", *items, BODY[1]])
    kept, _ = _clean(text)
    assert kept == text.split("\n")


def test_clean_strips_links_and_hashtags_from_a_tweet_line() -> None:
    text = "\n".join(
        [
            "日米、経済安保で新協議体 #経済 https://t.co/abcdEFGH12",
            "— 時事通信 (@jijicom) March 3, 2024",
            *BODY,
        ]
    )
    r = clean(normalise(text), lexicon=NOISE)
    assert r.text.split("\n")[0] == "日米、経済安保で新協議体"
    assert {x.why for x in r.removed} == {"url", "hashtag", "attribution"}
    (marker,) = r.markers
    assert (marker.line, marker.kind, marker.outlet, marker.date) == (
        1,
        "attribution",
        "Jiji Press",
        "2024-03-03",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (BODY[0], BODY[0]),
        (BODY[0], BODY[0].replace("、", ",").replace("。", ".")),  # punctuation width
        (BODY[0], " ".join(BODY[0])),  # spacing
        (
            "首脳会談に臨む岸田首相とバイデン大統領=10日、ワシントンのホワイトハウス",
            "首脳会談に臨む岸田首相とバイデン大統領=10日、ワシントンのホワイトハウス(ロイター)",
        ),
    ],
)
def test_clean_keeps_repeated_paragraph_once(first: str, second: str) -> None:
    text = "\n".join([first, BODY[1], second, BODY[2]])
    r = clean(normalise(text), lexicon=NOISE)
    assert r.text.split("\n") == [normalise(first), BODY[1], BODY[2]]
    assert [x.why for x in r.removed] == ["duplicate"]


def test_clean_removes_lines_common_to_the_site() -> None:
    template = "この記事は編集部が独自に取材しました"
    pages = [f"{template}\n{b}" for b in BODY]
    counts = site_line_counts(normalise(p) for p in pages)
    kept, removed = _clean(_page(template, before=True), site_lines=counts)
    assert kept == BODY
    assert removed[template] == "site-template"


def test_clean_ignores_site_counts_for_a_repeated_document() -> None:
    counts = Counter({line_key(b): 5 for b in BODY})
    kept, _ = _clean("\n".join(BODY), site_lines=counts)
    assert kept == BODY


def test_clean_site_counts_count_identical_documents_once() -> None:
    counts = site_line_counts([BODY[0], BODY[0], BODY[0] + "\n" + BODY[1]])
    assert counts[line_key(BODY[0])] == 2


@pytest.mark.parametrize(("a", "b"), [("ＡＰＥＣ　会議。", "APEC会議"), ("米・中「対話」", "米中対話")])
def test_clean_line_key_ignores_width_space_and_punctuation(a: str, b: str) -> None:
    assert line_key(a) == line_key(b)


def test_clean_config_thresholds_apply() -> None:
    text = "\n".join(["短い見出しの行", *BODY])
    kept_default, _ = _clean(text)
    kept_lenient, _ = _clean(text, config=CleanConfig(short_chars=5))
    assert kept_default == BODY  # a 7-character fragment at the top of the page
    assert kept_lenient == ["短い見出しの行", *BODY]  # a headline, kept as the title


@pytest.mark.parametrize(
    ("line", "outlet"),
    [("ロイター", "Reuters"), ("@nhk_news", "NHK"), ("日本経済新聞", "Nikkei"), ("無名ブログ", None)],
)
def test_clean_outlet_names_map_to_canonical(line: str, outlet: str | None) -> None:
    assert noise.outlet_of(line.lstrip("@"), NOISE) == outlet


def test_clean_empty_and_blank_input() -> None:
    assert clean("", lexicon=NOISE).text == ""
    assert clean("\n \n", lexicon=NOISE).removed == ()


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        # a link label inside a predicate, in brackets or bare, goes; the sentence joins up
        (
            "外相は10日、国務長官と会談(別タブで開きます)し、協力で一致した。",
            "外相は10日、国務長官と会談し、協力で一致した。",
        ),
        (
            "長官は次官と会談外部サイトへ、新しいウィンドウで開きますし、対話の継続を確認した。",
            "長官は次官と会談し、対話の継続を確認した。",
        ),
        # a short label is one only in brackets: PDF版 is a word of the sentence
        (
            "省は報告書のPDF版を公表した(PDF)。詳しくは本文を参照のこと。",
            "省は報告書のPDF版を公表した。詳しくは本文を参照のこと。",
        ),
    ],
)
def test_clean_link_labels_inside_a_line_are_removed(line: str, kept: str) -> None:
    r = clean(normalise(line), lexicon=NOISE)
    assert r.text == normalise(kept)
    assert any(x.why == "link_label" for x in r.removed)
