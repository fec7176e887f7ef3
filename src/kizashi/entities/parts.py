"""The glossary of name parts: heads and modifiers of the names no gazetteer entry holds.

``data/lexicons/name_parts.yaml`` lists the words that end an organisation's or a place's name
(委員会, 大使館, 県, 半島) and the words inside such names (予算, 海上保安), with their English. It is
validated on load (``NamePartsModel``) and held by the pipeline's ``Context`` as a :class:`NameParts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from kizashi.config import read_data_file

_Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_Reading = Annotated[str, StringConstraints(pattern=r"^[\u30a1-\u30fa\u30fc]+$")]
_STRICT = ConfigDict(extra="forbid", frozen=True)


class HeadModel(BaseModel):
    model_config = _STRICT

    ja: _Word
    en: str = ""  # empty only for a bare head: the name alone is the English (BASF社 -> BASF)
    type: Literal["ORG", "GPE", "LOC"]
    form: Literal["after", "of", "before", "bare"] = "after"
    place: bool = False
    unit: bool = False
    reading: list[_Reading] = Field(default_factory=list)
    suffix: bool = False
    bare_place: bool = False
    chinese: bool = False
    modifiers: bool = True
    fused: bool = True
    alone: bool = False

    @model_validator(mode="after")
    def _english(self) -> HeadModel:
        if not self.en.strip() and self.form != "bare":
            raise ValueError(f"head {self.ja!r} needs its English (en), unless its form is bare")
        return self


class GroupNounModel(BaseModel):
    model_config = _STRICT

    ja: _Word
    threat: bool = False


class NamePartsModel(BaseModel):
    """``data/lexicons/name_parts.yaml``."""

    model_config = _STRICT

    heads: list[HeadModel]
    modifiers: dict[_Word, _Word]
    not_names: list[_Word] = Field(default_factory=list)
    legal_forms: list[_Word] = Field(default_factory=list)
    group_nouns: list[GroupNounModel] = Field(default_factory=list)
    naming_words: list[_Word] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Head:
    """A word that ends a name (see the data file's header for each field)."""

    ja: str
    en: str
    type: str
    form: str = "after"
    place: bool = False
    unit: bool = False
    readings: tuple[str, ...] = ()
    suffix: bool = False
    bare_place: bool = False
    chinese: bool = False
    modifiers: bool = True
    fused: bool = True
    alone: bool = False


class NameParts:
    """Heads by their Japanese word (a word may head both a place and a body: 省), modifiers, the
    words that hold a country abbreviation but name no actor, firms' legal forms, and the nouns and
    naming words of named groups (「X」と呼ばれるハッカー集団)."""

    def __init__(
        self,
        heads: list[Head],
        modifiers: dict[str, str],
        not_names: frozenset[str],
        legal_forms: tuple[str, ...] = (),
        group_nouns: dict[str, bool] | None = None,
        naming_words: tuple[str, ...] = (),
    ) -> None:
        self.heads: dict[str, tuple[Head, ...]] = {}
        for h in heads:
            self.heads[h.ja] = (*self.heads.get(h.ja, ()), h)
        self.modifiers = dict(modifiers)
        self.not_names = not_names
        self.legal_forms = tuple(sorted(legal_forms, key=len, reverse=True))
        self.group_nouns = dict(group_nouns or {})  # noun -> it says a cyber threat group
        self.naming_words = tuple(sorted(naming_words, key=len, reverse=True))
        self._longest = max((len(w) for w in (*self.heads, *self.modifiers)), default=1)

    def head(self, word: str, *, place: bool, suffix: bool) -> Head | None:
        """The head ``word`` is, for a name before it that is (``place``) or is not a place; a
        suffix-only head only when Sudachi gave the word as a suffix (``suffix``)."""
        fits = [h for h in self.heads.get(word, ()) if (suffix or not h.suffix) and (place or not h.place)]
        return next((h for h in fits if h.place), fits[0] if fits else None)

    def english(self, word: str) -> str | None:
        """The English of a word inside a name: a modifier's, else the head word's (港 -> Port)."""
        if word in self.modifiers:
            return self.modifiers[word]
        heads = self.heads.get(word)
        return heads[0].en if heads else None

    def split(self, word: str) -> list[str] | None:
        """``word`` cut into glossary words, longest first from the left (警察庁 -> 警察, 庁), or
        None when some of it is no glossary word: a word we cannot say in English names nothing."""
        out: list[str] = []
        i = 0
        while i < len(word):
            for n in range(min(self._longest, len(word) - i), 0, -1):
                piece = word[i : i + n]
                if piece in self.modifiers or piece in self.heads:
                    out.append(piece)
                    i += n
                    break
            else:
                return None
        return out


def load_name_parts(path: Path | None = None) -> NameParts:
    """The name-part glossary (default: the package's ``data/lexicons/name_parts.yaml``), checked
    against ``NamePartsModel``: a bad file raises ``DataFileError`` naming the file and the key."""
    if path is None:
        name = "name_parts.yaml"
        text = (
            resources.files("kizashi").joinpath("data/lexicons/name_parts.yaml").read_text(encoding="utf-8")
        )
    else:
        name, text = path.name, path.read_text(encoding="utf-8")
    data = read_data_file(name, text, NamePartsModel)
    heads = [
        Head(
            ja=h.ja,
            en=h.en,
            type=h.type,
            form=h.form,
            place=h.place,
            unit=h.unit,
            readings=tuple(h.reading),
            suffix=h.suffix,
            bare_place=h.bare_place,
            chinese=h.chinese,
            modifiers=h.modifiers,
            fused=h.fused,
            alone=h.alone,
        )
        for h in data.heads
    ]
    return NameParts(
        heads,
        dict(data.modifiers),
        frozenset(data.not_names),
        tuple(data.legal_forms),
        {g.ja: g.threat for g in data.group_nouns},
        tuple(data.naming_words),
    )
