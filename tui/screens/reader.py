"""The reader: search bar, meeting list, document pane and status line, and the state they share.

The screen arranges: it holds the state (the `current` meeting, the `search_query`, the last
good search `result`, the corpus and index in `load`), binds it down to the widgets and routes
the messages. What to do is decided in `tui.flow` (a test drives it without an app); the work
runs in the thread workers of `tui.workers`; the keys are `tui.keymap.READER_BINDINGS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from tui import messages, workers
from tui.errors import ErrorBoundary
from tui.flow import search_flow
from tui.flow.comparisons import Comparisons
from tui.flow.loading import CHECK_DELAY, LoadFlow, Update
from tui.flow.pages import ResultPages
from tui.flow.rows import Part, describe_parts, meeting_hits, no_match, ordered
from tui.flow.search_flow import Change, SearchFlow, SearchRequest, SearchRunner
from tui.frame_hold import FrameHold
from tui.keymap import READER_BINDINGS
from tui.progress import Progress
from tui.screens.analysis_actions import AnalysisActions
from tui.screens.reader_review import ReviewActions, ReviewKeys
from tui.screens.result_paging import ResultPaging
from tui.screens.side_actions import SideActions
from tui.screens.view_toggles import ViewToggles
from tui.widgets.document_view import DocumentView, Selection
from tui.widgets.meeting_list import MeetingList, MeetingRows, list_rows
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from index.model import Corpus
    from index.search import SearchIndex, SearchResult

NARROW_WIDTH = 70
"""Below this many columns the list and the document are stacked instead of side by side."""

WIDE_WIDTH = 110
"""From this many columns the list takes half the width (its titles need the room; the document
keeps 55 or more columns, a comfortable line); below, the document has the larger share."""


class ReaderScreen(  # the mixins: keys and actions kept apart, each in a module of its own
    ReviewKeys, SideActions, ViewToggles, AnalysisActions, ResultPaging, ErrorBoundary, Screen[None]
):  # fmt: skip
    """The one main screen of the app."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    # repaint=False: a reactive repaints what it is on, and a screen's region is the whole
    # screen, so each keystroke's query and result re-rendered every line of every pane. The
    # widgets that show the state are bound to it (`data_bind`) and redraw what changed.
    current: reactive[Selection | None] = reactive(None, init=False, repaint=False)
    """The meeting on display and the readout to open in front."""
    search_query: reactive[str] = reactive("", init=False, repaint=False)
    """The query in the search bar; results for any other query are dropped."""
    result: reactive[SearchResult | None] = reactive(None, init=False, repaint=False)
    """The last good search result (None when no search is on); its hits are highlighted."""
    newest_first: reactive[bool] = reactive(True, init=False, repaint=False)
    """Order of the full meeting list."""
    equivalents: reactive[bool] = reactive(True, init=False, repaint=False)
    """Whether searches expand equivalent terms."""
    by_date: reactive[bool] = reactive(False, init=False, repaint=False)
    """Search results newest first (every match sorted by date) instead of best first."""
    corpus_label: reactive[str] = reactive("", repaint=False)
    """How the status line names the corpus: "bundled seeds" or the paths given."""
    documents: reactive[int] = reactive(0, repaint=False)
    """Readouts loaded so far."""
    skipped: reactive[int] = reactive(0, repaint=False)
    """Files that could not be read (the corpus says why)."""
    index_state: reactive[str] = reactive("loading…", repaint=False)
    """What the status line says about loading and the index."""
    index_progress: reactive[Progress | None] = reactive(None, repaint=False)
    """How far indexing has got, while it runs (the status line's bar, rate and time left)."""

    def __init__(
        self,
        paths: Sequence[str] | None = None,
        *,
        equivalents: bool = True,
        rebuild: bool = False,
        cache_dir: Path | None = None,
        batch_size: int | None = None,
    ) -> None:
        super().__init__()
        self.paths = list(paths) if paths is not None else None
        self.set_reactive(ReaderScreen.equivalents, equivalents)
        self.load = LoadFlow(self.paths)
        """The corpus and index so far, and what each arrival changes."""
        self.flow = SearchFlow(self.set_timer, busy=self._show_busy, fill=self._fill)
        """The search's decisions: stale results, where the cursor goes, what Esc selects."""
        options = workers.LoadOptions(self.paths, rebuild, cache_dir, batch_size)
        self.jobs = workers.ReaderJobs(self, options, SearchRunner())
        """Starts the thread workers: load, check, index, search."""
        self.review = ReviewActions(self)
        """Marks, tags, notes, read state and citations (tui/screens/reader_review.py)."""
        self.pages = ResultPages()
        """The hits of the listed search loaded so far, and the next page to load."""
        self.comparisons = Comparisons()
        """Comparisons made ahead of `c` (see `tui.screens.side_actions`)."""
        self._regrown = ""
        """The query searched again because the index grew (its results are refreshed)."""
        self._keys_shown: tuple[object, ...] | None = None
        """What the footer was last told (see `refresh_bindings`)."""
        self._frames: FrameHold | None = None
        """Holds a typed letter's frame for its results (`_key_typed`); made on mount."""

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar", before_edit=self._key_typed)
        with Horizontal(id="panes"):
            yield MeetingList(id="meeting-list")
            yield DocumentView(id="document").data_bind(
                ReaderScreen.result, selection=ReaderScreen.current
            )
        yield StatusLine(id="status").data_bind(
            ReaderScreen.corpus_label,
            ReaderScreen.documents,
            ReaderScreen.skipped,
            ReaderScreen.index_state,
            ReaderScreen.equivalents,
            progress=ReaderScreen.index_progress,
        )
        yield Footer(id="footer")

    def on_mount(self) -> None:
        self._frames = FrameHold(self.app)
        self.corpus_label = self.load.status.label
        self.meeting_list.show([], 0, empty="loading…")
        self.meeting_list.border_title = "meetings"
        self.document.placeholder("loading…")
        self.meeting_list.focus()
        self.review.attach()
        self.jobs.load()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.width >= WIDE_WIDTH, "-wide")

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def meeting_list(self) -> MeetingList:
        return self.query_one(MeetingList)

    @property
    def document(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def corpus(self) -> Corpus | None:
        """The corpus on screen; None until it is read."""
        return self.load.corpus

    @property
    def index(self) -> SearchIndex | None:
        """The index searches use (a partial one while indexing goes on); None until one is."""
        return self.load.index

    @property
    def index_complete(self) -> bool:
        return self.load.complete

    @property
    def files_checked(self) -> bool:
        """False while the corpus on screen is the cache's and its files are being checked."""
        return self.load.files_checked

    @property
    def searching(self) -> bool:
        """True while the search bar holds a query."""
        return search_flow.is_searching(self.search_query)

    @property
    def _current_id(self) -> str | None:
        return self.current.meeting.id if self.current else None

    @property
    def _shown_id(self) -> str | None:
        """The meeting on display; before anything is (the cache's listing is listed and the
        meeting under the cursor is still being read from the records), the one the list's
        cursor is on."""
        if self.current is not None:
            return self.current.meeting.id
        rows, at = self.meeting_list.rows, self.meeting_list.highlighted
        return rows[at].meeting.id if at is not None and 0 <= at < len(rows) else None

    # -- loading ----------------------------------------------------------------------------

    @on(messages.LoadProgress)
    def _load_progress(self, message: messages.LoadProgress) -> None:
        self._apply(self.load.reading(message.documents))

    @on(messages.CorpusListed)
    def _corpus_listed(self, message: messages.CorpusListed) -> None:
        self._apply(self.load.corpus_listed(message.listing))

    @on(messages.ListedOpened)
    def _listed_opened(self, message: messages.ListedOpened) -> None:
        under = self.meeting_list.current
        if self.corpus is None and under is not None and under.meeting.id == message.meeting.id:
            self.current = Selection(message.meeting)

    @on(messages.CorpusLoaded)
    def _corpus_loaded(self, message: messages.CorpusLoaded) -> None:
        self._apply(self.load.corpus_loaded(message, self._shown_id, self.searching))
        if self.corpus is not None and not message.provisional:
            self.review.corpus_changed(self.corpus)

    @on(messages.FilesChecked)
    def _files_checked(self, message: messages.FilesChecked) -> None:
        self._apply(self.load.checked(message.notices))

    @on(messages.IndexProgress)
    def _index_progress(self, message: messages.IndexProgress) -> None:
        self._apply(self.load.indexing(message.done, message.total, message.rate))

    @on(messages.IndexPartial)
    def _index_partial(self, message: messages.IndexPartial) -> None:
        load = self.load
        self._apply(
            load.partial(message.index, message.indexed, message.total, reading=message.reading)
        )

    @on(messages.IndexReady)
    def _index_ready(self, message: messages.IndexReady) -> None:
        self._apply(self.load.ready(message.index, message.notices))

    @on(messages.LoadFailed)
    def _load_failed(self, message: messages.LoadFailed) -> None:
        self._apply(self.load.failed(message.stage, message.error))

    def _apply(self, update: Update) -> None:
        """Show what a message of the loading workers changed (`LoadFlow` decided it)."""
        status = self.load.status
        self.corpus_label = status.label
        self.documents = status.documents
        self.skipped = status.skipped
        self.index_state = status.state
        self.index_progress = status.progress
        for notice in update.notices:
            self.notify(notice, timeout=6, markup=False)
        if update.error is not None:
            title, error = update.error  # markup=False: it may quote a path or a file's text
            self.notify(error, title=title, severity="error", timeout=15, markup=False)
        if update.reopen is not None:
            self.current = Selection(update.reopen)
        if update.placeholder:
            self.document.placeholder(update.placeholder)
        if update.empty_list:
            self.meeting_list.show([], 0, empty=update.empty_list)
        if update.relist:
            self._show_all(select=update.select)
        if update.build_index and self.corpus is not None:
            self.jobs.build_index(self.corpus)
        if update.check_files:
            self.set_timer(CHECK_DELAY, lambda: self.jobs.check(self.corpus))
        if update.search_again and self.searching:
            self._regrown = self.search_query
            self._start_search(self.search_query)

    # -- the list ---------------------------------------------------------------------------

    def _show_all(self, select: str | None) -> None:
        if self.corpus is None and self.load.listing is None:
            return
        meetings = self.load.listed  # the corpus's, or the cache's listing until it is here
        rows = MeetingRows(ordered(meetings, self.newest_first), self.load.titles)
        empty = f"no readouts in {self.load.status.label}"
        self.meeting_list.show(rows, len(meetings), select=select, empty=empty)

    @on(MeetingList.Selected)
    def _meeting_selected(self, message: MeetingList.Selected) -> None:
        meeting = self.load.meetings.get(message.meeting_id)
        if meeting is None:  # the cache's listing, before its corpus: read from the records
            if message.by_user:
                self.load.user_chose()
            listed = self.load.listed_meeting(message.meeting_id)
            if listed is not None:
                self.jobs.open_listed(listed[0], listed[1])
            return
        if message.by_user:
            self.load.user_chose()
            if self.searching:
                self.flow.memory.user_moved()
        if self._current_id == meeting.id and not message.readout_id:
            return  # same meeting, nothing new to open: keep the tab the user is on
        self.current = Selection(meeting, message.readout_id)

    @on(MeetingList.Opened)
    def _meeting_opened(self, message: MeetingList.Opened) -> None:
        if not self.document.body.has_focus:
            self.set_focus(self.document.body)

    def open_meeting(self, meeting_id: str) -> None:
        """Show a meeting (from the palette): in the results if it is there, else in the list."""
        if meeting_id not in self.load.meetings:
            return
        listed = [row.meeting.id for row in self.meeting_list.rows]
        if meeting_id in listed:
            self.meeting_list.highlighted = listed.index(meeting_id)
            self.meeting_list.scroll_to_highlight()
        else:
            self.flow.memory.return_to(meeting_id)
            self.search_bar.value = ""  # ends the search, which selects it
            self.current = Selection(self.load.meetings[meeting_id])
        self.document.body.focus()

    # -- search -----------------------------------------------------------------------------

    def _key_typed(self) -> None:
        """A key is about to edit the query: if its results are likely to come within a
        frame or two, the letter waits for them and both are drawn in one frame
        (`SearchFlow.hold_for`; released in `_search_finished`, or when no search runs)."""
        if self._frames is not None and self.index is not None:
            self._frames.hold(self.flow.hold_for())

    def _release_frames(self) -> None:
        if self._frames is not None:
            self._frames.release()

    @on(SearchBar.Changed)
    def _query_changed(self, message: SearchBar.Changed) -> None:
        change = self.flow.changed(self.search_query, message.value, self._current_id)
        searching = search_flow.is_searching(self.search_query)
        self.search_query = message.value
        if searching is not search_flow.is_searching(message.value):
            self.refresh_bindings()  # n / N offered while searching
        if change is Change.SEARCH:
            self._start_search(self.search_query)
        else:
            self._release_frames()  # no results to wait for
            if change is Change.END:
                self._end_search()

    def _start_search(self, query: str, *, every_hit: bool = False) -> None:
        """Search for `query`: the hits in sight highlighted (`_in_sight`), or `every_hit`."""
        if self.index is None:
            self.search_bar.show_message("waiting for the index…")
            return
        highlight = None if every_hit else self._in_sight()
        flags = self.review.review.flags()
        request = SearchRequest(query, self.equivalents, highlight, self.load.searchable, flags,
                                order="date" if self.by_date else "relevance")  # fmt: skip
        self.jobs.search(self.index, request)
        self.flow.started()

    def _show_busy(self) -> None:
        if self.searching:
            self.search_bar.show_message("searching…")

    @on(messages.SearchFinished)
    def _search_finished(self, message: messages.SearchFinished) -> None:
        if self.flow.is_stale(message.query, self.search_query):
            return  # typed on since: a newer search is coming
        try:
            self._list_result(message)
        finally:
            self._release_frames()  # the letter and its results: one frame

    def _list_result(self, message: messages.SearchFinished) -> None:
        self.flow.answered()
        result = message.result
        if result.error:
            # Keep the last good results on screen; say what is wrong with this query.
            self.search_bar.show_message(result.error, error=True)
            return
        self.result = result = self.pages.listed(result)  # with the pages loaded beyond it
        self.refresh_bindings()  # n / N go when nothing is found (told only if that changed)
        rows = list_rows(meeting_hits(result.hits, self.load.meeting_of), self.load.titles)
        # The row under the cursor, not the meeting on display: the display follows the
        # cursor a message later, and a result that lands in between (the fill search, the
        # index grown) would put the cursor back a row under a user pressing Down.
        under = self.meeting_list.current
        select = self.flow.shown(
            message.query, message.result, under.meeting.id if under else self._current_id
        )
        if message.query == self._regrown and not self.flow.memory.moved:
            select = None  # the index grew: the best match, the list from its top
        self._regrown = ""
        total = len(self.corpus.meetings) if self.corpus else 0
        nothing = no_match(message.query)
        self.meeting_list.show(rows, total, select=select, empty=nothing)
        self.meeting_list.more = self.pages.more
        row = self.meeting_list.current
        if row is not None:
            # Now, not when the list's `Selected` comes (which then changes nothing): the
            # document is drawn in the same frame as the list and the count.
            self.current = Selection(row.meeting, row.readout_id)
        if not rows:
            # The pane showed the last meeting selected, which is no match: say so instead.
            self.document.placeholder(nothing)
            self.current = None
        self.search_bar.show_message(self._describe(result, len(rows), message.searched))

    def _in_sight(self) -> int:
        """How many hits to highlight while typing: the rows the list shows, and two more."""
        return search_flow.in_sight(self.meeting_list.size.height)

    def _fill(self, query: str) -> None:
        """The same search again, every hit highlighted (the cursor stays where it is)."""
        if not self.flow.is_stale(query, self.search_query):
            self._start_search(query, every_hit=True)

    def _describe(self, result: SearchResult, meetings: int, searched: int) -> list[Part]:
        return describe_parts(result, meetings, searched, self.load.status.documents)

    def _end_search(self) -> None:
        """Back to the full list, with the selection `flow.ended` decides."""
        current = self._current_id
        select = self.flow.ended(current)
        self.pages.ended()
        self.result = None
        self.search_bar.show_message("")
        self._show_all(select=select)
        if select is not None and select != current:
            self.current = Selection(self.load.meetings[select])

    @on(SearchBar.Submitted)
    def _search_submitted(self) -> None:
        if not self.meeting_list.has_focus:
            self.set_focus(self.meeting_list)

    @on(SearchBar.MoveResult)
    def _move_result(self, message: SearchBar.MoveResult) -> None:
        self.meeting_list.move(message.step)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here from the footer (n/N with neither hits nor a
        search that finds something, t alone). While such a search is typed n/N stay offered,
        even on a document without hits, rather than come and go with each keystroke's
        document."""
        if action == "publisher":
            return _switchable(self.current)
        if action == "hit":
            found = self.result is not None and self.result.total > 0
            return bool(
                self.is_mounted
                and (
                    self.document.body.hits
                    or (found and search_flow.is_searching(self.search_query))
                )
            )
        if action == "focus_search":
            return not (self.is_mounted and self.search_bar.input.has_focus)  # "/" types a "/"
        return True

    def refresh_bindings(self) -> None:
        """Tell the footer the keys changed only when what it shows may have: the focused
        widget (whose keys it lists) or one of the keys `check_action` hides. Textual's Footer
        removes and mounts every key at each refresh, a layout of the whole screen, and the
        document's hits come and go with the keystrokes of a search."""
        typing = self.is_mounted and self.search_bar.input.has_focus
        # In the search bar the footer lists the bar's keys, not n / N (they type letters).
        actions = ("publisher", "focus_search") if typing else ("publisher", "hit", "focus_search")
        shown = (self.focused, tuple(self.check_action(action, ()) for action in actions))
        if shown == self._keys_shown:
            return
        self._keys_shown = shown
        super().refresh_bindings()

    def on_screen_resume(self) -> None:
        self._keys_shown = None  # another screen's footer was shown meanwhile

    def watch_current(self, before: Selection | None, now: Selection | None) -> None:
        self.prepare_comparison(now)
        if now is not None and self.load.files_checked:
            # Its text is read as it is drawn: if it was found damaged in the cache after the
            # check of the files, check them again (which repairs the store and says so).
            self.call_after_refresh(self._repair_if_damaged)
        # Only when `t` comes or goes: the footer is rebuilt each time bindings are refreshed,
        # which would cost every keystroke's results a layout of the screen.
        if _switchable(before) != _switchable(now):
            self.refresh_bindings()

    def _repair_if_damaged(self) -> None:
        from index.workspace import repairs_unsaid

        options = self.jobs.options
        if self.load.files_checked and repairs_unsaid(options.paths, cache_dir=options.cache_dir):
            self.load.check_again()
            self.jobs.check(self.corpus)

    def action_focus_search(self) -> None:
        # set_focus is immediate (Widget.focus() waits a turn): the next key is already typed
        # into the bar.
        self.set_focus(self.search_bar.input)

    @on(SearchBar.Cleared)
    def action_clear_search(self) -> None:
        """Esc: drop the search if there is one; and from the search bar or the document, go
        back to the list (so Esc always leads somewhere familiar)."""
        if self.take_back_narrowing():  # the timeline narrowed the search: undo that first
            return
        if self.search_bar.value:
            self.search_bar.value = ""  # posts Changed(""), which ends the search
        if not self.meeting_list.has_focus:
            self.set_focus(self.meeting_list)

    def action_hit(self, step: int) -> None:
        self.document.body.next_hit(step)

    def action_meeting(self, step: int) -> None:
        self.meeting_list.move(step)


def _switchable(selection: Selection | None) -> bool:
    """Whether `t` has another publisher's readout to switch to."""
    return selection is not None and len(selection.meeting.readouts) > 1
