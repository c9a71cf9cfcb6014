"""What the user sees while the corpus loads and the index builds, and when either fails."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest

import index.corpus
import index.search
from tests.tui.conftest import async_test, ready, screen_text, settle
from tui.app import ReadoutsApp


async def wait_for(pilot: Any, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while text not in (shown := screen_text(pilot.app)):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never shown:\n{shown}")
        await pilot.pause(0.05)
    return shown


@async_test
async def test_status_says_loading_then_indexing_then_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_load = index.corpus.load_corpus
    real_build = index.search.SearchIndex.build
    may_load, may_index = threading.Event(), threading.Event()

    def slow_load(paths: Sequence[str] | None = None, **kwargs: Any) -> Any:
        may_load.wait(10)
        return real_load(paths, **kwargs)

    def slow_build(readouts: Any, **kwargs: Any) -> Any:
        may_index.wait(10)
        return real_build(readouts, **kwargs)

    monkeypatch.setattr(index.corpus, "load_corpus", slow_load)
    monkeypatch.setattr(index.search.SearchIndex, "build", staticmethod(slow_build))
    app = ReadoutsApp()
    async with app.run_test(size=(120, 30)) as pilot:
        text = await wait_for(pilot, "loading…")
        assert "bundled seeds · 0 documents · loading…" in text
        assert "╭─ meetings ─" in text
        may_load.set()
        text = await wait_for(pilot, "indexing")
        assert "5 of 5 meetings" in text  # the list is usable before the index is
        # Typing a search before the index is ready waits for it, then runs.
        await pilot.press("slash", "k", "o", "n", "o")
        await pilot.pause()
        assert "waiting for the index…" in screen_text(app)
        may_index.set()
        await ready(pilot)
        await settle(pilot)
        text = screen_text(app)
        assert "index ready" in text
        assert "2 readouts in 2 meetings" in text


@async_test
async def test_a_failure_is_shown_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(paths: Sequence[str] | None = None, **kwargs: Any) -> Any:
        raise OSError("disk on fire in [/foo] [bold]x")

    monkeypatch.setattr(index.corpus, "load_corpus", broken)
    app = ReadoutsApp()
    async with app.run_test(size=(120, 30)) as pilot:
        text = await wait_for(pilot, "error: loading failed")
        assert "loading failed: OSError: disk on fire in [/foo] [bold]x" in text  # the pane
        assert "disk on fire in [/foo]" in text  # and the notification, literally
        assert app.is_running
