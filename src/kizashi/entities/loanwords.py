"""English source words of katakana loanwords, for the names of things that are not people.

A group, product or operation named in katakana is usually made of English words (ミラーフェース
is Mirror Face, ゴースト・エンペラー Ghost Emperor); transliterating the kana back gives Mirarfes.
UniDic records the foreign spelling of a loanword in its lemma (ミラー-mirror), so the name is
tagged with MeCab (fugashi) over UniDic's small edition (unidic-lite), and each word is replaced by
its source. A name with one word UniDic gives no foreign spelling for is left to the caller
(None): a half-English name is no better than the transliteration. People's names never come here.

The tagger is loaded on first use and held by the :class:`Loanwords` instance (the pipeline's
``Context`` holds it through its ``Romaniser``); nothing is kept at module level.
"""

from __future__ import annotations

import re
from typing import Any

# the lemma's foreign spelling: ミラー-mirror, ラザルス-Lazarus (one Latin word, maybe hyphenated)
_FOREIGN = re.compile(r"-([A-Za-z][A-Za-z'\-]*)$")
_SEPARATORS = re.compile("[・=＝ ]+")
_MEMO_LIMIT = 4096


class Loanwords:
    """English for katakana names: ``english("ゴースト・エンペラー") == "Ghost Emperor"``."""

    def __init__(self) -> None:
        self._tagger: Any = None
        self._memo: dict[str, str | None] = {}

    def english(self, katakana: str) -> str | None:
        """The name in English words, or None when some word of it has no foreign spelling."""
        if katakana in self._memo:
            return self._memo[katakana]
        parts = [p for p in _SEPARATORS.split(katakana) if p]
        words: list[str] = []
        for part in parts:
            spelled = self._part(part)
            if spelled is None:
                words = []
                break
            words.extend(spelled)
        out = " ".join(words) or None
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[katakana] = out
        return out

    def _part(self, part: str) -> list[str] | None:
        tokens = list(self._tag(part))
        if not tokens or "".join(t.surface for t in tokens) != part:
            return None
        out = []
        for token in tokens:
            m = _FOREIGN.search(str(token.feature.lemma or ""))
            if m is None:
                return None
            word = m.group(1)
            out.append(word if any(c.isupper() for c in word) else word.capitalize())
        return out

    def _tag(self, text: str) -> Any:
        if self._tagger is None:
            import fugashi
            import unidic_lite

            self._tagger = fugashi.Tagger(f'-d "{unidic_lite.DICDIR}"')
        return self._tagger(text)
