"""Save search (palette "Save search…"): a name for the query in the search bar.

The saved search is listed in the palette ("Saved search: NAME") and runs from there. Enter
saves, Esc does not; a name already used is replaced. The screen returns the name, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.text import clean_line, literal


class SaveSearchScreen(ModalScreen[str | None]):
    """Name the current query."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="save-search.cancel", tooltip="Do not save the search"
        ),
    ]

    DEFAULT_CSS = """
    SaveSearchScreen {
        align: center middle;
        & > Vertical {
            width: 70%;
            max-width: 90;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content.assemble(("Save the search ", "bold"), literal(clean_line(self.query_text)))
            )
            yield Input(clean_line(self.query_text)[:60], placeholder="a name", id="search-name")
            yield Static(Content("Enter saves · Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
