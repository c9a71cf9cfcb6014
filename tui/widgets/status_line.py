"""The status line: which corpus, how many documents, whether the index is ready, and whether
equivalent terms (Dokdo = Takeshima, ...) are on.

Its fields are reactives the screen binds with `data_bind`, so it never asks anyone for state.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.text import clean_line


class StatusLine(Widget):
    """One line at the bottom of the reader."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    corpus_label: reactive[str] = reactive("")
    """How the corpus is named: "bundled seeds" or the paths given."""
    documents: reactive[int] = reactive(0)
    """How many readouts are loaded."""
    skipped: reactive[int] = reactive(0)
    """How many files could not be read."""
    index_state: reactive[str] = reactive("loading…")
    """"loading…", "indexing…", "index ready", or an error."""
    equivalents: reactive[bool] = reactive(True)
    """Whether searches expand equivalent terms."""

    def render(self) -> Content:
        state_style = "$text-success" if self.index_state == "index ready" else "$text-warning"
        if self.index_state.startswith("error"):
            state_style = "bold $text-error"
        parts: list[Content | str | tuple[str, str]] = [
            (clean_line(self.corpus_label) or "no corpus", "bold"),
            " · ",
            f"{self.documents} document{'s' if self.documents != 1 else ''}",
        ]
        if self.skipped:
            parts += [" · ", (f"{self.skipped} skipped", "$text-warning")]
        parts += [
            " · ",
            (clean_line(self.index_state), state_style),
            " · equivalents ",
            ("on", "bold $text-success") if self.equivalents else ("off", "bold"),
        ]
        return Content.assemble(*parts)
