"""The skipped-files screen (`!`, or "Skipped files…" in the palette): each file that could not
be loaded, and why.

File names are data like document text: a name may hold escape sequences or text that looks like
markup, so each path and reason goes through `safe_text` and is shown as `Content`, never parsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.model import Skip
from index.sanitize import safe_text


def skip_prompt(skip: Skip) -> Content:
    """Two lines for one skipped file: its path, then the reason, both shown literally."""
    path = safe_text(skip.path, newlines=False) or "(no name)"
    reason = safe_text(skip.reason, newlines=False) or "(no reason given)"
    return Content.assemble((path, "bold"), "\n", ("  " + reason, "$text-muted"))


class SkippedScreen(ModalScreen[None]):
    """A scrollable list of skipped files; Esc, q or ! closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,exclamation_mark",
            "dismiss",
            "Close",
            id="skipped.close",
            tooltip="Close the list of skipped files",
        ),
    ]

    DEFAULT_CSS = """
    SkippedScreen {
        align: center middle;
        & > #skipped-list, & > #skipped-none {
            width: 90%;
            max-width: 120;
            height: 90%;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        & > #skipped-none { height: auto; }
        & > #skipped-list > .option-list--option { padding: 0 0 1 0; }
    }
    """

    def __init__(self, skipped: Sequence[Skip], *, loading: bool = False) -> None:
        """`skipped`: what the corpus could not load; `loading`: the corpus is not read yet."""
        super().__init__()
        self.skipped = tuple(skipped)
        self._loading = loading

    def compose(self) -> ComposeResult:
        if not self.skipped:
            if self._loading:
                text = "Still loading: skipped files are listed once every file has been read."
            else:
                text = "No file was skipped: every file loaded."
            yield Static(Content(text), id="skipped-none")
            return
        yield OptionList(
            *(Option(skip_prompt(skip)) for skip in self.skipped),
            id="skipped-list",
            markup=False,
        )

    def on_mount(self) -> None:
        count = len(self.skipped)
        files = "file" if count == 1 else "files"
        for widget in self.query("#skipped-list, #skipped-none"):
            widget.border_title = f"{count} {files} skipped"
            widget.border_subtitle = "Esc to close"
