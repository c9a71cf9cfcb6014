"""The one door to Textual's internals: what readouts-tui needs that Textual has no public way for.

No other module of `tui/` imports a private module or name of Textual or overrides one of its
`_`-methods. Everything here was written against Textual `TEXTUAL_VERSION`, each item says why
it is needed, and `tests/tui/test_textual_compat.py` checks each one against the installed
Textual (the name is there, with the signature and the behaviour relied on), so an upgrade that
changes one fails there, by name. docs/tui-internals.md says what each item is for and what to
check when a Textual upgrade breaks it.

Items 1 to 4 are about unexpected errors. Textual's answer to an error nothing caught is to
exit with a traceback; an error in a message handler also ends the message loop of the widget
(or screen, or app) it happened in, which then stops responding. readouts-tui shows the error
in a dialog and goes on instead (see `tui.errors`), and for that it needs:

1. `HandlerErrorHook`: to hear about an error in a handler before the loop ends.
2. `AppErrorHook`: to decide what an error nothing caught does, instead of always exiting.
3. `report_error`: to hand an error to that decision the way Textual does.
4. `frozen_pump`: to tell which part of the app an error stopped, to say so in the dialog.

Item 5 is for the keystroke benchmark (`bench/bench_keystroke.py`), not the app:

5. `on_frame`: to know when a frame is drawn, and to pay for encoding it when headless.

One more is about textual-serve (Textualize's web server for Textual apps, `readouts-tui serve`):

6. `served_process`: the reader process a browser tab runs, to kill it when it will not quit.

And one about drawing less while typing:

7. `SteadyScrollbars`: a scroll view whose scrollbars are redrawn only when its size or its
   virtual size changed, not at every layout of the screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import CodeType
from typing import Any, Generic, TypeVar

from textual._compositor import CompositorUpdate
from textual._context import active_message_pump
from textual.app import App
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.scroll_view import ScrollView

TEXTUAL_VERSION = "8.2.8"
"""The Textual release this module was written against (and pyproject.toml pins)."""

ReturnType = TypeVar("ReturnType")


def report_error(app: App[object], error: Exception) -> None:
    """Hand `error` to `app` as Textual hands it an error nothing caught.

    Why private: `App._handle_exception` is where Textual sends those, and the app's decision
    (`AppErrorHook.recover`) hangs off it; Textual has no public method that reports an error.
    """
    app._handle_exception(error)


class HandlerErrorHook(MessagePump):
    """Mixin for a message pump: an error raised by one of its handlers goes to
    `handler_failed` (by default `report_error`), and the next message is handled as usual.

    Put it before the Textual class among the bases (`ErrorBoundary` in `tui.errors` does).
    """

    def handler_failed(self, error: Exception) -> None:
        """Called with what one of this pump's message handlers raised."""
        report_error(self.app, error)

    async def _dispatch_message(self, message: Message) -> None:
        # Why private: Textual's message loop calls this for every message and, when it raises,
        # reports the error and leaves the loop for good. Catching around it is the only place
        # to see a handler's error while the loop can still go on: `on_event` sees only events,
        # not messages, and Textual has no public hook for a failed handler.
        try:
            await super()._dispatch_message(message)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.handler_failed(error)


class AppErrorHook(App[ReturnType], Generic[ReturnType]):
    """An `App` that decides what an error nothing caught does: `recover(error)` returns True
    when the app has dealt with it and goes on, False to let Textual exit with the traceback.

    As under Textual, the first error the app recovered from is still raised by `run_test` when
    the test's app closes: a test never passes over a bug the app recovered from.
    """

    def recover(self, error: Exception) -> bool:
        """Deal with `error` and return True to go on; False (the default) exits as Textual does.

        If this raises, Textual's exit shows the original error.
        """
        return False

    def _handle_exception(self, error: Exception) -> None:
        # Why private: Textual calls this with every error nothing caught (handlers, timers,
        # callbacks, rendering, workers with exit_on_error) and always exits; it offers no
        # public hook to show the error and go on.
        try:
            recovered = self.recover(error)
        except Exception:  # reporting must not hide the error: Textual's exit shows it
            recovered = False
        if not recovered:
            super()._handle_exception(error)
        elif self._exception is None:
            # Why private: `run_test` raises the error kept here when the test's app closes.
            self._exception = error


_LOOP_CODES: tuple[CodeType, ...] = (
    MessagePump._process_messages_loop.__code__,
    MessagePump._pre_process.__code__,
)
"""Where Textual catches an error that ends a message pump's loop for good."""


def frozen_pump(error: BaseException) -> MessagePump | None:
    """The message pump (widget, screen, app) whose loop `error` ended, if it did; else None.

    Call it from `AppErrorHook.recover`, while Textual is reporting the error. Why private: an
    error whose traceback starts in Textual's message loop (`_LOOP_CODES`) was caught there, and
    that loop has stopped; the pump it belonged to is the one running (`active_message_pump`).
    Textual says neither publicly.
    """
    trace = error.__traceback__
    if trace is None or trace.tb_frame.f_code not in _LOOP_CODES:
        return None
    return active_message_pump.get(None)


def on_frame(app: App[Any], drawn: Callable[[], None]) -> None:
    """Call `drawn()` each time `app` has drawn a frame: the screen's changed regions made into
    the update for the terminal. Under `run_test` (headless) the update is also encoded as the
    text a terminal would be sent, then dropped, so that a frame costs what it costs in a
    terminal.

    Why private: `App._display` is where the compositor's update for a frame goes (it is
    written to the terminal there, or skipped when headless); Textual has no public event for
    "a frame was drawn". `drawn` runs after every widget refreshed before it has been rendered
    into the frame, so what the widgets hold when it runs is on screen.
    """
    display = app._display

    def display_and_tell(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None or app._batch_count:
            return  # nothing drawn (Textual skips a frame inside batch_update)
        if app.is_headless and isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        drawn()

    app._display = display_and_tell  # type: ignore[method-assign]


def served_process(service: object) -> asyncio.subprocess.Process | None:
    """The process textual-serve's `AppService` started for one browser tab, once started; None
    before (or when textual-serve no longer keeps it where it did).

    Why private: `AppService` keeps it in `_process` and offers only `stop()`, which asks the
    app to quit and waits for it for ever; a reader that does not quit (busy in a thread) would
    outlive the server. `tui.serve.stop_reader` kills it after a wait instead.
    """
    process = getattr(service, "_process", None)
    return process if isinstance(process, asyncio.subprocess.Process) else None


class SteadyScrollbars(ScrollView):
    """Mixin for a `ScrollView` that sets its own `virtual_size` (the meeting list, the
    document): its scrollbars are updated only when its size, its container's size or its
    virtual size changed since they last were.

    Why private: at every layout of the screen (one per keystroke: the search bar's input
    widens with the query) Textual calls `_size_updated` on each widget with the virtual size
    of its arrangement, which for a scroll view drawing its own lines is its visible size,
    never the virtual size it set; `ScrollView._size_updated` takes the difference for a
    change and refreshes both scrollbars, and a refreshed scrollbar makes the compositor draw
    every line of the widget beside it again. Measured in docs/search-flow.md.
    Put it before `ScrollView` among the bases.
    """

    _scrollbars_for: Size | None = None
    """The virtual size the scrollbars were last updated for."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        mine = self.virtual_size
        if (
            size == self._size
            and container_size == self.container_size
            and mine == self._scrollbars_for
        ):
            return False  # what ScrollView answers when nothing changed, less the refresh
        self._scrollbars_for = mine
        return super()._size_updated(size, virtual_size, container_size, layout)
