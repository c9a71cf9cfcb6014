"""What a row of the meeting list shows, and which lines of the list each row takes.

Plain code, no widget: `row_lines` turns a `Row` into the styled runs of text drawn for it
(`row_content`, the same as one `Content`), and `RowLines` knows on which line each row starts
without drawing any row. A row takes one line,
two with a snippet, because the list never wraps (`text-wrap: nowrap`), so a list of many
thousands of rows is laid out by summing small integers and drawn only where it is on screen.
Tests drive both directly, without an app.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal, overload

from textual.content import Content

from index.cache_listing import ListedMeetings
from index.model import Meeting, Participant
from index.people import family_name
from index.search.highlight import merge
from tui.flow.marks import RowMarks
from tui.flow.rows import MeetingHits
from tui.text import clean_line

SNIPPET_LEAD = 12
"""Characters of context kept before the first highlighted hit in a snippet row."""

HIT_STYLE = "bold underline $text-warning"
"""How a hit is drawn inside a snippet (readable on and off the cursor row)."""

Run = tuple[str, str]
"""A piece of a row's line and its style (a Textual style string, "" for the row's own):
the list draws runs straight into strips (`tui.run_strips`), which costs a fraction of making
`Content` of each row anew at every keystroke (docs/search-flow.md, "Drawing a row")."""

Line = tuple[Run, ...]

_BADGES: dict[str, tuple[str, str]] = {
    "mofa-japan": ("JP", "bold #ffffff on #b0102a"),
    "mofa-korea": ("KR", "bold #ffffff on #1a4fa0"),
    "white-house": ("US", "bold #ffffff on #3c3b6e"),
}


def badge_run(source: str) -> Run:
    """A two-letter, coloured badge for a publisher code (`mofa-japan` -> " JP ")."""
    label, style = _BADGES.get(source, ("", "bold reverse"))
    if not label:
        letters = [part[:1] for part in source.split("-") if part]
        label = ("".join(letters[-2:]) or "??").upper()[:2].ljust(2)
    return f" {clean_line(label)} ", style


def badge(source: str) -> Content:
    """`badge_run` as `Content` (the document pane's header)."""
    return Content.styled(*badge_run(source))


PRINCIPALS_SHOWN = 2
"""Principals a row names (family names; "+" when there are more): the title needs the room."""


def short_principals(participants: Sequence[Participant], limit: int = PRINCIPALS_SHOWN) -> str:
    """The principals' family names, publisher's side first: "Kono · Kang"."""
    names = [family_name(p.name) or p.name for p in participants[:limit]]
    text = " · ".join(n for n in names if n)
    if len(participants) > limit:
        text += " +"
    return text


_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]")
"""Two whitespace characters in a row, or one that is not a plain space."""


