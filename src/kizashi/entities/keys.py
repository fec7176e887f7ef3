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
# a hyphen or dash between two katakana is a separator or a long mark typed with the wrong key
_DASHES = frozenset("-‐‑‒–—―−")
_SMALL_KANA = {"ヶ": "ケ", "ヵ": "カ", "ヂ": "ジ", "ヅ": "ズ"}
_VU_DIGRAPHS = {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ"}
# loanword spellings that stand for one sound: ウィ = ウイ, クァ = クア, ティ = チ (マーティン = マーチン)
_DIGRAPHS = {
    ("ウ", "ィ"): "イ",
    ("ウ", "ェ"): "エ",
    ("ウ", "ォ"): "オ",
    ("ク", "ァ"): "ア",
    ("ク", "ィ"): "イ",
    ("ク", "ェ"): "エ",
    ("ク", "ォ"): "オ",
}
_VOICING_MARKS = frozenset("\u3099\u309a")
# Variant kanji of names that OpenCC's JPVariants table does not hold (it covers 國/国, 濱/浜, 邊/辺,
# 齋/斎 and the other 旧字/新字 pairs): 異体字 written in registered names (髙島, 山﨑, 渡邉, 冨田).
# A general list (ja-itaiji's families) joins characters that are different in names (埼/崎, 濱/頻),
# so only these, each a variant of one character, are folded.
_NAME_VARIANTS = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "碕": "崎",
    "邉": "邊",
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "槇": "槙",
    "靑": "青",
    "淸": "清",
    "曻": "昇",
    "𠮷": "吉",
    "桒": "桑",
    "舘": "館",
    "濵": "濱",
    "渕": "淵",
    "栁": "柳",
    "峯": "峰",
    "埜": "野",
    "德": "徳",
    "瀨": "瀬",
}


def _is_selector(ch: str) -> bool:
    """Variation selectors (IVS): a glyph choice, not a different character."""
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


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


def _next(keyed: list[str], idx: int) -> str:
    """The first key character after source character ``idx``."""
    return next((k[0] for k in keyed[idx + 1 :] if k), "")


def _is_kana(c: str) -> bool:
    return "\u30a1" <= c <= "\u30fa" or c == "ー"


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
            out = "" if _is_selector(ch) else unicodedata.normalize("NFKC", ch).casefold()
            out = _NAME_VARIANTS.get(out, out)
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
        keyed = [self.char_key(ch) for ch in text]
        for idx, ch_key in enumerate(keyed):
            for c in ch_key:
                prev = out[-1] if out else ""
                if c in _LONG_MARKS or (
                    c == "イ" and keyed[idx - 1 : idx] == ["ェ"] and _next(keyed, idx) != "ン"
                ):
                    # フェイス = フェース = フェス; ウェイン stays apart from ウェン
                    if out:
                        ends[-1] = idx + 1
                    continue
                if c.isspace() or c in _DROP:
                    continue
                if c in _DASHES and _is_kana(prev) and _is_kana(_next(keyed, idx)):
                    continue
                if c in _VOICING_MARKS and out:  # half-width ｶﾞ: NFKC per character leaves a combining mark
                    out[-1] = unicodedata.normalize("NFC", out[-1] + c)
                    ends[-1] = idx + 1
                    continue
                joined = _VU_DIGRAPHS.get(c) if prev == "ヴ" else _DIGRAPHS.get((prev, c))
                if joined is None and prev == "テ" and c == "ィ":
                    joined = "チ"
                if joined is not None:
                    if prev in {"ヴ", "テ"}:
                        out[-1] = joined
                        ends[-1] = idx + 1
                        continue
                    c = joined  # ウィ -> ウイ: the small vowel becomes a full one
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
