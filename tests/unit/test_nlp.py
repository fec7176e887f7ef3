from __future__ import annotations

import pytest


@pytest.mark.slow
def test_nlp_one_sudachi_dictionary_per_process() -> None:
    # search tokens and the common-word check use GiNZA's own Sudachi tokenizer once GiNZA is
    # loaded, rather than a second copy of the dictionary (50-100 MB each)
    from kizashi.entities.names import is_common_word
    from kizashi.nlp import load_nlp, sudachi, tokenize

    nlp = load_nlp()
    assert sudachi()[0] is nlp.tokenizer.tokenizer
    assert tokenize("米中が会談した。\n日米") == ["米", "中", "が", "会談", "し", "た", "。", "日米"]
    assert is_common_word("メディア")
    assert not is_common_word("林芳正")
