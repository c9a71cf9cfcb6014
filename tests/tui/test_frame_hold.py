"""A typed letter and its results in one frame (`tui.frame_hold`, `SearchFlow.hold_for`): while
searches answer quickly the frame that would show the letter alone is held until its results
are on the widgets; a slow search does not hold the letter back past the hold's end."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.pilot import Pilot

from index.search import SearchIndex
from tests.tui.conftest import async_test, ready, settle
from tui.app import ReadoutsApp
from tui.flow import search_flow
from tui.textual_compat import on_frame

Drawn = tuple[str, str, tuple[str, ...]]
"""A frame as drawn: the search bar's text, the query whose results are listed, the rows' dates."""


async def in_the_bar(pilot: Pilot[None]) -> list[Drawn]:
    """The index ready and the search bar focused; then every frame drawn, as it is drawn."""
    app = pilot.app
    assert isinstance(app, ReadoutsApp)
    screen = await ready(pilot)
    await pilot.press("slash")
    await settle(pilot)
    frames: list[Drawn] = []

    def drawn() -> None:
        dates = tuple(row.meeting.meeting_date for row in screen.meeting_list.rows)
        frames.append((screen.search_bar.value, screen.flow.listed, dates))

    on_frame(app, drawn)
    return frames


@async_test
async def test_while_searches_are_quick_a_letter_is_drawn_with_its_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A hold long enough that a loaded machine's search still answers within it.
    monkeypatch.setattr(search_flow, "HOLD", 5.0)
    async with ReadoutsApp().run_test(size=(120, 40)) as pilot:
        frames = await in_the_bar(pilot)
        for typed in ("d", "do", "dok", "dokd"):
            await pilot.press(typed[-1])
            await settle(pilot)
            first = next(frame for frame in frames if frame[0] == typed)
            assert first[1] == typed, f"{typed!r} drawn before its results: {first}"
        # "dok" and "dokd" list the Korean readout that names Dokdo; "d" and "do" nothing.
        assert next(f for f in frames if f[0] == "dok")[2] == ("2018-04-11",)
        assert next(f for f in frames if f[0] == "do")[2] == ()


@async_test
async def test_a_slow_search_does_not_hold_the_letter_past_the_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_flow, "HOLD", 0.05)
    search = SearchIndex.search

    def slow(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return search(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", slow)
    async with ReadoutsApp().run_test(size=(120, 40)) as pilot:
        frames = await in_the_bar(pilot)
        for typed in ("k", "ko", "kor"):
            started = time.monotonic()
            await pilot.press(typed[-1])
            while not any(frame[0] == typed for frame in frames):
                assert time.monotonic() - started < 0.45, f"{typed!r} waited for its search"
                await pilot.pause(0.01)
            first = next(frame for frame in frames if frame[0] == typed)
            assert first[1] != typed  # the letter first, its results later
            await settle(pilot)
            assert frames[-1][:2] == (typed, typed)
        assert "2018-04-11" in frames[-1][2]  # "kor": Korea, in every seed
