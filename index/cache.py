"""A per-corpus cache of parsed readouts, so a second start skips reading and parsing.

The cache lives in the user's cache folder (platformdirs), one file per corpus (the set of paths
opened). For each document file it keeps the file's size, modification time and a content hash,
and the records parsed from it. On the next start a file whose size and mtime are unchanged is
taken from the cache; one whose size or mtime changed is hashed, and re-parsed only when its
content really changed; new files are parsed and removed ones drop out.

The cache is an optimisation, never a source of truth: it is written atomically (a temporary
file renamed into place), a cache that cannot be read (truncated, corrupt, from another
version) is ignored and rebuilt with a notice, and a cache folder that cannot be written leaves
the app working from what it read, with a notice.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import __version__
from index.corpus import iter_files, parse_path, stat_reason
from index.model import Corpus, Meeting, Readout, Skip
from index.textstore import PARTIAL_SUFFIX, StoreWriter, abandoned

FORMAT = 8
"""Bump when the cached records' shape or the parser's output changes."""

PARTIAL_EVERY = 1.0
"""Seconds between two partial corpora handed to `on_partial` while files are parsed."""


@dataclass
class _Entry:
    size: int
    mtime_ns: int
    digest: str
    readouts: list[int]
    """Indexes into `_Snapshot.readouts` of the readouts parsed from this file."""
    skipped: list[Skip]


@dataclass
class _Snapshot:
    """The corpus as last loaded: what a start shows before checking the files again."""

    entries: dict[str, _Entry]
    """Per file (its path as walked), in walk order."""
    readouts: tuple[Readout, ...]
    """Final readouts (ids assigned), texts in the store."""
    meetings: tuple[Meeting, ...]
    skipped: tuple[Skip, ...]
    store: str
    """The text store's file name, beside the cache file."""
    token: str
    """New at every save: `Corpus.token`."""


@dataclass
class CacheReport:
    """What the cache did on this load, for the status line and `--verbose` output."""

    reused: int = 0
    parsed: int = 0
    removed: int = 0
    notices: list[str] = field(default_factory=list)
    changed: bool = True
    """False when the corpus is exactly the one `cached_corpus` gives (nothing to show anew)."""


