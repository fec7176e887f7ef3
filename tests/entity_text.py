"""Entities of a text written for a test: one story, recognised as the pipeline does (open names on)."""

from __future__ import annotations

from kizashi import ids
from kizashi.entities.recognise import recognise
from kizashi.pipeline import Context
from kizashi.records import Document, Entity, Mention, Story


def entities_of(context: Context, text: str, date: str) -> tuple[list[Mention], dict[str, Entity]]:
    """The mentions of ``text`` published on ``date``, and its entities by id."""
    doc_id = ids.doc_id("", text)
    story = Story(story_id="s", doc_id=doc_id, index=0, start=0, end=len(text), text=text)
    doc = Document(doc_id=doc_id, source="t", text=text, pub_date=date, stories=(story,))
    mentions, ents, _roles = recognise(
        doc,
        morphemes=context.analyser.morphemes(text),
        gazetteer=context.gazetteer,
        matcher=context.matcher,
        titles=context.titles,
        romaniser=context.romaniser,
        is_common_word=context.analyser.is_common_word,
        name_parts=context.name_parts,
    )
    return list(mentions), {e.entity_id: e for e in ents}
