"""tui/textual_compat.py against the installed Textual: each private name it relies on is still
there with the signature it was written for, and still does what the app needs.

When a Textual upgrade breaks one of these, the failure names the item; docs/tui-internals.md
says what it is for and what to check before changing it (or `TEXTUAL_VERSION`).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

import pytest
import textual
from textual import _context
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from tests.tui.conftest import async_test
from tui.textual_compat import (
    TEXTUAL_VERSION,
    AppErrorHook,
    HandlerErrorHook,
    SteadyScrollbars,
    frozen_pump,
    on_frame,
    report_error,
)


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until `condition()` holds (fails after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


def parameters(function: object) -> list[str]:
    assert callable(function)
    return list(inspect.signature(function).parameters)


def test_written_for_the_installed_textual() -> None:
    assert textual.__version__ == TEXTUAL_VERSION, (
        f"Textual {textual.__version__} is installed, tui/textual_compat.py was written for "
        f"{TEXTUAL_VERSION}: check each item (docs/tui-internals.md), then bump TEXTUAL_VERSION"
    )


def test_the_private_names_relied_on_are_there_with_their_signatures() -> None:
    # HandlerErrorHook overrides it: every message a pump handles goes through it.
    dispatch = MessagePump._dispatch_message
    assert inspect.iscoroutinefunction(dispatch)
    assert parameters(dispatch) == ["self", "message"]
    # AppErrorHook overrides it and report_error calls it: every error nothing caught.
    assert parameters(App._handle_exception) == ["self", "error"]
    # AppErrorHook keeps the first error there for run_test to raise.
    assert App[None]()._exception is None
    # frozen_pump: the two places that catch an error and end a pump's loop, and the pump
    # running at that moment.
    for loop in (MessagePump._process_messages_loop, MessagePump._pre_process):
        assert inspect.iscoroutinefunction(loop)
        assert parameters(loop) == ["self"]
    assert isinstance(_context.active_message_pump, ContextVar)
    # on_frame wraps it: every frame's update goes there.
    assert parameters(App._display) == ["self", "screen", "renderable"]
    # SteadyScrollbars overrides it: each widget's sizes after a layout of the screen.
    assert parameters(ScrollView._size_updated) == [
        "self", "size", "virtual_size", "container_size", "layout",
    ]  # fmt: skip


@dataclass
class Poke(Message):
    """Makes the widget that gets it fail (`fail`) or note it."""

    fail: bool


class Plain(Static):
    """A widget without the hook: a failing handler ends its message loop (as Textual does)."""

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self.handled: list[Poke] = []

    def on_poke(self, message: Poke) -> None:
        if message.fail:
            raise ValueError(f"{self.id} failed")
        self.handled.append(message)


class Hooked(HandlerErrorHook, Plain):
    """A widget with the hook, reporting to the app (the default `handler_failed`)."""


class Recording(Hooked):
    """A widget with the hook that keeps the errors itself."""

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self.failures: list[Exception] = []

    def handler_failed(self, error: Exception) -> None:
        self.failures.append(error)


class HookApp(AppErrorHook[None]):
    """Records what `recover` is given and which pump `frozen_pump` names; goes on if `go_on`."""

    def __init__(self, go_on: bool = True) -> None:
        super().__init__()
        self.go_on = go_on
        self.recovered: list[tuple[Exception, MessagePump | None]] = []

    def compose(self) -> ComposeResult:
        yield Plain("plain")
        yield Hooked("hooked")
        yield Recording("recording")

    def recover(self, error: Exception) -> bool:
        self.recovered.append((error, frozen_pump(error)))
        return self.go_on


# The app's first error is raised by run_test when the app closes, and it would replace a failed
# assertion inside the `async with`: these tests only note what they see in there, and assert
# after it.


@async_test
async def test_a_hooked_widget_hears_of_its_handlers_errors_and_goes_on() -> None:
    app = HookApp()
    async with app.run_test():
        widget = app.query_one(Recording)
        for fail in (True, False, True, False):
            widget.post_message(Poke(fail))
        await until(lambda: len(widget.handled) == 2 or not widget.is_running)
    assert [str(error) for error in widget.failures] == ["recording failed"] * 2
    assert len(widget.handled) == 2  # the messages after each failure were handled
    assert app.recovered == []  # it kept them: nothing reached the app


@async_test
async def test_the_app_recovers_from_a_hooked_widgets_error_run_test_raises_it() -> None:
    app = HookApp()
    seen = None
    with pytest.raises(ValueError, match="hooked failed"):
        async with app.run_test():
            widget = app.query_one(Hooked)
            widget.post_message(Poke(True))
            widget.post_message(Poke(False))
            await until(lambda: bool(widget.handled) or not widget.is_running)
            seen = ([*app.recovered], len(widget.handled), app.is_running, app.return_code)
    assert seen is not None
    recovered, handled, running, return_code = seen
    assert [(str(error), frozen) for error, frozen in recovered] == [("hooked failed", None)]
    assert handled == 1  # its loop went on with the next message
    assert running and return_code is None


@async_test
async def test_an_error_that_ends_a_widgets_loop_names_the_widget() -> None:
    app = HookApp()
    seen = None
    with pytest.raises(ValueError, match="plain failed"):
        async with app.run_test() as pilot:
            await pilot.pause()
            widget = app.query_one(Plain)
            widget.post_message(Poke(True))
            # Not pilot.pause(): it waits (until a timeout) for every widget's queue, and this
            # one's is never handled again.
            await until(lambda: not widget.is_running)  # Textual ended its loop
            seen = ([*app.recovered], app.is_running)
    assert seen is not None
    recovered, running = seen
    assert [(str(error), frozen) for error, frozen in recovered] == [("plain failed", widget)]
    assert running  # the app went on


@async_test
async def test_report_error_reaches_recover() -> None:
    app = HookApp()
    seen = None
    with pytest.raises(LookupError, match="reported"):
        async with app.run_test():
            report_error(app, LookupError("reported"))
            seen = ([*app.recovered], app.is_running)
    assert seen is not None
    recovered, running = seen
    assert [(str(error), frozen) for error, frozen in recovered] == [("reported", None)]
    assert running


@async_test
async def test_when_recover_says_no_the_app_exits_as_textual_does() -> None:
    app = HookApp(go_on=False)
    seen = None
    with pytest.raises(ValueError, match="hooked failed"):
        async with app.run_test():
            app.query_one(Hooked).post_message(Poke(True))
            await until(lambda: app.return_code is not None)
            seen = ([*app.recovered], app.return_code)
    assert seen is not None
    recovered, return_code = seen
    assert [str(error) for error, _ in recovered] == ["hooked failed"]
    assert return_code == 1


class OneLabel(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("before", id="label")


@async_test
async def test_on_frame_is_called_after_a_change_is_drawn_with_it() -> None:
    app = OneLabel()
    seen: list[str] = []
    async with app.run_test(size=(40, 5)) as pilot:
        label = app.query_one("#label", Static)
        on_frame(app, lambda: seen.append(str(label.content)))
        await pilot.pause()
        label.update("after")
        await until(lambda: "after" in seen)
        # What a frame shows once `drawn` has seen "after": the label's new text.
        assert "after" in app.screen._compositor.render_strips()[0].text


def test_served_process_is_the_process_textual_serve_started_for_a_tab() -> None:
    from textual_serve.app_service import AppService
    from textual_serve.download_manager import DownloadManager

    from tui.textual_compat import served_process

    async def nothing(*_: object) -> None:
        return None

    async def go() -> None:
        service = AppService(
            "exec sleep 30",
            write_bytes=nothing,
            write_str=nothing,
            close=nothing,
            download_manager=DownloadManager(),
        )
        assert served_process(service) is None
        await service.start(80, 24)
        process = served_process(service)
        assert process is not None
        assert process.returncode is None  # the command's own process (exec), running
        process.kill()
        assert await asyncio.wait_for(process.wait(), 10) == -9

    asyncio.run(go())


class Tall(SteadyScrollbars, ScrollView):
    """A scroll view drawing its own lines (as the meeting list does), `lines` of them."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines

    def on_mount(self) -> None:
        self.virtual_size = Size(20, self.lines)

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


