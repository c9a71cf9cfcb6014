"""Each cached readout on its own, so that a search from the command line reads only its hits.

The parse cache (`index.cache`) is one pickle of the whole corpus: loading it is what a
second start of the app needs (the whole list), but a search from the command line needs only
the readouts of its hits, and unpickling 100,000 records to print 20 costs seconds and
hundreds of MB. So every save of the parse cache also writes `corpus-<key>.records` beside it:

- the records: each readout pickled on its own, without its text (whose place in the text
  store the table holds), written as they are pickled (never all in memory);
- the table (a pickle): the corpus token, the text store's name, each file walked with its
  size and modification time, the skipped files, the publishers, and for each readout id where
  its record is (offset, length, digest) and where its text is;
- a last line of `FOOTER` bytes: a magic word, the data stamp of the parse cache, a digest of
  the table, and the table's offset and length.

`open_records(file, paths)` answers only when the files are exactly those the table names
(same paths, sizes and times) and the table matches its digest; every record is checked against
its digest before it is unpickled. Anything else (a changed file, a damaged or missing records
file, another version) answers None, and the caller loads the corpus the ordinary way. The file
is a pickle like the parse cache, in the same private folder (docs/caches.md).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import pickle
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.model import Readout, Skip
from index.textstore import Recovery, TextRef, TextStore

MAGIC = b"readouts-tui-records"
SUFFIX = ".records"
FOOTER = 160
"""Bytes of the last line."""


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
    where: dict[str, tuple[int, int, str, int, int, str]]
    """Readout id -> record offset, length and digest; its text's offset, length and digest."""


def write_records(
    file: Path,
    stamp: bytes,
    readouts: Sequence[Readout],
    files: Sequence[tuple[str, int, int]],
    skipped: Sequence[Skip],
    token: str,
    store: str,
) -> None:
    """Write the records file `file` (atomically); an OSError leaves none."""
    where: dict[str, tuple[int, int, str, int, int, str]] = {}
    tmp = file.with_name(f"{file.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            at = 0
            for r in readouts:
                ref = r.text_ref
                if r.id in where or ref is None:
                    continue
                bare = copy.copy(r)
                bare.__dict__.pop("_text_ref", None)
                data = pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL)
                where[r.id] = (at, len(data), _digest(data), ref.offset, ref.length, ref.digest)
                f.write(data)
                at += len(data)
            publishers = tuple(sorted({r.source for r in readouts}))
            table = Table(token, store, tuple(files), tuple(skipped), publishers, where)
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


class Records(Mapping[str, Readout]):
    """The readouts of a records file, by id, each read (and checked) when first asked for."""

    def __init__(self, path: Path, fd: int, base: int, table: Table) -> None:
        self.path = path
        self._fd = fd
        self._base = base
        self.table = table
        self._store: TextStore | None = None
        self._read: dict[str, Readout] = {}

    def __getitem__(self, rid: str) -> Readout:
        got = self._read.get(rid)
        if got is not None:
            return got
        at, length, digest, offset, size, text_digest = self.table.where[rid]
        try:
            data = os.pread(self._fd, length, self._base + at)
        except OSError as exc:
            raise Fallback(str(exc)) from exc
        if len(data) != length or _digest(data) != digest:
            raise Fallback(f"{self.path.name}: a record does not match its digest")
        readout = pickle.loads(data)
        if not isinstance(readout, Readout):
            raise Fallback(f"{self.path.name}: not a readout")
        if self._store is None:
            try:
                self._store = TextStore(self.path.parent / self.table.store)
            except OSError as exc:
                raise Fallback(str(exc)) from exc
            self._store.recovery = _Refuse(self._store.path)
        readout = readout.stored(TextRef(self._store, offset, size, text_digest))
        self._read[rid] = readout
        return readout

    def __contains__(self, rid: object) -> bool:
        return rid in self.table.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.where)

    def __len__(self) -> int:
        return len(self.table.where)

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
    file: Path, stamp: bytes, walked: Sequence[tuple[str, int, int]]
) -> Records | None:
    """The records of `file` when its table names exactly the files `walked` (path, size,
    modification time) and is sound; None otherwise."""
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
        if not isinstance(table, Table) or list(table.files) != list(walked):
            raise ValueError("other files")
        return Records(file, fd, base, table)
    except Exception:
        os.close(fd)
        return None
