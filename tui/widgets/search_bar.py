"""The search bar: a one-line input, and a message area for counts and query errors.

It only reports what the user typed (`SearchBar.Changed` on every keystroke) and what they asked
for (`Submitted` on Enter, `Cleared` on Esc); the screen runs the searches. Up and Down move the
result list's cursor without leaving the bar, as in fzf. A key about to edit the query is told
to the screen at once (`before_edit`), before the letter is drawn, so that the screen can hold
that frame for the letter's results (`tui.frame_hold`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Key
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui.errors import ErrorBoundary
from tui.flow.rows import Part, fit_parts
from tui.text import clean_line

PROMPT_WIDTH = 2
"""Cells of the "/" before the input."""
MESSAGE_PADDING = 2
"""Cells of padding around the message."""
MIN_INPUT = 10
"""The fewest cells the input keeps beside the message (more when the query is longer)."""
EDIT_KEYS = frozenset({"backspace", "delete"})
"""Keys besides the printable ones that change the query (and so start a search)."""


class SearchInput(ErrorBoundary, Input):
    """The input inside the bar, with keys that act on the results while typing."""

    ALLOW_MAXIMIZE = False
    """A one-line query is no pane to fill the screen with (no "Maximize" in the palette)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            priority=True,
            id="search.clear",
            tooltip="Clear the search, restore the full list and the selection",
        ),
        Binding(
            "enter",
            "submit_search",
            "Results",
            priority=True,
            show=False,
            id="search.submit",
            tooltip="Leave the search bar for the results list, the query kept (Esc clears it)",
        ),
        Binding(
            "down",
            "result(1)",
            "Next result",
            show=False,
            id="search.next-result",
            tooltip="Move the result cursor down, staying in the search bar (Enter leaves it)",
        ),
        Binding(
            "up",
            "result(-1)",
            "Previous result",
            show=False,
            id="search.previous-result",
            tooltip="Move the result cursor up without leaving the search bar",
        ),
    ]

    def validate_virtual_size(self, size: Size) -> Size:
        """The text's width rounded up to a whole number of the input's widths: Textual's
        Input sets its virtual size to the text's width at every key, and each change lays
        out the whole screen (the results list, the document, the footer). Rounded up, it
        changes only when the text grows past the input's width, and scrolling to the
        cursor works as before."""
        step = max(1, self.size.width)
        return Size(-(-max(size.width, 1) // step) * step, size.height)

    def on_key(self, event: Key) -> None:
        # Dispatched before Input's own key handler, which puts the letter in and asks for it
        # to be drawn: the bar's hook runs first.
        bar = self.parent
        if isinstance(bar, SearchBar) and (event.is_printable or event.key in EDIT_KEYS):
            bar.before_edit()

    def action_clear_search(self) -> None:
        # Focus moves now, not when the message is handled, so a key typed right after Esc
        # or Enter already goes to the results rather than into the query (the bindings are
        # priority bindings for the same reason: they run before the next key is delivered).
        self.screen.focus_next()
        self.post_message(SearchBar.Cleared())

    def action_submit_search(self) -> None:
        self.screen.focus_next()
        self.post_message(SearchBar.Submitted(self.value))

    def action_result(self, step: int) -> None:
        self.post_message(SearchBar.MoveResult(step))


class SearchBar(ErrorBoundary, Horizontal):
    """`/` query input, then the message: "3 readouts", or why the query is not valid."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        & > #search-prompt { width: 2; color: $text-accent; text-style: bold; }
        & > SearchInput { width: 1fr; }
        & > #search-message { width: auto; padding: 0 1; color: $text-muted; }
        & > #search-message.-error { color: $text-error; text-style: bold; }
    }
    """

    @dataclass
    class Changed(Message):
        """The query text changed (one keystroke)."""

        value: str

    @dataclass
    class Submitted(Message):
        """Enter was pressed in the bar."""

        value: str

    class Cleared(Message):
        """Esc was pressed in the bar: drop the search."""

    @dataclass
    class MoveResult(Message):
        """Up / Down in the bar: move the result cursor by `step`."""

        step: int

    def __init__(
        self,
        *,
        before_edit: Callable[[], None] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`before_edit()` is called when a key that edits the query is pressed, before the
        input has it."""
        super().__init__(id=id, classes=classes)
        self._before_edit = before_edit
        self._parts: list[Part | str] = []
        """The message shown, in parts (see `show_message`)."""
        self._fitted: str | None = None
        """The message as it was last fitted beside the query; None before the first time."""

    def compose(self) -> ComposeResult:
        yield Label("/", id="search-prompt", markup=False)
        yield SearchInput(
            placeholder='search readouts (e.g. dokdo, "comfort women", topic:abductions)',
            id="search-input",
            compact=True,
        )
        yield Static("", id="search-message", markup=False)

    def before_edit(self) -> None:
        if self._before_edit is not None:
            self._before_edit()

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def value(self) -> str:
        """The query as typed."""
        return self.input.value

    @value.setter
    def value(self, value: str) -> None:
        self.input.value = value

    def show_message(self, text: str | Sequence[Part], *, error: bool = False) -> None:
        """Say something about the query: a count, a notice, or (error=True) why it is invalid.

        `text` may come in parts, each with a shorter way to say it: the message takes the room
        the query leaves, and is shortened to fit it a part or a word at a time, never cut
        inside a word (`fit_parts`); the message in full is its tooltip.
        """
        self._parts = [clean_line(text)] if isinstance(text, str) else list(text)
        message = self.query_one("#search-message", Static)
        message.set_class(error, "-error")
        full = fit_parts(self._parts, 10**6)
        message.tooltip = full or None
        self._fit()

    def _fit(self) -> None:
        """Fit the message into the room beside the query."""
        if not self.is_mounted:
            return
        message = self.query_one("#search-message", Static)
        query = self.input.value
        input_room = max(cell_len(query) + 2, MIN_INPUT)
        room = self.size.width - PROMPT_WIDTH - MESSAGE_PADDING - input_room
        text = fit_parts(self._parts, max(room, 0)) if self._parts else ""
        if text != self._fitted:  # the same words again would cost a layout of the screen
            # A layout only when the message's width changes: "12 readouts" after "15".
            resized = self._fitted is None or cell_len(text) != cell_len(self._fitted)
            self._fitted = text
            message.update(Content(text), layout=resized)
            message.display = bool(text)

    def on_resize(self) -> None:
        self._fit()

    @property
    def message(self) -> str:
        """The message shown beside the input, as plain text."""
        return str(self.query_one("#search-message", Static).content)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fit()
        self.post_message(self.Changed(event.value))
