"""A fuzzy picker: type to narrow a list, Enter to choose, Esc to cancel.

The compare screen uses it to ask which readout to compare with, or which two publishers of a
meeting. The choices come in the order the caller decided (the likeliest first); typing ranks
them by Textual's fuzzy matcher, as the command palette does. Choice texts are data: shown as
`Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.errors import ErrorBoundary
from tui.text import clean_line, literal

MATCH_STYLE = "bold underline $text-accent"
SHOWN = 200
"""The most choices listed at once (the best matches)."""


@dataclass(frozen=True)
class Choice:
    """One thing to pick."""

    value: str
    """What the picker returns when this is chosen."""
    text: str
    """The line shown and matched against what is typed."""
    note: str = ""
    """Shown dimmed after the text, not matched."""


def _prompt(choice: Choice, offsets: Sequence[int] = ()) -> Content:
    text = clean_line(choice.text)
    content = literal(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            content = content.stylize(MATCH_STYLE, offset, offset + 1)
    if choice.note:
        content = Content.assemble(content, "  ", (clean_line(choice.note), "$text-muted"))
    return content


def ranked(choices: Sequence[Choice], query: str) -> list[tuple[Choice, Sequence[int]]]:
    """The choices that match `query`, best first (all of them, in order, for no query)."""
    if not query.strip():
        return [(c, ()) for c in choices[:SHOWN]]
    fuzzy = FuzzySearch()
    scored = []
    for n, choice in enumerate(choices):
        score, offsets = fuzzy.match(query, clean_line(choice.text))
        if score > 0:
            scored.append((-score, n, choice, offsets))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [(choice, offsets) for _, _, choice, offsets in scored[:SHOWN]]


class PickScreen(ErrorBoundary, ModalScreen[str | None]):
    """Pick one of `choices`; dismissed with its value, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel", tooltip="Pick nothing"),
        Binding("down", "move(1)", "Down", show=False, id="pick.down", tooltip="Next choice"),
        Binding("up", "move(-1)", "Up", show=False, id="pick.up", tooltip="Previous choice"),
    ]

    DEFAULT_CSS = """
    PickScreen {
        align: center top;
        & > Vertical {
            width: 90%;
            max-width: 120;
            height: auto;
            max-height: 80%;
            margin-top: 2;
            border: thick $primary;
            background: $surface;
        }
        & #pick-title { padding: 0 1; color: $text-muted; }
        & #pick-input { border: none; height: 1; padding: 0 1; }
        & #pick-list { height: auto; max-height: 20; border: none; }
    }
    """

    def __init__(self, title: str, choices: Sequence[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = tuple(choices)
        self._shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="pick-title")
            yield Input(placeholder="type to narrow the list…", id="pick-input")
            yield OptionList(id="pick-list", markup=False)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    @property
    def shown(self) -> list[Choice]:
        """The choices listed now, in their order."""
        return list(self._shown)

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        found = ranked(self.choices, query)
        self._shown = [c for c, _ in found]
        options.clear_options()
        options.add_options([Option(_prompt(c, o)) for c, o in found])
        if found:
            options.highlighted = 0

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self._shown):
            self.dismiss(self._shown[index].value)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self._shown):
            self.dismiss(self._shown[event.option_index].value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self._shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self._shown) - 1, current + step))
