"""Publication dates: parsing date expressions (Japanese and English) and reasoning from the text.

The rule is that of a careful reader: a date is given only when the text pins it. A day written
alone ("12日") is placed only where something fixes its month and year (an explicit earlier date, a
weekday that matches a single month); otherwise the answer is None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_WEEKDAYS = "月火水木金土日"  # Monday first, as date.weekday()
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WD = r"(?:\s*[(（]\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*[)）]|\s*(?P<wd2>[月火水木金土日])曜日)?"

_YMD_JA = re.compile(
    r"(?P<era>令和|平成|昭和)?(?P<y>\d{4}|\d{1,2}|元)年\s*(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日" + _WD
)
_YMD_NUM = re.compile(
    r"(?<![\d.])(?P<y>\d{4})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<d>\d{1,2})(?![\d])" + _WD
)
_MDY_EN = re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.IGNORECASE)
_DMY_EN = re.compile(r"\b(?P<d>\d{1,2})\s+" + _MON + r",?\s+(?P<y>\d{4})\b", re.IGNORECASE)
_MD_JA = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日" + _WD)
_TODAY = re.compile(r"(?:本日|今日|きょう)\s*[はの]?\s*[(（]?\s*(?P<d>\d{1,2})日" + _WD)
_DAY_WD = re.compile(
    r"(?<![\d月])(?P<d>\d{1,2})日(?:\s*[(（]\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*[)）]|\s*(?P<wd2>[月火水木金土日])曜日)"
)
# a dateline opening an article: "[東京 26日 ロイター]", "【5月26日 AFP】"
_DATELINE = re.compile(
    r"^\s*[\[【(]\s*(?:[^\d\]】)]{1,12}?\s*)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日\s*"
    r"(?:ロイター|AFP|時事|共同|Reuters|ブルームバーグ|Bloomberg|CNN|AP|新華社|聯合|AFPBB News)[^\]】)]*[\]】)]"
)
# what follows a date in its sentence that makes it a plan, not a past event
_FUTURE = re.compile(
    r"予定|見通し|見込み|方針|計画|開かれる|開催される|行われる|始まる|控え|目指す|までに|以降|にも[^。]{0,10}(?:する|へ)"
)
_TIME_LABELS = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}時\d{0,2}分?|[AaPp]\.?[Mm]\.?|JST|UTC|GMT|[+-]\d{2}:?\d{2}"
    r"|公開日?|更新日?|入力|修正|登録|承認|配信日?|投稿日?|掲載日?|作成日?|日時|日付|最終|posted|published|updated|modified|last|on|at",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    prose: bool  # written as 2023年5月26日 in running text (not a numeric timestamp)
    weekday: int | None = None


def _year(era: str | None, y: str) -> int | None:
    if era:
        return _ERAS[era] + (1 if y == "元" else int(y))
    if y == "元" or len(y) != 4:
        return None  # "23年" alone is not a year we can trust
    return int(y)


def _make(y: int | None, m: int, d: int) -> dt.date | None:
    if y is None or not 1800 <= y <= 2200:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _weekday(m: re.Match[str]) -> int | None:
    wd = m.groupdict().get("wd") or m.groupdict().get("wd2")
    return _WEEKDAYS.index(wd) if wd else None


def find_dates(text: str) -> list[DateMention]:
    """Every full date (year, month and day) in the text, in order; impossible dates are skipped."""
    found: list[DateMention] = []
    for m in _YMD_JA.finditer(text):
        d = _make(_year(m.group("era"), m.group("y")), int(m.group("m")), int(m.group("d")))
        if d:
            found.append(DateMention(d, m.start(), m.end(), True, _weekday(m)))
    for m in _YMD_NUM.finditer(text):
        d = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d:
            found.append(DateMention(d, m.start(), m.end(), False, _weekday(m)))
    for pat in (_MDY_EN, _DMY_EN):
        for m in pat.finditer(text):
            d = _make(int(m.group("y")), _MONTHS[m.group("mon")[:3].lower()], int(m.group("d")))
            if d:
                found.append(DateMention(d, m.start(), m.end(), False))
    # a weekday that contradicts its date means we misread it: drop it
    found = [f for f in found if f.weekday is None or f.weekday == f.date.weekday()]
    return sorted(found, key=lambda f: f.start)


def parse_date(value: str | None) -> str | None:
    """The first full date in a short string (metadata, attribution, timestamp) as YYYY-MM-DD."""
    if not value:
        return None
    found = find_dates(value)
    return found[0].date.isoformat() if found else None


def date_line(line: str) -> str | None:
    """YYYY-MM-DD when the line is a timestamp and nothing more ('2023年5月26日 10:30 配信')."""
    s = line.strip()
    if len(s) > 60:
        return None
    found = find_dates(s)
    if not found:
        return None
    rest = s
    for f in reversed(found):
        rest = rest[: f.start] + rest[f.end :]
    rest = _TIME_LABELS.sub("", rest)
    rest = re.sub(r"[\W_]+", "", rest)
    return found[0].date.isoformat() if len(rest) <= 2 else None


def _is_future(text: str, end: int) -> bool:
    stop = text.find("。", end)
    clause = text[end : stop if stop != -1 else end + 60][:80]
    return bool(_FUTURE.search(clause))


def _next_day(anchor: dt.date, day: int, weekday: int | None, min_year: int) -> dt.date | None:
    """The first date on or after anchor with this day of the month (and weekday), within two years."""
    y, m = anchor.year, anchor.month
    for _ in range(25):
        cand = _make(y, m, day)
        if (
            cand
            and cand >= anchor
            and cand.year >= min_year
            and (weekday is None or cand.weekday() == weekday)
        ):
            return cand
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return None


def _anchor(text: str) -> DateMention | None:
    """The latest full date that the text states as past (plans and schedules do not count)."""
    past = [f for f in find_dates(text) if not _is_future(text, f.end)]
    return max(past, key=lambda f: f.date) if past else None


def _min_year(a: DateMention) -> int:
    # Japanese news and most writers leave the year out of dates in the current year ("5月26日"),
    # so a date written out with its year in prose is from an earlier year than the writing.
    return a.date.year + 1 if a.prose else a.date.year


def infer_date(text: str, *, context: str | None = None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, basis) from the text alone, basis 'dateline' or 'content'; (None, None) if unsure.

    In order: a dateline with a day ("[東京 26日 ロイター]"), "today, the 6th" (本日6日), a date
    with a weekday, then as a last resort the latest full date the text states as past. Days
    without month and year are placed after the latest full date of the text (or of ``context``,
    the whole document of a story), never guessed without one.
    """
    anchor = _anchor(text) or (_anchor(context) if context else None)
    for line in text.split("\n")[:3]:
        m = _DATELINE.match(line)
        if m and anchor:
            month = int(m.group("m")) if m.group("m") else None
            day = int(m.group("d"))
            d = _next_day(anchor.date, day, None, anchor.date.year)
            while d and month and d.month != month:
                d = _next_day(d + dt.timedelta(days=1), day, None, anchor.date.year)
            if d:
                return d.isoformat(), "dateline"
    m = _TODAY.search(text)
    if m and anchor:
        d = _next_day(anchor.date, int(m.group("d")), _weekday(m), _min_year(anchor))
        if d:
            return d.isoformat(), "content"
    if anchor:
        pinned = [anchor.date]
        # "26日(金)": the first such day after the anchor that falls on that weekday
        for m in _DAY_WD.finditer(text):
            wd = _weekday(m)
            if wd is None or _is_future(text, m.end()):
                continue
            d = _next_day(anchor.date, int(m.group("d")), wd, anchor.date.year)
            if d and (d - anchor.date).days <= 62:
                pinned.append(d)
        for m in _MD_JA.finditer(text):
            wd = _weekday(m)
            if wd is None or _is_future(text, m.end()):
                continue
            for y in (anchor.date.year, anchor.date.year + 1):
                d = _make(y, int(m.group("m")), int(m.group("d")))
                if d and d >= anchor.date and d.weekday() == wd:
                    pinned.append(d)
                    break
        return max(pinned).isoformat(), "content"
    return None, None


__all__ = ["DateMention", "date_line", "find_dates", "infer_date", "parse_date"]
