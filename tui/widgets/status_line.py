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
DETAIL = ("equivalents", "bar", "rate")
"""The status line's optional parts, the last left out first when the line is short of room."""
MIN_LABEL = 12
"""The fewest cells the corpus label is shortened to before other parts are left out."""


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
        width = self.content_region.width
        rest = Content("")
        # Less and less detail until the corpus label keeps some room: a part that does not
        # fit is left out whole, never cut inside a word.
        for detail in range(len(DETAIL), -1, -1):
            rest = self._state(width < COMPACT_BELOW, set(DETAIL[:detail]))
            if width - len(rest.plain) >= MIN_LABEL:
                break
        label = self._label(width - len(rest.plain))
        if not label:
            return rest if not rest.plain.startswith(" · ") else rest[3:]
        return Content.assemble((label, "bold"), rest)

    def _state(self, short: bool, shown: set[str]) -> Content:
        """Everything but the corpus label; the optional parts only when in `shown`."""
        state_style = "$text-success" if self.index_state == "index ready" else "$text-warning"
        if self.index_state.startswith("error"):
            state_style = "bold $text-error"
        noun = "doc" if short else "document"
        parts: list[Content | str | tuple[str, str]] = []
        if self.progress is None:  # else the progress says how many ("3,000 of 14,361")
            parts += [" · ", f"{self.documents:,} {noun}{'s' if self.documents != 1 else ''}"]
        if self.skipped:
            parts += [" · ", (f"{self.skipped:,} skipped", "$text-warning")]
        if self.progress is None:
            parts += [" · ", (clean_line(self.index_state), state_style)]
        else:
            parts += [" · ", (state(self.progress, short=short), state_style)]
            if "bar" in shown:
                filled, empty = bar(self.progress.fraction, BAR_WIDTH // 2 if short else BAR_WIDTH)
                parts += [" ", (filled, "$text-warning"), (empty, "$text-disabled")]
            rate = describe(self.progress, short=short) if "rate" in shown else ""
            if rate:
                parts += [" ", rate]
        if "equivalents" in shown:
            parts += [
                " · equiv " if short else " · equivalents ",
                ("on", "bold $text-success") if self.equivalents else ("off", "bold"),
            ]
        return Content.assemble(*parts)

    def _label(self, room: int) -> str:
        """The corpus label, shortened from the left to fit `room` cells ("" when too few)."""
        label = clean_line(self.corpus_label) or "no corpus"
        if len(label) > room:
            label = "…" + label[-(room - 1) :] if room >= MIN_LABEL else ""
        return label
