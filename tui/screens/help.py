"""The help screen (`?` / F1): every key the reader answers to, grouped by where it works.

The table is built from the `BINDINGS` of the classes that define them and the app's keymap,
so a remapped key shows as remapped and a new binding cannot be forgotten here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, TypeAlias

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

HELP_INTRO = (
    "readouts-tui: read and search diplomatic meeting readouts. Type / and a word to search; "
    "the list narrows as you type, n / N walk the hits, Esc brings the full list back. "
    "The mouse works too: click a meeting, a publisher tab or a highlighted hit; scroll with "
    "the wheel."
)


KEY_COLUMN = 25
"""Cells before a key's description; a description that wraps goes on under its first word."""

KeyFilter: TypeAlias = Callable[[Binding, str], bool]
"""Which of a binding's keys a section lists (a section of the keys that act in the search bar
lists only those); a binding none of whose keys are left is not listed there."""


class ListedKeys(list[BindingType]):
    """The bindings of a help section that lists only some of their keys (`listed`)."""

    def __init__(self, bindings: Iterable[BindingType], listed: KeyFilter) -> None:
        super().__init__(bindings)
        self.listed = listed


def _bindings(source: Iterable[BindingType]) -> list[Binding]:
    """The bindings as declared (one row for "down,j"), tuples made into `Binding`s."""
    return [b if isinstance(b, Binding) else Binding(*b) for b in source]


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; any of Esc, q, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark,f1",
            "dismiss",
            "Close help",
            id="help.close",
            tooltip="Close the help screen",
        ),
        Binding(
            "down,j",
            "scroll(1)",
            "Down",
            show=False,
            id="help.down",
            tooltip="Scroll the help down",
        ),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="help.up", tooltip="Scroll the help up"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 100;
            height: 90%;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: Sequence[tuple[str, Iterable[BindingType]]]) -> None:
        """`sections`: a title ("Anywhere", "Meeting list", ...) and the bindings active there
        (a `ListedKeys` when only some of their keys are listed there)."""
        super().__init__()
        self._sections = sections
        self._width = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self._table(), id="help-table")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").border_title = "Keys (Esc to close)"

    def on_resize(self) -> None:
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        """Wrap the descriptions for the width the table has now."""
        width = self.query_one("#help-table").content_region.width
        if width and width != self._width:
            self._width = width
            self.query_one("#help-table", Static).update(self._table(width))

    def _keys(self, binding: Binding) -> list[str]:
        # Keymap overrides (App.set_keymap) replace a binding's key by its id.
        keymap = getattr(self.app, "key_overrides", {}) or {}
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        return [k.strip() for k in keys.split(",") if k.strip()]

    def _key(self, binding: Binding, keys: list[str]) -> str:
        if binding.key_display and ",".join(keys) == binding.key:
            return binding.key_display
        return ", ".join(self.app.get_key_display(Binding(k, "")) for k in keys)

    def _table(self, width: int = 0) -> Content:
        lines: list[Content] = [Content(HELP_INTRO), Content("")]
        for title, source in self._sections:
            listed = source.listed if isinstance(source, ListedKeys) else None
            rows: list[Content] = []
            for binding in _bindings(source):
                keys = self._keys(binding)
                if listed is not None:
                    keys = [k for k in keys if listed(binding, k)]
                if not keys:
                    continue
                description = binding.tooltip or binding.description
                key = ("  " + self._key(binding, keys)).ljust(KEY_COLUMN - 1) + " "
                rows.append(Content.assemble((key, "bold"), _hang(description, width)))
            if rows:
                lines += [Content.styled(title, "bold $text-accent"), *rows, Content("")]
        return Content("\n").join(lines)


def _hang(description: str, width: int) -> str:
    """`description` wrapped for a table `width` cells wide, lines after the first under its
    first word (unwrapped while the width is not known)."""
    room = width - KEY_COLUMN
    if room < 20:
        return description
    return ("\n" + " " * KEY_COLUMN).join(textwrap.wrap(description, room))

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=step, animate=False)
