"""The meeting list: one row per meeting, or per matching meeting while a search is on.

A row shows the meeting date, a badge per publisher (JP, KR, ...), the principals' family names
and the place. During a search the rows come in rank order and carry a second line: the best
snippet, with the hit highlighted (see `tui.widgets.meeting_rows`). Moving the cursor posts
`MeetingList.Selected`, and the document pane follows. The list never decides what to show; the
screen hands it `Row`s.

Showing, scrolling and moving cost what is on screen, not what is in the list: a corpus of
10,000 meetings must appear at once, at start and every time a search is cleared. So the list
is a `ScrollView` drawn line by line (`render_line`), like `DocumentBody`: the lines each row
takes are summed from the rows' heights (`RowLines`), and a row is made into its styled runs
(`row_lines`) and strips the first time it is drawn, never before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.model import Meeting
from tui.errors import ErrorBoundary
from tui.flow.marks import RowMarks
from tui.run_strips import RunPainter
from tui.text import literal
from tui.textual_compat import SteadyScrollbars
from tui.widgets.meeting_rows import (
    Line,
    MeetingRows,
    Row,
    RowLines,
    badge,
    list_rows,
    row_content,
    row_lines,
)

__all__ = ["MeetingList", "MeetingRows", "Row", "badge", "list_rows", "row_content"]

EMPTY = -1
"""The row index that stands for the "no meetings" line of an empty list."""


class MeetingList(ErrorBoundary, SteadyScrollbars, ScrollView, can_focus=True):
    """The list of meetings (or of search results): the left pane."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meeting-list--row",
        "meeting-list--cursor",
        "meeting-list--hover",
        "meeting-list--empty",
    }
    """`--row`: every row (its padding is every row's); `--cursor`: the row under the cursor;
    `--hover`: the row under the mouse; `--empty`: the line shown when there are no rows."""

    DEFAULT_CSS = """
    MeetingList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        background: $surface;
        /* A row's height is known without drawing it only because rows never wrap. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .meeting-list--row { padding: 0 1; }
        & > .meeting-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .meeting-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .meeting-list--empty { color: $text-disabled; }
        & > .meeting-list--hover { background: $block-hover-background; }
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

    highlighted: reactive[int | None] = reactive(None)
    """Index of the row under the cursor; None exactly when the list has no rows. Setting it
    moves the cursor there, scrolls it into view and posts `Selected`."""

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

    @dataclass
    class InView(Message):
        """The rows in view changed (scrolled, new rows): `first` to `last`, by readout id
        (a search row's best readout; "" for rows of the full list)."""

        meeting_list: MeetingList
        first: str
        last: str

        @property
        def control(self) -> MeetingList:
            return self.meeting_list

    @dataclass
    class EndAsked(Message):
        """`G` (or End) on the last row while more rows are still to come (`more`)."""

        meeting_list: MeetingList

        @property
        def control(self) -> MeetingList:
            return self.meeting_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: Sequence[Row] = []
        self._lines = RowLines()
        self._empty = Content("no meetings")
        self._contents: dict[int, tuple[Line, ...]] = {}
        self._painter = RunPainter()
        self._marks: dict[int, RowMarks | None] = {}
        self._strips: LRUCache[tuple[object, ...], tuple[Meeting | None, list[Strip]]] = LRUCache(
            maxsize=2048
        )
        """Drawn rows by what they show (not by their place in the list): as a query is typed,
        the next keystroke's results mostly list the same rows, which are not drawn again."""
        self._hover: int | None = None
        self._by_user = True
        self.total = 0
        """How many meetings the corpus has (the M of "N of M meetings")."""
        self.marks: Callable[[Meeting], RowMarks | None] | None = None
        """The reader's marks of a meeting (unread, marked, tags), asked as its row is drawn."""
        self.more = False
        """More rows are still to come (a search's later pages): `G` asks for them."""
        self._in_view: tuple[str, str] | None = None

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
        self._rows = rows if isinstance(rows, MeetingRows) else list(rows)
        self._lines = RowLines(self._rows)
        self._empty = literal(empty or "no meetings")
        self._contents.clear()
        self._marks.clear()
        self._hover = None
        self.total = total
        self.more = False
        self._in_view = None
        self._update_title()
        self.set_reactive(MeetingList.highlighted, None)
        self._update_virtual_size()
        self.scroll_to(0, 0, animate=False, force=True, immediate=True)
        self.refresh()
        if not self._rows:
            return
        index = 0
        if select is not None and isinstance(self._rows, MeetingRows):
            index = self._rows.index_of(select) or 0
        elif select is not None:
            for i, row in enumerate(self._rows):
                if row.meeting.id == select:
                    index = i
                    break
        self._by_user = False
        try:
            self.highlighted = index
        finally:
            self._by_user = True
        self.scroll_to_highlight()
        self._post_in_view()

    def grow(self, rows: Sequence[Row], *, more: bool) -> None:
        """The same rows with more after them (a later page of a search), or the same rows
        drawn again (their snippets came): the cursor and the scroll stay where they are."""
        self._rows = list(rows)
        self._lines = RowLines(self._rows)
        self._contents.clear()
        self._marks.clear()
        self.more = more
        self._update_title()
        self._update_virtual_size()
        if self.highlighted is not None and self.highlighted >= len(self._rows):
            self.highlighted = len(self._rows) - 1 if self._rows else None
        self.refresh()
        self._in_view = None
        self._post_in_view()

    def _post_in_view(self) -> None:
        """Post `InView` if the rows in view are not those last posted."""
        if not self._rows or not self.is_mounted:
            return
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        first = self._lines.row_at(top)
        last = self._lines.row_at(min(top + height, self._lines.total) - 1)
        rows = (first[0] if first else 0, last[0] if last else len(self._rows) - 1)
        seen = (self._rows[rows[0]].readout_id, self._rows[rows[1]].readout_id)
        if seen != self._in_view:
            self._in_view = seen
            self.post_message(self.InView(self, *seen))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._post_in_view()

    def refresh_marks(self) -> None:
        """Draw the rows again with the marks as they are now (cursor and scroll stay)."""
        self._contents.clear()
        self._marks.clear()
        self._strips.clear()
        self.refresh()

    def _update_title(self) -> None:
        shown = len(self._rows)
        noun = "meeting" if self.total == 1 else "meetings"
        title = f"{shown:,} of {self.total:,} {noun}"
        if title != self.border_title:  # (Textual repaints the whole list at every setting)
            self.border_title = title

    def _update_virtual_size(self) -> None:
        height = self._lines.total if self._rows else len(self._empty.plain.split("\n"))
        size = Size(self.scrollable_content_region.width, height)
        if size != self.virtual_size:
            self.virtual_size = size

    # -- the cursor -------------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._rows:
            return None
        return max(0, min(len(self._rows) - 1, highlighted))

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is None:
            return
        self.scroll_to_highlight()
        row = self._rows[highlighted]
        self.post_message(self.Selected(self, row.meeting.id, row.readout_id, self._by_user))

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll so the row under the cursor is in view (at the top with `top`)."""
        highlighted = self.highlighted
        region = self.scrollable_content_region
        if highlighted is None or not self.is_mounted or not region:
            return
        y, height = self._lines.span(highlighted)
        self.scroll_to_region(
            Region(0, y, region.width, height),
            force=True,
            animate=False,
            top=top,
            immediate=True,
        )

    def move(self, step: int) -> None:
        """Move the cursor `step` rows, stopping at either end ([ and ] from anywhere)."""
        if not self._rows:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = current + step
        self.scroll_to_highlight()

    def _step(self, direction: Literal[-1, 1]) -> None:
        """One row down (1) or up (-1), going round from the last row to the first."""
        if self.highlighted is not None:
            self.highlighted = (self.highlighted + direction) % len(self._rows)

    def _page(self, direction: Literal[-1, 1]) -> None:
        """A screenful of lines down (1) or up (-1)."""
        if self.highlighted is not None:
            height = self.scrollable_content_region.height
            self.highlighted = self._lines.page_from(self.highlighted, direction, height)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_first(self) -> None:
        self.highlighted = 0  # None when there are no rows (validate_highlighted)

    def action_last(self) -> None:
        """The last row; while more are to come, also ask for them (the screen moves the
        cursor to the real last one when they are here)."""
        self.highlighted = len(self._rows) - 1
        if self.more:
            self.post_message(self.EndAsked(self))

    def action_open(self) -> None:
        """Enter: read the meeting under the cursor (the document pane takes the focus)."""
        if self.current is None:
            return
        self.screen.focus_next()
        self.post_message(self.Opened(self, self.current.meeting.id))

    # -- the mouse --------------------------------------------------------------------------

    def _row_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not self._rows:
            return None
        found = self._lines.row_at(self.scroll_offset.y + offset.y)
        return None if found is None else found[0]

    def on_click(self, event: events.Click) -> None:
        """A click on a row puts the cursor there and opens the meeting."""
        index = self._row_under(event)
        if index is None:
            return
        self.highlighted = index
        self.post_message(self.Opened(self, self._rows[index].meeting.id))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_under(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            self._hover = index
            self.refresh()

    # -- drawing ----------------------------------------------------------------------------

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # colours in the rows follow the theme
        self._painter.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: only the rows on screen are ever made into runs and strips."""
        width = self.scrollable_content_region.width
        y += self.scroll_offset.y
        found = self._lines.row_at(y) if self._rows else (EMPTY, y)
        if found is not None:
            strips = self._row_strips(found[0], width)
            if 0 <= found[1] < len(strips):
                return strips[found[1]]
        return Strip.blank(width, self.get_visual_style("meeting-list--row").rich_style)

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        """Row `index` drawn `width` cells wide, in the style of its state (cursor, hover)."""
        if index == EMPTY:
            state = "meeting-list--empty"
        elif index == self.highlighted:
            state = "meeting-list--cursor"
        elif index == self._hover:
            state = "meeting-list--hover"
        else:
            state = ""
        parts = ("meeting-list--row", state) if state else ("meeting-list--row",)
        style = self.get_visual_style(*parts)
        key = (*self._shown_as(index), style, width)
        cached = self._strips.get(key)
        if cached is None:
            padding = self.get_component_styles("meeting-list--row").padding
            strips = [
                self._painter.strip(
                    line, width - padding.right, style, padding.left
                ).extend_cell_length(width, style.rich_style)
                for line in self._content(index)
            ]
            # The meeting is kept with its strips, so that its id stays its own while cached.
            meeting = None if index == EMPTY else self._rows[index].meeting
            cached = self._strips[key] = (meeting, strips)
        return cached[1]

    def _shown_as(self, index: int) -> tuple[object, ...]:
        """All that row `index` is drawn from (`row_lines`'s arguments), as a key."""
        if index == EMPTY:
            return ("empty", self._empty.plain)
        row = self._rows[index]
        return (
            id(row.meeting),
            row.snippet,
            row.hit_sources,
            row.shown_title,
            self._row_marks(index),
        )

    def _row_marks(self, index: int) -> RowMarks | None:
        if index not in self._marks:
            row = self._rows[index]
            self._marks[index] = self.marks(row.meeting) if self.marks is not None else None
        return self._marks[index]

    def _content(self, index: int) -> tuple[Line, ...]:
        """Row `index`'s lines of styled runs (the empty list's text for `EMPTY`)."""
        if index == EMPTY:
            return tuple(((line, ""),) for line in self._empty.plain.split("\n"))
        content = self._contents.get(index)
        if content is None:
            row = self._rows[index]
            content = self._contents[index] = row_lines(row, self._row_marks(index))
        return content
