"""Every use of Whoosh's internals, behind one door: open this file to see all of them.

The rest of `index.search` uses Whoosh's public API (schemas, storages, `ix.writer()`,
searchers, readers, queries) and comes here for what the public API has no fast way for:

- `SegmentBuilder`: writes a segment's files in the W3 codec's layout straight from documents
  (term-info struct, postings header magic, `OrderedHashWriter`, the per-document writer,
  compound files), instead of Whoosh's per-posting writer;
- `commit_segments`, `segment_count`: commit such segments through a `SegmentWriter`'s private
  commit steps, and count an index's segments from its table of contents;
- `weighting`: BM25F with each document's field length remembered per searcher (a patched
  `BM25FScorer`);
- `ranked`: the top documents and exact count in one pass (a `TopCollector` that scores every
  match, read through `Results.top_n`);
- `union`: an Or scored by Whoosh's array union matcher.

They were written against one release (`WRITTEN_FOR` of `DISTRIBUTION`), and this module checks
at import that it is the one installed. On any other release, or when the environment variable
`READOUTS_WHOOSH_PUBLIC=1` asks for it, `fast()` is False: the index is written with Whoosh's
own `IndexWriter` (`add_document`, `commit`), searches use its plain BM25F and `Searcher.search`,
and unions its default matcher. Slower, the same hits. That is said once, as one line on stderr
at import, and by `fallback_reason()` for the app's status line. See docs/search-internals.md.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import threading
import weakref
import zlib
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from io import BytesIO
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from pickle import dumps
from pickle import load as unpickle
from struct import Struct
from typing import Any, cast

import whoosh
from whoosh import fields, formats
from whoosh.codec.base import Segment as Segment  # re-exported: the type of a built segment
from whoosh.collectors import Collector, FilterCollector, TopCollector
from whoosh.columns import NumericColumn
from whoosh.filedb.filestore import Storage
from whoosh.index import Index
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import compound, qcore
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F, BaseScorer, BM25FScorer, WeightingModel
from whoosh.searching import Results, Searcher
from whoosh.writing import IndexWriter, SegmentWriter

from index.search.analysis import ReadoutTokenizer, term_positions
from index.search.lru import LRU
from index.search.phrases import PhraseTokenizer, default_table

DISTRIBUTION = "whoosh3"
WRITTEN_FOR = "3.54.0"
"""The Whoosh distribution and release whose internals this module was written against."""
FORCE_PUBLIC = "READOUTS_WHOOSH_PUBLIC"
"""Set to 1 in the environment to use Whoosh's public writer and scorer on any release."""

try:  # private modules: on another release they may be gone or renamed
    from whoosh.codec import default_codec
    from whoosh.codec.whoosh3 import (
        LENGTHS_COLUMN,
        WHOOSH3_HEADER_MAGIC,
        W3Codec,
        W3LeafMatcher,
        W3PerDocReader,
    )
    from whoosh.filedb.filetables import OrderedHashWriter
    from whoosh.util.numeric import byte_to_length, length_to_byte

    _IMPORT_ERROR = ""
except ImportError as exc:  # pragma: no cover - only on another Whoosh
    _IMPORT_ERROR = str(exc)


def check(installed: str | None, *, forced: bool = False, missing: str = "") -> str | None:
    """Why Whoosh's internals cannot be used (a one-line reason), or None when they can.

    `installed`: the version of `DISTRIBUTION` installed (None: not installed; another
    distribution provides `whoosh`); `forced`: `FORCE_PUBLIC` is set; `missing`: an internal
    that could not be imported."""
    public = "Whoosh's public writer and scorer in use (slower)"
    if forced:
        return f"{public}: {FORCE_PUBLIC}=1"
    if installed is None:
        return f"{public}: {DISTRIBUTION} not installed; written for {WRITTEN_FOR}"
    if installed != WRITTEN_FOR:
        return f"{public}: {DISTRIBUTION} {installed} installed; written for {WRITTEN_FOR}"
    if missing:
        return f"{public}: {missing}"
    return None


def _installed() -> str | None:
    """The installed version of `DISTRIBUTION` (None when another distribution provides
    `whoosh`).

    The usual answer costs a look at one folder name: `whoosh` says it is `WRITTEN_FOR`, and
    the distribution's metadata folder of that version sits beside the package. Anything else
    asks `importlib.metadata`, which costs more to import than the check would be worth on
    every start."""
    site = Path(whoosh.__file__).resolve().parent.parent
    if (
        whoosh.__version__[:3] == tuple(int(n) for n in WRITTEN_FOR.split("."))
        and (site / f"{DISTRIBUTION}-{WRITTEN_FOR}.dist-info").is_dir()
    ):
        return WRITTEN_FOR
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


