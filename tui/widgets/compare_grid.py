"""The compare screen's body: both sides of a comparison drawn as one scrolling grid.

One widget draws every topic row with `render_line`, the way `DocumentBody` draws a readout, so
opening a comparison costs one layout (a pass of word wrapping), not one widget per paragraph,
and a long speech against another costs no more widgets than a short readout. The layout keeps
only where each line starts and ends in its cell; a line is cut and styled when it is first
drawn and kept until the layout, the cursor's line or the styles change. The grid is laid out
when mounted, for the width it will have, so the screen's first frame draws it once.

Each topic row is a title line, then the two sides' cells: in two columns, the row as tall as
the longer side so the next topic starts level on both; or, when `stacked` (a narrow
terminal), one side under the other, each under its label. A cell is a paragraph or the plain
note that the side does not mention the topic. The cursor is on one cell; the grid scrolls to
keep it in sight. Document text is shown as the characters it contains (`tui.text.literal`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from index.compare import Comparison, Paragraph, TermUse, TopicRow
from index.model import Readout
from tui.errors import ErrorBoundary
from tui.text import clean, literal, wrap_line

BAR = "▌"
"""Drawn left of the cursor's cell (and, dimmer, of every "not mentioned" note)."""
SEPARATOR = " │ "
PIECES = {
    "separator": (SEPARATOR, "$border-blurred"),
    "cursor": (BAR + " ", "bold $accent"),
    "missing": (BAR + " ", "$warning 60%"),
    "plain": ("  ", ""),
}
"""What is drawn between the columns, and left of a cell: (text, style)."""


TERM_COLOURS = (
    "bold $text-warning",
    "bold $text-success",
    "bold $text-accent",
    "bold $text-error",
    "bold $text-primary",
    "bold $text-secondary",
)
"""The colours of differing equivalent terms, by the group's place in `Comparison.terms`."""
TOPIC_STYLE = "underline"


def paragraph_content(
    text: str, paragraph: Paragraph, uses: tuple[TermUse, ...], comparison: Comparison, topic: str
) -> Content:
    """The paragraph, numbered, its terms styled (offsets are into the readout's `text`): the
    row's topic underlined, each differing equivalent term in its group's colour."""
    body = literal(text[paragraph.start : paragraph.end])
    for use in uses:
        if use.paragraph != paragraph.index:
            continue
        start, end = use.start - paragraph.start, use.end - paragraph.start
        colour = comparison.term_colour(use.group) if use.group >= 0 else None
        if colour is not None:
            body = body.stylize(TERM_COLOURS[colour % len(TERM_COLOURS)], start, end)
        if use.topic == topic:
            body = body.stylize(TOPIC_STYLE, start, end)
    return Content.assemble((f"¶{paragraph.index} ", "$text-muted"), body)


def row_title(row: TopicRow) -> Content:
    """The topic's name, and "only <side>" when one side alone raises it."""
    title = literal(row.topic, "bold")
    if row.only:
        return Content.assemble(title, "  ", (f" only {row.only} ", "bold reverse $text-warning"))
    return title


def cells_of(comparison: Comparison, left: Readout, right: Readout) -> list[Cell]:
    """The grid's cells for a comparison of `left` and `right`, row by row. A cell's styled
    text is made when it is first drawn (`Cell.content`); the layout needs only its plain text,
    so opening a comparison styles the paragraphs of the first screen, not all of them."""
    cells: list[Cell] = []
    infos = (comparison.left, comparison.right)
    for index, row in enumerate(comparison.rows):
        for side_index, (side, readout) in enumerate(zip(row.sides, (left, right), strict=True)):
            info = infos[side_index]
            if not side.mentioned:
                note = Content.assemble("not mentioned by ", literal(info.label))
                cells.append(Cell(index, side_index, readout.id, None, note.plain, note))
            for number in side.paragraphs:
                paragraph = info.paragraphs[number]
                plain = f"¶{paragraph.index} " + clean(
                    readout.text[paragraph.start : paragraph.end]
                )
                make = partial(
                    paragraph_content, readout.text, paragraph, info.uses, comparison, row.topic
                )
                cells.append(Cell(index, side_index, readout.id, paragraph.start, plain, make))
    return cells


