"""The Textual application: `ReadoutsApp(paths).run()` opens the reader.

The app itself is thin: it holds the app-wide keys (help, quit), the command palette's system
commands (the toggles and "open meeting…"), and pushes the `ReaderScreen`, which owns the state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from tui.commands import MeetingProvider
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
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


class ReadoutsApp(App[None]):
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
    ]

    def __init__(
        self,
        paths: Sequence[str] | None = None,
        *,
        equivalents: bool = True,
        rebuild: bool = False,
        cache_dir: Path | None = None,
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

    def on_mount(self) -> None:
        self._apply_user_keys()

    def _apply_user_keys(self) -> None:
        """Remap bindings from the user's keys.toml (see `tui.keymap`); problems are notices."""
        from tui.keymap import keymap_file, load_keymap

        known = [b.id for _, group in self.help_sections() for b in group if getattr(b, "id", None)]
        mapping, problems = load_keymap(keymap_file(), [str(i) for i in known])
        if mapping:
            self.set_keymap(mapping)
        for problem in problems:
            self.notify(problem, title="keys.toml", severity="warning", markup=False)

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
        """What the help screen lists: every binding, grouped by where it applies."""
        return [
            ("Anywhere", [*self.BINDINGS, *PALETTE_KEYS, *ReaderScreen.BINDINGS]),
            ("Meeting list", MeetingList.BINDINGS),
            ("Document", DocumentBody.BINDINGS),
            ("Search bar", SearchInput.BINDINGS),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

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
        if reader is not None:
            equivalents = "off" if reader.equivalents else "on"
            yield SystemCommand(
                f"Turn equivalent terms {equivalents}",
                "Whether a search for Dokdo also finds Takeshima (and the like)",
                reader.action_toggle_equivalents,
            )
            order = "oldest" if reader.newest_first else "newest"
            yield SystemCommand(
                f"Sort meetings {order} first",
                "Change the order of the meeting list",
                reader.action_toggle_sort,
            )