@async_test
async def test_steady_scrollbars_follow_the_view_but_not_every_layout() -> None:
    class Viewer(App[None]):
        def compose(self) -> ComposeResult:
            yield Tall(200)

    app = Viewer()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(Tall)
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert view.show_vertical_scrollbar and bar.window_virtual_size == 200
        refreshed: list[object] = []
        real = bar.refresh

        def counted(*regions: object, **how: object) -> object:
            refreshed.append(regions)
            return real(*regions, **how)  # type: ignore[arg-type]

        bar.refresh = counted  # type: ignore[method-assign]
        # A layout of the screen that changes nothing here: the scrollbar is not redrawn
        # (ScrollView alone redraws it at every layout).
        app.screen.refresh(layout=True)
        await pilot.pause()
        await pilot.pause()
        assert refreshed == []
        # Its own virtual size changes: the scrollbar follows.
        view.virtual_size = Size(20, 500)
        await pilot.pause()
        await pilot.pause()
        assert bar.window_virtual_size == 500 and refreshed
        # So does a new size of the terminal.
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        await pilot.pause()
        assert bar.window_size == view.container_size.height
        # Fewer lines than the view holds: no scrollbar.
        view.virtual_size = Size(20, 5)
        await pilot.pause()
        await pilot.pause()
        assert not view.show_vertical_scrollbar
