"""The on-disk search index of a user's corpus: kept in the cache folder, updated incrementally.

`open_search_index(readouts, folder)` opens the corpus's Whoosh index in the user's cache
folder, brings it in line with the corpus (documents added, changed or removed since last time
are re-indexed; the rest are untouched) and returns a `SearchIndex` over it. The bundled seeds
never come here: they are indexed in memory at every start (`memory.index_in_memory`).

Each indexed document carries a stored `stamp`, a digest of everything the index is built from
(id, title, text and the filter fields), so "changed" means changed for search.

Documents are indexed by `whoosh_internals.SegmentBuilder` (Whoosh's file format, without its
per-posting machinery), into a build folder, and each segment is moved into the index and
committed. A long build commits a first batch here and hands the caller a `SearchIndex` over
it, so search starts early; the rest goes to worker processes (`build.WorkerBuild`, one per
CPU), each building one segment, the first also re-indexing the first batch so that its
segment replaces that batch's. Shorter updates stay in this process, in doubling batches. On a
Whoosh release other than the one `whoosh_internals` was written for, each batch goes through
Whoosh's own writer instead, in this process. See docs/search-internals.md.

Faults never lose the corpus:
- Whoosh commits are atomic (a new table of contents is written last); a build killed at any
  moment leaves the last committed batch readable, and the next start indexes only the rest.
  Segments are written in a build folder of their own (a commit deletes the index folder's
  unlisted segment files) and moved in just before their commit; a killed build's folder is
  removed by the next one, and its workers exit when their input closes.
- One build at a time: a build lock is held across the batches (Whoosh's own writer lock is
  free between two commits).
- An index that cannot be opened or read (truncated or corrupt files) is deleted and rebuilt,
  with a notice; so is an index written by another version of this schema.
- A cache folder that cannot be written, a full disk, or another instance holding the writer's
  lock, leaves the app working on an in-memory index, with a notice.
- Worker processes that cannot start leave the build to this process; one that dies leaves the
  rest to this process, with a notice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.filedb.filestore import Storage
from whoosh.index import LockError

from index.model import Readout
from index.search import disk, growing, whoosh_internals
from index.search.build import FLUSH_EVERY, Indexed, WorkerBuild
from index.search.disk import stamp
from index.search.equivalents import default_equivalents, person_names
from index.search.memory import first_by_id
from index.search.schema import document
from index.search.searcher import SearchIndex
from index.search.whoosh_internals import Segment, SegmentBuilder
from index.workers import WorkerError, usable_cpus

REBUILD_MIN = 500
REBUILD_SHARE = 0.5
"""An update that would delete at least `REBUILD_MIN` documents, and more than this share of
the index, rebuilds it instead (see `_Update.worth_rebuilding`)."""
BATCH_SIZE = 250
"""Documents in the first committed batch; each later batch is twice the one before. Each
commit makes what is indexed so far searchable: search should not wait for a long first
build to end."""
BATCH_SECONDS = 2.0
"""...and the first batch is committed after this many seconds if it is not full by then."""
PARALLEL_MIN = 1000
"""Documents left after the first batch from which the rest is indexed in worker processes
(below it, starting the processes costs more than they save)."""
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


@dataclass(frozen=True)
class BuildOptions:
    """How an update indexes its documents (see `open_search_index`)."""

    progress: Callable[[int, int], None] | None = None
    on_partial: Callable[[SearchIndex, int, int], None] | None = None
    batch_size: int = BATCH_SIZE
    batch_seconds: float = BATCH_SECONDS
    workers: int | None = None


@dataclass(frozen=True)
class _Update:
    """What an update changes: the stamp each readout should have, the indexed documents to
    delete (gone or changed) and the readouts to index (new or changed)."""

    wanted: dict[str, str]
    stale: list[str]
    fresh: list[Readout]

    @classmethod
    def between(
        cls, by_id: dict[str, Readout], wanted: dict[str, str], have: Mapping[str, str]
    ) -> _Update:
        stale = [rid for rid, st in have.items() if wanted.get(rid) != st]
        fresh = [by_id[rid] for rid, st in wanted.items() if have.get(rid) != st]
        return cls(wanted, stale, fresh)

    def worth_rebuilding(self, indexed: int) -> bool:
        """Whether most indexed documents would be deleted (a new version's stamps, a folder
        rewritten). Deleted documents keep their postings in the old segments, and every
        search pays for walking them: a fresh build costs less than that and than merging."""
        return len(self.stale) >= REBUILD_MIN and len(self.stale) > REBUILD_SHARE * indexed


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
    `total`. The returned index covers them all. Of two readouts with the same id, the first
    is indexed.

    `stamps` maps readout ids to `stamp(readout)` when the caller has them already (a readout
    missing from it is stamped here). `token` names this exact corpus (`Corpus.token`): when
    the index was left complete for the same token and nothing has committed since, it is
    opened without reading every document's stamp.

    Why doubling, and why one segment per worker: every commit writes a segment, and Whoosh's
    merge of segments costs nearly what indexing their documents cost. Batches committed
    without merging leave few segments, and only the last commit merges (the small segments of
    past incremental updates).
    """
    options = BuildOptions(progress, on_partial, batch_size, batch_seconds, workers)
    report = StoreReport()
    # An index built in this process while the files were read is new: updated below.
    early = growing.finish(folder, progress)
    by_id = first_by_id(readouts)
    if rebuild and not early:
        shutil.rmtree(folder, ignore_errors=True)
    ix = disk.open_existing(folder, report.notices)
    if ix is not None and disk.trusted(folder, ix, token):
        report.kept = len(by_id)
        return _complete(ix, by_id), report
    ix, have = disk.indexed_stamps(ix, folder, report.notices)
    known = stamps or {}
    wanted = {rid: known.get(rid) or stamp(r) for rid, r in by_id.items()}
    update = _Update.between(by_id, wanted, have)
    if ix is not None and not rebuild and update.worth_rebuilding(len(have)):
        # Most documents changed: a fresh build, as `rebuild` would have done.
        shutil.rmtree(folder, ignore_errors=True)
        ix, have = None, {}
        update = _Update.between(by_id, wanted, have)
    if ix is None:
        ix = disk.create(folder, report.notices)
        if ix is None:
            return _in_memory(readouts, report, progress), report
    report.kept = len(have) - len(update.stale)
    if update.stale or update.fresh:
        built = _apply(ix, folder, by_id, update, report, options)
        if built is None:
            return _in_memory(readouts, report, progress), report
    else:
        built = _complete(ix, by_id)
    disk.trust(folder, ix, token)
    return built, report


