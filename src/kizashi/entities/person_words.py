"""What Sudachi's words say about a stretch of text that may be a person's name (entities/people.py)."""

from __future__ import annotations

import re

from kizashi.records import Morpheme

_KANJI = "\u4e00-\u9fff々"
_KANJI_WORD = re.compile(f"[{_KANJI}]+")


def is_name_tag(by_start: dict[int, Morpheme], start: int, end: int) -> bool:
    """Sudachi tags [start, end) as a person's name, in one word or several (ブレンナー + ハイム)."""
    pos = start
    while pos < end:
        word = by_start.get(pos)
        if word is None or word.end > end or word.pos[1:3] != ("固有名詞", "人名"):
            return False
        pos = word.end
    return pos == end > start


def starts_with_word(by_start: dict[int, Morpheme], start: int, end: int) -> bool:
    """[start, end) opens with a prefix or a common word of two characters or more (駐日 + 大使)."""
    word = by_start.get(start)
    return word is not None and (
        word.pos[0] == "接頭辞" or (word.pos[1] == "普通名詞" and 2 <= word.end - start <= end - start)
    )


def is_given(m: Morpheme) -> bool:
    """A given name as Sudachi tags it, in kanji or hiragana."""
    return m.pos[1:4] == ("固有名詞", "人名", "名") and bool(
        re.fullmatch(f"[{_KANJI}\u3041-\u3096]+", m.surface)
    )


def continues(ms: list[Morpheme], i: int) -> bool:
    """The word runs on into a kanji compound (金井町): not a bare family name."""
    return (
        i + 1 < len(ms)
        and ms[i + 1].start == ms[i].end
        and ms[i + 1].pos[0] == "名詞"
        and bool(_KANJI_WORD.match(ms[i + 1].surface))
        and ms[i + 1].pos[1] != "固有名詞"
    )
