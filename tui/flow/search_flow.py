"""The search flow: when a query is searched, whether a search waits for another, how many
of its hits get snippets, and which result is stale.

Plain classes, no Textual. `SearchRunner` is used from the thread workers: it runs one
search at a time, each as soon as it is asked for.
`SearchFlow` is used on the UI thread: it turns the search bar's changes and the results that
come back into decisions (search, end the search, drop a stale result, where the cursor goes),
and times the "searching…" message and the search that fills in the snippets of every hit.
docs/search-flow.md says why each number is what it is.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Protocol

from tui.flow.selection import SelectionMemory

if TYPE_CHECKING:
    from index.search import SearchResult
    from index.search.query import Flags

SEARCH_LIMIT = 100
"""The most readouts a search lists (the result's total still counts them all)."""

MIN_HIGHLIGHT = 10
"""While typing, only the hits in sight get snippets (`in_sight`, at least this many); the rest
of the list gets them once typing pauses (`FILL_AFTER`): a keystroke pays for what is seen."""

FILL_AFTER = 0.4
"""Seconds of no typing before the rest of the list gets its snippets."""

LOCK_POLL = 0.02
"""Seconds between two looks at whether a search waiting for the running one was typed over."""

BUSY_AFTER = 0.3
"""Seconds before a search that has not answered yet is shown as "searching…"."""

HOLD = 0.04
"""Seconds a typed letter may wait to be drawn with its results (`SearchFlow.hold_for`): the
frame that would show it alone is held until they come, or this long."""

HOLD_WINDOW = 8
"""How many of the last searches decide whether results come soon enough to be waited for."""


def is_searching(query: str) -> bool:
    """Whether the search bar's `query` asks for a search (anything but spaces)."""
    return bool(query.strip())


def in_sight(list_height: int) -> int:
    """How many hits to highlight while typing: the result rows a list `list_height` lines
    tall shows at once (two lines each) and two more, at least `MIN_HIGHLIGHT`."""
    return max(MIN_HIGHLIGHT, list_height // 2 + 2)


class Searcher(Protocol):
    """What `SearchRunner` searches: `index.search.SearchIndex`, or a stand-in in tests."""

    def search(
        self,
        query: str,
        *,
        limit: int,
        equivalents: bool,
        prefix: bool,
        highlight: int | None,
        flags: Flags | None = None,
        offset: int = 0,
        order: str = "relevance",
        stop: Callable[[], bool] | None = None,
    ) -> SearchResult: ...


@dataclass(frozen=True)
class SearchRequest:
    """One search to run, as the search bar and the screen's state asked for it."""

    query: str
    equivalents: bool
    """Whether equivalent terms (Dokdo = Takeshima, ...) are searched too."""
    highlight: int | None
    """How many hits get snippets and highlights; None for all of them."""
    searched: int = 0
    """Readouts the (partial) index holds while indexing goes on; 0 for the complete index."""
    flags: Flags | None = None
    """Which readouts are marked, read, tagged... (is:, tag:, has:), from the notes store."""
    order: str = "relevance"
    """"relevance" or "date" (newest first, over every match)."""
    offset: int = 0
    """Matches to skip: a later page of the results (`tui.flow.pages`)."""
    limit: int = SEARCH_LIMIT
    """How many hits to list from `offset`."""


class SearchRunner:
    """Runs searches from thread workers, one at a time, each as soon as it is asked for.

    Two searches at once only slow each other (and the UI) down; so a search waits for the
    running one, and gives up as soon as it is cancelled (typed over), before it starts or
    while it runs (the core asks `cancelled` between units of work: `index.search.stop`).
    That is all the coalescing typing needs: while searches are faster than keys come, each
    key is searched at once; when they are slower, the search of a key typed over ends at
    once and the last key typed is searched next. (No settle delay: docs/search-flow.md says
    what it cost.)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def run(
        self, index: Searcher, request: SearchRequest, cancelled: Callable[[], bool]
    ) -> SearchResult | None:
        """The result of `request` on `index`; None when `cancelled()` came true before the
        search began (it then cost nothing but the wait for the running one) or while it ran
        (it was given up at the next unit of work)."""
        while not self._lock.acquire(timeout=LOCK_POLL):
            if cancelled():
                return None
        try:
            if cancelled():
                return None
            search = index.search
            if request.flags is not None:  # (a stand-in searcher may not take flags)
                search = partial(index.search, flags=request.flags)
            if request.offset or request.order != "relevance":  # (nor pages)
                search = partial(search, offset=request.offset, order=request.order)
            result = search(
                request.query,
                limit=request.limit,
                equivalents=request.equivalents,
                prefix=True,
                highlight=request.highlight,
                stop=cancelled,
            )
        finally:
            self._lock.release()
        return None if result.stopped else result


class Change(Enum):
    """What a change of the search bar's text calls for."""

    NOTHING = "nothing"
    """No search before, none now (spaces typed into an empty bar)."""
    SEARCH = "search"
    """Search for the new text."""
    END = "end"
    """The bar was emptied: back to the full list."""


class Timer(Protocol):
    """A callback scheduled to run once, which can be stopped before it runs."""

    def stop(self) -> None: ...


Schedule = Callable[[float, Callable[[], None]], Timer]
"""Runs a callback once, so many seconds from now (the screen's `set_timer`; fake in tests)."""


class SearchFlow:
    """The search's decisions on the UI thread. The screen owns the query (its
    `search_query`) and passes it in; the flow keeps what the screen need not: which query's
    results are listed, what to select when the search ends (`memory`), and two timers."""

    def __init__(
        self,
        schedule: Schedule,
        *,
        busy: Callable[[], None],
        fill: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`busy()` is called when a search has not answered after `BUSY_AFTER` seconds;
        `fill(query)` when typing paused `FILL_AFTER` seconds on a result that has hits
        without snippets (it searches `query` again, if it is still the bar's, for all);
        `clock` times the searches (for `hold_for`)."""
        self._schedule = schedule
        self._clock = clock
        self._since: float | None = None
        """When the last search was started, until it answers; None when none is running."""
        self._took: deque[float] = deque(maxlen=HOLD_WINDOW)
        """Seconds from start to answer of the last searches."""
        self._on_busy = busy
        self._on_fill = fill
        self.memory = SelectionMemory()
        """What Esc goes back to."""
        self._shown = ""
        """The query whose results are listed; "" when none are."""
        self._busy: Timer | None = None
        self._fill: Timer | None = None

    @property
    def listed(self) -> str:
        """The query whose results are listed; "" when none are (the full list, or no search
        answered yet)."""
        return self._shown

    def _stop(self, *, fill: bool = True) -> None:
        """Stop the busy timer, and the fill timer too when `fill`."""
        for timer in (self._busy, self._fill if fill else None):
            if timer is not None:
                timer.stop()
        self._busy = None
        self._fill = None if fill else self._fill

    def changed(self, before: str, now: str, current: str | None) -> Change:
        """The bar's text went from `before` to `now` while `current` was selected."""
        if not is_searching(now):
            return Change.END if is_searching(before) else Change.NOTHING
        if not is_searching(before):
            self.memory.search_started(current)
        return Change.SEARCH

    @staticmethod
    def is_stale(result_query: str, bar: str) -> bool:
        """Whether a result for `result_query` came too late: the bar holds `bar` now, and a
        search for it is on its way (or the search was ended)."""
        return result_query != bar or not is_searching(bar)

    def started(self) -> None:
        """A search was started: a fill still to come is not needed any more, and if this
        one takes `BUSY_AFTER` seconds, `busy` is called. Only a slow search says so: a
        message on every keystroke would flicker."""
        self._stop()
        self._busy = self._schedule(BUSY_AFTER, self._on_busy)
        self._since = self._clock()

    def answered(self) -> None:
        """A result that is not stale arrived (listed, or an error to show)."""
        self._stop(fill=False)
        if self._since is not None:
            self._took.append(self._clock() - self._since)
            self._since = None

    def hold_for(self) -> float:
        """Seconds to hold the frame that would show a letter about to be typed, so that it
        is drawn with its results: `HOLD` when the last searches answered within it and none
        is running, else 0 (the letter is drawn at once, its results when they come).

        A frame comes at most every 1/60 s; a letter drawn alone makes its results wait for
        the next one, and a search answered within a frame's time is drawn sooner with the
        letter than after it. Holding is not worth it when the results will not come in
        time (slow searches, a search still running: the key waits for it)."""
        if self._since is not None:
            return 0.0
        if self._took and statistics.median(self._took) > HOLD:
            return 0.0
        return HOLD

    def shown(self, query: str, result: SearchResult, current: str | None) -> str | None:
        """`result` (for `query`, not stale, no error) is listed: the meeting to keep the
        cursor on, None for the best match.

        The same query again (more of the corpus indexed, or snippets filled in) keeps the
        cursor on `current`; a new query puts it on the best match. When some hits came
        without snippets, `fill` is called once typing pauses.
        """
        again = query == self._shown and current is not None
        self._shown = query
        if any(not hit.highlighted for hit in result.hits):
            if self._fill is not None:
                self._fill.stop()
            self._fill = self._schedule(FILL_AFTER, partial(self._on_fill, query))
        return current if again else None

    def ended(self, current: str | None) -> str | None:
        """The search is over, `current` on display: the meeting to select in the full list."""
        self._stop()
        self._shown = ""
        self._since = None  # a search still running will be dropped: no answer to wait for
        return self.memory.search_ended(current)
