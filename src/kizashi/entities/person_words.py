"""What Sudachi's words say about a stretch of text that may be a person's name (entities/people.py)."""

from __future__ import annotations

import re

from kizashi.records import Morpheme

_KANJI = "\u4e00-\u9fff々"
_KANJI_WORD = re.compile(f"[{_KANJI}]+")
# who wrote the story: 【山田太郎】, (編集担当:山田太郎), and the dateline form ワシントン=山田太郎 鈴木花子
BYLINE = re.compile(
    rf"(?:【|(?:編集担当|記者|文|写真|撮影|取材|翻訳|編集|筆者)\s*[:：]\s*|[=＝](?:[{_KANJI}]{{2,6}}[ 　]?)*)$"
)
# one-word office titles a family name takes alone (金井局長); not 長官 or 大使, which a place takes
OFFICE_WORDS = frozenset({"局長", "課長", "部長", "室長", "次長", "審議官", "参事官", "課長補佐"})
LEGAL = frozenset({"氏", "被告", "容疑者", "被告人"})  # said only of people
FAMILIAR = {"さん", "様", "君"}  # honorifics that also follow common nouns (お客様, 運転手さん)
# a name followed by these is part of something else's name (山田太郎記念館, 鈴木一郎賞)
NOT_PERSON_NEXT = re.compile("記念|賞|杯|財団|基金|事務所|通り|駅|町|村|区|線|号|丸|像|邸")


def is_name_tag(by_start: dict[int, Morpheme], start: int, end: int) -> bool:
    """Sudachi tags [start, end) as a person's name, in one word or several (ブレンナー + ハイム)."""
    pos = start
    while pos < end:
        word = by_start.get(pos)
        if word is None or word.end > end or word.pos[1:3] != ("固有名詞", "人名"):
            return False
        pos = word.end
    return pos == end > start


def cut_into_words(by_start: dict[int, Morpheme], start: int, end: int) -> bool:
    """Sudachi reads [start, end) as several words (ベルト + ランド)."""
    word = by_start.get(start)
    return word is not None and word.end < end


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


def latin_full_name(text: str, family: str) -> tuple[int, int, str] | None:
    """Where the text writes a person's full name in Latin letters ending in ``family`` (テオドロ
    国防相 ... Gilbert Teodoro): the first such name's span and text."""
    if not family.isascii() or not family.isalpha():
        return None
    m = re.search(rf"(?<![A-Za-z])[A-Z][a-z]+(?: [A-Z]\.?)? {re.escape(family)}(?![A-Za-z])", text)
    return (m.start(), m.end(), m.group(0)) if m else None
