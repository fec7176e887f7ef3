"""Stage 2: keep the body lines of a normalised page, remove the furniture, keep repeats once.

Each line gets a class from signals that hold on any site (``noise.py``): hard noise (links,
hashtags, tweet attributions, skip links, share/comment/related-list vocabulary, credits, template
residue, timestamps, lines shared by many pages of the site), a body sentence, or an undecided
short or headline-shaped line. Undecided lines take their class from their neighbours, as in
jusText: a headline between body paragraphs is a section heading, the same line between a
ranking header and a category label is a link. Removed lines are returned with the reason.

Tweet attributions, hashtags, credits and timestamps are removed but leave a ``Marker`` at their
place in the kept text, so ``structure`` can still cut a compilation post into its stories.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kizashi.records import RemovedLine
from kizashi.text import lines as noise
from kizashi.text.lines import NoiseLexicon, line_key
from kizashi.text.pubdate import date_line, without_leading_stamp
from kizashi.text.site_lines import LineCounts, site_line_counts

# v5: a navigation bar with the site's own sections among known ones is a menu (#15); v4: a headline
# opened by a timestamp is no run of symbols (#15); v3: link labels removed inside lines (#14);
# v2: timestamps via kizashi.dates (#12)
STAGE = "clean.v5"

GOOD, BAD, NEAR, SHORT = "good", "bad", "near", "short"
_MIN_TITLE = 8  # a short line may be a title or a tweet's text from this length

_SENTENCE_END = re.compile(r"[。!?.]\s*[」』)”\"'’]*\s*$")
_QUOTE_LINE = re.compile(r"^(?:「[^「」]+」|『[^『』]+』|“[^“”]+”)$")
_BULLET = re.compile(r"^(?:[•・◦▪▫■□●○◆◇▶▷►▸→※★☆*\-+>]|\d{1,2}[.)．、]|[①-⑳])\s*")
_BULLET_NUMBER = re.compile(r"^(?:[•・◦▪■□●○◆◇▶▷►*\-+]\s*)?(?:\d{1,3}|[①-⑳])(?:位)?$")
_DATELINE = re.compile(r"^[【\[(][^】\]()]{2,24}[】\])]$")
_BREADCRUMB = re.compile(r"(?:\s*[>›»|＞]\s*[^>›»|＞]{1,20}){2,}")


@dataclass(frozen=True, slots=True)
class CleanConfig:
    min_sentence_chars: int = 12  # a line ending like a sentence is body from this length
    short_chars: int = 15  # below this, a line without a sentence end is decided by its neighbours
    long_chars: int = 60  # a line this long with clause punctuation is body even without an end
    site_min_docs: int = 3  # a line in this many documents of one site is the site's template
    site_max_share: float = 0.5  # ...unless that would remove more of the body than this
    near_duplicate_chars: int = 20  # a line whose key starts another's (captions) is a repeat from here


@dataclass(frozen=True, slots=True)
class Marker:
    """A removed line that tells where a story starts or what it is: at kept line ``line``."""

    line: int  # index in the kept lines of the line that followed it
    kind: str  # attribution | hashtag | credit | date
    text: str
    outlet: str | None = None
    date: str | None = None  # YYYY-MM-DD
    headline: bool = False  # an attribution whose tweet text is the kept line just above it


@dataclass(frozen=True, slots=True)
class CleanResult:
    text: str  # kept lines joined by "\n"
    removed: tuple[RemovedLine, ...]  # in input order
    markers: tuple[Marker, ...] = ()


@dataclass(slots=True)
class _Line:
    text: str
    cls: str
    why: str | None = None
    marker: Marker | None = None
    header: bool = False  # a list header ("関連記事", "ランキング")
    orig: str = ""  # the line as it came, before links and trailing hashtags were cut off


def _without_link_labels(s: str, lexicon: NoiseLexicon) -> tuple[str, list[tuple[str, str]]]:
    """The line less the link labels printed inside it, with what went."""
    gone = [(m.group(0), "link_label") for m in lexicon.link_labels.finditer(s)]
    if not gone:
        return s, []
    return re.sub(r"\s{2,}", " ", lexicon.link_labels.sub("", s)).strip(), gone


def _shape(s: str, config: CleanConfig) -> str:
    n = len(s)
    if _SENTENCE_END.search(s) or _QUOTE_LINE.match(s):
        return GOOD if n >= config.min_sentence_chars else SHORT
    if n >= config.long_chars and re.search(r"[、。,]", s[:-1]):
        return GOOD
    return SHORT if n < config.short_chars else NEAR


def _hard(s: str, lexicon: NoiseLexicon) -> tuple[str, Marker | None] | None:
    """The reason a line is noise whatever its neighbours, with a marker where it carries one."""
    if iso := date_line(s):
        return "date", Marker(0, "date", s, date=iso)
    if att := noise.parse_attribution(s, lexicon):
        return "attribution", Marker(0, "attribution", s, outlet=att.outlet or att.name, date=att.date)
    if noise.is_link(s):
        return "url", None
    if noise.is_hashtag_line(s):
        return "hashtag", Marker(0, "hashtag", s)
    if noise.is_code(s):
        return "template", None
    if noise.is_contact(s):
        return "contact", None
    if kind := noise.chrome_kind(s, lexicon):
        return kind, None
    is_credit, source = noise.credit_of(s, lexicon)
    if is_credit:
        return "credit", (Marker(0, "credit", s, outlet=source) if source else None)
    if noise.is_byline(s, lexicon):
        return "byline", None
    if noise.is_category(s, lexicon):
        return "category", None
    words = without_leading_stamp(s)  # "2024/05/01(水) 経産省…": the stamp's digits are no symbols
    if _BULLET_NUMBER.match(s) or (len(s) <= 60 and sum(c.isalpha() for c in words) < len(words) / 2):
        return "symbols", None
    if len(s) <= 80 and _BREADCRUMB.search(s) and not _SENTENCE_END.search(s):
        return "menu", None
    return None


def _nearest(lines: list[_Line], wanted: tuple[str, ...], step: int) -> list[str]:
    """For each line, the class of the nearest line before (step -1) or after (+1) it whose class is
    one of ``wanted``; BAD past the page's edge (its edges are furniture). One pass: linear."""
    out = [BAD] * len(lines)
    seen = BAD
    order = range(len(lines)) if step < 0 else range(len(lines) - 1, -1, -1)
    for i in order:
        out[i] = seen
        if lines[i].cls in wanted:
            seen = lines[i].cls
    return out


