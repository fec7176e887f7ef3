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


def test_nlp_morphemes_carry_offsets_into_the_text_and_their_parts_of_speech(context: Context) -> None:
    text = "経済産業省の山田太郎局長は\n\n先週、ロンドンを訪れた。" + "あ" * 9000
    words = context.analyser.morphemes(text)
    assert all(text[m.start : m.end] == m.surface for m in words)  # offsets hold across lines and slices
    assert words[-1].end == len(text)
    by_surface = {m.surface: m.pos for m in words}
    assert by_surface["山田"][:4] == ("名詞", "固有名詞", "人名", "姓")
    assert by_surface["ロンドン"][:3] == ("名詞", "固有名詞", "地名")
    assert {m.surface: m.reading for m in words}["山田"] == "ヤマダ"


def test_pipeline_story_words_are_the_words_inside_its_span(context: Context) -> None:
    from kizashi.pipeline import words_within

    text = "日米が会談した。\n中国が反発した。"
    words = context.analyser.morphemes(text)
    second = text.index("中国")
    assert words_within(words, second, len(text)) == ["中国", "が", "反発", "し", "た", "。"]
    assert words_within(words, 0, second) == ["日米", "が", "会談", "し", "た", "。"]


@pytest.mark.slow
def test_nlp_matrix_products_run_on_numpy_blas_with_one_thread_and_parse_as_blis_does(
    context: Context,
) -> None:
    import spacy
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info

    analyser = context.analyser
    analyser.load()
    ops = analyser._nlp.get_pipe("tok2vec").model.ops
    assert isinstance(ops, NumpyOps)
    assert not ops.use_blis
    assert {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"} <= {1}
    sentences = [
        "経済産業省は先端半導体の製造装置を輸出管理の対象に加えると発表した。",
        "両国の外相は電話で会談し、重要鉱物の供給網で協力することを確認した。",
        "同社によると、サイバー攻撃で顧客情報が流出したおそれがある。",
    ]
    items = [(100 * k, text) for k, text in enumerate(sentences)]
    blis = spacy.load("ja_ginza", exclude=["ner"])  # thinc's default ops, as GiNZA ships
    assert blis.get_pipe("tok2vec").model.ops.use_blis
    expected = [
        [(t.idx + start, t.dep_, t.head.i - t.sent.start) for t in doc]
        for doc, start in blis.pipe(((text, start) for start, text in items), as_tuples=True)
    ]
    got = [[(t.start, t.dep, t.head) for t in tokens] for tokens in analyser.parse(items)]
    assert got == expected
