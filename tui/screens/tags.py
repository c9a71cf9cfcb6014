"""The tags editor (`#`): one line of tags for the readout shown, completed from tags in use.

Tags are typed separated by spaces or commas (a leading `#` is fine); the last word is
completed from the tags already in use (→ or End accepts the suggestion). Enter saves, Esc
leaves the tags as they were. The screen returns the tags typed, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui.flow.review import parse_tags
from tui.text import literal


class TagSuggester(Suggester):
    """Completes the word being typed from the tags in use (commonest first)."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, word = value.rpartition(" ")
        stem = word.lstrip("#").lower()
        if not stem:
            return None
        typed = set(parse_tags(value.lower()))
        for tag in self.tags:
            if tag.startswith(stem) and tag != stem and tag not in typed:
                prefix = f"{head} " if head else ""
                return prefix + word[: len(word) - len(stem)] + tag
        return None


class TagsScreen(ModalScreen[list[str] | None]):
    """Edit the tags of one readout."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="tags.cancel", tooltip="Keep the tags as they were"
        ),
    ]

    DEFAULT_CSS = """
    TagsScreen {
        align: center middle;
        & > Vertical {
            width: 70%;
            max-width: 90;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        & #tags-in-use { color: $text-muted; }
    }
    """

    def __init__(self, title: str, tags: Sequence[str], in_use: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.tags = list(tags)
        self.in_use = list(in_use)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(("Tags of ", "bold"), literal(self.title_text)))
            yield Input(
                " ".join(self.tags),
                placeholder="tags, separated by spaces (e.g. history dokdo)",
                suggester=TagSuggester(self.in_use),
                id="tags-input",
            )
            used = ", ".join(f"#{t}" for t in self.in_use[:20]) or "none yet"
            yield Static(literal(f"in use: {used}"), id="tags-in-use")
            yield Static(Content("Enter saves · Esc cancels · → completes"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
