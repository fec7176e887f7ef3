"""Events of a text written for a test: one story, recognised (open names on) and parsed as the pipeline does."""

from __future__ import annotations

from kizashi import ids, nlp
from kizashi.entities.recognise import recognise
from kizashi.events.extract import extract_events
from kizashi.pipeline import Context
from kizashi.records import Document, Event, Sentence, Story
from kizashi.text.normalise import normalise


def events_of(
    ctx: Context, text: str, date: str | None = "2024-05-26"
) -> list[tuple[str, str | None, str | None, Event]]:
    """(type, actor1's name, actor2's name, event) for each event of ``text`` published on ``date``."""
    text = normalise(text)
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s1", doc_id=doc_id, index=0, start=0, end=len(text), text=text, pub_date=date)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date=date, stories=(story,))
    mentions, ents, _ = recognise(
        doc,
        morphemes=ctx.analyser.morphemes(text),
        gazetteer=ctx.gazetteer,
        matcher=ctx.matcher,
        titles=ctx.titles,
        romaniser=ctx.romaniser,
        is_common_word=ctx.analyser.is_common_word,
        name_parts=ctx.name_parts,
    )
    spans = list(nlp.split_sentences(text))
    parsed = ctx.analyser.parse([(a, text[a:b]) for a, b in spans])
    sents = [Sentence(doc_id, "s1", a, b, text[a:b], t) for (a, b), t in zip(spans, parsed, strict=True)]
    names = {e.entity_id: e.canonical for e in ents}
    found = extract_events(doc, sents, mentions, ents, taxonomy=ctx.taxonomy, titles=ctx.titles)
    return [(e.type, names.get(e.actor1 or ""), names.get(e.actor2 or ""), e) for e in found]
