"""The status line: which corpus, how many documents, whether the index is ready (while it is
being built: a progress bar, the rate and the time left), and whether equivalent terms
(Dokdo = Takeshima, ...) are on.

Its fields are reactives the screen binds with `data_bind`, so it never asks anyone for state.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.progress import Progress, bar, describe, state
from tui.text import clean_line

COMPACT_BELOW = 90
"""Below this many columns the status line uses short words ("docs", "equiv")."""
BAR_WIDTH = 12
"""Cells of the indexing progress bar (half that on a narrow terminal)."""


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
    progress: reactive[Progress | None] = reactive(None)
    """How far indexing has got, shown instead of `index_state` while it is set: "searching
    1,000 of 3,000 indexed", a bar, the rate and the time left."""
    equivalents: reactive[bool] = reactive(True)
    """Whether searches expand equivalent terms."""

    def render(self) -> Content:
        state_style = "$text-success" if self.index_state == "index ready" else "$text-warning"
        if self.index_state.startswith("error"):
            state_style = "bold $text-error"
        short = self.content_region.width < COMPACT_BELOW
        noun = "doc" if short else "document"
        parts: list[Content | str | tuple[str, str]] = []
        if self.progress is None:  # else the progress says how many ("3,000 of 14,361")
            parts += [" · ", f"{self.documents:,} {noun}{'s' if self.documents != 1 else ''}"]
        if self.skipped:
            parts += [" · ", (f"{self.skipped} skipped", "$text-warning")]
        if self.progress is None:
            parts += [" · ", (clean_line(self.index_state), state_style)]
        else:
            filled, empty = bar(self.progress.fraction, BAR_WIDTH // 2 if short else BAR_WIDTH)
            parts += [
                " · ",
                (state(self.progress, short=short), state_style),
                " ",
                (filled, "$text-warning"),
                (empty, "$text-disabled"),
            ]
            rate = describe(self.progress, short=short)
            if rate:
                parts += [" ", rate]
        parts += [
            " · equiv " if short else " · equivalents ",
            ("on", "bold $text-success") if self.equivalents else ("off", "bold"),
        ]
        rest = Content.assemble(*parts)
        return Content.assemble((self._label(len(rest.plain)), "bold"), rest)

    def _label(self, used: int) -> str:
        """The corpus label, shortened from the left to leave room for the state."""
        label = clean_line(self.corpus_label) or "no corpus"
        room = max(self.content_region.width - used, 12)
        if len(label) > room:
            label = "…" + label[-(room - 1) :]
        return label
