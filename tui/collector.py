"""The garbage collector's pace while the app runs: full collections far apart.

The corpus read from the cache is frozen (`gc.freeze`, `index.cache`), so the collector never
walks its records again. That also takes away what holds CPython's full collections back: one
waits until the objects that outlived the last full collection have grown by a quarter, and
with the corpus frozen there are few such objects left, so each tenth collection of the middle
generation became a full one. Every object made since the corpus was read is then walked, on
whichever thread asked for memory, the UI's included, again and again while a query is typed
on a large corpus (measured in docs/search-flow.md, "Drawing a row (session 12)"). The app
asks for a full collection after `FULL_EVERY` collections of the middle generation instead,
and gives the old pace back when it ends.
"""

from __future__ import annotations

import gc

__all__ = ["FULL_EVERY", "CollectorPace"]

FULL_EVERY = 100
"""Collections of the middle generation between two full ones (CPython's default is 10)."""


class CollectorPace:
    """Sets the pace on `start`, puts the one found back on `stop`."""

    def __init__(self) -> None:
        self._before: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._before is not None:
            return
        self._before = before = gc.get_threshold()
        young, middle, full = before
        if young:  # a threshold of 0 turns collection off: left so
            gc.set_threshold(young, middle, max(full, FULL_EVERY))

    def stop(self) -> None:
        if self._before is not None:
            gc.set_threshold(*self._before)
            self._before = None
