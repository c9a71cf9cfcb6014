"""A per-corpus cache of parsed readouts, so a second start skips reading and parsing.

The cache lives in the user's cache folder (platformdirs), one file per corpus (the set of paths
opened), beside a text store holding the readouts' texts (`index.textstore`). For each document
file it keeps the file's size, modification time and a content hash, and the records parsed
from it. `load_corpus_cached` goes through four steps:

1. `_load`: the snapshot saved last time (none when it is unreadable or from another version);
2. `_walk`: each file is reused when its size and mtime (else its content) are unchanged, and
   queued to be parsed otherwise; `_recheck`, only once a damaged text was found in this
   process, queues the files whose texts the store holds damaged too;
3. `_parse_all` then `_assemble`: the queued files are parsed (their texts written to a new
   store as they come), and reused and parsed records put together in walk order;
4. `_save_corpus`: when anything changed, or the text store was found damaged, the texts go to
   one new store and the snapshot is saved.

The cache is an optimisation, never a source of truth: it is written atomically (a temporary
file renamed into place), a cache that cannot be read (truncated, corrupt, from another
version) is ignored and rebuilt with a notice, a damaged text is re-read from its file, and a
cache folder that cannot be written leaves the app working from what it read, with a notice.
The snapshot is a pickle: it is loaded only from a folder no other user can write
(docs/caches.md says why, and what each file of the cache folder is).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from index import __version__, snapshot_pickle
from index.cache_folder import cache_folder, corpus_key, default_cache_dir, shared_reason
from index.cache_listing import SUFFIX as LISTING
from index.cache_listing import Listing, read_listing, write_listing
from index.cache_records import SUFFIX as RECORDS
from index.cache_records import Fallback, Records, open_records, write_records
from index.cache_texts import NewStore
from index.corpus import COLLECTION_SUFFIXES, load_corpus, parse_path, stat_reason, walk_files
from index.model import Corpus, Meeting, Readout, Skip, text_digest
from index.textstore import (
    recoveries,
    recovery_for,
    remove_old_stores,
    repair_sentence,
    save_lock,
    stores_in,
)

FORMAT = 12
"""Bump when the cached records' shape or the parser's output changes."""

MAGIC = b"readouts-tui-parse-cache"
"""The first word of a parse cache file."""

LAYOUT = 3
"""`_Snapshot.layout` of the snapshots saved now (3: pickled in parts, `index.snapshot_pickle`)."""

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
    """New at every save that changes the corpus: `Corpus.token`."""
    layout: int = 1
    """How its readouts were pickled: 1 before their metadata was packed (unpickled the slow
    way, one pair at a time, then packed), 2 in one pickle, `LAYOUT` since; an older one is
    saved again."""


@dataclass
class CacheReport:
    """What the cache did on this load, for the status line and `--verbose` output."""

    reused: int = 0
    parsed: int = 0
    removed: int = 0
    notices: list[str] = field(default_factory=list)
    changed: bool = True
    """False when the corpus is exactly the one `cached_corpus` gives (nothing to show anew)."""


def _cache_file(folder: Path, paths: Sequence[str | Path]) -> Path:
    return folder / f"corpus-{corpus_key(paths)}.pickle"


def _records_file(file: Path) -> Path:
    return file.with_suffix(RECORDS)


def _listing_file(file: Path) -> Path:
    return file.with_suffix(LISTING)


def _label(paths: Sequence[str | Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _blob_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _data_stamp() -> str:
    """A digest of everything that shapes a parse and the meetings: versions and the editable
    data files."""
    h = hashlib.sha256(f"{__version__}:{FORMAT}".encode())
    data = Path(__file__).with_name("data")
    for name in (
        "people.toml",
        "people_world.toml",
        "topics.toml",
        "countries.toml",
        "places.toml",
        "metros.toml",
    ):
        with contextlib.suppress(OSError):
            h.update((data / name).read_bytes())
    return h.hexdigest()[:16]


# -- step 1: the snapshot saved last time ------------------------------------------------------


def _verified(file: Path) -> bytes | str | None:
    """The pickled part of `file` when its header is this version's and its digest matches;
    else why not (a sentence for the notices), or None when there is no file."""
    try:
        f = file.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return f"cache unreadable ({exc.strerror or exc}); rebuilt"
    with f:
        if (why := shared_reason(file)) is not None:
            return f"cache not used: {why}"
        header = f.readline(200).split()
        if header[:2] != [MAGIC, _data_stamp().encode()] or len(header) != 3:
            return "cache from another version or data files; rebuilt"
        data = f.read()
    if _blob_digest(data).encode() != header[2]:
        return "cache damaged (it does not match its digest); rebuilt"
    return data


def _load(file: Path, report: CacheReport) -> _Snapshot | None:
    """The snapshot saved in `file`, or None (with a notice when it was there but unusable).

    The file holds a line of text, `MAGIC`, the data stamp and a digest of the rest, then the
    snapshot pickled, which is unpickled only when the stamp is this version's and the digest
    matches (a changed byte could otherwise unpickle into a wrong title, silently). The garbage
    collector is paused while unpickling (many small records would otherwise trigger a
    collection every few hundred; docs/caches.md)."""
    try:
        data = _verified(file)
    except OSError as exc:
        data = f"cache unreadable ({exc.strerror or exc}); rebuilt"
    if not isinstance(data, bytes):
        if data is not None:
            report.notices.append(data)
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        with stores_in(file.parent):
            loaded = snapshot_pickle.load(data)
        if isinstance(loaded, snapshot_pickle.Parts):
            entries, skipped, store, token, layout = loaded.head
            snapshot = _Snapshot(
                entries, loaded.readouts, loaded.meetings, skipped, store, token, layout
            )
        else:  # one pickle of a snapshot (layout 2 and before)
            snapshot = loaded
        # The records live as long as the corpus: the collector need not walk them again.
        # Freezing takes every object alive now; one that later becomes garbage is still
        # freed by its reference count (only a reference cycle among them would stay).
        gc.freeze()
    except Exception as exc:  # truncated, corrupt, or its text store is gone: rebuild
        report.notices.append(f"cache unreadable ({exc.__class__.__name__}); rebuilt")
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(snapshot, _Snapshot):
        report.notices.append("cache unreadable (not a snapshot); rebuilt")
        return None
    _watch(snapshot)
    return snapshot


def _load_head(file: Path) -> _Snapshot | None:
    """The snapshot in `file` without its readouts and meetings (their tuples empty): what
    tells whether the files changed (`_still`); None when it cannot be read so (an older
    layout, another version, a damaged or shared file: the full load says why)."""
    try:
        data = _verified(file)
        if not isinstance(data, bytes):
            return None
        with stores_in(file.parent):
            got = snapshot_pickle.load_head(data)
        if got is None:
            return None
        entries, skipped, store, token, layout = got[0]
    except Exception:  # whatever it is, the full load meets it again and says so
        return None
    return _Snapshot(entries, (), (), skipped, store, token, layout)


def _still(
    file: Path, paths: Sequence[str | Path], known: Corpus, report: CacheReport
) -> Corpus | None:
    """`known` (a corpus loaded from `file` in this process) when the files are exactly those
    it was read from, their sizes and times too, and the cache's other files fit it; None
    when anything is to be done (the full load then does it). The readouts are not loaded
    again to find that out: on a large folder that was a second copy of the corpus in
    memory while the app checked the files (docs/caches.md)."""
    head = _load_head(file)
    if head is None or head.token != known.token or head.layout < LAYOUT:
        return None
    if _store_damaged(file, head):
        return None
    walk = _walk(paths, head)
    if walk.removed or any(f.reuse is None for f in walk.files):
        return None
    if [f.key for f in walk.files] != list(head.entries) or any(
        (f.reuse.size, f.reuse.mtime_ns) != (f.stat.st_size, f.stat.st_mtime_ns)
        for f in walk.files
        if f.reuse is not None
    ):
        return None  # a file touched (same content, new time): its records are written again
    skipped = _in_walk_order(walk, [f.reuse.skipped if f.reuse else [] for f in walk.files])
    if tuple(skipped) != head.skipped:
        return None
    files = [(key, e.size, e.mtime_ns) for key, e in head.entries.items()]
    records = open_records(_records_file(file), _data_stamp().encode(), files)
    if records is None:
        return None
    records.close()
    _keep_listing(file, head, known)
    report.reused = len(walk.files)
    report.changed = False
    report.notices.extend(_repair_notices(file))
    return known


def _watch(snapshot: _Snapshot) -> None:
    """Let the snapshot's text store re-read a damaged record from the file it came from."""
    ref = next((r.text_ref for r in snapshot.readouts if r.text_ref is not None), None)
    if ref is None:
        return
    recovery = recovery_for(ref.store.path)
    ref.store.recovery = recovery
    if recovery.reparse is _reparse:
        # Watched already: this store's snapshot was loaded before in this process (the app
        # shows the cached corpus, then its check of the files loads the snapshot again). A
        # store is written once, so both say the same of its records; the one loaded first
        # answers for both, and this one is not kept alive by it (two corpora in memory:
        # docs/caches.md).
        return

    def sources() -> dict[int, str]:
        return {
            r.offset: key
            for key, entry in snapshot.entries.items()
            for i in entry.readouts
            if (r := snapshot.readouts[i].text_ref) is not None
        }

    recovery.sources = sources
    recovery.reparse = _reparse


