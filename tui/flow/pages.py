"""The pages of a long search result: what is loaded, which page to ask for next, which page
that comes back is stale.

A search lists its first `SEARCH_LIMIT` hits (`tui.flow.search_flow`); the rest load a page at a
time as the list is scrolled near its end, all of them at once on `G`, and hits listed without
snippets (the rest loaded by `G`) get them once they come into view. `ResultPages` is the
record of one query's hits so far, on the UI thread, with no Textual: the screen tells it what
arrived and which rows are in view, and starts the `PageRequest` it answers (a thread worker,
`tui.workers.load_page`). Every result it hands back is a `SearchResult` holding all the hits
loaded, in order, so the list, the document pane and the search bar's counts read one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.search import Hit, SearchResult

PAGE = 100
"""Hits per page loaded as the list scrolls (each highlighted: the cost of one search)."""

NEAR_END = 10
"""The next page is asked for once the rows in view come this close to the last loaded hit."""

WINDOW = 30
"""Hits highlighted at a time when rows without snippets come into view."""


@dataclass(frozen=True)
class PageRequest:
    """One page to load: `limit` hits from `offset` of `query`'s matches in `order`."""

    query: str
    order: str
    offset: int
    limit: int
    highlight: int | None
    """How many of the page get snippets (None: all; 0: none, the rest loaded at once)."""
    generation: int
    """Which listing of the query asked (a new search, order or index starts a new one)."""


class ResultPages:
    """The hits of the query listed, loaded so far, and the page on its way (one at a time)."""

    def __init__(self) -> None:
        self.result: SearchResult | None = None
        """Every hit loaded so far, in order, as one result; None when no search is listed."""
        self.generation = 0
        self.pending: PageRequest | None = None
        """The page asked for and not back yet."""
        self.to_end = False
        """`G` asked for the last hit: the cursor goes there when the rest arrives."""
        self._view = (0, 0)
        """The hits (by index) of the first and last rows in view."""
        self._at: dict[str, int] = {}
        """Each loaded hit's index, by readout id."""

    @property
    def more(self) -> bool:
        """Whether some matches are not loaded yet."""
        return self.result is not None and self.result.total > len(self.result.hits)

    def listed(self, result: SearchResult) -> SearchResult:
        """A search's first page arrived (not stale, no error): the result to list.

        The same query in the same order and with the same count (its snippets filled in, say)
        keeps the pages loaded beyond it; anything else starts over from `result`.
        """
        known = self.result
        if (
            known is not None
            and (known.query, known.order, known.total)
            == (result.query, result.order, result.total)
            and len(known.hits) > len(result.hits)
            and [h.id for h in known.hits[: len(result.hits)]] == [h.id for h in result.hits]
        ):
            return self._merge(result, result.offset)
        self.generation += 1
        self.pending = None
        self.to_end = False
        self.result = result
        self._at = {h.id: i for i, h in enumerate(result.hits)}
        return result

    def ended(self) -> None:
        """The search is over: nothing is listed, a page still coming is stale."""
        self.result = None
        self.pending = None
        self.to_end = False
        self.generation += 1
        self._at = {}

    def arrived(self, request: PageRequest, result: SearchResult, bar: str) -> SearchResult | None:
        """The page `request` asked for came back as `result`, the bar holding `bar`: the
        result to list, all hits so far; None when the page is stale (another listing since:
        a new query, order or index; the bar holds another query; it failed)."""
        if request == self.pending:
            self.pending = None
        if (
            request.generation != self.generation
            or self.result is None
            or request.query != bar
            or result.error != ""
            or result.total != self.result.total
        ):
            return None
        return self._merge(result, request.offset)

    def _merge(self, page: SearchResult, offset: int) -> SearchResult:
        """The hits loaded with `page`'s put at `offset` (replacing those there, or after)."""
        assert self.result is not None
        hits: list[Hit] = list(self.result.hits)
        offset = min(offset, len(hits))
        hits[offset : offset + len(page.hits)] = page.hits
        for i, hit in enumerate(page.hits, offset):
            self._at[hit.id] = i
        self.result = replace(self.result, hits=tuple(hits), notice=page.notice)
        return self.result

    def position(self, readout_id: str) -> int:
        """The index of the loaded hit of `readout_id` (0 when it is not loaded)."""
        return self._at.get(readout_id, 0)

    def viewed(self, first: str, last: str) -> PageRequest | None:
        """The rows in view run from the hit of readout `first` to that of `last`: the page to
        load now, if any (see `wanted`)."""
        self._view = (self.position(first), self.position(last))
        return self.wanted()

    def wanted(self) -> PageRequest | None:
        """The page to load for the rows in view: the next one when they are near the end of
        what is loaded, else snippets for hits in view that have none; None when nothing is
        needed or a page is on its way already."""
        result = self.result
        if result is None or self.pending is not None:
            return None
        first, last = self._view
        if self.more and last >= len(result.hits) - NEAR_END:
            return self._ask(len(result.hits), PAGE, None)
        bare = [i for i in range(first, min(last + 1, len(result.hits)))
                if not result.hits[i].highlighted]  # fmt: skip
        if bare:
            return self._ask(bare[0], WINDOW, None)
        return None

    def rest(self) -> PageRequest | None:
        """`G`: every match not loaded yet, at once, without snippets (those in view get them
        when they are seen); None when all are loaded."""
        if self.result is None or not self.more:
            return None
        self.to_end = True
        loaded = len(self.result.hits)
        return self._ask(loaded, self.result.total - loaded, 0)

    def _ask(self, offset: int, limit: int, highlight: int | None) -> PageRequest:
        assert self.result is not None
        request = PageRequest(
            self.result.query, self.result.order, offset, limit, highlight, self.generation
        )
        self.pending = request
        return request
