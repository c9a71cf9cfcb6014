"""Building a segment per worker process: the long part of a first start, off the app's process.

`WorkerBuild` sends documents to child processes (see `index.workers`); each feeds them to a
`whoosh_internals.SegmentBuilder` and writes its segment into the build folder, a folder of its
own inside the index folder (a commit in the index folder deletes every segment file its table
of contents does not name, and so would delete a segment still being written). `store` moves
each finished compound file into the index and commits it. Only on `whoosh_internals.fast()`:
Whoosh's public writer cannot hand a segment from one process to another.

A builder holds its postings in memory, so a worker writes its segment out once it holds
`MAX_POSTINGS` and starts another.

While the app waits for a first index, a worker also hands over what it indexed in the last
`FLUSH_EVERY` seconds as a small segment of its own (an *early* segment, from a second builder
fed the same analysed documents: each document is tokenized once), so that the searchable part
grows every few seconds; its long segment, once written, replaces the early segments it covers.
Its first early segment is written as soon as its first message is indexed, and an empty
message (no documents came for a while) has it write what it holds at once.
The index ends nearly as it would without them: one segment per worker (per `MAX_POSTINGS`;
a worker's first long segment is due earlier, at its share of `MAX_POSTINGS`, so that the
workers do not all stop to write one at once).
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from index.heap import Pacer, give_back
from index.search.whoosh_internals import Segment, SegmentBuilder
from index.workers import Worker, WorkerError, serve

MAX_POSTINGS = 3_000_000
"""Postings a builder holds before a worker writes its segment out (see docs/search-internals.md
for the memory a posting takes)."""


FLUSH_EVERY = 2.0
"""Seconds between two early segments of a worker (see the module docstring)..."""
FIRST_FLUSH = 0.0
"""...and before its first: the first search of a first start waits for it, so a worker
writes its first early segment as soon as it has indexed its first message."""
EARLY_DOCS = 10_000
"""Documents a worker indexes into early segments as well; past them, its search grows at each
long segment only. Each document in an early segment is indexed and written twice (there and
in the long segment that replaces it): docs/search-internals.md says what that cost."""

WORKER_MAIN = "index.search.build.serve_build"
"""What a worker process runs."""


@dataclass
class Built:
    """A segment written by a worker: move `filename` from the build folder into the index and
    commit `segment`, which holds the documents with these `ids`."""

    segment: Segment
    filename: str
    ids: list[str]
    worker: int
    early: bool = False
    """An early segment: the worker's next long one (not early) holds its documents again and
    replaces it."""


@dataclass
class Indexed:
    """A worker has indexed `docs` more documents (the contents of one message)."""

    docs: int
    worker: int


class WorkerBuild:
    """Index the documents of `chunks` in `workers` child processes (see `index.workers`),
    each writing its segments into the folder `build`; `first` goes to worker 0 before
    anything else (so that it ends up in that worker's first segment; never in an early one).
    `flush_every`: seconds between early segments (None: none, only long segments).

    The processes start at once (OSError when they cannot); `events()` then yields, in the
    caller's thread, `Indexed` as workers get through their messages and `Built` for each
    segment written. A worker is sent the next chunk when it has read the one before, so a
    slower worker simply takes fewer. `events()` raises OSError when a worker could not write
    (a full disk: the errno is kept) and WorkerError when one died; `stop()` kills them all.
    """

    def __init__(
        self,
        chunks: Iterator[list[dict[str, Any]]],
        *,
        schema: fields.Schema,
        build: Path,
        indexname: str,
        workers: int,
        first: Sequence[dict[str, Any]] = (),
        max_postings: int = MAX_POSTINGS,
        flush_every: float | None = None,
    ) -> None:
        self._events: queue.Queue[tuple[int, Any]] = queue.Queue()
        self._chunks = chunks
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._pool: list[Worker] = []
        try:
            for key in range(workers):
                self._pool.append(Worker(WORKER_MAIN, key, self._events))
        except BaseException:
            self.stop()
            raise
        for worker in self._pool:
            lead = first if worker.key == 0 else ()
            # While the app waits (early segments), the workers' first long segments are due
            # at different sizes: each worker stops indexing while it writes one (most of a
            # minute on a loaded machine), and the searchable part should not stop growing
            # because all of them write at once.
            share = max_postings * (worker.key + 1) // workers
            due = max_postings if flush_every is None else share
            start = ("start", schema, str(build), indexname, max_postings, flush_every, due)
            threading.Thread(target=self._feed, args=(worker, start, lead), daemon=True).start()

    def _feed(self, worker: Worker, start: Any, lead: Sequence[dict[str, Any]]) -> None:
        messages: list[Any] = [start, ("lead", list(lead))] if lead else [start]
        while not self._stopping.is_set():
            try:
                with self._lock:
                    chunk = next(self._chunks, None)
            except BaseException as exc:  # making the documents failed: events() re-raises it
                self._events.put((-1, exc))
                return
            messages.append(("docs", chunk) if chunk is not None else ("end",))
            try:
                for message in messages:
                    worker.send(message)
            except OSError:  # the worker is gone: its reader says so
                return
            messages = []
            if chunk is None:
                return

    def events(self) -> Iterator[Indexed | Built]:
        finished: set[int] = set()
        while len(finished) < len(self._pool):
            key, message = self._events.get()
            if key < 0:
                raise message
            if message is None:
                if key not in finished:
                    raise WorkerError(self._pool[key].stderr_tail() or "a worker stopped")
                continue
            kind = message[0]
            if kind == "indexed":
                yield Indexed(message[1], key)
            elif kind == "segment":
                yield Built(message[1], message[2], message[3], key, message[4])
            elif kind == "done":
                finished.add(key)
            elif kind == "oserror":
                raise OSError(message[1], message[2])
            else:
                raise WorkerError(message[1])

    def stop(self) -> None:
        self._stopping.set()
        for worker in self._pool:
            worker.stop()


def serve_build() -> None:
    """A worker process's main function: documents in, segments out (see `WorkerBuild`)."""
    gc.disable()  # millions of long-lived postings and no cycles: collections only cost here
    state = _Serving()

    def handle(message: Any, answer: Callable[[Any], None]) -> bool:
        try:
            return state.handle(message, answer)
        except OSError as exc:
            answer(("oserror", exc.errno, exc.strerror or str(exc)))
            return False
        except Exception as exc:
            answer(("error", f"{exc.__class__.__name__}: {exc}"))
            return False

    serve(handle)


class _Serving:
    """A worker's builders: the long one (the index's final shape) and, when early segments
    are asked for, the early one, fed the same analysed documents."""

    def __init__(self) -> None:
        self.long: SegmentBuilder | None = None
        self.ids: list[str] = []
        self.early: SegmentBuilder | None = None
        self.early_ids: list[str] = []
        self.flushed = time.monotonic()
        self.pacer = Pacer()
        self.early_written = False
        self.indexed = 0
        """Documents indexed so far (the first `EARLY_DOCS` go into early segments too)."""
        self.start: tuple[fields.Schema, FileStorage, str, int, float | None] | None = None
        self.due = 0
        """Postings at which the long segment is written (`MAX_POSTINGS`, or less for a
        worker's first one while the app waits: see `WorkerBuild`)."""

    def builder(self) -> SegmentBuilder:
        assert self.start is not None
        return SegmentBuilder(self.start[0], self.start[1], self.start[2])

    def handle(self, message: Any, answer: Callable[[Any], None]) -> bool:
        kind = message[0]
        if kind == "start":
            schema, folder, indexname, max_postings, flush_every, self.due = message[1:]
            storage = FileStorage(folder)  # type: ignore[no-untyped-call]
            self.start = (schema, storage, indexname, max_postings, flush_every)
            self.flushed = time.monotonic()
            return True
        assert self.start is not None
        if kind == "end":
            self.flush_long(answer)
            answer(("done",))
            return False
        docs = message[1]
        early = kind == "docs" and self.start[4] is not None and self.indexed < EARLY_DOCS
        self.indexed += len(docs)
        for doc in docs:
            if self.long is None:
                self.long = self.builder()
            analysed = self.long.analyse(doc)
            self.long.add_analysed(analysed)
            self.ids.append(doc["id"])
            if early:
                if self.early is None:
                    self.early = self.builder()
                self.early.add_analysed(analysed)
                self.early_ids.append(doc["id"])
        answer(("indexed", len(docs)))
        self.pacer.step()  # the documents' texts, freed between postings that stay
        if self.long is not None and self.long.postings >= self.due:
            if self.start[4] is not None:  # searchable before the long write, not after it
                self.flush_early(answer)
            self.flush_long(answer)
            self.due = self.start[3]
        elif self.start[4] is not None and (
            not docs  # nothing more for now: what it holds, searchable now
            or time.monotonic() - self.flushed
            >= (self.start[4] if self.early_written else min(FIRST_FLUSH, self.start[4]))
        ):
            self.flush_early(answer)
        return True

    def flush_early(self, answer: Callable[[Any], None]) -> None:
        """Write the early segment, if it holds anything (a worker that was given nothing
        for a while writes its next one as soon as it has documents again)."""
        if self.early is not None and self.early.docs:
            answer(("segment", self.early.write(), self.early.filename, self.early_ids, True))
            self.early_written = True
            self.flushed = time.monotonic()
        self.early, self.early_ids = None, []

    def flush_long(self, answer: Callable[[Any], None]) -> None:
        if self.early is not None:  # its documents are in the long segment too
            self.early.discard()
        self.early, self.early_ids = None, []
        if self.long is not None and self.long.docs:
            answer(("segment", self.long.write(), self.long.filename, self.ids, False))
        self.long, self.ids = None, []
        self.flushed = time.monotonic()
        give_back()  # a segment's postings, all freed at once (index/heap.py)