def _reparse(source: str) -> dict[str, str]:
    """The texts of one source file, by digest (for `textstore.Recovery`)."""
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(source)
    readouts, skipped = parse_path(path)
    if not readouts and skipped:
        raise OSError(skipped[0].reason)
    return {text_digest(r.text): r.text for r in readouts}


def _save(file: Path, snapshot: _Snapshot, report: CacheReport) -> bool:
    """Save `snapshot` atomically; False (with a notice) when it could not be.

    The pickle is streamed to the file through a digest (never held whole in memory: at
    100,000 readouts it is hundreds of MB), and the digest written into the first line
    afterwards (its place is kept: a digest has a fixed length)."""
    tmp = file.with_name(f"{file.name}.{secrets.token_hex(4)}.tmp")
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            h = hashlib.blake2b(digest_size=16)
            with os.fdopen(fd, "wb") as f:
                head = b" ".join([MAGIC, _data_stamp().encode()]) + b" "
                f.write(head + b"0" * 32 + b"\n")
                s = snapshot
                parts = (s.entries, s.skipped, s.store, s.token, s.layout)
                snapshot_pickle.dump(_Digesting(f, h), parts, s.readouts, s.meetings)
                f.seek(len(head))
                f.write(h.hexdigest().encode())
            os.replace(tmp, file)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        report.notices.append(f"cache not saved ({exc.strerror or exc}): working from memory")
        return False
    return True


