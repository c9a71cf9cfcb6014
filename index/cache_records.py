"""Each cached readout on its own, so that a search from the command line reads only its hits.

The parse cache (`index.cache`) is one pickle of the whole corpus: loading it is what a
second start of the app needs (the whole list), but a search from the command line needs only
the readouts of its hits, and unpickling 100,000 records to print 20 costs seconds and
hundreds of MB. So every save of the parse cache also writes `corpus-<key>.records` beside it:

- the records: each readout pickled on its own, without its text (whose place in the text
  store the table holds), written as they are pickled (never all in memory);
- the table (a pickle): the corpus token, the text store's name, each file walked with its
  size and modification time, the skipped files, the publishers, the readout ids, and for each
  where its record is (offset, length, digest) and where its text is, packed in one bytes
  object, with the ids' sorted order: opening it unpickles a tuple of strings and three bytes
  objects, not a dict of 100,000 tuples (a fifth of a second at 100,000 readouts), and an id
  is found by bisection;
- a last line of `FOOTER` bytes: a magic word, the data stamp of the parse cache, a digest of
  the table, and the table's offset and length.

`open_records(file, paths)` answers only when the files are exactly those the table names
(same paths, sizes and times) and the table matches its digest; every record is checked against
its digest before it is unpickled. Anything else (a changed file, a damaged or missing records
file, another version) answers None, and the caller loads the corpus the ordinary way, which
writes the file again when it does not fit the files as they are (`index.cache`). The file
is a pickle like the parse cache, in the same private folder (docs/caches.md).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import pickle
import secrets
import struct
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from index.model import Readout, Skip
from index.textstore import Recovery, TextRef, TextStore

MAGIC = b"readouts-tui-records-2"
"""The first word of the footer; `-2`: the table as sorted ids and packed entries (a records
file of the first layout is another version, rewritten at the next load of the corpus)."""
SUFFIX = ".records"
FOOTER = 160
"""Bytes of the last line."""
ENTRY = struct.Struct("<QI16sQI16s")
"""Where one readout is: its record's offset, length and digest; its text's offset, length
and digest (the digests as their 16 bytes)."""
ORDER: Final = "I"
"""The array type of `Table.order`."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Table:
    token: str
    store: str
    files: tuple[tuple[str, int, int], ...]
    """Each file walked: its path as walked, size, modification time (ns)."""
    skipped: tuple[Skip, ...]
    publishers: tuple[str, ...]
    ids: tuple[str, ...]
    """Each readout id, in corpus order."""
    order: bytes
    """The positions in `ids` sorted by id (an array of `ORDER`): an id is found by
    bisection, so that opening the table builds no dict of every id."""
    entries: bytes
    """An `ENTRY` per id, in the order of `ids` (unpacked only for the readouts read)."""


def write_records(
    file: Path,
    stamp: bytes,
    readouts: Sequence[Readout],
    files: Sequence[tuple[str, int, int]],
    skipped: Sequence[Skip],
    token: str,
    store: str,
) -> None:
    """Write the records file `file` (atomically); an OSError leaves none, and so does a
    ValueError (a digest that is not 16 bytes in hex)."""
    ids: list[str] = []
    seen: set[str] = set()
    entries = bytearray()
    tmp = file.with_name(f"{file.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            at = 0
            for r in readouts:
                ref = r.text_ref
                if r.id in seen or ref is None:
                    continue
                seen.add(r.id)
                bare = copy.copy(r)
                bare.__dict__.pop("_text_ref", None)
                data = pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL)
                entries += ENTRY.pack(
                    at, len(data), _raw(_digest(data)), ref.offset, ref.length, _raw(ref.digest)
                )
                ids.append(r.id)
                f.write(data)
                at += len(data)
            publishers = tuple(sorted({r.source for r in readouts}))
            order = array(ORDER, sorted(range(len(ids)), key=ids.__getitem__)).tobytes()
            table = Table(token, store, tuple(files), tuple(skipped), publishers, tuple(ids),
                          order, bytes(entries))  # fmt: skip
            head = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
            f.write(head)
            footer = b" ".join(
                [MAGIC, stamp, _digest(head).encode(), b"%d" % at, b"%d" % len(head)]
            )
            f.write(footer.ljust(FOOTER - 1) + b"\n")
        os.replace(tmp, file)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _raw(digest: str) -> bytes:
    raw = bytes.fromhex(digest)
    if len(raw) != 16:
        raise ValueError(f"not a 16-byte digest: {digest!r}")
    return raw


