"""The concordance: one line per occurrence of what the query matched, its context on one line,
offsets into the text, the sort orders, and a first screenful that is the start of the whole."""

from __future__ import annotations

import re

import pytest

from index.concordance import AFTER, BEFORE, DATE, concordance, one_line
from index.corpus import load_corpus
from index.model import Readout
from index.search import SearchIndex
from index.search.analysis import terms
from tests.index.analysis_corpus import generated, matches_all, phrase_count


@pytest.fixture(scope="module")
def wide() -> tuple[list[Readout], SearchIndex]:
    readouts = generated(seed=11, n=250)
    return readouts, SearchIndex.build(readouts)


@pytest.mark.parametrize(
    ("query", "phrases"),
    [
        ("zorbel", ["zorbel"]),
        ('"tevlon quarnix"', ["tevlon quarnix"]),
        ("mivvet plosk", ["mivvet", "plosk"]),
    ],
)
def test_one_line_per_occurrence_counted_by_a_plain_scan(
    wide: tuple[list[Readout], SearchIndex], query: str, phrases: list[str]
) -> None:
    readouts, index = wide
    kwic = concordance(index, readouts, query, width=25)
    matching = [r for r in readouts if matches_all(r, phrases)]
    expected = sum(phrase_count(r.text, p) for r in matching for p in phrases)
    assert expected > 3
    assert len(kwic.lines) == expected
    assert kwic.readouts == len(matching)
    assert kwic.complete
    by_id = {r.id: r for r in readouts}
    for line in kwic.lines:
        text = by_id[line.id].text
        assert " ".join(terms(line.match)) in phrases
        assert line.match == one_line(text[line.offset : line.end])
        assert line.left == one_line(text[max(0, line.offset - 25) : line.offset])
        assert line.right == one_line(text[line.end : line.end + 25])
        assert "\n" not in line.left + line.match + line.right
        assert len(line.left) == min(25, line.offset)


def test_sorted_by_date_then_by_offset(wide: tuple[list[Readout], SearchIndex]) -> None:
    readouts, index = wide
    lines = concordance(index, readouts, "zorbel").lines
    keys = [(not ln.date, ln.date, ln.id, ln.offset) for ln in lines]
    assert keys == sorted(keys)
    assert lines[0].date and not lines[-1].date  # undated ones last


def test_sorted_by_the_word_after_or_before(wide: tuple[list[Readout], SearchIndex]) -> None:
    readouts, index = wide
    after = concordance(index, readouts, "quarnix", sort=AFTER).lines
    before = concordance(index, readouts, "quarnix", sort=BEFORE).lines
    by_date = concordance(index, readouts, "quarnix", sort=DATE).lines
    assert sorted(after, key=lambda ln: (ln.id, ln.offset)) == sorted(
        by_date, key=lambda ln: (ln.id, ln.offset)
    )
    next_words = [re.findall(r"\w+", ln.right.lower())[:1] for ln in after]
    assert next_words == sorted(next_words)
    assert len(set(map(tuple, next_words))) > 3
    prev_words = [re.findall(r"\w+", ln.left.lower())[-1:] for ln in before]
    assert prev_words == sorted(prev_words)


def test_a_limit_gives_the_start_of_the_whole_listing(
    wide: tuple[list[Readout], SearchIndex],
) -> None:
    readouts, index = wide
    whole = concordance(index, readouts, "plosk")
    first = concordance(index, readouts, "plosk", limit=10)
    assert len(whole.lines) > 10
    assert first.lines == whole.lines[:10]
    assert not first.complete and whole.complete
    after = concordance(index, readouts, "plosk", sort=AFTER, limit=10)
    assert after.lines == concordance(index, readouts, "plosk", sort=AFTER).lines[:10]


def test_seeds_equivalents_show_as_the_words_in_the_text() -> None:
    corpus = load_corpus()
    index = SearchIndex.build(corpus.readouts)
    lines = concordance(index, list(corpus.readouts), "dokdo").lines
    assert {ln.match for ln in lines} == {"Dokdo", "Takeshima"}
    exact = concordance(index, list(corpus.readouts), "dokdo", equivalents=False).lines
    assert {ln.match for ln in exact} == {"Dokdo"}
    texts = {r.id: r.text for r in corpus.readouts}
    assert len(lines) == sum(
        len(re.findall(r"\b(?:dokdo|takeshima)\b", t, re.I)) for t in texts.values()
    )
    phrase = concordance(index, list(corpus.readouts), '"north korea"').lines
    assert phrase and all(ln.match.lower() == "north korea" for ln in phrase)


def test_a_bad_query_is_an_error(wide: tuple[list[Readout], SearchIndex]) -> None:
    readouts, index = wide
    kwic = concordance(index, readouts, "")
    assert kwic.error and not kwic.lines