class _Digesting:
    """A file that also feeds what is written to it to a digest."""

    def __init__(self, f: BinaryIO, h: Any) -> None:
        self._f = f
        self._h = h

    def write(self, data: bytes) -> int:
        self._h.update(data)
        return self._f.write(data)


# -- step 2: which files are reused, which are parsed ------------------------------------------


@dataclass
class _File:
    key: str
    """Its path as walked (the key of its `_Entry`)."""
    path: Path
    stat: os.stat_result
    reuse: _Entry | None
    """The cached entry when the file is unchanged; None when it is to be parsed."""
    damaged: _Entry | None = None
    """The cached entry of an unchanged file whose texts the store holds damaged: the file
    is parsed again (see `_recheck`)."""


@dataclass
class _Walk:
    files: list[_File]
    skips: dict[int, list[Skip]]
    """What the walk could not read, by the position of the file it came before."""
    removed: int
    """Files cached last time and gone now."""


def _walk(paths: Sequence[str | Path], old: _Snapshot | None) -> _Walk:
    old_entries = old.entries if old is not None else {}
    files: list[_File] = []
    skips: dict[int, list[Skip]] = {}
    for found in walk_files(paths):
        if isinstance(found, Skip):
            skips.setdefault(len(files), []).append(found)
            continue
        key, st = found
        if isinstance(st, OSError):
            skips.setdefault(len(files), []).append(Skip(key, stat_reason(st)))
            continue
        item = Path(key)
        files.append(_File(key, item, st, _unchanged(item, st, old_entries.get(key))))
    removed = len(set(old_entries) - {f.key for f in files})
    return _Walk(files, skips, removed)


