"""The Textual application: `ReadoutsApp(paths).run()` opens the reader.

The app itself is thin: it holds the app-wide keys (help, skipped files, quit), the command
palette's system commands (the toggles, "open meeting…", "skipped files…"), and pushes the
`ReaderScreen`, which owns the state. It also decides what an unexpected error does: a dialog
and a line in the error log rather than an exit (`recover`; see `tui.errors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType, Keymap
from textual.command import CommandPalette
from textual.screen import Screen

from tui.collector import CollectorPace
from tui.commands import MeetingProvider
from tui.errors import ErrorBoundary, ErrorReport, error_log_path, write_error_log
from tui.keymap import acts_in_search_bar
from tui.messages import CorpusLoaded
from tui.screens.analysis_actions import analysis_commands, analysis_help
from tui.screens.errors import ErrorScreen
from tui.screens.help import HelpScreen, ListedKeys
from tui.screens.reader import ReaderScreen
from tui.screens.skipped import SkippedScreen
from tui.textual_compat import AppErrorHook, frozen_pump
from tui.widgets.document_body import DocumentBody
from tui.widgets.meeting_list import MeetingList
from tui.widgets.search_bar import SearchInput

PALETTE_KEYS: list[BindingType] = [
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        tooltip="Command palette: open meeting…, toggles, theme",
    ),
    Binding("ctrl+q", "quit", "Quit", tooltip="Quit, even from the search bar"),
]
"""Keys Textual binds itself, listed in the help screen alongside ours."""

MAX_UNEXPECTED_ERRORS = 20
"""After this many unexpected errors in one run the app is clearly broken: it exits the way
Textual does (with the traceback) instead of opening yet another dialog."""


class ReadoutsApp(ErrorBoundary, AppErrorHook[None]):
    """readouts-tui: a keyboard-first reader for diplomatic meeting readouts."""

    TITLE = "readouts"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {MeetingProvider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit readouts-tui"),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            key_display="?",
            id="app.help",
            tooltip="Show every key (this screen)",
        ),
        Binding(
            "exclamation_mark",
            "skipped",
            "Skipped",
            key_display="!",
            show=False,
            id="app.skipped",
            tooltip="List the files that could not be loaded, and why",
        ),
    ]

    def __init__(
        self,
        paths: Sequence[str] | None = None,
        *,
        equivalents: bool = True,
        rebuild: bool = False,
        cache_dir: Path | None = None,
        clip_file: Path | None = None,
    ) -> None:
        """`paths`: files or folders to read; None reads the bundled seed readouts.

        `equivalents` starts searches with equivalent terms on; `rebuild` ignores the parse
        cache and the persistent index; `cache_dir` puts them somewhere else than the user's
        cache folder (see `index.workspace`).
        """
        super().__init__()
        self.paths = list(paths) if paths is not None else None
        self.equivalents = equivalents
        self.rebuild = rebuild
        self.cache_dir = cache_dir
        self.clip_file = clip_file
        """Where `y` and `Y` also write what they copy (some terminals ignore the clipboard)."""
        self.unexpected_errors = 0
        """Unexpected errors met in this run (see `recover`)."""
        self.key_overrides: dict[str, str] = {}
        """The keys remapped by binding id (from keys.toml, or `set_keymap`): Textual applies
        them but does not say which they are."""
        self._collector = CollectorPace()

    def on_mount(self) -> None:
        self._collector.start()  # full garbage collections far apart (tui.collector)
        self._apply_user_keys()

    def on_unmount(self) -> None:
        self._collector.stop()

    def _apply_user_keys(self) -> None:
        """Remap bindings from the user's keys.toml (see `tui.keymap`); problems are notices."""
        from tui.keymap import keymap_file, load_keymap

        known = [
            b.id
            for _, group in self.help_sections()
            for b in group
            if isinstance(b, Binding) and b.id
        ]
        mapping, problems = load_keymap(keymap_file(), known)
        if mapping:
            self.set_keymap(mapping)
        for problem in problems:
            self.notify(problem, title="keys.toml", severity="warning", markup=False)

    def set_keymap(self, keymap: Keymap) -> None:
        """Textual's, remembering the remapped keys in `key_overrides`."""
        super().set_keymap(keymap)
        self.key_overrides = dict(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        """Textual's, remembering the remapped keys in `key_overrides`."""
        super().update_keymap(keymap)
        self.key_overrides.update(keymap)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(
            self.paths,
            equivalents=self.equivalents,
            rebuild=self.rebuild,
            cache_dir=self.cache_dir,
        )

    @property
    def reader(self) -> ReaderScreen | None:
        """The reader screen (None before it exists)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def help_sections(self) -> list[tuple[str, Iterable[BindingType]]]:
        """What the help screen lists: every binding, grouped by where it applies (the keys
        the search bar would type into the query apart from those that act there too)."""
        anywhere = [*self.BINDINGS, *PALETTE_KEYS, *ReaderScreen.BINDINGS]
        return [
            ("Anywhere, the search bar too", ListedKeys(anywhere, acts_in_search_bar)),
            (
                "Anywhere but in the search bar, where they are typed into the query "
                "(Enter or Esc leaves it)",
                ListedKeys(anywhere, lambda binding, key: not acts_in_search_bar(binding, key)),
            ),
            ("Meeting list", MeetingList.BINDINGS),
            ("Document", DocumentBody.BINDINGS),
            ("Search bar", SearchInput.BINDINGS),
            *analysis_help(),
            ("Compare (c)", _compare_keys()),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def action_skipped(self) -> None:
        """Show the files that could not be loaded, each with its reason."""
        if isinstance(self.screen, SkippedScreen):
            return
        reader = self.reader
        corpus = reader.corpus if reader is not None else None
        skipped = corpus.skipped if corpus is not None else ()
        self.push_screen(SkippedScreen(skipped, loading=corpus is None))

    @on(CorpusLoaded)
    def _say_skipped(self, message: CorpusLoaded) -> None:
        """The reader has handled the new corpus (the message bubbles up from it): say how many
        files were left out, and where to see which and why."""
        count = len(message.corpus.skipped)
        if count:
            files = "file" if count == 1 else "files"
            key = self.get_key_display(Binding(self._key_of("app.skipped", "!"), ""))
            self.notify(
                f"{count} {files} skipped ({key} lists them)",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _key_of(self, binding_id: str, default: str) -> str:
        """The first key bound to `binding_id`, after any keymap remapping."""
        keys = self.key_overrides.get(binding_id) or default
        return keys.split(",")[0].strip()

    def action_open_meeting(self) -> None:
        self.push_screen(
            CommandPalette(
                providers=[MeetingProvider],
                placeholder="Open meeting: type a title, a date or a participant…",
            )
        )

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        reader = self.reader
        yield SystemCommand(
            "Open meeting…",
            "Fuzzy-find a meeting by title, date or participant",
            self.action_open_meeting,
        )
        yield SystemCommand(
            "Toggle light/dark theme",
            "Switch between the light and dark themes",
            self.action_toggle_dark,
        )
        yield SystemCommand("Help: every key", "The help screen (? or F1)", self.action_help)
        yield SystemCommand(
            "Skipped files…",
            "The files that could not be loaded, and why (!)",
            self.action_skipped,
        )
        if reader is not None:
            equivalents = "off" if reader.equivalents else "on"
            yield SystemCommand(
                f"Turn equivalent terms {equivalents}",
                "Whether a search for Dokdo also finds Takeshima (and the like)",
                reader.action_toggle_equivalents,
            )
            yield from analysis_commands(reader)
            order = "oldest" if reader.newest_first else "newest"
            yield SystemCommand(
                f"Sort meetings {order} first",
                "Change the order of the meeting list",
                reader.action_toggle_sort,
            )
            yield from reader.review.commands()

    # -- unexpected errors ------------------------------------------------------------------

    def recover(self, error: Exception) -> bool:
        """Textual calls this with every error nothing else caught (see `tui.errors`).

        The error is written to the log, then shown in a dialog while the app goes on. False
        when the app cannot go on (not running yet or any more, a screen or the app itself
        frozen, too many errors): Textual's own handling then exits with the traceback.
        """
        report = ErrorReport.of(error)
        problem = write_error_log(report)
        self.unexpected_errors += 1
        frozen = frozen_pump(error)
        if (
            not self.is_running
            or self.return_code is not None  # exiting
            or not self.screen_stack
            or isinstance(frozen, (App, Screen))
            or self.unexpected_errors > MAX_UNEXPECTED_ERRORS
        ):
            return False
        what = None
        if frozen is not None:
            what = type(frozen).__name__
            if getattr(frozen, "id", None):
                what += f" #{getattr(frozen, 'id', '')}"
        log_path = None if problem else error_log_path()
        return bool(self.call_later(self._show_error, report, log_path, problem, what))

    def _show_error(
        self,
        report: ErrorReport,
        log_path: Path | None,
        problem: str | None,
        frozen: str | None,
    ) -> None:
        if isinstance(self.screen, ErrorScreen):
            self.screen.more += 1
            return
        self.bell()
        self.push_screen(ErrorScreen(report, log_path=log_path, log_problem=problem, frozen=frozen))


def _compare_keys() -> list[BindingType]:
    """The compare screen's keys, for the help screen (the screen is imported only then)."""
    from tui.screens.compare import CompareScreen

    return list(CompareScreen.BINDINGS)
