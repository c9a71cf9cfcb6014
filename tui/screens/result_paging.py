"""The reader's later pages of a search: the rest of the results load as the list scrolls near
its end, all of them on `G`, and snippets for rows listed without them once they are in view.

A mixin of `ReaderScreen`, kept apart so the screen stays an arranger: `tui.flow.pages` decides
which page to load and which is stale, `tui.workers.load_page` loads it in a thread worker (the
search itself waits for no one typing), and this routes the messages between them and the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from tui.flow.rows import meeting_hits
from tui.flow.search_flow import SearchRequest
from tui.widgets.meeting_list import list_rows

if TYPE_CHECKING:
    from index.search import SearchResult
    from tui.flow.pages import PageRequest
    from tui.messages import PageLoaded
    from tui.screens.reader import ReaderScreen
    from tui.widgets.meeting_list import MeetingList


class ResultPaging:
    """`on_meeting_list_in_view`, `on_meeting_list_end_asked`, `on_page_loaded`."""

    def _paged(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def on_meeting_list_in_view(self, message: MeetingList.InView) -> None:
        message.stop()
        reader = self._paged()
        if reader.searching:
            self._load_page(reader.pages.viewed(message.first, message.last))

    def on_meeting_list_end_asked(self, message: MeetingList.EndAsked) -> None:
        message.stop()
        reader = self._paged()
        if reader.searching:
            self._load_page(reader.pages.rest())

    def _load_page(self, page: PageRequest | None) -> None:
        reader = self._paged()
        if page is None or reader.index is None:
            return
        request = SearchRequest(
            page.query,
            reader.equivalents,
            page.highlight,
            reader.load.searchable,
            reader.review.review.flags(),
            order=page.order,
            offset=page.offset,
            limit=page.limit,
        )
        reader.jobs.page(reader.index, page, request)

    def on_page_loaded(self, message: PageLoaded) -> None:
        reader = self._paged()
        pages = reader.pages
        result = pages.arrived(message.request, message.result, reader.search_query)
        if result is None:
            return  # another search, order or index since: this page is not of it
        reader.result = result
        self.list_grown(result)
        if pages.to_end and not pages.more:
            pages.to_end = False
            reader.meeting_list.action_last()
        self._load_page(pages.wanted())

    def list_grown(self, result: SearchResult) -> None:
        """List `result` (the same search, more of it), leaving the cursor and scroll alone."""
        reader = self._paged()
        rows = list_rows(meeting_hits(result.hits, reader.load.meeting_of), reader.load.titles)
        reader.meeting_list.grow(rows, more=reader.pages.more)
        reader.search_bar.show_message(reader._describe(result, len(rows), reader.load.searchable))