def _unchanged(path: Path, st: os.stat_result, entry: _Entry | None) -> _Entry | None:
    """`entry` (with the file's new times) when the file still holds what it was parsed from."""
    if entry is None or (entry.size, entry.mtime_ns) == (st.st_size, st.st_mtime_ns):
        return entry
    try:
        same = _digest(path) == entry.digest
    except OSError:
        same = False
    if not same:
        return None
    return _Entry(st.st_size, st.st_mtime_ns, entry.digest, entry.readouts, entry.skipped)


def _recheck(walk: _Walk, old: _Snapshot) -> int:
    """Once a damaged text was found in this process: check every record of the store, and
    have each file with a damaged one parsed again, as if it had changed (in worker processes
    when there are many; texts go to the new store as they come). How many were damaged."""
    count = 0
    for f in walk.files:
        if f.reuse is None:
            continue
        refs = [old.readouts[i].text_ref for i in f.reuse.readouts]
        bad = sum(1 for ref in refs if ref is not None and not ref.store.intact(ref))
        if bad:
            count += bad
            f.damaged, f.reuse = f.reuse, None
    return count


# -- step 3: parse what changed, put everything together ---------------------------------------

Parsed = dict[str, tuple[list[Readout], list[Skip]]]


def _parse_all(
    files: list[Path],
    progress: Callable[[int], None] | None,
    partial: Callable[[Parsed], float],
    partial_every: float,
    keep: Callable[[Readout], Readout],
) -> Parsed:
    """`parse_path` of each of `files`, by path (in worker processes when there are many);
    `partial(parsed so far)` every `partial_every` seconds while it goes on. A long read (in
    worker processes: `in_workers`) also hands out its first readouts at once, and all of them
    when the last is parsed: the index that grows from them (`index.search.growing`) then gets
    the last ones while the corpus is put together and saved, rather than after. Each readout
    goes through `keep` as soon as it is parsed (its text is written to the text store)."""
    from index.heap import Pacer
    from index.parallel_parse import PARALLEL_MIN, in_workers, parse_collection, parse_files

    out: Parsed = {}
    pacer = Pacer()  # the texts that passed through, given back (index/heap.py)
    results: Iterable[tuple[Path, list[Readout], list[Skip]]]
    count = 0
    last = time.monotonic()
    long = in_workers(files)
    gap = 0.0 if long else partial_every
    fresh = False
    """Readouts were parsed since the last partial corpus."""

    def tick() -> None:
        """Hand over a partial corpus; the next one waits at least 4x what grouping this one
        cost (`partial` says: grouping a large corpus is not free, and listing must not slow
        reading much)."""
        nonlocal last, gap, fresh
        cost = partial(out)
        last = time.monotonic()
        gap = max(partial_every, 4 * cost)
        fresh = False

    def one(path: Path) -> tuple[Path, list[Readout], list[Skip]]:
        """Parse `path` here, telling progress document by document (collections)."""

        kept = 0

        def read(so_far: list[Readout]) -> None:
            nonlocal kept, fresh
            for i in range(kept, len(so_far)):  # a collection's documents, as they come
                so_far[i] = keep(so_far[i])
            pacer.step()
            fresh = fresh or len(so_far) > kept
            kept = len(so_far)
            if progress is not None:
                progress(count + len(so_far))
            if so_far and time.monotonic() - last > gap:
                out[str(path)] = (so_far, [])
                tick()
                del out[str(path)]

        if path.name.lower().endswith(COLLECTION_SUFFIXES):  # its documents, maybe in workers
            return (path, *parse_collection(path, on_document=read))
        return (path, *parse_path(path, on_document=read))

    # Many files: worker processes (a file at a time); few: here, document by document (a large
    # collection's documents in worker processes, `parse_collection`).
    results = parse_files(files) if len(files) >= PARALLEL_MIN else map(one, files)
    for path, got, bad in results:
        got[:] = [keep(r) for r in got]  # in place: a later list's renaming replaces them here
        out[str(path)] = (got, bad)
        pacer.step()
        count += len(got)
        fresh = fresh or bool(got)
        if progress is not None:
            progress(count)
        if got and time.monotonic() - last > gap and len(out) < len(files):
            tick()
    if long and fresh:
        tick()
    return out


