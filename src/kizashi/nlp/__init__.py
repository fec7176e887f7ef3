"""Stage: Japanese NLP with GiNZA. spaCy objects never leave this package.

``Analyser`` holds GiNZA (loaded on first use) and the one Sudachi tokenizer; the pipeline's
``Context`` owns one and passes it down. ``Analyser.parse`` runs ``nlp.pipe`` over the sentences
that need a parse and returns plain ``Token`` records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from kizashi.nlp.convert import to_tokens
from kizashi.nlp.sentences import split_sentences
from kizashi.records import Morpheme, Token

log = logging.getLogger(__name__)

STAGE = "nlp.ginza.v1"
__all__ = ["STAGE", "Analyser", "split_sentences"]

_MEMO_LIMIT = 8192  # common-word answers kept; the memo starts afresh past this
_SLICE = 4000  # characters per Sudachi call, under its input limit in UTF-8


class Analyser:
    """GiNZA (``ja_ginza``) and its Sudachi tokenizer, each loaded on first use and kept.

    NER is excluded unless ``ner``: the gazetteer does recognition and NER costs ~70% of the time.
    There is one Sudachi dictionary (50-100 MB per copy): once GiNZA is loaded it is the tokenizer
    inside GiNZA; before that, one of its own, which loading GiNZA replaces. Not thread-safe, like
    GiNZA: one thread uses it at a time (the Dask runner runs one batch at a time per worker).
    """

    def __init__(self, *, ner: bool = False) -> None:
        self.ner = ner
        self._nlp: Any = None  # spacy Language, built by ``_language``
        self._sudachi: Any = None
        self._common: dict[str, bool] = {}

    @property
    def loaded(self) -> bool:
        """Whether GiNZA is loaded."""
        return self._nlp is not None

    def load(self) -> None:
        """Load GiNZA now rather than on the first parse (a Dask worker does it when it joins)."""
        self._language()

    def _language(self) -> Any:
        if self._nlp is None:
            import spacy  # heavy import, kept out of module import time
            from thinc.api import use_ops
            from threadpoolctl import threadpool_limits

            exclude = [] if self.ner else ["ner"]
            # tok2vec's matrix products through numpy's BLAS, not thinc's bundled blis: the same
            # parses in 45% of the parse's CPU time on the machine measured (docs/scaling.md).
            # One BLAS thread: the runners parallelise by processes, one per core (#17)
            threadpool_limits(limits=1, user_api="blas")
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load("ja_ginza", exclude=exclude)
            log.info("loaded ja_ginza with %s", nlp.pipe_names)
            ja_tokenizer: Any = nlp.tokenizer  # spacy.lang.ja.JapaneseTokenizer, around a Sudachi tokenizer
            self._sudachi = ja_tokenizer.tokenizer  # from now on GiNZA's: one dictionary, not two
            self._nlp = nlp
        return self._nlp

    def parse(self, items: Iterable[tuple[int, str]], *, batch_size: int = 64) -> list[tuple[Token, ...]]:
        """Parse (offset, sentence text) pairs; token offsets come back shifted by each offset."""
        nlp = self._language()
        out: list[tuple[Token, ...]] = []
        for doc, offset in nlp.pipe(
            ((text, start) for start, text in items), as_tuples=True, batch_size=batch_size
        ):
            out.append(to_tokens(doc, offset))
        return out

    def names(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """GiNZA's named entities of each text as (start, end, label), running only the layers NER
        needs (an Analyser made with ``ner``; without it, none)."""
        nlp = self._language()
        if "ner" not in nlp.pipe_names:
            return [[] for _ in texts]
        with nlp.select_pipes(enable=["tok2vec", "ner"]):
            return [
                [(e.start_char, e.end_char, e.label_) for e in doc.ents]
                for doc in nlp.pipe(texts, batch_size=64)
            ]

    def sudachi(self) -> tuple[Any, Any]:
        """The Sudachi tokenizer and split mode C, for words without a parse."""
        from sudachipy import dictionary, tokenizer

        if self._sudachi is None:
            self._sudachi = dictionary.Dictionary(dict="core").create()
        return self._sudachi, tokenizer.Tokenizer.SplitMode.C

    def morphemes(self, text: str) -> tuple[Morpheme, ...]:
        """Sudachi words of ``text`` with their offsets and parts of speech: fast, no parse.

        One tokenisation per document, shared by entity recognition and the short-word search index."""
        tok, mode = self.sudachi()
        out: list[Morpheme] = []
        offset = 0
        # Sudachi refuses inputs over ~49,000 bytes: feed it line by line, long lines in slices
        for line in text.splitlines(keepends=True):
            for i in range(0, len(line), _SLICE):
                base = offset + i
                for m in tok.tokenize(line[i : i + _SLICE], mode):
                    surface = m.surface()
                    if surface.strip():
                        out.append(
                            Morpheme(
                                base + m.begin(),
                                base + m.end(),
                                surface,
                                tuple(m.part_of_speech()),
                                m.normalized_form(),
                                m.reading_form() or surface,
                            )
                        )
            offset += len(line)
        return tuple(out)

    def tokenize(self, text: str) -> list[str]:
        """Sudachi words (surface forms) for the short-word search index."""
        return [m.surface for m in self.morphemes(text)]

    def is_common_word(self, word: str) -> bool:
        """Sudachi's dictionary holds the word, or each of its parts, as something other than a
        person's name (ベテラン, メディア, サイバー, アジア, サイバーセキュリティ): not a name.

        A word outside the dictionary is not common: Sudachi tags unknown katakana as a common noun
        (リッティマン, スアレス), and those are mostly names."""
        known = self._common.get(word)
        if known is None:
            tok, mode = self.sudachi()
            morphs = tok.tokenize(word, mode)
            known = bool(morphs) and all(not m.is_oov() and m.part_of_speech()[2] != "人名" for m in morphs)
            if len(self._common) >= _MEMO_LIMIT:
                self._common.clear()
            self._common[word] = known
        return known
