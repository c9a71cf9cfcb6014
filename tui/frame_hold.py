"""Holding the screen's next frame for a moment, so that two changes are drawn in one.

A typed letter and its search results come from two handlers (the search bar's key, then the
search worker's message). Textual draws a frame as soon as the screen is idle with changes,
then at most one per 1/60 s: the letter alone in one frame makes the results wait for the
next. `FrameHold` keeps the frames back with Textual's public `App.batch_update()` (no frame
is drawn inside it) from the key until the results are on the widgets, or for `seconds` at
the most; `tui.flow.search_flow.SearchFlow.hold_for` decides how long. docs/search-flow.md
("One frame for a letter and its results") says what it changed.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from textual.app import App
from textual.timer import Timer


class FrameHold:
    """At most one hold at a time on `app`'s frames; `release` ends it (idempotent)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._batch: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def hold(self, seconds: float) -> None:
        """Draw nothing until `release`, or for `seconds`; nothing when `seconds` is 0 or a
        hold is on already (it keeps its own end)."""
        if seconds <= 0 or self._batch is not None:
            return
        batch = self._app.batch_update()
        batch.__enter__()
        self._batch = batch
        self._timer = self._app.set_timer(seconds, self._expired, name="frame-hold")

    def _expired(self) -> None:
        self._timer = None  # (it has run: not stopped from inside its own callback)
        self.release()

    def release(self) -> None:
        """Let the frames come again: the held changes are drawn in the next one."""
        batch, self._batch = self._batch, None
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()
        if batch is None:
            return
        batch.__exit__(None, None, None)
        # The screen draws on being idle; a release from the timer is not a message the
        # screen handles, so it is told to look (Textual's `delay_update` repaints the whole
        # screen instead).
        self._app.screen.check_idle()
