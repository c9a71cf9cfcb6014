"""Which meeting is selected when a search ends.

Esc (or emptying the search bar) brings the full list back with the meeting that was selected
before the search, unless the user moved to another meeting in the results: then that one
stays, since it is what they chose to read.
"""

from __future__ import annotations

from collections.abc import Container


def still_there(meeting_id: str | None, meetings: Container[str]) -> str | None:
    """`meeting_id` when `meetings` still has it, else None (the corpus changed meanwhile)."""
    return meeting_id if meeting_id is not None and meeting_id in meetings else None


class SelectionMemory:
    """Remembers, for the length of one search, what to select when it ends."""

    def __init__(self) -> None:
        self.before: str | None = None
        """The meeting selected when the search began; None when there was none."""
        self.moved = False
        """True once the user moved to another meeting in the results: that one stays."""

    def search_started(self, current: str | None) -> None:
        """A query was typed into an empty search bar while `current` was selected."""
        self.before = current
        self.moved = False

    def user_moved(self) -> None:
        """The user selected a meeting in the results (not the list following the query)."""
        self.moved = True

    def return_to(self, meeting_id: str) -> None:
        """The search is being ended to show `meeting_id` (a meeting opened from the palette
        that is not among the results): select it in the full list."""
        self.before = meeting_id
        self.moved = False

    def search_ended(self, current: str | None) -> str | None:
        """The meeting to select in the full list, `current` being the one on display now;
        the search is then forgotten."""
        select = current if self.moved or self.before is None else self.before
        self.before = None
        self.moved = False
        return select
