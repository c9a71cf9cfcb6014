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


PARTIAL_SUFFIX = ".part"
"""A store still being written ends so: a cache's clean-up of old stores leaves it alone while
its writer holds it (an flock), and deletes it once nobody does (a start that was killed)."""


class StoreWriter:
    """A new store written text by text as a first start parses, so that the texts of a large
    folder never all sit in memory at once (10,000 White House documents: 225 MB of text).

    Each text is written with one unbuffered write, so it can be read back at once (the reader
    shows documents while the rest is parsed). The file is named `<name>.part` and held with
    an flock until `finish` renames it to its final name.
    """

    def __init__(self, path: Path) -> None:
        """`path`: the final name; the file is written at `path` + `PARTIAL_SUFFIX`."""
        self.final = path
        self.partial = path.with_name(path.name + PARTIAL_SUFFIX)
        self._fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with contextlib.suppress(ImportError, OSError):
                import fcntl

                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.store = TextStore(self.partial)
        except BaseException:
            os.close(self._fd)
            self.partial.unlink(missing_ok=True)
            raise
        self._offset = 0

    def add(self, text: str) -> TextRef:
        """Write `text` at the end of the store; where it is."""
        data = text.encode(_ENCODING, _ERRORS)
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        ref = TextRef(
            self.store, self._offset, len(data), hashlib.blake2b(data, digest_size=16).hexdigest()
        )
        self._offset += len(data)
        return ref

    def finish(self) -> str:
        """Make the store durable and give it its final name; that name."""
        os.fsync(self._fd)
        os.replace(self.partial, self.final)
        self.store.path = self.final  # the descriptor follows the file; pickles name it anew
        self.close()
        return self.final.name

    def discard(self) -> None:
        """Give up the store (the parse failed, or the disk is full)."""
        self.close()
        self.partial.unlink(missing_ok=True)

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)  # releases the flock


def abandoned(partial: Path) -> bool:
    """True when no writer holds `partial` (a `.part` store left by a start that was killed)."""
    try:
        import fcntl

        fd = os.open(partial, os.O_RDONLY)
    except (ImportError, OSError):
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a writer holds it
    finally:
        os.close(fd)
    return True
