"""The on-disk search index of a user's corpus: kept in the cache folder, updated incrementally.

`open_search_index(corpus, key)` opens the corpus's Whoosh index in the user's cache folder,
brings it in line with the corpus (documents added, changed or removed since last time are
re-indexed; the rest are untouched) and returns a `SearchIndex` over it. The bundled seeds never
come here: they are indexed in memory at every start (~0.1 s).

Each indexed document carries a stored `stamp`, a digest of everything the index is built from
(id, title, text and the filter fields), so "changed" means changed for search.

A long build commits in batches (250 documents, then 500, 1,000, ...) and hands the caller a
`SearchIndex` over what is committed after each one, so search starts within seconds of a first
start and covers more as the build goes on.

Faults never lose the corpus:
- Whoosh commits are atomic (a new table of contents is written last); a build killed at any
  moment leaves the last committed batch readable, and the next start indexes only the rest.
- One build at a time: a build lock is held across the batches (Whoosh's own writer lock is
  free between two commits).
- An index that cannot be opened or read (truncated or corrupt files) is deleted and rebuilt,
  with a notice.
- A cache folder that cannot be written, or another instance holding the writer's lock, leaves
  the app working on an in-memory index, with a notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from index.model import Readout
from index.search import SearchIndex
from index.search_equivalents import default_equivalents, person_names
from index.search_schema import document, schema

SCHEMA_VERSION = "1"
"""Bump when `_schema` or the analysis changes: an index of another version is rebuilt."""
LOCK_WAIT = 2.0
"""Seconds to wait for another instance's writer before indexing in memory instead."""
BATCH_SIZE = 250
"""Documents in the first committed batch; each later batch is twice the one before. Each
commit makes what is indexed so far searchable (a first start of 10,000 documents takes about
two minutes; search should not wait for all of it)."""
BATCH_SECONDS = 2.0
"""...and the first batch is committed after this many seconds if it is not full by then."""


@dataclass
class StoreReport:
    """What opening the index did, for the status line."""

    added: int = 0
    removed: int = 0
    kept: int = 0
    in_memory: bool = False
    notices: list[str] = field(default_factory=list)


def _storage(folder: Path) -> FileStorage:
    """The index's folder as Whoosh storage, read through plain file reads, not mmap.

    With mmap, whoosh3 opens each part of a segment as a `BufferFile`, whose `BytesIO` copies
    the part into memory: every searcher held its own copy of the whole index (~110 MB per
    searcher at 10,000 White House documents; 617 MB peak for the keystroke bench, 365 MB
    without mmap, measured with bench_scale's keystroke child).
    """
    return FileStorage(str(folder), supports_mmap=False)  # type: ignore[no-untyped-call]


def _stamped_schema() -> fields.Schema:
    stamped = schema()
    stamped.add("stamp", fields.ID(stored=True))
    return stamped


