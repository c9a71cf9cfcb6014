"""Search on the five bundled seeds: the readouts each query form finds, ranking, offsets.

Readouts are named by meeting date (unique among the seeds) so the expectations do not depend
on how readout ids are spelled.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Corpus
from index.search import SearchIndex, SearchResult
from index.search.analysis import terms

D11, D16, D18A, D18B, D23 = "2011-03-19", "2016-09-18", "2018-01-16", "2018-04-11", "2023-07-13"
ALL = {D11, D16, D18A, D18B, D23}
JAPAN = {D11, D16, D18A, D23}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SearchIndex:
    return SearchIndex.build(corpus.readouts)


def dates(result: SearchResult, corpus: Corpus) -> set[str]:
    out = set()
    for hit in result.hits:
        readout = corpus.readout(hit.id)
        assert readout is not None
        out.add(readout.meeting_date)
    return out


# (query, expected with equivalents, expected without)
CASES = [
    ("dokdo", {D11, D18A, D18B}, {D18B}),
    ("takeshima", {D11, D18A, D18B}, {D11, D18A}),
    ("Takeshima", {D11, D18A, D18B}, {D11, D18A}),
    ('"comfort women"', {D18A, D18B}, {D18A}),
    ("comfort women", {D18A, D18B}, {D18A}),
    ('"women forced into sexual slavery"', {D18A, D18B}, {D18B}),
    ('"requisitioned civilians"', {D18A, D18B}, {D18A}),
    ("forced laborers", {D18A, D18B}, {D18B}),
    ('"contaminated water"', {D23}, set()),
    ('"ALPS treated water"', {D23}, {D23}),
    ("dprk", ALL, set()),
    ('"north korea"', ALL, ALL),
    ("earthquake", {D11}, {D11}),
    ("earthquake kyoto", {D11}, {D11}),
    ("takeshima dokdo", {D11, D18A, D18B}, set()),
    ("dokdo OR abductions", {D11, D16, D18A, D18B, D23}, {D16, D18B, D23}),
    ("abductions OR dokdo missile", {D16, D23}, {D16, D23}),
    ("(dokdo OR takeshima) olympic", {D18A, D18B}, {D18A, D18B}),
    ("takeshima -dokdo", {D11, D18A}, {D11, D18A}),
    ("takeshima NOT year:2011", {D18A, D18B}, {D18A}),
    ("NOT takeshima", {D16, D18B, D23}, {D16, D18B, D23}),
    ("-takeshima -dokdo", {D16, D23}, {D16, D23}),
    ("minister:kono", {D18A, D18B}, {D18A, D18B}),
    ('minister:"kang kyung-wha"', {D18A, D18B}, {D18A, D18B}),
    ('minister:"Kang Kyung-hwa"', {D18A, D18B}, {D18A, D18B}),
    ("minister:강경화", {D18A, D18B}, {D18A, D18B}),
    ("minister:kishida", {D16}, {D16}),
    ("minister:(kishida OR hayashi)", {D16, D23}, {D16, D23}),
    ("source:korea", {D18B}, {D18B}),
    ("source:japan", JAPAN, JAPAN),
    ("source:mofa-korea", {D18B}, {D18B}),
    ("place:seoul", {D18B}, {D18B}),
    ('place:"new york"', {D16}, {D16}),
    ("place:kyoto", {D11}, {D11}),
    ('topic:"north korea"', ALL, ALL),
    ("topic:abductions", {D16, D23}, {D16, D23}),
    ("year:2018", {D18A, D18B}, {D18A, D18B}),
    ("year:2016..2018", {D16, D18A, D18B}, {D16, D18A, D18B}),
    ("date:2016..2018", {D16, D18A, D18B}, {D16, D18A, D18B}),
    ("date:>=2017-06", {D18A, D18B, D23}, {D18A, D18B, D23}),
    ("date:>2018-01-16", {D18B, D23}, {D18B, D23}),
    ("date:<2016", {D11}, {D11}),
    ("date:2018-04", {D18B}, {D18B}),
    ("date:2018-01-16", {D18A}, {D18A}),
    ("dokdo year:2018", {D18A, D18B}, {D18B}),
    ("denucl*", {D11, D18A, D18B}, {D11, D18A, D18B}),
    ("securty~", {D11, D16, D18A, D23}, {D11, D16, D18A, D23}),
    ("secruity~2", {D11, D16, D18A, D23}, {D11, D16, D18A, D23}),
    ("secruity~", set(), set()),
    ("dok", set(), set()),
]


@pytest.mark.parametrize(("query", "with_eq", "without_eq"), CASES)
def test_result_sets(
    index: SearchIndex, corpus: Corpus, query: str, with_eq: set[str], without_eq: set[str]
) -> None:
    on = index.search(query)
    off = index.search(query, equivalents=False)
    assert not on.error and not off.error
    assert dates(on, corpus) == with_eq
    assert dates(off, corpus) == without_eq
    assert on.total == len(with_eq)


def test_hit_says_which_equivalent_matched(index: SearchIndex, corpus: Corpus) -> None:
    result = index.search("takeshima")
    by_date = {corpus.readout(h.id).meeting_date: h for h in result.hits}  # type: ignore[union-attr]
    assert by_date[D18B].equivalents == ("dokdo (equivalent of takeshima)",)
    assert by_date[D18B].matched == ("dokdo",)
    assert by_date[D11].equivalents == ()
    assert by_date[D11].matched == ("takeshima",)
    result = index.search('"comfort women"')
    by_date = {corpus.readout(h.id).meeting_date: h for h in result.hits}  # type: ignore[union-attr]
    assert "women forced into sexual slavery (equivalent of comfort women)" in (
        by_date[D18B].equivalents
    )


def test_exact_search_reports_no_equivalents(index: SearchIndex) -> None:
    hits = index.search("takeshima", equivalents=False).hits
    assert len(hits) == 2  # the two Japanese readouts that write "Takeshima", nothing else
    for hit in hits:
        assert hit.equivalents == ()


def _rank(result: SearchResult, corpus: Corpus, date: str) -> int:
    for i, hit in enumerate(result.hits):
        if corpus.readout(hit.id).meeting_date == date:  # type: ignore[union-attr]
            return i
    raise AssertionError(f"{date} not in the hits")


@pytest.mark.parametrize(
    ("query", "about", "once"),
    [('"north korea"', D11, D23), ("nuclear", D18B, D16), ("takeshima", D11, D18A)],
)
def test_ranking_about_beats_mentioned_once(
    index: SearchIndex, corpus: Corpus, query: str, about: str, once: str
) -> None:
    result = index.search(query, equivalents=False)
    counts = {h.id: len(h.positions) for h in result.hits}
    about_hit = result.hits[_rank(result, corpus, about)]
    once_hit = result.hits[_rank(result, corpus, once)]
    assert counts[once_hit.id] == 1 < counts[about_hit.id]
    assert _rank(result, corpus, about) < _rank(result, corpus, once)
    assert about_hit.score > once_hit.score


QUERIES_FOR_OFFSETS = [
    "dokdo",
    "takeshima",
    '"comfort women"',
    "forced laborers",
    "dprk",
    "denucl*",
    "securty~",
    "north korea",
    '"republic of korea"',
]


@pytest.mark.parametrize("query", QUERIES_FOR_OFFSETS)
def test_positions_and_spans_are_exact(index: SearchIndex, corpus: Corpus, query: str) -> None:
    result = index.search(query)
    assert result.hits
    for hit in result.hits:
        text = corpus.readout(hit.id).text  # type: ignore[union-attr]
        assert hit.positions, hit.id
        assert list(hit.positions) == sorted(hit.positions)
        found = set()
        for s, e in hit.positions:
            piece = text[s:e]
            # A span starts and ends on token boundaries: it is exactly the matched words.
            assert terms(piece), piece
            assert piece == piece.strip()
            assert s == 0 or not text[s - 1].isalnum()
            assert e == len(text) or not text[e].isalnum()
            found.add(" ".join(terms(piece)))
        assert {" ".join(terms(m)) for m in hit.matched} <= found | {
            w for f in found for w in f.split()
        }
        for snippet in hit.snippets:
            for s, e in snippet.spans:
                assert terms(snippet.text[s:e])
                assert " ".join(terms(snippet.text[s:e])) in found


def test_single_word_spans_equal_the_word(index: SearchIndex, corpus: Corpus) -> None:
    hits = index.search("dokdo").hits
    assert len(hits) == 3 and all(hit.positions and hit.snippets for hit in hits)
    for hit in hits:
        text = corpus.readout(hit.id).text  # type: ignore[union-attr]
        assert {text[s:e].lower() for s, e in hit.positions} <= {"dokdo", "takeshima"}
        for sn in hit.snippets:
            assert {sn.text[s:e].lower() for s, e in sn.spans} <= {"dokdo", "takeshima"}


def test_positions_api_matches_hits(index: SearchIndex) -> None:
    for query in ("takeshima", "denucl*", '"north korea" -dokdo'):
        for hit in index.search(query).hits:
            assert index.positions(hit.id, query) == hit.positions
    assert index.positions("no-such-id", "dokdo") == ()
    assert index.positions(index.search("dokdo").hits[0].id, 'foo:"') == ()


def test_as_you_type_dokdo(index: SearchIndex, corpus: Corpus) -> None:
    seen = []
    for n in range(1, len("dokdo") + 1):
        result = index.search("dokdo"[:n], prefix=True)
        assert not result.error
        seen.append(dates(result, corpus))
    # 'd' and 'do' are too short to expand (whoosh-facts): searched as words, find nothing.
    assert seen == [set(), set(), {D18B}, {D18B}, {D11, D18A, D18B}]


def test_as_you_type_last_word_only(index: SearchIndex, corpus: Corpus) -> None:
    assert dates(index.search("kyoto earthq", prefix=True), corpus) == {D11}
    assert dates(index.search("earthq kyoto", prefix=True), corpus) == set()
    assert dates(index.search("earthq ", prefix=True), corpus) == set()
    assert dates(index.search("minister:kis", prefix=True), corpus) == {D16}
    assert dates(index.search("kyoto earthq", prefix=False), corpus) == set()
    # Inside a quote still being typed, the last word is a prefix too.
    assert dates(index.search('"comfort wom', prefix=True), corpus) == {D18A}
    assert dates(index.search('"comfort wom', prefix=False), corpus) == set()


def test_empty_queries(index: SearchIndex) -> None:
    for query in ("", "   ", "\t\n"):
        result = index.search(query)
        assert result.hits == () and result.total == 0 and not result.error


def test_limit_and_total(index: SearchIndex) -> None:
    result = index.search("dokdo", limit=1)
    assert len(result.hits) == 1 and result.total == 3


def test_snippets_off(index: SearchIndex) -> None:
    hit = index.search("dokdo", snippets=False).hits[0]
    assert hit.snippets == () and hit.positions


def test_json_shape(index: SearchIndex) -> None:
    data = index.search("dokdo").hits[0].to_json()
    assert set(data) == {
        "id",
        "score",
        "title",
        "meeting_date",
        "matched",
        "equivalents",
        "snippets",
        "positions",
    }
    assert set(data["snippets"][0]) == {"text", "spans"}


def test_threads_each_get_a_working_searcher(index: SearchIndex) -> None:
    expected = [h.id for h in index.search("dokdo").hits]
    results: list[list[str]] = []
    errors: list[str] = []

    def work() -> None:
        for _ in range(20):
            r = index.search("dokdo")
            if r.error:
                errors.append(r.error)
            results.append([h.id for h in r.hits])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(r == expected for r in results)


def test_searchers_are_reused_across_short_lived_threads(index: SearchIndex) -> None:
    # Textual runs each thread worker in a new thread: pooled searchers serve them in turn.
    index.search("warm up")
    before = len(index._pool)
    for _ in range(10):
        t = threading.Thread(target=index.search, args=("dokdo",))
        t.start()
        t.join()
    assert len(index._pool) == before


def test_build_reports_progress(corpus: Corpus) -> None:
    calls: list[tuple[int, int]] = []
    ix = SearchIndex.build(corpus.readouts, progress=lambda d, t: calls.append((d, t)))
    assert len(ix) == len(corpus.readouts) == 5
    assert calls[-1] == (5, 5)


def test_search_modules_import_no_ui() -> None:
    root = Path(__file__).parents[2]
    code = (
        "import sys, index.search, index.search.query, index.search.compile;"
        "print([m for m in ('textual', 'rich', 'tui') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
