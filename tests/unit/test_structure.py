from __future__ import annotations

import pytest

from kizashi.text.clean import Marker, clean
from kizashi.text.lines import load_noise_lexicon
from kizashi.text.normalise import normalise, normalise_heading
from kizashi.text.pubdate import without_leading_stamp
from kizashi.text.structure import shown_headlines, structure

NOISE = load_noise_lexicon()  # the furniture vocabulary, loaded once for these tests

ARTICLE = "\n".join(
    [
        "日韓、経済安保で新たな対話枠組み",
        "日韓両政府は3日、経済安全保障に関する局長級の対話を新設することで合意した。",
        "半導体や重要鉱物の供給網について情報を共有する。",
    ]
)

COMPILATION = "\n".join(
    [
        "米、対中半導体規制を拡大 https://t.co/Abc123XYZ0",
        "— ロイター (@ReutersJapan) October 17, 2023",
        "米商務省は17日、中国向け半導体の輸出規制を拡大すると発表した。",
        "先端AI半導体の対象品目を広げる。",
        "#米中(輸出規制)",
        "中国外務省「断固反対」 #nhk_news https://t.co/Def456UVW1",
        "— NHKニュース (@nhk_news) October 18, 2023",
        "中国外務省の報道官は18日の記者会見で、アメリカの措置に断固反対すると述べました。",
        "#米中(輸出規制)",
    ]
)


def test_structure_normal_article_is_one_story() -> None:
    stories, date, basis = structure("d1", ARTICLE, lexicon=NOISE, title="日韓、経済安保で新たな対話枠組み")
    assert len(stories) == 1
    (s,) = stories
    assert (s.start, s.end, s.text) == (0, len(ARTICLE), ARTICLE)
    assert s.headline == "日韓、経済安保で新たな対話枠組み"
    assert (date, basis) == (None, None)


def test_structure_splits_compilation_at_tweet_attributions() -> None:
    r = clean(normalise(COMPILATION), lexicon=NOISE)
    stories, date, basis = structure("d2", r.text, lexicon=NOISE, markers=r.markers)
    assert [s.headline for s in stories] == ["米、対中半導体規制を拡大", "中国外務省「断固反対」"]
    assert [s.outlet for s in stories] == ["Reuters", "NHK"]
    assert [(s.pub_date, s.pub_date_basis) for s in stories] == [
        ("2023-10-17", "tweet"),
        ("2023-10-18", "tweet"),
    ]
    assert (date, basis) == ("2023-10-18", "tweet")
    for s in stories:
        assert r.text[s.start : s.end] == s.text
    assert stories[1].text.split("\n")[1].startswith("中国外務省の報道官は18日")


def test_structure_story_ids_are_stable_and_distinct() -> None:
    r = clean(normalise(COMPILATION), lexicon=NOISE)
    first, _, _ = structure("d2", r.text, lexicon=NOISE, markers=r.markers)
    again, _, _ = structure("d2", r.text, lexicon=NOISE, markers=r.markers)
    assert [s.story_id for s in first] == [s.story_id for s in again]
    assert len({s.story_id for s in first}) == 2


def test_structure_splits_at_heading_of_a_relayed_item() -> None:
    text = "\n".join(
        [
            "政府は経済安保推進法の改正案をまとめた。",
            "来年の通常国会に提出する方針だ。",
            "日豪、重要鉱物で協力へ",
            "日本とオーストラリアは重要鉱物の供給網で協力する覚書に署名する見通しだと共同通信が報じた。",
            "両国は年内の署名を目指す。",
        ]
    )
    stories, _, _ = structure("d3", text, lexicon=NOISE)
    assert len(stories) == 2
    assert stories[1].headline == "日豪、重要鉱物で協力へ"
    assert stories[1].outlet == "Kyodo News"


def test_structure_subheading_that_continues_does_not_split() -> None:
    text = "\n".join(
        [
            "米商務省は輸出規制の対象を広げた。",
            "◇中国は反発",
            "こうした措置に対し、中国商務省は反対を表明したと新華社が報じた。",
        ]
    )
    stories, _, _ = structure("d4", text, lexicon=NOISE)
    assert len(stories) == 1


def test_structure_given_date_wins_over_everything() -> None:
    r = clean(normalise(COMPILATION), lexicon=NOISE)
    stories, date, basis = structure("d5", r.text, lexicon=NOISE, markers=r.markers, given_date="2023-10-20")
    assert (date, basis) == ("2023-10-20", "given")
    assert {(s.pub_date, s.pub_date_basis) for s in stories} == {("2023-10-20", "given")}


def test_structure_metadata_date_is_used_for_plain_stories() -> None:
    stories, date, basis = structure("d6", ARTICLE, lexicon=NOISE, published="2024-05-03T09:00:00+09:00")
    assert (date, basis) == ("2024-05-03", "metadata")
    assert stories[0].pub_date_basis == "metadata"


def test_structure_timestamp_marker_is_a_dateline() -> None:
    markers = (
        Marker(0, "date", "更新日:2024.05.04", date="2024-05-04"),
        Marker(0, "date", "公開日:2024.05.03", date="2024-05-03"),
    )
    _, date, basis = structure("d7", ARTICLE, lexicon=NOISE, markers=markers)
    assert (date, basis) == ("2024-05-03", "dateline")


