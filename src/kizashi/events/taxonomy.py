"""The event taxonomy, kept as data (data/events/event_types.yaml) and validated on load.

Loaded once by whoever needs it (the pipeline's ``Context``, the web app, an export) and passed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from kizashi.errors import KizashiError
from kizashi.events.confidence import FEATURES


class _TriggerModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str  # the surface matched, or with ``pattern`` the name the explanation shows
    mode: str | None = None
    pattern: str | None = None  # a regex for a family of surfaces (懸念事項を提起, 深刻な懸念)
    phrase: bool | None = None  # a predicate by itself; default: a particle inside the text

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:  # a ValueError is what pydantic reports with the trigger's place
                raise ValueError(f"pattern {value!r}: {exc}") from exc
        return value


TRAITS = ("symmetric", "two_parties", "speech", "one_party")


class _TypeModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plover: str | None
    family: str
    traits: list[Literal["symmetric", "two_parties", "speech", "one_party"]] = []
    triggers: list[_TriggerModel]


class _TaxonomyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    types: dict[str, _TypeModel]
    status: dict[str, list[str]]
    confidence: dict[str, float] = {}  # weights of events/confidence.py's features

    @field_validator("confidence")
    @classmethod
    def _known_features(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(FEATURES))
        if unknown:
            raise ValueError(f"unknown confidence features {unknown}; known: {list(FEATURES)}")
        return value


# a case particle inside a trigger (懸念を表明, 声明で明らかに) makes it a phrase
_PARTICLE_INSIDE = re.compile("[をでにが]")


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    type: str
    mode: str | None
    phrase: bool = False  # a predicate by itself: no parse needs to show it heads a clause


@dataclass(frozen=True, slots=True)
class TriggerHit:
    start: int
    end: int
    trigger: Trigger


class Taxonomy:
    """Event types, their triggers and status cues.

    Surface triggers form one regex, longest first; pattern triggers are regexes of their own.
    Where hits overlap, the one that starts first wins, then the longer one. Latin letters
    match in any case (Entity List, entity list)."""

    def __init__(self, model: _TaxonomyModel) -> None:
        self.types = model.types
        self.status_cues = model.status
        self.confidence = model.confidence
        measures = frozenset(n for n, t in model.types.items() if t.family == "MEASURE")
        self.traits: dict[str, frozenset[str]] = {
            trait: frozenset(n for n, t in model.types.items() if trait in t.traits) for trait in TRAITS
        }
        # the kinds the confidence model tells apart (events/confidence.py)
        self.kinds = {"speech": self.traits["speech"], "measure": measures}
        self.triggers: dict[str, Trigger] = {}
        self._patterns: list[tuple[re.Pattern[str], Trigger]] = []
        for name, t in model.types.items():
            for trig in t.triggers:
                phrase = (
                    trig.phrase if trig.phrase is not None else bool(_PARTICLE_INSIDE.search(trig.text[1:-1]))
                )
                trigger = Trigger(trig.text, name, trig.mode, phrase)
                if trig.pattern is not None:
                    self._patterns.append((re.compile(trig.pattern, re.IGNORECASE), trigger))
                else:
                    self.triggers.setdefault(trig.text.casefold(), trigger)
        words = sorted(self.triggers, key=len, reverse=True)
        self._regex = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)

    def has_trigger(self, text: str) -> bool:
        return self._regex.search(text) is not None or any(p.search(text) for p, _ in self._patterns)

    def find(self, text: str) -> list[TriggerHit]:
        hits = [
            TriggerHit(m.start(), m.end(), self.triggers[m.group(0).casefold()])
            for m in self._regex.finditer(text)
        ]
        for pattern, trigger in self._patterns:
            hits += [
                TriggerHit(m.start(), m.end(), trigger) for m in pattern.finditer(text) if m.end() > m.start()
            ]
        hits.sort(key=lambda h: (h.start, h.start - h.end))
        kept: list[TriggerHit] = []
        for hit in hits:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def plover(self, type_: str) -> str | None:
        t = self.types.get(type_)
        return t.plover if t else None

    def family(self, type_: str) -> str:
        t = self.types.get(type_)
        return t.family if t else "OTHER"


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy in ``path`` (default: the package's ``data/events/event_types.yaml``)."""
    if path is None:
        text = resources.files("kizashi").joinpath("data/events/event_types.yaml").read_text(encoding="utf-8")
        return _parse(text, "event_types.yaml")
    return _parse(path.read_text(encoding="utf-8"), str(path))


def _parse(text: str, source: str) -> Taxonomy:
    try:
        return Taxonomy(_TaxonomyModel.model_validate(yaml.safe_load(text)))
    except (yaml.YAMLError, ValueError) as exc:
        raise KizashiError(f"{source}: invalid event taxonomy: {exc}") from exc
