"""The notes store's answer to is:, tag: and has: for the commands that search (`search`,
`timeline`, `kwic`), apart from `tui.cli_notes` so that a search imports the store (and
SQLite) only when its query asks about notes."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from index.sanitize import safe_text
from index.search.query import Selection

if TYPE_CHECKING:
    from index.model import Readout
    from index.search.query import Flag, Flags

PROG = "readouts-tui"


def search_flags(readouts: Iterable[Readout], command: str = "search") -> Flags:
    """The store's answer to is:, tag: and has: for `command` (`search`, `timeline`, `kwic`:
    each reads a query the same way), opened on first use (a query
    without them never touches the store); a store that cannot be opened is said once on
    stderr, and the flags then match nothing."""
    answer: list[Flags] = []

    def flags(flag: Flag) -> Selection:
        if not answer:
            from index.notes.filters import flags_for, keys_of
            from index.notes.store import NotesError, NotesStore

            try:
                store = NotesStore()
                answer.append(flags_for(store.snapshot(), keys_of(readouts)))
                store.close()
            except NotesError as exc:
                print(f"{PROG} {command}: {safe_text(str(exc), newlines=False)}", file=sys.stderr)
                answer.append(lambda _flag: Selection(frozenset()))
        return answer[0](flag)

    return flags