def _resolve_context(lines: list[_Line]) -> None:
    """jusText's context rules: short lines need body on both sides, headlines on one.

    The neighbours are found in one pass each way (10,000 short lines took 8 s when each looked
    for its own, #16). Resolving short lines changes no GOOD, BAD or NEAR line, so their
    neighbours are taken once; a NEAR line resolved becomes the left neighbour of the next."""
    before, after = _nearest(lines, (GOOD, BAD), -1), _nearest(lines, (GOOD, BAD), 1)
    before_any, after_any = _nearest(lines, (GOOD, BAD, NEAR), -1), _nearest(lines, (GOOD, BAD, NEAR), 1)
    for i, ln in enumerate(lines):
        if ln.cls != SHORT:
            continue
        prev, nxt = before[i], after[i]
        if prev == nxt == GOOD:
            ln.cls = "short-good"
        elif prev == nxt == BAD:
            ln.cls, ln.why = "short-bad", "fragment"
        elif (prev == BAD and before_any[i] == NEAR) or (nxt == BAD and after_any[i] == NEAR):
            ln.cls = "short-good"
        else:
            ln.cls, ln.why = "short-bad", "fragment"
    after = _nearest(lines, (GOOD, BAD), 1)
    prev = BAD
    for i, ln in enumerate(lines):
        if ln.cls == NEAR:
            if prev == after[i] == BAD:
                ln.cls, ln.why = BAD, "fragment"
            else:
                ln.cls = GOOD
        if ln.cls in (GOOD, BAD):
            prev = ln.cls
    for ln in lines:
        if ln.cls == "short-good":
            ln.cls = GOOD
        elif ln.cls == "short-bad":
            ln.cls = BAD


