"""The reader's actions on the two sides of a meeting: the other publisher's readout (t) and
both side by side (c).

A mixin of `ReaderScreen`, kept apart so the screen stays an arranger: the comparison itself is
`index.compare`, shown by `tui.screens.compare`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.events import Key

from tui.keymap import bound_keys

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen


class SideActions:
    """`action_publisher`, `action_compare`, and what `t` says on a one-sided meeting."""

    def _side_reader(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def action_publisher(self) -> None:
        self._side_reader().document.switch_publisher(1)

    def action_compare(self) -> None:
        from tui.screens.compare import open_compare

        open_compare(self._side_reader())

    def on_key(self, event: Key) -> None:
        """`t` on a meeting with one readout: its binding is off, so say why nothing happens."""
        reader = self._side_reader()
        alone = reader.current is not None and len(reader.current.meeting.readouts) == 1
        if alone and event.key in bound_keys(reader.app, "reader.publisher"):
            reader.document.switch_publisher(1)  # which says there is only one
