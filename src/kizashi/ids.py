"""Content-hash ids: the same input gives the same id, so re-runs upsert instead of duplicating."""

from __future__ import annotations

import hashlib


def content_id(*parts: object, prefix: str = "", length: int = 16) -> str:
    """A short stable hash of the parts (joined with an unlikely separator)."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return prefix + h.hexdigest()[:length]


def doc_id(source_name: str, text: str) -> str:
    return content_id(source_name, text, prefix="d_")


def story_id(doc: str, index: int, first_line: str) -> str:
    return content_id(doc, index, first_line, prefix="s_")


def mention_id(doc: str, start: int, end: int, label: str) -> str:
    return content_id(doc, start, end, label, prefix="m_")


def entity_id(canonical_key: str) -> str:
    return content_id(canonical_key, prefix="e_")


def event_id(doc: str, story: str, type_: str, actor1: str | None, actor2: str | None, start: int) -> str:
    return content_id(doc, story, type_, actor1, actor2, start, prefix="v_")
