"""The meeting list of a cached corpus, small enough to show before the corpus is read.

A second start shows the corpus as last loaded (`index.cache.cached_corpus`), but unpickling
a large corpus takes seconds, and the list waited for all of it (docs/caches.md has the
figures). The list needs
far less: per meeting its id, date, title, place, publishers and principals. So every save of
the parse cache also writes `corpus-<key>.listing` beside it, those columns and nothing else:

- a first line of text: `MAGIC`, the parse cache's data stamp and a digest of the rest;
- the rest, a pickle of plain builtins: the corpus token, how many readouts and skipped files
  it has, and one list per column, meetings in the corpus's order (oldest first), the ids of
  each meeting's readouts among them.

`read_listing` gives a `Listing` (or None: missing, damaged, another version): its `meetings`
make each `Meeting` only when asked for, so showing the list costs the rows on screen. Those
meetings carry their readouts' ids, not the readouts (`ListedMeeting`): the app lists them and
reads the one under the cursor from the records file (`index.workspace.listed_meeting`) until
the corpus itself has arrived. The listing is a preview, never a source of truth: the
corpus that follows replaces it, whatever it says.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from index.model import Corpus, Meeting, Participant

MAGIC = b"readouts-tui-listing-1"
SUFFIX = ".listing"

_Principal = tuple[str, str, str]
"""A participant as (name, country, role)."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).hexdigest().encode()


@dataclass(frozen=True)
class ListedMeeting(Meeting):
    """A meeting as the listing has it: no readouts, its publishers given instead."""

    listed_sources: tuple[str, ...] = ()
    readout_ids: tuple[str, ...] = ()
    """The ids of its readouts, publisher order (the records file has the readouts)."""

    @property
    def sources(self) -> tuple[str, ...]:
        return self.listed_sources


@dataclass(frozen=True)
class _Columns:
    ids: list[str]
    dates: list[str]
    titles: list[str]
    places: list[str]
    sources: list[tuple[str, ...]]
    participants: list[tuple[_Principal, ...]]
    readouts: list[tuple[str, ...]]


class ListedMeetings(Sequence[Meeting]):
    """The listing's meetings in order, each `ListedMeeting` made when asked for."""

    def __init__(self, columns: _Columns, *, newest_first: bool = False) -> None:
        self._columns = columns
        self._reverse = newest_first
        self._positions: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._columns.ids)

    def _at(self, i: int) -> int:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return n - 1 - i if self._reverse else i

    @overload
    def __getitem__(self, index: int) -> Meeting: ...
    @overload
    def __getitem__(self, index: slice) -> list[Meeting]: ...
    def __getitem__(self, index: int | slice) -> Meeting | list[Meeting]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        c, i = self._columns, self._at(index)
        return ListedMeeting(
            c.ids[i],
            c.dates[i],
            c.titles[i],
            tuple(Participant(*p) for p in c.participants[i]),
            c.places[i],
            (),
            c.sources[i],
            c.readouts[i],
        )

    def newest_first(self) -> ListedMeetings:
        """The same meetings, newest first (the listing holds them oldest first)."""
        return ListedMeetings(self._columns, newest_first=not self._reverse)

    def dated(self) -> Iterator[tuple[str, str, str]]:
        """Each meeting's (id, date, title), in the listing's order, making no `Meeting`."""
        c = self._columns
        return zip(c.ids, c.dates, c.titles, strict=True)

    def index_of(self, meeting_id: str) -> int | None:
        """Where meeting `meeting_id` is in this order; None when it is not listed."""
        if self._positions is None:
            self._positions = {m: i for i, m in enumerate(self._columns.ids)}
        i = self._positions.get(meeting_id)
        if i is None:
            return None
        return len(self) - 1 - i if self._reverse else i


@dataclass(frozen=True)
class Listing:
    """What the list of a cached corpus shows, read without reading the corpus."""

    token: str
    """The corpus token of the parse cache this was written with."""
    documents: int
    """Readouts in the corpus."""
    skipped: int
    """Files that could not be read."""
    meetings: ListedMeetings
    """Oldest first, as the corpus holds them."""


def _columns(meetings: Sequence[Meeting]) -> _Columns:
    return _Columns(
        [m.id for m in meetings],
        [m.meeting_date for m in meetings],
        [m.title for m in meetings],
        [m.place for m in meetings],
        [m.sources for m in meetings],
        [tuple((p.name, p.country, p.role) for p in m.participants) for m in meetings],
        [tuple(r.id for r in m.readouts) for m in meetings],
    )


def write_listing(file: Path, stamp: bytes, corpus: Corpus) -> None:
    """Write the listing of `corpus` (saved with data stamp `stamp`) to `file`, whole or not
    at all (written beside it, then renamed)."""
    payload: dict[str, Any] = {
        "token": corpus.token,
        "documents": len(corpus.readouts),
        "skipped": len(corpus.skipped),
        "columns": _columns(corpus.meetings).__dict__,
    }
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = file.with_name(f"{file.name}.{secrets.token_hex(4)}.tmp")
    try:  # private, as every file of the cache folder (docs/caches.md)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(b"%s %s %s\n" % (MAGIC, stamp, _digest(data)))
            f.write(data)
        os.replace(tmp, file)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_listing(file: Path, stamp: bytes) -> Listing | None:
    """The listing in `file` when it is whole and of data stamp `stamp`; None otherwise (the
    caller then waits for the corpus, as without a listing)."""
    try:
        with file.open("rb") as f:
            header = f.readline(200).split()
            if len(header) != 3 or header[:2] != [MAGIC, stamp]:
                return None
            data = f.read()
    except OSError:
        return None
    if _digest(data) != header[2]:
        return None
    enabled = gc.isenabled()
    gc.disable()  # many small tuples: a collection every few hundred of them, else
    try:
        payload = pickle.loads(data)
        columns = _Columns(**payload["columns"])
        listing = Listing(
            str(payload["token"]),
            int(payload["documents"]),
            int(payload["skipped"]),
            ListedMeetings(columns),
        )
    except Exception:  # a well-formed file of another shape: as if there were none
        return None
    finally:
        if enabled:
            gc.enable()
    n = len(columns.ids)
    if any(len(column) != n for column in columns.__dict__.values()):
        return None
    return listing
