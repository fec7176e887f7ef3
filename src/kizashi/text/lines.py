"""Line signals for the cleaner: each function looks at one (normalised) line and says what it is.

The vocabulary is data (``data/lexicons/noise.yaml``): general news-site and blog furniture, no site's own
strings, loaded once into a ``NoiseLexicon`` (the pipeline's ``Context`` holds it) and passed to the
signals that need it. ``clean.py`` combines these signals with the line's shape and its neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from kizashi.config import read_data_file
from kizashi.text.pubdate import parse_date

_NOT_WORD = re.compile(r"[\W_]+")


def line_key(line: str) -> str:
    """The key used for repeats: NFKC, lower case, no white space, punctuation or symbols."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", line).lower())


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc
    return value


Phrase = Annotated[str, StringConstraints(min_length=1)]
Pattern = Annotated[str, StringConstraints(min_length=1), AfterValidator(_regex)]


class NoiseModel(BaseModel):
    """``data/lexicons/noise.yaml``, checked on load: unknown or missing keys and non-strings are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chrome: list[Phrase]  # phrases a furniture line is made of (share, comment, navigation)
    chrome_patterns: list[Pattern]  # whole-line furniture that reads like a sentence, on line keys
    list_headers: list[Phrase]  # 関連記事, ランキング: what follows is a list of links
    categories: list[Phrase]  # section labels
    skip_links: list[Phrase]
    link_labels: list[Phrase]  # 別タブで開きます: a link's label, inside a sentence or alone
    credit_labels: list[Phrase]  # 写真, 出典: "label: source" lines
    source_credit_labels: list[Phrase]  # the credit labels that name a source (引用, 出典, 提供)
    byline_labels: list[Phrase]
    outlets: dict[Phrase, list[Phrase]]  # canonical outlet -> its names and account handles


@dataclass(frozen=True, slots=True)
class NoiseLexicon:
    chrome: re.Pattern[str]  # any chrome phrase, on line keys
    chrome_patterns: re.Pattern[str]  # whole-line furniture that reads like a sentence, on line keys
    categories: re.Pattern[str]
    list_headers: re.Pattern[str]
    skip_links: re.Pattern[str]
    link_labels: re.Pattern[str]  # on the text as written, not on line keys
    credit: re.Pattern[str]  # "写真:EPA-EFE" as a whole line
    source_credit: frozenset[str]
    byline: re.Pattern[str]
    outlets: dict[str, str]  # line key of a name or handle -> canonical outlet
    outlet_names: re.Pattern[str]  # outlet names as written in running text


def _alternation(words: Iterable[str]) -> str:
    keys = sorted({line_key(w) for w in words if line_key(w)}, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


def _link_label(label: str) -> str:
    """A label as a pattern: one written in brackets needs them, others may have them."""
    if label.startswith("("):
        return re.escape(label)
    return rf"[(\[【]?{re.escape(label)}[)\]】]?"


def load_noise_lexicon(path: Path | None = None) -> NoiseLexicon:
    """The furniture vocabulary, compiled (default: the package's ``data/lexicons/noise.yaml``).

    The file is checked against ``NoiseModel``: a bad one raises ``DataFileError`` naming the file and the key."""
    if path is None:
        name = "noise.yaml"
        text = resources.files("kizashi").joinpath("data/lexicons/noise.yaml").read_text(encoding="utf-8")
    else:
        name, text = path.name, path.read_text(encoding="utf-8")
    data = read_data_file(name, text, NoiseModel)
    labels = "|".join(re.escape(w) for w in sorted(data.credit_labels, key=len, reverse=True))
    bylines = "|".join(re.escape(w) for w in sorted(data.byline_labels, key=len, reverse=True))
    outlets: dict[str, str] = {}
    names: list[str] = []
    for canonical, aliases in data.outlets.items():
        for alias in [canonical, *aliases]:
            outlets[line_key(alias)] = canonical
            if len(line_key(alias)) >= 2:
                names.append(unicodedata.normalize("NFKC", alias))
    names.sort(key=len, reverse=True)
    return NoiseLexicon(
        chrome=re.compile(f"(?:{_alternation(data.chrome)})"),
        chrome_patterns=re.compile("|".join(f"(?:{p})" for p in data.chrome_patterns)),
        categories=re.compile(f"(?:{_alternation(data.categories)})+"),
        list_headers=re.compile(f"(?:{_alternation(data.list_headers)})"),
        skip_links=re.compile(f"(?:{_alternation(data.skip_links)})"),
        link_labels=re.compile(
            "|".join(_link_label(w) for w in sorted(data.link_labels, key=len, reverse=True)), re.I
        ),
        credit=re.compile(rf"^[(\[【]?(?:{labels})\s*[:：=/／|]\s*\S.{{0,40}}$", re.IGNORECASE),
        source_credit=frozenset(line_key(w) for w in data.source_credit_labels),
        byline=re.compile(rf"^(?:{bylines})\s*[:：=/／|]\s*\S.{{0,24}}$", re.IGNORECASE),
        outlets=outlets,
        outlet_names=re.compile("|".join(re.escape(n) for n in names)),
    )


# --- links, hashtags, markup -------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_TRAILING_TAGS = re.compile(r"(?:\s*#[^\s#]+)+\s*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CODE = re.compile(
    r"<\?|\?>|\{\{|\}\}|\{%|%\}|</?[a-z]+[\s>/]|\bfunction\s*\(|\bvar\s+\w+\s*=|document\.\w|window\.\w"
    r"|//\s*=|\$\w+\s*=|\bthe_\w+\(|\w+\(\s*['\"]\w+['\"]\s*\)\s*;|&(?:nbsp|amp|quot);",
    re.IGNORECASE,
)


def strip_inline(line: str) -> tuple[str, list[tuple[str, str]]]:
    """A line less its URLs and trailing hashtags (a tweet's text keeps its words), with what went."""
    gone: list[tuple[str, str]] = [(m.group(0), "url") for m in _URL.finditer(line)]
    text = _URL.sub("", line).strip() if gone else line.strip()
    if not text.startswith("#"):
        m = _TRAILING_TAGS.search(text)
        if m and m.start() > 0:
            gone.append((m.group(0).strip(), "hashtag"))
            text = text[: m.start()].rstrip()
    return text, gone


def is_link(line: str) -> bool:
    """A bare URL or domain (link cards, "source: example.com" leftovers)."""
    s = line.strip()
    return bool(_URL.fullmatch(s) or _DOMAIN.match(s))


def is_hashtag_line(line: str) -> bool:
    """A line of hashtags: '#米中(会談)', '#a #b'. A markdown heading ('# 見出し') is not one."""
    s = line.strip()
    return s.startswith("#") and len(s) > 1 and not s[1].isspace()


def is_code(line: str) -> bool:
    """Template or script residue: '<?php', '{{ }}', 'the_author_meta(...)', HTML tags."""
    return bool(_CODE.search(line))


def is_contact(line: str) -> bool:
    """An e-mail address standing outside any sentence."""
    s = line.strip()
    m = _EMAIL.search(s)
    if m is None:
        return False
    return len(s) - (m.end() - m.start()) <= 20 or not _SENTENCE_END.search(s)


# --- tweet attributions ----------------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^[—―\-ー]\s*(?P<name>[^()@]{1,40}?)\s*\(\s*@(?P<handle>\w{1,30})\s*\)\s*(?P<date>.{4,30})?$"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str
    handle: str
    outlet: str | None
    date: str | None  # YYYY-MM-DD


def parse_attribution(line: str, lexicon: NoiseLexicon) -> Attribution | None:
    """An embedded tweet's attribution: '— ロイター (@ReutersJapan) May 26, 2023'."""
    m = _ATTRIBUTION.match(line.strip())
    if not m:
        return None
    date = parse_date(m.group("date") or "")
    if m.group("date") and date is None:
        return None  # something else with an @ and trailing words: not an attribution
    name, handle = m.group("name").strip(), m.group("handle")
    return Attribution(name, handle, outlet_of(name, lexicon) or outlet_of(handle, lexicon), date)


def outlet_of(name: str, lexicon: NoiseLexicon) -> str | None:
    """The canonical outlet for a name or account handle, if it is a known one."""
    key = line_key(name)
    if not key:
        return None
    return lexicon.outlets.get(key)


def outlets_in(text: str, lexicon: NoiseLexicon) -> list[str]:
    """Known outlets named in running text, in order."""
    found = []
    for m in lexicon.outlet_names.finditer(text):
        o = lexicon.outlets.get(line_key(m.group(0)))
        if o:
            found.append(o)
    return found


# --- chrome vocabulary -----------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_COUNTERS = frozenset({"件", "回", "人", "票", "個", "pt", "k"})  # "コメント 12件", "いいね 1.2k"
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。!?]\s*[」』)”\"'’]*\s*$")