def _promote_tweets(lines: list[_Line]) -> None:
    """A tweet's text, the line above its attribution, is the headline of what follows."""
    for i, ln in enumerate(lines):
        if not (ln.marker and ln.marker.kind == "attribution" and i > 0):
            continue
        above = lines[i - 1]
        body_follows = i + 1 < len(lines) and lines[i + 1].cls == GOOD
        if above.cls == NEAR or (above.cls == SHORT and len(above.text) >= _MIN_TITLE and body_follows):
            above.cls = GOOD


def _promote_title(lines: list[_Line], title: str | None) -> None:
    """The page's headline above the body is body; headline-shaped lines above it are the header.

    Without a metadata title, the headline is the first headline-shaped line of the last group of
    undecided lines above the first paragraph (groups split by furniture): bylines and stamps
    sit between it and the body, navigation and top stories further up.
    """
    first_good = next((i for i, ln in enumerate(lines) if ln.cls == GOOD), len(lines))
    title_key = line_key(title) if title else ""
    found = None
    if title_key:
        found = next((i for i, ln in enumerate(lines) if _is_title(ln, title_key)), None)
    if found is None:
        groups: list[list[int]] = [[]]
        for i in range(first_good):
            if lines[i].cls == BAD:
                groups.append([])
            else:
                groups[-1].append(i)
        for group in reversed(groups):
            near = [i for i in group if lines[i].cls == NEAR]
            short = [i for i in group if lines[i].cls == SHORT and len(lines[i].text) >= _MIN_TITLE]
            if near or short:
                found = (near or short)[0]
                break
    if found is None:
        return
    lines[found].cls = GOOD
    for ln in lines[: min(found, first_good)]:
        if ln.cls == NEAR:
            ln.cls, ln.why = BAD, "header"


def _is_title(ln: _Line, title_key: str) -> bool:
    k = line_key(ln.text)
    return ln.cls != BAD and bool(k) and (k == title_key or (len(k) >= 10 and k in title_key))


def _list_regions(lines: list[_Line]) -> None:
    """After a list header, and in a bullet run that ends the page, headlines are links."""
    in_list = False
    for ln in lines:
        if ln.header:
            in_list = True
        elif in_list:
            # a list of headlines ends where a paragraph (a full sentence, or a long one) begins
            paragraph = ln.text.endswith("。") or len(ln.text) >= 80
            if ln.cls == GOOD and paragraph and not _BULLET.match(ln.text):
                in_list = False
            elif ln.cls != BAD:
                ln.cls, ln.why = BAD, "related"
    # headlines after the last paragraph, three or more (furniture between them aside): a link list
    tail: list[_Line] = []
    for ln in reversed(lines):
        if ln.cls == GOOD:
            break
        if ln.cls in (NEAR, SHORT):
            tail.append(ln)
    if sum(ln.cls == NEAR for ln in tail) >= 3:
        for ln in tail:
            ln.cls, ln.why = BAD, "related"


def _drop_repeats(lines: list[_Line], config: CleanConfig) -> None:
    """A paragraph, caption or block repeated in the document is kept where it first stands."""
    seen: set[str] = set()
    prefixes: dict[str, list[str]] = {}
    n = config.near_duplicate_chars
    for ln in lines:
        if ln.cls != GOOD:
            continue
        k = line_key(ln.text)
        if not k:
            continue
        dup = k in seen
        if not dup and len(k) >= n:
            # the same caption with and without its credit, a paragraph cut short
            for other in prefixes.get(k[:n], ()):
                short, long_ = (k, other) if len(k) <= len(other) else (other, k)
                if long_.startswith(short) and len(short) >= 0.8 * len(long_):
                    dup = True
                    break
        if dup:
            ln.cls, ln.why = BAD, "duplicate"
            continue
        seen.add(k)
        if len(k) >= n:
            prefixes.setdefault(k[:n], []).append(k)