_REASON = check(_installed(), forced=os.environ.get(FORCE_PUBLIC, "") == "1", missing=_IMPORT_ERROR)
if _REASON is not None:
    print(f"readouts-tui: search: {_REASON}", file=sys.stderr)


def fallback_reason() -> str | None:
    """Why the index uses Whoosh's public writer and scorer (a sentence for the status line),
    or None when it uses the fast path."""
    return _REASON


def fast() -> bool:
    """Whether Whoosh's internals are used (the installed release is the one checked)."""
    return _REASON is None


# ---------------------------------------------------------------- writing a segment

BLOCK = 128
"""Postings per block: the W3 codec's default `blocklimit`, which readers do not depend on."""
COMPRESSION = 1
"""zlib level of postings blocks (the W3 codec writes 3; any level reads the same): a lower
level compresses faster for an index a little larger."""
COMPRESS_FROM = 1024
"""Blocks of fewer pickled bytes are stored as they are (the W3 codec compresses from 80):
most blocks are a rare term's few postings, where zlib's per-call cost outweighs the bytes
saved."""

_UINT = Struct("!I").pack
_USHORT = Struct("!H").pack
_LONG = Struct("!q").pack
_INT = Struct("!i").pack
_TERMINFO = Struct("!BfIBBfII").pack
"""W3TermInfo's layout: flags, weight, doc frequency, min and max length bytes, max weight,
min and max id; then the postings' offset and size."""

_ONCE = [_UINT(1) + dumps([pos], 2) for pos in range(4096)]
"""The encoded value of a term found once, at each early position (most postings): shared
bytes objects, not one per posting."""

_Postings = list[Any]
"""One term's postings in one field, flat: docnum, frequency, encoded value, docnum, ... (one
`+=` of a tuple a posting, faster than three appends to parallel arrays)."""


def _fast_field(field: fields.FieldType) -> bool:
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


Analysed = list[tuple[str, list[tuple[Any, int, bytes]], int, Any, Any]]
"""A document as `SegmentBuilder.analyse` gives it: per field its name, postings (term,
frequency, encoded value), length, stored value and column value."""


def _text_postings(
    value: str, out: list[tuple[Any, int, bytes]], grouped: dict[str, list[int]]
) -> int:
    """A text field's postings (term, count, encoded positions) appended to `out`, and each
    term's positions put in `grouped` (empty); its length in tokens."""
    terms, poss = term_positions(value)
    for term, pos in zip(terms, poss, strict=True):
        at = grouped.get(term)
        if at is None:
            grouped[term] = [pos]
        else:
            at.append(pos)
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
        out.append((term, n, encoded))
    return len(terms)


