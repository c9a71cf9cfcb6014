"""The note editor (`a`): a note on the paragraph at the top of the document pane.

The paragraph's opening is shown above a small text area holding the note (empty for a new
one). Ctrl+S saves, Esc leaves the note as it was; saving an empty note deletes it. The screen
returns the note's text, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.text import clean_line, literal

OPENING = 160
"""Characters of the paragraph shown above the editor."""


class NoteScreen(ModalScreen[str | None]):
    """Write or change the note on one paragraph."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note (empty: delete)"),
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Keep the note as it was"),
    ]

    DEFAULT_CSS = """
    NoteScreen {
        align: center middle;
        & > Vertical {
            width: 80%;
            max-width: 100;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        & #note-paragraph { color: $text-muted; }
        & TextArea { height: 8; }
    }
    """

    def __init__(self, number: int, paragraph: str, body: str) -> None:
        super().__init__()
        self.number = number
        self.paragraph = paragraph
        self.body = body

    def compose(self) -> ComposeResult:
        opening = clean_line(" ".join(self.paragraph.split()))
        if len(opening) > OPENING:
            opening = opening[:OPENING].rstrip() + "…"
        with Vertical():
            title = "Change the note" if self.body else "Add a note"
            yield Static(Content.assemble((f"{title} on paragraph {self.number}", "bold")))
            yield Static(literal(opening), id="note-paragraph")
            yield TextArea(self.body, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Content("Ctrl+S saves (empty deletes) · Esc cancels"), classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
