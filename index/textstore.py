"""Readout texts kept on disk, read back one at a time when a readout's text is wanted.

A corpus of 10,000 White House documents is 112 M characters of text: holding all of it in
memory cost ~250 MB and reading it back from the parse cache at every start most of a second.
The list needs none of it; a search needs the texts of the hits it highlights; the reader needs
the one document on screen. So the parse cache writes the texts into one file beside it, and a
cached `Readout` holds a `TextRef` (store, offset, length) instead of its text
(`Readout.text` reads it back, ~20 µs for a typical readout).

A store file is written once and never changed: a cache update writes a new store (copying the
texts it keeps) and only then points the cache at it. The file descriptor is opened when the
store is loaded, so a store deleted by another instance's update stays readable for this one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # decoded files may carry lone surrogates; round-trip them


class TextStore:
    """One store file, open for reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self._lock = threading.Lock()  # os.pread is thread-safe; the fallback below is not

    def read(self, offset: int, length: int) -> str:
        if hasattr(os, "pread"):
            data = os.pread(self._fd, length, offset)
        else:  # pragma: no cover - Windows
            with self._lock:
                os.lseek(self._fd, offset, os.SEEK_SET)
                data = os.read(self._fd, length)
        if len(data) != length:
            raise OSError(f"text store {self.path.name} is shorter than the cache says")
        return data.decode(_ENCODING, _ERRORS)

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def __del__(self) -> None:  # the last readout using it is gone: give the descriptor back
        with contextlib.suppress(OSError, AttributeError):
            self.close()

    def __reduce__(self) -> tuple[type[TextStore], tuple[Path]]:
        return (TextStore, (self.path,))


class TextRef(NamedTuple):
    """Where one readout's text is: `length` bytes of UTF-8 at `offset` in `store`."""

    store: TextStore
    offset: int
    length: int
    digest: str
    """`index.model.text_digest` of the text (so checking the index never reads it back)."""

    def read(self) -> str:
        return self.store.read(self.offset, self.length)

    def __reduce__(self) -> tuple[Any, tuple[type[TextRef], tuple[Any, ...]]]:
        # Rebuilt by tuple.__new__ itself: a named tuple's own __new__ is a Python function,
        # one call per readout when 10,000 are read back from the cache.
        return (tuple.__new__, (TextRef, tuple(self)))


def write_store(path: Path, texts: Iterable[str]) -> list[tuple[int, int, str]]:
    """Write `texts` into a new store file at `path`; their (offset, length, digest) in order."""
    spans: list[tuple[int, int, str]] = []
    offset = 0
    with path.open("wb") as f:
        for text in texts:
            data = text.encode(_ENCODING, _ERRORS)
            f.write(data)
            spans.append((offset, len(data), hashlib.blake2b(data, digest_size=16).hexdigest()))
            offset += len(data)
        f.flush()
        os.fsync(f.fileno())
    return spans