class SegmentBuilder:
    """Documents in, one Whoosh segment out, without Whoosh's per-posting machinery.

    Whoosh's own writer turns every token into a `Token` object and every posting into a tuple
    in an external sort pool, then reads each posting back to write the postings file. This
    keeps a segment's postings in memory, grouped by field and term as documents arrive (the
    text fields' terms and positions from `analysis.term_positions`, the tokenizer the index
    and the highlighter share), and writes them sorted, a block at a time, in the W3 codec's
    own files, so every reader, query and the highlighter work unchanged (the tests compare
    them with Whoosh's writer).

    `add(doc)` takes what `IndexWriter.add_document(**doc)` would (field name -> value; no
    `_boost` keys); `write()` writes the segment's files into `storage` as one compound file
    named after `indexname` and returns the `Segment` to commit (see `commit_segments`).
    Only for `fast()`: on another release use Whoosh's writer.
    """

    def __init__(self, schema: fields.Schema, storage: Storage, indexname: str) -> None:
        self.schema = schema
        self.storage = storage
        self.indexname = indexname
        self.codec: Any = default_codec()  # type: ignore[no-untyped-call]
        self.segment: Any = self.codec.new_segment(storage, indexname)
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._fast = {name for name, field in schema.items() if _fast_field(field)}
        self._postings: dict[str, dict[str, _Postings]] = {}
        """Text fields: term -> postings."""
        self._other: dict[str, dict[bytes, _Postings]] = {}
        """Other indexed fields (ids, numbers): term bytes -> postings."""
        self._lengths: dict[str, bytearray] = {}
        """Per scorable field: each document's length byte (0: not in the document)."""
        self.docs = 0
        self.postings = 0

    def add(self, doc: Mapping[str, Any]) -> None:
        self.add_analysed(self.analyse(doc))

    def analyse(self, doc: Mapping[str, Any]) -> Analysed:
        """What `add` adds for `doc`, worked out once: a worker that feeds two builders (a
        short-lived one for early search, a long one for the index's final shape) tokenizes
        each document once (`build.serve_build`)."""
        schema = self.schema
        out: Analysed = []
        places: dict[str, dict[str, list[int]]] = {}
        for name in sorted(doc):
            value = doc[name]
            if value is None:
                continue
            if name.startswith("_"):
                raise ValueError(f"{name!r}: boosts and custom stored values are not supported")
            field = schema[name]
            length = 0
            postings: list[tuple[Any, int, bytes]] = []
            if name in self._fast:
                length = _text_postings(value, postings, places.setdefault(name, {}))
                if not field.scorable:
                    length = 0
            elif (
                isinstance(field.analyzer, PhraseTokenizer)
                and (split := next((places[n] for n in places if doc[n] == value), None))
                is not None
            ):
                # The phrases of a text just split for a field before it (the body): what
                # its analyzer gives, without splitting the text again.
                found = default_table().found(split)
                postings = [(field.to_bytes(k), 1, b"") for k in found]
            elif field.indexed:
                for btext, freq, weight, vbytes in field.index(value):
                    if weight != freq:
                        raise ValueError(f"{name!r}: weighted postings are not supported")
                    postings.append((btext, freq, vbytes))
                    if field.scorable:
                        length += freq
            column = field.to_column_value(value) if field.column_type is not None else None
            out.append((name, postings, length, value if field.stored else None, column))
        return out

    def add_analysed(self, analysed: Analysed) -> None:
        """Add a document analysed by `analyse` (of a builder with the same schema)."""
        docnum = self.docs
        schema = self.schema
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for name, postings, length, stored, column in analysed:
            field = schema[name]
            if postings:
                tables: Any = self._postings if name in self._fast else self._other
                table = tables.get(name)
                if table is None:
                    table = tables[name] = {}
                for term, n, encoded in postings:
                    post = table.get(term)
                    if post is None:
                        table[term] = [docnum, n, encoded]
                    else:
                        post += (docnum, n, encoded)
                self.postings += len(postings)
            if length:
                lengths = self._lengths.setdefault(name, bytearray())
                lengths.extend(bytes(docnum + 1 - len(lengths)))
                lengths[docnum] = length_to_byte(length)
            perdoc.add_field(name, field, stored, length)
            if field.column_type is not None:
                perdoc.add_column_value(name, field.column_type, column)
        perdoc.finish_doc()
        self.docs += 1

    def discard(self) -> None:
        """Give up this segment: nothing is written, its files so far are deleted."""
        with contextlib.suppress(Exception):
            self._perdoc.close()
        self._postings.clear()
        self._other.clear()
        for name in self.segment.list_files(self.storage):
            with contextlib.suppress(OSError):
                self.storage.delete_file(name)  # type: ignore[no-untyped-call]

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


# ---------------------------------------------------------------- committing segments


def commit_segments(
    writer: IndexWriter,
    segments: Sequence[Segment],
    *,
    merge: bool,
    drop: Collection[Segment] = (),
) -> None:
    """Commit `segments` (written by `SegmentBuilder`, their files already in the index's
    folder) with `writer` (from `ix.writer()`), which holds the index's writer lock and any
    deletions; the segments in `drop` leave the index in the same commit. `merge`: let Whoosh
    merge the small old segments (`merge_small`).

    Whoosh's `commit` has no way to add segments written elsewhere: this runs its steps
    itself, with the new segments added to the table of contents it writes."""
    assert isinstance(writer, SegmentWriter)
    try:
        if drop:
            gone = {segment.segment_id() for segment in drop}  # type: ignore[no-untyped-call]
            writer.segments = [s for s in writer.segments if s.segment_id() not in gone]
            writer._setup_doc_offsets()  # type: ignore[no-untyped-call]
        kept = writer._merge_segments(merge_small if merge else None, None, merge)  # type: ignore[no-untyped-call]
        if writer._added:  # merging old segments wrote into the writer's own segment
            kept.append(writer._finalize_segment())  # type: ignore[no-untyped-call]
        else:
            writer._close_segment()  # type: ignore[no-untyped-call]
        writer._commit_toc([*kept, *segments])  # type: ignore[no-untyped-call]
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to report
            writer._cleanup_on_error()  # type: ignore[no-untyped-call]
        raise
    writer._finish()  # type: ignore[no-untyped-call]


