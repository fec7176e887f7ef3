"""Publication dates: where a page or a story states its date, and reasoning from the text.

Date expressions are read by :mod:`kizashi.dates` (the one date parser); this module decides which
of them date the writing: a timestamp line, an attribution, a dateline, "today, the 6th".

The rule is that of a careful reader: a date is given only when the text pins it. A day written
alone ("12日") is placed only where something fixes its month and year (an explicit earlier date, a
weekday that matches a single month); otherwise the answer is None.
"""

from __future__ import annotations

import datetime as dt
import re

from kizashi.dates import DateParts, find_clock_times, find_parts, next_matching

# a publication date outside these years is a misread number, not a date of writing
_FIRST_YEAR, _LAST_YEAR = 1800, 2200
_NEAR_DAYS = 62  # a day with its weekday ("8日(木)") is pinned at most this long after the anchor
_LONG_LINE = 60  # longer than this, a line is prose rather than a timestamp
# a dateline opening an article: "[東京 26日 ロイター]", "【5月26日 AFP】"
_DATELINE = re.compile(
    r"^\s*[\[【(]\s*(?:[^\d\]】)]{1,12}?\s*)?(?P<when>(?:\d{1,2}月)?\d{1,2}日)\s*"
    r"(?:ロイター|AFP|時事|共同|Reuters|ブルームバーグ|Bloomberg|CNN|AP|新華社|聯合|AFPBB News)[^\]】)]*[\]】)]"
)
# between "today" (or "yesterday", "tomorrow") and its day: 本日9日, 本日は9日, 今日の9日, きょう(16日
_TODAY_GAP = re.compile(r"\s*[はの]?\s*[(（]?\s*")
# what follows a date in its sentence that makes it a plan, not a past event
_FUTURE = re.compile(
    r"予定|見通し|見込み|方針|計画|開かれる|開催される|行われる|始まる|控え|目指す|までに|以降|にも[^。]{0,10}(?:する|へ)"
)
# what a timestamp line holds besides its dates and clock times
_STAMP_LABELS = re.compile(
    r"JST|UTC|GMT|公開日?|更新日?|入力|修正|登録|承認|配信日?|投稿日?|掲載日?|作成日?|日時|日付|最終"
    r"|date|posted|published|updated|modified|last|on|at",
    re.IGNORECASE,
)


# a digit, Arabic or kanji: a line without one holds no full date
_DIGIT = re.compile(r"[0-9〇一二三四五六七八九十]")


def _plausible(part: DateParts) -> bool:
    return part.date is not None and _FIRST_YEAR <= part.date.year <= _LAST_YEAR


def _full_dates(parts: list[DateParts]) -> list[DateParts]:
    """The parts that write a whole, plausible date (year, month and day; a wrong weekday means a misread)."""
    return [p for p in parts if _plausible(p)]


def _iso(part: DateParts) -> str | None:
    return None if part.date is None else part.date.isoformat()


def parse_date(value: str | None) -> str | None:
    """The first full date in a short string (metadata, attribution, timestamp) as YYYY-MM-DD."""
    if not value:
        return None
    found = _full_dates(find_parts(value))
    return _iso(found[0]) if found else None


# what may stand between a stamp's date, its weekday, its clock time and the headline
_STAMP_GAP = re.compile(r"[\s|｜:：/／・\-–—]*(?:[(（][月火水木金土日](?:曜日?)?[)）])?[\s|｜:：/／・\-–—]*")


def without_leading_stamp(line: str) -> str:
    """``line`` less a timestamp it opens with ('2024年5月1日 10:00 経産省、…' -> '経産省、…');
    the line itself when it opens with none, or is nothing but one."""
    s = line.strip()
    if not _DIGIT.match(s):
        return line
    found = _full_dates(find_parts(s[:_LONG_LINE]))
    if not found or found[0].start != 0:
        return line
    end = found[0].end
    for start, clock_end in find_clock_times(s[:_LONG_LINE]):
        gap = _STAMP_GAP.match(s, end)
        if gap is not None and start == gap.end():
            end = clock_end
    gap = _STAMP_GAP.match(s, end)
    rest = s[gap.end() if gap else end :]
    return rest if rest else line


def date_line(line: str) -> str | None:
    """YYYY-MM-DD when the line is a timestamp and nothing more ('2023年5月26日 10:30 配信')."""
    s = line.strip()
    if len(s) > _LONG_LINE or not _DIGIT.search(s):
        return None
    found = _full_dates(find_parts(s))
    if not found:
        return None
    spans = [(p.start, p.end) for p in found] + find_clock_times(s)
    rest = s
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = _STAMP_LABELS.sub("", rest)
    rest = re.sub(r"[\W_]+", "", rest)
    return _iso(found[0]) if len(rest) <= 2 else None


