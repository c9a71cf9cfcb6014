"""The on-disk search index of a user's corpus: kept in the cache folder, updated incrementally.

`open_search_index(corpus, key)` opens the corpus's Whoosh index in the user's cache folder,
brings it in line with the corpus (documents added, changed or removed since last time are
re-indexed; the rest are untouched) and returns a `SearchIndex` over it. The bundled seeds never
come here: they are indexed in memory at every start (~0.1 s).

Each indexed document carries a stored `stamp`, a digest of everything the index is built from
(id, title, text and the filter fields), so "changed" means changed for search.

Documents are indexed by `search_build.SegmentBuilder` (Whoosh's file format, without its
per-posting machinery: ~3x less CPU than Whoosh's writer), into a build folder, and each segment
is moved into the index and committed. A long build commits a first batch (250 documents) here
and hands the caller a `SearchIndex` over it, so search starts within seconds; the rest goes to
worker processes (one per CPU), each building one segment, the first also re-indexing the
first batch so that its segment replaces that batch's: a first start of 10,000 documents ends
with two segments. Shorter updates stay in this process, in doubling batches.

Faults never lose the corpus:
- Whoosh commits are atomic (a new table of contents is written last); a build killed at any
  moment leaves the last committed batch readable, and the next start indexes only the rest.
  Segments are written in a build folder of their own (a commit deletes the index folder's
  unlisted segment files) and moved in just before their commit; a killed build's folder is
  removed by the next one, and its workers exit when their input closes.
- One build at a time: a build lock is held across the batches (Whoosh's own writer lock is
  free between two commits).
- An index that cannot be opened or read (truncated or corrupt files) is deleted and rebuilt,
  with a notice.
- A cache folder that cannot be written, a full disk, or another instance holding the writer's
  lock, leaves the app working on an in-memory index, with a notice.
- Worker processes that cannot start leave the build to this process; one that dies leaves the
  rest to this process, with a notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.codec.base import Segment
from whoosh.filedb.filestore import FileStorage, RamStorage, Storage
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from index.model import Readout
from index.search.build import Indexed, SegmentBuilder, WorkerBuild
from index.search.equivalents import default_equivalents, person_names
from index.search.schema import document, schema
from index.search.searcher import SearchIndex
from index.workers import WorkerError, usable_cpus

SCHEMA_VERSION = "1"
"""Bump when `_schema` or the analysis changes: an index of another version is rebuilt."""
INDEX_NAME = f"v{SCHEMA_VERSION}"
TRUSTED = "trusted.json"
"""The corpus token and index generation of the last update that left the index complete."""
REBUILD_MIN = 500
REBUILD_SHARE = 0.5
"""An update that would delete at least `REBUILD_MIN` documents, and more than this share of
the index, rebuilds it instead (see `open_search_index`)."""
LOCK_WAIT = 2.0
"""Seconds to wait for another instance's writer before indexing in memory instead."""
BATCH_SIZE = 250
"""Documents in the first committed batch; each later batch is twice the one before. Each
commit makes what is indexed so far searchable (a first start of 10,000 documents takes about
two minutes; search should not wait for all of it)."""
BATCH_SECONDS = 2.0
"""...and the first batch is committed after this many seconds if it is not full by then."""
PARALLEL_MIN = 1000
"""Documents left after the first batch from which the rest is indexed in worker processes
(starting one costs ~0.2 s of CPU; 1,000 documents take ~3 s in one process)."""
MAX_WORKERS = 4
"""Worker processes at most (one per CPU up to this): each holds its segment in memory."""
CHUNK = 64
"""Documents per message to a worker."""


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
    """The index in `folder`, its files there and readable; None (after clearing the folder)
    when there is none or it is unusable."""
    if not folder.is_dir():
        return None
    try:
        storage = _storage(folder)
        if not index.exists(storage, indexname=INDEX_NAME):
            shutil.rmtree(folder, ignore_errors=True)
            return None
        ix: index.Index = storage.open_index(indexname=INDEX_NAME)  # type: ignore[no-untyped-call]
        with ix.searcher() as searcher:  # opens every segment's files
            searcher.doc_count_all()
        return ix
    except Exception as exc:  # truncated, corrupt, unreadable: start again
        _damaged(folder, report, exc)
        return None


