"""Every readout a query matches, not only the best page of them: what the timeline counts and
the concordance reads.

The search is the app's own (`SearchIndex.search`, or `SearchIndex.matches` when no ranking is
needed), so a query means the same thing here as in the search bar: equivalents, field filters,
`date:` ranges, fuzzy words. Nothing is highlighted, and unless the relevance order is asked
for nothing is ranked either (counting and listing by date need no score).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.model import Readout, readout_date

if TYPE_CHECKING:
    from index.search import SearchIndex
    from index.search.query import Flags

__all__ = ["ANY", "DATE", "RELEVANCE", "Matching", "date_key", "matching", "readout_date"]

RELEVANCE, DATE, ANY = "relevance", "date", "any"
"""`matching`'s orders: best first; oldest first; whatever order is cheapest (for counting)."""


@dataclass(frozen=True)
class Matching:
    """The readouts one query matches, in the order asked for."""

    query: str
    readouts: tuple[Readout, ...]
    error: str = ""
    """Non-empty: the query could not be read (a one-line message); `readouts` is empty."""
    notice: str = ""
    """Non-empty: the query was read on a best-effort basis; says how."""


def matching(
    index: SearchIndex,
    readouts: Iterable[Readout] | dict[str, Readout],
    query: str,
    *,
    equivalents: bool = True,
    order: str = RELEVANCE,
    flags: Flags | None = None,
) -> Matching:
    """Every readout among `readouts` that `query` matches in `index`.

    `order`: `RELEVANCE` (best first, as the search ranks them), `DATE` (oldest first, by
    `readout_date`; undated ones last; ties by id) or `ANY` (unsorted: to count). Only
    `RELEVANCE` ranks; the others find the same readouts unranked (`SearchIndex.matches`).
    Hits whose id is not among `readouts` (an index a little ahead of the list) are left out.
    `flags`: the reader's marks, tags and notes for is:, tag: and has:, as the search is given
    them (without, those match nothing). Never raises: see `Matching.error`.
    """
    if order not in (RELEVANCE, DATE, ANY):
        raise ValueError(f"order must be 'relevance', 'date' or 'any', not {order!r}")
    by_id = readouts if isinstance(readouts, dict) else _by_id(readouts)
    if not query.strip():
        return Matching(query, (), error="empty query")
    if order == RELEVANCE:
        result = index.search(
            query,
            limit=max(1, len(index)),
            equivalents=equivalents,
            snippets=False,
            highlight=0,
            flags=flags,
        )
        error, notice, ids = result.error, result.notice, [h.id for h in result.hits]
    else:
        matches = index.matches(query, equivalents=equivalents, flags=flags)
        error, notice, ids = matches.error, matches.notice, list(matches.ids)
    if error:
        return Matching(query, (), error=error, notice=notice)
    found = tuple(by_id[i] for i in ids if i in by_id)
    if order == DATE:
        found = tuple(sorted(found, key=date_key))
    return Matching(query, found, notice=notice)


_last: tuple[object, dict[str, Readout]] | None = None
"""The readouts last looked up by id, and that lookup: the timeline panel asks again at every
pause in typing, and a corpus is the same tuple until it is reloaded."""


def _by_id(readouts: Iterable[Readout]) -> dict[str, Readout]:
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is readouts:
        return last[1]
    by_id = {r.id: r for r in readouts}
    if isinstance(readouts, tuple):  # immutable: safe to remember by identity
        _last = (readouts, by_id)
    return by_id


def date_key(readout: Readout) -> tuple[bool, str, str]:
    """Sort key: oldest first, undated last, ties by id."""
    date = readout_date(readout)
    return (not date, date, readout.id)
