"""Readout texts kept on disk, verified when read, re-read from their files when damaged.

The list needs no text; a search needs the texts of the hits it highlights; the reader needs
the one document on screen. So the parse cache writes the texts into one file beside it (a
text store), and a cached `Readout` holds a `TextRef` (store, offset, length, digest) instead
of its text: `Readout.text` reads it back. Why, and what it costs, is in docs/caches.md.

A store file is written once and never changed: a cache update writes a new store (copying the
texts it keeps) and only then points the cache at it. The file descriptor is opened when the
store is loaded, so a store deleted by another instance's update stays readable for this one.

A store is trusted only record by record: each read checks the record against the digest the
parse cache holds, and a record that does not match (bit rot, a cut file, a bad copy) goes to
the store's `Recovery`, which parses the record's source file again and finds the text by its
digest. A text that cannot be found again is shown as a sentence saying so (`lost`). The
recoveries of a process are kept by store path, so every corpus loaded from the same store
shares what was repaired and the cache can say it once and write a sound store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # decoded files may carry lone surrogates; round-trip them

PARTIAL_SUFFIX = ".part"
"""A store still being written ends so: a cache's clean-up of old stores leaves it alone while
its writer holds it (an flock), and deletes it once nobody does (a start that was killed)."""


def digest(data: bytes) -> str:
    """A record's digest: the same as `index.model.text_digest` of its text."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class DamagedText(OSError):
    """A record does not match its digest, and its store has no `Recovery` to ask."""


class TextStore:
    """One store file, open for reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self._lock = threading.Lock()  # os.pread is thread-safe; the fallback below is not
        self.recovery: Recovery | None = None
        """Who re-reads a damaged record (set by the parse cache, which knows the sources)."""

    def read(self, ref: TextRef) -> str:
        """The text at `ref`, checked against its digest; re-read from its source when the
        record is damaged (see `Recovery`)."""
        data = self._checked(ref)
        if data is not None:
            return data.decode(_ENCODING, _ERRORS)
        if self.recovery is None:
            raise DamagedText(f"text store {self.path.name}: a record does not match its digest")
        return self.recovery.text(ref)

    def intact(self, ref: TextRef) -> bool:
        """Whether the record at `ref` matches its digest."""
        return self._checked(ref) is not None

    def _checked(self, ref: TextRef) -> bytes | None:
        try:
            data = self._pread(ref.offset, ref.length)
        except OSError:
            return None
        return data if len(data) == ref.length and digest(data) == ref.digest else None

    def _pread(self, offset: int, length: int) -> bytes:
        if hasattr(os, "pread"):
            return os.pread(self._fd, length, offset)
        with self._lock:  # pragma: no cover - Windows
            os.lseek(self._fd, offset, os.SEEK_SET)
            return os.read(self._fd, length)

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def __del__(self) -> None:  # the last readout using it is gone: give the descriptor back
        with contextlib.suppress(OSError, AttributeError):
            self.close()

    def __reduce__(self) -> tuple[Callable[[str], TextStore], tuple[str]]:
        # By name only: the cache that unpickles it says where (`stores_in`), so that a cache
        # folder copied or moved reads its own store, not the one it was copied from.
        return (_reopen, (self.path.name,))


_loading = threading.local()


@contextlib.contextmanager
def stores_in(folder: Path) -> Iterator[None]:
    """While the block runs, text stores unpickled in this thread open their file in `folder`."""
    _loading.folder = folder
    try:
        yield
    finally:
        _loading.folder = None


def _reopen(name: str) -> TextStore:
    folder = getattr(_loading, "folder", None)
    if folder is None or os.sep in name or name.startswith("."):
        raise OSError(f"text store {name!r} unpickled outside its cache folder")
    return TextStore(folder / name)


class TextRef(NamedTuple):
    """Where one readout's text is: `length` bytes of UTF-8 at `offset` in `store`."""

    store: TextStore
    offset: int
    length: int
    digest: str
    """`index.model.text_digest` of the text: checked at every read, and checking the index
    never reads the text back."""

    def read(self) -> str:
        return self.store.read(self)

    @property
    def lost(self) -> str | None:
        """Why the text could not be read (damaged, and its source gone), or None."""
        recovery = self.store.recovery
        return None if recovery is None else recovery.lost.get((self.offset, self.digest))

    def __reduce__(self) -> tuple[Any, tuple[type[TextRef], tuple[Any, ...]]]:
        # Rebuilt by tuple.__new__ itself: a named tuple's own __new__ is a Python function,
        # one call per readout when a large corpus is read back from the cache.
        return (tuple.__new__, (TextRef, tuple(self)))


MEMO_CHARS = 1 << 24
"""A file parsed again is kept for the next damaged record when its texts are no longer."""

Reparse = Callable[[str], dict[str, str]]
"""Reads one source file again: its texts by digest (raises OSError when it cannot)."""