def _damaged(folder: Path, report: StoreReport, exc: Exception) -> None:
    report.notices.append(f"search index damaged ({exc.__class__.__name__}); rebuilt")
    shutil.rmtree(folder, ignore_errors=True)


def _stored(ix: index.Index) -> dict[str, str]:
    """Every indexed document's stamp, by id (reads every segment's stored fields)."""
    with ix.searcher() as searcher:
        return {f["id"]: f.get("stamp", "") for f in searcher.reader().all_stored_fields()}


def _trusted(folder: Path, ix: index.Index, token: str) -> bool:
    """Whether the index was left complete for the corpus named `token`, with no commit since
    (so its documents need no checking)."""
    if not token:
        return False
    try:
        saved = json.loads((folder / TRUSTED).read_text(encoding="utf-8"))
        return bool(
            saved["token"] == token
            and saved["generation"] == ix.latest_generation()
            and saved["documents"] == ix.doc_count()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _trust(folder: Path, ix: index.Index, token: str) -> None:
    """Record that the index is complete for the corpus named `token` (see `_trusted`)."""
    path = folder / TRUSTED
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
        if token:
            saved = {
                "token": token,
                "generation": ix.latest_generation(),
                "documents": ix.doc_count(),
            }
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(saved), encoding="utf-8")
            os.replace(tmp, path)


def _in_memory(
    readouts: Sequence[Readout],
    report: StoreReport,
    progress: Callable[[int, int], None] | None,
) -> SearchIndex:
    """All of `readouts` indexed in memory (a segment built as on disk, in RAM)."""
    report.in_memory = True
    storage = RamStorage()  # type: ignore[no-untyped-call]
    fields_ = schema()
    ix: index.Index = storage.create_index(  # type: ignore[no-untyped-call]
        fields_, indexname=INDEX_NAME
    )
    by_id = {r.id: r for r in readouts}
    report.added = len(by_id)
    builder = SegmentBuilder(fields_, storage, INDEX_NAME)
    known = person_names()
    for done, readout in enumerate(by_id.values(), 1):
        builder.add(document(readout, known))
        if progress is not None:
            progress(done, len(by_id))
    segment = builder.write()
    writer = ix.writer()
    assert isinstance(writer, SegmentWriter)
    _commit_segments(writer, [segment], merge=False)
    return SearchIndex(ix, by_id, default_equivalents())


