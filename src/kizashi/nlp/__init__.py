"""Stage: Japanese NLP with GiNZA. spaCy objects never leave this package.

``load_nlp`` builds the pipeline once per process (the runner keeps it); ``parse`` runs
``nlp.pipe`` over the sentences that need a parse and returns plain ``Token`` records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from kizashi.nlp.convert import to_tokens
from kizashi.nlp.sentences import split_sentences
from kizashi.records import Token

log = logging.getLogger(__name__)
_shared: dict[str, Any] = {}  # per process: "sudachi", the one Sudachi tokenizer (see ``sudachi``)

STAGE = "nlp.ginza.v1"
__all__ = ["STAGE", "load_nlp", "parse", "split_sentences", "sudachi", "tokenize"]


@lru_cache(maxsize=2)
def load_nlp(*, ner: bool = False) -> Any:
    """GiNZA (ja_ginza), loaded once per process and per flavour.

    NER is excluded by default: the gazetteer does recognition and NER costs ~70% of the time.
    """
    import spacy  # heavy import, kept out of module import time

    exclude = [] if ner else ["ner"]
    nlp = spacy.load("ja_ginza", exclude=exclude)
    log.info("loaded ja_ginza with %s", nlp.pipe_names)
    ja_tokenizer: Any = nlp.tokenizer  # spacy.lang.ja.JapaneseTokenizer, around a Sudachi tokenizer
    _shared["sudachi"] = ja_tokenizer.tokenizer  # one Sudachi dictionary per process: GiNZA's
    return nlp


def parse(nlp: Any, items: Iterable[tuple[int, str]], *, batch_size: int = 64) -> list[tuple[Token, ...]]:
    """Parse (offset, sentence text) pairs; token offsets come back shifted by each offset."""
    out: list[tuple[Token, ...]] = []
    for doc, offset in nlp.pipe(
        ((text, start) for start, text in items), as_tuples=True, batch_size=batch_size
    ):
        out.append(to_tokens(doc, offset))
    return out


def sudachi() -> tuple[Any, Any]:
    """The process's Sudachi tokenizer and split mode C, for words without a parse.

    Once GiNZA is loaded this is the tokenizer inside it (its dictionary costs 50-100 MB per
    copy); before that, one of our own, which ``load_nlp`` then replaces. Not thread-safe, like
    GiNZA: one thread per process uses it (the Dask runner runs one batch at a time per worker).
    """
    from sudachipy import dictionary, tokenizer

    if "sudachi" not in _shared:
        _shared["sudachi"] = dictionary.Dictionary(dict="core").create()
    return _shared["sudachi"], tokenizer.Tokenizer.SplitMode.C


def tokenize(text: str) -> list[str]:
    """Sudachi words (surface forms) for the short-word search index: fast, no parse."""
    tok, mode = sudachi()
    words: list[str] = []
    # Sudachi refuses inputs over ~49,000 bytes: feed it line by line, long lines in slices
    for line in text.splitlines():
        for i in range(0, len(line), 4000):
            words.extend(m.surface() for m in tok.tokenize(line[i : i + 4000], mode) if m.surface().strip())
    return words