SMALL_SHARE = 8
"""A segment with fewer than 1/SMALL_SHARE of the largest segment's live documents is small."""


def merge_small(writer: IndexWriter, segments: Sequence[Segment]) -> list[Segment]:
    """A merge policy for `commit(mergetype=...)`: Whoosh's own `MERGE_SMALL` among the small
    segments (fewer than 1/`SMALL_SHARE` of the largest's live documents: incremental
    updates, a build's first batches); every other segment is kept as it is.

    `MERGE_SMALL` alone sorts the segments by size and merges all of them up to a point found
    with Fibonacci numbers: with a dozen or more segments of similar size (the long segments
    of a build in worker processes, one per `MAX_POSTINGS`), that is nearly all of them, a
    merge that took longer than building them (docs/search-internals.md, "The last commit of
    a large build").
    """
    from whoosh.writing import MERGE_SMALL

    if len(segments) < 2:
        return list(segments)
    live = [int(s.doc_count()) for s in segments]  # type: ignore[no-untyped-call]
    largest = max(live)
    large = [s for s, n in zip(segments, live, strict=True) if n * SMALL_SHARE >= largest]
    small = [s for s, n in zip(segments, live, strict=True) if n * SMALL_SHARE < largest]
    return [*large, *MERGE_SMALL(writer, small)]  # type: ignore[no-untyped-call]


def segment_ids(ix: Index) -> set[str]:
    """The ids of the segments of the latest generation of `ix` (`<indexname>_<random>`: each
    of a segment's files is named its id, a dot and more), read from its table of contents."""
    return {s.segment_id() for s in ix._read_toc().segments}  # type: ignore[attr-defined]


def live_doc_count(ix: Index) -> int:
    """`ix.doc_count()` (the documents not deleted in its latest generation), read from the
    table of contents: Whoosh's own opens a reader on every segment, and the trust check of
    every start and command-line search asks for it."""
    segments: list[Any] = ix._read_toc().segments  # type: ignore[attr-defined]
    return sum(int(s.doc_count()) for s in segments)


def segment_count(ix: Index) -> int:
    """How many segments the latest generation of `ix` has (read from its table of
    contents, without opening them)."""
    return len(ix._read_toc().segments)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- searching


class _BM25F(BM25F):
    """Whoosh's BM25F (same scores), with each document's field length read from the index
    once per searcher and then remembered.

    BM25F needs the length of the field in every document it scores; Whoosh reads it from the
    segment file each time (a seek and a read), and as-you-type scores the same documents
    again at every keystroke. One instance per searcher: the lengths are those of its
    segments.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lengths: weakref.WeakKeyDictionary[Any, dict[str, list[int | None]]] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> BaseScorer:
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, BM25FScorer):
            length = self._length_of(searcher, fieldname)
            idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1

            def score(matcher: Any) -> float:
                # whoosh.scoring.bm25, the same operations in the same order (same floats),
                # without its two nested calls per scored posting.
                tf = matcher.weight()
                fl = length(matcher.id())
                return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))  # type: ignore[no-any-return, operator]

            scorer.dfl = length
            scorer.score = score  # type: ignore[method-assign]
        return scorer

    def _length_of(self, searcher: Any, fieldname: str) -> Callable[[int], int | None]:
        reader = searcher.reader()
        with self._lock:
            per_field = self._lengths.setdefault(reader, {})
            if fieldname not in per_field:
                per_field[fieldname] = (
                    _all_lengths(reader, fieldname) or [None] * reader.doc_count_all()
                )
            lengths = per_field[fieldname]

        def length(docnum: int) -> int | None:
            n = lengths[docnum]
            if n is None:
                n = lengths[docnum] = reader.doc_field_length(docnum, fieldname, 1)
            return n

        return length


_BYTE_LENGTHS: list[int | None] = (
    [None, *(byte_to_length(b) for b in range(1, 256))] if not _IMPORT_ERROR else []
)
"""A length byte of Whoosh's lengths column -> the field length `doc_field_length` gives."""


