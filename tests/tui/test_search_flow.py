"""The search flow decides without an app: when a search runs (at once, or after the running
one), how many hits it highlights, which result is stale, where the cursor goes and what Esc
brings back. Driven here with a fake clock, fake timers and a stand-in index: no Pilot, no App."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from index.corpus import load_corpus
from index.search import Hit, SearchIndex, SearchResult, Snippet
from tui.flow.search_flow import (
    BUSY_AFTER,
    FILL_AFTER,
    HOLD,
    HOLD_WINDOW,
    MIN_HIGHLIGHT,
    SEARCH_LIMIT,
    Change,
    SearchFlow,
    SearchRequest,
    SearchRunner,
    in_sight,
)

REPO = Path(__file__).resolve().parents[2]


class Clock:
    """A monotonic clock that only moves when something sleeps or a search costs time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Index:
    """Stands in for `SearchIndex`: each search costs `cost` seconds of the clock."""

    def __init__(self, clock: Clock, cost: float = 0.0) -> None:
        self.clock = clock
        self.cost = cost
        self.asked: list[tuple[str, int, bool, bool, int | None]] = []

    def search(
        self,
        query: str,
        *,
        limit: int,
        equivalents: bool,
        prefix: bool,
        highlight: int | None,
        stop: Callable[[], bool] | None = None,
    ) -> SearchResult:
        self.asked.append((query, limit, equivalents, prefix, highlight))
        self.clock.now += self.cost
        return SearchResult(query, (), 0)


def never() -> bool:
    return False


def test_a_search_runs_at_once_as_asked() -> None:
    clock = Clock()
    index = Index(clock)
    runner = SearchRunner()
    result = runner.run(index, SearchRequest("dokdo", False, 12), never)
    assert result is not None and result.query == "dokdo"
    assert clock.now == 0.0  # no settle delay: nothing waited
    assert index.asked == [("dokdo", SEARCH_LIMIT, False, True, 12)]


def test_a_search_typed_over_before_it_ran_costs_nothing() -> None:
    index = Index(Clock())
    assert SearchRunner().run(index, SearchRequest("dok", True, None), lambda: True) is None
    assert index.asked == []


def test_a_search_waits_for_the_running_one_and_gives_up_when_typed_over() -> None:
    clock = Clock()
    inside, release = threading.Event(), threading.Event()

    class Slow(Index):
        def search(self, query: str, **kwargs: object) -> SearchResult:  # type: ignore[override]
            self.asked.append((query, 0, False, False, None))
            if query == "first":
                inside.set()
                release.wait(10)
            return SearchResult(query, (), 0)

    index = Slow(clock)
    runner = SearchRunner()
    first = threading.Thread(
        target=runner.run, args=(index, SearchRequest("first", True, None), never)
    )
    first.start()
    assert inside.wait(10)
    # Typed over while the first search holds the core: it never runs.
    assert runner.run(index, SearchRequest("typed over", True, None), lambda: True) is None
    # Not typed over: it waits for the first one, then runs.
    later: list[SearchResult | None] = []
    second = threading.Thread(
        target=lambda: later.append(runner.run(index, SearchRequest("second", True, None), never))
    )
    second.start()
    second.join(0.2)
    assert second.is_alive() and [q for q, *_ in index.asked] == ["first"]
    release.set()
    first.join(10)
    second.join(10)
    assert [q for q, *_ in index.asked] == ["first", "second"]
    assert later[0] is not None and later[0].query == "second"


def test_a_search_typed_over_while_it_runs_is_given_up_and_the_next_one_runs() -> None:
    # The core asks `cancelled` between units of work: a search typed over ends there instead
    # of running to its end (the next key's search waits for it), and posts nothing.
    index = SearchIndex.build(load_corpus().readouts)
    runner = SearchRunner()
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1  # not before the search starts: once it runs

    request = SearchRequest("abductions japan korea", True, None)
    assert runner.run(index, request, cancelled) is None
    assert asked > 1  # asked while it ran
    result = runner.run(index, request, never)
    assert result is not None and result.total > 0 and result.hits and not result.stopped