def stamp(readout: Readout) -> str:
    """A digest of what the index holds for `readout`: equal stamps need no re-indexing."""
    h = hashlib.blake2b(digest_size=12)
    for part in (
        SCHEMA_VERSION,
        readout.id,
        readout.title,
        readout.text_digest,  # never reads a text kept on disk back (see index/textstore.py)
        readout.source,
        readout.place,
        readout.meeting_date,
        readout.published,
        "\x1f".join(readout.topics),
        "\x1f".join(p.name for p in readout.participants),
        readout.meta("year"),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


def _open_existing(folder: Path, report: StoreReport) -> index.Index | None:
    """The index in `folder`, checked readable; None (after clearing it) when unusable."""
    if not folder.is_dir():
        return None
    try:
        storage = _storage(folder)
        if not index.exists(storage, indexname=f"v{SCHEMA_VERSION}"):
            shutil.rmtree(folder, ignore_errors=True)
            return None
        ix: index.Index = storage.open_index(  # type: ignore[no-untyped-call]
            indexname=f"v{SCHEMA_VERSION}"
        )
        with ix.searcher() as searcher:  # touch every segment's files
            for _ in searcher.reader().all_stored_fields():
                pass
        return ix
    except Exception as exc:  # truncated, corrupt, unreadable: start again
        report.notices.append(f"search index damaged ({exc.__class__.__name__}); rebuilt")
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _stored(ix: index.Index) -> dict[str, str]:
    with ix.searcher() as searcher:
        return {f["id"]: f.get("stamp", "") for f in searcher.reader().all_stored_fields()}


def _in_memory(
    readouts: Sequence[Readout],
    report: StoreReport,
    progress: Callable[[int, int], None] | None,
) -> SearchIndex:
    report.in_memory = True
    report.added = len(readouts)
    return SearchIndex.build(readouts, progress=progress)


def open_search_index(
    readouts: Sequence[Readout],
    folder: Path,
    *,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_partial: Callable[[SearchIndex, int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    batch_seconds: float = BATCH_SECONDS,
) -> tuple[SearchIndex, StoreReport]:
    """The search index of `readouts`, kept in `folder` and brought up to date.

    `progress(done, total)` is called as documents are indexed (only changed ones count).
    Documents are committed in batches: `batch_size` documents (or `batch_seconds`, whichever
    comes first), then twice as many each time. After each batch but the last, and before the
    first when some documents are already indexed, `on_partial(index, indexed, total)` gets a
    `SearchIndex` over the `indexed` readouts committed so far, out of `total`. The returned
    index covers them all.

    Why doubling: every commit writes a segment, and Whoosh's merge of segments costs nearly
    what indexing their documents cost (1,300 documents: 8 s). Committing every 2 s with the
    default merging made a first start of 10,000 White House documents 1.8x slower; doubling
    batches committed without merging leave ~6 segments for 10,000 documents, and only the last
    commit merges (the small segments of past incremental updates).
    """
    report = StoreReport()
    if rebuild:
        shutil.rmtree(folder, ignore_errors=True)
    ix = _open_existing(folder, report)
    try:
        if ix is None:
            folder.mkdir(parents=True, exist_ok=True)
            storage = _storage(folder)
            ix = storage.create_index(  # type: ignore[no-untyped-call]
                _stamped_schema(), indexname=f"v{SCHEMA_VERSION}"
            )
    except OSError as exc:
        report.notices.append(
            f"cache folder not writable ({exc.strerror or exc}): search index kept in memory"
        )
        return _in_memory(readouts, report, progress), report

    by_id = {r.id: r for r in readouts}
    have = _stored(ix)
    wanted = {rid: stamp(r) for rid, r in by_id.items()}
    stale = [rid for rid, st in have.items() if wanted.get(rid) != st]
    fresh = [by_id[rid] for rid, st in wanted.items() if have.get(rid) != st]
    report.kept = len(have) - len(stale)
    if stale or fresh:
        # Held for the whole update: between batches Whoosh's own writer lock is free, and a
        # second instance must not start indexing the same documents in that gap.
        with _build_lock(folder) as held:
            if not held:
                report.notices.append(
                    "another readouts-tui is updating this index: searching in memory"
                )
                return _in_memory(readouts, report, progress), report
            return _update(
                ix, by_id, wanted, stale, fresh, report,
                progress, on_partial, batch_size, batch_seconds,
            )  # fmt: skip
    return SearchIndex(ix, by_id, default_equivalents()), report


@contextmanager
def _build_lock(folder: Path) -> Iterator[bool]:
    """Hold this index's build lock (an flock, freed by the kernel if the process dies) while
    the block runs; False when another process holds it after `LOCK_WAIT` seconds."""
    storage = _storage(folder)
    lock = storage.lock(f"v{SCHEMA_VERSION}_BUILDLOCK")  # type: ignore[no-untyped-call]
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            held = bool(lock.acquire(blocking=False))
        except OSError:  # no lock file in a read-only folder: the writer will say so
            yield True
            return
        if held or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    try:
        yield held
    finally:
        if held:
            lock.release()


def _update(
    ix: index.Index,
    by_id: dict[str, Readout],
    wanted: dict[str, str],
    stale: list[str],
    fresh: list[Readout],
    report: StoreReport,
    progress: Callable[[int, int], None] | None,
    on_partial: Callable[[SearchIndex, int, int], None] | None,
    batch_size: int,
    batch_seconds: float,
) -> tuple[SearchIndex, StoreReport]:
    """Delete `stale`, add `fresh` in committed batches; see `open_search_index`."""
    readouts = list(by_id.values())
    equivalents = default_equivalents()
    # What is searchable once the stale documents are gone: the unchanged ones, then each
    # batch as it is committed (a dict in corpus order, so partial results keep their order).
    fresh_ids = {r.id for r in fresh}
    committed = {rid: r for rid, r in by_id.items() if rid not in fresh_ids}
    if on_partial is not None and committed:
        # Stale documents are still on disk until the first commit: the index masks them.
        on_partial(SearchIndex(ix, dict(committed), equivalents), len(committed), len(by_id))
    known = person_names()
    pending = list(stale)  # deletions go with the first batch
    done = 0
    size = max(1, batch_size)
    limit = batch_seconds  # the first batch only: search should start soon
    while pending or done < len(fresh):
        batch = fresh[done : done + size]
        try:
            writer = ix.writer(timeout=LOCK_WAIT, delay=0.1)
        except LockError:
            report.notices.append(
                "another readouts-tui is updating this index: searching in memory"
            )
            return _in_memory(readouts, report, progress), report
        except OSError as exc:
            report.notices.append(f"search index not writable ({exc}): kept in memory")
            return _in_memory(readouts, report, progress), report
        started = time.monotonic()
        added = 0
        try:
            for rid in pending:
                writer.delete_by_term("id", rid)
            for readout in batch:
                doc = document(readout, known)
                doc["stamp"] = wanted[readout.id]
                writer.add_document(**doc)
                added += 1
                if progress is not None:
                    progress(done + added, len(fresh))
                if time.monotonic() - started > limit:
                    break
            last = done + added >= len(fresh)
            writer.commit(merge=last)
        except OSError as exc:
            # A full or failing disk: what was committed before stays valid on disk; this
            # run searches in memory and says so.
            with contextlib.suppress(Exception):
                writer.cancel()
            report.notices.append(
                f"search index not saved ({exc.strerror or exc}): searching in memory"
            )
            return _in_memory(readouts, report, progress), report
        except BaseException:
            writer.cancel()
            raise
        pending = []
        for readout in batch[:added]:
            committed[readout.id] = readout
        done += added
        size *= 2
        limit = float("inf")
        if on_partial is not None and done < len(fresh):
            on_partial(SearchIndex(ix, dict(committed), equivalents), len(committed), len(by_id))
    report.removed = len(stale)
    report.added = len(fresh)
    return SearchIndex(ix, by_id, equivalents), report
