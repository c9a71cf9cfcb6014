"""A second start on the user's own folder: the list as last seen appears at once, then the
files are checked and what changed since is shown (with a notice), the reader staying put."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

import index.cache
from tests.tui.conftest import async_test, ready, screen_text
from tests.tui.test_loading import wait_for
from tui.app import ReadoutsApp


def note(folder: Path, name: str, title: str, day: int) -> None:
    (folder / name).write_text(
        f"---\ntitle: {title}\ndate: '2021-06-{day:02d}'\n---\n\nThe ministers met on {title}.\n",
        encoding="utf-8",
    )


async def first_start(tmp_path: Path, meetings: int) -> tuple[Path, Path]:
    """A folder of `meetings` notes ("Talks number 1" on 1 June 2021, ...) and its cache, after
    a first start that ran until the index was ready and listed them all."""
    folder, cache = tmp_path / "mine", tmp_path / "cache"
    folder.mkdir()
    for day in range(1, meetings + 1):
        note(folder, f"n{day}.md", f"Talks number {day}", day)
    first = ReadoutsApp([str(folder)], cache_dir=cache)
    async with first.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert f"{meetings} of {meetings} meetings" in screen_text(first)
    return folder, cache


def held(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """`index.cache.<name>` made to wait (at most 10 s) until the event returned is set."""
    real = getattr(index.cache, name)
    release = threading.Event()

    def waiting(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(index.cache, name, waiting)
    return release


async def notices(pilot: Any, app: ReadoutsApp, timeout: float = 5.0) -> list[str]:
    """The app's notifications, once it has one (or after `timeout`)."""
    deadline = time.monotonic() + timeout
    while not app._notifications and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return [str(n.message) for n in app._notifications]


@async_test
async def test_second_start_shows_the_cached_list_then_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = await first_start(tmp_path, 3)

    note(folder, "n4.md", "Talks number 4", 4)  # added since
    (folder / "n1.md").unlink()  # removed since
    may_check = held(monkeypatch, "load_corpus_cached")
    second = ReadoutsApp([str(folder)], cache_dir=cache)
    async with second.run_test(size=(120, 30), notifications=True) as pilot:
        # Before the files are checked: the list as it was, searchable.
        shown = await wait_for(pilot, "3 of 3 meetings")
        assert "Talks number 1" in shown and "Talks number 4" not in shown
        assert not second.screen.files_checked
        await pilot.press("slash", *"talks")
        await wait_for(pilot, "3 readouts in 3 meetings")
        await pilot.press("escape")
        may_check.set()
        shown = await wait_for(pilot, "Talks number 4")
        assert "3 of 3 meetings" in shown and "Talks number 1" not in shown
        # App.notify posts a message: the toast may come a moment after the list.
        told = await notices(pilot, second)
        assert "1 new or changed and 1 removed files since the last start: list updated" in told
        await ready(pilot)
        assert second.screen.files_checked
        await pilot.press("slash", *"number 4")
        await wait_for(pilot, "1 readout in 1 meeting")


@async_test
async def test_second_start_lists_the_meetings_before_its_corpus_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache's listing is on screen while the corpus is still being read: every meeting,
    scrollable, the one under the cursor opened from the records file; when the corpus is
    here, the list is its own and the reader stays on the meeting they were on."""
    folder, cache = await first_start(tmp_path, 8)

    may_read = held(monkeypatch, "cached_corpus")
    second = ReadoutsApp([str(folder)], cache_dir=cache)
    async with second.run_test(size=(120, 30)) as pilot:
        shown = await wait_for(pilot, "8 of 8 meetings")
        assert "Talks number 8" in shown and "Talks number 1" in shown
        await wait_for(pilot, "The ministers met on Talks number 8.")  # the newest, opened
        assert second.screen.corpus is None  # the corpus is not read yet
        assert "loading…" in screen_text(second)  # the status line
        await pilot.press("down", "down")  # newest first: 8, 7, then 6 under the cursor
        await wait_for(pilot, "The ministers met on Talks number 6.")
        assert second.screen.corpus is None
        may_read.set()
        while second.screen.corpus is None:
            await pilot.pause(0.05)
        await ready(pilot)
        shown = screen_text(second)
        assert "The ministers met on Talks number 6." in shown and "8 of 8 meetings" in shown
        current = second.screen.current
        assert current is not None and current.meeting.title == "Talks number 6"
        assert current.meeting == second.screen.load.meetings[current.meeting.id]


@async_test
async def test_second_start_without_a_listing_waits_for_the_corpus(tmp_path: Path) -> None:
    """A listing that is missing (a cache written before there were listings) or damaged
    costs only the wait: the list comes with the corpus, and the listing is written again."""
    folder, cache = await first_start(tmp_path, 3)
    (listing,) = cache.glob("*.listing")
    listing.write_bytes(b"damaged")
    second = ReadoutsApp([str(folder)], cache_dir=cache)
    async with second.run_test(size=(120, 30)) as pilot:
        shown = await wait_for(pilot, "3 of 3 meetings")
        assert "Talks number 3" in shown
        await ready(pilot)
        await wait_for(pilot, "The ministers met on Talks number 3.")
        while not second.screen.files_checked:  # the check of the files rewrites it
            await pilot.pause(0.05)
    assert listing.read_bytes().startswith(b"readouts-tui-listing")
