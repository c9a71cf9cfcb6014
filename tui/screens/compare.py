"""The compare screen: two readouts side by side, one column per side, rows aligned by topic.

`open_compare(reader)` is what `c` does in the reader: a meeting with two publishers opens at
once; with three, a picker asks which two; with one readout, a picker asks which readout to
compare it with (the same principals' other meetings first, see `index.compare_select.candidates`).

The screen only arranges: the rows, which topics one side alone raises, the summary line and
the colours of differing terms all come from `index.compare.Comparison`.

Keys: up/down (j/k) move through a column's paragraphs, Tab switches column, n/N jump to the
next/previous topic only one side raises, Enter opens the readout at that paragraph in the
reader, Esc goes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from index.compare import Comparison, SideInfo, compare
from index.compare_select import candidates, publisher_pairs
from index.model import Readout
from tui.errors import ErrorBoundary
from tui.screens.pick import Choice, PickScreen
from tui.text import literal
from tui.widgets.compare_grid import Cell, CompareGrid, cells_of, row_title
from tui.widgets.document_view import Selection

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

NARROW_WIDTH = 100
"""Below this many columns the two sides of each topic are stacked, not side by side."""


class CompareScreen(ErrorBoundary, Screen[None]):
    """Two readouts aligned by topic."""

    AUTO_FOCUS = "#compare-grid"
    """Focused as the screen is composed, before its first frame (not a second frame later)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="compare.back", tooltip="Back to the reader"),
        Binding(
            "tab,shift+tab",
            "switch_column",
            "Other side",
            priority=True,
            id="compare.switch-column",
            tooltip="Move to the other side's column, at the same topic",
        ),
        Binding(
            "n",
            "one_sided(1)",
            "Next one-sided",
            id="compare.next-one-sided",
            tooltip="Jump to the next topic only one side raises",
        ),
        Binding(
            "N",
            "one_sided(-1)",
            "Prev one-sided",
            key_display="N",
            id="compare.previous-one-sided",
            tooltip="Jump to the previous topic only one side raises",
        ),
        Binding(
            "down,j",
            "move(1)",
            "Down",
            show=False,
            priority=True,  # before the grid's own scrolling keys
            id="compare.down",
            tooltip="Next paragraph in this column",
        ),
        Binding(
            "up,k",
            "move(-1)",
            "Up",
            show=False,
            priority=True,  # before the grid's own scrolling keys
            id="compare.up",
            tooltip="Previous paragraph in this column",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            id="compare.open",
            tooltip="Open this readout in the reader at this paragraph",
        ),
    ]

    DEFAULT_CSS = """
    CompareScreen {
        layout: vertical;
        & > #compare-summary { height: auto; padding: 0 1; background: $boost; }
        & > #compare-heads { height: auto; }
        & > #compare-heads > .compare-head {
            width: 1fr; height: auto; padding: 0 1; color: $text-accent; text-style: bold;
        }
        &.-narrow > #compare-heads { layout: vertical; }
        &.-narrow > #compare-heads > .compare-head { width: 100%; }
    }
    """

    def __init__(self, left: Readout, right: Readout, comparison: Comparison | None = None) -> None:
        super().__init__()
        self.left = left
        self.right = right
        self.comparison: Comparison = comparison if comparison is not None else compare(left, right)
        """`comparison` when given (made ahead, see `tui.flow.comparisons`), else made now."""

    def compose(self) -> ComposeResult:
        cmp = self.comparison
        yield Static(Content(cmp.summary()), id="compare-summary", markup=False)
        with Horizontal(id="compare-heads"):
            for info in (cmp.left, cmp.right):
                yield Static(_head(info), classes="compare-head", markup=False)
        if not cmp.rows:
            yield Static(Content("Neither readout raises any topic of the topic list."))
        cells = cells_of(cmp, self.left, self.right)
        titles = [row_title(r) for r in cmp.rows]
        narrow = self.app.size.width < NARROW_WIDTH
        yield CompareGrid(cmp, cells, titles, stacked=narrow, id="compare-grid")
        yield Footer()

    @property
    def grid(self) -> CompareGrid:
        return self.query_one(CompareGrid)

    def on_mount(self) -> None:
        self._narrow(self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        self._narrow(event.size.width)

    def _narrow(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        self.grid.stacked = narrow

    # -- the cursor -------------------------------------------------------------------------

    @property
    def cell(self) -> Cell | None:
        """The cell the cursor is on."""
        return self.grid.current

    def action_move(self, step: int) -> None:
        grid = self.grid
        cell = grid.current
        if cell is None:
            return
        column = grid.column(cell.side)
        index = column.index(grid.cursor) + step
        if 0 <= index < len(column):
            grid.move_to(column[index])

    def action_switch_column(self) -> None:
        grid = self.grid
        cell = grid.current
        if cell is None:
            return
        for index, other in enumerate(grid.cells):
            if other.row == cell.row and other.side != cell.side:
                grid.move_to(index)
                return

    def action_one_sided(self, step: int) -> None:
        grid = self.grid
        cell = grid.current
        row = self.comparison.next_one_sided(cell.row if cell else -1, step)
        if row is None:
            self.notify("Both sides raise every topic", timeout=3)
            return
        side = 0 if self.comparison.rows[row].left.mentioned else 1
        for index, other in enumerate(grid.cells):
            if other.row == row and other.side == side:
                grid.move_to(index, top=True)
                return

    def action_open(self) -> None:
        cell = self.cell
        if cell is None or cell.offset is None:
            return
        open_in_reader(self, cell.readout_id, cell.offset)

    def action_back(self) -> None:
        self.dismiss()


def _head(info: SideInfo) -> Content:
    return Content.assemble(
        literal(info.label, "reverse"),
        " ",
        literal(info.meeting_date or "undated"),
        literal(f" · {info.place}" if info.place else ""),
        "  ",
        literal(info.title),
    )


def _reader(screen: Screen[Any]) -> ReaderScreen | None:
    from tui.screens.reader import ReaderScreen

    for s in screen.app.screen_stack:
        if isinstance(s, ReaderScreen):
            return s
    return None


def open_in_reader(screen: Screen[Any], readout_id: str, offset: int) -> None:
    """Close the compare screen and show `readout_id` in the reader, scrolled to `offset`."""
    reader = _reader(screen)
    corpus = reader.corpus if reader is not None else None
    meeting = corpus.meeting_of(readout_id) if corpus is not None else None
    screen.dismiss()
    if reader is None or meeting is None:
        return
    reader.open_meeting(meeting.id)
    selection = Selection(meeting, readout_id)
    reader.current = selection
    body = reader.document.body
    body.focus()

    def settle() -> None:
        # Selecting the meeting's row in a list of search results may have picked the hit's
        # readout in the meantime: the readout asked for wins, then its paragraph is shown.
        reader.current = selection
        reader.call_after_refresh(scroll)

    def scroll() -> None:
        if body.key == readout_id:
            body.scroll_to_offset(offset)

    reader.call_after_refresh(settle)


# --- what `c` does ----------------------------------------------------------------------------


def _readout_choice(readout: Readout) -> Choice:
    names = " · ".join(p.name for p in readout.participants)
    text = f"{readout.meeting_date or 'undated'}  {readout.source}  {readout.title}"
    if readout.place:
        text += f", {readout.place}"
    return Choice(readout.id, f"{text}  ({names})" if names else text, readout.id)


def open_compare(reader: ReaderScreen) -> None:
    """Compare the reader's current readout: with its meeting's other publisher, or with a
    readout (or a pair of publishers) the user picks."""
    selection = reader.current
    corpus = reader.corpus
    if selection is None or corpus is None:
        reader.notify("No meeting selected", timeout=3)
        return
    meeting = selection.meeting
    app = reader.app
    kept = reader.comparisons

    def push(left: Readout, right: Readout) -> None:
        app.push_screen(CompareScreen(left, right, kept.of(left, right)))

    if len(meeting.readouts) == 2:
        push(*meeting.readouts)
        return
    if len(meeting.readouts) > 2:
        pairs = {f"{a.id}\n{b.id}": (a, b) for a, b in publisher_pairs(meeting)}
        choices = [
            Choice(key, f"{a.source}  ⟷  {b.source}", meeting.meeting_date)
            for key, (a, b) in pairs.items()
        ]

        def chosen_pair(key: str | None) -> None:
            if key in pairs:
                push(*pairs[key])

        app.push_screen(PickScreen("Compare which two publishers?", choices), chosen_pair)
        return
    shown = reader.document.readout or meeting.readouts[0]
    by_id = {r.id: r for r in corpus.readouts}
    choices = [_readout_choice(r) for r in candidates(corpus, shown)]
    if not choices:
        reader.notify("No other readout to compare with", timeout=3)
        return

    def chosen(readout_id: str | None) -> None:
        if readout_id in by_id:
            push(shown, by_id[readout_id])

    title = f"Compare {shown.id} with… (same ministers first; type to search)"
    app.push_screen(PickScreen(title, choices), chosen)
