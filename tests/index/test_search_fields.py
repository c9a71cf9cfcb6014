"""The fields analysts expect: person: (anyone named), title:, publisher: (source:), section:;
a filter on a value no readout has says which exist; a half-typed date waits."""

from __future__ import annotations

import dataclasses

import pytest

from index.model import Participant, Readout
from index.search import SearchIndex
from tests.index.readouts import plain_readout

WH = "white-house"


def readout(rid: str, text: str, **kw: object) -> Readout:
    base = plain_readout(rid, text, "2022-03-15")
    return dataclasses.replace(base, **{"source": WH, **kw})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    blinken = Participant("Antony Blinken", "United States", "Secretary of State")
    return SearchIndex.build(
        [
            readout(
                "met",
                "Secretary Blinken met the Foreign Minister.",
                participants=(blinken,),
                title="Secretary Blinken's Meeting with the Foreign Minister",
            ),
            readout(
                "named",
                "Overview\n\nThe President thanked Secretary Blinken for his work.\n\n"
                "Next steps\n\nThey agreed to meet again.",
                title="Readout of the President's Call",
                headings=(0, 2),
            ),
            readout("other", "Nothing about him here.", title="Fact Sheet: Climate"),
            readout("late", "A call in 2023.", published="2023-01-02", meeting_date="2023-01-02"),
        ]
    )


def ids(index: SearchIndex, query: str, prefix: bool = False) -> set[str]:
    result = index.search(query, prefix=prefix)
    assert not result.error, result.error
    return {h.id for h in result.hits}


def test_minister_is_the_parsed_principals_person_is_anyone_named(index: SearchIndex) -> None:
    assert ids(index, "minister:blinken") == {"met"}
    assert ids(index, "person:blinken") == {"met", "named"}
    hit = next(h for h in index.search("person:blinken").hits if h.id == "named")
    assert hit.matched == ("blinken",)
    assert ids(index, "person:blink", prefix=True) == {"met", "named"}  # as it is typed


def test_title_field(index: SearchIndex) -> None:
    assert ids(index, "title:climate") == {"other"}
    assert ids(index, 'title:"president\'s call"') == {"named"}
    assert ids(index, "title:thanked") == set()
    assert ids(index, "title:calls") == {"named"}  # a word of a title finds its forms too
    assert ids(index, "title:sheet") == {"other"}


def test_publisher_is_source(index: SearchIndex) -> None:
    every = {"met", "named", "other", "late"}
    assert ids(index, "publisher:white-house") == ids(index, "source:white-house") == every


def test_section_field_searches_headings(index: SearchIndex) -> None:
    assert ids(index, "section:overview") == {"named"}
    assert ids(index, "section:thanked") == set()


def test_a_publisher_not_in_the_corpus_says_which_are(index: SearchIndex) -> None:
    result = index.search("source:japan")
    assert result.total == 0
    assert "no publisher 'japan' here: white-house" in result.notice
    result = index.search("publisher:japan blinken")
    assert "no publisher 'japan' here: white-house" in result.notice


def test_other_missing_values_are_named_and_present_ones_are_not(index: SearchIndex) -> None:
    result = index.search("minister:nobody")
    assert result.total == 0 and "no readout has minister 'nobody'" in result.notice
    result = index.search("minister:blinken climate")
    assert result.total == 0 and "no readout has" not in result.notice


def test_a_half_typed_date_waits_while_typing(index: SearchIndex) -> None:
    typed = ["date:2022..", "date:2022..2", "date:2022..20", "date:2022..2023"]
    results = [index.search(q, prefix=True) for q in typed]
    assert all(not r.error for r in results)
    assert "waits" in results[1].notice
    assert {h.id for h in results[1].hits} == {h.id for h in results[0].hits}
    assert {h.id for h in results[3].hits} == {"met", "named", "other", "late"}
    assert index.search("date:2022..2").error  # a finished query still says it is unreadable
    assert index.search("date:x", prefix=True).error  # no more typing can make it readable


def test_unknown_field_names_the_new_fields(index: SearchIndex) -> None:
    error = index.search("author:x").error
    assert "person:" in error and "title:" in error and "publisher:" in error
