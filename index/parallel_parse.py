"""Parsing many files at once in worker processes (a first start of a large folder).

`parse_files(files)` runs `index.corpus.parse_path` on each file and yields `(path, readouts,
skipped)` as results come in, in no particular order. `parse_collection(path)` does the same
work for the documents of one large collection (`.jsonl`, `.jsonl.gz`, `.jsonl.xz`): a folder
of a few such files of thousands of documents each would otherwise be parsed by one process.

With many files the work goes to worker processes (`index.workers`: fresh interpreters, safe
to start from the app's threads), a chunk of files per message so that pickling costs little
beside parsing; each worker has two chunks in hand, so it never waits for the next. With few
files, or when processes cannot be started, everything is parsed here. A worker that dies
leaves its files to this process: every file is answered for once, and a file that cannot be
parsed is a `Skip`, never an exception.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from index.corpus import COLLECTION_SUFFIXES, parse_path, parse_raw, read_path
from index.model import RawDoc, Readout, Skip
from index.workers import Worker, serve, usable_cpus

PARALLEL_MIN = 200
"""Files from which worker processes pay for their start, imports included (see
docs/corpus.md for the figures and how to measure them again)."""
MAX_WORKERS = 4
CHUNK = 32
"""Files per message to a worker."""
WORKER_MAIN = "index.parallel_parse.serve_parse"
"""What a worker process runs."""

COLLECTION_BYTES = 2 * 1024 * 1024
"""A collection file from this size (on disk, compressed or not: about 150 White House
documents as `.jsonl`, a thousand as `.jsonl.xz`) has its documents parsed in worker processes."""
DOCS_CHUNK = 64
"""Documents per message to a worker (`parse_collection`)."""
FIRST_CHUNK = 8
"""Files, or a collection's documents, in each worker's first message: the first readouts
come back within a fraction of a second of the workers' start, so that a first start lists
and indexes something at once (the later, bigger messages keep pickling cheap)."""

Parsed = tuple[Path, list[Readout], list[Skip]]


def _big_collection(path: Path) -> bool:
    try:
        return path.name.lower().endswith(COLLECTION_SUFFIXES) and (
            path.stat().st_size >= COLLECTION_BYTES
        )
    except OSError:
        return False


def in_workers(files: Sequence[Path]) -> bool:
    """Whether parsing `files` goes to worker processes (`parse_files` of many files, or
    `parse_collection` of a large collection): a read long enough for the first start to
    index what it reads as it comes."""
    if min(MAX_WORKERS, usable_cpus()) < 2:
        return False
    return len(files) >= PARALLEL_MIN or any(_big_collection(f) for f in files)


def _parse(path: Path) -> Parsed:
    try:
        readouts, skipped = parse_path(path)
    except Exception as exc:  # parse_path never raises; if it ever does, one file is lost
        return path, [], [Skip(str(path), f"could not be parsed: {exc.__class__.__name__}: {exc}")]
    return path, readouts, skipped


def parse_files(files: Sequence[Path], *, workers: int | None = None) -> Iterator[Parsed]:
    """`(path, *parse_path(path))` for each of `files`, as they are parsed (in worker
    processes when there are `PARALLEL_MIN` files or more; `workers` defaults to one per CPU,
    at most `MAX_WORKERS`)."""
    files = list(files)
    count = min(MAX_WORKERS, usable_cpus()) if workers is None else workers
    count = min(count, -(-len(files) // CHUNK))
    if len(files) < PARALLEL_MIN or count < 2:
        yield from map(_parse, files)
        return
    events: queue.Queue[tuple[int, Any]] = queue.Queue()
    pool: list[Worker] = []
    try:
        for key in range(count):
            pool.append(Worker(WORKER_MAIN, key, events))
    except OSError:  # no processes here
        for worker in pool:
            worker.stop()
        yield from map(_parse, files)
        return
    first = files[: FIRST_CHUNK * count]  # one small message each first (`FIRST_CHUNK`)
    chunks = [first[i : i + FIRST_CHUNK] for i in range(0, len(first), FIRST_CHUNK)]
    chunks += [files[i : i + CHUNK] for i in range(len(first), len(files), CHUNK)]
    chunks.reverse()  # popped from the end: in file order
    sent: dict[int, dict[int, list[Path]]] = {w.key: {} for w in pool}
    """Per worker, the chunks it has and has not answered yet, by number."""
    alive = {w.key for w in pool}
    number = 0

    def give(worker: Worker) -> None:
        nonlocal number
        if not chunks:
            worker.close_input()  # nothing more: the worker exits when done
            return
        chunk = chunks.pop()
        number += 1
        sent[worker.key][number] = chunk
        # A worker gone: its reader reports it, and its chunks come back here.
        with contextlib.suppress(OSError):
            worker.send(("parse", number, [str(p) for p in chunk]))

    try:
        for _ in range(2):  # two messages in hand each, a small one first
            for worker in pool:
                give(worker)
        while alive:
            key, message = events.get()
            if message is None or message[0] != "parsed":
                # The worker died (or could not answer): its unanswered files are parsed here.
                alive.discard(key)
                pool[key].stop()
                for chunk in sent.pop(key, {}).values():
                    yield from map(_parse, chunk)
                continue
            sent[key].pop(message[1], None)
            yield from message[2]
            give(pool[key])
        # Every worker gone with files still waiting: this process takes them.
        while chunks:
            yield from map(_parse, chunks.pop())
    finally:
        for worker in pool:
            worker.stop()


def _parse_items(items: list[RawDoc | Skip]) -> list[Readout | Skip]:
    """Each document of a collection parsed (a `Skip` from reading passes through): what
    `parse_path` does with each."""
    return [item if isinstance(item, Skip) else parse_raw(item) for item in items]


def parse_collection(
    path: Path,
    *,
    on_document: Callable[[list[Readout]], None] | None = None,
    workers: int | None = None,
) -> tuple[list[Readout], list[Skip]]:
    """`parse_path(path, on_document=...)`, the same readouts and skips in the same order,
    with the documents of a large collection parsed in worker processes: this process reads
    and decodes the lines, `DOCS_CHUNK` documents go to a worker per message, two messages in
    hand per worker, and the answers are put back in file order (`on_document` is called as
    each chunk comes in order). Other files, small collections, or no processes to be had:
    parsed here. A worker that dies leaves its documents to this process."""
    count = min(MAX_WORKERS, usable_cpus()) if workers is None else workers
    if not _big_collection(path) or count < 2:
        return parse_path(path, on_document=on_document)
    events: queue.Queue[tuple[int, Any]] = queue.Queue()
    pool: list[Worker] = []
    try:
        for key in range(count):
            pool.append(Worker(WORKER_MAIN, key, events))
    except OSError:
        for worker in pool:
            worker.stop()
        return parse_path(path, on_document=on_document)
    readouts: list[Readout] = []
    skipped: list[Skip] = []
    items = iter(read_path(path))
    sent: dict[int, dict[int, list[RawDoc | Skip]]] = {w.key: {} for w in pool}
    done: dict[int, list[Readout | Skip]] = {}
    alive = {w.key for w in pool}
    number = 0  # chunks sent
    released = 0  # chunks put in order into readouts/skipped

    def give(worker: Worker) -> None:
        nonlocal number
        size = FIRST_CHUNK if number < count else DOCS_CHUNK  # `FIRST_CHUNK`: one each first
        chunk = [item for _, item in zip(range(size), items, strict=False)]
        if not chunk:
            worker.close_input()
            return
        number += 1
        sent[worker.key][number] = chunk
        with contextlib.suppress(OSError):  # gone: its reader reports it, the chunk comes back
            worker.send(("docs", number, chunk))

    def release() -> None:
        nonlocal released
        while released + 1 in done:
            released += 1
            for item in done.pop(released):
                if isinstance(item, Skip):
                    skipped.append(item)
                else:
                    readouts.append(item)
            if on_document is not None:
                on_document(readouts)

    try:
        for _ in range(2):  # two messages in hand each, a small one first
            for worker in pool:
                give(worker)
        while alive:
            key, message = events.get()
            if message is None or message[0] != "parsed-docs":
                alive.discard(key)
                pool[key].stop()
                for n, chunk in sent.pop(key, {}).items():
                    done[n] = _parse_items(chunk)
                release()
                continue
            sent[key].pop(message[1], None)
            done[message[1]] = message[2]
            release()
            give(pool[key])
        while True:  # every worker gone with documents still unread: this process takes them
            rest = [item for _, item in zip(range(DOCS_CHUNK), items, strict=False)]
            if not rest:
                break
            number += 1
            done[number] = _parse_items(rest)
            release()
    finally:
        for worker in pool:
            worker.stop()
    return readouts, skipped


def serve_parse() -> None:
    """A worker process's main function: chunks of file paths (or of a collection's
    documents) in, parsed readouts out."""

    def handle(message: Any, answer: Callable[[Any], None]) -> bool:
        kind, number, payload = message
        if kind == "docs":
            answer(("parsed-docs", number, _parse_items(payload)))
        else:
            answer(("parsed", number, [_parse(Path(p)) for p in payload]))
        return True

    serve(handle)