class Recovery:
    """Re-reads the damaged records of one store from their source files, and remembers it.

    `sources()` maps each record (offset) to the source file it was parsed from; it is asked
    only when a first record is found damaged. Texts found again are kept in memory for the
    life of the process: the store itself is rewritten by the parse cache at its next save.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(os.path.abspath(path))
        self.sources: Callable[[], dict[int, str]] = dict
        self.reparse: Reparse = _no_reparse
        self.repaired: dict[tuple[int, str], str] = {}
        """Texts re-read from their files, by (offset, digest)."""
        self.lost: dict[tuple[int, str], str] = {}
        """Why a damaged text could not be re-read, by (offset, digest)."""
        self.said = 0
        """How many of the repaired and lost texts a notice has told about."""
        self._by_offset: dict[int, str] | None = None
        self._parsed: tuple[str, dict[str, str]] = ("", {})
        self._lock = threading.RLock()

    def forget(self) -> None:
        """Let go of what `sources` and `reparse` hold (the corpus loaded from this store:
        the parse cache has saved another store since, and that corpus is on its way out);
        the texts already re-read and the sources already asked for stay."""
        with self._lock:
            self.sources = dict
            self.reparse = _no_reparse

    @property
    def damaged(self) -> int:
        """Records found damaged so far (re-read or lost)."""
        return len(self.repaired) + len(self.lost)

    def text(self, ref: TextRef) -> str:
        """The text `ref` should hold, from its source file; a sentence when it is lost."""
        key = (ref.offset, ref.digest)
        with self._lock:
            if key in self.repaired:
                return self.repaired[key]
            if key in self.lost:
                return self.lost[key]
            if self._by_offset is None:
                self._by_offset = self.sources()
            source = self._by_offset.get(ref.offset, "")
        why = "is not known"
        if source:  # parsed outside the lock: the reader need not wait for a repair's parse
            try:
                found = self._texts_of(source).get(ref.digest)
            except FileNotFoundError:
                why = "is gone"
            except OSError as exc:
                why = f"cannot be read ({exc.strerror or exc})"
            else:
                if found is not None:
                    with self._lock:
                        self.repaired[key] = found
                    return found
                why = "no longer holds it"
        sentence = (
            "This readout's text cannot be shown: its copy in the cache is damaged, "
            f"and its file {source or '(unknown)'} {why}."
        )
        with self._lock:
            self.lost[key] = sentence
        return sentence

    def _texts_of(self, source: str) -> dict[str, str]:
        """The texts of `source` by digest. The last file read is kept when it is not large
        (a collection's damaged records are usually read one after another)."""
        name, texts = self._parsed
        if name != source:
            texts = self.reparse(source)
            if sum(map(len, texts.values())) <= MEMO_CHARS:
                self._parsed = (source, texts)
        return texts

    def notice(self) -> str | None:
        """What was repaired since the last notice, in a sentence; None when nothing was."""
        with self._lock:
            if self.damaged <= self.said:
                return None
            self.said = self.damaged
            return repair_sentence(len(self.repaired), len(self.lost))


def repair_sentence(done: int, lost: int) -> str:
    """What was repaired, as the app and the command line say it."""
    s = "" if done == 1 else "s"
    sentence = f"text store damaged: {done} text{s} re-read from their files"
    if lost:
        sentence += f"; {lost} could not be (their files are gone or changed)"
    return sentence


def _no_reparse(source: str) -> dict[str, str]:
    raise FileNotFoundError(source)


_RECOVERIES: dict[Path, Recovery] = {}
_RECOVERIES_LOCK = threading.Lock()


def recovery_for(path: Path) -> Recovery:
    """The one `Recovery` of the store at `path` in this process."""
    path = Path(os.path.abspath(path))
    with _RECOVERIES_LOCK:
        found = _RECOVERIES.get(path)
        if found is None:
            found = _RECOVERIES[path] = Recovery(path)
        return found


def recoveries(folder: Path, prefix: str) -> Iterator[Recovery]:
    """The recoveries of this process for stores in `folder` whose names start with `prefix`."""
    folder = Path(os.path.abspath(folder))
    with _RECOVERIES_LOCK:
        found = list(_RECOVERIES.values())
    return (r for r in found if r.path.parent == folder and r.path.name.startswith(prefix))


class StoreWriter:
    """A new store written text by text as a first start parses, so that the texts of a large
    folder never all sit in memory at once.

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
        ref = TextRef(self.store, self._offset, len(data), digest(data))
        self._offset += len(data)
        return ref

    def copy(self, ref: TextRef) -> TextRef:
        """The text at `ref` (another store's) written into this one; where it is now. A text
        that is lost is not copied: its record stays damaged, so that it is looked for in its
        file again next time rather than shown as if it were the text."""
        text = ref.read()
        if ref.lost is not None:
            return TextRef(self.store, self._offset, 0, ref.digest)
        return self.add(text)

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


@contextlib.contextmanager
def save_lock(path: Path) -> Iterator[None]:
    """Hold an flock on `path` (created empty) while the block runs; without one (no fcntl,
    or a folder that cannot hold a lock file) the block runs anyway."""
    try:
        import fcntl

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_old_stores(folder: Path, prefix: str, keep: str) -> None:
    """Delete the stores in `folder` named `prefix...` other than `keep`, and the `.part`
    stores nobody writes any more (left by a start that was killed). An instance still
    reading a deleted store keeps its open descriptor; the file goes when it closes."""
    for old in folder.glob(f"{prefix}*.texts"):
        if old.name != keep:
            with contextlib.suppress(OSError):
                old.unlink()
    for part in folder.glob(f"{prefix}*.texts{PARTIAL_SUFFIX}"):
        if _abandoned(part):
            with contextlib.suppress(OSError):
                part.unlink()


def _abandoned(partial: Path) -> bool:
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
