"""The event taxonomy, kept as data (data/events/event_types.yaml) and validated on load.

Loaded once by whoever needs it (the pipeline's ``Context``, the web app, an export) and passed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from kizashi.errors import KizashiError


class _TriggerModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    mode: str | None = None


class _TypeModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plover: str | None
    family: str
    triggers: list[_TriggerModel]


class _TaxonomyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    types: dict[str, _TypeModel]
    status: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    type: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class TriggerHit:
    start: int
    end: int
    trigger: Trigger


class Taxonomy:
    """Event types, their triggers (one regex, longest first) and status cues."""

    def __init__(self, model: _TaxonomyModel) -> None:
        self.types = model.types
        self.status_cues = model.status
        self.triggers: dict[str, Trigger] = {}
        for name, t in model.types.items():
            for trig in t.triggers:
                self.triggers.setdefault(trig.text, Trigger(trig.text, name, trig.mode))
        words = sorted(self.triggers, key=len, reverse=True)
        self._regex = re.compile("|".join(re.escape(w) for w in words))

    def has_trigger(self, text: str) -> bool:
        return self._regex.search(text) is not None

    def find(self, text: str) -> list[TriggerHit]:
        return [TriggerHit(m.start(), m.end(), self.triggers[m.group(0)]) for m in self._regex.finditer(text)]

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
