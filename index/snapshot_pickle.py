"""The parse cache's snapshot pickled in parts (`index.cache`, layout 3).

One `pickle.dump` of a whole corpus keeps a memo of every object it writes until it is done:
for a large corpus, millions of objects on top of the corpus itself, the first start's peak
(figures in docs/caches.md). Here the readouts are pickled a few thousand at a time,
the memo cleared between parts, and the meetings after them name their readouts (and the
readouts' participants) by number, so nothing is written twice and every object comes back
shared as it was. The text store the readouts' texts are in is written once, first.

What is written, one pickle after another: (`MARK`, head, the text store or None, how many
readouts); the readouts, `PART` at a time, as tuples; the meetings, as tuples. `load` gives
back the head, the readouts and the meetings; given the single pickle of an older layout, it
gives back that object alone.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from typing import Any, BinaryIO, NamedTuple

from index.model import Meeting, Readout
from index.textstore import TextStore

MARK = "readouts-tui snapshot in parts"
PART = 4096
"""Readouts (or meetings) per pickle: the memo holds at most their objects."""
STORE = "store"
"""The persistent id of the text store."""


class Parts(NamedTuple):
    """What `dump` wrote, read back."""

    head: Any
    readouts: tuple[Readout, ...]
    meetings: tuple[Meeting, ...]


class _Pickler(pickle.Pickler):
    """Writes the text store, and objects named in `shared`, by reference."""

    def __init__(self, file: Any, shared: dict[int, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared
        self.store_written = False
        """Whether the text store has been written (in the first part) and is named since."""

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is TextStore:
            return STORE if self.store_written else None
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    """Reads one part, resolving the references `_Pickler` wrote (`store`, `readouts`: those
    read so far)."""

    def __init__(self, file: Any, store: TextStore | None, readouts: list[Readout]) -> None:
        super().__init__(file)
        self.store = store
        self.readouts = readouts

    def persistent_load(self, pid: Any) -> Any:
        if pid == STORE:
            if self.store is None:
                raise pickle.UnpicklingError("a text store named before it was read")
            return self.store
        if type(pid) is int:
            return self.readouts[pid]
        if type(pid) is tuple and len(pid) == 2 and pid[0] == "p":
            return self.readouts[pid[1]].participants
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


def dump(
    file: BinaryIO | Any,
    head: Any,
    readouts: Sequence[Readout],
    meetings: Sequence[Meeting],
) -> None:
    """Write `head`, `readouts` and `meetings` to `file` in parts (see the module's
    docstring)."""
    store = next((r.text_ref.store for r in readouts if r.text_ref is not None), None)
    pickler = _Pickler(file, {})
    pickler.dump((MARK, head, store, len(readouts)))
    pickler.store_written = True
    for start in range(0, len(readouts), PART):
        pickler.clear_memo()
        pickler.dump(tuple(readouts[start : start + PART]))
    shared: dict[int, Any] = {}
    for i, r in enumerate(readouts):
        shared[id(r)] = i
        if r.participants:
            shared.setdefault(id(r.participants), ("p", i))
    pickler.shared = shared
    for start in range(0, len(meetings), PART):
        pickler.clear_memo()
        pickler.dump(tuple(meetings[start : start + PART]))
    pickler.clear_memo()
    pickler.dump(None)  # the end: a file cut short after a part is not taken for whole


def load_head(data: bytes) -> tuple[Any, Any] | None:
    """The head `dump` wrote first and the text store it names, unpickling nothing else (the
    readouts and meetings are not read); None for an older layout (one pickle), found
    without unpickling it: its first bytes do not hold `MARK`."""
    if MARK.encode() not in data[:256]:
        return None
    first = _Unpickler(io.BytesIO(data), None, []).load()
    if not (type(first) is tuple and len(first) == 4 and first[0] == MARK):
        return None
    return first[1], first[2]


def load(data: bytes) -> Parts | Any:
    """The `Parts` that `dump` wrote; the object itself when `data` is a single pickle of an
    older layout. Raises what unpickling raises on damaged data."""
    stream = io.BytesIO(data)
    readouts: list[Readout] = []
    first = _Unpickler(stream, None, readouts).load()
    if not (type(first) is tuple and len(first) == 4 and first[0] == MARK):
        return first
    _, head, store, count = first

    def part() -> Any:
        # An unpickler of its own for each part: each was pickled with an empty memo.
        return _Unpickler(stream, store, readouts).load()

    while len(readouts) < count:
        readouts.extend(part())
    meetings: list[Meeting] = []
    while (meeting_part := part()) is not None:
        meetings.extend(meeting_part)
    return Parts(head, tuple(readouts), tuple(meetings))
