"""Site line counts with a lookahead (``text/site_lines.Lookahead``, #17): each document gets the
counts of its own lines over its site's documents among the inputs up to ``window`` after it,
the window counted in input order across all sites."""

from __future__ import annotations

import pytest

from kizashi.text.lines import line_key
from kizashi.text.site_lines import Lookahead, site_line_counts

MENU = "ホーム ニュース 経済 国際"
FOOTER = "Copyright 2024 Example Shimbun All rights reserved"
OTHER_MENU = "トップ 政治 社会"


def _docs() -> list[str]:
    return [
        f"{MENU}\n米国が輸出規制を強化した。\n{FOOTER}",
        f"{MENU}\n中国が反発した。",
        f"{MENU}\n米国が輸出規制を強化した。\n{FOOTER}",  # a repost: counts once
        "日本と韓国が会談した。",
        f"{MENU}\n台湾が新しい工場を建てる。\n{FOOTER}",
    ]


def _all(lookahead: Lookahead[int], inputs: list[tuple[str, str | None]]) -> list[tuple[int, object]]:
    released = [pair for i, (site, text) in enumerate(inputs) for pair in lookahead.add(site, text, i)]
    return released + lookahead.close()


@pytest.mark.parametrize("window", [5, 50])
def test_site_lines_window_as_large_as_the_corpus_gives_the_full_counts(window: int) -> None:
    docs = _docs()
    full = site_line_counts(docs).freeze()
    got = _all(Lookahead(window), [("a", text) for text in docs])
    assert [i for i, _ in got] == list(range(len(docs)))
    for i, counts in got:
        for line in docs[i].split("\n"):
            assert counts.get(line_key(line)) == full.get(line_key(line)), (i, line)  # type: ignore[attr-defined]
    assert got[0][1].get(line_key(MENU)) == 3  # type: ignore[attr-defined]  # four documents, the repost once


def test_site_lines_window_counts_only_the_documents_up_to_the_lookahead() -> None:
    docs = _docs()
    lookahead: Lookahead[int] = Lookahead(1)
    got = dict(pair for i, text in enumerate(docs) for pair in lookahead.add("a", text, i))
    assert set(got) == {0, 1, 2, 3}  # the last one waits for close()
    assert len(lookahead) == 1
    assert got[0].get(line_key(MENU)) == 2  # documents 1 and 2
    assert got[0].get(line_key(FOOTER)) == 0  # once so far: as freeze, left out
    assert got[2].get(line_key(MENU)) == 2  # the repost adds nothing; document 4 has no menu
    assert got[3].get(line_key(MENU)) == 0  # document 4 has not that line
    ((last, counts),) = lookahead.close()
    assert (last, counts.get(line_key(MENU)), counts.get(line_key(FOOTER))) == (4, 3, 2)


def test_site_lines_window_is_counted_in_input_order_across_sites() -> None:
    # a's documents are inputs 1 and 4: with a window of 2, the first is released when input 3
    # (of site b) is read, before the second a is counted
    inputs = [
        ("a", MENU + "\n米国が発表した。"),
        ("b", OTHER_MENU + "\n中国が反発した。"),
        ("b", OTHER_MENU + "\n日本が会談した。"),
        ("a", MENU + "\n台湾が工場を建てる。"),
    ]
    lookahead: Lookahead[int] = Lookahead(2)
    assert lookahead.add(*inputs[0], 0) == []
    assert lookahead.add(*inputs[1], 1) == []
    ((first, counts),) = lookahead.add(*inputs[2], 2)
    assert (first, counts.get(line_key(MENU))) == (0, 0)  # its own site's line, seen once so far
    ((second, counts),) = lookahead.add(*inputs[3], 3)
    assert (second, counts.get(line_key(OTHER_MENU)), counts.get(line_key(MENU))) == (1, 2, 0)
    rest = lookahead.close()
    assert [(i, c.get(line_key(MENU)), c.get(line_key(OTHER_MENU))) for i, c in rest] == [
        (2, 0, 2),
        (3, 2, 0),
    ]


def test_site_lines_window_counts_documents_it_never_releases() -> None:
    # a stored document (no item) takes its place in the order and in the counts
    lookahead: Lookahead[int] = Lookahead(1)
    assert lookahead.add("a", MENU, None) == []
    assert lookahead.add("a", MENU + "\n新しい記事", 1) == []
    ((item, counts),) = lookahead.close()
    assert (item, counts.get(line_key(MENU))) == (1, 2)


def test_site_lines_window_keeps_uncounted_documents_in_order() -> None:
    lookahead: Lookahead[str] = Lookahead(0)
    assert [(i, len(c)) for i, c in lookahead.add("a", MENU, "a")] == [("a", 0)]
    assert [(i, len(c)) for i, c in lookahead.add("a", None, "b")] == [("b", 0)]  # over its time budget
    assert [i for i, _ in lookahead.add("a", MENU, "c")] == ["c"]


def test_site_lines_window_rejects_a_negative_lookahead() -> None:
    with pytest.raises(ValueError, match="window"):
        Lookahead(-1)
