"""The help screen (`?` / F1): every key the reader answers to, grouped by where it works.

The table is built from the `BINDINGS` of the classes that define them and the app's keymap,
so a remapped key shows as remapped and a new binding cannot be forgotten here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

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

    def __init__(self, sections: list[tuple[str, Iterable[BindingType]]]) -> None:
        """`sections`: a title ("Anywhere", "Meeting list", ...) and the bindings active there."""
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self._table(), id="help-table")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").border_title = "Keys (Esc to close)"

    def _key(self, binding: Binding) -> str:
        # Keymap overrides (App.set_keymap) replace a binding's key by its id.
        keymap = getattr(self.app, "key_overrides", {}) or {}
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        if binding.key_display and keys == binding.key:
            return binding.key_display
        shown = [self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")]
        return ", ".join(shown)

    def _table(self) -> Content:
        lines: list[Content] = [Content(HELP_INTRO), Content("")]
        for title, source in self._sections:
            lines.append(Content.styled(title, "bold $text-accent"))
            for binding in _bindings(source):
                description = binding.tooltip or binding.description
                key = self._key(binding)
                lines.append(Content.assemble(("  " + key.ljust(22), "bold"), " ", description))
            lines.append(Content(""))
        return Content("\n").join(lines)

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=step, animate=False)
