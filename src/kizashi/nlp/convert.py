"""The boundary: spaCy ``Doc`` -> tuple of ``Token`` records."""

from __future__ import annotations

from typing import Any

from kizashi.records import Token


def to_tokens(doc: Any, offset: int) -> tuple[Token, ...]:
    return tuple(
        Token(
            i=t.i,
            text=t.text,
            lemma=t.lemma_,
            norm=t.norm_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            start=offset + t.idx,
            end=offset + t.idx + len(t.text),
        )
        for t in doc
    )
