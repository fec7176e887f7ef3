"""Site line counts with a lookahead (``text/site_lines.LineWindow``, #17): each document gets the
counts of its own lines over the documents up to ``window`` after it."""

from __future__ import annotations

import pytest

from kizashi.text.lines import line_key
from kizashi.text.site_lines import LineWindow, site_line_counts

MENU = "ホーム ニュース 経済 国際"
FOOTER = "Copyright 2024 Example Shimbun All rights reserved"


def _docs() -> list[str]:
    return [
        f"{MENU}\n米国が輸出規制を強化した。\n{FOOTER}",
        f"{MENU}\n中国が反発した。",
        f"{MENU}\n米国が輸出規制を強化した。\n{FOOTER}",  # a repost: counts once
        "日本と韓国が会談した。",
        f"{MENU}\n台湾が新しい工場を建てる。\n{FOOTER}",
    ]


@pytest.mark.parametrize("window", [5, 50])
def test_site_lines_window_as_large_as_the_corpus_gives_the_full_counts(window: int) -> None:
    docs = _docs()
    full = site_line_counts(docs).freeze()
    lookahead: LineWindow[int] = LineWindow(window)
    got = [pair for i, text in enumerate(docs) for pair in lookahead.add(i, text)] + lookahead.close()
    assert [i for i, _ in got] == list(range(len(docs)))
    for i, counts in got:
        for line in docs[i].split("\n"):
            assert counts.get(line_key(line)) == full.get(line_key(line)), (i, line)
    assert got[0][1].get(line_key(MENU)) == 3  # in four documents, the repost counted once


def test_site_lines_window_counts_only_the_documents_up_to_the_lookahead() -> None:
    docs = _docs()
    lookahead: LineWindow[int] = LineWindow(1)
    got = dict(pair for i, text in enumerate(docs) for pair in lookahead.add(i, text))
    assert set(got) == {0, 1, 2, 3}  # the last one waits for close()
    assert got[0].get(line_key(MENU)) == 2  # documents 1 and 2
    assert got[0].get(line_key(FOOTER)) == 0  # once so far: as freeze, left out
    assert got[2].get(line_key(MENU)) == 2  # the repost adds nothing; document 4 has no menu
    assert got[3].get(line_key(MENU)) == 0  # document 4 has not that line
    ((last, counts),) = lookahead.close()
    assert (last, counts.get(line_key(MENU)), counts.get(line_key(FOOTER))) == (4, 3, 2)


def test_site_lines_window_keeps_uncounted_documents_in_order() -> None:
    lookahead: LineWindow[str] = LineWindow(0)
    assert [(i, len(c)) for i, c in lookahead.add("a", MENU)] == [("a", 0)]
    assert [(i, len(c)) for i, c in lookahead.add("b", None)] == [("b", 0)]  # over its time budget
    assert [i for i, _ in lookahead.add("c", MENU)] == ["c"]


def test_site_lines_window_rejects_a_negative_lookahead() -> None:
    with pytest.raises(ValueError, match="window"):
        LineWindow(-1)
