"""The concordance view (K): every occurrence of the search's matches, one line each, aligned on
the match; Enter opens the readout at that occurrence, `s` changes the order, `x` exports.

A thread worker calls `index.concordance.concordance` and posts one `Computed` message. By
date, a first call asks only for a screenful (it reads only the readouts those lines come
from), and when that is not the whole, a second worker counts the rest. The screen is
dismissed with (readout id, offset) of the line opened, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tui.text import clean_line, literal
from tui.widgets.kwic_lines import KwicLines

if TYPE_CHECKING:
    from index.concordance import Concordance
    from index.model import Readout
    from index.search import SearchIndex
    from index.search.query import Flags

SORTS = ("date", "after", "before")
SORT_NAMES = {"date": "by date", "after": "by the word after", "before": "by the word before"}
MIN_WIDTH = 20
"""Fewest characters of context either side."""


class ConcordanceScreen(Screen[tuple[str, int] | None]):
    """Keyword in context for one query; see the module docstring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,K",
            "close",
            "Back",
            id="concordance.close",
            tooltip="Back to the reader",
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            id="concordance.sort",
            tooltip="Sort by date, by the word after the match, by the word before it",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="concordance.export",
            tooltip="Write these lines to a CSV or JSON Lines file named after the query",
        ),
    ]

    DEFAULT_CSS = """
    ConcordanceScreen {
        & > #kwic-title { height: 1; padding: 0 1; background: $panel; }
        & > KwicLines { height: 1fr; }
    }
    """

    @dataclass
    class Computed(Message):
        """The concordance (or its first screenful) for `sort`."""

        sort: str
        concordance: Concordance

    def __init__(
        self,
        index: SearchIndex,
        readouts: Sequence[Readout],
        query: str,
        *,
        equivalents: bool = True,
        flags: Flags | None = None,
    ) -> None:
        """`flags`: the reader's marks, tags and notes for is:, tag: and has: (as the search)."""
        super().__init__()
        self.flags = flags
        self.index = index
        self.readouts = readouts
        self.search = query
        self.equivalents = equivalents
        self.sort = "date"
        self.concordance: Concordance | None = None
        """The lines on screen (possibly only the first screenful: see `complete`)."""
        self.context = 40

    def compose(self) -> ComposeResult:
        yield Static(id="kwic-title", markup=False)
        yield KwicLines(id="kwic-lines")
        yield Footer()

    @property
    def kwic_lines(self) -> KwicLines:
        return self.query_one(KwicLines)

    def on_mount(self) -> None:
        self.context = max(MIN_WIDTH, (self.size.width - 40) // 2)
        self.kwic_lines.focus()
        self._start()

    def _start(self) -> None:
        self._title("counting…")
        first = max(self.size.height, 10) if self.sort == "date" else None
        self._compute(self.sort, first)

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def _compute(self, sort: str, limit: int | None) -> None:
        from index.concordance import concordance

        worker = get_current_worker()
        result = concordance(
            self.index,
            self.readouts,
            self.search,
            width=self.context,
            sort=sort,
            limit=limit,
            equivalents=self.equivalents,
            flags=self.flags,
        )
        if not worker.is_cancelled:
            self.post_message(self.Computed(sort, result))

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        if message.sort != self.sort:
            return  # the order changed since
        kwic = message.concordance
        if kwic.error:
            self._title(kwic.error)
            return
        keep = self.kwic_lines.cursor if self.concordance is not None else 0
        grew = self.concordance is not None and not self.concordance.complete
        self.concordance = kwic
        self.kwic_lines.show(kwic.lines, kwic.width)
        if grew:
            self.kwic_lines.cursor = min(keep, max(len(kwic.lines) - 1, 0))
        if kwic.complete:
            self._title()
        else:
            self._title("counting the rest…")
            self._compute(self.sort, None)

    def _title(self, state: str = "") -> None:
        kwic = self.concordance
        parts: list[Content | str] = ["concordance: ", literal(clean_line(self.search.strip()))]
        if kwic is not None and kwic.complete:
            lines, readouts = len(kwic.lines), kwic.readouts
            parts.append(
                f" · {lines:,} occurrence{'s' if lines != 1 else ''} in {readouts:,} "
                f"readout{'s' if readouts != 1 else ''}"
            )
        parts.append(f" · {SORT_NAMES[self.sort]}")
        if state:
            parts.append(f" · {state}")
        self.query_one("#kwic-title", Static).update(Content.assemble(*parts))

    @on(KwicLines.Opened)
    def _opened(self, message: KwicLines.Opened) -> None:
        self.dismiss((message.line.id, message.line.offset))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.concordance = None
        self._start()

    def action_export(self) -> None:
        from tui.exports import ask_and_write, kwic_export

        if self.concordance is None or not self.concordance.complete:
            self.notify("Still counting: export once every line is listed", timeout=3)
            return
        ask_and_write(self.app, kwic_export(self.concordance))
