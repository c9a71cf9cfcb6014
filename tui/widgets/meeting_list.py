"""The meeting list: one row per meeting, or per matching meeting while a search is on.

A row shows the meeting date, a badge per publisher (JP, KR, ...), the principals' family names
and the place. During a search the rows come in rank order and carry a second line: the best
snippet, with the hit highlighted. Moving the cursor posts `MeetingList.Selected`, and the
document pane follows. The list never decides what to show; the screen hands it `Row`s.

Showing, scrolling and moving cost what is on screen, not what is in the list: a corpus of
10,000 meetings must appear at once, at start and every time a search is cleared. Textual's
`OptionList` builds every option's prompt and measures every option's height when options are
set (seconds at 10,000 rows); here a row's `Content` is made the first time the row is drawn
(`_RowOption`), and a row's height is known without rendering it: one line, two with a snippet,
because the list never wraps (`text-wrap: nowrap`). The line each row starts on is a running
sum of those heights (`_Lines`), so finding the row under line y is a binary search.
Built against Textual 8.2.8's `OptionList` internals (`_update_lines`, `_line_cache`,
`render_line`, `scroll_to_highlight`, `_move_page`); tests/tui/test_meeting_list.py breaks if a
Textual bump changes them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import ClassVar, cast

from textual import _widget_navigation
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size, clamp
from textual.message import Message
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets._option_list import _LineCache
from textual.widgets.option_list import Option

from index.model import Meeting, Participant
from index.people import family_name
from tui.errors import ErrorBoundary
from tui.text import clean_line, literal

SNIPPET_LEAD = 12
"""Characters of context kept before the first highlighted hit in a snippet row."""

HIT_STYLE = "bold underline $text-warning"
"""How a hit is drawn inside a snippet (readable on and off the cursor row)."""

_BADGES: dict[str, tuple[str, str]] = {
    "mofa-japan": ("JP", "bold #ffffff on #b0102a"),
    "mofa-korea": ("KR", "bold #ffffff on #1a4fa0"),
    "white-house": ("US", "bold #ffffff on #3c3b6e"),
}


def badge(source: str) -> Content:
    """A two-letter, coloured badge for a publisher code (`mofa-japan` -> " JP ")."""
    label, style = _BADGES.get(source, ("", "bold reverse"))
    if not label:
        letters = [part[:1] for part in source.split("-") if part]
        label = ("".join(letters[-2:]) or "??").upper()[:2].ljust(2)
    return Content.styled(f" {clean_line(label)} ", style)


def short_principals(participants: Sequence[Participant], limit: int = 3) -> str:
    """The principals' family names, publisher's side first: "Kono · Kang"."""
    names = [family_name(p.name) or p.name for p in participants[:limit]]
    text = " · ".join(n for n in names if n)
    if len(participants) > limit:
        text += " +"
    return text


def squeeze(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`text` on one line with runs of whitespace made one space, and `spans` moved to match."""
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


def snippet_content(text: str, spans: Sequence[tuple[int, int]]) -> Content:
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
    content = Content.assemble("…" if shift else "", literal(visible))
    offset = (1 if shift else 0) - shift
    for start, end in spans:
        s, e = start + offset, end + offset
        if e > (1 if shift else 0) and s < len(content.plain):
            content = content.stylize(HIT_STYLE, max(s, 0), e)
    return content


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


def row_content(row: Row) -> Content:
    """The row as it appears in the list: a line of facts, plus a snippet line in searches."""
    meeting = row.meeting
    badges: list[Content] = []
    for source in meeting.sources:
        b = badge(source)
        if row.hit_sources and source not in row.hit_sources:
            b = Content.styled(b.plain, "dim reverse")
        badges.append(b)
    badge_line = Content(" ").join(badges)
    width = max(len(badge_line.plain), 4)
    parts: list[Content | str | tuple[str, str]] = [
        (meeting.meeting_date or "undated   ", "bold"),
        " ",
        badge_line,
        " " * (width - len(badge_line.plain) + 1),
        literal(clean_line(short_principals(meeting.participants) or meeting.title)),
    ]
    if meeting.place:
        parts += ["  ", literal(clean_line(meeting.place), "$text-muted")]
    line = Content.assemble(*parts)
    if row.snippet is None:
        return line
    text, spans = row.snippet
    return Content.assemble(line, "\n", "  ", snippet_content(text, spans))


def row_height(row: Row) -> int:
    """Lines the row takes in the list (which crops, never wraps): its facts, and a snippet."""
    return 1 if row.snippet is None else 2


