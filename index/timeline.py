"""How often a query matches, period by period and publisher by publisher, beside how many
readouts there are in each: the count and the share over time.

    tl = timeline(index, corpus.readouts, '"taiwan strait"')
    for row in tl.rows: row.period, row.publisher, row.matches, row.total

A period is a year, or a month when the matching readouts' dates span under two years (or
when asked). Dates are `readout_date`: the meeting date, the published date when there is none.
Counts are of readouts, not of occurrences (the concordance lists those).

Which periods get rows: by year, every year that holds a readout (so the years before a phrase
first appears show as zeros); by month, every month that holds a readout from the first
matching month to the last (a month view of a fifteen-year corpus would be mostly empty
months). A publisher gets a row in a period when it published something then. Readouts with no
date at all are counted under the period "" (shown as "undated"), after the dated ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from index.matching import ANY, matching, readout_date
from index.model import Readout

if TYPE_CHECKING:
    from index.search import SearchIndex
    from index.search.query import Flags


YEAR, MONTH = "year", "month"
UNDATED = ""
"""The period of a readout without a date."""


@dataclass(frozen=True)
class TimelineRow:
    """One publisher in one period."""

    period: str
    """"2018" by year, "2018-01" by month, "" for undated readouts."""
    publisher: str
    """`Readout.source`: `white-house`, `mofa-japan`, ..."""
    matches: int
    """Readouts of this publisher in this period that the query matches."""
    total: int
    """All readouts of this publisher in this period."""

    @property
    def share(self) -> float:
        """matches / total (0.0 when there are none)."""
        return self.matches / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "publisher": self.publisher,
            "matches": self.matches,
            "total": self.total,
        }


@dataclass(frozen=True)
class Timeline:
    """The answer for one query."""

    query: str
    by: str
    """`YEAR` or `MONTH`."""
    rows: tuple[TimelineRow, ...]
    """By period (oldest first, undated last), then publisher."""
    matches: int
    """Matching readouts in all, every period together."""
    readouts: int = 0
    """All readouts counted from (the rows by month may cover only some of them)."""
    error: str = ""
    """Non-empty: the query could not be read; `rows` is empty."""
    notice: str = ""

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods of `rows`, in order, once each."""
        return tuple(dict.fromkeys(r.period for r in self.rows))

    @property
    def publishers(self) -> tuple[str, ...]:
        """The publishers of `rows`, sorted, once each."""
        return tuple(sorted({r.publisher for r in self.rows}))


def period_of(date: str, by: str) -> str:
    """ "2018-01-16" -> "2018" (by year) or "2018-01" (by month); "" when the date does not
    say (a date of a year alone has no month)."""
    year = date[:4]
    if len(year) != 4 or not year.isdigit():
        return UNDATED
    if by == YEAR:
        return year
    month = date[5:7]
    if date[4:5] == "-" and len(month) == 2 and month.isdigit() and "01" <= month <= "12":
        return f"{year}-{month}"
    return UNDATED


def _month_number(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def choose_by(dates: Iterable[str]) -> str:
    """`MONTH` when the dated ones among `dates` span under two years (24 months, counted
    from month to month), else `YEAR` (also when none is dated)."""
    months = [_month_number(p) for p in (period_of(d, MONTH) for d in dates) if p]
    if months and max(months) - min(months) < 24:
        return MONTH
    return YEAR


_last: tuple[object, str, Counter[tuple[str, str]]] | None = None
"""The totals last counted, by readouts (identity) and period: they depend on the corpus
alone, and the panel counts again at every pause in typing."""


def _totals(readouts: Sequence[Readout], by: str) -> Counter[tuple[str, str]]:
    """All readouts per (period, publisher); remembered for an (immutable) tuple."""
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is readouts and last[1] == by:
        return last[2]
    totals = Counter((period_of(readout_date(r), by), r.source) for r in readouts)
    if isinstance(readouts, tuple):
        _last = (readouts, by, totals)
    return totals


def timeline(
    index: SearchIndex,
    readouts: Sequence[Readout],
    query: str,
    *,
    by: str | None = None,
    equivalents: bool = True,
    flags: Flags | None = None,
) -> Timeline:
    """Matching readouts of `query` per period and publisher, beside all of `readouts` there.

    `by`: `YEAR`, `MONTH`, or None to choose (`choose_by` on the matches' dates). Never raises
    on a bad query: see `Timeline.error`. `flags`: for is:, tag: and has: (`matching`).
    """
    if by not in (None, YEAR, MONTH):
        raise ValueError(f"by must be 'year' or 'month', not {by!r}")
    found = matching(index, readouts, query, equivalents=equivalents, order=ANY, flags=flags)
    if found.error:
        return Timeline(query, by or YEAR, (), 0, error=found.error, notice=found.notice)
    dates = [readout_date(r) for r in found.readouts]
    chosen = by or choose_by(dates)
    hits = Counter((period_of(readout_date(r), chosen), r.source) for r in found.readouts)
    totals = _totals(readouts, chosen)
    keys = set(totals)  # the matches are among `readouts`: every key of `hits` is here
    if chosen == MONTH:
        months = [_month_number(p) for p, _ in hits if p]
        first, last = (min(months), max(months)) if months else (0, -1)
        keys = {
            (p, s)
            for p, s in keys
            if (first <= _month_number(p) <= last if p else hits[(p, s)] > 0)
        }
    rows = tuple(
        TimelineRow(p, s, hits[(p, s)], totals[(p, s)])
        for p, s in sorted(keys, key=lambda k: (k[0] == UNDATED, k[0], k[1]))
    )
    return Timeline(query, chosen, rows, len(found.readouts), len(readouts), notice=found.notice)