def test_while_typing_only_the_rows_in_sight_are_highlighted() -> None:
    assert in_sight(40) == 22  # 20 rows of two lines, and two more
    assert in_sight(4) == MIN_HIGHLIGHT


class Timers:
    """Stands in for the screen's `set_timer`: records what is scheduled, fires on demand."""

    def __init__(self) -> None:
        self.scheduled: list[Timer] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(delay, callback)
        self.scheduled.append(timer)
        return timer

    def pending(self) -> list[float]:
        return [t.delay for t in self.scheduled if not t.stopped and not t.fired]


class Timer:
    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay = delay
        self.callback = callback
        self.stopped = self.fired = False

    def stop(self) -> None:
        self.stopped = True

    def fire(self) -> None:
        assert not self.stopped
        self.fired = True
        self.callback()


def hit(readout_id: str, highlighted: bool = True) -> Hit:
    snippets = (Snippet("Dokdo talks", ((0, 5),)),) if highlighted else ()
    return Hit(readout_id, 1.0, "t", "2018-01-16", (), (), snippets, (), highlighted)


class Flow:
    """A `SearchFlow` with fake timers, recording what it asks the screen to do."""

    def __init__(self) -> None:
        self.timers = Timers()
        self.busy = 0
        self.filled: list[str] = []
        self.clock = Clock()
        self.flow = SearchFlow(
            self.timers, busy=self.on_busy, fill=self.filled.append, clock=self.clock
        )

    def on_busy(self) -> None:
        self.busy += 1


def test_typing_starts_a_search_and_emptying_the_bar_ends_it() -> None:
    flow = Flow().flow
    assert flow.changed("", "d", "m1") is Change.SEARCH
    assert flow.changed("d", "do", "m2") is Change.SEARCH
    assert flow.changed("do", "", "m2") is Change.END
    assert flow.changed("", "   ", "m2") is Change.NOTHING
    assert flow.changed("   ", "", "m2") is Change.NOTHING


def test_a_result_for_an_old_query_is_dropped() -> None:
    flow = Flow().flow
    bar = ""
    for query in ("d", "do", "dok"):
        flow.changed(bar, query, None)
        bar = query
    assert flow.is_stale("do", bar)  # typed on since: the result for "dok" is coming
    assert not flow.is_stale("dok", bar)
    flow.changed(bar, "", None)
    assert flow.is_stale("dok", "")  # the search was ended


def test_a_new_query_goes_to_the_best_match_the_same_one_keeps_the_cursor() -> None:
    flow = Flow().flow
    result = SearchResult("dokdo", (hit("a"), hit("b")), 2)
    assert flow.shown("dokdo", result, "m1") is None  # a new query: the best match
    assert flow.shown("dokdo", result, "m2") == "m2"  # the same again (more indexed)
    assert flow.shown("dokd", result, "m2") is None


def test_searching_is_said_only_when_a_search_is_slow() -> None:
    fake = Flow()
    fake.flow.started()
    assert fake.timers.pending() == [BUSY_AFTER]
    fake.flow.answered()  # answered in time: nothing said
    assert fake.timers.pending() == [] and fake.busy == 0
    fake.flow.started()
    fake.timers.scheduled[-1].fire()
    assert fake.busy == 1


