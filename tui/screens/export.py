"""The export prompt (`x`): where to write what is on screen, a file named after the query in
the current folder to start with; Enter writes, Esc cancels.

The screen only asks: it is dismissed with the path typed (or None), and whoever pushed it
writes the file (`index.export.write_file`) and says where.
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


class ExportScreen(ModalScreen[str | None]):
    """Ask for the file to export to; see the module docstring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Export nothing"),
    ]

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        & > #export-box {
            width: 80%;
            max-width: 100;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, what: str, default: str) -> None:
        """`what`: what will be written ("42 results"); `default`: the path to offer."""
        super().__init__()
        self.what = what
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content(f"Export {self.what} to (.csv, or .jsonl for JSON Lines):"))
            yield Input(self.default, id="export-path")

    def on_mount(self) -> None:
        box = self.query_one("#export-box")
        box.border_title = "export"
        box.border_subtitle = "Enter to write · Esc to cancel"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        self.dismiss(path or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