def _same_texts(got: list[Readout], entry: _Entry, old: _Snapshot | None) -> bool:
    """Whether a file parsed again gave the texts it gave last time (a repair, no change)."""
    was = [old.readouts[i].text_digest for i in entry.readouts] if old is not None else []
    return [r.text_digest for r in got] == was


@dataclass
class _Assembled:
    readouts: list[Readout]
    skipped: list[Skip]
    entries: dict[str, _Entry]
    changed: bool
    """False when this is exactly the corpus of the snapshot loaded."""


def _in_walk_order(walk: _Walk, bads: list[list[Skip]]) -> list[Skip]:
    """What was skipped, in the order the walk met it: what it could not read before each
    file, then that file's own skips (`bads`, a list a file), then what came after the last."""
    skipped: list[Skip] = []
    for n, bad in enumerate(bads):
        skipped.extend(walk.skips.get(n, ()))
        skipped.extend(bad)
    skipped.extend(s for n in sorted(walk.skips) if n >= len(bads) for s in walk.skips[n])
    return skipped


def _assemble(
    walk: _Walk,
    old: _Snapshot | None,
    parsed: Parsed,
    report: CacheReport,
    progress: Callable[[int], None] | None,
) -> _Assembled:
    """Reused and parsed records in walk order, with the entries to save for them."""
    kept = old.readouts if old is not None else ()
    readouts: list[Readout] = []
    bads: list[list[Skip]] = []
    entries: dict[str, _Entry] = {}
    for f in walk.files:
        if f.reuse is not None:
            report.reused += 1
            got = [kept[i] for i in f.reuse.readouts]
            bad, digest = f.reuse.skipped, f.reuse.digest
        else:
            got, bad = parsed[f.key]
            if f.damaged is None or not _same_texts(got, f.damaged, old):
                report.parsed += 1
            try:
                digest = _digest(f.path)
            except OSError:
                digest = ""
        first = len(readouts)
        readouts.extend(got)
        bads.append(bad)
        entries[f.key] = _Entry(f.stat.st_size, f.stat.st_mtime_ns, digest,
                                list(range(first, len(readouts))), bad)  # fmt: skip
        if progress is not None and f.reuse is not None:
            progress(len(readouts))
    skipped = _in_walk_order(walk, bads)
    changed = (
        old is None
        or report.parsed > 0
        or list(entries) != list(old.entries)
        or tuple(skipped) != old.skipped
    )
    return _Assembled(readouts, skipped, entries, changed)


# -- step 4: one text store, and the snapshot that points at it --------------------------------


def _save_corpus(
    file: Path,
    label: str,
    found: _Assembled,
    old: _Snapshot | None,
    texts: NewStore,
    report: CacheReport,
    damaged: bool,
) -> Corpus:
    """The corpus of `found`, its texts in one new store and its snapshot saved (a readout
    read on a first start already has its final id, from the last list: it is not copied).

    Two instances saving at once: each writes a text store, replaces the cache file and
    deletes the stores it does not use; all of that is done under a lock, else one could
    delete the store that the other is writing or that its cache file, saved last, uses."""
    from index.heap import give_back
    from index.meetings import assign_ids, group_meetings

    with save_lock(file.with_suffix(".lock")):
        if old is not None and texts.writer is None and not texts.failed and not damaged:
            readouts, store = found.readouts, old.store  # no new text: the store stays
        else:
            readouts, store = texts.finish(found.readouts)
        final = tuple(assign_ids(readouts))
        meetings = group_meetings(list(final))
        if not store:
            return Corpus(label, final, meetings, tuple(found.skipped))
        # A store rewritten only because it was damaged holds the same corpus: same token,
        # so the search index needs no checking.
        token = old.token if old is not None and not found.changed else secrets.token_hex(8)
        # A file whose text was lost (it no longer holds what was parsed from it, though its
        # size and time are the same) is left out of the entries: the next load parses it.
        entries = {
            key: entry
            for key, entry in found.entries.items()
            if not any((ref := found.readouts[i].text_ref) and ref.lost for i in entry.readouts)
        }
        snapshot = _Snapshot(entries, final, meetings, tuple(found.skipped), store, token, LAYOUT)
        # Each of the three files below is written from buffers freed once it is: given back
        # before the next, they are not all held at once (index/heap.py).
        give_back()
        if not _save(file, snapshot, report):
            return Corpus(label, final, meetings, tuple(found.skipped))
        corpus = Corpus(label, final, meetings, tuple(found.skipped), token)
        files = [(key, e.size, e.mtime_ns) for key, e in entries.items()]
        _records_file(file).unlink(missing_ok=True)
        give_back()
        with contextlib.suppress(OSError, ValueError):  # without it, see `_keep_records`
            write_records(_records_file(file), _data_stamp().encode(), corpus.readouts, files,
                          found.skipped, token, store)  # fmt: skip
        give_back()
        _write_listing(file, corpus)
        remove_old_stores(file.parent, f"{file.stem}-", keep=store)
        _watch(snapshot)
        for recovery in recoveries(file.parent, f"{file.stem}-"):
            if recovery.path.name != store:  # its snapshot would outlive the corpus it had
                recovery.forget()
    return Corpus(label, final, meetings, tuple(found.skipped), token)


