"""News outlets named only as the credit of a story are no actors of it.

A wire service in a dateline (【ソウル=共同】, （台北中央社）, (ロイター)), after 提供 / 出典 / 写真, or alone
on a line (a byline, a programme title) says who wrote or carried the story, not who acted in it.
An outlet in a sentence (新華社が伝えた, ロイター通信によると) or as the author of an embedded post
(— ロイター (@handle)) is a source the story cites, and stays a mention.
"""

from __future__ import annotations

import re

from kizashi.entities.found import Found

__all__ = ["drop_credits"]

_OPEN = "【(（["
_CLOSE = {"【": "】", "(": ")", "（": "）", "[": "]"}
_DATELINE_CHARS = 30  # a dateline bracket holds a date, a place and the outlet, never a sentence
_CREDIT_BEFORE = re.compile(
    r"(提供元?|出典|配信元?|写真|撮影|クレジット|©|Copyright)\s*[:：／/]?\s*$", re.IGNORECASE
)
# what follows an outlet that is used in a sentence: a particle, a verb of reporting
_IN_SENTENCE = re.compile(r"\s*(通信|社)?\s*(が|は|の|に|も|と|や|など|によると|によれば|によ|で|を|から|へ)")
_HANDLE = re.compile(r"\s*[(（]@")


def drop_credits(text: str, found: Found) -> None:
    """Forget the mentions of media outlets that only credit the story."""
    keep = []
    for span in found.spans:
        start, end, key, _ = span
        if found.entities[key].kind == "media" and _is_credit(text, start, end):
            if (start, end) in found.taken:
                found.taken.remove((start, end))
            continue
        keep.append(span)
    found.spans = keep


def _is_credit(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if _in_dateline(text, start, end, line_start, line_end):
        return True
    if _CREDIT_BEFORE.search(text, max(line_start, start - 12), start):
        return True
    line = text[line_start:line_end]
    if "。" in line or _HANDLE.match(text, end):
        return False
    return not _IN_SENTENCE.match(text, end, line_end)


def _in_dateline(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    """Inside a short bracket of the line with no sentence in it."""
    opened = max(text.rfind(c, line_start, start) for c in _OPEN)
    if opened < 0 or (opened > line_start and text[opened - 1].isalpha()):
        return False  # サウスチャイナ・モーニング・ポスト(SCMP): a name's acronym, not a dateline
    close = text.find(_CLOSE[text[opened]], end, line_end)
    return close >= 0 and close - opened <= _DATELINE_CHARS and "。" not in text[opened:close]
