"""An index that grows while a first start is still reading the files.

On a first start the files are parsed (minutes, on a large folder) before the corpus is
complete, and only the complete corpus has its final ids. Search should not wait that long: an
`EarlyBuild` indexes the readouts read so far as they come (the provisional corpora that
`index.cache.load_corpus_cached` hands out), in worker processes (`build.WorkerBuild`, with
early segments every `build.FLUSH_EVERY` seconds), committing into the corpus's on-disk index
and handing out a `SearchIndex` over what is committed after each commit. Reading (this
process) and indexing (the workers) then run side by side.

Each document is stamped (`disk.stamp`) as the provisional readout it was. When the complete
corpus comes, `store.open_search_index` first waits for the early build to end (`finish`), then
updates the index as on any later start: a readout whose stamp is the same (nearly all; ids
change only when a document read later takes an id) is kept, the rest re-indexed.

Only where the fast path is in use (`whoosh_internals.fast()`), for a folder with no index yet,
and from the start of a read of `EARLY_BYTES` or more (its workers then start while the first
files are parsed, and index the first readouts read as soon as they come), else once
`EARLY_MIN` readouts are read: a short read needs none of this.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from index.model import Readout
from index.search import disk, whoosh_internals
from index.search.build import FLUSH_EVERY, Built, Indexed, WorkerBuild
from index.search.equivalents import default_equivalents, person_names
from index.search.schema import document
from index.search.searcher import SearchIndex
from index.search.whoosh_internals import Segment

EARLY_MIN = 500
"""Readouts read before an early build starts (when the read did not start one)..."""
EARLY_BYTES = 2 * 1024 * 1024
"""...and the size of the files to be read from which it starts with the read: seconds of
reading (about 250 White House readouts as Markdown, a thousand in a `.jsonl.xz`)."""
CHUNK = 64
"""Documents per message to a worker."""
QUEUED = 4
"""Messages waiting for a worker at most: when reading outpaces indexing, reading waits,
rather than documents (with their texts) piling up in memory. Reading hands over what it
read in bursts (a list at a time) and waits while the queue is full anyway, so a short
queue keeps the workers as busy as a long one (docs/caches.md)."""
MAX_WORKERS = 4
IDLE = 1.0
"""Seconds without documents to index after which a worker is told to write what it holds."""

OnPartial = Callable[[SearchIndex, int, int], None]

_running: dict[Path, EarlyBuild] = {}
"""The early build of each index folder, in this process, until `finish`."""
_guard = threading.Lock()


class EarlyBuild:
    """Index readouts as they are read (see the module docstring). `on_partial(index,
    searchable, read)` gets a `SearchIndex` over the `searchable` readouts committed so far,
    of the `read` readouts read so far, after each commit (from a thread of this object's)."""

    def __init__(self, folder: Path, on_partial: OnPartial, workers: int) -> None:
        self.folder = folder
        self.on_partial = on_partial
        self.notices: list[str] = []
        self._stack = contextlib.ExitStack()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self._stack.enter_context(disk.build_lock(folder)):
            raise OSError("another readouts-tui is building this index")
        ix = disk.create(folder, self.notices)
        if ix is None:
            self._stack.close()
            raise OSError("index folder not writable")
        self.ix = ix
        self.equivalents = default_equivalents()
        self.known = person_names()
        self.sent: set[str] = set()
        """Ids of the readouts sent to the workers."""
        self.latest: dict[str, Readout] = {}
        """The readouts of the latest corpus read, by id (what a hit is shown as)."""
        self.committed: set[str] = set()
        self.error: BaseException | None = None
        self._closed = False
        self.indexed = 0
        """Documents the workers have indexed (committed or not)."""
        self._queue: queue.Queue[list[dict[str, Any]] | None] = queue.Queue(QUEUED)
        self.build = folder / f"build-{os.getpid()}-{time.monotonic_ns()}"
        self.build.mkdir()
        try:
            self.pool = WorkerBuild(
                self._chunks(),
                schema=ix.schema,  # type: ignore[attr-defined]
                build=self.build,
                indexname=disk.INDEX_NAME,
                workers=workers,
                flush_every=FLUSH_EVERY,
            )
        except BaseException:
            shutil.rmtree(self.build, ignore_errors=True)
            self._stack.close()
            raise
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The documents to index, a message at a time; an empty one when none came for
        `IDLE` seconds (reading is slower, or busy putting the corpus together): the worker
        that gets it writes what it indexed since its last early segment, which would
        otherwise wait for its next documents, or for the end."""
        while True:
            try:
                chunk = self._queue.get(timeout=IDLE)
            except queue.Empty:
                yield []
                continue
            if chunk is None:
                return
            yield chunk

    def feed(self, readouts: Sequence[Readout]) -> None:
        """The readouts read so far (a provisional corpus): those not sent yet go to the
        workers."""
        self.latest = {r.id: r for r in readouts}
        docs = []
        for r in readouts:
            if r.id in self.sent:
                continue
            self.sent.add(r.id)
            doc = document(r, self.known)
            doc["stamp"] = disk.stamp(r)
            docs.append(doc)
            if len(docs) == CHUNK:
                self._put(docs)
                docs = []
        if docs:
            self._put(docs)

    def _put(self, item: list[dict[str, Any]] | None) -> None:
        """Queue `item` for the workers, waiting while the queue is full; dropped once the
        build failed (the final update indexes what is missing)."""
        while self.error is None and not self._closed:
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def end(self) -> None:
        """Nothing more to index: the workers write their last segments and stop."""
        self._put(None)

    def _run(self) -> None:
        replaced: dict[int, list[Segment]] = {}
        try:
            for event in self.pool.events():
                if isinstance(event, Indexed):
                    self.indexed += event.docs
                    continue
                self._commit(event, replaced)
        except BaseException as exc:  # a worker died or the disk is full: the final update
            self.error = exc  # indexes what is missing, in the app's own way
            self.pool.stop()

    def _commit(self, event: Built, replaced: dict[int, list[Segment]]) -> None:
        early = replaced.setdefault(event.worker, [])
        writer = self.ix.writer(timeout=disk.LOCK_WAIT, delay=0.1)
        try:
            os.replace(self.build / event.filename, self.folder / event.filename)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        drop = [] if event.early else early
        whoosh_internals.commit_segments(writer, [event.segment], merge=False, drop=drop)
        if event.early:
            early.append(event.segment)
        else:
            replaced[event.worker] = []
        self.committed.update(event.ids)
        latest = self.latest
        searchable = {rid: latest[rid] for rid in self.committed if rid in latest}
        self.on_partial(
            SearchIndex(self.ix, searchable, self.equivalents), len(searchable), len(latest)
        )

    def finish(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Wait for the workers to index what they were sent, then let go of the index;
        `progress(indexed, sent)` now and then meanwhile (whatever it raises stops the build
        and is raised: what is committed stays)."""
        try:
            self.end()
            while self._thread.is_alive():
                self._thread.join(0.25)
                if progress is not None:
                    progress(min(self.indexed, len(self.sent)), len(self.sent))
        finally:
            self.close()

    def close(self) -> None:
        """Stop at once (what is committed stays); let go of the build lock."""
        self._closed = True
        with contextlib.suppress(queue.Full):  # a feeder waiting for a chunk: there are none
            self._queue.put_nowait(None)
        self.pool.stop()
        shutil.rmtree(self.build, ignore_errors=True)
        self._stack.close()
        with _guard:
            if _running.get(self.folder) is self:
                del _running[self.folder]


def start(folder: Path, on_partial: OnPartial, workers: int | None = None) -> EarlyBuild | None:
    """An early build for the index in `folder`, or None when there should be none: another
    Whoosh release, an index already there, no worker processes, a folder that cannot be
    written, another instance building it."""
    if not whoosh_internals.fast() or folder in _running:
        return None
    if disk.open_existing(folder, []) is not None:
        return None
    from index.workers import usable_cpus

    count = min(MAX_WORKERS, usable_cpus()) if workers is None else workers
    if count < 1:
        return None
    try:
        early = EarlyBuild(folder, on_partial, count)
    except OSError:
        return None
    with _guard:
        _running[folder] = early
    return early


def finish(folder: Path, progress: Callable[[int, int], None] | None = None) -> bool:
    """Wait for the early build of `folder` (if any, in this process) to end, calling
    `progress` meanwhile (see `EarlyBuild.finish`); whether there was one."""
    with _guard:
        early = _running.get(folder)
    if early is not None:
        early.finish(progress)
    return early is not None
