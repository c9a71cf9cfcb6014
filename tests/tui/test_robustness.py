"""The app under stress (issue 6): skipped files shown with their reasons, unexpected errors in a
dialog and a log while the app goes on, tiny terminals and rapid resizing, and document text or
file names full of escape sequences and markup that never reach the terminal as such.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.worker import WorkerFailed

from index.search import SearchIndex
from tests.tui.conftest import SEED_JP_2018, async_test, ready, screen_text, settle, type_text
from tests.tui.hostile import FORBIDDEN, MARKUP, ROOT, drawn, hostile_corpus
from tui.app import ReadoutsApp
from tui.errors import ErrorReport, write_error_log
from tui.screens.errors import ErrorScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.skipped import SkippedScreen
from tui.widgets.meeting_list import MeetingList

# -- skipped files ---------------------------------------------------------------------------


@async_test
async def test_skipped_files_are_announced_and_listed_with_their_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED_JP_2018, folder / "good.txt")
    (folder / "empty ü file.txt").write_bytes(b"")
    (folder / "image [bold].txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    app = ReadoutsApp([str(folder)])
    # Wide enough for the whole path of a pytest temporary folder (longer under pytest-xdist).
    async with app.run_test(size=(150, 30), notifications=True) as pilot:
        screen = await ready(pilot)
        assert len(screen.meeting_list.rows) == 1  # the good readout is listed
        assert "2 files skipped (! lists them)" in screen_text(app)

        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, SkippedScreen)
        text = screen_text(app)
        assert "2 files skipped" in text
        assert f"{folder}/empty ü file.txt" in text and "empty file" in text
        assert f"{folder}/image [bold].txt" in text and "binary file" in text

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)

        # The command palette has it too.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "skipped")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SkippedScreen)
        assert "image [bold].txt" in screen_text(app)
        await pilot.press("escape")

        # And the help lists the key.
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert re.search(r"!\s+List the files that could not be loaded", screen_text(app))


@async_test
async def test_no_notice_when_nothing_was_skipped() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        assert "skipped" not in screen_text(app)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert "No file was skipped: every file loaded." in screen_text(app)


# -- unexpected errors -----------------------------------------------------------------------


def _log_file() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "readouts-tui" / "errors.log"


def _fail_once(
    monkeypatch: pytest.MonkeyPatch,
    owner: type,
    name: str,
    error: Exception,
    when: Callable[..., bool] = lambda *a, **k: True,
) -> None:
    """Make `owner.name` raise `error` the first time `when(*args)` holds."""
    original = getattr(owner, name)
    raised = False

    def broken(*args: Any, **kwargs: Any) -> Any:
        nonlocal raised
        if not raised and when(*args, **kwargs):
            raised = True
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, broken)


async def _search_dokdo_again(pilot: Any, screen: ReaderScreen) -> None:
    """Type the last letter of "dokdo" again: a fresh search, once the dialog is closed."""
    await pilot.press("backspace")
    await settle(pilot)
    await type_text(pilot, "o")
    assert len(screen.meeting_list.rows) == 3
    assert "3 readouts in 3 meetings" in screen_text(pilot.app)


@async_test
async def test_a_failing_worker_is_shown_logged_copyable_and_the_app_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search worker raises (workers run with exit_on_error=False): the dialog shows the
    error, the log has it with a timestamp, Copy puts the traceback on the clipboard, Esc
    closes the dialog and searching works again.

    `run_test` raises the error when the app closes, as Textual does for any error the app
    met: that is how no other test can pass over a bug the app recovered from."""
    _fail_once(
        monkeypatch,
        SearchIndex,
        "search",
        RuntimeError("search exploded on [/foo] \x1b]52;c;cHduZWQ=\x07"),
        when=lambda self, query, **kwargs: query == "dokdo",
    )
    app = ReadoutsApp()
    with pytest.raises(WorkerFailed, match="search exploded"):
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            await pilot.press("slash")
            await type_text(pilot, "dokdo")
            await settle(pilot)
            assert isinstance(app.screen, ErrorScreen)
            text = drawn(app)  # the error's own text is shown literally, too
            assert "Unexpected error" in text
            assert "RuntimeError: search exploded on [/foo]" in text
            assert re.search(r"at test_robustness\.py line \d+, in broken", text)
            assert f"Written to the error log: {_log_file()}" in text

            log = _log_file().read_text(encoding="utf-8")
            assert re.match(r"=== \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d readouts-tui ", log)
            assert "Traceback (most recent call last)" in log
            assert "RuntimeError: search exploded on [/foo]" in log
            assert "\x1b" not in log and "\x07" not in log

            await pilot.click("#error-copy")
            await settle(pilot)
            assert app.clipboard.startswith("Traceback (most recent call last)")
            assert "RuntimeError: search exploded on [/foo]" in app.clipboard

            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
            await _search_dokdo_again(pilot, screen)
            assert app.is_running