_NAMES_ONLY = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9]+")  # no kana particle, no punctuation
_MENU_CATEGORY_CHARS = 4  # at least two section labels' worth


def _site_menu(key: str, phrases_out: str, lexicon: NoiseLexicon) -> bool:
    """A navigation bar with sections of the site's own: it opens with a navigation word (ホーム),
    holds known section labels, and is names only; a headline has particles or punctuation."""
    opens_with_nav = lexicon.chrome.match(key) is not None and key.endswith(phrases_out)
    covered = sum(len(m.group(0)) for m in lexicon.categories.finditer(phrases_out))
    return opens_with_nav and covered >= _MENU_CATEGORY_CHARS and bool(_NAMES_ONLY.fullmatch(key))


def chrome_kind(line: str, lexicon: NoiseLexicon) -> str | None:
    """'menu' for skip links, 'related' for list headers, 'chrome' for other furniture, else None.

    A line is furniture only when the vocabulary covers all of it (digits aside): "コメント0" and
    "[ニュース]ランキング" are, "ニュース解説の記事" is not.
    """
    key = line_key(line)
    if not key or len(key) > 90:
        return None
    if lexicon.skip_links.search(key) and len(key) <= 60 and not _SENTENCE_END.search(line):
        return "menu"
    if lexicon.chrome_patterns.search(key) or _COPYRIGHT.match(line.strip()):
        return "chrome"
    phrases_out = lexicon.chrome.sub("", key)
    if phrases_out == key:
        return None  # no furniture word at all ("1,204" is left to the symbol share)
    rest = _DIGITS.sub("", phrases_out)
    if rest and lexicon.categories.fullmatch(rest):
        return "menu"  # "ホーム 政治 経済 国際" with its spaces folded away
    if rest and _site_menu(key, phrases_out, lexicon):
        return "menu"  # "ホーム 国内 国際 防衛装備 コラム": the site's own sections among them
    if rest and rest not in _COUNTERS:
        return None
    return "related" if lexicon.list_headers.search(key) else "chrome"


