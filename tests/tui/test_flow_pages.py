"""`ResultPages` without an app: which page is asked for as the rows in view move, which page
that comes back is stale, and how a search's first page again keeps the pages loaded."""

from __future__ import annotations

from index.search import Hit, SearchResult
from tui.flow.pages import NEAR_END, PAGE, ResultPages
from tui.flow.search_flow import SearchRequest, SearchRunner


def hit(n: int, highlighted: bool = True) -> Hit:
    return Hit(f"r{n}", 1.0, f"Readout {n}", "2020-01-01", (), (), (), (), highlighted)


def page(query: str, start: int, count: int, total: int, *, bare: bool = False) -> SearchResult:
    hits = tuple(hit(n, not bare) for n in range(start, start + count))
    return SearchResult(query, hits, total, offset=start)


def test_the_next_page_is_asked_for_near_the_end_and_only_once() -> None:
    pages = ResultPages()
    listed = pages.listed(page("trade", 0, PAGE, 250))
    assert len(listed.hits) == PAGE and pages.more
    assert pages.viewed("r0", "r20") is None  # far from the end: nothing to load
    asked = pages.viewed("r70", f"r{PAGE - NEAR_END}")
    assert asked is not None and (asked.offset, asked.limit, asked.highlight) == (PAGE, PAGE, None)
    assert pages.viewed("r71", f"r{PAGE - 1}") is None  # one page on its way at a time
    grown = pages.arrived(asked, page("trade", PAGE, PAGE, 250), "trade")
    assert grown is not None and [h.id for h in grown.hits] == [f"r{n}" for n in range(200)]


def test_a_page_of_another_query_or_listing_is_dropped() -> None:
    pages = ResultPages()
    pages.listed(page("trade", 0, PAGE, 250))
    asked = pages.viewed("r80", "r99")
    assert asked is not None
    # Typed on: the bar holds another query when the page comes back.
    assert pages.arrived(asked, page("trade", PAGE, PAGE, 250), "trader") is None
    # A new search listed since (another query, or the same sorted otherwise): stale too.
    asked = pages.viewed("r81", "r99")
    assert asked is not None
    pages.listed(SearchResult("trade", page("trade", 0, PAGE, 250).hits[::-1], 250, order="date"))
    assert pages.arrived(asked, page("trade", PAGE, PAGE, 250), "trade") is None
    assert pages.result is not None and len(pages.result.hits) == PAGE
    # The search ended.
    asked = pages.viewed("r10", "r0")  # (listed in reverse: r0 is the last row)
    pages.ended()
    assert asked is not None
    assert pages.arrived(asked, page("trade", PAGE, PAGE, 250), "trade") is None


def test_g_loads_the_rest_bare_then_the_rows_in_view_get_their_snippets() -> None:
    pages = ResultPages()
    pages.listed(page("trade", 0, PAGE, 250))
    rest = pages.rest()
    assert rest is not None and (rest.offset, rest.limit, rest.highlight) == (PAGE, 150, 0)
    got = pages.arrived(rest, page("trade", PAGE, 150, 250, bare=True), "trade")
    assert got is not None and len(got.hits) == 250 and not pages.more and pages.to_end
    window = pages.viewed("r235", "r249")
    assert window is not None and window.offset == 235 and window.highlight is None
    filled = pages.arrived(window, page("trade", 235, 15, 250), "trade")
    assert filled is not None and all(h.highlighted for h in filled.hits[235:])
    assert pages.viewed("r236", "r249") is None  # every hit in view has its snippet


def test_the_first_page_again_keeps_the_pages_loaded_unless_the_result_changed() -> None:
    pages = ResultPages()
    pages.listed(page("trade", 0, PAGE, 250, bare=True))
    asked = pages.viewed("r80", "r99")
    assert asked is not None
    pages.arrived(asked, page("trade", PAGE, PAGE, 250), "trade")
    again = pages.listed(page("trade", 0, PAGE, 250))  # snippets filled in
    assert len(again.hits) == 200 and all(h.highlighted for h in again.hits)
    grew = pages.listed(page("trade", 0, PAGE, 300))  # more of the corpus indexed
    assert len(grew.hits) == PAGE and grew.total == 300


def test_a_page_asks_the_searcher_for_its_offset_order_and_limit() -> None:
    asked: list[dict[str, object]] = []

    class Index:
        def search(self, query: str, **options: object) -> SearchResult:
            asked.append(options)
            return SearchResult(query, (), 0)

    runner = SearchRunner()
    request = SearchRequest("trade", True, None, order="date", offset=100, limit=50)
    assert runner.run(Index(), request, lambda: False) is not None
    assert (asked[0]["offset"], asked[0]["order"], asked[0]["limit"]) == (100, "date", 50)
