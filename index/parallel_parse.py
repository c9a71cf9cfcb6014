"""Parsing many files at once in worker processes (a first start of a large folder).

`parse_files(files)` runs `index.corpus.parse_path` on each file and yields `(path, readouts,
skipped)` as results come in, in no particular order. With many files the work goes to worker
processes (`index.workers`: fresh interpreters, safe to start from the app's threads), a chunk
of files per message so that pickling costs little beside parsing; each worker has two chunks
in hand, so it never waits for the next. With few files, or when processes cannot be started,
everything is parsed here. A worker that dies leaves its files to this process: every file is
answered for once, and a file that cannot be parsed is a `Skip`, never an exception.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from index.corpus import parse_path
from index.model import Readout, Skip
from index.workers import Worker, serve, usable_cpus

PARALLEL_MIN = 200
"""Files from which worker processes pay for their start, imports included (see
docs/corpus.md for the figures and how to measure them again)."""
MAX_WORKERS = 4
CHUNK = 32
"""Files per message to a worker."""
WORKER_MAIN = "index.parallel_parse.serve_parse"
"""What a worker process runs."""

Parsed = tuple[Path, list[Readout], list[Skip]]


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
    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
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
        for worker in pool:
            give(worker)
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


def serve_parse() -> None:
    """A worker process's main function: chunks of file paths in, parsed readouts out."""

    def handle(message: Any, answer: Callable[[Any], None]) -> bool:
        _, number, paths = message
        answer(("parsed", number, [_parse(Path(p)) for p in paths]))
        return True

    serve(handle)
