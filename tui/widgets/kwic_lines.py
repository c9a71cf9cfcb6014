"""The lines of a concordance, aligned on the match, with a cursor: Enter opens a line.

A `ScrollView` drawing only the lines in sight (`render_line`), so tens of thousands of lines
cost nothing until they are scrolled to. Document text is data: every piece goes through
`tui.text.literal` (control characters shown as visible stand-ins, never markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui.text import clean_line, literal

if TYPE_CHECKING:
    from index.concordance import KwicLine


def fit_left(text: str, cells: int) -> str:
    """The end of `text` that fits in `cells` cells, padded on the left to exactly that."""
    while cell_len(text) > cells:
        text = text[1:]
    return " " * (cells - cell_len(text)) + text


def fit_right(text: str, cells: int) -> str:
    """The start of `text` that fits in `cells` cells."""
    while cell_len(text) > cells:
        text = text[:-1]
    return text


class KwicLines(ScrollView, can_focus=True):
    """One line per occurrence: date, publisher, left context, match, right context."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"kwic-lines--match", "kwic-lines--cursor"}

    DEFAULT_CSS = """
    KwicLines {
        scrollbar-gutter: stable;
        & > .kwic-lines--match { color: $text-warning; text-style: bold; }
        & > .kwic-lines--cursor { background: $accent 30%; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False, id="kwic.down", tooltip="Next line"),
        Binding("up,k", "move(-1)", "Up", show=False, id="kwic.up", tooltip="Previous line"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, id="kwic.page-down",
            tooltip="A page of lines down",
        ),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, id="kwic.page-up",
            tooltip="A page of lines up",
        ),
        Binding("home,g", "first", "First", show=False, id="kwic.first", tooltip="First line"),
        Binding("end,G", "last", "Last", show=False, id="kwic.last", tooltip="Last line"),
        Binding(
            "enter", "open", "Open", id="kwic.open",
            tooltip="Open the readout at this occurrence",
        ),
    ]  # fmt: skip

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the line under the cursor."""

    @dataclass
    class Opened(Message):
        """Enter on a line: open its readout at its occurrence."""

        line: KwicLine

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: tuple[KwicLine, ...] = ()
        self.context = 40
        self._publisher_width = 0

    def show(self, lines: tuple[KwicLine, ...], width: int) -> None:
        """Show `lines` with `width` characters of context either side; cursor on the first."""
        self.lines = lines
        self.context = width
        self._publisher_width = max((cell_len(clean_line(ln.publisher)) for ln in lines), default=0)
        total = 10 + 2 + self._publisher_width + 2 + 2 * width + 40
        self.virtual_size = Size(total, len(lines))
        self.set_reactive(KwicLines.cursor, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def line_text(self, index: int) -> str:
        """The plain text of line `index` as drawn (for tests and export of the screen)."""
        return self._content(index).plain if 0 <= index < len(self.lines) else ""

    def _content(self, index: int) -> Content:
        ln = self.lines[index]
        left = fit_left(clean_line(ln.left), self.context)
        right = fit_right(clean_line(ln.right), self.context)
        publisher = clean_line(ln.publisher)
        publisher += " " * (self._publisher_width - cell_len(publisher))
        return Content.assemble(
            literal(f" {ln.date or 'undated':<10}  {publisher}  "),
            literal(left),
            " ",
            literal(ln.match, self._style("kwic-lines--match")),
            " ",
            literal(right),
        )

    def _style(self, component: str) -> Style:
        """A component class's colours as a span style (alpha resolved against the widget)."""
        styles = self.get_component_styles(component)
        _, base = self.background_colors
        return Style(
            background=base + styles.background if styles.has_rule("background") else None,
            foreground=styles.color if styles.has_rule("color") else None,
            bold=True if styles.text_style.bold else None,
        )

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        rich_style = self.rich_style
        if not 0 <= index < len(self.lines):
            return Strip.blank(width, rich_style)
        content = self._content(index)
        if index == self.cursor:
            cursor = self._style("kwic-lines--cursor") if self.has_focus else Style(reverse=True)
            content = content.extend_right(max(0, width - content.cell_length))
            content = content.stylize_before(cursor)
        strip = Strip(content.render_segments(self.visual_style), content.cell_length)
        return strip.crop_extend(scroll_x, scroll_x + width, rich_style)

    def watch_cursor(self, old: int, new: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on that line; a second click on it opens it."""
        index = round(self.scroll_y) + event.y
        if not 0 <= index < len(self.lines):
            return
        if index == self.cursor and event.chain > 1:
            self.action_open()
        self.cursor = index

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.lines:
            self.cursor = max(0, min(len(self.lines) - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.action_move(-len(self.lines))

    def action_last(self) -> None:
        self.action_move(len(self.lines))

    def action_open(self) -> None:
        if 0 <= self.cursor < len(self.lines):
            self.post_message(self.Opened(self.lines[self.cursor]))
