"""Reading dates as readouts write them: "May 13, 2011", "Apr 11,2018", "2018.4.11", "on March 19",
and in the originals' own languages: 2018년 4월 11일, 2018年4月11日, 平成30年4月11日, 4월 11일(수).

Everything returns ISO `YYYY-MM-DD` strings, or "" when no valid date is there.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan", "jan."),
            ("february", "feb", "feb."),
            ("march", "mar", "mar."),
            ("april", "apr", "apr."),
            ("may",),
            ("june", "jun", "jun."),
            ("july", "jul", "jul."),
            ("august", "aug", "aug."),
            ("september", "sep", "sept", "sep.", "sept."),
            ("october", "oct", "oct."),
            ("november", "nov", "nov."),
            ("december", "dec", "dec."),
        ],
        start=1,
    )
    for name in names
}

_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
MONTH_DAY_YEAR = re.compile(
    _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<year>(?:1[6-9]|20)\d\d)\b"
)
DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})\s+" + _MONTH_RE + r"\s+(?P<year>(?:1[6-9]|20)\d\d)\b"
)
NUMERIC = re.compile(
    r"\b(?P<year>(?:1[6-9]|20)\d\d)(?P<sep>[-./])(?P<sp> ?)(?P<month>\d{1,2})(?P=sep)(?P=sp)"
    r"(?P<day>\d{1,2})\b"
)
"""2018-04-11, 2018.4.11, 2018/4/11, and the Korean government's 2021. 11. 19."""
KOREAN = re.compile(
    r"(?P<year>(?:1[6-9]|20)\d\d)\s*년\s*(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일"
)
JAPANESE = re.compile(
    r"(?P<year>(?:1[6-9]|20)\d\d|[１２][０-９]{3})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
)
ERA = re.compile(
    r"(?P<era>令和|平成|昭和)\s*(?P<year>元|\d{1,2})\s*年\s*(?P<month>\d{1,2})\s*月\s*"
    r"(?P<day>\d{1,2})\s*日"
)
"""A Japanese era date: 平成30年4月11日 is 2018-04-11; 令和元年 is 2019 (`\\d` takes full-width
digits too)."""
ERA_START = {"令和": 2019, "平成": 1989, "昭和": 1926}
"""The Western year of each era's first year (元年)."""
MONTH_DAY_CJK = re.compile(
    r"(?<![년年\d])(?<![년年] )(?P<month>\d{1,2})\s*[월月]\s*(?P<day>\d{1,2})\s*[일日]"
)
"""A day without its year, as Korean and Japanese readouts give the meeting's: 4월 11일(수),
4月11日."""
MONTH_DAY_DOTTED = re.compile(
    r"(?<![\d.])(?P<month>\d{1,2})\.\s?(?P<day>\d{1,2})\.?\s?\((?:월|화|수|목|금|토|일)\)"
)
"""MOFA Korea's day with its weekday: 4.11.(수), 11.19(금)."""
ON_MONTH_DAY = re.compile(
    r"\b[Oo]n\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?(?:\w+day,\s+)?"
    + _MONTH_RE
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,\s*(?P<year>(?:1[6-9]|20)\d\d))?"
)


def iso(year: int, month: int, day: int) -> str:
    """`YYYY-MM-DD`, or "" when the parts are not a real date."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _month(word: str) -> int:
    return MONTHS.get(word.lower(), 0) or MONTHS.get(word.lower().rstrip("."), 0)


def _year(m: re.Match[str]) -> int:
    """The Western year of a date match (an era's year counted from its first)."""
    year = m.group("year")
    era = m.groupdict().get("era")
    if era:
        return ERA_START[era] + (0 if year == "元" else int(year) - 1)
    return int(year)


def find_date(text: str) -> tuple[str, int, int]:
    """The first full date in `text` and its span, or ("", -1, -1)."""
    best: tuple[str, int, int] = ("", -1, -1)
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR, NUMERIC, KOREAN, JAPANESE, ERA):
        for m in pattern.finditer(text):
            month = m.group("month")
            mon = int(month) if month.isdigit() else _month(month)
            value = iso(_year(m), mon, int(m.group("day")))
            if value:
                if best[1] < 0 or m.start() < best[1]:
                    best = (value, m.start(), m.end())
                break
    return best


def parse_date(value: str) -> str:
    """A whole field or line read as a date: ISO, "May 13, 2011", "2018.4.11", "1963.12.17"."""
    value = value.strip()
    m = re.fullmatch(r"((?:1[6-9]|20)\d\d)-(\d\d)-(\d\d)(?:[T ].*)?", value)
    if m:
        return iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found, _, _ = find_date(value)
    return found


_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")


def is_date_line(line: str) -> str:
    """The date when `line` is nothing but a date (a page's date line), else ""."""
    stripped = line.strip()
    if _YEAR.search(stripped) is None and "年" not in stripped:  # most lines end here
        return ""
    found, start, end = find_date(stripped)
    if found and start == 0 and end >= len(stripped.rstrip(". ")):
        return found
    return ""


MEETING_BEFORE_DAYS = 366
"""How long before its page a meeting can have taken place: an older date in the text is
history ("On April 19, 1775, ...", in a message on an anniversary), not the meeting."""
YEAR_BEFORE_DAYS = 92
"""How long before its page a meeting given without a year can be put in the year before:
"on December 30" on a January 5 page, but not "on August 25" on an August 24 page (a day to
come, not a meeting 364 days ago)."""


