"""Stage 1: Unicode and Japanese orthography normalisation (NFKC + neologdn)."""

from __future__ import annotations

import unicodedata

import neologdn

STAGE = "normalise.v2"

# neologdn folds typographic quotes to ASCII and dashes to the long-vowel mark ー. Evidence
# sentences are quoted back to analysts (and compared with other tools' copies), and "— outlet"
# attribution lines need their dash, so these survive: swapped for private-use code points
# around neologdn and swapped back after.
_PROTECTED = "“”‘’—―"
_HIDE = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate(_PROTECTED)})
_SHOW = str.maketrans({chr(0xE000 + i): c for i, c in enumerate(_PROTECTED)})
_DROP = str.maketrans({chr(0xE000 + i): None for i in range(len(_PROTECTED))})  # and NUL, below
_DROP[0] = None


def normalise_heading(text: str) -> str:
    """A headline or title normalised as ``normalise`` does, but with the spaces between its parts
    kept ("日米 重要鉱物で協力"): neologdn drops a space between two Japanese words, which in a
    headline is the only thing parting them. One line; runs of spaces become one."""
    return " ".join(normalise(part) for part in unicodedata.normalize("NFKC", text).split())


def normalise(text: str) -> str:
    """NFKC, then neologdn per line (``tilde="normalize"`` keeps 15~16日 as a range).

    Lines stay lines (the cleaner classifies them); \\r\\n, \\r and U+2028 become \\n.
    Private-use characters in the input are dropped first so the protection above is sound, and
    NUL, which no backend stores as text alike (#16).
    """
    text = unicodedata.normalize("NFKC", text).translate(_DROP)  # NUL is no text (and no PostgreSQL text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").split("\n")
    return "\n".join(
        neologdn.normalize(line.translate(_HIDE), tilde="normalize").translate(_SHOW) for line in lines
    )
