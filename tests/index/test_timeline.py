"""The timeline: matching readouts per period and publisher beside all of them, counted
exactly (checked against a plain scan of the texts, not the index)."""

from __future__ import annotations

from collections import Counter

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.search import SearchIndex
from index.timeline import MONTH, YEAR, choose_by, period_of, timeline
from tests.index.analysis_corpus import generated, matches_all

Counts = Counter[tuple[str, str]]


def scan(readouts: list[Readout], phrases: list[str], by: str) -> tuple[Counts, Counts]:
    def key(r: Readout) -> tuple[str, str]:
        date = r.meeting_date or r.published
        return (date[: 4 if by == YEAR else 7] if date else "", r.source)

    hits = Counter(key(r) for r in readouts if matches_all(r, phrases))
    totals = Counter(key(r) for r in readouts)
    return hits, totals


@pytest.fixture(scope="module")
def wide() -> tuple[list[Readout], SearchIndex]:
    readouts = generated(seed=7, n=300)
    return readouts, SearchIndex.build(readouts)


@pytest.mark.parametrize(
    ("query", "phrases"),
    [
        ("zorbel", ["zorbel"]),
        ("ZORBEL", ["zorbel"]),
        ('"tevlon quarnix"', ["tevlon quarnix"]),
        ("mivvet plosk", ["mivvet", "plosk"]),
        ('"plosk zorbel" tevlon', ["plosk zorbel", "tevlon"]),
    ],
)
def test_counts_per_year_and_publisher_match_a_plain_scan(
    wide: tuple[list[Readout], SearchIndex], query: str, phrases: list[str]
) -> None:
    readouts, index = wide
    tl = timeline(index, readouts, query, by=YEAR)
    assert not tl.error
    hits, totals = scan(readouts, phrases, YEAR)
    assert sum(hits.values()) > 3, "the generated corpus should hold the phrase"
    got = {(r.period, r.publisher): (r.matches, r.total) for r in tl.rows}
    assert got == {k: (hits[k], totals[k]) for k in totals}
    assert tl.matches == sum(hits.values())
    assert sum(r.total for r in tl.rows) == len(readouts)


def test_rows_are_in_period_order_with_undated_last(
    wide: tuple[list[Readout], SearchIndex],
) -> None:
    readouts, index = wide
    tl = timeline(index, readouts, "zorbel")
    assert tl.by == YEAR  # the generated dates span 2015-2022
    assert tl.periods[-1] == ""  # a few generated readouts have no date
    assert list(tl.periods[:-1]) == [str(y) for y in range(2015, 2023)]
    assert [(r.period == "", r.period, r.publisher) for r in tl.rows] == sorted(
        (r.period == "", r.period, r.publisher) for r in tl.rows
    )


def test_a_short_span_counts_by_month_from_the_first_match_to_the_last() -> None:
    readouts = [r for r in generated(seed=3, n=200, years=(2019, 2020)) if r.published]
    index = SearchIndex.build(readouts)
    tl = timeline(index, readouts, "quarnix")
    assert tl.by == MONTH
    hits, totals = scan(readouts, ["quarnix"], MONTH)
    months = sorted(p for p, _ in hits)
    assert tl.periods[0] == months[0] and tl.periods[-1] == months[-1]
    got = {(r.period, r.publisher): (r.matches, r.total) for r in tl.rows}
    assert got == {k: (hits[k], totals[k]) for k in totals if months[0] <= k[0] <= months[-1]}


def test_asking_for_months_over_a_wide_span_gives_months(
    wide: tuple[list[Readout], SearchIndex],
) -> None:
    readouts, index = wide
    tl = timeline(index, readouts, "plosk", by=MONTH)
    assert tl.by == MONTH
    assert all(len(p) == 7 for p in tl.periods if p)
    hits, _ = scan(readouts, ["plosk"], MONTH)
    assert tl.matches == sum(hits.values())


def test_seeds_equivalents_are_counted_and_exact_turns_them_off() -> None:
    corpus = load_corpus()
    index = SearchIndex.build(corpus.readouts)
    readouts = list(corpus.readouts)
    with_eq = timeline(index, readouts, "dokdo")
    exact = timeline(index, readouts, "dokdo", equivalents=False)
    names = ["takeshima", "dokdo", "tokdo", "liancourt rocks", "竹島", "독도"]
    either = Counter(
        ((r.meeting_date or r.published)[:4], r.source)
        for r in readouts
        if any(matches_all(r, [name]) for name in names)
    )
    assert {(r.period, r.publisher): r.matches for r in with_eq.rows if r.matches} == either
    assert exact.matches == sum(scan(readouts, ["dokdo"], YEAR)[0].values()) < with_eq.matches
    assert sum(r.total for r in with_eq.rows) == 5


def test_a_query_that_cannot_be_read_is_an_error_not_rows(
    wide: tuple[list[Readout], SearchIndex],
) -> None:
    readouts, index = wide
    assert timeline(index, readouts, "").error
    assert not timeline(index, readouts, "zorbel").error


def test_periods() -> None:
    assert period_of("2018-01-16", YEAR) == "2018"
    assert period_of("2018-01-16", MONTH) == "2018-01"
    assert period_of("2018", MONTH) == ""
    assert period_of("", YEAR) == ""
    assert choose_by(["2018-01-01", "2019-12-31"]) == MONTH
    assert choose_by(["2018-01-01", "2020-01-01"]) == YEAR
    assert choose_by(["", "2018-05-02"]) == MONTH
    assert choose_by([]) == YEAR