@dataclass(frozen=True)
class Cell:
    """One cell of the grid: a paragraph of one side under one topic, or the missing note."""

    row: int
    """The topic row (an index into `Comparison.rows`)."""
    side: int
    """0 for the left side, 1 for the right."""
    readout_id: str
    offset: int | None
    """Where the paragraph starts in its readout's text; None for the missing note."""
    plain: str
    """The text shown (what `content` holds, unstyled): what the layout wraps."""
    styled: Content | Callable[[], Content]
    """The text shown, styled, or how to make it (made once, by `content`)."""

    @cached_property
    def content(self) -> Content:
        """The text shown, with its styles."""
        styled = self.styled
        return styled if isinstance(styled, Content) else styled()

    @property
    def missing(self) -> bool:
        return self.offset is None


@dataclass(frozen=True)
class _Part:
    cell: int
    """Index into `CompareGrid.cells` of the cell drawn here; -1 for none, -2 for a side's
    label (a stacked row), -3 for the row's title."""
    start: int = 0
    """For a cell: where this line starts in the cell's `content` (for a label: the side)."""
    end: int = 0
    """For a cell: where this line ends in the cell's `content`."""


@dataclass(frozen=True)
class _Line:
    title: int
    """The topic row whose title this line is; -1 for a line of cells."""
    parts: tuple[_Part, ...]