def _is_future(text: str, end: int) -> bool:
    stop = text.find("。", end)
    clause = text[end : stop if stop != -1 else end + 60][:80]
    return bool(_FUTURE.search(clause))


def _anchor(text: str, parts: list[DateParts]) -> DateParts | None:
    """The latest full date that the text states as past (plans and schedules do not count)."""
    # a date in figures (2025-12-29, 2025/12/29) is a stamp of the page: Japanese prose writes a
    # plan's date with 年月日, so only those are checked for a plan
    past = [p for p in _full_dates(parts) if not p.prose or not _is_future(text, p.end)]
    return max(past, key=lambda p: p.date or dt.date.min) if past else None


def _earliest_today(anchor: DateParts, day: dt.date) -> dt.date:
    """The first day that "today" can be, given the anchor (which falls on ``day``)."""
    # Japanese news and most writers leave the year out of dates in the current year ("5月26日"),
    # so a date written out with its year in prose is from an earlier year than the writing.
    return dt.date(day.year + 1, 1, 1) if anchor.prose else day


def _dateline(lines: list[str], anchor: dt.date) -> dt.date | None:
    """The day of a dateline in the first lines, placed on or after the anchor."""
    for line in lines[:3]:
        m = _DATELINE.match(line)
        if not m:
            continue
        for part in find_parts(m.group("when")):
            if part.day is not None and part.year is None and not part.relative:
                d = next_matching(anchor, part.day, month=part.month)
                if d:
                    return d
    return None


def _today(text: str, parts: list[DateParts]) -> tuple[int, int | None, int] | None:
    """The first day written with its distance from the day of writing, as (day, weekday, days).

    本日6日, きょう16日(金), 今日は6日 are the day of writing (0); きのう5日 the day before (-1),
    あす7日 the day after (1).
    """
    for i, part in enumerate(parts):
        if part.from_today is None:
            continue
        if part.day is not None:
            return part.day, part.weekday, part.from_today
        after = parts[i + 1] if i + 1 < len(parts) else None
        if (
            after is not None
            and after.day is not None
            and after.month is None
            and after.year is None
            and not after.relative
            and _TODAY_GAP.fullmatch(text, part.end, after.start)
        ):
            return after.day, after.weekday, part.from_today
    return None


def _pinned(text: str, parts: list[DateParts], anchor: dt.date) -> list[dt.date]:
    """Past days with a weekday ("26日(金)", "5月26日(金)") that fall on it after the anchor."""
    pinned = []
    for part in parts:
        if part.weekday is None or part.day is None or part.year is not None or _is_future(text, part.end):
            continue
        if part.relative and part.from_today != 0:
            continue  # 先月26日(金), あす10日(土): counted from another date
        if part.month is None:
            # "26日(金)": the first such day after the anchor that falls on that weekday
            d = next_matching(anchor, part.day, weekday=part.weekday)
            if d and (d - anchor).days <= _NEAR_DAYS:
                pinned.append(d)
        elif not part.relative:
            # "5月26日(金)": this year's or next year's, whichever is on that weekday
            d = next_matching(anchor, part.day, month=part.month, weekday=part.weekday, months=24)
            if d and d.year <= anchor.year + 1:
                pinned.append(d)
    return pinned


def infer_date(text: str, *, context: str | None = None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, basis) from the text alone, basis 'dateline' or 'content'; (None, None) if unsure.

    In order: a dateline with a day ("[東京 26日 ロイター]"), "today, the 6th" (本日6日; or
    "yesterday, the 5th": きのう5日), a date with a weekday, then as a last resort the latest full
    date the text states as past. Days without month and year are placed after the latest full date of the text (or of ``context``,
    the whole document of a story), never guessed without one.
    """
    parts = find_parts(text)
    anchor = _anchor(text, parts) or (_anchor(context, find_parts(context)) if context else None)
    if anchor is None or anchor.date is None:
        return None, None
    start = anchor.date
    if d := _dateline(text.split("\n"), start):
        return d.isoformat(), "dateline"
    if today := _today(text, parts):
        day, weekday, days = today
        shift = dt.timedelta(days=days)  # あす7日: the 7th is the day after the writing
        d = next_matching(_earliest_today(anchor, start) + shift, day, weekday=weekday)
        if d:
            return (d - shift).isoformat(), "content"
    return max([start, *_pinned(text, parts, start)]).isoformat(), "content"


__all__ = ["date_line", "infer_date", "parse_date"]
