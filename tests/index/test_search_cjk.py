"""Korean and Japanese text: words inside long Hangul/kanji runs are found, offsets are exact."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.model import Readout
from index.search import SearchIndex
from index.search.analysis import tokens
from tests.index.readouts import plain_readout

KO = "한일 외교장관회담에서 양국 외교장관은 독도 문제와 북한 핵 문제를 논의했다."
JA = "日韓外相会談で、河野外務大臣は竹島問題について日本の立場を伝えた。"
MIXED = "🙂 The ROK외교장관 met Japan's 外務大臣 on 2018-01-16 (see 竹島)."
EN = "The ministers discussed Dokdo and North Korea."


def readout(rid: str, text: str) -> Readout:
    return plain_readout(rid, text, "2018-01-16")


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(
        [readout("ko", KO), readout("ja", JA), readout("mixed", MIXED), readout("en", EN)]
    )


TEXTS = {"ko": KO, "ja": JA, "mixed": MIXED, "en": EN}


def test_tokenizer_offsets_are_exact() -> None:
    for text in TEXTS.values():
        for tok in tokens(text):
            assert text[tok.start : tok.end].lower() == tok.term


@pytest.mark.parametrize(
    ("query", "ids", "surface"),
    [
        ("외교장관", {"ko", "mixed"}, "외교장관"),
        ("외교", {"ko", "mixed"}, "외교"),
        ("竹島", {"ja", "mixed"}, "竹島"),
        ("外務大臣", {"ja", "mixed"}, "外務大臣"),
        ("rok", {"mixed"}, "rok"),
        ("북한", {"ko"}, "북한"),
    ],
)
def test_cjk_words_found_with_exact_offsets(
    index: SearchIndex, query: str, ids: set[str], surface: str
) -> None:
    result = index.search(query, equivalents=False)
    assert {h.id for h in result.hits} == ids
    for hit in result.hits:
        text = TEXTS[hit.id]
        assert hit.positions
        assert {text[s:e].lower() for s, e in hit.positions} == {surface}
        for sn in hit.snippets:
            assert {sn.text[s:e].lower() for s, e in sn.spans} == {surface}


def test_cjk_phrase_is_contiguous(index: SearchIndex) -> None:
    # A CJK word is searched as a phrase of its bigrams: the characters must be adjacent.
    assert {h.id for h in index.search("외교장관회담", equivalents=False).hits} == {"ko"}
    assert index.search("장관외교", equivalents=False).hits == ()


def test_equivalents_cross_scripts(index: SearchIndex) -> None:
    result = index.search("dokdo")
    by_id = {h.id: h for h in result.hits}
    assert set(by_id) == {"ko", "ja", "mixed", "en"}
    assert "竹島 (equivalent of dokdo)" in by_id["ja"].equivalents
    assert "독도 (equivalent of dokdo)" in by_id["ko"].equivalents
    result = index.search("north korea")
    assert "ko" in {h.id for h in result.hits}


def test_single_character_as_you_type(index: SearchIndex) -> None:
    assert {h.id for h in index.search("竹", prefix=True, equivalents=False).hits} == {
        "ja",
        "mixed",
    }
    assert {h.id for h in index.search("외", prefix=True, equivalents=False).hits} == {
        "ko",
        "mixed",
    }


MIXED_ALPHABET = st.sampled_from(
    list("abcXYZ019 -.,\n\t'’")
    + list("한국외교장관")
    + list("日本竹島の")
    + ["🙂", "é", "İ", "\x1e"]
)


@settings(max_examples=200, deadline=None)
@given(text=st.lists(MIXED_ALPHABET, max_size=80).map("".join))
def test_offsets_exact_on_random_mixed_text(text: str) -> None:
    toks = tokens(text)
    for tok in toks:
        piece = text[tok.start : tok.end]
        assert piece.lower() == tok.term or (len(piece) <= 2 and piece == tok.term)
    # CJK runs become overlapping bigrams; everything else never overlaps. A glued token
    # ("aXa": "a" + "Xa") is kept whole too, after all the others and far from them (index.glue).
    n = 1
    while n < len(toks) and toks[n].start > toks[n - 1].start:
        n += 1
    ordinary, whole = toks[:n], toks[n:]
    for a, b in itertools.pairwise(ordinary):
        assert a.start < b.start
        assert b.pos > a.pos
    starts = {t.start for t in ordinary}
    ends = {t.end for t in ordinary}
    for tok in whole:
        assert tok.pos > ordinary[-1].pos + 1
        assert tok.start in starts and tok.end in ends  # the span of its words
