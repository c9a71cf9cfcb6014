"""The query language on bad input: a clear message or a best-effort reading, never an exception.

Uses a small hand-built corpus so the property tests run fast.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.model import Participant, Readout
from index.search import SearchIndex, SearchResult
from index.search.query import MAX_CHARS, AllOf, AnyOf, Not, Phrase, Range, Word, parse


def readout(
    rid: str, text: str, *, date: str = "2018-01-16", source: str = "mofa-japan"
) -> Readout:
    return Readout(
        id=rid,
        path=f"{rid}.txt",
        source=source,
        title=f"Title of {rid}",
        published=date,
        meeting_date=date,
        participants=(Participant("Taro Kono", "Japan", ""),),
        attendees=(),
        place="Tokyo",
        headings=(),
        topics=("North Korea",),
        text=text,
        format="generic",
    )


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(
        [
            readout("a", "Takeshima is an integral part of Japan. Security talks on North Korea."),
            readout("b", "Dokdo is Korean territory.\nThe East Sea.", source="mofa-korea"),
            readout("c", "Denuclearization of the Korean Peninsula; security cooperation."),
        ]
    )


def check(result: SearchResult) -> None:
    """The invariants of every answer, whatever was asked."""
    assert isinstance(result, SearchResult)
    assert "\n" not in result.error and "\n" not in result.notice
    if result.error:
        assert result.hits == ()
    assert result.total >= len(result.hits)


# -- the syntax tree


def test_precedence_or_binds_tighter_than_and() -> None:
    node = parse("a b OR c").node
    assert node == AllOf((Word("a"), AnyOf((Word("b"), Word("c", unfinished=True)))))


def test_negation_forms() -> None:
    assert parse("-a b").node == AllOf((Not(Word("a")), Word("b", unfinished=True)))
    assert parse("NOT a b").node == AllOf((Not(Word("a")), Word("b", unfinished=True)))


def test_fields_and_ranges() -> None:
    assert parse('minister:"kang kyung-wha"').node == Phrase("kang kyung-wha", "minister")
    assert parse("date:2016..2018").node == Range("date", 20160101, 20181231)
    assert parse("date:>=2017-06").node == Range("date", 20170601, None)
    assert parse("date:<2017-03").node == Range("date", None, 20170228)
    assert parse("date:2016-02").node == Range("date", 20160201, 20160229)
    assert parse("year:2018").node == Range("year", 2018, 2018)
    assert parse("year:>2017").node == Range("year", 2018, None)
    assert parse("date:2018..2016").node == Range("date", 20160101, 20181231)
    assert parse("Minister:kono").node == Word("kono", "minister", unfinished=True)


def test_prefix_and_fuzzy() -> None:
    assert parse("denucl* x").node == AllOf(
        (Word("denucl", prefix=True), Word("x", unfinished=True))
    )
    assert parse("securty~").node == Word("securty", fuzzy=1)
    assert parse("securty~2").node == Word("securty", fuzzy=2)


# -- malformed input: (query, expected error fragment or "", expected notice fragment or "")

MALFORMED = [
    ('"comfort women', "", "unbalanced quote"),
    ("(dokdo OR takeshima", "", "unbalanced '('"),
    ("dokdo)", "", "unmatched ')'"),
    ("OR", "alone is not a search", ""),
    ("AND", "alone is not a search", ""),
    ("NOT", "alone is not a search", ""),
    ("-", "alone is not a search", ""),
    ("OR OR NOT", "alone is not a search", ""),
    ("dokdo OR", "", "ignored 'OR'"),
    ("OR dokdo", "", "ignored 'OR'"),
    ("dokdo AND", "", "ignored 'AND'"),
    ("dokdo NOT", "", "ignored 'NOT'"),
    ("nosuchfield:x", "unknown field 'nosuchfield:'", ""),
    ("http://example.org", "unknown field 'http:'", ""),
    ("minister:", "", "no value"),
    ('minister:""', "", "empty"),
    ("date:notadate", "can't read date:notadate", ""),
    ("date:2018-13", "can't read date:2018-13", ""),
    ("year:2018-01", "can't read year:2018-01", ""),
    ("date:..", "can't read", ""),
    ("dokdo\x1b[31m\x07", "", "control characters"),
    ("dok\u202edo", "", "control characters"),
    ("d*", "", "prefix needs 3 letters"),
    ("*", "", "lone '*'"),
    ("securty~7", "", "distance lowered to 2"),
    ("sea~", "", ""),
    ("()", "", "empty parentheses"),
    ("(" * 5000 + "dokdo", "nested", ""),
    ("x" * 10_000, "", "cut to its first"),
    ("a " * 5000, "", "first 64 terms"),
    ("—", "", "no letters or digits"),
]


@pytest.mark.parametrize(("query", "error", "notice"), MALFORMED)
def test_malformed(index: SearchIndex, query: str, error: str, notice: str) -> None:
    result = index.search(query)  # (how long each takes: bench/bench_bad_files.py)
    check(result)
    if error:
        assert error in result.error
    else:
        assert result.error == ""
    if notice:
        assert notice in result.notice


def test_best_effort_readings_still_search(index: SearchIndex) -> None:
    for query in ('"dokdo', "(dokdo", "dokdo OR", "dok\x1b[1mdo", "dokdo)"):
        result = index.search(query, equivalents=False)
        assert [h.id for h in result.hits] == ["b"], query
        assert result.notice, query
    assert {h.id for h in index.search("dokdo", equivalents=True).hits} == {"a", "b"}


def test_fuzzy_needs_a_shared_prefix_and_an_unstemmed_field(index: SearchIndex) -> None:
    assert {h.id for h in index.search("securty~").hits} == {"a", "c"}
    assert index.search("xecurity~").hits == ()  # the first letters must match
    hit = index.search("securty~").hits[0]
    assert hit.matched == ("security",)


# -- random input


QUERY_CHARS = st.sampled_from(
    [*'abcdokdtkshim "()*~:-+<>=.|&', "OR", "AND", "NOT", "\x1b", "\u202e", "외교", "竹島"]
)
FIELDS = st.sampled_from(["minister:", "source:", "date:", "year:", "topic:", "place:", "x:"])


@st.composite
def queries(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(QUERY_CHARS, FIELDS, st.text(max_size=8)), max_size=25))
    return "".join(parts) if draw(st.booleans()) else " ".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries(), prefix=st.booleans(), equivalents=st.booleans())
def test_random_queries_never_raise(
    index: SearchIndex, query: str, prefix: bool, equivalents: bool
) -> None:
    result = index.search(query, prefix=prefix, equivalents=equivalents)
    check(result)
    assert not result.error.startswith("search failed"), result.error
    texts = {r.id: r.text for r in index._readouts.values()}
    for hit in result.hits:
        for s, e in hit.positions:
            assert 0 <= s < e <= len(texts[hit.id])
        for sn in hit.snippets:
            for s, e in sn.spans:
                assert 0 <= s < e <= len(sn.text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text(max_size=60))
def test_arbitrary_text_never_raises(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    check(result)
    assert not result.error.startswith("search failed"), result.error
    assert isinstance(index.positions("a", query), tuple)


def test_cap_is_enforced_before_work() -> None:
    parsed = parse("y" * (MAX_CHARS * 10))
    assert isinstance(parsed.node, Word) and len(parsed.node.text) == MAX_CHARS


def test_typing_narrows_a_wide_prefix_to_its_commonest_words() -> None:
    words = [f"pre{chr(97 + i)}{chr(97 + j)}" for i in range(5) for j in range(6)]  # 30 words
    docs = [readout(f"d{i}", f"{w} common") for i, w in enumerate(words)]
    docs.append(readout("many", " ".join(words[:3]) + " rare"))
    index = SearchIndex.build(docs)
    typing = index.search("pre", prefix=True, equivalents=False, limit=100)
    assert "commonest words" in typing.notice
    # The 20 commonest words: the 3 that occur twice, then 17 in order: 20 readouts + "many".
    assert typing.total == 21
    for hit in typing.hits:
        for word in hit.matched:
            assert word.startswith("pre")
    explicit = index.search("pre*", equivalents=False, limit=100)
    assert explicit.total == 31 and not explicit.notice
    finished = index.search("prebb", prefix=True, equivalents=False)
    assert [h.id for h in finished.hits] == ["d7"]


def test_explicit_prefix_is_bounded() -> None:
    words = [f"con{a}{b}" for a in "abcdefghijklmnop" for b in "abcdefghijklmnop"]  # 256
    docs = [readout(f"d{i}", " ".join(words[i * 16 : i * 16 + 16])) for i in range(16)]
    index = SearchIndex.build(docs)
    result = index.search("con*", equivalents=False, limit=100)
    assert "searched the 200 commonest" in result.notice
    assert 0 < result.total <= 16
    assert index.search("conaa*", equivalents=False).notice == ""


def test_highlighting_only_the_first_hits_keeps_ranking_and_total() -> None:
    from index.corpus import load_corpus
    from index.search import SearchIndex

    index = SearchIndex.build(load_corpus().readouts)
    full = index.search("minister", limit=5)
    some = index.search("minister", limit=5, highlight=2)
    assert [h.id for h in some.hits] == [h.id for h in full.hits] and some.total == full.total
    assert [h.highlighted for h in some.hits] == [True, True, False, False, False]
    assert some.hits[:2] == full.hits[:2]  # the highlighted ones are exactly as before
    assert all(not h.snippets and not h.positions for h in some.hits[2:])