def _resolve_with_repeats(lines: list[_Line], config: CleanConfig) -> None:
    """Context, then repeats; a repeat found among the undecided lines is redone as furniture.

    A headline that turns out to be a repeat must not have vouched for a short line beside it,
    or cleaning the output again would drop that line.
    """
    before = [(ln.cls, ln.why) for ln in lines]
    for _ in range(len(lines) + 1):
        _resolve_context(lines)
        _drop_repeats(lines, config)
        late = [i for i, ln in enumerate(lines) if ln.why == "duplicate" and before[i][0] in (NEAR, SHORT)]
        if not late:
            return
        for i in late:
            before[i] = (BAD, "duplicate")
        for ln, (cls, why) in zip(lines, before, strict=True):
            ln.cls, ln.why = cls, why


def _apply_site_lines(
    lines: list[_Line], site_lines: Mapping[str, int] | LineCounts, config: CleanConfig
) -> None:
    common = [
        ln for ln in lines if ln.cls != BAD and site_lines.get(line_key(ln.text), 0) >= config.site_min_docs
    ]
    body = sum(len(ln.text) for ln in lines if ln.cls == GOOD)
    share = sum(len(ln.text) for ln in common if ln.cls == GOOD) / body if body else 0.0
    if share > config.site_max_share:
        return  # most of the body is shared: a repeated document (dedupe's job), not a template
    for ln in common:
        ln.cls, ln.why = BAD, "site-template"


def clean(
    text: str,
    *,
    lexicon: NoiseLexicon,
    config: CleanConfig = CleanConfig(),  # frozen, so one shared default is safe
    site_lines: Mapping[str, int] | LineCounts | None = None,
    title: str | None = None,
) -> CleanResult:
    """The body of a normalised page: noise lines removed (with why), repeats kept once.

    ``lexicon`` is the furniture vocabulary (``lines.load_noise_lexicon()``, built once by the caller)."""
    lines: list[_Line] = []
    removed_at: list[list[RemovedLine]] = []
    for raw in text.split("\n"):
        s = raw.strip()
        gone: list[RemovedLine] = []
        if not s:
            continue
        stripped, fragments = noise.strip_inline(s)
        stripped, labels = _without_link_labels(stripped, lexicon)
        fragments += labels
        if fragments and not stripped:
            hard: tuple[str, Marker | None] | None = (fragments[0][1], None)
        elif fragments and not noise.parse_attribution(s, lexicon):
            gone = [RemovedLine(f, why) for f, why in fragments]
            s = stripped
            hard = _hard(s, lexicon)
        else:
            hard = _hard(s, lexicon)
        if hard:
            why, marker = hard
            ln = _Line(s, BAD, why, marker, header=why == "related")
        elif _DATELINE.match(s):
            ln = _Line(s, GOOD)
        else:
            ln = _Line(s, _shape(s, config))
        ln.orig = raw.strip()
        lines.append(ln)
        removed_at.append(gone)
    if site_lines:
        _apply_site_lines(lines, site_lines, config)
    _drop_repeats(lines, config)  # before the context: a repeat must not vouch for its neighbours
    _promote_tweets(lines)
    _promote_title(lines, title)
    _list_regions(lines)
    _resolve_with_repeats(lines, config)
    kept: list[str] = []
    removed: list[RemovedLine] = []
    markers: list[Marker] = []
    for i, (ln, gone) in enumerate(zip(lines, removed_at, strict=True)):
        if ln.cls == GOOD:
            removed.extend(gone)
            kept.append(ln.text)
            continue
        removed.append(RemovedLine(ln.orig, ln.why or "noise"))
        if ln.marker:
            m = ln.marker
            above = lines[i - 1] if i > 0 else None
            tweet = m.kind == "attribution" and above is not None and above.cls == GOOD
            markers.append(Marker(len(kept), m.kind, m.text, m.outlet, m.date, headline=tweet))
    return CleanResult("\n".join(kept), tuple(removed), tuple(markers))


__all__ = ["STAGE", "CleanConfig", "CleanResult", "Marker", "clean", "line_key", "site_line_counts"]