_UNBUILT = Content("")
"""Stands for the prompt of a row not drawn yet."""


class _RowOption(Option):
    """A row of the list: its prompt, `row_content(row)`, is made the first time it is drawn.

    One is made per row each time the list is shown, so it sets only what differs per row; the
    rest of what `Option.__init__` would set is the class defaults below.
    """

    _prompt: VisualType = _UNBUILT
    _visual = None
    disabled = False
    _divider = False

    def __init__(self, row: Row) -> None:
        self._id = row.meeting.id
        self.row = row
        self.lines = row_height(row)

    @property
    def prompt(self) -> VisualType:
        """The row's `Content`."""
        if self._prompt is _UNBUILT:
            self._prompt = row_content(self.row)
        return self._prompt


@dataclass
class _Lines(_LineCache):
    """Where each option sits among the list's lines: option i starts on line `starts[i]`.

    Takes the place of `OptionList`'s line cache, which holds a tuple per line and a height per
    option, all measured by rendering (those fields stay empty here: the methods that read them
    are overridden). `OptionList` calls `clear()` whenever its options change or the list is
    resized; the heights are then summed again from the options.
    """

    starts: list[int] = field(default_factory=lambda: [0])
    """First line of each option measured so far, then the line after the last one."""

    def clear(self) -> None:
        super().clear()
        self.starts = [0]

    @property
    def measured(self) -> int:
        """How many options have their lines counted."""
        return len(self.starts) - 1

    @property
    def total(self) -> int:
        """Lines of all the measured options."""
        return self.starts[-1]

    def add(self, heights: Iterable[int]) -> None:
        """Count the lines of the next options, given their heights."""
        self.starts.extend(islice(accumulate(heights, initial=self.starts[-1]), 1, None))

    def option_at(self, y: int) -> tuple[int, int]:
        """The option on line `y` and which of its lines `y` is; IndexError past the end."""
        if not 0 <= y < self.total:
            raise IndexError(y)
        index = bisect_right(self.starts, y) - 1
        return index, y - self.starts[index]

    def span(self, index: int) -> tuple[int, int]:
        """The first line of option `index` and how many lines it takes."""
        start = self.starts[index]
        return start, self.starts[index + 1] - start