def test_a_letter_waits_for_its_results_only_while_searches_answer_within_the_hold() -> None:
    fake = Flow()
    flow, clock = fake.flow, fake.clock
    assert flow.hold_for() == HOLD  # nothing known yet: worth a try

    def search(seconds: float) -> None:
        flow.started()
        assert flow.hold_for() == 0  # a key typed now waits for this search: draw it at once
        clock.sleep(seconds)
        flow.answered()

    for _ in range(HOLD_WINDOW):
        search(HOLD / 4)
    assert flow.hold_for() == HOLD
    for _ in range(HOLD_WINDOW // 2 + 1):  # most of the last searches too slow to wait for
        search(HOLD * 3)
    assert flow.hold_for() == 0
    for _ in range(HOLD_WINDOW // 2 + 1):  # fast again: the window has moved on
        search(HOLD / 4)
    assert flow.hold_for() == HOLD


def test_a_search_dropped_by_the_end_of_the_search_is_not_waited_for() -> None:
    fake = Flow()
    fake.flow.changed("", "d", None)
    fake.flow.started()
    assert fake.flow.hold_for() == 0
    fake.flow.changed("d", "", None)
    fake.flow.ended(None)  # Esc: the running search's result will be dropped as stale
    assert fake.flow.hold_for() == HOLD
    fake.clock.sleep(60.0)  # a minute later, the next search: its time is its own
    fake.flow.started()
    fake.clock.sleep(HOLD / 4)
    fake.flow.answered()
    assert fake.flow.hold_for() == HOLD


def test_rows_past_the_screen_get_snippets_once_typing_pauses() -> None:
    fake = Flow()
    partly = SearchResult("dokdo", (hit("a"), hit("b", highlighted=False)), 2)
    fake.flow.started()
    fake.flow.answered()
    fake.flow.shown("dokdo", partly, None)
    assert fake.timers.pending() == [FILL_AFTER]
    fake.timers.scheduled[-1].fire()
    assert fake.filled == ["dokdo"]
    # Typing on before the pause is over: the fill for the old query never runs.
    fake.flow.shown("dokdo", partly, None)
    fake.flow.started()
    assert fake.timers.pending() == [BUSY_AFTER] and fake.filled == ["dokdo"]
    # Every hit highlighted already: nothing to fill.
    fake.flow.answered()
    fake.flow.shown("dokdo", SearchResult("dokdo", (hit("a"),), 1), None)
    assert fake.timers.pending() == []


def test_esc_restores_the_meeting_selected_before_the_search() -> None:
    flow = Flow().flow
    flow.changed("", "dokdo", "m1")
    flow.shown("dokdo", SearchResult("dokdo", (hit("a"),), 1), "m1")
    flow.changed("dokdo", "", "m3")
    assert flow.ended("m3") == "m1"


def test_a_meeting_the_user_moved_to_in_the_results_stays_after_esc() -> None:
    flow = Flow().flow
    flow.changed("", "dokdo", "m1")
    flow.memory.user_moved()
    assert flow.ended("m3") == "m3"
    # The next search starts afresh: not moving in it restores its own starting meeting.
    flow.changed("", "kono", "m3")
    assert flow.ended("m5") == "m3"


def test_with_nothing_selected_before_the_search_its_selection_stays() -> None:
    flow = Flow().flow
    flow.changed("", "dokdo", None)
    assert flow.ended("m2") == "m2"


def test_a_meeting_opened_from_the_palette_is_selected_when_the_search_ends() -> None:
    flow = Flow().flow
    flow.changed("", "dokdo", "m1")
    flow.memory.user_moved()
    flow.memory.return_to("m9")
    assert flow.ended("m9") == "m9"


def test_the_search_ending_stops_its_timers_and_forgets_the_listed_query() -> None:
    fake = Flow()
    result = SearchResult("dokdo", (hit("a", highlighted=False),), 1)
    fake.flow.changed("", "dokdo", None)
    fake.flow.started()
    fake.flow.shown("dokdo", result, None)
    fake.flow.ended("m1")
    assert fake.timers.pending() == []
    assert fake.flow.shown("dokdo", result, "m1") is None  # listed anew: the best match


def test_the_flow_modules_never_import_textual() -> None:
    probe = (
        "import sys\n"
        "import tui.flow.loading, tui.flow.rows, tui.flow.search_flow, tui.flow.selection\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
