"""Progress of loading and indexing, in words: for the status line and for the command line.

`Progress` is what the index worker reports (documents done of total, and the rate);
`RateMeter` measures the rate; `describe` and `bar` say it in the same words everywhere;
`TerminalProgress` keeps one updating line on stderr while the command line works, and prints
nothing at all when stderr is not a terminal (a pipe, a log file, a test).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

RATE_AFTER = 0.5
"""Seconds of work before a rate (and so a time left) is worth showing."""


@dataclass(frozen=True)
class Progress:
    """How far the indexing has got."""

    done: int
    """Readouts indexed so far (those indexed on a previous start included)."""
    total: int
    """Readouts in the corpus."""
    rate: float = 0.0
    """Readouts indexed per second on this start; 0 while not yet known."""
    searchable: int = 0
    """Readouts a search can find already (committed batches); 0 before the first one."""
    reading: bool = False
    """Files are still being read (a first start indexes what is read as it comes): `total`
    counts the readouts read so far."""

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 1.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated seconds until the index is complete; None while the rate is unknown."""
        if self.rate <= 0:
            return None
        return max(0.0, (self.total - self.done) / self.rate)


class RateMeter:
    """Documents per second since the first count it was given."""

    def __init__(self) -> None:
        self._start: tuple[float, int] | None = None

    def rate(self, done: int) -> float:
        """The rate so far, counting `done` now; 0.0 until `RATE_AFTER` seconds have passed."""
        now = time.monotonic()
        if self._start is None:
            self._start = (now, done)
            return 0.0
        started, first = self._start
        elapsed = now - started
        return (done - first) / elapsed if elapsed >= RATE_AFTER else 0.0


def duration(seconds: float, *, short: bool = False) -> str:
    """ "7 s", "2 min 05 s", "1 h 04 min" ("2:05", "1:04:00" when `short`): steady enough to
    read as it counts down."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if short:
        return f"{s // 60}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s % 3600 // 60:02d}:00"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def state(progress: Progress, *, short: bool = False) -> str:
    """ "indexing 1,200 of 3,000", or once some of it is searchable "searching 1,000 of 3,000
    indexed" ("indexing 1,200/3,000", "searching 1,000/3,000" when `short`)."""
    if progress.searchable:
        of = "read" if progress.reading else "indexed"
        if short:
            return f"searching {progress.searchable:,}/{progress.total:,}"
        return f"searching {progress.searchable:,} of {progress.total:,} {of}"
    if short:
        return f"indexing {progress.done:,}/{progress.total:,}"
    return f"indexing {progress.done:,} of {progress.total:,}"


def describe(progress: Progress, *, short: bool = False) -> str:
    """ "48 docs/s · 38 s left" ("48/s · 0:38 left" when `short`; empty while the rate is
    unknown)."""
    left = progress.seconds_left
    if left is None:
        return ""
    rate = f"{progress.rate:,.0f}/s" if short else f"{progress.rate:,.0f} docs/s"
    return f"{rate} · {duration(left, short=short)} left"


def bar(fraction: float, width: int) -> tuple[str, str]:
    """A progress bar `width` cells wide, as (done part, rest) to style apart."""
    cells = round(max(0.0, min(1.0, fraction)) * width)
    return "━" * cells, "─" * (width - cells)


class TerminalProgress:
    """One line on a terminal, rewritten in place (`\\r`) and cleared by `close()`.

    Does nothing unless the stream is a terminal: piped or captured output stays clean.
    Updates more often than every `interval` seconds are skipped.
    """

    def __init__(self, stream: TextIO | None = None, *, interval: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream)
        self.interval = interval
        self._last = 0.0
        self._width = 0

    def show(self, line: str, *, force: bool = False) -> None:
        """Replace the line with `line` (cut to the terminal's width)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        line = line[: _columns(self.stream) - 1]
        pad = " " * max(0, self._width - len(line))
        self.stream.write(f"\r{line}{pad}")
        self.stream.flush()
        self._width = len(line)

    def close(self) -> None:
        """Erase the line, leaving the cursor where it was before the first `show`."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _columns(stream: TextIO) -> int:
    import os

    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 80