def open_trusted(
    readouts: Mapping[str, Readout], folder: Path, token: str, publishers: Sequence[str]
) -> SearchIndex | None:
    """The index in `folder` when it was left complete for the corpus named `token`, over
    `readouts` (by id: a mapping that reads each record when asked for will do, nothing else
    is read); None when it was not (open it with `open_search_index`)."""
    ix = disk.open_existing(folder, [])
    if ix is None or not disk.trusted(folder, ix, token):
        return None
    return SearchIndex(
        ix,
        readouts,
        default_equivalents(),
        exact_generation=ix.latest_generation(),
        publishers=publishers,
    )


def _complete(ix: index.Index, by_id: dict[str, Readout]) -> SearchIndex:
    """A `SearchIndex` over `ix`, whose latest generation holds exactly `by_id`."""
    return SearchIndex(ix, by_id, default_equivalents(), exact_generation=ix.latest_generation())


def _in_memory(
    readouts: Sequence[Readout],
    report: StoreReport,
    progress: Callable[[int, int], None] | None,
) -> SearchIndex:
    """All of `readouts` indexed in memory, as the seeds are (`SearchIndex.build`)."""
    report.in_memory = True
    built = SearchIndex.build(readouts, progress=progress)
    report.added = len(built)
    return built


IN_MEMORY_LOCKED = "another readouts-tui is updating this index: searching in memory"


def _apply(
    ix: index.Index,
    folder: Path,
    by_id: dict[str, Readout],
    update: _Update,
    report: StoreReport,
    options: BuildOptions,
) -> SearchIndex | None:
    """`update` written into `ix` (see `_Build`), holding the build lock throughout; None
    (with a notice) when this instance cannot write it: the caller searches in memory."""
    # Held for the whole update: between batches Whoosh's own writer lock is free, and a
    # second instance must not start indexing the same documents in that gap.
    with disk.build_lock(folder) as held:
        if not held:
            report.notices.append(IN_MEMORY_LOCKED)
            return None
        build = _Build(ix, folder, by_id, update, report, options)
        try:
            return build.run()
        except (LockError, OSError) as exc:
            # Another instance's writer, or a full or failing disk: what was committed
            # before stays valid on disk; this run searches in memory and says so.
            if isinstance(exc, LockError):
                report.notices.append(IN_MEMORY_LOCKED)
            else:
                report.notices.append(
                    f"search index not saved ({exc.strerror or exc}): searching in memory"
                )
            return None
        finally:
            build.cleanup()