def squeeze(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`text` on one line with runs of whitespace made one space, and `spans` moved to match."""
    if _UNEVEN_SPACE.search(text) is None:  # already so (most snippets): nothing moves
        return text, [(s, e) for s, e in spans if 0 <= s < e <= len(text)]
    out: list[str] = []
    new_index: list[int] = []  # new offset of each old offset (and of the end)
    previous_space = False
    for char in text:
        new_index.append(len(out))
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
    new_index.append(len(out))
    moved = [
        (new_index[s], new_index[e])
        for s, e in spans
        if 0 <= s < e <= len(text) and new_index[s] < new_index[e]
    ]
    return "".join(out), moved


def snippet_runs(text: str, spans: Sequence[tuple[int, int]]) -> Line:
    """One line of snippet, started a little before its first hit, hits highlighted."""
    line, spans = squeeze(clean_line(text), spans)
    shift = 0
    if spans and spans[0][0] > SNIPPET_LEAD:
        cut = spans[0][0] - SNIPPET_LEAD
        space = line.find(" ", cut)
        if 0 <= space < spans[0][0]:
            cut = space + 1
        shift = cut
    visible = line[shift:].strip()
    lead = len(line[shift:]) - len(line[shift:].lstrip())
    shift += lead
    shown = ("…" if shift else "") + visible
    offset = (1 if shift else 0) - shift
    clipped = ((max(s + offset, 0), min(e + offset, len(shown))) for s, e in spans)
    hits = merge((s, e) for s, e in clipped if e > (1 if shift else 0) and s < e)  # in `shown`
    runs: list[Run] = []
    at = 0
    for s, e in hits:
        if s > at:
            runs.append((shown[at:s], ""))
        runs.append((shown[s:e], HIT_STYLE))
        at = e
    if at < len(shown):
        runs.append((shown[at:], ""))
    return tuple(runs)


def snippet_content(text: str, spans: Sequence[tuple[int, int]]) -> Content:
    """`snippet_runs` as one `Content`."""
    return Content.assemble(*snippet_runs(text, spans))


@dataclass(frozen=True)
class Row:
    """What one list row shows: a meeting, and during a search the hit that put it here."""

    meeting: Meeting
    readout_id: str = ""
    """The readout to open (the best-ranked hit); empty means the meeting's first readout."""
    snippet: tuple[str, tuple[tuple[int, int], ...]] | None = None
    """Snippet text and the hit spans inside it, when the row comes from a search."""
    hit_sources: tuple[str, ...] = ()
    """Publishers whose readout matched, so a badge can say which side used the words."""
    title: str = ""
    """What the row says for the title when not the meeting's own: "…in Joint Press
    Conference", beside a same-day meeting whose title begins the same way."""
    titles: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """Where that title is looked up when the row is drawn (when `title` is empty): see
    `tui.flow.rows.SameDayTitles`, which works out a day's titles only when a row of it shows."""

    @property
    def shown_title(self) -> str:
        """What the row says for the title when not the meeting's own ("" when it is)."""
        if self.title or self.titles is None:
            return self.title
        return self.titles.get(self.meeting.id, "")


class MeetingRows(Sequence[Row]):
    """The full list's rows, every meeting in `meetings` (no snippets: a line each), each Row
    made when asked for: a long list draws a screenful, and making every Row when the corpus
    came held up the UI thread (docs/search-flow.md, "Rows")."""

    def __init__(self, meetings: Sequence[Meeting], titles: Mapping[str, str]) -> None:
        self.meetings = meetings
        self._titles = titles

    def __len__(self) -> int:
        return len(self.meetings)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Row(self.meetings[index], titles=self._titles)

    def index_of(self, meeting_id: str) -> int | None:
        """Where the row of meeting `meeting_id` is, None when it is not listed."""
        if isinstance(self.meetings, ListedMeetings):  # by its ids, making no Meeting
            return self.meetings.index_of(meeting_id)
        for i, meeting in enumerate(self.meetings):
            if meeting.id == meeting_id:
                return i
        return None


def list_rows(found: Iterable[Meeting | MeetingHits], titles: Mapping[str, str]) -> list[Row]:
    """The rows for meetings (the full list) or for a search's meetings, in order, each
    saying its title as `titles` has it when drawn (see `tui.flow.rows.distinct_titles`)."""
    rows = []
    for item in found:
        if isinstance(item, Meeting):
            rows.append(Row(item, titles=titles))
        else:
            rows.append(Row(item.meeting, item.readout_id, item.snippet, item.sources, "", titles))
    return rows


def marks_runs(marks: RowMarks) -> Line:
    """The two cells before the date: the unread dot and the mark."""
    return (
        ("●" if marks.unread else " ", "bold $text-accent"),
        ("★" if marks.marked else " ", "bold $text-warning"),
        (" ", ""),
    )


def row_lines(row: Row, marks: RowMarks | None = None) -> tuple[Line, ...]:
    """The row as it appears in the list: a line of facts, plus a snippet line in searches;
    with `marks`, the unread dot and the mark first and the tags last. Every text from a
    document is `clean`ed: runs are drawn as the characters they hold."""
    meeting = row.meeting
    runs: list[Run] = list(marks_runs(marks)) if marks is not None else []
    runs += [(meeting.meeting_date or "undated   ", "bold"), (" ", "")]
    badges = 0
    for i, source in enumerate(meeting.sources):
        label, style = badge_run(source)
        if row.hit_sources and source not in row.hit_sources:
            style = "dim reverse"
        runs += [(" ", "")] if i else []
        runs.append((label, style))
        badges += len(label) + (1 if i else 0)
    runs.append((" " * (max(badges, 4) - badges + 1), ""))
    principals = short_principals(meeting.participants)
    if principals:
        runs += [(clean_line(principals), "bold"), ("  ", "")]
    if marks is not None and marks.tags:  # the reader's own tags: before the title, which crops
        runs += [(" ".join("#" + clean_line(t) for t in marks.tags), "italic"), ("  ", "")]
    runs.append((clean_line(row.shown_title or meeting.title or "(untitled)"), ""))
    if meeting.place:  # last: what the list's width leaves of it
        runs += [("  ", ""), (clean_line(meeting.place), "$text-muted")]
    line = tuple(run for run in runs if run[0])
    if row.snippet is None:
        return (line,)
    text, spans = row.snippet
    return line, (("  ", ""), *snippet_runs(text, spans))


def row_content(row: Row, marks: RowMarks | None = None) -> Content:
    """`row_lines` as one `Content`, its lines apart by newlines (what a row reads as)."""
    lines = [Content.assemble(*line) for line in row_lines(row, marks)]
    return Content("\n").join(lines)


def row_height(row: Row) -> int:
    """Lines the row takes in the list (which crops, never wraps): its facts, and a snippet."""
    return 1 if row.snippet is None else 2


class RowLines:
    """Where each row sits among the list's lines: row i starts on line `starts[i]`.

    Made from the rows' heights alone (`row_height`), so laying out a list costs a running sum,
    and finding the row on line y is a binary search.
    """

    def __init__(self, rows: Sequence[Row] = ()) -> None:
        if isinstance(rows, MeetingRows):  # a line each
            self.starts: list[int] = list(range(len(rows) + 1))
        else:
            self.starts = list(accumulate((row_height(row) for row in rows), initial=0))
        """First line of each row, then the line after the last one."""

    def __len__(self) -> int:
        """How many rows."""
        return len(self.starts) - 1

    @property
    def total(self) -> int:
        """Lines of all the rows."""
        return self.starts[-1]

    def row_at(self, y: int) -> tuple[int, int] | None:
        """The row on line `y` and which of its lines `y` is; None above or below the rows."""
        if not 0 <= y < self.total:
            return None
        index = bisect_right(self.starts, y) - 1
        return index, y - self.starts[index]

    def span(self, index: int) -> tuple[int, int]:
        """The first line of row `index` and how many lines it takes."""
        start = self.starts[index]
        return start, self.starts[index + 1] - start

    def page_from(self, index: int, direction: Literal[-1, 1], height: int) -> int:
        """The row a page of `height` lines away from row `index` (up for -1, down for 1): the
        row on the line that far from the row's first line, stopping at the first or last."""
        if not len(self):
            return index
        start, _ = self.span(min(max(index, 0), len(self) - 1))
        y = min(max(start + direction * height, 0), self.total - 1)
        found = self.row_at(y)
        return found[0] if found is not None else index