def default_cache_dir() -> Path:
    """The user's cache folder for readouts-tui (e.g. ~/.cache/readouts-tui)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("readouts-tui", appauthor=False))


def _data_stamp() -> str:
    """A digest of everything that shapes a parse: versions and the editable data files."""
    h = hashlib.sha256(f"{__version__}:{FORMAT}".encode())
    data = Path(__file__).with_name("data")
    for name in ("people.toml", "topics.toml"):
        with contextlib.suppress(OSError):
            h.update((data / name).read_bytes())
    return h.hexdigest()[:16]


def corpus_key(paths: Sequence[str | Path]) -> str:
    """A stable name for the corpus made of `paths` (their resolved, sorted forms)."""
    resolved = sorted(str(Path(p).resolve()) for p in paths)
    return hashlib.sha256("\0".join(resolved).encode()).hexdigest()[:20]


def _cache_file(paths: Sequence[str | Path], cache_dir: Path | None) -> Path:
    return (cache_dir or default_cache_dir()) / f"corpus-{corpus_key(paths)}.pickle"


def _label(paths: Sequence[str | Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load(file: Path, report: CacheReport) -> _Snapshot | None:
    """The snapshot saved in `file`, or None (with a notice when it was there but unusable).

    The garbage collector is paused while unpickling: tens of thousands of small records
    otherwise trigger a collection after every few hundred (0.25 s -> 0.07 s at 10,000).
    """
    try:
        f = file.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        report.notices.append(f"cache unreadable ({exc.strerror or exc}); rebuilt")
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        with f:
            stamp, snapshot = pickle.load(f)
        # The records live as long as the corpus: the collector need not walk them again
        # (the first collection after a load walked all of them: ~20 ms at 10,000). Freezing
        # takes every object alive now; one that later becomes garbage is still freed by its
        # reference count, and only a reference cycle among them would stay (loads are few:
        # a start and the check after it).
        gc.freeze()
    except Exception as exc:  # truncated, corrupt, or its text store is gone: rebuild
        report.notices.append(f"cache unreadable ({exc.__class__.__name__}); rebuilt")
        return None
    finally:
        if enabled:
            gc.enable()
    if stamp != _data_stamp() or not isinstance(snapshot, _Snapshot):
        report.notices.append("cache from another version or data files; rebuilt")
        return None
    return snapshot


def _save(file: Path, snapshot: _Snapshot, report: CacheReport) -> bool:
    """Save `snapshot` atomically; False (with a notice) when it could not be."""
    try:
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((_data_stamp(), snapshot), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        report.notices.append(f"cache not saved ({exc.strerror or exc}): working from memory")
        return False
    return True


def _to_store(
    file: Path, readouts: list[Readout], report: CacheReport
) -> tuple[list[Readout], str]:
    """`readouts` with their texts moved into a new text store beside `file`, and its name.

    When the store cannot be written the readouts keep their texts in memory ("" returned).
    """
    from index.textstore import TextRef, TextStore, write_store

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=file.parent, prefix=f"{file.stem}-", suffix=".texts")
        os.close(fd)
        path = Path(name)
        try:
            spans = write_store(path, (r.text for r in readouts))
            store = TextStore(path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    except OSError as exc:
        report.notices.append(f"cache not saved ({exc.strerror or exc}): working from memory")
        return readouts, ""
    stored = [r.stored(TextRef(store, *span)) for r, span in zip(readouts, spans, strict=True)]
    return stored, path.name


@contextlib.contextmanager
def _saving(file: Path) -> Iterator[None]:
    """Hold this cache's save lock (an flock beside it) while the block runs; without one
    (no fcntl, or a folder that cannot hold a lock file) the block runs anyway."""
    try:
        import fcntl

        file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(file.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove_old_stores(file: Path, keep: str) -> None:
    """Delete this corpus's text stores other than `keep` (an instance still reading one
    keeps its open descriptor; the file goes when it closes)."""
    for old in file.parent.glob(f"{file.stem}-*.texts"):
        if old.name != keep:
            with contextlib.suppress(OSError):
                old.unlink()
    for part in file.parent.glob(f"{file.stem}-*.texts{PARTIAL_SUFFIX}"):
        if abandoned(part):  # left by a start that was killed while it parsed
            with contextlib.suppress(OSError):
                part.unlink()


def cached_corpus(paths: Sequence[str | Path], *, cache_dir: Path | None = None) -> Corpus | None:
    """The corpus of `paths` as it was last loaded, without looking at the files (None when
    nothing usable is cached). The app shows this at once, then checks the files with
    `load_corpus_cached` and shows what changed."""
    snapshot = _load(_cache_file(paths, cache_dir), CacheReport())
    if snapshot is None or not snapshot.store:
        return None
    return Corpus(
        _label(paths), snapshot.readouts, snapshot.meetings, snapshot.skipped, snapshot.token
    )


def load_corpus_cached(
    paths: Sequence[str | Path],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    rebuild: bool = False,
    on_partial: Callable[[Corpus], None] | None = None,
    partial_every: float | None = None,
) -> tuple[Corpus, CacheReport]:
    """Like `index.corpus.load_corpus(paths)`, reusing the parses of unchanged files.

    `rebuild` ignores what is cached and parses everything again (then saves the cache).
    While files are parsed, `on_partial(corpus)` gets what is read so far every
    `partial_every` seconds (default `PARTIAL_EVERY`; ids provisional: a collision found
    later renumbers), so a first start can list readouts as they are read.
    """
    from index.meetings import assign_ids, group_meetings

    report = CacheReport()
    file = _cache_file(paths, cache_dir)
    old = None if rebuild else _load(file, report)
    old_entries = old.entries if old is not None else {}
    # Walk: each file is either reused as cached (size and mtime, else content, unchanged)
    # or queued to be parsed; `slots` keeps the walk order for both.
    slots: list[tuple[str, _Entry | None, Path, os.stat_result]] = []
    skipped_walk: list[tuple[int, Skip]] = []
    for item in iter_files(paths):
        if isinstance(item, Skip):
            skipped_walk.append((len(slots), item))
            continue
        key = str(item)
        try:
            st = item.stat()
        except OSError as exc:
            skipped_walk.append((len(slots), Skip(key, stat_reason(exc))))
            continue
        entry = old_entries.get(key)
        if entry is not None and (entry.size, entry.mtime_ns) != (st.st_size, st.st_mtime_ns):
            try:
                same = _digest(item) == entry.digest
            except OSError:
                same = False
            entry = _Entry(st.st_size, st.st_mtime_ns, entry.digest, entry.readouts,
                           entry.skipped) if same else None  # fmt: skip
        slots.append((key, entry, item, st))
    report.removed = len(set(old_entries) - {key for key, *_ in slots})

    def partial(done: dict[str, tuple[list[Readout], list[Skip]]]) -> None:
        if on_partial is None:
            return
        so_far: list[Readout] = []
        for key, entry, _, _ in slots:
            if entry is not None and old is not None:
                so_far.extend(old.readouts[i] for i in entry.readouts)
            elif key in done:
                so_far.extend(done[key][0])
        final = assign_ids(so_far)
        on_partial(Corpus(_label(paths), tuple(final), group_meetings(final)))

    to_parse = [item for _, entry, item, _ in slots if entry is None]
    every = PARTIAL_EVERY if partial_every is None else partial_every
    # Texts go to a new text store as they are parsed, not all at the end: a first start on
    # 10,000 documents held them all in memory (225 MB) until the cache was saved.
    writer = _new_writer(file) if to_parse else None

    def keep(readout: Readout) -> Readout:
        nonlocal writer
        if writer is None or readout.text_on_disk:
            return readout
        try:
            return readout.stored(writer.add(readout.text))
        except OSError:  # disk full: the rest stay in memory; the save below tries again
            writer.discard()
            writer = None
            return readout

    try:
        parsed = _parse_all(to_parse, progress, partial, every, keep)
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    readouts: list[Readout] = []
    skipped: list[Skip] = []
    entries: dict[str, _Entry] = {}
    walk_skips = iter(skipped_walk)
    pending = next(walk_skips, None)
    changed = report.removed > 0 or old is None
    for n, (key, entry, item, st) in enumerate(slots):
        while pending is not None and pending[0] <= n:
            skipped.append(pending[1])
            pending = next(walk_skips, None)
        if entry is not None and old is not None:
            report.reused += 1
            got = [old.readouts[i] for i in entry.readouts]
            bad = entry.skipped
            digest = entry.digest
        else:
            report.parsed += 1
            changed = True
            got, bad = parsed[key]
            try:
                digest = _digest(item)
            except OSError:
                digest = ""
        first = len(readouts)
        readouts.extend(got)
        skipped.extend(bad)
        entries[key] = _Entry(st.st_size, st.st_mtime_ns, digest,
                              list(range(first, len(readouts))), bad)  # fmt: skip
        if progress is not None and entry is not None:
            progress(len(readouts))
    skipped.extend(skip for _, skip in ([pending] if pending else []))
    skipped.extend(skip for _, skip in walk_skips)
    changed = changed or list(entries) != list(old_entries)

    label = _label(paths)
    if not changed and old is not None and tuple(skipped) == old.skipped:
        report.changed = False
        if writer is not None:
            writer.discard()
        return Corpus(label, old.readouts, old.meetings, old.skipped, old.token), report
    # Two instances saving at once: each writes a text store, replaces the cache file and
    # deletes the stores it does not use; all of that is done under a lock, else one could
    # delete the store that the other is writing or that its cache file, saved last, uses.
    with _saving(file):
        store = ""
        if writer is not None:
            readouts, store = _finish_store(writer, readouts)
        if store:
            pass  # every text is in the store written while parsing
        elif any(not r.text_on_disk for r in readouts) or old is None or not old.store:
            readouts, store = _to_store(file, readouts, report)
        elif old is not None:
            store = old.store
        final = assign_ids(readouts)
        meetings = group_meetings(final)
        token = ""
        if store:
            token = secrets.token_hex(8)
            snapshot = _Snapshot(entries, tuple(final), meetings, tuple(skipped), store, token)
            if _save(file, snapshot, report):
                _remove_old_stores(file, store)
            else:
                token = ""
    return Corpus(label, tuple(final), meetings, tuple(skipped), token), report


def _new_writer(file: Path) -> StoreWriter | None:
    """A new text store beside the cache `file`, written as texts come; None when the cache
    folder cannot take one (the texts then stay in memory, see `_to_store`)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        return StoreWriter(file.parent / f"{file.stem}-{secrets.token_hex(4)}.texts")
    except OSError:
        return None


