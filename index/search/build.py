"""Writing a Whoosh segment straight from documents, without Whoosh's per-posting machinery.

Whoosh's own writer turns every token into a `Token` object, every posting into a tuple in an
external sort pool (pickled to temporary files and merged back), then reads every posting back
one at a time to write the postings file: ~10 ms a document, nearly all of it per-posting Python.
`SegmentBuilder` keeps a segment's postings in memory, grouped by field and term as documents
arrive (the text fields' terms and positions come from `search_analysis.term_positions`: the
tokenizer the index and the highlighter share, without character offsets), and writes them
sorted, a term's postings a block at a time. The files are Whoosh's own (the default W3 codec:
same postings blocks, term table, lengths and stored-field columns; tests compare them with
Whoosh's writer), so every reader, query and the highlighter work unchanged. 10,000 White
House documents: ~3 ms a document against Whoosh's ~10.

A segment is built in a folder of its own (a build folder inside the index folder), never in
the index folder itself: a commit there deletes every segment file its table of contents does
not name, and so would delete a segment still being written. `search_store` moves the finished
compound file into the index and commits it.

Memory: ~60 bytes a posting (10,000 White House documents have ~4.8 M postings), so a
worker writes its segment out once it holds `MAX_POSTINGS`.
"""

from __future__ import annotations

import gc
import queue
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from pickle import dumps
from struct import Struct
from typing import Any, cast

from whoosh import fields, formats
from whoosh.codec import default_codec
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
)
from whoosh.filedb.filestore import FileStorage, Storage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.util.numeric import byte_to_length, length_to_byte

from index.search.analysis import ReadoutTokenizer, term_positions
from index.workers import Worker, WorkerError, serve

MAX_POSTINGS = 4_000_000
"""Postings a builder holds before its caller should write it out (~250 MB)."""

BLOCK = 128
"""Postings per block: the W3 codec's default `blocklimit`, which readers do not depend on."""
COMPRESSION = 1
"""zlib level of postings blocks (the W3 codec writes 3; any level reads the same): level 1
compresses ~1.5x faster for an index ~4% larger."""
COMPRESS_FROM = 1024
"""Blocks of fewer pickled bytes are stored as they are (the W3 codec compresses from 80):
most blocks are a rare term's few postings, where zlib's per-call cost outweighs the bytes
saved; 2,000 White House documents: writing 25% faster, the index ~10% larger."""

_UINT = Struct("!I").pack
_USHORT = Struct("!H").pack
_LONG = Struct("!q").pack
_INT = Struct("!i").pack
_TERMINFO = Struct("!BfIBBfII").pack

_ONCE = [_UINT(1) + dumps([pos], 2) for pos in range(4096)]
"""The encoded value of a term found once, at each early position (most postings): shared
bytes objects, not one per posting."""


_Postings = list[Any]
"""One term's postings in one field, flat: docnum, frequency, encoded value, docnum, ... (one
`+=` of a tuple a posting: ~30% faster than three appends to parallel arrays)."""


def _fast(field: fields.FieldType) -> bool:
    """Whether `field` is a text field whose postings `SegmentBuilder` computes itself: terms
    from `term_positions()`, a Positions format, no vectors, no spelling words, no column."""
    return (
        type(field.format) is formats.Positions
        and isinstance(field.analyzer, ReadoutTokenizer)
        and field.format.field_boost == 1.0
        and not field.vector
        and not field.separate_spelling()
        and field.column_type is None
    )