class _Build:
    """One update of the index: delete `update.stale`, add `update.fresh`; see
    `open_search_index`."""

    def __init__(
        self,
        ix: index.Index,
        folder: Path,
        by_id: dict[str, Readout],
        update: _Update,
        report: StoreReport,
        options: BuildOptions,
    ) -> None:
        self.ix = ix
        self.schema: fields.Schema = ix.schema  # type: ignore[attr-defined]
        self.folder = folder
        self.by_id = by_id
        self.wanted = update.wanted
        self.stale = update.stale
        self.fresh = update.fresh
        self.report = report
        self.progress = options.progress
        self.on_partial = options.on_partial
        self.batch_size = max(1, options.batch_size)
        self.batch_seconds = options.batch_seconds
        workers = options.workers
        self.workers = min(MAX_WORKERS, usable_cpus()) if workers is None else workers
        self.equivalents = default_equivalents()
        self.known = person_names()
        self.pending = list(self.stale)
        """Deletions not committed yet: they go with the first commit."""
        fresh_ids = {r.id for r in self.fresh}
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
        # A killed build's orphaned workers may write into its folder after the sweep at the
        # start: once their process is gone, that folder goes too.
        for old in self.build.parent.glob("build-*"):
            if not disk.alive(old.name.split("-")[1]):
                shutil.rmtree(old, ignore_errors=True)

    def storage(self) -> Storage:
        """The build folder, where segments are written before they are committed."""
        if self.build_storage is None:
            self.build.mkdir()
            self.build_storage = disk.storage(self.build)
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
        if rest >= PARALLEL_MIN and self.workers > 1 and whoosh_internals.fast():
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
        self,
        segments: Sequence[tuple[Segment, str]],
        *,
        merge: bool,
        drop: Collection[Segment] = (),
    ) -> None:
        """Move the segments' files (name: the compound file) from the build folder into the
        index and commit them with the pending deletions."""
        writer = self.ix.writer(timeout=disk.LOCK_WAIT, delay=0.1)
        try:
            for rid in self.pending:
                writer.delete_by_term("id", rid)
            for _, name in segments:
                os.replace(self.build / name, self.folder / name)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        whoosh_internals.commit_segments(writer, [s for s, _ in segments], merge=merge, drop=drop)
        self.pending = []

    def write_batch(self, batch: Sequence[Readout], limit: float, left: int) -> int:
        """Index and commit the first documents of `batch` indexed within `limit` seconds (at
        least one) with the pending deletions, merging when they are the last of the `left`
        documents to index; return how many were indexed."""
        if not whoosh_internals.fast():
            return self.write_batch_public(batch, limit, left)
        if batch:
            segment, name, added = self.build_batch(batch, limit)
            segments = [(segment, name)]
        else:  # only deletions
            segments, added = [], 0
        self.commit(segments, merge=added >= left)
        return added

    def write_batch_public(self, batch: Sequence[Readout], limit: float, left: int) -> int:
        """`write_batch` with Whoosh's own writer (see `whoosh_internals.fast`)."""
        writer = self.ix.writer(timeout=disk.LOCK_WAIT, delay=0.1)
        try:
            for rid in self.pending:
                writer.delete_by_term("id", rid)
            added = 0
            started = time.monotonic()
            for readout in batch:
                writer.add_document(**self.doc(readout))
                added += 1
                self.tick(1)
                if time.monotonic() - started > limit:
                    break
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        writer.commit(
            mergetype=whoosh_internals.merge_small if added >= left else None, merge=added >= left
        )
        self.pending = []
        return added

    def build_batch(self, batch: Sequence[Readout], limit: float) -> tuple[Segment, str, int]:
        """A segment of the first documents of `batch` indexed within `limit` seconds (at
        least one): the segment, its file's name and how many documents it holds."""
        builder = SegmentBuilder(self.schema, self.storage(), disk.INDEX_NAME)
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
            added = self.write_batch(batch, limit, len(fresh) - at)
            last = at + added >= len(fresh)
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
                indexname=disk.INDEX_NAME,
                workers=self.workers,
                first=[self.doc(r) for r in lead],
                flush_every=FLUSH_EVERY if self.on_partial is not None else None,
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
            # Replaced by worker 0's first long segment, which holds the lead; and each
            # worker's early segments by its next long one.
            replaced: dict[int, list[Segment]] = {0: [segment]}
            seen: set[int] = set()
            for event in pool.events():
                if isinstance(event, Indexed):
                    # A worker's first message for worker 0 is the lead, partly counted here.
                    lead_docs = event.worker == 0 and 0 not in seen
                    seen.add(event.worker)
                    self.tick(event.docs - added if lead_docs else event.docs)
                    continue
                early = replaced.setdefault(event.worker, [])
                drop = [] if event.early else early
                self.commit([(event.segment, event.filename)], merge=False, drop=drop)
                if event.early:
                    early.append(event.segment)
                else:
                    replaced[event.worker] = []
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
        if whoosh_internals.segment_count(self.ix) > 3:
            # Whoosh's merge policy would merge some (old, small) segments: as in_process's
            # last commit does.
            self.commit([], merge=True)
