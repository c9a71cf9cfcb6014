"""What a meeting's row shows of the reader's own review: unread, marked, tags.

A plain record, so the flow that decides it (`tui.flow.review`) and the widget that draws it
(`tui.widgets.meeting_rows`) share it without either importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowMarks:
    """The reader's own marks on a meeting's readouts, as its row shows them."""

    unread: bool = False
    """A readout of the meeting was never read: a dot, as newsboat shows new items."""
    marked: bool = False
    tags: tuple[str, ...] = ()
