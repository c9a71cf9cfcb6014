"""While typing, only the rows in sight are highlighted; the rest get snippets once typing
pauses (a keystroke pays for what the user can see)."""

from __future__ import annotations

import time
from typing import Any

import pytest

import tui.screens.reader
from index.search import SearchIndex
from tests.tui.conftest import async_test, ready, settle, type_text
from tests.tui.test_search import snippets
from tui.app import ReadoutsApp


@async_test
async def test_rows_past_the_screen_get_snippets_when_typing_pauses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tui.screens.reader.ReaderScreen, "_in_sight", lambda self: 2)
    asked: list[int | None] = []
    real = SearchIndex.search

    def spy(self: SearchIndex, query: str, **kwargs: Any) -> Any:
        asked.append(kwargs.get("highlight"))
        return real(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", spy)
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "minister")
        deadline = time.monotonic() + 10
        while not (screen.result and all(h.highlighted for h in screen.result.hits)):
            assert time.monotonic() < deadline, "the rest of the list never got its snippets"
            await pilot.pause(0.05)
        await settle(pilot)
        assert 2 in asked and asked[-1] is None  # typing: two highlighted; then all of them
        assert len(screen.meeting_list.rows) == 5
        assert all("minister" in line.lower() for line in snippets(screen))
