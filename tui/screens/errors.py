"""The dialog for an unexpected error: what broke, the traceback to copy, where it was logged.

`ReadoutsApp.recover` opens it (see `tui.errors`). The traceback sits in a read-only
`TextArea`, so it can be selected with the mouse or keys as well as copied whole with the Copy
button (`App.copy_to_clipboard`). Everything shown went through `safe_text` and is displayed as
`Content` or plain text, never as markup: an error can quote a file name or a document's text.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from index.sanitize import safe_text
from tui.errors import ErrorReport


class ErrorScreen(ModalScreen[None]):
    """One unexpected error; Esc or Enter closes it and the app goes on."""

    AUTO_FOCUS = "#error-close"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter",
            "dismiss",
            "Close",
            id="error.close",
            tooltip="Close this dialog and go on",
        ),
        Binding(
            "c",
            "copy",
            "Copy",
            id="error.copy",
            tooltip="Copy the traceback to the clipboard",
        ),
    ]

    DEFAULT_CSS = """
    ErrorScreen {
        align: center middle;
        & > #error-dialog {
            width: 90%;
            max-width: 110;
            height: 90%;
            max-height: 30;
            border: thick $error;
            border-subtitle-color: $text-warning;
            background: $surface;
            padding: 0 1;
        }
        #error-summary { height: auto; max-height: 3; }
        #error-where, #error-log, #error-frozen { height: auto; color: $text-muted; }
        #error-frozen { color: $text-warning; }
        #error-details { height: 1fr; min-height: 1; border: none; padding: 0; }
        #error-buttons { dock: bottom; height: 1; align-horizontal: right; }
        #error-buttons > Button { margin-left: 1; }
    }
    """

    more: reactive[int] = reactive(0)
    """Errors that came while this dialog was open (they are in the log, not shown here)."""

    def __init__(
        self,
        report: ErrorReport,
        *,
        log_path: Path | None,
        log_problem: str | None,
        frozen: str | None = None,
    ) -> None:
        """`log_path`: where the error was appended, `log_problem` why it could not be (one of
        them is None); `frozen`: the part of the app that stopped responding, if one did."""
        super().__init__()
        self.report = report
        self._log_path = log_path
        self._log_problem = log_problem
        self._frozen = frozen

    def compose(self) -> ComposeResult:
        with Vertical(id="error-dialog"):
            yield Static(
                Content.styled(self.report.summary, "bold $text-error"), id="error-summary"
            )
            if self.report.where:
                yield Static(Content(f"at {self.report.where}"), id="error-where")
            if self._frozen:
                yield Static(
                    Content(
                        f"{self._frozen} stopped responding: restart readouts-tui if something "
                        "does not react."
                    ),
                    id="error-frozen",
                )
            yield TextArea(
                self.report.details,
                read_only=True,
                show_cursor=False,
                soft_wrap=False,
                id="error-details",
            )
            yield Static(Content(self._log_line()), id="error-log")
            with Horizontal(id="error-buttons"):
                yield Button("Copy", id="error-copy", compact=True)
                yield Button("Close", id="error-close", variant="primary", compact=True)

    def on_mount(self) -> None:
        dialog = self.query_one("#error-dialog")
        dialog.border_title = "Unexpected error"
        dialog.border_subtitle = "Esc closes"

    def _log_line(self) -> str:
        if self._log_problem is not None:
            return f"The error log could not be written: {self._log_problem}"
        where = safe_text(str(self._log_path), newlines=False)
        return f"Written to the error log: {where}"

    def watch_more(self, more: int) -> None:
        if more and self.is_mounted:
            errors = "error" if more == 1 else "errors"
            self.query_one(
                "#error-dialog"
            ).border_subtitle = f"{more} more {errors} since (in the log) · Esc closes"

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.report.details)
        self.notify("Traceback copied to the clipboard", timeout=3, markup=False)

    @on(Button.Pressed, "#error-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#error-close")
    def _close_pressed(self) -> None:
        self.dismiss()