def _all_lengths(reader: Any, fieldname: str) -> list[int | None] | None:
    """Every document's length of `fieldname` in a W3 segment's `reader`, read from its
    lengths column in one read, as `reader.doc_field_length(d, fieldname, 1)` gives them one
    seek and read at a time; None for any other reader (then read one at a time).

    The first search of a common word scores tens of thousands of postings, each needing its
    document's length (docs/search-internals.md, "Field lengths a segment at a time")."""
    if _IMPORT_ERROR or type(reader) is not SegmentReader:
        return None
    try:
        perdoc = reader._perdoc
        if type(perdoc) is not W3PerDocReader:
            return None
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)  # type: ignore[no-untyped-call]
        total = reader.doc_count_all()
        if column is None:  # no lengths for this field: the default asked for
            return [1] * total
        if type(column) is not NumericColumn.Reader or column._fixedlen != 1:
            return None
        count = min(column._count, total)
        data = column._dbfile.get(column._basepos, count) if count else b""
    except (AttributeError, OSError, ValueError):
        return None
    lengths = [_BYTE_LENGTHS[b] for b in data]
    lengths.extend([None] * (total - len(lengths)))  # past the column: the default byte, 0
    return lengths


def bm25f_figures(
    weighting: WeightingModel, leaf: Searcher, fieldname: str, btext: bytes
) -> tuple[float, float, float, float, Callable[[int], Any]] | None:
    """(idf, average field length, B, K1, document -> field length) of the term in `leaf`'s
    segment, as the `_BM25F` scorer Whoosh would make for it (global statistics through the
    top searcher); None when `weighting` is not `_BM25F` or the field is not scored by BM25F.
    `scoring.SegmentRanker` scores postings with them."""
    if not isinstance(weighting, _BM25F):
        return None
    scorer = weighting.scorer(leaf, fieldname, btext)  # type: ignore[arg-type]
    if not isinstance(scorer, BM25FScorer) or not callable(getattr(scorer, "dfl", None)):
        return None
    return scorer.idf, scorer.avgfl, scorer.B, scorer.K1, scorer.dfl


BLOCK_MEMO = 2_048
"""Decoded posting blocks remembered (`_read_block`), at most."""
BLOCK_BUDGET = 32 << 20
"""... and at most this many bytes of them, uncompressed (the decoded tuples take more)."""

_block_files: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_blocks: LRU[tuple[int, int], tuple[Any, ...]] = LRU(
    BLOCK_MEMO, cost=lambda entry: int(entry[0]), budget=BLOCK_BUDGET
)
_blocks_lock = threading.Lock()
_tokens = itertools.count(1)


def _read_block(leaf: Any) -> None:
    """Decode the posting block a W3 leaf matcher is on (ids, weights and positions, pickled
    and compressed together), or take it from the blocks decoded before: a phrase's common
    words are read for their scores, then for their positions in the same documents, and a
    word typed on is read again at the next key. Files are told apart by the matcher's postings
    file object (one per open segment), never by a number that could be used again."""
    try:
        with _blocks_lock:
            token = _block_files.get(leaf._postfile)
            if token is None:
                token = _block_files[leaf._postfile] = next(_tokens)
            found = _blocks.get((token, leaf._dataoffset))
    except TypeError:  # a postings file that cannot be weakly referenced: read it as Whoosh does
        leaf._read_data()
        return
    if found is not None:
        leaf._data = found[1]
        return
    leaf._read_data()
    size = leaf._nextoffset - leaf._dataoffset
    with _blocks_lock:
        _blocks.put((token, leaf._dataoffset), (size * 4, leaf._data))


_BLOCK_SIZE = Struct("!i")
"""A W3 posting block starts with its length (negative for a term's last block)..."""
_HEAD_READ = 96
"""... then its pickled header (six numbers, under 50 bytes): read together, in one read."""