def _write_listing(file: Path, corpus: Corpus) -> None:
    """The listing of `corpus` (`index.cache_listing`) beside its parse cache; the old one
    deleted first, so that a listing never names another corpus than the cache's."""
    _listing_file(file).unlink(missing_ok=True)
    with contextlib.suppress(OSError, ValueError):  # no listing: the list waits for the corpus
        write_listing(_listing_file(file), _data_stamp().encode(), corpus)


def _keep_listing(file: Path, old: _Snapshot, corpus: Corpus) -> None:
    """The listing of an unchanged corpus written again when it is missing, damaged or of
    another corpus (a cache saved before listings were written, or a save that failed)."""
    listing = read_listing(_listing_file(file), _data_stamp().encode())
    if listing is not None and listing.token == corpus.token:
        return
    with save_lock(file.with_suffix(".lock")):
        # Another instance may have saved a new corpus meanwhile (and deleted this store).
        if (file.parent / old.store).is_file():
            _write_listing(file, corpus)


def _keep_layout(file: Path, old: _Snapshot, report: CacheReport) -> None:
    """An unchanged snapshot of an older layout saved again in this one (what the load found:
    same token, same store), so that the next start unpickles it the quick way."""
    if old.layout >= LAYOUT:
        return
    with save_lock(file.with_suffix(".lock")):
        # Another instance may have saved a new corpus meanwhile (its listing names it).
        listing = read_listing(_listing_file(file), _data_stamp().encode())
        if listing is not None and listing.token == old.token:
            _save(file, replace(old, layout=LAYOUT), report)


def _keep_records(file: Path, old: _Snapshot, found: _Assembled) -> None:
    """The records file of an unchanged corpus written again when it does not fit the files
    as they are (missing, damaged, of another layout, or a file touched: same content, new
    time), so that the next search from the command line reads only its hits again."""
    files = [(key, e.size, e.mtime_ns) for key, e in found.entries.items()]
    stamp = _data_stamp().encode()
    records = open_records(_records_file(file), stamp, files)
    if records is not None:
        records.close()
        return
    with save_lock(file.with_suffix(".lock")):
        # Another instance may have saved a new corpus meanwhile (and deleted this store).
        if not (file.parent / old.store).is_file():
            return
        with contextlib.suppress(OSError, ValueError):
            write_records(_records_file(file), stamp, old.readouts, files, old.skipped,
                          old.token, old.store)  # fmt: skip


def _store_damaged(file: Path, old: _Snapshot) -> bool:
    """Whether a text of `old`'s store was found damaged in this process."""
    return any(r.damaged for r in recoveries(file.parent, old.store))


def _repair_notices(file: Path) -> list[str]:
    """What was re-read from the files since it was last said, for this corpus's stores."""
    notices = (r.notice() for r in recoveries(file.parent, f"{file.stem}-"))
    return [n for n in notices if n]


# -- the public steps --------------------------------------------------------------------------


