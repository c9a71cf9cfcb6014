"""Building a segment per worker process: the long part of a first start, off the app's process.

`WorkerBuild` sends documents to child processes (see `index.workers`); each feeds them to a
`whoosh_internals.SegmentBuilder` and writes its segment into the build folder, a folder of its
own inside the index folder (a commit in the index folder deletes every segment file its table
of contents does not name, and so would delete a segment still being written). `store` moves
each finished compound file into the index and commits it. Only on `whoosh_internals.fast()`:
Whoosh's public writer cannot hand a segment from one process to another.

A builder holds its postings in memory, so a worker writes its segment out once it holds
`MAX_POSTINGS` and starts another.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from index.search.whoosh_internals import Segment, SegmentBuilder
from index.workers import Worker, WorkerError, serve

MAX_POSTINGS = 4_000_000
"""Postings a builder holds before a worker writes its segment out (see docs/search-internals.md
for the memory a posting takes)."""


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


@dataclass
class Indexed:
    """A worker has indexed `docs` more documents (the contents of one message)."""

    docs: int
    worker: int


class WorkerBuild:
    """Index the documents of `chunks` in `workers` child processes (see `index.workers`),
    each writing its segments into the folder `build`; `first` goes to worker 0 before
    anything else (so that it ends up in that worker's first segment).

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
    ) -> None:
        self._events: queue.Queue[tuple[int, Any]] = queue.Queue()
        self._chunks = chunks
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._pool: list[Worker] = []
        start = ("start", schema, str(build), indexname, max_postings)
        try:
            for key in range(workers):
                self._pool.append(Worker(WORKER_MAIN, key, self._events))
        except BaseException:
            self.stop()
            raise
        for worker in self._pool:
            lead = first if worker.key == 0 else ()
            threading.Thread(target=self._feed, args=(worker, start, lead), daemon=True).start()

    def _feed(self, worker: Worker, start: Any, lead: Sequence[dict[str, Any]]) -> None:
        messages: list[Any] = [start, ("docs", list(lead))] if lead else [start]
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
                yield Built(message[1], message[2], message[3], key)
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
    builder: SegmentBuilder | None = None
    ids: list[str] = []
    start: tuple[fields.Schema, FileStorage, str, int] | None = None

    def flush(answer: Callable[[Any], None]) -> None:
        nonlocal builder, ids
        if builder is not None and builder.docs:
            answer(("segment", builder.write(), builder.filename, ids))
        builder, ids = None, []

    def handle(message: Any, answer: Callable[[Any], None]) -> bool:
        nonlocal builder, start
        try:
            if message[0] == "start":
                schema, folder, indexname, max_postings = message[1:]
                storage = FileStorage(folder)  # type: ignore[no-untyped-call]
                start = (schema, storage, indexname, max_postings)
                return True
            assert start is not None
            if message[0] == "end":
                flush(answer)
                answer(("done",))
                return False
            docs = message[1]
            for doc in docs:
                if builder is None:
                    builder = SegmentBuilder(start[0], start[1], start[2])
                builder.add(doc)
                ids.append(doc["id"])
            answer(("indexed", len(docs)))
            if builder is not None and builder.postings >= start[3]:
                flush(answer)
            return True
        except OSError as exc:
            answer(("oserror", exc.errno, exc.strerror or str(exc)))
            return False
        except Exception as exc:
            answer(("error", f"{exc.__class__.__name__}: {exc}"))
            return False

    serve(handle)
