"""Keyword in context: every place a query matched, one line each, with the text either side.

    kwic = concordance(index, corpus.readouts, "north korea", width=40)
    for line in kwic.lines: line.date, line.publisher, line.left, line.match, line.right

The places are the highlighter's (`SearchIndex.positions`): the words the search matched,
stemmed forms and equivalents included, a phrase as one match. They are found in a readout's
text (the title is searched too, but has no offsets of its own, so a readout matched only by
its title has no line). The context is cut at a fixed number of characters and kept on one
line (line breaks and tabs become spaces, so offsets inside it stay those of the text).

Sorting by the word after (or before) the match compares the words of the right context in
order (of the left context, nearest first), ignoring case and punctuation, then by date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from index.matching import date_key, matching, readout_date
from index.model import Readout

if TYPE_CHECKING:
    from index.search import SearchIndex
    from index.search.query import Flags


DATE, AFTER, BEFORE = "date", "after", "before"
SORTS = (DATE, AFTER, BEFORE)
WIDTH = 40
"""Characters of context on each side by default."""

_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\v": " ", "\f": " "})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class KwicLine:
    """One occurrence of a match in one readout."""

    id: str
    """`Readout.id`."""
    date: str
    """`readout_date`: the meeting date, else the published date ("" when neither)."""
    publisher: str
    """`Readout.source`."""
    left: str
    """Up to `width` characters before the match, on one line (shorter at the text's start)."""
    match: str
    """The matched text, on one line."""
    right: str
    """Up to `width` characters after the match, on one line."""
    offset: int
    """Character offset of the match's start in `Readout.text`."""
    end: int
    """Character offset just past the match's end."""
    readout: Readout = field(repr=False, compare=False)
    """The readout itself (for its title, URL and path when exported)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "publisher": self.publisher,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "offset": self.offset,
        }


@dataclass(frozen=True)
class Concordance:
    """The occurrences of one query."""

    query: str
    sort: str
    width: int
    lines: tuple[KwicLine, ...]
    readouts: int
    """How many readouts the query matched (some may have no line: see the module docs)."""
    complete: bool = True
    """False when a `limit` stopped the listing: there may be more lines."""
    error: str = ""
    """Non-empty: the query could not be read; `lines` is empty."""
    notice: str = ""


def one_line(text: str) -> str:
    """`text` with line breaks and tabs as spaces (same length, so offsets still hold)."""
    return text.translate(_BREAKS)


def lines_of(readout: Readout, positions: Sequence[tuple[int, int]], width: int) -> list[KwicLine]:
    """A line for each [start, end) of `positions` in `readout`'s text."""
    if not positions:
        return []
    text = readout.text  # read once: it may come from the text store on disk
    date = readout_date(readout)
    return [
        KwicLine(
            id=readout.id,
            date=date,
            publisher=readout.source,
            left=one_line(text[max(0, start - width) : start]),
            match=one_line(text[start:end]),
            right=one_line(text[end : end + width]),
            offset=start,
            end=end,
            readout=readout,
        )
        for start, end in positions
    ]


def sort_key(sort: str) -> Any:
    """The key that orders lines by `sort` (`DATE`, `AFTER` or `BEFORE`)."""

    def by_date(line: KwicLine) -> tuple[Any, ...]:
        return (*date_key(line.readout), line.offset)

    if sort == DATE:
        return by_date
    if sort == AFTER:
        return lambda line: (_WORD.findall(line.right.casefold()), *by_date(line))
    if sort == BEFORE:
        return lambda line: (_WORD.findall(line.left.casefold())[::-1], *by_date(line))
    raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")


def concordance(
    index: SearchIndex,
    readouts: Sequence[Readout],
    query: str,
    *,
    width: int = WIDTH,
    sort: str = DATE,
    limit: int | None = None,
    equivalents: bool = True,
    flags: Flags | None = None,
) -> Concordance:
    """Every occurrence of `query`'s matches in the readouts it matches, sorted by `sort`.

    `limit`: stop after that many lines. By date, only the readouts those lines come from are
    read (the first screenful of a large result costs a few texts, not all of them); by the
    words around the match every occurrence has to be known first. Never raises on a bad
    query: see `Concordance.error`. `flags`: for is:, tag: and has: (`matching`).
    """
    key = sort_key(sort)
    if width < 0:
        raise ValueError("width must not be negative")
    found = matching(index, readouts, query, equivalents=equivalents, order=DATE, flags=flags)
    if found.error:
        return Concordance(query, sort, width, (), 0, error=found.error, notice=found.notice)
    lines: list[KwicLine] = []
    complete = True
    # Lazily, one readout at a time: a first screenful reads only the texts it shows.
    each = index.occurrences((r.id for r in found.readouts), query, equivalents=equivalents)
    for readout in found.readouts:
        if sort == DATE and limit is not None and len(lines) >= limit:
            complete = False
            break
        _, positions = next(each)
        lines.extend(lines_of(readout, positions, width))
    if sort != DATE:
        lines.sort(key=key)
    if limit is not None and len(lines) > limit:
        lines, complete = lines[:limit], False
    return Concordance(
        query, sort, width, tuple(lines), len(found.readouts), complete, notice=found.notice
    )