def repairs_unsaid(paths: Sequence[str | Path], *, cache_dir: Path | None = None) -> bool:
    """Whether a text of the cached corpus of `paths` was found damaged and re-read from its
    file in this process since the repairs were last said: a read after the app's check of the
    files (which rewrites the store and says so). The app then checks them again."""
    folder, shared = cache_folder(cache_dir)
    if shared is not None:
        return False
    file = _cache_file(folder, paths)
    # A store the check replaced is gone from the folder: what is still read from it (the
    # corpus on screen was loaded before) is re-read quietly, the sound store already written.
    return any(
        r.damaged > r.said and r.path.exists() for r in recoveries(file.parent, f"{file.stem}-")
    )


def cached_corpus(paths: Sequence[str | Path], *, cache_dir: Path | None = None) -> Corpus | None:
    """The corpus of `paths` as it was last loaded, without looking at the files (None when
    nothing usable is cached). The app shows this at once, then checks the files with
    `load_corpus_cached` and shows what changed."""
    folder, shared = cache_folder(cache_dir)
    if shared is not None:
        return None
    snapshot = _load(_cache_file(folder, paths), CacheReport())
    if snapshot is None:
        return None
    return Corpus(
        _label(paths), snapshot.readouts, snapshot.meetings, snapshot.skipped, snapshot.token
    )


def _trusted(
    paths: Sequence[str | Path], cache_dir: Path | None, which: Callable[[Path], Path]
) -> Path | None:
    """`which` of the files of the parse cache of `paths` (`which(the pickle's path)`), when
    the cache folder and that file may be trusted (no other user can write them); else None."""
    folder, shared = cache_folder(cache_dir)
    if shared is not None:
        return None
    file = which(_cache_file(folder, paths))
    return None if shared_reason(file) is not None else file


def cached_listing(paths: Sequence[str | Path], *, cache_dir: Path | None = None) -> Listing | None:
    """The meeting list of the corpus of `paths` as it was last saved (`index.cache_listing`),
    without reading the corpus or looking at the files; None when there is none to trust."""
    file = _trusted(paths, cache_dir, _listing_file)
    return None if file is None else read_listing(file, _data_stamp().encode())


def listed_readouts(
    paths: Sequence[str | Path], token: str, ids: Sequence[str], *, cache_dir: Path | None = None
) -> list[Readout] | None:
    """The readouts `ids` of the corpus `token` of `paths` as last saved, read from its records
    file without looking at the files (the app's second start, before the corpus arrives), each
    with its text read and checked; None when any cannot be read so (the corpus, which follows,
    re-reads a damaged text from its file)."""
    file = _trusted(paths, cache_dir, _records_file)
    records = (
        None if file is None else open_records(file, _data_stamp().encode(), None, token=token)
    )
    if records is None:
        return None
    try:
        return [r.with_text(r.text) for r in (records[rid] for rid in ids)]
    except (KeyError, Fallback, OSError, UnicodeDecodeError):
        return None
    finally:
        records.close()


def cached_records(paths: Sequence[str | Path], *, cache_dir: Path | None = None) -> Records | None:
    """The readouts of `paths` by id, each read from the cache when asked for, when the files
    are exactly those last loaded (paths, sizes and times; `index.cache_records`); None when
    they may not be (anything changed, unreadable, damaged: load the corpus instead)."""
    file = _trusted(paths, cache_dir, lambda cache: cache)
    if file is None:
        return None
    walked: list[tuple[str, int, int]] = []
    for found in walk_files(paths):
        if isinstance(found, Skip) or isinstance(found.stat, OSError):
            return None
        walked.append((found.path, found.stat.st_size, found.stat.st_mtime_ns))
    return open_records(_records_file(file), _data_stamp().encode(), walked)