def test_structure_never_guesses_from_day_only_dates() -> None:
    _, date, basis = structure("d8", ARTICLE, lexicon=NOISE)
    assert (date, basis) == (None, None)


def test_structure_credit_names_the_outlet() -> None:
    r = clean(normalise("出典:聯合ニュース\n" + ARTICLE), lexicon=NOISE)
    stories, _, _ = structure("d9", r.text, lexicon=NOISE, markers=r.markers)
    assert stories[0].outlet == "Yonhap"


def test_structure_empty_text_has_no_story() -> None:
    assert structure("d10", "", lexicon=NOISE, given_date="2024-01-01") == ((), "2024-01-01", "given")


def test_structure_attribution_without_tweet_text_takes_no_headline() -> None:
    text = "\n".join(
        [
            "米商務省は17日、中国向け半導体の輸出規制を拡大すると発表した。",
            "pic.twitter.com/AbCdEf1234",  # the tweet had only a picture
            "— 時事通信 (@jijicom) October 18, 2023",
            "中国外務省の報道官は18日、措置に断固反対すると述べた。",
        ]
    )
    r = clean(normalise(text), lexicon=NOISE)
    stories, _, _ = structure("d11", r.text, lexicon=NOISE, markers=r.markers)
    assert [s.headline for s in stories] == [None, None]
    assert stories[0].text.endswith("発表した。")
    assert stories[1].outlet == "Jiji Press"


def _shown(raw: str, title: str | None = None) -> list[str | None]:
    """Headlines as stored: normalise -> clean -> structure -> shown_headlines, as the pipeline runs them."""
    text = normalise(raw)
    cleaned = clean(text, lexicon=NOISE, title=normalise(title) if title else None)
    stories, _, _ = structure("d", cleaned.text, lexicon=NOISE, title=title, markers=cleaned.markers)
    return [s.headline for s in shown_headlines(stories, raw)]


BODY = (
    "経済産業省は1日、先端半導体の製造装置など23品目を輸出管理の対象に加えると発表した。"
    "中国向けの輸出は事実上すべて許可制の対象となる。\n米国の対中規制に歩調を合わせる形となる。"
)


def test_structure_headline_keeps_the_spaces_between_its_parts() -> None:
    assert _shown(f"日米 重要鉱物で協力　供給網を強化\n{BODY}") == ["日米 重要鉱物で協力 供給網を強化"]
    assert normalise_heading("  日米　重要鉱物で協力  ") == "日米 重要鉱物で協力"
    assert normalise("日米 重要鉱物で協力") == "日米重要鉱物で協力"  # the text itself: as before


def test_structure_headline_without_a_leading_stamp() -> None:
    assert _shown(f"2024年5月1日 10:00 経産省、輸出管理を強化\n{BODY}") == ["経産省、輸出管理を強化"]
    assert _shown(f"2024/05/01(水) | 経産省 輸出管理を強化\n{BODY}") == ["経産省 輸出管理を強化"]


def test_structure_headline_never_a_byline_caption_or_site_name() -> None:
    for furniture in ("山田太郎記者", "写真：記者会見する経産相"):
        assert _shown(f"{furniture}\n経産省、輸出管理を強化\n{BODY}") == ["経産省、輸出管理を強化"]


def test_structure_headline_stamp_alone_or_in_words_is_kept() -> None:
    assert without_leading_stamp("2024年の展望 日米関係") == "2024年の展望 日米関係"
    assert without_leading_stamp("24時間以内に回答") == "24時間以内に回答"
    assert without_leading_stamp("2024年5月1日") == "2024年5月1日"
    assert without_leading_stamp("2024年5月1日 日米首脳が会談") == "日米首脳が会談"


@pytest.mark.parametrize(
    ("title", "shown"),
    [("経産省、輸出管理を強化 23品目が対象", "経産省、輸出管理を強化 23品目が対象"),
     ("日米　重要鉱物で協力", "日米 重要鉱物で協力")],
)  # fmt: skip
def test_structure_headline_from_the_title_keeps_its_spaces(title: str, shown: str) -> None:
    """An HTML page: its headline is its <title>, which its text lines (markup) do not hold."""
    raw = f"<html><head><title>{title}</title></head><body><p>{BODY}</p></body></html>"
    text = normalise(BODY)  # the text trafilatura extracts; the pipeline's title is normalised
    cleaned = clean(text, lexicon=NOISE, title=normalise(title))
    stories, _, _ = structure(
        "d", cleaned.text, lexicon=NOISE, title=normalise(title), markers=cleaned.markers
    )
    assert stories[0].headline == normalise(title)  # what the analysis reads: unchanged
    assert [s.headline for s in shown_headlines(stories, raw, title=title)] == [shown]


def test_structure_tweet_headline_keeps_its_spaces() -> None:
    raw = "\n".join(["日米、経済安保で新協議体　閣僚級で年内に #経済 https://t.co/abcdEFGH12",
                     "— 時事通信 (@jijicom) March 3, 2024", BODY])  # fmt: skip
    cleaned = clean(normalise(raw), lexicon=NOISE)
    stories, _, _ = structure("d", cleaned.text, lexicon=NOISE, markers=cleaned.markers)
    assert (
        next(s.headline for s in shown_headlines(stories, raw)) == "日米、経済安保で新協議体 閣僚級で年内に"
    )
