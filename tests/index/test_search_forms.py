"""Words match their forms: a plain word finds every index word with its English stem, while
quoted phrases stay exact, highlights stay on the surface words, prefixes and fuzzy words work
on the words as written, and Korean/Japanese bigrams are unchanged."""

from __future__ import annotations

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.search import SearchIndex
from index.search.forms import forms, stem
from tests.index.readouts import plain_readout

TEXTS = {
    "a": "The abductions of citizens were raised. Sanctions stay in place.",
    "b": "He condemned the abduction and the sanctioned entities; a new policy.",
    "c": "Both leaders discussed policies on climate and the sanctioning regime.",
    "d": "The unit climates were poor. 外務大臣は竹島問題について述べた。",
    "e": "Nothing here but meetings, a meeting and the leaders who meet.",
}


def readout(rid: str, text: str) -> Readout:
    return plain_readout(rid, text, "2021-05-01")


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build([readout(rid, text) for rid, text in TEXTS.items()])


def ids(index: SearchIndex, query: str, **kw: bool) -> set[str]:
    return {h.id for h in index.search(query, equivalents=False, **kw).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("abduction", {"a", "b"}),
        ("abductions", {"a", "b"}),
        ("sanction", {"a", "b", "c"}),
        ("policy", {"b", "c"}),
        ("policies", {"b", "c"}),
        ("climate", {"c", "d"}),
        ("meetings", {"e"}),
    ],
)
def test_a_word_finds_its_forms(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert ids(index, query) == expected
    assert ids(index, query, prefix=True) >= expected


def test_highlights_are_the_surface_forms_with_exact_offsets(index: SearchIndex) -> None:
    hits = {h.id: h for h in index.search("sanction", equivalents=False).hits}
    seen = {TEXTS[rid][s:e] for rid, hit in hits.items() for s, e in hit.positions}
    assert seen == {"Sanctions", "sanctioned", "sanctioning"}
    assert hits["b"].matched == ("sanctioned",)


def test_a_quoted_word_or_phrase_is_exact(index: SearchIndex) -> None:
    assert ids(index, '"abduction"') == {"b"}
    assert ids(index, '"abductions of citizens"') == {"a"}
    assert ids(index, '"abduction of citizens"') == set()
    hit = index.search('"abduction"', equivalents=False).hits[0]
    assert [TEXTS["b"][s:e] for s, e in hit.positions] == ["abduction"]


def test_unquoted_words_side_by_side_use_forms_and_phrases_stay_in_order(
    index: SearchIndex,
) -> None:
    assert ids(index, "abduction citizen") == {"a"}
    assert ids(index, "sanction -policy") == {"a"}


def test_an_explicit_prefix_is_on_the_words_as_written(index: SearchIndex) -> None:
    assert ids(index, "sanctio*") == {"a", "b", "c"}
    assert ids(index, "polic*") == {"b", "c"}


def test_fuzzy_is_on_the_words_as_written(index: SearchIndex) -> None:
    hits = index.search("abducton~", equivalents=False).hits
    assert {h.id for h in hits} == {"b"}
    assert hits[0].matched == ("abduction",)


def test_cjk_unchanged(index: SearchIndex) -> None:
    hits = index.search("竹島", equivalents=False).hits
    assert [h.id for h in hits] == ["d"]
    assert [TEXTS["d"][s:e] for s, e in hits[0].positions] == ["竹島"]


def test_finishing_a_word_keeps_its_hits_and_their_order(index: SearchIndex) -> None:
    for word in ("abduction", "climate", "sanction", "meeting"):
        typing = index.search(word, equivalents=False, prefix=True)
        finished = index.search(word + " ", equivalents=False, prefix=True)
        assert finished.total > 0
        assert [h.id for h in typing.hits] == [h.id for h in finished.hits], word


def test_a_half_typed_word_finds_the_forms_it_begins() -> None:
    index = SearchIndex.build([readout(rid, text) for rid, text in TEXTS.items()])
    assert ids(index, "abducti", prefix=True) == {"a", "b"}


def test_seeds_typing_abduction_then_space_keeps_its_hits() -> None:
    seed_index = SearchIndex.build(load_corpus().readouts)
    typing = seed_index.search("abduction", prefix=True)
    finished = seed_index.search("abduction ", prefix=True)
    assert typing.total == finished.total == 2
    assert [h.id for h in typing.hits] == [h.id for h in finished.hits]
    assert {m for h in finished.hits for m in h.matched} == {"abductions"}


def test_forms_come_from_the_index_words_only() -> None:
    words = {"sanction": 3, "sanctions": 9, "sanctioned": 1, "sanctuary": 4, "policy": 2}

    def completions(prefix: str) -> list[tuple[int, str]]:
        return [(df, w) for w, df in words.items() if w.startswith(prefix)]

    assert forms("sanctions", completions) == (("sanctions", 9), ("sanction", 3), ("sanctioned", 1))
    assert forms("policies", completions) == (("policy", 2),)
    assert forms("g7", completions) == ()
    assert stem("abductions") == stem("abduction")


def test_finishing_a_common_word_keeps_the_top_hits() -> None:
    # 'president' is in 24 readouts (enough for a screen): while it is typed, 'presidential'
    # (a longer word, not one of its forms) must not push its readouts up the list.
    texts = [f"The president spoke {'again ' * (n % 5)}today." for n in range(24)]
    texts += ["A presidential presidential presidential visit."] * 6
    index = SearchIndex.build([readout(f"r{n}", t) for n, t in enumerate(texts)])
    typing = index.search("president", equivalents=False, prefix=True, limit=10)
    finished = index.search("president ", equivalents=False, prefix=True, limit=10)
    assert [h.id for h in typing.hits] == [h.id for h in finished.hits]
    assert typing.total == finished.total == 24
    assert ids(index, "presiden", prefix=True) >= {"r24", "r29"}  # not yet a word: completions


def test_a_misspelt_word_gets_did_you_mean_from_the_index_words() -> None:
    seeds = SearchIndex.build(load_corpus().readouts)
    result = seeds.search("nuclaer")
    assert result.total == 0
    assert "'nuclaer': did you mean nuclear?" in result.notice
    assert "did you mean security" in seeds.search("north securty ", prefix=True).notice
    # While the last word is still being typed it is not yet misspelt.
    assert "did you mean" not in seeds.search("north securty", prefix=True).notice
    assert "no readout has 'zzzzqq'" in seeds.search("zzzzqq").notice
    assert "did you mean" not in seeds.search("abductions").notice  # found: no suggestion
