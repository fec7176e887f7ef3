"""The language of a clean page, from the scripts its letters are written in.

No language-identification library is installed with Kizashi (no lingua, langdetect, fastText or
CLD), and the pages it reads are Japanese, English, or the odd Chinese or Korean quote, which
their scripts tell apart without a model:

- kana (hiragana, katakana) are written only in Japanese: a page whose CJK letters are at least
  5% kana is "ja" (Japanese news prose runs 40-60% kana; Chinese has none);
- Han without kana is "zh"; Hangul is "ko";
- Latin letters are "en" only when English function words make up a tenth of the words, else
  "und" (ISO 639-2 "undetermined"): we do not guess French or German from their letters.

The script that has the most letters decides; a page with no letters at all is "und". Codes are
ISO 639-1, as SCHEMA.md's ``language`` field and PLOVER's citation ``language`` want.
"""

from __future__ import annotations

import re

STAGE = "language.v1"

_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "was", "were",
    "are", "be", "it", "at", "from", "this", "has", "have", "said", "will", "its", "an", "which", "not",
    "or", "but", "their",
})  # fmt: skip
MIN_KANA_SHARE = 0.05  # of CJK letters
MIN_ENGLISH_SHARE = 0.10  # of Latin words


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` ("ja", "en", "zh", "ko"), or "und" when the scripts do not say."""
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    cjk = kana + han
    if max(cjk, hangul, latin) == 0:
        return "und"
    if cjk >= hangul and cjk >= latin:
        return "ja" if kana >= MIN_KANA_SHARE * cjk else "zh"
    if hangul >= latin:
        return "ko"
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    return "en" if words and english >= MIN_ENGLISH_SHARE * len(words) else "und"


__all__ = ["STAGE", "detect_language"]