@async_test
async def test_a_bug_in_a_message_handler_is_shown_and_the_reader_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A handler of the reader raises (here: while describing a search result). Textual would
    stop the screen's message loop for good; the reader's error boundary keeps it going."""
    _fail_once(monkeypatch, ReaderScreen, "_describe", KeyError("no such meeting"))
    app = ReadoutsApp()
    with pytest.raises(KeyError, match="no such meeting"):
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            await pilot.press("slash")
            await type_text(pilot, "dokdo")
            assert isinstance(app.screen, ErrorScreen)
            text = screen_text(app)
            assert "KeyError: 'no such meeting'" in text
            assert re.search(r"at test_robustness\.py line \d+, in broken", text)
            assert "Traceback" in _log_file().read_text(encoding="utf-8")

            await pilot.press("enter")  # Enter closes it too
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
            await _search_dokdo_again(pilot, screen)
            # Every key still reaches the reader: the list moves, the document follows.
            await pilot.press("enter", "j")
            await settle(pilot)
            assert screen.meeting_list.highlighted == 1
            assert app.unexpected_errors == 1


@async_test
async def test_an_unwritable_state_folder_is_said_in_the_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    _fail_once(monkeypatch, ReaderScreen, "_describe", ValueError("broken on purpose"))
    app = ReadoutsApp()
    with pytest.raises(ValueError, match="broken on purpose"):
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("slash")
            await type_text(pilot, "kono")
            assert isinstance(app.screen, ErrorScreen)
            text = screen_text(app)
            assert "ValueError: broken on purpose" in text
            assert "The error log could not be written: NotADirectoryError" in text
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen) and app.is_running


@async_test
async def test_a_widget_whose_handler_fails_is_named_and_the_rest_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key handler of the meeting list raises: the dialog shows the error, and after Esc the
    list still answers its other keys and the search still works.

    What was seen is asserted after the app has closed: `run_test` raises the first error the
    app recovered from when it closes, and that would hide a failed assertion made inside."""

    def broken(self: MeetingList) -> None:
        raise RuntimeError("highlight broke")

    monkeypatch.setattr(MeetingList, "action_cursor_down", broken)
    app = ReadoutsApp()
    seen: dict[str, object] = {}
    with pytest.raises(RuntimeError, match="highlight broke"):
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            first = screen.meeting_list.highlighted
            await pilot.press("j")
            await settle(pilot)
            seen["dialog"] = isinstance(app.screen, ErrorScreen)
            seen["dialog text"] = screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("end")
            await settle(pilot)
            seen["moved"] = (first, screen.meeting_list.highlighted)
            await pilot.press("slash")
            await type_text(pilot, "dokdo")
            seen["search"] = screen_text(app)
            seen["running"] = app.is_running
    assert seen["dialog"] is True
    assert "RuntimeError: highlight broke" in str(seen["dialog text"])
    assert seen["moved"] == (0, 4)  # End still moves the list to its last meeting
    assert "3 readouts in 3 meetings" in str(seen["search"])
    assert seen["running"] is True


