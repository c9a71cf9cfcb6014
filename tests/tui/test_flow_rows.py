"""What the meeting list shows for a search result, and the words that describe it: decided by
`tui.flow.rows` from a corpus and hits, with no app running."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pytest

from index.corpus import load_corpus
from index.model import Corpus, Meeting
from index.search import Hit, SearchResult, Snippet
from tui.flow.rows import (
    SameDayTitles,
    describe,
    describe_parts,
    distinct_titles,
    fit_parts,
    meeting_hits,
    no_match,
    ordered,
    searched_note,
)


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus(None)


def paired(meeting: Meeting) -> Meeting:
    """`meeting` read by both sides: its readout, and a MOFA Korea one of the same meeting."""
    jp = meeting.readouts[0]
    kr = replace(jp, id=jp.id + "-kr", source="mofa-korea")
    return replace(meeting, readouts=(jp, kr))


def hit(readout_id: str, snippet: str = "", equivalents: tuple[str, ...] = ()) -> Hit:
    snippets = (Snippet(snippet, ((0, 5),)),) if snippet else ()
    return Hit(readout_id, 1.0, "t", "d", (), equivalents, snippets, (), bool(snippet))


def test_a_meeting_is_listed_once_at_the_rank_of_its_best_readout(seeds: Corpus) -> None:
    both = paired(seeds.meetings[2])
    other = seeds.meetings[0]
    jp, kr = both.readouts
    meeting_of = {jp.id: both, kr.id: both, other.readouts[0].id: other}
    hits = [hit(kr.id, "Dokdo talks"), hit(other.readouts[0].id), hit(jp.id, "Takeshima")]
    rows = meeting_hits(hits, meeting_of)
    assert [row.meeting.id for row in rows] == [both.id, other.id]
    first, second = rows
    # The best readout opens in front, with its snippet; both publishers are shown.
    assert first.readout_id == kr.id
    assert first.snippet == ("Dokdo talks", ((0, 5),))
    assert first.sources == ("mofa-korea", "mofa-japan")
    # A hit without a snippet yet (not highlighted) still gets its row.
    assert second.snippet == ("", ()) and second.sources == ("mofa-japan",)


def test_a_hit_whose_readout_left_the_corpus_is_not_listed(seeds: Corpus) -> None:
    meeting = seeds.meetings[1]
    meeting_of = {meeting.readouts[0].id: meeting}
    rows = meeting_hits([hit("gone-since-indexing"), hit(meeting.readouts[0].id)], meeting_of)
    assert [row.meeting.id for row in rows] == [meeting.id]


def test_the_full_list_is_newest_first_or_oldest_first(seeds: Corpus) -> None:
    dates = [m.meeting_date for m in ordered(seeds.meetings, newest_first=True)]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    assert ordered(seeds.meetings, newest_first=False) == list(seeds.meetings)


def test_the_search_bar_describes_counts_the_notice_and_the_equivalents() -> None:
    hits = (
        hit("a", equivalents=("dokdo (equivalent of takeshima)",)),
        hit("b", equivalents=("dokdo (equivalent of takeshima)", "east sea (sea of japan)")),
    )
    result = SearchResult("dokdo", hits, 7, notice="closed an unbalanced quote")
    assert describe(result, 2) == (
        "2 of 7 readouts shown · 2 meetings listed · closed an unbalanced quote"
        " · dokdo (equivalent of takeshima); east sea (sea of japan)"
    )
    assert describe(SearchResult("x", (hit("a"),), 1), 1) == "1 readout in 1 meeting"


def test_the_counts_have_thousands_separators_and_say_the_rows_listed() -> None:
    # 100 readouts loaded of 2,606, in 80 meetings: the list shows 80 rows, more as it scrolls.
    hits = tuple(hit(f"r{n}") for n in range(100))
    assert describe(SearchResult("x", hits, 2606), 80) == (
        "100 of 2,606 readouts shown · 80 meetings listed"
    )
    assert describe(SearchResult("x", hits, 100), 1) == "100 readouts in 1 meeting"
    by_date = SearchResult("x", hits, 2606, order="date")
    assert (
        describe(by_date, 80) == "100 of 2,606 readouts shown · 80 meetings listed · sorted by date"
    )


def test_while_indexing_the_bar_says_how_much_was_searched() -> None:
    assert searched_note(1200, 10000) == " · searched 1,200 of 10,000 indexed"
    assert searched_note(0, 10000) == ""  # the complete index


def test_no_match_quotes_the_query_as_typed() -> None:
    assert no_match("  xyzzy ") == "no readouts match 'xyzzy'"


def test_the_search_bar_line_is_shortened_a_part_or_a_word_at_a_time() -> None:
    parts = [
        ("3 readouts in 3 meetings", "3 readouts"),
        ("takeshima (equivalent of dokdo)", "takeshima = dokdo"),
    ]
    full = "3 readouts in 3 meetings · takeshima (equivalent of dokdo)"
    assert fit_parts(parts, 100) == full
    assert fit_parts(parts, len(full)) == full
    assert fit_parts(parts, 44) == "3 readouts in 3 meetings · takeshima = dokdo"
    assert fit_parts(parts, 30) == "3 readouts · takeshima = dokdo"
    assert fit_parts(parts, 20) == "3 readouts · …"
    assert fit_parts(parts, 12) == "3 readouts"
    assert fit_parts(parts, 8) == "3…"  # cut after a word, never inside one
    notice = "closed an unbalanced quote at the end; 'w' waits for a 3rd letter"
    assert fit_parts([notice], 40) == "closed an unbalanced quote at the end…"


def test_the_described_parts_have_short_forms(seeds: Corpus) -> None:
    notes = ("takeshima (equivalent of dokdo)",)
    result = SearchResult("dokdo", (hit("a", equivalents=notes), hit("b"), hit("c")), 3)
    assert describe_parts(result, 3) == [
        ("3 readouts in 3 meetings", "3 readouts"),
        ("takeshima (equivalent of dokdo)", "takeshima = dokdo"),
    ]


def test_same_day_titles_that_begin_alike_are_told_apart_by_their_ends(seeds: Corpus) -> None:
    base = seeds.meetings[0]
    start = "Remarks by President Biden and Prime Minister Kishida Fumio of Japan"
    titles = {
        "a": f"{start} During Bilateral Meeting",
        "b": f"{start} in Joint Press Conference",
        "c": "Remarks by President Biden at the Economic Framework Launch Event",
        "d": "FACT SHEET: Quad Leaders' Tokyo Summit 2022",
    }
    day = [replace(base, id=k, meeting_date="2022-05-23", title=t) for k, t in titles.items()]
    other_day = replace(base, id="e", meeting_date="2022-05-24", title=titles["a"])
    assert distinct_titles([*day, other_day]) == {
        "a": "…During Bilateral Meeting",
        "b": "…in Joint Press Conference",
    }


def test_same_day_titles_are_worked_out_a_day_at_a_time_and_agree(
    seeds: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The list asks for the titles of the rows it draws; only their days are worked out, and
    # each meeting gets what working out every day at once gives it.
    import tui.flow.rows as rows

    base = seeds.meetings[0]
    start = "Readout of Secretary Blinken's Meeting with Foreign Minister"
    meetings = [
        replace(base, id=f"m{d}-{k}", meeting_date=f"2023-01-{d:02d}", title=f"{start} {name}")
        for d in range(1, 21)
        for k, name in enumerate(["Hayashi of Japan", "Park of Korea", "Wong of Australia"])
    ] + [
        replace(base, id="alone", meeting_date="2023-02-01"),
        replace(base, id="undated", meeting_date=""),
    ]
    worked: list[int] = []
    real = rows._distinct

    def counted(group: Iterable[rows.Dated]) -> dict[str, str]:
        group = list(group)
        worked.append(len(group))
        return real(group)

    monkeypatch.setattr(rows, "_distinct", counted)
    lazy = SameDayTitles(meetings)
    assert lazy.get("m3-1") == "…Park of Korea"
    assert lazy.get("m3-0") == "…Hayashi of Japan"
    assert lazy.get("alone") == "" and lazy.get("undated") == "" and "nosuch" not in lazy
    assert worked == [3, 1]  # the 3rd of January's three meetings, then the lone one
    every = rows.distinct_titles(meetings)
    assert {m.id: lazy.get(m.id) for m in meetings} == {m.id: every.get(m.id, "") for m in meetings}
    assert dict(lazy) == every
