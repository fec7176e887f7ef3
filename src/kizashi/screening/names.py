"""The comparison forms of a name in any script: what screening compares and blocks on.

Latin names go through ``rigour``: its org-type data removes legal forms (Co., Ltd., GmbH, JSC,
ООО ...) and ``normality``-style folding makes the key. Rigour splits names on spaces, so it does
not find a legal form inside unspaced CJK text; that layer is ours: the project's ``MatchKeys``
(width, case, 旧字/新字 and simplified/traditional hanzi folded to one form, katakana spelling
variants folded) and a list of CJK legal forms keyed the same way (株式会社, 有限公司, 集団 ...).
Katakana is also turned back towards Latin (``romanise.foreign``) for a weaker, cross-script form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from rigour.names import remove_org_types

from kizashi.entities import romanise
from kizashi.entities.keys import MatchKeys

__all__ = ["Blocks", "NameForm", "NameForms", "blocks", "roman_fold"]

# CJK legal forms and group words (Japanese, simplified and traditional Chinese), longest first
# after keying; removed at either end of a key. 集団/集团 (group) is dropped like "Group" is not:
# Chinese state groups are listed both with and without it (中国电子科技集团(公司)).
_CJK_FORMS = (
    "股份有限公司",
    "有限責任公司",
    "集団有限公司",
    "控股有限公司",
    "有限公司",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "集団公司",
    "総公司",
    "集団",
    "公司",
    "(株)",
    "(有)",
    "㈱",
    "㈲",
)
# Latin legal forms rigour leaves in place (it removes Co., Ltd., Inc., GmbH, JSC ...), at the end
_LATIN_TAIL = frozenset(
    {"corporation", "corp", "company", "co", "ltd", "limited", "inc", "incorporated", "llc", "plc", "kk"}
)
_LATIN_HEAD = ("kabushiki kaisha ", "kabushikigaisha ")
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_KATAKANA_NAME = re.compile("[\u30a1-\u30ff]+")  # katakana, ・ and ー only


@dataclass(frozen=True, slots=True)
class NameForm:
    """One comparable form: ``kind`` 'latin' (space-separated words), 'cjk' (a compact key) or
    'roman' (katakana turned back towards Latin, compared with the latin forms of the other side)."""

    kind: str
    key: str
    name: str  # the name as written, for the explanation


_ROMAN_FOLDS = (("ph", "f"), ("c", "k"), ("q", "k"), ("l", "r"), ("v", "b"), ("ou", "o"), ("oh", "o"))
_DOUBLE = re.compile(r"(.)\1+")


def roman_fold(text: str) -> str:
    """Latin letters as katakana can tell them apart: c/k, l/r, v/b one letter, doubled letters and
    long vowels single (トーカイ read back as 'tocai' meets 'Tokai'). Spaces go."""
    text = text.replace(" ", "").casefold()
    for a, b in _ROMAN_FOLDS:
        text = text.replace(a, b)
    return _DOUBLE.sub(r"\1", text)


def _is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


class NameForms:
    """Makes the forms of names; holds the project's ``MatchKeys`` and the keyed CJK legal forms."""

    def __init__(self, keys: MatchKeys | None = None) -> None:
        self._keys = keys or MatchKeys()
        self._cjk_forms = sorted({self._keys.key(f) for f in _CJK_FORMS}, key=len, reverse=True)

    def forms(self, name: str) -> list[NameForm]:
        """Every form of one name (none for a name that is only a legal form or punctuation)."""
        name = unicodedata.normalize("NFKC", name).strip()
        if not name:
            return []
        if _is_latin(name):
            key = self.latin_key(name)
            return [NameForm("latin", key, name)] if key else []
        key = self.cjk_key(name)
        out = [NameForm("cjk", key, name)] if key else []
        if _KATAKANA_NAME.fullmatch(name.replace(" ", "")):  # all katakana: also a Latin guess at it
            roman = roman_fold("".join(romanise.foreign(k) for k in re.split("[・=]", name) if k))
            if len(roman) >= 3:
                out.append(NameForm("roman", roman, name))
        return out

    def latin_key(self, name: str) -> str:
        text = remove_org_types(name.casefold())
        text = _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
        for head in _LATIN_HEAD:
            text = text.removeprefix(head)
        words = text.split()
        while len(words) > 1 and words[-1] in _LATIN_TAIL:
            words.pop()
        return " ".join(words)

    def cjk_key(self, name: str) -> str:
        key = self._keys.key(_PUNCT.sub("", name.replace("(株)", "㈱").replace("(有)", "㈲")))
        changed = True
        while changed:
            changed = False
            for form in self._cjk_forms:
                if len(key) > len(form) and (key.startswith(form) or key.endswith(form)):
                    key = key.removeprefix(form) if key.startswith(form) else key.removesuffix(form)
                    changed = True
        return key


class Blocks(NamedTuple):
    """A form's blocking keys: ``exact`` (its whole key, and for latin its folded letters),
    ``content`` (words for latin, character bigrams for cjk) and ``loose`` (the first three folded
    letters, which select candidates for a roman form only, as it has no words of its own)."""

    exact: list[str]
    content: list[str]
    loose: list[str]


def blocks(form: NameForm) -> Blocks:
    if form.kind == "roman":
        return Blocks([f"r:{form.key}"], [], [f"p:{form.key[:3]}"])
    if form.kind == "latin":
        folded = roman_fold(form.key)
        words = [f"w:{w}" for w in dict.fromkeys(form.key.split()) if len(w) > 1]
        return Blocks([f"k:latin:{form.key}", f"r:{folded}"], words, [f"p:{folded[:3]}"])
    bigrams = [f"b:{form.key[i : i + 2]}" for i in range(len(form.key) - 1)]
    return Blocks([f"k:cjk:{form.key}"], list(dict.fromkeys(bigrams)), [])
