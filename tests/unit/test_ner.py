from __future__ import annotations

from collections.abc import Sequence

from kizashi.entities.found import Found
from kizashi.entities.ner import ner_people
from kizashi.pipeline import Context


def _finder(label: str, calls: list[list[str]]):  # type: ignore[no-untyped-def]
    def find(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        calls.append(list(texts))
        out = []
        for t in texts:
            i = t.find("山川")
            out.append([(i, i + 4, label)] if i >= 0 else [])
        return out

    return find


TEXT = "会合は長引いた。山川太郎は退席した。"


def test_ner_people_takes_person_spans_of_sentences_with_a_loose_proper_noun(context: Context) -> None:
    found, calls = Found(), []
    ner_people(TEXT, context.analyser.morphemes(TEXT), found, _finder("Person", calls), context.romaniser)
    assert calls == [["山川太郎は退席した。"]]  # the sentence without a proper noun is not sent
    ((start, end, key, _),) = found.spans
    assert TEXT[start:end] == "山川太郎"
    assert found.entities[key].type == "PERSON"
    assert found.entities[key].canonical.lower().startswith("taro")


def test_ner_people_leaves_other_labels_and_taken_spans(context: Context) -> None:
    found, calls = Found(), []
    ner_people(
        TEXT, context.analyser.morphemes(TEXT), found, _finder("Organization", calls), context.romaniser
    )
    assert found.spans == []


def test_analyser_without_ner_finds_no_names(context: Context) -> None:
    # the default Analyser loads GiNZA without its NER (off by default, see entities/ner.py)
    assert context.analyser.names(["山川太郎は退席した。", "会合は長引いた。"]) == [[], []]
