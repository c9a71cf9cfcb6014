"""Giving freed memory back to the system while a large folder is read.

A first start passes every document's text through this process twice (the line read and
decoded, then the parsed readout back from its worker) and keeps only a small record of each
(the text goes to the text store). The C library's allocator keeps the freed texts' memory
for reuse, and because the records that stay are scattered between them, the free space
cannot be returned from the top of the heap: the process's resident size grows with
everything that passed through it, not with what it holds. `give_back()` asks the allocator
to return its whole free pages (glibc's `malloc_trim`); elsewhere it does nothing. How much
it saves is in docs/caches.md.

`Pacer` calls it at most once every few seconds, so that a caller in a loop can ask at every
step.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import time
from collections.abc import Callable

EVERY = 2.0
"""Seconds between two `give_back` calls of a `Pacer`."""


def _trim() -> Callable[[], None] | None:
    """glibc's `malloc_trim(0)`, or None where there is none (another C library, another
    system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int

    def call() -> None:
        trim(0)

    return call


_TRIM = _trim()


def available() -> bool:
    """Whether `give_back` can do anything here."""
    return _TRIM is not None


def give_back() -> None:
    """Return the allocator's free pages to the system (nothing where it cannot)."""
    if _TRIM is not None:
        _TRIM()


class Pacer:
    """`give_back()` at most every `every` seconds, however often `step()` is called."""

    def __init__(self, every: float = EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self.last = clock()
        self.calls = 0

    def step(self) -> None:
        now = self.clock()
        if now - self.last >= self.every:
            give_back()
            self.calls += 1
            self.last = self.clock()