def open_search_index(
    readouts: Sequence[Readout],
    folder: Path,
    *,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_partial: Callable[[SearchIndex, int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    batch_seconds: float = BATCH_SECONDS,
    stamps: Mapping[str, str] | None = None,
    token: str = "",
    workers: int | None = None,
) -> tuple[SearchIndex, StoreReport]:
    """The search index of `readouts`, kept in `folder` and brought up to date.

    `progress(done, total)` is called as documents are indexed (only changed ones count).
    Documents are committed in batches: `batch_size` documents (or `batch_seconds`, whichever
    comes first), then, when at least `PARALLEL_MIN` documents are left, the rest in
    `workers` processes (default: one per CPU, at most `MAX_WORKERS`), each building one
    segment; otherwise twice as many each time in this process. After each commit but the
    last, and before the first when some documents are already indexed, `on_partial(index,
    indexed, total)` gets a `SearchIndex` over the `indexed` readouts committed so far, out of
    `total`. The returned index covers them all.

    `stamps` maps readout ids to `stamp(readout)` when the caller has them already (a readout
    missing from it is stamped here). `token` names this exact corpus (`Corpus.token`): when
    the index was left complete for the same token and nothing has committed since, it is
    opened without reading every document's stamp (10,000 documents: ~0.3 s).

    Why doubling, and why one segment per worker: every commit writes a segment, and Whoosh's
    merge of segments costs nearly what indexing their documents cost. Batches committed
    without merging leave few segments, and only the last commit merges (the small segments of
    past incremental updates).
    """
    report = StoreReport()
    if rebuild:
        shutil.rmtree(folder, ignore_errors=True)
    by_id = {r.id: r for r in readouts}
    ix = _open_existing(folder, report)
    if ix is not None and _trusted(folder, ix, token):
        report.kept = len(by_id)
        return SearchIndex(
            ix, by_id, default_equivalents(), exact_generation=ix.latest_generation()
        ), report
    have: dict[str, str] = {}
    if ix is not None:
        try:
            have = _stored(ix)
        except Exception as exc:  # a stored-fields column unreadable
            _damaged(folder, report, exc)
            ix = None
    try:
        if ix is None:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: see docs/caches.md
            ix = _storage(folder).create_index(  # type: ignore[no-untyped-call]
                _stamped_schema(), indexname=INDEX_NAME
            )
    except OSError as exc:
        report.notices.append(
            f"cache folder not writable ({exc.strerror or exc}): search index kept in memory"
        )
        return _in_memory(readouts, report, progress), report
    assert ix is not None

    known_stamps = stamps or {}
    wanted = {rid: known_stamps.get(rid) or stamp(r) for rid, r in by_id.items()}
    stale = [rid for rid, st in have.items() if wanted.get(rid) != st]
    fresh = [by_id[rid] for rid, st in wanted.items() if have.get(rid) != st]
    if not rebuild and len(stale) >= REBUILD_MIN and len(stale) > REBUILD_SHARE * len(have):
        # Most documents changed (a new version's stamps, a folder rewritten): deleted ones
        # keep their postings in the old segments, and every search pays for walking them
        # (10,000 deleted documents in 12 segments: keystrokes ~2x slower). A fresh build
        # costs less than that and than merging.
        return open_search_index(
            readouts, folder, rebuild=True, progress=progress, on_partial=on_partial,
            batch_size=batch_size, batch_seconds=batch_seconds, stamps=stamps, token=token,
            workers=workers,
        )  # fmt: skip
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
            build = _Build(
                ix, folder, by_id, wanted, stale, fresh, report, progress, on_partial,
                batch_size, batch_seconds, workers,
            )  # fmt: skip
            try:
                built = build.run()
            except (LockError, OSError) as exc:
                # Another instance's writer, or a full or failing disk: what was committed
                # before stays valid on disk; this run searches in memory and says so.
                if isinstance(exc, LockError):
                    notice = "another readouts-tui is updating this index: searching in memory"
                else:
                    notice = f"search index not saved ({exc.strerror or exc}): searching in memory"
                report.notices.append(notice)
                return _in_memory(readouts, report, progress), report
            finally:
                build.cleanup()
            _trust(folder, ix, token)
            return built, report
    _trust(folder, ix, token)
    return SearchIndex(
        ix, by_id, default_equivalents(), exact_generation=ix.latest_generation()
    ), report


@contextmanager
def _build_lock(folder: Path) -> Iterator[bool]:
    """Hold this index's build lock (an flock, freed by the kernel if the process dies) while
    the block runs; False when another process holds it after `LOCK_WAIT` seconds."""
    storage = _storage(folder)
    lock = storage.lock(f"{INDEX_NAME}_BUILDLOCK")  # type: ignore[no-untyped-call]
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


def _commit_segments(
    writer: SegmentWriter,
    segments: Sequence[Segment],
    *,
    merge: bool,
    drop: Collection[str] = (),
) -> None:
    """Commit `segments` (written by `SegmentBuilder`, their files already in the index's
    folder) with `writer`, which holds the index's writer lock and any deletions; the segments
    whose ids are in `drop` leave the index in the same commit. `merge`: let Whoosh merge
    small old segments (its default policy), as a plain commit would."""
    try:
        if drop:
            writer.segments = [s for s in writer.segments if s.segment_id() not in drop]
            writer._setup_doc_offsets()  # type: ignore[no-untyped-call]
        kept = writer._merge_segments(None, None, merge)  # type: ignore[no-untyped-call]
        if writer._added:  # merging old segments wrote into the writer's own segment
            kept.append(writer._finalize_segment())  # type: ignore[no-untyped-call]
        else:
            writer._close_segment()  # type: ignore[no-untyped-call]
        writer._commit_toc([*kept, *segments])  # type: ignore[no-untyped-call]
    except BaseException:
        with contextlib.suppress(Exception):
            writer._cleanup_on_error()  # type: ignore[no-untyped-call]
        raise
    writer._finish()  # type: ignore[no-untyped-call]


class _Build:
    """One update of the index: delete `stale`, add `fresh`; see `open_search_index`."""

    def __init__(
        self,
        ix: index.Index,
        folder: Path,
        by_id: dict[str, Readout],
        wanted: dict[str, str],
        stale: list[str],
        fresh: list[Readout],
        report: StoreReport,
        progress: Callable[[int, int], None] | None,
        on_partial: Callable[[SearchIndex, int, int], None] | None,
        batch_size: int,
        batch_seconds: float,
        workers: int | None,
    ) -> None:
        self.ix = ix
        self.schema: fields.Schema = ix.schema  # type: ignore[attr-defined]
        self.folder = folder
        self.by_id = by_id
        self.wanted = wanted
        self.stale = stale
        self.fresh = fresh
        self.report = report
        self.progress = progress
        self.on_partial = on_partial
        self.batch_size = max(1, batch_size)
        self.batch_seconds = batch_seconds
        self.workers = min(MAX_WORKERS, usable_cpus()) if workers is None else workers
        self.equivalents = default_equivalents()
        self.known = person_names()
        self.pending = list(stale)
        """Deletions not committed yet: they go with the first commit."""
        fresh_ids = {r.id for r in fresh}
        self.committed = {rid: r for rid, r in by_id.items() if rid not in fresh_ids}
        """What is searchable once the stale documents are gone: the unchanged ones, then each
        batch as it is committed (in corpus order, so partial results keep their order)."""
        self.done = 0
        """Fresh documents indexed so far (for `progress`)."""
        for old in folder.glob("build-*"):  # left by a build that was killed
            shutil.rmtree(old, ignore_errors=True)
        self.build = folder / f"build-{os.getpid()}-{time.monotonic_ns()}"
        self.build_storage: Storage | None = None

    def cleanup(self) -> None:
        shutil.rmtree(self.build, ignore_errors=True)

    def storage(self) -> Storage:
        """The build folder, where segments are written before they are committed."""
        if self.build_storage is None:
            self.build.mkdir()
            self.build_storage = _storage(self.build)
        return self.build_storage

    def doc(self, readout: Readout) -> dict[str, Any]:
        doc = document(readout, self.known)
        doc["stamp"] = self.wanted[readout.id]
        return doc

    def run(self) -> SearchIndex:
        if self.on_partial is not None and self.committed:
            # Stale documents are still on disk until the first commit: the index masks them.
            self.partial()
        rest = len(self.fresh) - self.batch_size
        if rest >= PARALLEL_MIN and self.workers > 1:
            self.in_workers()
        else:
            self.in_process(self.fresh)
        self.report.removed = len(self.stale)
        self.report.added = len(self.fresh)
        return SearchIndex(
            self.ix, self.by_id, self.equivalents, exact_generation=self.ix.latest_generation()
        )

    def partial(self) -> None:
        if self.on_partial is not None:
            committed = dict(self.committed)
            self.on_partial(
                SearchIndex(self.ix, committed, self.equivalents), len(committed), len(self.by_id)
            )

    def tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, len(self.fresh))

    def commit(
        self, segments: Sequence[tuple[Segment, str]], *, merge: bool, drop: Collection[str] = ()
    ) -> None:
        """Move the segments' files (name: the compound file) from the build folder into the
        index and commit them with the pending deletions."""
        writer = self.ix.writer(timeout=LOCK_WAIT, delay=0.1)
        assert isinstance(writer, SegmentWriter)
        try:
            for rid in self.pending:
                writer.delete_by_term("id", rid)
            for _, name in segments:
                os.replace(self.build / name, self.folder / name)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()  # type: ignore[no-untyped-call]
            raise
        _commit_segments(writer, [s for s, _ in segments], merge=merge, drop=drop)
        self.pending = []

    def build_batch(self, batch: Sequence[Readout], limit: float) -> tuple[Segment, str, int]:
        """A segment of the first documents of `batch` indexed within `limit` seconds (at
        least one): the segment, its file's name and how many documents it holds."""
        builder = SegmentBuilder(self.schema, self.storage(), INDEX_NAME)
        started = time.monotonic()
        for readout in batch:
            builder.add(self.doc(readout))
            self.tick(1)
            if time.monotonic() - started > limit:
                break
        return builder.write(), builder.filename, builder.docs

    def in_process(self, fresh: Sequence[Readout]) -> None:
        """Index `fresh` here in batches (`batch_size`, then twice as many each time)."""
        at = 0
        size = self.batch_size
        limit = self.batch_seconds if not self.done else float("inf")
        while self.pending or at < len(fresh):
            batch = fresh[at : at + size]
            if batch:
                segment, name, added = self.build_batch(batch, limit)
                segments = [(segment, name)]
            else:  # only deletions
                segments, added = [], 0
            last = at + added >= len(fresh)
            self.commit(segments, merge=last)
            for readout in batch[:added]:
                self.committed[readout.id] = readout
            at += added
            size *= 2
            limit = float("inf")
            if not last:
                self.partial()

    def in_workers(self) -> None:
        """The first batch here (search starts soon), the rest in worker processes, each
        building one segment (more if it would outgrow `MAX_POSTINGS`). The first worker
        indexes the first `batch_size` documents again, so that its segment can replace the
        first batch's and the index ends with one segment per worker."""
        lead = self.fresh[: self.batch_size]
        rest = self.fresh[self.batch_size :]
        chunks = ([self.doc(r) for r in rest[i : i + CHUNK]] for i in range(0, len(rest), CHUNK))
        self.storage()  # the workers write their segments there
        try:
            pool = WorkerBuild(
                chunks,
                schema=self.schema,
                build=self.build,
                indexname=INDEX_NAME,
                workers=self.workers,
                first=[self.doc(r) for r in lead],
            )
        except OSError:  # no processes here: all of it in this one
            self.in_process(self.fresh)
            return
        try:
            segment, name, added = self.build_batch(lead, self.batch_seconds)
            self.commit([(segment, name)], merge=False)
            for readout in lead[:added]:
                self.committed[readout.id] = readout
            self.partial()
            # Replaced by worker 0's first segment, which holds the lead.
            first = {str(segment.segment_id())}  # type: ignore[no-untyped-call]
            seen: set[int] = set()
            for event in pool.events():
                if isinstance(event, Indexed):
                    # A worker's first message for worker 0 is the lead, partly counted here.
                    lead_docs = event.worker == 0 and 0 not in seen
                    seen.add(event.worker)
                    self.tick(event.docs - added if lead_docs else event.docs)
                    continue
                drop = first if event.worker == 0 else set()
                self.commit([(event.segment, event.filename)], merge=False, drop=drop)
                first -= drop
                for rid in event.ids:
                    self.committed[rid] = self.by_id[rid]
                if len(self.committed) < len(self.by_id):
                    self.partial()
            if self.pending or len(self.committed) < len(self.by_id):
                raise WorkerError("the workers did not index every document")
        except WorkerError as exc:
            # A worker died (out of memory, killed): the rest here, slower but complete.
            pool.stop()
            self.report.notices.append(f"indexing in one process (a worker failed: {exc})")
            left = [r for r in self.fresh if r.id not in self.committed]
            self.done = len(self.fresh) - len(left)
            self.in_process(left)
            return
        finally:
            pool.stop()
        if len(self.ix._read_toc().segments) > 3:  # type: ignore[attr-defined]
            # Whoosh's merge policy would merge some (old, small) segments: as in_process's
            # last commit does.
            self.commit([], merge=True)