class MeetingList(ErrorBoundary, OptionList):
    """The list of meetings (or of search results): the left pane."""

    DEFAULT_CSS = """
    MeetingList {
        /* A row's height is known without drawing it only because rows never wrap. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down,j",
            "cursor_down",
            "Down",
            show=False,
            id="list.down",
            tooltip="Next meeting in the list; the document follows",
        ),
        Binding(
            "up,k",
            "cursor_up",
            "Up",
            show=False,
            id="list.up",
            tooltip="Previous meeting in the list; the document follows",
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="list.page-down",
            tooltip="Move a page down the list",
        ),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="list.page-up",
            tooltip="Move a page up the list",
        ),
        Binding(
            "home,g",
            "first",
            "First",
            show=False,
            id="list.first",
            tooltip="First meeting in the list",
        ),
        Binding(
            "end,G", "last", "Last", show=False, id="list.last", tooltip="Last meeting in the list"
        ),
        Binding(
            "enter",
            "open",
            "Read",
            show=False,
            priority=True,  # focus moves before the next key arrives
            id="list.open",
            tooltip="Move to the document pane to read the selected meeting",
        ),
    ]

    @dataclass
    class Selected(Message):
        """The cursor is on a meeting: the document pane should show it."""

        meeting_list: MeetingList
        meeting_id: str
        readout_id: str
        """The readout to open first; empty for the meeting's first readout."""
        by_user: bool
        """False when the list moved the cursor itself (new rows), True for keys and clicks."""

        @property
        def control(self) -> MeetingList:
            return self.meeting_list

    @dataclass
    class Opened(Message):
        """Enter or a click on a row: the user wants to read the meeting."""

        meeting_list: MeetingList
        meeting_id: str

        @property
        def control(self) -> MeetingList:
            return self.meeting_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._known = _Lines()
        self._line_cache = self._known
        self._rows: list[Row] = []
        self._pending_highlight: int | None = None
        self.total = 0
        """How many meetings the corpus has (the M of "N of M meetings")."""

    @property
    def rows(self) -> Sequence[Row]:
        """The rows shown, in order."""
        return self._rows

    @property
    def current(self) -> Row | None:
        """The row under the cursor."""
        if self.highlighted is None or not self._rows:
            return None
        return self._rows[self.highlighted]

    def show(
        self, rows: Sequence[Row], total: int, *, select: str | None = None, empty: str = ""
    ) -> None:
        """Replace the rows, keeping the cursor on meeting `select` if it is among them.

        `empty` is the text to show when there are no rows (e.g. "no readouts match").
        """
        self._rows = list(rows)
        self.total = total
        if self._rows:
            self.set_options([_RowOption(row) for row in self._rows])
        else:
            self.set_options([Option(literal(empty or "no meetings"), disabled=True)])
        self._update_title()
        index = 0
        if select is not None:
            for i, row in enumerate(self._rows):
                if row.meeting.id == select:
                    index = i
                    break
        if self._rows:
            self._pending_highlight = index
            self.highlighted = index
            self.scroll_to_highlight()

    def _update_title(self) -> None:
        shown = len(self._rows)
        noun = "meeting" if self.total == 1 else "meetings"
        self.border_title = f"{shown:,} of {self.total:,} {noun}"

    # -- lines: OptionList's, without rendering every option ------------------------------

    def _option_height(self, option: Option, width: int) -> int:
        if type(option) is _RowOption:
            return option.lines + option._divider
        # Not a row (the "no meetings" line): measured as OptionList does.
        padding = self.get_component_styles("option-list--option").padding
        rules = cast(RulesMap, self.styles)
        height = self._get_visual(option).get_height(rules, width - padding.width)
        return height + option._divider

    def _update_lines(self) -> None:
        region = self.scrollable_content_region
        if not region:
            return
        width = region.width - self._get_left_gutter_width()
        known = self._known
        if known.measured < len(self._options):
            new = self._options[known.measured :]
            known.add([self._option_height(option, width) for option in new])
        last_divider = bool(self._options) and self._options[-1]._divider
        virtual_size = Size(width, known.total - last_divider)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Lines of all rows (for `height: auto`), from their known heights."""
        options = self._options
        return sum(self._option_height(option, width) for option in options) - (
            bool(options) and options[-1]._divider
        )

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: only the rows on screen are ever made into `Content`.

        (`OptionList.render_lines` has brought the lines up to date before asking.)
        """
        try:
            index, line = self._known.option_at(self.scroll_offset.y + y)
        except IndexError:
            return self._blank_line()
        option = self._options[index]
        component_class = ""
        if option.disabled:
            component_class = "option-list--option-disabled"
        elif self.highlighted == index:
            component_class = "option-list--option-highlighted"
        elif self._mouse_hovering_over == index:
            component_class = "option-list--option-hover"
        if component_class:
            style = self.get_visual_style("option-list--option", component_class)
        else:
            style = self.get_visual_style("option-list--option")
        strips = self._get_option_render(option, style)
        return strips[line] if line < len(strips) else self._blank_line()

    def _blank_line(self) -> Strip:
        """A line below the last row."""
        style = self.get_visual_style("option-list--option")
        return Strip.blank(self.scrollable_content_region.width, style.rich_style)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll so the row under the cursor is in view (at the top with `top`)."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        if highlighted >= self._known.measured:
            return
        y, height = self._known.span(highlighted)
        self.scroll_to_region(
            Region(0, y, self.scrollable_content_region.width, height),
            force=True,
            animate=False,
            top=top,
            immediate=True,
        )

    def _move_page(self, direction: _widget_navigation.Direction) -> None:
        if not self._options:
            return
        self._update_lines()
        known = self._known
        if not known.total:
            return
        start, _ = known.span(min(self.highlighted or 0, known.measured - 1))
        y = clamp(start + direction * self.scrollable_content_region.height, 0, known.total - 1)
        index, _ = known.option_at(y)
        self.highlighted = _widget_navigation.find_next_enabled_no_wrap(
            candidates=self._options, anchor=index, direction=direction, with_anchor=True
        )

    # -- moving -----------------------------------------------------------------------------

    def move(self, step: int) -> None:
        """Move the cursor `step` rows, stopping at either end ([ and ] from anywhere)."""
        if not self._rows:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = max(0, min(len(self._rows) - 1, current + step))
        self.scroll_to_highlight()

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        if not 0 <= index < len(self._rows):
            return
        by_user = self._pending_highlight != index
        self._pending_highlight = None
        row = self._rows[index]
        self.post_message(self.Selected(self, row.meeting.id, row.readout_id, by_user))

    def action_open(self) -> None:
        """Enter: read the meeting under the cursor (the document pane takes the focus)."""
        if self.current is None:
            return
        self.screen.focus_next()
        self.post_message(self.Opened(self, self.current.meeting.id))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._rows):
            self.post_message(self.Opened(self, self._rows[index].meeting.id))