def _next_block(leaf: Any) -> None:
    """Move a W3 leaf matcher to its next posting block, as its own `_next_block` does, but
    reading the block's length and header in one read from the postings file: Whoosh
    unpickles the header straight from the file, a small read per pickle opcode
    (docs/search-internals.md). Anything unexpected
    (the last block, a header that does not fit the read): Whoosh's own step."""
    if leaf._atend or leaf._lastblock:
        leaf._next_block()
        return
    position = leaf._nextoffset
    head = leaf._postfile.get(position, _HEAD_READ)
    try:
        (length,) = _BLOCK_SIZE.unpack_from(head)
        buffer = BytesIO(head)
        buffer.seek(_BLOCK_SIZE.size)
        count, maxid, maxweight, compression, low, high = unpickle(buffer)
    except Exception:
        leaf._next_block()
        return
    leaf._data = leaf._ids = leaf._weights = leaf._values = None
    leaf._i = 0
    if length < 0:
        leaf._lastblock = True
        length = -length
    leaf._nextoffset = position + _BLOCK_SIZE.size + length
    leaf._dataoffset = position + buffer.tell()
    leaf._blocklength, leaf._maxid, leaf._maxweight = count, maxid, maxweight
    leaf._compression = compression
    leaf._minlength, leaf._maxlength = byte_to_length(low), byte_to_length(high)


def term_postings(
    reader: Any, fieldname: str, btext: bytes, docs: Sequence[int] | None = None
) -> tuple[list[int], list[float]]:
    """The document numbers and weights (term frequencies) of every posting of a term in one
    segment's `reader`, deleted documents left out; with `docs` (ascending), only of those.

    Read a block at a time from the W3 codec's leaf matcher (its decoded id and weight
    arrays), not a posting at a time through the matcher interface; with `docs`, a block
    whose last document comes before the next one sought is passed over on its header. Any
    other matcher is stepped through its public methods."""
    matcher = reader.postings(fieldname, btext)
    deleted: Collection[int] | None = None
    leaf: Any = matcher
    if isinstance(matcher, FilterMatcher) and matcher._exclude:  # the deleted documents
        deleted, leaf = matcher._ids, matcher.child
    ids: list[int] = []
    weights: list[float] = []
    if _IMPORT_ERROR == "" and type(leaf) is W3LeafMatcher:
        block: Any = leaf
        wanted = set(docs) if docs is not None else None
        k, n = 0, len(docs) if docs is not None else 0
        while block.is_active():
            if docs is not None:
                if k >= n:
                    break
                if docs[k] > block._maxid:
                    _next_block(block)
                    continue
            if block._data is None:
                _read_block(block)
            block._read_ids()
            block._read_weights()
            if wanted is None:
                ids.extend(block._ids)
                weights.extend(block._weights)
            else:
                for d, w in zip(block._ids, block._weights, strict=True):
                    if d in wanted:
                        ids.append(d)
                        weights.append(w)
                last = block._maxid
                while k < n and docs[k] <= last:  # type: ignore[index]
                    k += 1
            _next_block(block)
    else:
        leaf = matcher
        deleted = None  # the filtering matcher leaves them out itself
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            leaf.next()
    if docs is not None and not (_IMPORT_ERROR == "" and type(leaf) is W3LeafMatcher):
        sought = set(docs)
        kept = [i for i, d in enumerate(ids) if d in sought]
        ids = [ids[i] for i in kept]
        weights = [weights[i] for i in kept]
    if deleted:
        kept = [i for i, d in enumerate(ids) if d not in deleted]
        ids = [ids[i] for i in kept]
        weights = [weights[i] for i in kept]
    return ids, weights


def matched_at(matcher: Any, docs: Iterable[int]) -> Iterator[int]:
    """Those of `docs` (ascending) that `matcher` matches, the matcher left on each as it is
    yielded (to read its score or value there); stepped with the public `skip_to`."""
    for d in docs:
        if not matcher.is_active():
            return
        if matcher.id() < d:
            matcher.skip_to(d)
            if not matcher.is_active():
                return
        if matcher.id() == d:
            yield d


def positions_decoder(reader: Any, fieldname: str) -> Callable[[bytes], Iterable[int]]:
    """What turns a posting's stored value of `fieldname` into its word positions (the field
    format's own decoder): for the values `posting_positions` leaves undecoded."""
    return cast(
        Callable[[bytes], Iterable[int]], reader.schema[fieldname].format.decoder("positions")
    )