def is_category(line: str, lexicon: NoiseLexicon) -> bool:
    """A section or category label alone: 'エンタメ', '国際・政治'."""
    key = line_key(line)
    return bool(key) and len(key) <= 16 and bool(lexicon.categories.fullmatch(key))


def credit_of(line: str, lexicon: NoiseLexicon) -> tuple[bool, str | None]:
    """(is a credit line, the source it names when the label says 引用/出典/提供)."""
    s = line.strip()
    m = lexicon.credit.match(s)
    if not m or _SENTENCE_END.search(s):
        return False, None
    parts = re.split(r"\s*[:：=/／|]\s*", s.lstrip("(【["), maxsplit=1)
    label, name = parts[0], (parts[1] if len(parts) > 1 else "")
    name = name.rstrip(")】]").strip()
    if line_key(label) in lexicon.source_credit and name:
        return True, outlet_of(name, lexicon) or name
    return True, None


def is_byline(line: str, lexicon: NoiseLexicon) -> bool:
    """'文:山田太郎', '執筆者: ...' and '山田太郎記者' alone on a line."""
    s = line.strip()
    if lexicon.byline.match(s):
        return True
    return len(s) <= 16 and bool(re.fullmatch(r"\S{2,10}(?:記者|特派員|編集委員|論説委員)", s))