def _days_before(published: str, days: int) -> str:
    """The ISO date `days` before `published` ("" when `published` is not an ISO date)."""
    try:
        return (date.fromisoformat(published) - timedelta(days)).isoformat()
    except ValueError:
        return ""


_CONTEXT_BEFORE = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|after|since|ahead of|prepar(?:e|ing|ation)|anniversary|"
    r"launched|signed|adopted|established|announced|issued|declared|reached)\b[^.;]*$",
    re.IGNORECASE,
)
"""Words that make a date that follows them another event's: "follows the Summit ... on
January 9", "the agreement signed on March 3"."""


def meeting_date_in(text: str, published: str, late_days: int = 0) -> str:
    """When the meeting happened, read from "on March 19"-style phrases in `text` (or 4월 11일,
    4.11.(수) in an original).

    A date without a year takes the published year, or the year before when that would put
    the meeting after the page was published (a January page about a December meeting), if
    that is at most `YEAR_BEFORE_DAYS` before it. With a published date, a date after it (a
    deadline, an order taking effect) or more than `MEETING_BEFORE_DAYS` before it is no
    meeting date, nor one after words that make it another event's ("following the Summit
    on January 9"): the next phrase is tried. `late_days` allows a date that many days after
    the page.
    """
    earliest = _days_before(published, MEETING_BEFORE_DAYS) if published else ""
    latest = _days_before(published, -late_days) if published else ""
    matches = list(ON_MONTH_DAY.finditer(text))
    if not matches and not text.isascii():
        matches = [*MONTH_DAY_CJK.finditer(text), *MONTH_DAY_DOTTED.finditer(text)]
        matches.sort(key=lambda m: m.start())
    for m in matches:
        if _CONTEXT_BEFORE.search(text, 0, m.start()):
            continue
        if _IN_NAME_BEFORE.search(text, 0, m.start()) and _IN_NAME_AFTER.match(text, m.end()):
            continue  # "the Civil Commission on October 7 Crimes by Hamas": a name's date
        month = m.group("month")
        mon = int(month) if month.isdigit() else _month(month)
        day = int(m.group("day"))
        if m.groupdict().get("year"):
            found = iso(int(m.group("year")), mon, day)
        elif published:
            year = int(published[:4])
            found = iso(year, mon, day)
            if found and found > latest:
                found = iso(year - 1, mon, day)
                if found and found < _days_before(published, YEAR_BEFORE_DAYS):
                    continue
        else:
            found = ""
        if found and published and not earliest <= found <= latest:
            continue
        if found:
            return found
    return ""


_IN_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+$")
_IN_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+")
"""A date between two capitalised words is part of a name ("Commission on October 7 Crimes")."""
_RELATIVE_DAY = re.compile(
    r"\b(?i:(?P<today>today|tonight|this (?:morning|afternoon|evening))\b|"
    r"(?P<yesterday>yesterday|last night)\b(?!['’]s))|"
    r"\b(?:[Oo]n|(?P<last>[Ll]ast))\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"\b(?!,?\s+" + _MONTH_RE + r")"
)
"""A day counted from the page: "today", "yesterday" (not "yesterday's"), "On Friday", "on the
evening of Friday" (not "on Friday, March 3", which is a date), "Last Wednesday" (a week
before, on a Wednesday)."""
_PAST_MEETING = re.compile(r"\b(?:met|spoke|held|talked|convened|hosted|welcomed|gathered)\b")
_FUTURE = re.compile(r"\b(?:will|to be held|being held|is to|are to)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e)\b")
"""A speaker's sentence (remarks, a briefing): "Yesterday, I met..." dates a speech, not a
readout's meeting."""
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def meeting_day(sentence: str, published: str, relative: bool = True) -> str:
    """The meeting's day as the `sentence` that reports the meeting gives it, "" when it says
    none.

    Its own date first ("on December 9", not one after "following ..."). A speaker's sentence
    ("I", "we": remarks, a briefing, a proclamation) gives nothing more. Else, when `relative`
    (the sentence says someone met or spoke), "today", "yesterday" or "On Wednesday" counted
    from `published`, unless the day belongs to another event ("following the summit
    yesterday"). Without such a day, a sentence in the past tense may give a date a day after
    `published` (a meeting in Asia published the evening before in Washington).
    """
    found = meeting_date_in(sentence, published)
    if found or not published:
        return found
    if _FIRST_PERSON.search(sentence):
        return ""
    m = _RELATIVE_DAY.search(sentence)
    if m is None:
        if _PAST_MEETING.search(sentence) and not _FUTURE.search(sentence):
            # Not beside "today" (a later date there is another meeting's, "to prepare for
            # ..."), and said in the past tense, not of a meeting to come ("will meet").
            return meeting_date_in(sentence, published, late_days=1)
        return ""
    if not relative:
        return ""
    if _CONTEXT_BEFORE.search(sentence, 0, m.start()):
        return ""
    if m.group("today"):
        return published
    if m.group("yesterday"):
        return _days_before(published, 1)
    back = (date.fromisoformat(published).weekday() - _WEEKDAYS.index(m.group("weekday"))) % 7
    return _days_before(published, back or (7 if m.group("last") else 0))