def posting_positions(
    reader: Any, fieldname: str, btext: bytes, docs: Sequence[int], *, whole_blocks: bool = False
) -> dict[int, Sequence[int] | bytes]:
    """The word positions of a term in each of `docs` (ascending document numbers of one
    segment's `reader`) that has it, as tuples; with `whole_blocks`, also in every other
    document of the posting blocks that had to be read for them, as the bytes stored (they
    cost nothing more to read, the next keystroke asks about some of their neighbours, and
    only those are decoded, with `positions_decoder`). Bytes and tuples of numbers are
    objects the garbage collector never walks: an object per position list kept was a large
    part of what each full collection walked while a query was typed (docs/search-flow.md).

    With the W3 codec, blocks whose last document comes before the next one sought are passed
    over on their headers, and a block's ids are searched by bisection; Whoosh's `skip_to`
    steps through a block one posting at a time. Any other matcher: its public methods."""
    matcher = reader.postings(fieldname, btext)
    leaf: Any = matcher
    deleted: Collection[int] = ()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:  # deleted: never sought
        deleted, leaf = matcher._ids, matcher.child
    out: dict[int, Sequence[int] | bytes] = {}
    if not (_IMPORT_ERROR == "" and type(leaf) is W3LeafMatcher):
        for d in matched_at(matcher, docs):
            out[d] = matcher.value_as("positions")
        return out
    decode = leaf.format.decoder("positions")
    k, n = 0, len(docs)
    while k < n and leaf.is_active():  # type: ignore[no-untyped-call]
        last: Any = leaf._maxid
        if docs[k] > last:
            _next_block(leaf)
            continue
        if leaf._data is None:
            _read_block(leaf)
        leaf._read_ids()  # type: ignore[no-untyped-call]
        ids: Any = leaf._ids
        values: Any = None
        j = 0
        while k < n and docs[k] <= last:
            d = docs[k]
            j = bisect_left(ids, d, j)
            if j < len(ids) and ids[j] == d:
                if values is None:
                    leaf._read_values()  # type: ignore[no-untyped-call]
                    values = leaf._values
                out[d] = tuple(decode(values[j]))
            k += 1
        if whole_blocks and values is not None:
            for j, d in enumerate(ids):
                if d not in out and d not in deleted:
                    out[d] = values[j]
        _next_block(leaf)
    return out


def weighting() -> WeightingModel:
    """The scoring model for a new searcher: BM25F (one model per searcher)."""
    return _BM25F() if _REASON is None else BM25F()


Ranking = tuple[tuple[tuple[float, int], ...], int]
"""(score, document number) of the best hits, best first, and how many documents match."""


def ranked(searcher: Searcher, query: qcore.Query, limit: int, mask: set[int] | None) -> Ranking:
    """The best `limit` documents for `query` (leaving out those in `mask`) and how many
    match, in one pass that scores every match.

    Whoosh's default top-N collector skips documents it judges unable to enter the top N,
    from score bounds that are not bounds for every query shape (it lost better-scoring
    documents of `north (korea OR korean OR koreans)` from its top 10). Scoring every match
    gives the true ranking and the exact count with it; the public path asks `search()` for
    the same with `optimize=False`.
    """
    if _REASON is not None:
        # No limit: even with optimize=False, Whoosh's top-N collection lost a phrase's
        # matches in a multi-segment index (a typed `north korea`), so every match is sorted.
        results = searcher.search(query, limit=None, optimize=False, mask=mask)
        items = list(results.items())[: max(0, limit)]
        return tuple((float(score or 0.0), docnum) for docnum, score in items), len(results)
    top = TopCollector(max(1, limit), usequality=False, replace=0)  # type: ignore[no-untyped-call]
    collector: Collector = top if mask is None else FilterCollector(top, restrict=mask)
    searcher.search_with_collector(query, collector)
    found: Results = collector.results()
    best = tuple((float(score or 0.0), docnum) for score, docnum in found.top_n[: max(0, limit)])
    return best, top.count()


def small_union(queries: list[qcore.Query]) -> compound.Or:
    """An Or matched as a tree of two-way unions. Whoosh's automatic choice preloads an array per
    document for three or more parts on an index under 5,000 documents, which made each word's
    text/title/principals Or cost a keystroke more than its few postings do."""
    either = compound.Or(queries)
    either.matcher_type = compound.Or.DEFAULT_MATCHER
    return either


def union(queries: list[qcore.Query]) -> compound.Or:
    """An Or whose matches are scored a block of documents at a time, each query's postings
    added into one array (Whoosh's array union matcher) rather than stepped through a tree of
    two-way unions: every match is scored anyway (see `ranked`), and this is the faster way to
    do it. Not inside a phrase: such a union has no word positions."""
    either = compound.Or(queries)
    if _REASON is None:
        either.matcher_type = compound.Or.ARRAY_MATCHER
    return either
