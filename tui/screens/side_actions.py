"""The reader's actions on the two sides of a meeting: the other publisher's readout (t) and
both side by side (c).

`c` opens at once with the comparison made ahead: when the cursor rests (`REST` seconds) on a
meeting with two publishers, a thread worker aligns its two readouts and the reader keeps the
result (`tui.flow.comparisons`), so the compare screen's first frame costs no alignment.

A mixin of `ReaderScreen`, kept apart so the screen stays an arranger: the comparison itself is
`index.compare`, shown by `tui.screens.compare`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.events import Key
from textual.timer import Timer

from tui.keymap import bound_keys
from tui.messages import ComparisonReady

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen
    from tui.widgets.document_view import Selection

REST = 0.12
"""Seconds the cursor stays on a meeting with two publishers before its comparison is made
(moving on sooner costs nothing: scrolling through the list starts no work)."""


class SideActions:
    """`action_publisher`, `action_compare`, and what `t` says on a one-sided meeting."""

    def _side_reader(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def action_publisher(self) -> None:
        self._side_reader().document.switch_publisher(1)

    def action_compare(self) -> None:
        from tui.screens.compare import open_compare

        open_compare(self._side_reader())

    _rest_timer: Timer | None = None

    def prepare_comparison(self, selection: Selection | None) -> None:
        """Once the cursor has rested on `selection` for `REST` seconds, align its meeting's two
        readouts in a worker (unless that comparison is kept already)."""
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        reader = self._side_reader()
        if selection is None or len(selection.meeting.readouts) != 2:
            return
        left, right = selection.meeting.readouts
        if reader.comparisons.get(left, right) is not None:
            return

        def rested() -> None:
            self._rest_timer = None
            if reader.current is selection:
                reader.jobs.compare(left, right)

        self._rest_timer = reader.set_timer(REST, rested)

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        self._side_reader().comparisons.put(message.left, message.right, message.comparison)

    def on_key(self, event: Key) -> None:
        """`t` on a meeting with one readout: its binding is off, so say why nothing happens."""
        reader = self._side_reader()
        alone = reader.current is not None and len(reader.current.meeting.readouts) == 1
        if alone and event.key in bound_keys(reader.app, "reader.publisher"):
            reader.document.switch_publisher(1)  # which says there is only one
