"""The notes store's answer to the query language's review flags (is:marked, tag:x, ...).

The search package knows nothing of the store: it asks a `Flags` function which readouts have
a flag. `flags_for` builds that function from a `Snapshot` of the store and the readouts of
the corpus being searched (their ids by store key).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from index.model import Readout
from index.notes.keys import readout_key
from index.notes.store import Snapshot
from index.search.query import Flag, Flags, Selection


def keys_of(readouts: Iterable[Readout]) -> dict[str, list[str]]:
    """Store key -> the ids of the readouts with it (a document found twice shares one)."""
    out: dict[str, list[str]] = {}
    for r in readouts:
        out.setdefault(readout_key(r), []).append(r.id)
    return out


def flags_for(snapshot: Snapshot, keys: dict[str, list[str]]) -> Flags:
    """A `Flags` answering from `snapshot` for the readouts in `keys` (see `keys_of`).

    Each answer names the smaller side: the search filters on as many ids as it is given, so
    is:read after thousands of readouts were read is searched as "not one of the unread".
    """

    @cache
    def every() -> frozenset[str]:  # only for a query with a flag, in the search's thread
        return frozenset(i for ids in keys.values() for i in ids)

    def ids(store_keys: Iterable[str]) -> frozenset[str]:
        return frozenset(i for k in store_keys for i in keys.get(k, ()))

    def smaller(chosen: frozenset[str], complement: bool = False) -> Selection:
        if len(chosen) * 2 > len(every()):
            return Selection(every() - chosen, not complement)
        return Selection(chosen, complement)

    def tagged(name: str) -> Iterable[str]:
        if name.endswith("*"):
            stem = name.rstrip("*")
            return (k for k, tags in snapshot.tags.items() if any(t.startswith(stem) for t in tags))
        return (k for k, tags in snapshot.tags.items() if name in tags)

    def answer(flag: Flag) -> Selection:
        if flag.kind == "marked":
            return smaller(ids(snapshot.marked))
        if flag.kind == "read":
            return smaller(ids(snapshot.read))
        if flag.kind == "unread":
            return smaller(ids(snapshot.read), complement=True)
        if flag.kind == "note":
            return smaller(ids(snapshot.noted))
        if flag.kind == "tagged":
            return smaller(ids(snapshot.tags))
        if flag.kind == "tag":
            return smaller(ids(tagged(flag.value)))
        raise ValueError(flag.kind)

    return answer
