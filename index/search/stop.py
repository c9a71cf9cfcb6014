"""Giving up a search that nobody waits for any more.

A search runs in a thread, and a thread cannot be interrupted from outside. While a person
types, the search of the last key is useless as soon as the next key comes, yet it would run
to its end, holding the interpreter the next key's search and the screen need. So
`SearchIndex.search` takes a `stop` callable and asks it between units of work (a word's
postings read, a word's positions read, a hit highlighted): once it is true, the search ends
there (`Stopped`) and comes back marked `stopped`, having remembered nothing half made (what
it read in full before stopping stays remembered for the next search).
"""

from __future__ import annotations

from collections.abc import Callable

Stop = Callable[[], bool]
"""True once the search is no longer wanted (the worker that runs it was cancelled)."""


class Stopped(Exception):
    """Raised at a checkpoint once the search's `stop()` is true."""


def check(stop: Stop | None) -> None:
    """Raise `Stopped` if `stop` says so."""
    if stop is not None and stop():
        raise Stopped
