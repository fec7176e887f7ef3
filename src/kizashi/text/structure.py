"""Stage 3: a clean document -> its stories, each with headline, outlet and publication date.

A normal article is one story. A compilation post (a blog pasting several news items) is cut
where an item starts: at an embedded tweet (its text is the headline, its attribution, removed by
``clean`` and left as a marker, gives the outlet and the date), and at a heading whose section
opens afresh and names the outlet it relays ("…と日経が報道"). Sub-headings inside one article
("◇…" followed by "こうした中…") do not cut: their section continues the one before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kizashi.ids import story_id
from kizashi.records import Story
from kizashi.text import lines as noise
from kizashi.text.clean import Marker
from kizashi.text.normalise import normalise, normalise_heading
from kizashi.text.pubdate import infer_date, parse_date, without_leading_stamp

# v2: dates read through kizashi.dates (#12); v3: headlines shown with their spaces, without a stamp (#15);
# v4: a headline taken from the page's title, or a tweet's line, keeps its spaces too (#15)
STAGE = "structure.v4"

_SENTENCE_END = re.compile(r"[。!?.]\s*[」』)”\"'’]*\s*$")
# a paragraph that opens with these refers back to what precedes it: same story
_CONTINUATION = re.compile(
    r"^(?:こうした|こうして|このような|このため|この|これ|それ|その|そこで|そして|同[じ氏社省国日]|また|さらに|"
    r"一方|ただ|しかし|だが|なお|ところが|とはいえ|つまり|したがって|特に|続けて|加えて|と言|という|と述べ)"
)
_NOUN_END = re.compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9」』”)]\s*。?$")
_LIST_ITEM = re.compile(r"^[★☆・•\-*]")
_REPORTED = r"(?:など|等|紙|電子版)?(?:が|は|も)[^。]{0,12}?(?:報道|報じ|伝え|配信)|(?:の報道)?によると"
_UPDATED = re.compile(r"更新|updated|modified", re.IGNORECASE)


@dataclass(slots=True)
class _Start:
    line: int  # first line of the story (its headline where it has one)
    headline: int | None = None
    outlet: str | None = None
    date: str | None = None
    basis: str | None = None


def _headline_like(s: str) -> bool:
    """A heading: short, not a list item or a continuing sentence, ending in a noun or a quote."""
    if len(s) > 40 or _CONTINUATION.match(s) or _LIST_ITEM.match(s):
        return False
    return bool(_NOUN_END.search(s)) if _SENTENCE_END.search(s) or s.endswith("。") else True


def _reporting_outlet(text: str, lexicon: noise.NoiseLexicon) -> str | None:
    """The outlet a passage says it relays: '…と日経が報道', 'ロイターによると'."""
    for m in lexicon.outlet_names.finditer(text):
        if re.match(_REPORTED, text[m.end() :]):
            return lexicon.outlets.get(noise.line_key(m.group(0)))
    return None


def _heading_starts(lines: list[str], lexicon: noise.NoiseLexicon) -> list[_Start]:
    """Headings that open a relayed item: body before, a fresh paragraph naming its outlet after."""
    starts = []
    i = 1
    while i < len(lines):
        if not _headline_like(lines[i]) or _headline_like(lines[i - 1]):
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and _headline_like(lines[j + 1]):
            j += 1
        body = j + 1
        if body < len(lines) and not _CONTINUATION.match(lines[body]):
            outlet = _reporting_outlet("\n".join(lines[body : body + 2]), lexicon)
            if outlet:
                starts.append(_Start(i, headline=i, outlet=outlet))
        i = j + 1
    return starts


def _attribution_starts(lines: list[str], markers: Sequence[Marker]) -> list[_Start]:
    starts = []
    for m in markers:
        if m.kind != "attribution":
            continue
        head = m.line - 1 if m.headline and m.line >= 1 else None
        first = head if head is not None else m.line
        if first >= len(lines):
            continue
        starts.append(_Start(first, headline=head, outlet=m.outlet, date=m.date, basis="tweet"))
    return starts


def _document_date(
    text: str, markers: Sequence[Marker], published: str | None, given_date: str | None
) -> tuple[str | None, str | None]:
    if given := parse_date(given_date):
        return given, "given"
    if meta := parse_date(published):
        return meta, "metadata"
    stamps = [m for m in markers if m.kind == "date" and m.date]
    if stamps:
        # the publication stamp, not the "updated" one, where the page shows both
        first = next((m for m in stamps if not _UPDATED.search(m.text)), stamps[0])
        return first.date, "dateline"
    tweets = [m.date for m in markers if m.kind == "attribution" and m.date]
    if tweets:
        return max(tweets), "tweet"
    return infer_date(text)


def structure(
    doc_id: str,
    text: str,
    *,
    lexicon: noise.NoiseLexicon,
    title: str | None = None,
    published: str | None = None,
    given_date: str | None = None,
    markers: Sequence[Marker] = (),
) -> tuple[tuple[Story, ...], str | None, str | None]:
    """Stories of the clean text (offsets into it), and the document's (pub_date, basis).

    ``lexicon`` is the furniture vocabulary, which also names the outlets a passage relays."""
    doc_date, doc_basis = _document_date(text, markers, published, given_date)
    if not text.strip():
        return (), doc_date, doc_basis
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    found = {s.line: s for s in _heading_starts(lines, lexicon)}
    found.update({s.line: s for s in _attribution_starts(lines, markers)})  # tweets win
    starts = [found[k] for k in sorted(found)]
    if not starts or starts[0].line > 0:
        starts.insert(0, _Start(0))
    stories = []
    for idx, st in enumerate(starts):
        end_line = starts[idx + 1].line if idx + 1 < len(starts) else len(lines)
        start, end = offsets[st.line], offsets[end_line] - 1
        body = text[start:end]
        headline = lines[st.headline] if st.headline is not None else None
        if idx == 0 and headline is None:
            headline = _first_headline(lines[st.line : end_line], title)
        outlet = st.outlet or _credit_outlet(markers, st.line, end_line)
        if outlet is None:
            first_body = st.line + (1 if headline is not None and st.headline == st.line else 0)
            outlet = _reporting_outlet("\n".join(lines[first_body : min(first_body + 2, end_line)]), lexicon)
        date, basis = _story_date(body, text, st, doc_date, doc_basis)
        stories.append(
            Story(
                story_id=story_id(doc_id, idx, lines[st.line]),
                doc_id=doc_id,
                index=idx,
                start=start,
                end=end,
                text=body,
                headline=headline,
                outlet=outlet,
                pub_date=date,
                pub_date_basis=basis,
            )
        )
    return tuple(stories), doc_date, doc_basis


def clean_headline(line: str) -> str:
    """A headline less the timestamp a page may open it with ('2024年5月1日 10:00 …')."""
    return without_leading_stamp(line).strip()


_HEADING_CHARS = 120  # a longer line is no headline: its spaces need not be looked up


def shown_headlines(
    stories: Sequence[Story], raw_text: str, *, title: str | None = None
) -> tuple[Story, ...]:
    """The stories with their headlines as an analyst reads them: without a timestamp the page
    opens them with, and with the spaces between their parts that normalisation dropped (the raw
    line each came from, or the page's raw ``title`` where the headline is the title: an HTML
    page's text lines are markup). Text and offsets are unchanged.

    The analysis reads the headlines as structure() gives them (a headline is the story's first
    line, word for word); these are what is stored and shown."""
    spaced: dict[str, str] = {}
    for line in ([title] if title else []) + raw_text.splitlines():
        if 0 < len(line.strip()) <= _HEADING_CHARS:
            words = noise.strip_inline(line)[0]  # a tweet's line: its headline lost its links and tags
            spaced.setdefault(normalise(line).strip(), normalise_heading(line))
            spaced.setdefault(normalise(words).strip(), normalise_heading(words))
    return tuple(
        replace(s, headline=clean_headline(spaced.get(s.headline, s.headline)) or s.headline)
        if s.headline
        else s
        for s in stories
    )


def _first_headline(lines: list[str], title: str | None) -> str | None:
    if title:
        return title
    if len(lines) >= 2 and len(lines[0]) <= 80 and not lines[0].endswith("。"):
        return lines[0]
    return None


def _credit_outlet(markers: Sequence[Marker], first: int, end: int) -> str | None:
    for m in markers:
        if m.kind == "credit" and m.outlet and first <= m.line < max(end, first + 1):
            return m.outlet
    return None


def _story_date(
    body: str, text: str, st: _Start, doc_date: str | None, doc_basis: str | None
) -> tuple[str | None, str | None]:
    if doc_basis == "given":
        return doc_date, doc_basis
    if st.date:
        return st.date, st.basis
    if doc_basis in ("metadata", "dateline"):
        return doc_date, doc_basis
    # a pasted item with its own dateline ("[東京 26日 ロイター]") carries its own day
    own, basis = infer_date(body, context=text)
    if basis == "dateline":
        return own, basis
    return doc_date, doc_basis


__all__ = ["STAGE", "clean_headline", "shown_headlines", "structure"]
