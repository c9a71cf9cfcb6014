"""Helpers for driving the real app with Pilot: wait for the workers, read the screen as text."""

from __future__ import annotations

import asyncio
import functools
import shutil
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual import constants
from textual.pilot import Pilot

from tui.app import ReadoutsApp
from tui.screens.reader import ReaderScreen

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_JP_2018 = SEEDS / "001_3c750eb1d4bf914e.txt"
SEED_KR_2018 = SEEDS / "002_c362ed1f5c1351db.txt"


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrolls and toasts jump to their end instead of animating for a fraction of a second.

    Pilot waits for animations to finish after each key, so a test that scrolls waited several
    times for nothing. Every assertion is on where things end up, which an animation does not
    change. `TEXTUAL_ANIMATIONS` is Textual's documented setting; apps read it when created, and
    apps started in a real terminal (tmux) read it from the environment.
    """
    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def async_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with `asyncio.run` (no async pytest plugin is a dependency)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def reader(app: ReadoutsApp) -> ReaderScreen:
    screen = app.reader
    assert screen is not None
    return screen


def screen_text(app: ReadoutsApp) -> str:
    """What the terminal shows, as plain text lines (what a user would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[None], timeout: float = 20.0) -> None:
    """Wait until no worker runs and the messages they posted have been handled."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while any(not w.is_finished for w in pilot.app.workers):
        if time.monotonic() > deadline:
            raise TimeoutError("workers still running")
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.pause()


async def ready(pilot: Pilot[None], timeout: float = 30.0) -> ReaderScreen:
    """Wait for the corpus to load and the index to be built."""
    app = pilot.app
    assert isinstance(app, ReadoutsApp)
    deadline = time.monotonic() + timeout
    while reader(app).index is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"index not ready: {reader(app).index_state}")
        await pilot.pause(0.05)
    await settle(pilot)
    return reader(app)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type into the focused widget as a quick typist does: every key, then wait until the
    workers the keys started are done and their messages handled. (The app drops the results
    of queries typed over, which is what `tests/tui/test_search_flow.py` checks on its own.)"""
    await pilot.press(*("space" if char == " " else char for char in text))
    await settle(pilot)


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The parse cache and persistent index of user paths go to a folder of this test's own."""
    cache = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    return cache


@pytest.fixture
def paired_corpus(tmp_path: Path) -> Path:
    """A meeting read by both sides: the MOFA Japan readout of 2018-01-16, and a MOFA Korea
    readout of the same meeting (seed 002's page with its dates moved to that day)."""
    folder = tmp_path / "paired"
    folder.mkdir()
    shutil.copy(SEED_JP_2018, folder / "jp.txt")
    kr = SEED_KR_2018.read_text(encoding="utf-8")
    kr = (
        kr.replace("Apr 11,2018", "Jan 16,2018")
        .replace("2018.4.11", "2018.1.16")
        .replace("on April 11 held talks in Seoul", "on January 16 held talks in Tokyo")
    )
    (folder / "kr.txt").write_text(kr, encoding="utf-8")
    return folder
