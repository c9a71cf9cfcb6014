"""The timeline panel (T): how many readouts match the search, period by period, one bar per
publisher, beside how many there are; Enter on a period narrows the search to it.

The panel follows the screen's query as it is typed: a short pause after the last change, a
thread worker calls `index.timeline.timeline` and posts one `Computed` message, and a result
for a query no longer in the search bar is dropped. Moving along the periods and pressing Enter
posts `Narrow` with the query plus a `date:` filter for that period; `take_back` gives the
query before the last narrowing (the screen calls it on Esc).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual import on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.text import clean_line, literal

if TYPE_CHECKING:
    from index.model import Corpus
    from index.search import SearchIndex
    from index.search.query import Flags
    from index.timeline import Timeline

SETTLE = 0.3
"""Seconds of no typing before the timeline is counted again (typing never waits for it)."""
BAR = 18
"""Cells of the longest bar, when the panel is wide enough."""
MIN_BAR = 4
"""Cells of the longest bar however narrow the panel (a row may then be cut at the edge)."""
COUNT = 12
"""Cells for a " matches/total" label."""
SERIES = ("$primary", "$warning", "$success", "$error", "$accent", "$secondary")
"""A colour per publisher, in the order of the legend."""
_EIGHTHS = " ▏▎▍▌▋▊▉"


class Source(Protocol):
    """What the panel reads from its screen."""

    @property
    def index(self) -> SearchIndex | None: ...
    @property
    def corpus(self) -> Corpus | None: ...

    def search_flags(self) -> Flags | None: ...

    search_query: str
    equivalents: bool
    index_state: str
    """Changes when the index becomes ready (the panel counts again then)."""


def bar(value: int, most: int, width: int = BAR) -> str:
    """A bar of `value` out of `most` in `width` cells, to an eighth of a cell; a value above
    zero always shows at least a sliver."""
    if value <= 0 or most <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def narrowed(query: str, period: str) -> str:
    """`query` limited to `period` ("2018" or "2018-03")."""
    return f"{query.strip()} date:{period}"


@dataclass(frozen=True)
class PeriodRow:
    """What one line of the chart says: a period and, per publisher, matches of total."""

    period: str
    cells: tuple[tuple[str, int, int], ...]
    """(publisher, matches, total) in the order of `publishers`."""


def chart(tl: Timeline) -> tuple[tuple[str, ...], list[PeriodRow]]:
    """The publishers (the series) and one row per period of `tl`."""
    publishers = tl.publishers
    by_key = {(r.period, r.publisher): r for r in tl.rows}
    rows = []
    for period in tl.periods:
        cells = []
        for p in publishers:
            row = by_key.get((period, p))
            cells.append((p, row.matches if row else 0, row.total if row else 0))
        rows.append(PeriodRow(period, tuple(cells)))
    return publishers, rows


class TimelinePanel(OptionList):
    """Bars per period for the search on screen; see the module docstring."""

    DEFAULT_CSS = """
    TimelinePanel {
        height: 40%;
        min-height: 6;
        border: round $primary 50%;
        &:focus { border: round $primary; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select",
            "Narrow",
            id="timeline.narrow",
            tooltip="Narrow the search to the period under the cursor (Esc takes it back)",
        ),
    ]

    @dataclass
    class Computed(Message):
        """A timeline was counted for `query`."""

        query: str
        timeline: Timeline

    @dataclass
    class Narrow(Message):
        """The search should become `query` (narrowed to a period, or taken back)."""

        query: str

    def __init__(self, source: Source, *, id: str | None = "timeline") -> None:
        super().__init__(id=id)
        self.source = source
        self.timeline: Timeline | None = None
        """The timeline shown (None before the first is counted)."""
        self._history: list[tuple[str, str]] = []
        """(query before, query after) of each narrowing, the latest last."""
        self._timer: Timer | None = None
        self._asked = ""

    def on_mount(self) -> None:
        self.border_title = "timeline"
        screen = cast(DOMNode, self.source)
        self.watch(screen, "search_query", self._query_changed, init=False)
        self.watch(screen, "equivalents", self._query_changed, init=False)
        self.watch(screen, "index_state", self._query_changed, init=False)
        self.refresh_timeline()

    def _query_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SETTLE, self.refresh_timeline)

    def refresh_timeline(self) -> None:
        """Count the timeline of the query in the search bar now (in a worker)."""
        self._timer = None
        query = self.source.search_query
        self._asked = query
        index, corpus = self.source.index, self.source.corpus
        if not query.strip():
            self._message("type a search: the timeline counts its matching readouts per period")
        elif index is None or corpus is None:
            self._message("waiting for the index…")
        else:
            self._count(index, corpus, query, self.source.equivalents, self.source.search_flags())

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _count(
        self, index: SearchIndex, corpus: Corpus, query: str, equivalents: bool, flags: Flags | None
    ) -> None:
        from index.timeline import timeline

        worker = get_current_worker()
        result = timeline(index, corpus.readouts, query, equivalents=equivalents, flags=flags)
        if not worker.is_cancelled:
            self.post_message(self.Computed(query, result))

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        message.stop()
        if message.query != self._asked:
            return  # typed on since
        tl = message.timeline
        if tl.error:
            self._message(tl.error)
            return
        self.timeline = tl
        self._draw(tl)

    def _message(self, text: str) -> None:
        self.timeline = None
        self.border_subtitle = None
        self.set_options([Option(literal(text, "dim"), disabled=True)])

    def _draw(self, tl: Timeline) -> None:
        publishers, rows = chart(tl)
        most = max((m for row in rows for _, m, _ in row.cells), default=0)
        period_width = max([7, *(len(r.period) for r in rows)])
        colours = {p: SERIES[i % len(SERIES)] for i, p in enumerate(publishers)}
        room = (self.scrollable_content_region.width or 80) - period_width - 1
        width = max(MIN_BAR, min(BAR, room // max(1, len(publishers)) - 2 - COUNT))
        options = []
        for row in rows:
            parts: list[Content | str] = [
                literal(row.period or "undated").truncate(period_width, pad=True)
            ]
            for publisher, matches, total in row.cells:
                count = f" {matches}/{total}" if total else ""  # published nothing then
                parts += [
                    "  ",
                    literal(bar(matches, most, width), colours[publisher]).truncate(
                        width, pad=True
                    ),
                    literal(count, "dim" if not matches else "").truncate(COUNT, pad=True),
                ]
            options.append(Option(Content.assemble(*parts), id=f"period-{row.period}"))
        highlighted = self.highlighted
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)
        self.border_title = Content.assemble(
            "timeline: ",
            literal(clean_line(tl.query.strip())),
            f" · {tl.matches} of {tl.readouts} readouts · by {tl.by}",
        )
        self.border_subtitle = Content.assemble(
            *[
                part
                for p in publishers
                for part in (literal("█ ", colours[p]), literal(clean_line(p)), "  ")
            ]
        )

    def on_resize(self) -> None:
        if self.timeline is not None:
            self._draw(self.timeline)  # the bars fit the new width

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.timeline is None or event.option_index >= len(self.timeline.periods):
            return
        period = self.timeline.periods[event.option_index]
        if not period:
            self.app.notify("Undated readouts have no date: filter to narrow to", timeout=3)
            return
        query = self.timeline.query
        after = narrowed(query, period)
        self._history.append((query, after))
        self.post_message(self.Narrow(after))

    def take_back(self) -> bool:
        """Go back to the query before the last narrowing; False when there is none, or when
        the search has been typed over since (Esc then does what it always does)."""
        if not self._history or self._history[-1][1] != self.source.search_query:
            self._history.clear()
            return False
        before, _ = self._history.pop()
        self.post_message(self.Narrow(before))
        return True
