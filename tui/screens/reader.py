"""The reader: search bar, meeting list, document pane and status line, and the state they share.

The screen owns the state (the corpus, the index, the `current` meeting, the `search_query`,
the last good search `result`) and binds it down to the widgets. Loading, indexing and every
search run in thread workers that call one core function and post messages (`tui.messages`);
the handlers here drop anything stale and decide what the widgets show.

Indexing a big corpus for the first time takes minutes, so the index worker posts progress
(documents done, rate) and, after each committed batch, a partial index: search uses it at once
(and a search on screen runs again, so its results grow) until the complete index arrives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from index.model import Corpus, Meeting
from tui.errors import ErrorBoundary
from tui.messages import (
    CorpusLoaded,
    IndexPartial,
    IndexProgress,
    IndexReady,
    LoadFailed,
    LoadProgress,
    SearchFinished,
)
from tui.progress import Progress, RateMeter
from tui.widgets.document_view import DocumentView, Selection
from tui.widgets.meeting_list import MeetingList, Row
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from index.search import SearchIndex, SearchResult

HITS = Binding.Group("Hit", compact=True)
MEETINGS = Binding.Group("Meeting", compact=True)

NARROW_WIDTH = 70
"""Below this many columns the list and the document are stacked instead of side by side."""
CHECK_DELAY = 1.5
"""Seconds between the index opening on a second start and the check of the files."""

SEARCH_LIMIT = 100
"""The most readouts a search lists (the result's total still counts them all)."""

MIN_HIGHLIGHT = 10
"""While typing, only the hits in sight get snippets (`ReaderScreen._in_sight`, at least
this many); the rest of the list gets them once typing pauses (`FILL_AFTER`). Reading and
tokenizing a hit's text is most of what a search costs: a keystroke pays for what is seen."""

FILL_AFTER = 0.4
"""Seconds of no typing before the rest of the list gets its snippets."""

SEARCH_SETTLE = 0.04
"""Seconds a search worker waits before searching: a key typed within it cancels the worker
before it costs anything, so fast typing only searches the words the typist pauses on."""

BUSY_AFTER = 0.3
"""Seconds before a search that has not answered yet is shown as "searching…"."""

SEARCH_SETTLE_MAX = 0.25
"""The settle time grows with what searches have been costing (a big corpus), up to this."""


class _Stopped(Exception):
    """Raised from a worker's progress callback once the worker is cancelled (the app is
    quitting): the core stops there, instead of reading or indexing for minutes more while the
    app waits for the thread to end. A stopped index build loses only its current batch."""


class ReaderScreen(ErrorBoundary, Screen[None]):
    """The one main screen of the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            priority=True,  # so the keys typed right after "/" land in the search bar
            key_display="/",
            id="reader.search",
            tooltip="Go to the search bar",
        ),
        Binding(
            "n",
            "hit(1)",
            "Next hit",
            group=HITS,
            id="reader.next-hit",
            tooltip="Jump to the next search hit in the document",
        ),
        Binding(
            "N",
            "hit(-1)",
            "Prev hit",
            group=HITS,
            key_display="N",
            id="reader.previous-hit",
            tooltip="Jump to the previous search hit in the document",
        ),
        Binding(
            "f3",
            "hit(1)",
            "Next hit",
            show=False,
            id="reader.next-hit-f3",
            tooltip="Next search hit, also from the search bar",
        ),
        Binding(
            "shift+f3",
            "hit(-1)",
            "Prev hit",
            show=False,
            id="reader.previous-hit-f3",
            tooltip="Previous search hit, also from the search bar",
        ),
        Binding(
            "left_square_bracket",
            "meeting(-1)",
            "Prev",
            group=MEETINGS,
            key_display="[",
            id="reader.previous-meeting",
            tooltip="Previous meeting in the list, from anywhere",
        ),
        Binding(
            "right_square_bracket",
            "meeting(1)",
            "Next",
            group=MEETINGS,
            key_display="]",
            id="reader.next-meeting",
            tooltip="Next meeting in the list, from anywhere",
        ),
        Binding(
            "t",
            "publisher",
            "Other side",
            id="reader.publisher",
            tooltip="Show the other publisher's readout of this meeting (when there is one)",
        ),
        Binding(
            "c",
            "compare",
            "Compare",
            id="reader.compare",
            tooltip="Both sides side by side by topic (with one readout: pick one to compare)",
        ),
        Binding(
            "tab",
            "app.focus_next",
            "Next pane",
            show=False,
            id="reader.focus-next",
            tooltip="Move to the next pane (search bar, list, document)",
            priority=True,
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous pane",
            show=False,
            id="reader.focus-previous",
            tooltip="Move to the previous pane",
            priority=True,
        ),
        Binding(
            "s",
            "toggle_sort",
            "Sort",
            show=False,
            id="reader.sort",
            tooltip="Sort the meeting list newest first / oldest first",
        ),
        Binding(
            "e",
            "toggle_equivalents",
            "Equivalents",
            show=False,
            id="reader.equivalents",
            tooltip="Turn equivalent terms (Dokdo = Takeshima, ...) on or off",
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            show=False,
            id="reader.clear-search",
            tooltip="Clear the search (full list and selection restored); back to the list",
            priority=True,
        ),
    ]

    current: reactive[Selection | None] = reactive(None, init=False)
    """The meeting on display and the readout to open in front."""
    search_query: reactive[str] = reactive("", init=False)
    """The query in the search bar; results for any other query are dropped."""
    result: reactive[SearchResult | None] = reactive(None, init=False)
    """The last good search result (None when no search is on); its hits are highlighted."""
    newest_first: reactive[bool] = reactive(True, init=False)
    """Order of the full meeting list."""
    equivalents: reactive[bool] = reactive(True, init=False)
    """Whether searches expand equivalent terms."""
    corpus_label: reactive[str] = reactive("")
    """How the status line names the corpus: "bundled seeds" or the paths given."""
    documents: reactive[int] = reactive(0)
    """Readouts loaded so far."""
    skipped: reactive[int] = reactive(0)
    """Files that could not be read (the corpus says why)."""
    index_state: reactive[str] = reactive("loading…")
    """What the status line says about loading and the index."""
    index_progress: reactive[Progress | None] = reactive(None)
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
        self.rebuild = rebuild
        """Ignore the parse cache and the persistent index (re-read and re-index everything)."""
        self.cache_dir = cache_dir
        """Where the cache and index live; None for the user's cache folder."""
        self.batch_size = batch_size
        """Documents per committed (and then searchable) batch; None for the core's default."""
        self.set_reactive(ReaderScreen.equivalents, equivalents)
        self.corpus: Corpus | None = None
        self.index: SearchIndex | None = None
        self.index_complete = False
        """False while `index` is a partial one (or None): indexing is still going on."""
        self._searchable = 0
        """Readouts the partial `index` holds; 0 once the index is complete."""
        self._unchecked = False
        """The corpus shown came from the cache and its files are still to be checked."""
        self.files_checked = False
        """True once the corpus on screen is known to match the files (always, but for the
        few seconds after a second start during which the cache's corpus is shown unchecked)."""
        self._shown_query = ""
        """The query whose results are listed (a re-run of it keeps the cursor where it is)."""
        self._meetings: dict[str, Meeting] = {}
        self._meeting_of: dict[str, Meeting] = {}
        # What Esc goes back to: the meeting selected before the search, unless the user moved.
        self._before_search: str | None = None
        self._moved_in_results = False
        self._search_lock = threading.Lock()
        """Held by the one search worker allowed to run the core at a time."""
        self._search_cost = 0.0
        """Recent seconds per search (a moving average), to settle longer on big corpora."""
        self._busy_timer: Timer | None = None
        self._fill_timer: Timer | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
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
        self.corpus_label = "bundled seeds" if self.paths is None else ", ".join(self.paths)
        self.meeting_list.show([], 0, empty="loading…")
        self.meeting_list.border_title = "meetings"
        self.document.placeholder("loading…")
        self.meeting_list.focus()
        self._load(self.paths)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

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
    def searching(self) -> bool:
        """True while the search bar holds a query."""
        return bool(self.search_query.strip())

    # -- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def _load(self, paths: list[str] | None) -> None:
        from index.workspace import cached_corpus, open_corpus

        worker = get_current_worker()
        last = 0.0

        def progress(done: int) -> None:
            nonlocal last
            if worker.is_cancelled:
                raise _Stopped
            now = time.monotonic()
            if now - last > 0.1:
                last = now
                self.post_message(LoadProgress(done))

        # A second start shows the corpus as last loaded at once; its files are checked once
        # the index is open (`_check`), so that the two do not compete for the interpreter.
        shown = None if self.rebuild else cached_corpus(paths, cache_dir=self.cache_dir)
        if shown is not None:
            self.post_message(CorpusLoaded(shown, unchecked=True))
            return

        def partial(corpus: Corpus) -> None:
            if worker.is_cancelled:
                raise _Stopped
            self.post_message(CorpusLoaded(corpus, provisional=True))

        try:
            corpus, notices = open_corpus(
                paths,
                rebuild=self.rebuild,
                cache_dir=self.cache_dir,
                progress=progress,
                on_partial=partial,
            )
        except _Stopped:
            return
        except Exception as exc:  # shown to the user; the app stays up to say so
            self.post_message(LoadFailed("loading", f"{type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(CorpusLoaded(corpus, tuple(notices)))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="check")
    def _check(self, paths: list[str]) -> None:
        """Check the files of a corpus shown from the cache; show what changed, if anything."""
        from index.workspace import refresh_corpus

        worker = get_current_worker()
        try:
            corpus, notices, changed = refresh_corpus(paths, cache_dir=self.cache_dir)
        except Exception as exc:  # the cached corpus stays on screen; say what went wrong
            self.post_message(LoadFailed("checking files", f"{type(exc).__name__}: {exc}"))
            return
        if worker.is_cancelled:
            return
        if changed:
            self.post_message(CorpusLoaded(corpus, tuple(notices), update=True))
        else:
            for notice in notices:
                self.app.call_from_thread(self.notify, notice, timeout=6, markup=False)
        self.files_checked = True

    def _check_files(self) -> None:
        """Start `_check` once, when the corpus on screen came from the cache unchecked:
        `CHECK_DELAY` seconds from now, so that walking thousands of files does not compete
        with the user's first moves and searches (Python threads share one interpreter)."""
        if self._unchecked and self.paths:
            self._unchecked = False
            paths = self.paths
            self.set_timer(CHECK_DELAY, lambda: self._check(paths))

    @work(thread=True, exclusive=True, group="index", exit_on_error=False, description="index")
    def _build_index(self, corpus: Corpus) -> None:
        from index.workspace import open_index

        worker = get_current_worker()
        last = 0.0
        meter = RateMeter()
        readouts = len(corpus.readouts)

        def progress(done: int, total: int) -> None:
            # `total` counts the readouts to (re-)index; the rest were indexed on a past start.
            nonlocal last
            if worker.is_cancelled:
                raise _Stopped
            now = time.monotonic()
            rate = meter.rate(done)
            if now - last > 0.1 or done == total:
                last = now
                self.post_message(IndexProgress(readouts - total + done, readouts, rate))

        def on_partial(index: SearchIndex, indexed: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(IndexPartial(index, indexed, total))

        try:
            index, notices = open_index(
                corpus,
                self.paths,
                rebuild=self.rebuild,
                cache_dir=self.cache_dir,
                progress=progress,
                on_partial=on_partial,
                batch_size=self.batch_size,
            )
        except _Stopped:
            return
        except Exception as exc:
            self.post_message(LoadFailed("indexing", f"{type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(IndexReady(index, tuple(notices)))

    @on(LoadProgress)
    def _load_progress(self, message: LoadProgress) -> None:
        if self.corpus is None:
            self.documents = message.documents
            self.index_state = "loading…"
        elif self.index_state == "reading files…":  # a first start listing as it reads
            self.documents = message.documents

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        self._check_files()  # the index is being built: no point waiting for it to check
        if self.index_complete or not message.total:
            return
        self.index_progress = Progress(
            message.done, message.total, message.rate, searchable=self._searchable
        )

    @on(IndexPartial)
    def _index_partial(self, message: IndexPartial) -> None:
        if self.index_complete:
            return  # the complete index is here already
        self.index = message.index
        self._searchable = message.indexed
        progress = self.index_progress or Progress(message.indexed, message.total)
        self.index_progress = replace(progress, searchable=message.indexed)
        if self.searching:
            self._start_search(self.search_query)  # more is indexed: the results grow

    @on(CorpusLoaded)
    def _corpus_loaded(self, message: CorpusLoaded) -> None:
        corpus = message.corpus
        self.corpus = corpus
        for notice in message.notices:
            self.notify(notice, timeout=6, markup=False)
        self.corpus_label = corpus.label
        self._meetings = {m.id: m for m in corpus.meetings}
        self._meeting_of = {r.id: m for m in corpus.meetings for r in m.readouts}
        self.documents = len(corpus.readouts)
        self.skipped = len(corpus.skipped)
        if message.provisional:
            # A first start: list what is read so far; the index waits for all of it.
            self.index_state = "reading files…"
            current = self.current.meeting.id if self.current else None
            if not self.searching:
                self._show_all(select=current if current in self._meetings else None)
            return
        self.index_state = "indexing…"
        self._unchecked = message.unchecked
        self.files_checked = not message.unchecked
        if message.update:
            self._corpus_updated()
            return
        if not corpus.meetings:
            why = f"no readouts found in {corpus.label}"
            if corpus.skipped:
                count = len(corpus.skipped)
                files = "file" if count == 1 else "files"
                why += f" ({count} {files} skipped: {corpus.skipped[0].reason})"
            self.document.placeholder(why)
        current = self.current.meeting.id if self.current else None
        self._show_all(select=current if current in self._meetings else None)
        self._build_index(corpus)

    def _corpus_updated(self) -> None:
        """The files changed since the list was shown from the cache: show the new corpus,
        keeping the reader where it was when its meeting is still there."""
        current = self.current.meeting.id if self.current else None
        if current in self._meetings:
            self.current = Selection(self._meetings[current])
        if not self.searching:
            self._show_all(select=current if current in self._meetings else None)
        self.index_complete = False
        if self.corpus is not None:
            self._build_index(self.corpus)

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        self._check_files()
        self.index = message.index
        self.index_complete = True
        self._searchable = 0
        self.index_progress = None
        self.index_state = "index ready"
        for notice in message.notices:
            self.notify(notice, timeout=6, markup=False)
        if self.searching:
            self._start_search(self.search_query)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self._check_files()
        self.index_progress = None
        self.index_state = f"error: {message.stage} failed"
        self.notify(
            message.error,
            title=f"{message.stage} failed",
            severity="error",
            timeout=15,
            markup=False,  # the error may quote a path or a file's text
        )
        if self.corpus is None:
            self.meeting_list.show([], 0, empty=f"{message.stage} failed")
            self.document.placeholder(f"{message.stage} failed: {message.error}")

    # -- the list ---------------------------------------------------------------------------

    def _ordered(self) -> list[Meeting]:
        meetings = list(self.corpus.meetings) if self.corpus else []
        return meetings[::-1] if self.newest_first else meetings

    def _show_all(self, select: str | None) -> None:
        if self.corpus is None:
            return
        rows = [Row(meeting) for meeting in self._ordered()]
        empty = f"no readouts in {self.corpus.label}"
        self.meeting_list.show(rows, len(self.corpus.meetings), select=select, empty=empty)

    def _result_rows(self, result: SearchResult) -> list[Row]:
        order: dict[str, Row] = {}
        for hit in result.hits:
            meeting = self._meeting_of.get(hit.id)
            if meeting is None:
                continue
            readout = next(r for r in meeting.readouts if r.id == hit.id)
            row = order.get(meeting.id)
            if row is None:
                snippet = (
                    (hit.snippets[0].text, tuple(hit.snippets[0].spans)) if hit.snippets else None
                )
                order[meeting.id] = Row(meeting, hit.id, snippet or ("", ()), (readout.source,))
            else:
                order[meeting.id] = Row(
                    meeting, row.readout_id, row.snippet, (*row.hit_sources, readout.source)
                )
        return list(order.values())

    @on(MeetingList.Selected)
    def _meeting_selected(self, message: MeetingList.Selected) -> None:
        meeting = self._meetings.get(message.meeting_id)
        if meeting is None:
            return
        if message.by_user and self.searching:
            self._moved_in_results = True
        current = self.current
        if current is not None and current.meeting.id == meeting.id and not message.readout_id:
            return  # same meeting, nothing new to open: keep the tab the user is on
        self.current = Selection(meeting, message.readout_id)

    @on(MeetingList.Opened)
    def _meeting_opened(self, message: MeetingList.Opened) -> None:
        if not self.document.body.has_focus:
            self.set_focus(self.document.body)

    def open_meeting(self, meeting_id: str) -> None:
        """Show a meeting (from the palette): in the results if it is there, else in the list."""
        if meeting_id not in self._meetings:
            return
        if any(row.meeting.id == meeting_id for row in self.meeting_list.rows):
            index = [row.meeting.id for row in self.meeting_list.rows].index(meeting_id)
            self.meeting_list.highlighted = index
            self.meeting_list.scroll_to_highlight()
        else:
            self._before_search = meeting_id
            self._moved_in_results = False
            self.search_bar.value = ""  # ends the search; Esc-style restore selects it
            self.current = Selection(self._meetings[meeting_id])
        self.document.body.focus()

    # -- search -----------------------------------------------------------------------------

    @on(SearchBar.Changed)
    def _query_changed(self, message: SearchBar.Changed) -> None:
        was_searching = self.searching
        self.search_query = message.value
        if not self.searching:
            if was_searching:
                self._end_search()
            return
        if not was_searching:
            self._before_search = self.current.meeting.id if self.current else None
            self._moved_in_results = False
        self._start_search(self.search_query)

    def _start_search(self, query: str, *, every_hit: bool = False) -> None:
        """Search for `query`: the hits in sight highlighted (`_in_sight`), or `every_hit`."""
        if self._fill_timer is not None:
            self._fill_timer.stop()
            self._fill_timer = None
        if self.index is None:
            self.search_bar.show_message("waiting for the index…")
            return
        highlight = None if every_hit else self._in_sight()
        self._search(self.index, query, self.equivalents, self._searchable, highlight)
        if self._busy_timer is not None:
            self._busy_timer.stop()
        # Only a slow search says so: a message on every keystroke would flicker.
        self._busy_timer = self.set_timer(BUSY_AFTER, self._show_busy)

    def _show_busy(self) -> None:
        self._busy_timer = None
        if self.searching:
            self.search_bar.show_message("searching…")

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def _search(
        self,
        index: SearchIndex,
        query: str,
        equivalents: bool,
        searched: int,
        highlight: int | None,
    ) -> None:
        worker = get_current_worker()
        # Wait a moment, then for any search still running: a superseded search cannot be
        # stopped, and two at once would only slow each other (and the UI) down. A worker
        # whose query was typed over in the meantime gives up before costing anything.
        time.sleep(min(SEARCH_SETTLE + self._search_cost, SEARCH_SETTLE_MAX))
        while not self._search_lock.acquire(timeout=0.02):
            if worker.is_cancelled:
                return
        try:
            if worker.is_cancelled:
                return
            started = time.monotonic()
            result = index.search(
                query,
                limit=SEARCH_LIMIT,
                equivalents=equivalents,
                prefix=True,
                highlight=highlight,
            )
            self._search_cost = 0.5 * self._search_cost + 0.5 * (time.monotonic() - started)
        finally:
            self._search_lock.release()
        if not worker.is_cancelled:
            self.post_message(SearchFinished(query, result, searched))

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        if message.query != self.search_query or not self.searching:
            return  # typed on since: a newer search is coming
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        result = message.result
        if result.error:
            # Keep the last good results on screen; say what is wrong with this query.
            self.search_bar.show_message(result.error, error=True)
            return
        self.result = result
        rows = self._result_rows(result)
        total = len(self.corpus.meetings) if self.corpus else 0
        # The same query again (more of the corpus indexed): the cursor stays on its meeting.
        again = message.query == self._shown_query and self.current is not None
        select = self.current.meeting.id if again and self.current is not None else None
        self._shown_query = message.query
        nothing = f"no readouts match {message.query.strip()!r}"
        self.meeting_list.show(rows, total, select=select, empty=nothing)
        if not rows:
            # The pane showed the last meeting selected, which is no match: say so instead.
            self.document.placeholder(nothing)
            self.current = None
        if any(not hit.highlighted for hit in result.hits):
            # The rows past the screen get their snippets once typing pauses.
            query = message.query
            self._fill_timer = self.set_timer(FILL_AFTER, lambda: self._fill(query))
        described = self._describe(result, len(rows))
        if message.searched and self.corpus is not None:
            indexed = f"{message.searched:,} of {len(self.corpus.readouts):,}"
            described += f" · searched {indexed} indexed"
        self.search_bar.show_message(described)

    def _in_sight(self) -> int:
        """How many result rows the list can show at once (two lines each), and two more."""
        return max(MIN_HIGHLIGHT, self.meeting_list.size.height // 2 + 2)

    def _fill(self, query: str) -> None:
        """The same search again, every hit highlighted (the cursor stays where it is)."""
        self._fill_timer = None
        if query == self.search_query and self.searching:
            self._start_search(query, every_hit=True)

    def _describe(self, result: SearchResult, meetings: int) -> str:
        readouts = f"{result.total} readout{'s' if result.total != 1 else ''}"
        text = f"{readouts} in {meetings} meeting{'s' if meetings != 1 else ''}"
        if result.total > len(result.hits):
            text += f" (best {len(result.hits)} listed)"
        if result.notice:  # first: it may say why the list did not change ('ko' waits)
            text += " · " + result.notice
        notes = dict.fromkeys(note for hit in result.hits for note in hit.equivalents)
        if notes:
            text += " · " + "; ".join(list(notes)[:2])
        return text

    def _end_search(self) -> None:
        """Back to the full list, the search's selection restored (see `_before_search`)."""
        for timer in (self._busy_timer, self._fill_timer):
            if timer is not None:
                timer.stop()
        self._busy_timer = self._fill_timer = None
        current = self.current.meeting.id if self.current else None
        select = (
            current
            if self._moved_in_results or self._before_search is None
            else (self._before_search)
        )
        self.result = None
        self._shown_query = ""
        self.search_bar.show_message("")
        self._show_all(select=select)
        if select is not None and select != current:
            self.current = Selection(self._meetings[select])
        self._before_search = None
        self._moved_in_results = False

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self.action_clear_search()

    @on(SearchBar.Submitted)
    def _search_submitted(self) -> None:
        if not self.meeting_list.has_focus:
            self.set_focus(self.meeting_list)

    @on(SearchBar.MoveResult)
    def _move_result(self, message: SearchBar.MoveResult) -> None:
        self.meeting_list.move(message.step)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here from the footer (n/N without hits, t alone)."""
        if action == "publisher":
            meeting = self.current.meeting if self.current else None
            return meeting is not None and len(meeting.readouts) > 1
        if action == "hit":
            return bool(self.is_mounted and self.document.body.hits)
        if action == "focus_search":
            return not (self.is_mounted and self.search_bar.input.has_focus)  # "/" types a "/"
        return True

    def watch_current(self) -> None:
        self.refresh_bindings()

    def action_focus_search(self) -> None:
        # set_focus is immediate (Widget.focus() waits a turn): the next key is already typed
        # into the bar.
        self.set_focus(self.search_bar.input)

    def action_clear_search(self) -> None:
        """Esc: drop the search if there is one; and from the search bar or the document, go
        back to the list (so Esc always leads somewhere familiar)."""
        if self.search_bar.value:
            self.search_bar.value = ""  # posts Changed(""), which ends the search
        if not self.meeting_list.has_focus:
            self.set_focus(self.meeting_list)

    def action_hit(self, step: int) -> None:
        self.document.body.next_hit(step)

    def action_meeting(self, step: int) -> None:
        self.meeting_list.move(step)

    def action_publisher(self) -> None:
        self.document.switch_publisher(1)

    def action_compare(self) -> None:
        from tui.screens.compare import open_compare

        open_compare(self)

    def action_toggle_sort(self) -> None:
        self.newest_first = not self.newest_first

    def watch_newest_first(self) -> None:
        order = "newest first" if self.newest_first else "oldest first"
        if not self.searching:
            self._show_all(select=self.current.meeting.id if self.current else None)
        self.notify(f"Meetings sorted {order}", timeout=2)

    def action_toggle_equivalents(self) -> None:
        self.equivalents = not self.equivalents

    def watch_equivalents(self) -> None:
        state = "on" if self.equivalents else "off"
        self.notify(f"Equivalent terms {state}", timeout=2)
        if self.searching:
            self._start_search(self.search_query)
