"""Match keys: the form under which names are compared (never shown; canonical names are kept as written).

A key folds width, case, hanzi variants (王文濤 = 王文涛) and katakana spelling variants
(セキュリティー = セキュリティ, ヴァ = バ, カート・キャンベル = カートキャンベル). ``MatchKeys`` owns what
the folding reads (OpenCC's t2s converter and the inverse of its JPVariants table) and remembers
the keys it has computed; the gazetteer holds one and its matcher shares it.
"""

from __future__ import annotations

import unicodedata
from importlib import resources

from opencc import OpenCC

__all__ = ["MatchKeys"]

# Dropped from keys: spacing and the separators Japanese writes inside foreign names
# (カート・キャンベル, ジャン=クロード, the Chinese name dot), and the katakana long mark
# (セキュリティー = セキュリティ), which stays inside the span of the syllable before it.
_DROP = frozenset("・=゠·‧")
_LONG_MARKS = frozenset("ー")
_SMALL_KANA = {"ヶ": "ケ", "ヵ": "カ"}
_VU_DIGRAPHS = {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ"}
_VOICING_MARKS = frozenset("\u3099\u309a")
_CHAR_MEMO = 65536  # character keys kept; the memo starts afresh past this
_KEY_MEMO = 131072  # text keys kept


def _shinjitai_to_traditional() -> dict[str, str]:
    """Japanese shinjitai -> traditional hanzi (涛 <- 濤 reversed: 濤 -> 涛 is t2s's job).

    opencc-python-reimplemented ships no ``jp2t`` config, only OpenCC's JPVariants table
    (traditional -> Japanese); this is its inverse, keeping only unambiguous characters
    (弁 stands for 辨, 辯 and 瓣, so it is left alone).
    """
    table = resources.files("opencc").joinpath("dictionary", "JPVariants.txt").read_text(encoding="utf-8")
    sources: dict[str, set[str]] = {}
    for line in table.splitlines():
        if "\t" not in line:
            continue
        trad, variants = line.split("\t", 1)
        for jp in variants.split():
            if jp != trad:
                sources.setdefault(jp, set()).add(trad)
    return {jp: next(iter(trads)) for jp, trads in sources.items() if len(trads) == 1}


def _is_han(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


class MatchKeys:
    """Computes match keys, with the folding tables loaded once per instance."""

    def __init__(self) -> None:
        self._traditional = _shinjitai_to_traditional()
        self._t2s = OpenCC("t2s")
        self._chars: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def char_key(self, ch: str) -> str:
        """Width, case and hanzi folding of one source character (may be empty or several characters)."""
        out = self._chars.get(ch)
        if out is None:
            out = unicodedata.normalize("NFKC", ch).casefold()
            if len(out) == 1 and _is_han(out):
                # character by character, so that a text's key is the concatenation of its characters' keys
                out = str(self._t2s.convert(self._traditional.get(out, out)))
            if len(self._chars) >= _CHAR_MEMO:
                self._chars.clear()
            self._chars[ch] = out
        return out

    def spans(self, text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
        """The key of ``text`` and, per key character, the source span [start, end) it stands for.

        A dropped long mark belongs to the syllable before it, so the span of タ in ロイター ends after
        ー: a name matched on its key then covers the whole written word. Separators (・, spaces) that
        are dropped belong to no span.
        """
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for idx, ch in enumerate(text):
            for c in self.char_key(ch):
                if c in _LONG_MARKS:
                    if out:
                        ends[-1] = idx + 1
                    continue
                if c.isspace() or c in _DROP:
                    continue
                if c in _VOICING_MARKS and out:  # half-width ｶﾞ: NFKC per character leaves a combining mark
                    out[-1] = unicodedata.normalize("NFC", out[-1] + c)
                    ends[-1] = idx + 1
                    continue
                if out and out[-1] == "ヴ" and c in _VU_DIGRAPHS:
                    out[-1] = _VU_DIGRAPHS[c]
                    ends[-1] = idx + 1
                    continue
                out.append(_SMALL_KANA.get(c, c))
                starts.append(idx)
                ends.append(idx + 1)
        # a ヴ not followed by a small vowel is ブ (ヴュ = ビュ is rare enough to leave as ブュ)
        return "".join("ブ" if c == "ヴ" else c for c in out), tuple(starts), tuple(ends)

    def with_offsets(self, text: str) -> tuple[str, tuple[int, ...]]:
        """The key of ``text`` and, for each key character, the index of the source character it starts at."""
        key, starts, _ = self.spans(text)
        return key, starts

    def key(self, text: str) -> str:
        """The key under which surface forms are compared."""
        out = self._keys.get(text)
        if out is None:
            out = self.spans(text)[0]
            if len(self._keys) >= _KEY_MEMO:
                self._keys.clear()
            self._keys[text] = out
        return out
