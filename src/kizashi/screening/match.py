"""Scoring a candidate pair (stored entity, list entry) and saying why.

The name score is the best over the pairs of their forms of one kind: 1.0 for equal keys, else
rigour's bounded Levenshtein similarity (a few edits, a small share of the name: typos and
spelling variants score, a different company that shares a word scores nothing). The same words in
another order (person names family-first) count as equal. A katakana name turned back towards
Latin is weaker evidence: it is scored against the Latin names and weighted by ``ROMAN_WEIGHT``, so
on its own it reaches "possible match" at most. The country is evidence around the name score:
the same country adds ``COUNTRY_BONUS``, a different one takes ``COUNTRY_PENALTY`` away.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rigour.text import levenshtein_similarity

from kizashi.ids import content_id
from kizashi.screening.index import IndexedEntry, ListIndex
from kizashi.screening.names import NameForm, roman_fold

__all__ = ["MATCH_THRESHOLD", "POSSIBLE_THRESHOLD", "Match", "Subject", "screen"]

MATCH_THRESHOLD = 0.9  # at or above: "match"
POSSIBLE_THRESHOLD = 0.7  # at or above (and below MATCH_THRESHOLD): "possible"
ROMAN_WEIGHT = 0.8
CJK_NEAR_CAP = 0.75
COUNTRY_BONUS = 0.08
COUNTRY_PENALTY = 0.15
MATCHER_VERSION = "screening.v1"
_PERSON_SCHEMATA = frozenset({"Person"})
_ANY_SCHEMATA = frozenset({"LegalEntity", "Thing"})


@dataclass(frozen=True, slots=True)
class Subject:
    """A stored entity as screening sees it: every name it is known or mentioned by."""

    entity_id: str
    canonical: str
    type: str  # PERSON | ORG
    country: str | None
    forms: tuple[NameForm, ...]


@dataclass(frozen=True, slots=True)
class Match:
    match_id: str
    entry_id: str
    entity_id: str
    list_name: str
    score: float
    status: str  # match | possible
    explanation: tuple[str, ...]


def match_id(entry_id: str, entity_id: str) -> str:
    return content_id(entry_id, entity_id, prefix="x_")


def _similar(a: str, b: str, *, cjk: bool = False) -> float:
    if a == b:
        return 1.0
    if cjk:
        if max(len(a), len(b)) < 5:  # short names (東芝, 中興): equal or nothing
            return 0.0
        # one kanji is a word (機械 machinery, 工業 industry): one differing character at most,
        # and never more than a possible match however the country agrees
        return min(CJK_NEAR_CAP, float(levenshtein_similarity(a, b, max_edits=1, max_percent=0.2)))
    mine, theirs = a.split(), b.split()
    if sorted(mine) == sorted(theirs):  # the same words in another order (family name first)
        return 1.0
    if len(mine) != len(theirs):  # a space more or less (Hik Vision, Hikvision), nothing else
        return float(
            levenshtein_similarity(a.replace(" ", ""), b.replace(" ", ""), max_edits=2, max_percent=0.1)
        )
    # word by word: a shared generic word (Aerospace, Trading) does not carry a different one
    # (Shinu / Shitsu), so every word must be close on its own, and the score is their mean
    # weighted by length
    total = weight = 0.0
    for x, y in zip(mine, theirs, strict=True):
        sim = 1.0 if x == y else float(levenshtein_similarity(x, y, max_edits=2, max_percent=0.2))
        if sim == 0.0:
            return 0.0
        total += sim * max(len(x), len(y))
        weight += max(len(x), len(y))
    return total / weight


def name_score(mine: Sequence[NameForm], theirs: Sequence[NameForm]) -> tuple[float, str, str, str]:
    """(score, subject's name, entry's name, how) of the best pair of forms."""
    best = (0.0, "", "", "")
    for a in mine:
        for b in theirs:
            if a.kind == b.kind:
                score = _similar(a.key, b.key, cjk=a.kind == "cjk")
                how = "same name" if a.key == b.key else "similar name"
            elif {a.kind, b.kind} == {"roman", "latin"}:
                roman, latin = (a, b) if a.kind == "roman" else (b, a)
                score = ROMAN_WEIGHT * _similar(roman.key, roman_fold(latin.key))
                how = f"katakana read as {roman.key!r}"
            else:
                continue
            if score > best[0]:
                best = (score, a.name, b.name, how)
    return best


def _types_fit(subject: Subject, entry: IndexedEntry) -> bool:
    if entry.schema in _ANY_SCHEMATA:
        return True
    return (entry.schema in _PERSON_SCHEMATA) == (subject.type == "PERSON")


def score_pair(subject: Subject, entry: IndexedEntry) -> Match | None:
    """The match of one candidate pair, or None below ``POSSIBLE_THRESHOLD``."""
    if not _types_fit(subject, entry):
        return None
    score, mine, theirs, how = name_score(subject.forms, entry.forms)
    if score < POSSIBLE_THRESHOLD - COUNTRY_BONUS:
        return None
    why = [f"name: {mine} ~ {theirs} ({how}, {score:.2f})"]
    if subject.country and entry.countries:
        if subject.country in entry.countries:
            score += COUNTRY_BONUS
            why.append(f"country: {subject.country} on both")
        else:
            score -= COUNTRY_PENALTY
            why.append(f"country: {subject.country} here, {'/'.join(entry.countries)} on the list")
    score = round(min(1.0, max(0.0, score)), 3)
    if score < POSSIBLE_THRESHOLD:
        return None
    listed = f" since {entry.listed_on}" if entry.listed_on else ""
    programs = f" ({', '.join(entry.programs)})" if entry.programs else ""
    why.append(f"list: {entry.list_name}{programs}{listed}, entry {entry.caption}")
    return Match(
        match_id=match_id(entry.entry_id, subject.entity_id),
        entry_id=entry.entry_id,
        entity_id=subject.entity_id,
        list_name=entry.list_name,
        score=score,
        status="match" if score >= MATCH_THRESHOLD else "possible",
        explanation=tuple(why),
    )


@dataclass(slots=True)
class ScreenStats:
    subjects: int = 0
    entries: int = 0
    candidates: int = 0  # pairs scored
    matches: int = 0


def screen(
    subjects: Iterable[Subject], index: ListIndex, stats: ScreenStats | None = None
) -> Iterator[Match]:
    """Every match of the subjects against the indexed entries; only blocked candidates are scored."""
    stats = stats if stats is not None else ScreenStats()
    stats.entries = len(index.entries)
    for subject in subjects:
        stats.subjects += 1
        found = index.candidates(subject.forms)
        stats.candidates += len(found)
        for i in found:
            m = score_pair(subject, index.entries[i])
            if m is not None:
                stats.matches += 1
                yield m