@async_test
async def test_when_a_screen_is_frozen_the_app_exits_as_textual_does_and_logs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The help screen fails while mounting: a screen that cannot run cannot be gone on from,
    so the app exits with the traceback (Textual's own handling); the log has the error."""

    def broken(self: HelpScreen) -> None:
        raise RuntimeError("help broke")

    monkeypatch.setattr(HelpScreen, "on_mount", broken)
    app = ReadoutsApp()
    with pytest.raises(RuntimeError, match="help broke"):
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("question_mark")
            await pilot.pause(0.2)
    assert app.return_code == 1
    assert "RuntimeError: help broke" in _log_file().read_text(encoding="utf-8")


@async_test
async def test_errors_while_the_dialog_is_open_are_counted_not_stacked() -> None:
    app = ReadoutsApp()
    with pytest.raises(LookupError, match="first"):
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            for name in ("first", "second", "third"):
                app._handle_exception(LookupError(name))  # as Textual reports one
            await settle(pilot)
            assert isinstance(app.screen, ErrorScreen)
            text = screen_text(app)
            assert "LookupError: first" in text and "2 more errors since (in the log)" in text
            assert _log_file().read_text(encoding="utf-8").count("=== ") == 3
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)


def test_the_error_log_appends_and_never_raises(tmp_path: Path) -> None:
    try:
        raise OSError("disk \x1b[31mred\x1b[0m full")
    except OSError as exc:
        report = ErrorReport.of(exc)
    assert report.summary == "OSError: disk ␛[31mred␛[0m full"  # shown, never obeyed
    log = tmp_path / "state" / "errors.log"
    assert write_error_log(report, log) is None
    assert write_error_log(report, log) is None
    text = log.read_text(encoding="utf-8")
    assert text.count("=== ") == 2 and text.count("OSError: disk ␛[31mred␛[0m full") == 2
    blocker = tmp_path / "file"
    blocker.write_text("")
    problem = write_error_log(report, blocker / "state" / "errors.log")
    assert problem is not None and problem.startswith("NotADirectoryError")


# -- tiny terminals and resizing -------------------------------------------------------------

SIZES = [(40, 10), (200, 60), (70, 20), (30, 8)]


def _shows_the_list(text: str) -> bool:
    """The meeting list's title or one of its rows is on screen."""
    return "meetings" in text or "2023-07-13  JP" in text


@async_test
async def test_tiny_terminals_and_rapid_resizing() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = await ready(pilot)
        text = screen_text(app)
        assert _shows_the_list(text) and "2023-07-13" in text
        for _ in range(4):
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                await pilot.pause(0)
        await settle(pilot)
        assert app.is_running and app.size == (30, 8)
        assert _shows_the_list(screen_text(app))
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            text = screen_text(app)
            assert app.is_running and _shows_the_list(text), (width, height, text)
        # The reader still works at 30x8, and its dialogs open and close there.
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        assert len(screen.meeting_list.rows) == 3
        await pilot.press("escape")
        for key, dialog in (("question_mark", HelpScreen), ("exclamation_mark", SkippedScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, dialog)
            await pilot.resize_terminal(40, 10)
            await pilot.resize_terminal(30, 8)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
        assert app.is_running


@async_test
async def test_the_error_dialog_fits_a_40x10_terminal() -> None:
    app = ReadoutsApp()
    with pytest.raises(RuntimeError, match="small"):
        async with app.run_test(size=(40, 10)) as pilot:
            await ready(pilot)
            app._handle_exception(RuntimeError("small but readable"))  # as Textual reports one
            await settle(pilot)
            text = screen_text(app)
            assert "RuntimeError: small but" in text
            assert "Copy" in text and "Close" in text and "Esc closes" in text
            await pilot.press("c")  # the key copies too
            assert "RuntimeError: small but readable" in app.clipboard
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)


# -- hostile text ----------------------------------------------------------------------------


