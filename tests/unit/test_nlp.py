from __future__ import annotations

import pytest

from kizashi.pipeline import Context


@pytest.mark.slow
def test_nlp_one_sudachi_dictionary_per_process(context: Context) -> None:
    # search tokens and the common-word check use GiNZA's own Sudachi tokenizer once GiNZA is
    # loaded, rather than a second copy of the dictionary (50-100 MB each)
    analyser = context.analyser
    analyser.load()
    assert analyser.loaded
    assert analyser.sudachi()[0] is analyser._nlp.tokenizer.tokenizer
    assert analyser.tokenize("米中が会談した。\n日米") == ["米", "中", "が", "会談", "し", "た", "。", "日米"]
    assert analyser.is_common_word("メディア")
    assert not analyser.is_common_word("林芳正")