class SegmentBuilder:
    """Documents in, one Whoosh segment out: see the module docstring.

    `add(doc)` takes what `IndexWriter.add_document(**doc)` would (field name -> value; no
    `_boost` keys); `write()` writes the segment's files into `storage` as one compound file
    named after `indexname` and returns the `Segment` to put in a table of contents.
    """

    def __init__(self, schema: fields.Schema, storage: Storage, indexname: str) -> None:
        self.schema = schema
        self.storage = storage
        self.indexname = indexname
        self.codec: Any = default_codec()  # type: ignore[no-untyped-call]
        self.segment: Any = self.codec.new_segment(storage, indexname)
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._fast = {name for name, field in schema.items() if _fast(field)}
        self._postings: dict[str, dict[str, _Postings]] = {}
        """Text fields: term -> postings."""
        self._other: dict[str, dict[bytes, _Postings]] = {}
        """Other indexed fields (ids, numbers): term bytes -> postings."""
        self._lengths: dict[str, bytearray] = {}
        """Per scorable field: each document's length byte (0: not in the document)."""
        self.docs = 0
        self.postings = 0

    def add(self, doc: Mapping[str, Any]) -> None:
        docnum = self.docs
        schema = self.schema
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for name in sorted(doc):
            value = doc[name]
            if value is None:
                continue
            if name.startswith("_"):
                raise ValueError(f"{name!r}: boosts and custom stored values are not supported")
            field = schema[name]
            length = 0
            if name in self._fast:
                length = self._add_text(name, value, docnum)
            elif field.indexed:
                length = self._add_other(name, field, value, docnum)
            if length:
                lengths = self._lengths.setdefault(name, bytearray())
                lengths.extend(bytes(docnum + 1 - len(lengths)))
                lengths[docnum] = length_to_byte(length)
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.docs += 1

    def _add_text(self, name: str, value: str, docnum: int) -> int:
        terms, poss = term_positions(value)
        grouped: dict[str, list[int]] = {}
        for term, pos in zip(terms, poss, strict=True):
            at = grouped.get(term)
            if at is None:
                grouped[term] = [pos]
            else:
                at.append(pos)
        table = self._postings.setdefault(name, {})
        once = _ONCE
        for term, at in grouped.items():
            # Positions.encode: the count, then the pickled gaps between positions.
            n = len(at)
            if n > 1:
                encoded = _UINT(n) + dumps([at[0], *[b - a for a, b in pairwise(at)]], 2)
            elif at[0] < len(once):
                encoded = once[at[0]]
            else:
                encoded = _UINT(1) + dumps(at, 2)
            post = table.get(term)
            if post is None:
                table[term] = [docnum, n, encoded]
            else:
                post += (docnum, n, encoded)
        self.postings += len(grouped)
        return len(terms) if self.schema[name].scorable else 0

    def _add_other(self, name: str, field: fields.FieldType, value: Any, docnum: int) -> int:
        table = self._other.setdefault(name, {})
        length = 0
        for btext, freq, weight, vbytes in field.index(value):
            if weight != freq:
                raise ValueError(f"{name!r}: weighted postings are not supported")
            post = table.get(btext)
            if post is None:
                table[btext] = [docnum, freq, vbytes]
            else:
                post += (docnum, freq, vbytes)
            self.postings += 1
            if field.scorable:
                length += freq
        return length

    def write(self) -> Segment:
        """Write the segment (one compound file in `storage`) and return it."""
        segment = self.segment
        self._perdoc.close()
        terms: Any = OrderedHashWriter(segment.create_file(self.storage, W3Codec.TERMS_EXT))  # type: ignore[no-untyped-call]
        fieldmap: dict[str, int] = {}
        terms.extras["fieldmap"] = fieldmap
        postfile = segment.create_file(self.storage, W3Codec.POSTS_EXT)
        for name in sorted({*self._postings, *self._other}):
            # str order is code point order, and so the order of the terms' UTF-8 bytes.
            texts = self._postings.get(name, {})
            table = {t.encode("utf-8"): texts[t] for t in sorted(texts)}
            table.update(sorted(self._other.get(name, {}).items()))
            if not table:
                continue
            fieldid = fieldmap[name] = len(fieldmap)
            prefix = _USHORT(fieldid)
            fixed = self.schema[name].format.fixed_value_size()  # type: ignore[union-attr]
            lengths = self._lengths.get(name)
            for term, post in table.items():
                terms.add(prefix + term, _write_postings(postfile, post, fixed, lengths))
        terms.close()
        postfile.close()
        self._postings.clear()
        self._other.clear()
        segment.set_doc_count(self.docs)
        segment.create_compound_file(self.storage)
        return cast(Segment, segment)

    @property
    def filename(self) -> str:
        """The name of the segment's compound file (once written)."""
        return str(self.segment.make_filename(self.segment.COMPOUND_EXT))


def _write_postings(
    postfile: Any, post: _Postings, fixed: int | None, lengths: bytearray | None
) -> bytes:
    """Write one term's postings as W3 blocks; return its term info (as W3TermInfo.to_bytes)."""
    docs, freqs, values = post[0::3], post[1::3], post[2::3]
    count = len(docs)
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    total = 0.0
    maxweight = 0.0
    minlen: int | None = None
    maxlen = 0
    for lo in range(0, count, BLOCK):
        hi = min(lo + BLOCK, count)
        ids = docs[lo:hi]
        weights = freqs[lo:hi]
        n = hi - lo
        top = float(max(weights))
        gaps = _block_gaps(ids)  # each block from 0, as Whoosh's delta_encode
        if weights.count(1) == n:
            mini_weights: Any = None
        elif weights.count(weights[0]) == n:
            mini_weights = float(weights[0])
        else:
            mini_weights = tuple(map(float, weights))
        if fixed is None or fixed < 0:
            mini_values: Any = tuple(values[lo:hi])
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(values[lo:hi])
        data = dumps((gaps, mini_weights, mini_values), 2)
        comp = COMPRESSION if len(data) >= COMPRESS_FROM else 0
        if comp:
            data = zlib.compress(data, comp)
        if lengths is not None:
            got = itemgetter(*ids)(lengths) if n > 1 else (lengths[ids[0]],)
            low = byte_to_length(min(got)) if min(got) else None
            high = byte_to_length(max(got))
        else:  # not scorable: no lengths
            low, high = None, 0
        info = dumps((n, ids[-1], top, comp, length_to_byte(low), length_to_byte(high)), 2)
        size = len(info) + len(data)
        postfile.write_int(-size if hi == count else size)
        postfile.write(info)
        postfile.write(data)
        total += float(sum(weights))
        maxweight = max(maxweight, top)
        if low is not None:
            minlen = low if minlen is None else min(minlen, low)
        maxlen = max(maxlen, high)
    return _TERMINFO(
        0,
        total,
        count,
        0 if minlen is None else length_to_byte(minlen),
        length_to_byte(maxlen),
        maxweight,
        docs[0],
        docs[-1],
    ) + _LONG(start) + _INT(postfile.tell() - start)  # fmt: skip


def _block_gaps(ids: list[int]) -> tuple[int, ...]:
    """A block's ids as Whoosh writes them: the first id, then the gaps between ids."""
    if len(ids) == 1:
        return (ids[0],)
    return (ids[0], *[b - a for a, b in pairwise(ids)])


# ---------------------------------------------------------------- in worker processes


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
