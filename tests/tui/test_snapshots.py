"""Snapshots of the reader at 120x40 and 80x24 (cursor blink off): the start, and a search.

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate change,
and look at the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import ready, type_text
from tui.app import ReadoutsApp
from tui.widgets.search_bar import SearchInput

SIZES = [(120, 40), (80, 24)]


def steps(*keys: str, text: str = "") -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        pilot.app.screen.query_one(SearchInput).cursor_blink = False
        for key in keys:
            await pilot.press(key)
        await type_text(pilot, text)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_start(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReadoutsApp(), terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_dokdo_search(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReadoutsApp(), terminal_size=size, run_before=steps("slash", text="dokdo"))


def test_second_hit_narrow(snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ("slash", "d", "o", "k", "d", "o", "enter", "n")
    assert snap_compare(ReadoutsApp(), terminal_size=(60, 30), run_before=steps(*keys))


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReadoutsApp(), terminal_size=(80, 24), run_before=steps("question_mark"))
