"""While the app runs, a full garbage collection comes only after `FULL_EVERY` collections of
the middle generation (the corpus is frozen, which takes away CPython's own brake on them:
`tui.collector`); the pace found before is given back when the app ends, and a collector
turned off stays off."""

from __future__ import annotations

import gc

from tests.tui.conftest import async_test, ready
from tui.app import ReadoutsApp
from tui.collector import FULL_EVERY, CollectorPace


@async_test
async def test_the_app_spaces_full_collections_and_gives_the_pace_back() -> None:
    before = gc.get_threshold()
    assert before[2] < FULL_EVERY  # (CPython's default pace, as a new process has it)
    app = ReadoutsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full == FULL_EVERY
        collected = []

        def note(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collected.append(info["generation"])

        gc.callbacks.append(note)
        try:
            for _ in range(200_000):  # garbage in cycles, as a session of typing makes
                a: list[object] = []
                a.append(a)
        finally:
            gc.callbacks.remove(note)
        middles, fulls = collected.count(1), collected.count(2)
        assert middles >= 2 * middle  # it did collect, often
        assert fulls <= middles // FULL_EVERY + 1
    assert gc.get_threshold() == before


def test_a_collector_turned_off_stays_off() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(0)
        pace = CollectorPace()
        pace.start()
        assert gc.get_threshold()[0] == 0
        pace.stop()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