def _finish_store(writer: StoreWriter, readouts: list[Readout]) -> tuple[list[Readout], str]:
    """`readouts` all in `writer`'s store (the texts of files reused from the last start are
    copied in from its store), and the store's final name; "" when that failed (the writer
    is then discarded and the readouts are as they were)."""
    try:
        moved = [
            r if (ref := r.text_ref) is not None and ref.store is writer.store
            else r.stored(writer.add(r.text))
            for r in readouts
        ]  # fmt: skip
        return moved, writer.finish()
    except OSError:
        writer.discard()
        return readouts, ""


def _parse_all(
    files: list[Path],
    progress: Callable[[int], None] | None,
    partial: Callable[[dict[str, tuple[list[Readout], list[Skip]]]], None],
    partial_every: float,
    keep: Callable[[Readout], Readout] = lambda r: r,
) -> dict[str, tuple[list[Readout], list[Skip]]]:
    """`parse_path` of each of `files`, by path (in worker processes when there are many);
    `partial(parsed so far)` every `partial_every` seconds while it goes on. Each readout
    goes through `keep` as soon as it is parsed (its text is written to the text store)."""
    out: dict[str, tuple[list[Readout], list[Skip]]] = {}
    results: Iterable[tuple[Path, list[Readout], list[Skip]]]
    count = 0
    last = time.monotonic()
    gap = partial_every

    def tick() -> None:
        """Hand over a partial corpus; the next one waits at least 4x what this one cost
        (grouping 10,000 readouts takes ~0.3 s: listing must not slow reading much)."""
        nonlocal last, gap
        started = time.monotonic()
        partial(out)
        last = time.monotonic()
        gap = max(partial_every, 4 * (last - started))

    def one(path: Path) -> tuple[Path, list[Readout], list[Skip]]:
        """Parse `path` here, telling progress document by document (collections)."""

        kept = 0

        def read(so_far: list[Readout]) -> None:
            nonlocal kept
            for i in range(kept, len(so_far)):  # a collection's documents, as they come
                so_far[i] = keep(so_far[i])
            kept = len(so_far)
            if progress is not None:
                progress(count + len(so_far))
            if time.monotonic() - last > gap:
                out[str(path)] = (so_far, [])
                tick()
                del out[str(path)]

        return (path, *parse_path(path, on_document=read))

    from index.parallel_parse import PARALLEL_MIN, parse_files

    # Many files: worker processes (a file at a time); few: here, document by document.
    results = parse_files(files) if len(files) >= PARALLEL_MIN else map(one, files)
    for path, got, bad in results:
        out[str(path)] = ([keep(r) for r in got], bad)
        count += len(got)
        if progress is not None:
            progress(count)
        if time.monotonic() - last > gap and len(out) < len(files):
            tick()
    return out
