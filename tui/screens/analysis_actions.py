"""The reader's actions for counting and taking results away: the timeline panel (T), the
concordance view (K), export of what is on screen (x) and the source URL (o).

A mixin of `ReaderScreen`, kept apart so the screen stays an arranger: each action asks the
widgets and `tui.exports` and moves focus; the work is in the core and in the views' workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.binding import BindingType

if TYPE_CHECKING:
    from index.search.query import Flags
    from tui.exports import PendingExport
    from tui.messages import AllResults
    from tui.screens.reader import ReaderScreen
    from tui.widgets.timeline_panel import TimelinePanel


class AnalysisActions:
    """`action_timeline`, `action_concordance`, `action_export`, `action_open_url`, and the
    handlers they need."""

    _pending_export: tuple[str, PendingExport | None] = ("", None)
    """The query whose results are being collected for export, and the export waiting."""

    def _reader(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def search_flags(self) -> Flags | None:
        """The reader's marks, tags and notes for is:, tag: and has:, as searches get them
        (the timeline and the concordance read a query as the search does)."""
        return self._reader().review.review.flags()

    def timeline_panel(self) -> TimelinePanel | None:
        """The timeline panel when it is open."""
        from tui.widgets.timeline_panel import TimelinePanel

        found = self._reader().query(TimelinePanel)
        return found.first() if found else None

    def action_timeline(self) -> None:
        """T: open the timeline panel under the panes, or close it."""
        from tui.widgets.timeline_panel import TimelinePanel

        reader = self._reader()
        panel = self.timeline_panel()
        if panel is not None:
            had_focus = panel.has_focus
            panel.remove()
            if had_focus:
                reader.set_focus(reader.meeting_list)
            return
        panel = TimelinePanel(reader)
        reader.mount(panel, after=reader.query_one("#panes"))
        reader.set_focus(panel)

    def take_back_narrowing(self) -> bool:
        """Esc with the timeline open: undo its last narrowing; False when there is none."""
        panel = self.timeline_panel()
        return panel is not None and panel.take_back()

    def on_timeline_panel_narrow(self, message: TimelinePanel.Narrow) -> None:
        message.stop()
        self._reader().search_bar.value = message.query

    def action_concordance(self) -> None:
        """K: every occurrence of the search in context, in a view of its own."""
        from tui.screens.concordance import ConcordanceScreen

        reader = self._reader()
        if not reader.searching:
            reader.notify("Search first: the concordance lists what the search matched", timeout=3)
            return
        if reader.index is None or reader.corpus is None:
            reader.notify("Waiting for the index…", timeout=3)
            return
        screen = ConcordanceScreen(
            reader.index,
            reader.corpus.readouts,
            reader.search_query,
            equivalents=reader.equivalents,
            flags=self.search_flags(),
        )
        reader.app.push_screen(screen, self._open_occurrence)

    def _open_occurrence(self, place: tuple[str, int] | None) -> None:
        """Show the readout of a concordance line, at its occurrence."""
        if place is None:
            return
        from tui.widgets.document_view import Selection

        reader = self._reader()
        readout_id, offset = place
        meeting = reader.load.meeting_of.get(readout_id)
        if meeting is None:
            return
        reader.current = Selection(meeting, readout_id)
        body = reader.document.body
        reader.set_focus(body)

        def go() -> None:
            if body.key == readout_id:
                body.go_to_offset(offset)

        reader.call_after_refresh(go)

    def action_export(self) -> None:
        """x: write what is on screen to a file (the timeline when it has the focus, else
        every result of the search, in the order listed, else the whole list)."""
        from tui.exports import ask_and_write, list_export, timeline_export

        reader = self._reader()
        if reader.corpus is None:
            reader.notify("Nothing to export yet: still loading", timeout=3)
            return
        panel = self.timeline_panel()
        if panel is not None and panel.timeline is not None and panel.has_focus:
            export = timeline_export(panel.timeline)
        elif reader.searching and reader.result is not None and reader.index is not None:
            self._export_results()
            return
        else:
            export = list_export(r for m in reader.corpus.meetings for r in m.readouts)
        ask_and_write(reader.app, export)

    def _export_results(self) -> None:
        """x during a search: every match, not only the pages loaded, found (with its matched
        words) in a worker while the prompt asks where to write them."""
        from index.export import file_name
        from tui.exports import PendingExport
        from tui.flow.search_flow import SearchRequest

        reader = self._reader()
        assert reader.result is not None and reader.index is not None
        query, total = reader.search_query, reader.result.total
        request = SearchRequest(query, reader.equivalents, None, flags=self.search_flags(),
                                order="date" if reader.by_date else "relevance")  # fmt: skip
        reader.jobs.all_results(reader.index, request)
        what = f"{total:,} result{'' if total == 1 else 's'}"
        self._pending_export = (query, PendingExport(reader.app, what, file_name(query, "results")))

    def on_all_results(self, message: AllResults) -> None:
        """Every match of the search, found for `x`: ask where to write them."""
        from tui.exports import results_export

        reader = self._reader()
        query, pending = self._pending_export
        self._pending_export = ("", None)
        if pending is None or message.query != query or reader.corpus is None:
            return  # asked for another query since
        if message.result.error:
            reader.notify(message.result.error, title="Export failed", severity="error",
                          markup=False)  # fmt: skip
            return
        readouts = {r.id: r for r in reader.corpus.readouts}
        pending.collected(results_export(message.query, message.result.hits, readouts))

    def action_open_url(self) -> None:
        """o: open the source URL of the readout on display in the browser."""
        from index.export import source_url

        reader = self._reader()
        readout = reader.document.readout
        url = source_url(readout) if readout is not None else ""
        if not url:
            reader.notify("This readout has no source URL", timeout=3)
            return
        reader.app.open_url(url)
        reader.notify(url, title="Opening", timeout=4, markup=False)


def analysis_help() -> list[tuple[str, Iterable[BindingType]]]:
    """The help screen's sections for the timeline panel and the concordance view."""
    from tui.screens.concordance import ConcordanceScreen
    from tui.widgets.kwic_lines import KwicLines
    from tui.widgets.timeline_panel import TimelinePanel

    return [
        ("Timeline panel", TimelinePanel.BINDINGS),
        ("Concordance", [*ConcordanceScreen.BINDINGS, *KwicLines.BINDINGS]),
    ]


def analysis_commands(reader: ReaderScreen) -> Iterator[SystemCommand]:
    """The palette's commands for the same actions as T, K, x and o."""
    yield SystemCommand(
        "Timeline", "Matching readouts per period and publisher (T)", reader.action_timeline
    )
    yield SystemCommand(
        "Concordance", "Every occurrence of the search in context (K)", reader.action_concordance
    )
    yield SystemCommand(
        "Export…", "Write what is on screen to a CSV or JSON Lines file (x)", reader.action_export
    )
    yield SystemCommand(
        "Open source URL", "The readout's page in the browser (o)", reader.action_open_url
    )