@async_test
async def test_hostile_text_is_drawn_as_plain_characters_everywhere(tmp_path: Path) -> None:
    folder = hostile_corpus(tmp_path / "hostile")
    app = ReadoutsApp([str(folder)])
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        assert screen.corpus is not None and len(screen.corpus.readouts) == 1
        assert app.is_running  # [@click=app.quit] did nothing

        # The list row and the document pane.
        text = drawn(app)
        assert "2018-01-16  JP  Kono" in text
        assert f"Japan-ROK Summit {MARKUP}" in text
        assert "zucchini exports [bold] [/foo] [link=x]" in text
        assert "2 files skipped" in text

        # The search snippet.
        await pilot.press("slash")
        await type_text(pilot, "zucchini")
        assert len(screen.meeting_list.rows) == 1
        region = screen.meeting_list.region
        rows = [line[region.x : region.right] for line in drawn(app).splitlines()]
        assert any("…discussed zucchini exports [bold] [/foo]" in row for row in rows), rows

        # The palette's "open meeting…".
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "open meeting")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        text = drawn(app)
        # (The hostile first line, escape sequences drawn, is too long to be the title.)
        assert "2018-01-16  Japan-ROK Foreign Ministers' Meeting" in text
        assert "(Taro Kono, Kang Kyung-wha)" in text  # the palette's own line
        await pilot.press("escape")
        await settle(pilot)

        # The skipped-files screen: the hostile file name, literally.
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, SkippedScreen)
        text = drawn(app)
        assert "nul ␛[31m[bold][link=x]" in text and "binary file" in text
        assert "empty file.txt" in text
        assert app.is_running


# -- a real terminal -------------------------------------------------------------------------

TMUX = shutil.which("tmux")


class Tmux:
    """A private tmux server (its own socket in `folder`, the given config only)."""

    def __init__(self, name: str, config: Path, folder: Path) -> None:
        self.socket = name
        self.config = config
        self.env = {**os.environ, "TMUX_TMPDIR": str(folder)}
        self.env.pop("TMUX", None)  # run inside tmux or not, this server is a new one

    def __call__(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=20,
            env=self.env,
        )
        return done.stdout

    def capture(self, escapes: bool = False) -> str:
        return self("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "app")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.capture()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the pane shows:\n{self.capture()}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: no real terminal to check")
def test_hostile_text_in_a_real_terminal(tmp_path: Path) -> None:
    """The real app in tmux on the hostile corpus. tmux acts on what reaches it: an OSC 2 would
    set the pane title, an OSC 52 would fill a paste buffer (set-clipboard on), a BEL would
    ring. None of that happens, the capture holds only SGR colours, and `[/foo]` is on screen."""
    folder = hostile_corpus(tmp_path / "hostile")
    config = tmp_path / "tmux.conf"
    # set-clipboard on: an OSC 52 reaching tmux would become a paste buffer.
    config.write_text("set -g default-size 120x32\nset -g set-clipboard on\n")
    tmux = Tmux(f"readouts-test-{os.getpid()}", config, tmp_path)
    env = {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
    }
    command = " ".join(
        [
            "env",
            *(f"{key}={value}" for key, value in env.items()),
            sys.executable,
            "-m",
            "tui",
            str(folder),
        ]
    )
    tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "32", command)
    try:
        tmux("set-option", "-g", "remain-on-exit", "on")
        tmux.wait_for("index ready")
        tmux("send-keys", "-t", "app", "/", "zucchini")
        tmux.wait_for("1 readout in 1 meeting")
        captures = [tmux.capture(escapes=True)]
        tmux("send-keys", "-t", "app", "Escape")
        tmux.wait_for("search readouts")  # alone: an Escape run into the next key is Alt+key
        tmux("send-keys", "-t", "app", "!")
        tmux.wait_for("binary file")
        captures.append(tmux.capture(escapes=True))

        shown = []
        for capture in captures:
            # Only SGR colours may be left: no OSC, no cursor moves, no BEL from the document.
            plain = re.sub(r"\x1b\[[0-9;:]*m", "", capture)
            assert not FORBIDDEN.search(plain.replace("\n", "")), repr(plain)
            shown.append(plain)
        document, skipped = shown
        assert "[/foo]" in document and "[link=x]" in document, document
        assert "[@click=app.quit]" in document
        # The escape sequences after "Kono" are on screen as characters, not obeyed.
        assert "Kono␛[31m␛[2J␛[H␛]52;c;cHduZWQ=␇" in document
        assert "nul ␛[31m[bold][link=x]" in skipped and "binary file" in skipped, skipped
        assert "PWNED" not in tmux("display-message", "-p", "-t", "app", "#{pane_title}")
        buffers = tmux("list-buffers", "-F", "#{buffer_sample}")
        assert "pwned" not in buffers
        assert tmux("display-message", "-p", "-t", "app", "#{pane_dead}").strip() == "0"
    finally:
        tmux("kill-server")