class Records(Mapping[str, Readout]):
    """The readouts of a records file, by id, each read (and checked) when first asked for."""

    def __init__(self, path: Path, fd: int, base: int, table: Table) -> None:
        self.path = path
        self._fd = fd
        self._base = base
        self.table = table
        self._order = memoryview(table.order).cast(ORDER)
        self._store: TextStore | None = None
        self._read: dict[str, Readout] = {}

    def _position(self, rid: object) -> int | None:
        """Where `rid` is in `table.ids`; None when it is not there."""
        if not isinstance(rid, str):
            return None
        ids = self.table.ids
        k = bisect_left(self._order, rid, key=ids.__getitem__)
        if k < len(self._order) and ids[self._order[k]] == rid:
            return int(self._order[k])
        return None

    def __getitem__(self, rid: str) -> Readout:
        got = self._read.get(rid)
        if got is not None:
            return got
        n = self._position(rid)
        if n is None:
            raise KeyError(rid)
        at, length, digest, offset, size, text_digest = ENTRY.unpack_from(
            self.table.entries, n * ENTRY.size
        )
        try:
            data = os.pread(self._fd, length, self._base + at)
        except OSError as exc:
            raise Fallback(str(exc)) from exc
        if len(data) != length or _digest(data) != digest.hex():
            raise Fallback(f"{self.path.name}: a record does not match its digest")
        readout = pickle.loads(data)
        if not isinstance(readout, Readout) or readout.id != rid:
            raise Fallback(f"{self.path.name}: not the readout its table names")
        if self._store is None:
            try:
                self._store = TextStore(self.path.parent / self.table.store)
            except OSError as exc:
                raise Fallback(str(exc)) from exc
            self._store.recovery = _Refuse(self._store.path)
        readout = readout.stored(TextRef(self._store, offset, size, text_digest.hex()))
        self._read[rid] = readout
        return readout

    def __contains__(self, rid: object) -> bool:
        return self._position(rid) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.ids)

    def __len__(self) -> int:
        return len(self.table.ids)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


class Fallback(BaseException):
    """A record or a text does not match its digest: the caller answers the ordinary way
    (the whole parse cache, whose text store re-reads a damaged text from its file). Not an
    `Exception`, so that a search's catch-all (which turns failures into a message) lets it
    through to the caller."""


class _Refuse(Recovery):
    """The recovery of a records file's text store: a damaged text sends the caller back to
    the ordinary way (`Fallback`)."""

    def text(self, ref: TextRef) -> str:
        raise Fallback(f"{self.path.name}: a text does not match its digest")


def open_records(
    file: Path,
    stamp: bytes,
    walked: Sequence[tuple[str, int, int]] | None,
    *,
    token: str | None = None,
) -> Records | None:
    """The records of `file` when its table names exactly the files `walked` (path, size,
    modification time) and is sound; None otherwise. With `walked` None, the files are not
    compared (the app's second start, which checks them later): the table must then be of the
    corpus `token` (the parse cache's, as its listing names it)."""
    try:
        fd = os.open(file, os.O_RDONLY)
    except OSError:
        return None
    try:
        end = os.fstat(fd).st_size
        footer = os.pread(fd, FOOTER, end - FOOTER).split()
        if footer[:2] != [MAGIC, stamp] or len(footer) != 5:
            raise ValueError("another version")
        at, size = int(footer[3]), int(footer[4])
        head = os.pread(fd, size, at)
        if len(head) != size or _digest(head).encode() != footer[2] or at + size + FOOTER != end:
            raise ValueError("damaged")
        base = 0
        table = pickle.loads(head)
        if not isinstance(table, Table):
            raise ValueError("damaged")
        if walked is None and (token is None or table.token != token):
            raise ValueError("another corpus")
        if walked is not None and list(table.files) != list(walked):
            raise ValueError("other files")
        if len(table.entries) != ENTRY.size * len(table.ids) or len(table.order) != (
            array(ORDER).itemsize * len(table.ids)
        ):
            raise ValueError("damaged")
        return Records(file, fd, base, table)
    except Exception:
        os.close(fd)
        return None
