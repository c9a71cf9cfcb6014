"""Search as you type: an index that has answered the earlier letters of a query (and remembers
their rankings and highlights) answers each keystroke exactly as an index asked only that."""

from __future__ import annotations

import pytest

from index.search import SearchIndex, SearchResult, scoring, whoosh_internals
from tests.index.readouts import plain_readout

TEXTS = [
    "Semiconductor supply chains and semiconductors were discussed. Takeshima was raised.",
    "The seminar on semiconductor export controls; Dokdo and the East Sea.",
    "A semiconductor fab, a seminar, a semifinal. North Korea and the DPRK.",
    "Supply of semiconductors; the North Korean nuclear programme; Takeshima.",
    "Semi-annual talks. Supplies, suppliers and supply chains. Dokdo.",
    "Nothing about chips here: climate change, the Indo-Pacific, sanctions on Russia.",
]

TYPED = [
    "semiconductor supply chain",
    "takeshima dokdo",
    "north korea",
    '"supply chain',
    "semiconducter~",
    "semi -seminar",
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build([plain_readout(f"d{i}", t) for i, t in enumerate(TEXTS)])


def _asked_alone(index: SearchIndex, query: str) -> SearchResult:
    """The answer of an index on the same Whoosh index that has been asked nothing else."""
    fresh = SearchIndex(index._ix, index._readouts, index._equivalents)
    return fresh.search(query, prefix=True, limit=5, highlight=3)


@pytest.mark.parametrize("query", TYPED)
def test_every_keystroke_is_answered_as_if_asked_alone(index: SearchIndex, query: str) -> None:
    for n in range(1, len(query) + 1):
        typed = query[:n]
        got = index.search(typed, prefix=True, limit=5, highlight=3)
        assert got == _asked_alone(index, typed), typed


def test_typing_again_after_other_queries_gives_the_same_answers(index: SearchIndex) -> None:
    first = [index.search(q, prefix=True, limit=5, highlight=3) for q in TYPED]
    for q in reversed(TYPED):  # fill the memos with other queries in between
        index.search(q, prefix=True, limit=5, highlight=None)
    assert [index.search(q, prefix=True, limit=5, highlight=3) for q in TYPED] == first


def test_a_letter_that_changes_no_completion_is_not_searched_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = SearchIndex.build([plain_readout(f"d{i}", t) for i, t in enumerate(TEXTS)])
    calls: list[str] = []
    ranked = whoosh_internals.ranked
    scored = scoring.Ranker.ranked

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(repr(args[1]))
        return ranked(*args, **kwargs)  # type: ignore[arg-type]

    def counting_scored(self: scoring.Ranker, *args: object, **kwargs: object) -> object:
        calls.append(repr(args[1]))
        return scored(self, *args, **kwargs)  # type: ignore[arg-type]

    # (the Whoosh collector on Whoosh's public path, else `scoring`)
    monkeypatch.setattr(whoosh_internals, "ranked", counting)
    monkeypatch.setattr(scoring.Ranker, "ranked", counting_scored)
    # 'semicond' and 'semicondu' both complete to semiconductor(s): one ranking, same hits.
    a = index.search("semicond", prefix=True, limit=5)
    b = index.search("semicondu", prefix=True, limit=5)
    assert len(calls) == 1
    assert [h.id for h in a.hits] == [h.id for h in b.hits] and a.total == b.total == 4
    assert a.hits[0].matched == b.hits[0].matched
    # 'semi' also completes to seminar, semifinal...: searched again, more hits.
    c = index.search("semi", prefix=True, limit=5)
    assert len(calls) == 2 and c.total == 5
    assert "seminar" in {w for h in c.hits for w in h.matched}


def test_the_notes_on_equivalents_name_the_word_typed(index: SearchIndex) -> None:
    # The same places are marked for both queries; the note says which word was typed.
    takeshima = index.search("takeshima", prefix=True, limit=5)
    dokdo = index.search("dokdo", prefix=True, limit=5)
    assert "dokdo (equivalent of takeshima)" in {n for h in takeshima.hits for n in h.equivalents}
    assert "takeshima (equivalent of dokdo)" in {n for h in dokdo.hits for n in h.equivalents}


@pytest.mark.parametrize(
    ("typed", "so_far"),
    [
        ("supply c", "supply "),
        ("supply ch", "supply "),
        ("north k", "north "),
        ("semi-a", "semi "),
        ('"supply ch', '"supply"'),
    ],
)
def test_a_short_word_being_typed_waits_and_the_hits_stay(
    index: SearchIndex, typed: str, so_far: str
) -> None:
    # 'supply c' would search the word 'c' and empty the list until 'supply cha'.
    got = index.search(typed, prefix=True)
    before = index.search(so_far, prefix=True)
    assert got.total == before.total > 0
    assert [h.id for h in got.hits] == [h.id for h in before.hits]
    short = typed.rsplit(" ", 1)[-1].rsplit("-", 1)[-1].strip('"')
    assert f"'{short}' waits for a 3rd letter" in got.notice


def test_a_short_word_alone_or_finished_is_searched_as_the_word(index: SearchIndex) -> None:
    assert index.search("se", prefix=True).total == 0  # no readout has the word 'se'
    assert "waits" not in index.search("se", prefix=True).notice
    assert index.search("north ko ", prefix=True).total == 0  # a space: 'ko' is a word
    assert index.search("supply cha", prefix=True).total == 2  # 3 letters: a prefix
    # A number is typed whole: 'supply 4' looks for the word '4' at once.
    assert index.search("supply 4", prefix=True).total == 0