class CompareGrid(ErrorBoundary, ScrollView, can_focus=True):
    """Topic rows of two sides' cells, with a cursor on one cell."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"compare-grid--title", "compare-grid--one-sided"}

    DEFAULT_CSS = """
    CompareGrid {
        height: 1fr;
        scrollbar-gutter: stable;  /* the width is known before the first layout: one pass */
        scrollbar-size-vertical: 1;
        & > .compare-grid--title { background: $panel; text-style: bold; }
        & > .compare-grid--one-sided { background: $warning 25%; text-style: bold; }
    }
    """

    stacked: reactive[bool] = reactive(False, init=False)
    """Whether the sides are stacked in each row (a narrow terminal) instead of side by side."""
    cursor: reactive[int] = reactive(0, init=False)
    """Index into `cells` of the cell the cursor is on."""

    def __init__(
        self,
        comparison: Comparison,
        cells: Sequence[Cell],
        titles: Sequence[Content],
        *,
        stacked: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(CompareGrid.stacked, stacked)
        self.comparison = comparison
        self.cells = tuple(cells)
        """Every cell, row by row, the left side's before the right side's."""
        self._titles = tuple(titles)
        self._lines: list[_Line] = []
        self._cell_lines: list[tuple[int, int]] = []
        self._width = 0
        """The width lines are laid out for (at least 20 cells)."""
        self._region_width = 0
        """The width lines are drawn at (what the widget shows)."""
        self._frame: tuple[Offset, RichStyle] | None = None
        """The scroll offset and base style while a frame's lines are drawn."""
        self._pieces: dict[str, list[Segment]] = {}
        """The segments of the bars and the separator, by name (see `_piece`)."""
        self._strips: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        """Drawn lines, by (line, the cursor's cell when it is on the line, else -1, horizontal
        scroll); emptied by a new layout or new styles."""

    # -- what is where ----------------------------------------------------------------------

    def column(self, side: int) -> list[int]:
        """The indexes of `side`'s cells, top to bottom."""
        return [i for i, cell in enumerate(self.cells) if cell.side == side]

    @property
    def current(self) -> Cell | None:
        """The cell the cursor is on."""
        return self.cells[self.cursor] if 0 <= self.cursor < len(self.cells) else None

    def cell_lines(self, index: int) -> tuple[int, int]:
        """The first and last grid line of cell `index` (after a layout)."""
        self._layout()
        return self._cell_lines[index]

    def line_text(self, y: int) -> str:
        """The plain text of grid line `y` (for tests)."""
        self._layout()
        if not 0 <= y < len(self._lines):
            return ""
        return self._compose_line(self._lines[y]).plain

    # -- moving -----------------------------------------------------------------------------

    def move_to(self, index: int, *, top: bool = False) -> None:
        """Put the cursor on cell `index` and bring it into sight (`top`: to the top, title
        included)."""
        if not 0 <= index < len(self.cells):
            return
        self.cursor = index
        self._layout()
        first, last = self._cell_lines[index]
        height = max(self.scrollable_content_region.height, 1)
        if top:
            title = self._title_line(self.cells[index].row)
            self.scroll_to(y=title, animate=False, immediate=True)
        elif first < self.scroll_y:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= self.scroll_y + height:
            self.scroll_to(y=max(first, last - height + 1), animate=False, immediate=True)

    def _title_line(self, row: int) -> int:
        for y, line in enumerate(self._lines):
            if line.title == row:
                return y
        return 0

    def cell_at(self, x: int, y: int) -> int | None:
        """The index of the cell drawn at widget cell (x, y), or None."""
        self._layout()
        index = round(self.scroll_y) + y
        if not 0 <= index < len(self._lines):
            return None
        parts = self._lines[index].parts
        column = self._width if self.stacked else (self._width - len(SEPARATOR)) // 2
        part = min(max(x, 0) // (column + len(SEPARATOR)), len(parts) - 1) if parts else -1
        at = parts[part].cell if part >= 0 else -1
        return at if at >= 0 else None

    def on_click(self, event: events.Click) -> None:
        at = self.cell_at(event.x, event.y)
        if at is not None:
            self.move_to(at)

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_stacked(self) -> None:
        self._width = 0
        self._layout(self._region_width_now())
        if self.cells:
            self.move_to(self.cursor)
        self.refresh()

    # -- layout -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Laid out before the screen's first frame, which then finds the virtual size set
        # instead of setting it while drawing and asking for a second layout and frame.
        self._layout(self._region_width_now())

    def _region_width_now(self) -> int:
        """The grid's width, or before it has one the width it will have: the terminal's, less
        the scrollbar and any padding or border (the grid spans the screen)."""
        width = self.scrollable_content_region.width
        if width:
            return width
        styles = self.styles
        return self.app.size.width - styles.scrollbar_size_vertical - styles.gutter.width

    def on_resize(self) -> None:
        self._layout()
        self.refresh()

    def _layout(self, region: int | None = None) -> None:
        """Wrap every cell at the widget's width (`region`: a width to assume before it has
        one)."""
        if region is None:
            region = self.scrollable_content_region.width
        width = max(region, 20)
        if width == self._width and region == self._region_width and self._lines:
            return
        self._width = width
        self._region_width = region
        lines: list[_Line] = []
        cell_lines: list[tuple[int, int]] = [(-1, -1)] * len(self.cells)
        by_row: dict[int, tuple[list[int], list[int]]] = {}
        for i, cell in enumerate(self.cells):
            by_row.setdefault(cell.row, ([], []))[cell.side].append(i)
        column = width if self.stacked else (width - len(SEPARATOR)) // 2
        blank = _Part(-1)
        for row in range(len(self._titles)):
            lines.append(_Line(row, (_Part(-3),)))
            sides = by_row.get(row, ([], []))
            wrapped = [self._wrap(sides[s], column) for s in (0, 1)]
            if self.stacked:
                for side in (0, 1):
                    lines.append(_Line(-1, (_Part(-2, side),)))
                    for part in wrapped[side]:
                        self._place(cell_lines, part.cell, len(lines))
                        lines.append(_Line(-1, (part,)))
            else:
                for y in range(max(len(wrapped[0]), len(wrapped[1]))):
                    parts = []
                    for side in (0, 1):
                        part = wrapped[side][y] if y < len(wrapped[side]) else blank
                        self._place(cell_lines, part.cell, len(lines))
                        parts.append(part)
                    lines.append(_Line(-1, tuple(parts)))
            lines.append(_Line(-1, ()))
        self._lines = lines
        self._cell_lines = cell_lines
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))

    @staticmethod
    def _place(cell_lines: list[tuple[int, int]], cell: int, y: int) -> None:
        if cell < 0:
            return
        first, _ = cell_lines[cell]
        cell_lines[cell] = (y if first < 0 else first, y)

    def _wrap(self, indexes: list[int], width: int) -> list[_Part]:
        """The cells' lines at `width` (2 cells kept for the bar), a blank line between: where
        each line starts and ends in its cell's text (cut when drawn)."""
        out: list[_Part] = []
        for n, index in enumerate(indexes):
            if n:
                out.append(_Part(-1))
            plain = self.cells[index].plain
            for start, end in wrap_line(plain, max(width - 2, 8)):
                out.append(_Part(index, start, end))
        return out

    # -- drawing ----------------------------------------------------------------------------

    def _compose_line(self, line: _Line) -> Content:
        width = self._width
        if line.title >= 0:
            title = self._titles[line.title]
            return Content.assemble(" ", title).truncate(width, pad=True)
        if not line.parts:
            return Content("")
        column = width if self.stacked else (width - len(SEPARATOR)) // 2
        pieces: list[Content] = []
        for n, part in enumerate(line.parts):
            if n:
                pieces.append(Content.styled(*PIECES["separator"]))
            pieces.append(self._part(part, column))
        return Content.assemble(*pieces)

    def _part(self, part: _Part, width: int) -> Content:
        if part.cell == -2:
            return (
                Content.assemble("  ", literal(self.comparison.labels[part.start]))
                .truncate(width, pad=True)
                .stylize("$text-muted italic")
            )
        if part.cell < 0:
            return Content(" " * width)
        cell = self.cells[part.cell]
        name = "cursor" if part.cell == self.cursor else "missing" if cell.missing else "plain"
        bar = Content.styled(*PIECES[name])
        body = cell.content[part.start : part.end].rstrip()
        if cell.missing:
            body = body.stylize("italic $text-warning")
        return Content.assemble(bar, body).truncate(width, pad=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line needs (the layout checked, the scroll offset, the base style) is
        # found once for the lines of a frame, not once a line.
        self._layout()
        self._frame = (self.scroll_offset, self.rich_style)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            self._layout()
            frame = (self.scroll_offset, self.rich_style)
        (scroll_x, scroll_y), rich_style = frame
        index = scroll_y + y
        line = self._lines[index] if 0 <= index < len(self._lines) else None
        cursor = self.cursor
        on_line = line is not None and any(part.cell == cursor for part in line.parts)
        key = (index, cursor if on_line else -1, scroll_x)
        strip = self._strips.get(key)
        if strip is None:
            # Drawn once until the layout, the cursor or the styles change: a screen's second
            # frame (after the focus settles) and scrolling back cost a look-up.
            width = self._region_width
            if line is None:
                strip = Strip.blank(width, rich_style)
            else:
                strip = self._draw(line).crop_extend(scroll_x, scroll_x + width, rich_style)
            self._strips[key] = strip
        return strip

    def _draw(self, line: _Line) -> Strip:
        if line.title < 0 and line.parts and all(part.cell != -2 for part in line.parts):
            return self._draw_cells(line)
        content = self._compose_line(line)
        strip = Strip(content.render_segments(self.visual_style), content.cell_length)
        if line.title >= 0:
            row = self.comparison.rows[line.title]
            component = "compare-grid--one-sided" if row.only else "compare-grid--title"
            strip = strip.apply_style(self.get_component_rich_style(component))
        return strip

    def _draw_cells(self, line: _Line) -> Strip:
        """A line of cells: what `_compose_line` draws, made straight into segments (the
        bars, separator and padding are kept segments; a piece of text is styled once)."""
        base = self.visual_style
        width = self._width
        column = width if self.stacked else (width - len(SEPARATOR)) // 2
        segments: list[Segment] = []
        for n, part in enumerate(line.parts):
            if n:
                segments += self._piece("separator", base)
            segments += self._part_segments(part, column, base)
        return Strip(segments)

    def _part_segments(self, part: _Part, width: int, base: Style) -> list[Segment]:
        if part.cell < 0:
            return [Segment(" " * width, base.rich_style)]
        cell = self.cells[part.cell]
        bar = "cursor" if part.cell == self.cursor else "missing" if cell.missing else "plain"
        body = cell.content[part.start : part.end].rstrip()
        if cell.missing:
            body = body.stylize("italic $text-warning")
        room = width - 2
        length = body.cell_length
        if length > room:  # a column narrower than a word: cut it, as `_part` does
            return self._part(part, width).render_segments(base)
        segments = [*self._piece(bar, base), *body.render_segments(base)]
        if length < room:
            segments.append(Segment(" " * (room - length), base.rich_style))
        return segments

    def _piece(self, name: str, base: Style) -> list[Segment]:
        """The segments of a bar or the separator (`PIECES`), kept until the styles change."""
        segments = self._pieces.get(name)
        if segments is None:
            text, style = PIECES[name]
            segments = self._pieces[name] = Content.styled(text, style).render_segments(base)
        return segments

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._pieces.clear()
        self.refresh()
