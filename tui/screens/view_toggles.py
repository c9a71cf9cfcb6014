"""The reader's toggles: the order (s) and equivalent terms (e).

`s` orders the full list newest or oldest first, and a search's results by relevance or by
date (newest first, every match sorted, not only those loaded). A mixin of `ReaderScreen`,
whose reactives `newest_first`, `by_date` and `equivalents` they flip; the watchers here say
what changed and redo the list or the search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen


class ViewToggles:
    """`action_toggle_sort`, `action_toggle_equivalents` and their watchers."""

    def _toggled(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def action_toggle_sort(self) -> None:
        reader = self._toggled()
        if reader.searching:
            reader.by_date = not reader.by_date
        else:
            reader.newest_first = not reader.newest_first

    def watch_by_date(self) -> None:
        reader = self._toggled()
        order = "by date, newest first" if reader.by_date else "by relevance"
        reader.notify(f"Results sorted {order}", timeout=2)
        if reader.searching:
            reader._start_search(reader.search_query)

    def watch_newest_first(self) -> None:
        reader = self._toggled()
        order = "newest first" if reader.newest_first else "oldest first"
        if not reader.searching:
            reader._show_all(select=reader._current_id)
        reader.notify(f"Meetings sorted {order}", timeout=2)

    def action_toggle_equivalents(self) -> None:
        reader = self._toggled()
        reader.equivalents = not reader.equivalents

    def watch_equivalents(self) -> None:
        reader = self._toggled()
        state = "on" if reader.equivalents else "off"
        reader.notify(f"Equivalent terms {state}", timeout=2)
        if reader.searching:
            reader._start_search(reader.search_query)