def load_corpus_cached(
    paths: Sequence[str | Path],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    rebuild: bool = False,
    on_partial: Callable[[Corpus], None] | None = None,
    partial_every: float | None = None,
    on_parse: Callable[[int, int], None] | None = None,
    known: Corpus | None = None,
) -> tuple[Corpus, CacheReport]:
    """Like `index.corpus.load_corpus(paths)`, reusing the parses of unchanged files.

    `rebuild` ignores what is cached and parses everything again (then saves the cache).
    While files are parsed, `on_partial(corpus)` gets what is read so far every
    `partial_every` seconds (default `PARTIAL_EVERY`; ids provisional: a collision found
    later renumbers), so a first start can list readouts as they are read; a long read
    (in worker processes) hands over its first readouts at once. `on_parse(files, size)` is
    told how many files are to be parsed and their size in bytes, before they are (never
    when there are none). `known`: the corpus `cached_corpus(paths)` gave in this process;
    when nothing changed it is given back as it is, and the cached readouts are not loaded
    again to find that out.
    """
    report = CacheReport()
    folder, shared = cache_folder(cache_dir)
    if shared is not None:  # no cache at all: read as the seeds are
        report.notices.append(f"cache not used: {shared}")
        return load_corpus(paths, progress=progress), report
    label = _label(paths)
    file = _cache_file(folder, paths)
    if known is not None and not rebuild and known.token:
        still = _still(file, paths, known, report)
        if still is not None:
            return still, report
    old = None if rebuild else _load(file, report)
    walk = _walk(paths, old)
    report.removed = walk.removed
    damaged = _recheck(walk, old) if old is not None and _store_damaged(file, old) else 0
    kept = old.readouts if old is not None else ()
    from index.meetings import provisional

    def partial(done: Parsed) -> float:
        """Hand `on_partial` the corpus read so far; what grouping it cost, in seconds."""
        started = time.monotonic()
        corpus = _partial_corpus(label, walk, kept, done)
        cost = time.monotonic() - started
        if on_partial is not None:
            on_partial(corpus)
        return cost

    texts = NewStore(file.parent, f"{file.stem}-", report.notices)
    to_parse = [f.path for f in walk.files if f.reuse is None]
    if on_parse is not None and to_parse:
        on_parse(len(to_parse), sum(f.stat.st_size for f in walk.files if f.reuse is None))
    every = PARTIAL_EVERY if partial_every is None else partial_every
    try:
        parsed = _parse_all(
            to_parse, progress, partial, every, lambda r: texts.keep(provisional(r))
        )
    except BaseException:
        texts.discard()
        raise
    found = _assemble(walk, old, parsed, report, progress)
    if old is not None and not found.changed and not damaged:
        report.changed = False
        texts.discard()
        corpus = Corpus(label, old.readouts, old.meetings, old.skipped, old.token)
        _keep_records(file, old, found)
        _keep_listing(file, old, corpus)
        _keep_layout(file, old, report)
    else:
        report.changed = found.changed
        corpus = _save_corpus(file, label, found, old, texts, report, damaged > 0)
    if damaged:
        report.notices.append(repair_sentence(damaged, 0))
        for recovery in recoveries(file.parent, f"{file.stem}-"):
            recovery.said = recovery.damaged
    report.notices.extend(_repair_notices(file))
    return corpus, report


def _partial_corpus(label: str, walk: _Walk, kept: tuple[Readout, ...], done: Parsed) -> Corpus:
    """What is read so far on a first start (ids provisional). The readouts read are replaced
    in `done` by what they are in this list: a readout whose id changed (another document
    took it) is then one object, not the readout as read and its copy, and the next list, and
    the corpus saved, give it back as it is unless its id changes again (docs/caches.md)."""
    from index.meetings import assign_ids, group_meetings

    so_far: list[Readout] = []
    read: list[tuple[int, list[Readout]]] = []
    for f in walk.files:
        if f.reuse is not None:
            so_far.extend(kept[i] for i in f.reuse.readouts)
        elif f.key in done:
            got = done[f.key][0]
            read.append((len(so_far), got))
            so_far.extend(got)
    final = assign_ids(so_far)
    for start, got in read:
        got[:] = final[start : start + len(got)]
    return Corpus(label, tuple(final), group_meetings(final))


def repair_text_stores(paths: Sequence[str | Path], *, cache_dir: Path | None = None) -> list[str]:
    """When a text of this corpus was found damaged in this process, write a sound text store
    (the damaged texts re-read from their files) and say what was repaired; else nothing
    (and no cost). The command line calls this after its answer; the app's check of the
    files does it in the background."""
    folder = cache_dir or default_cache_dir()
    file = _cache_file(folder, paths)
    if not any(r.damaged > r.said for r in recoveries(folder, f"{file.stem}-")):
        return []
    _, report = load_corpus_cached(paths, cache_dir=cache_dir)
    return report.notices
