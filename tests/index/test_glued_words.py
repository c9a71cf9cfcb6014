"""Words glued by a site that lost its spaces (MOFA Korea's English pages: "inSingapore",
"Ministers Kangand Kono", "theRepublic of Korea") are searchable as words, highlighted at
their own characters, and read as words by the fields' readers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.corpus import load_corpus
from index.glue import deglue, glued, may_start_word, split_word
from index.model import RawDoc
from index.parse import parse_document
from index.search import SearchIndex
from index.search.analysis import columns, term_positions, terms, tokens

PAGE = (
    "Press Releases\n\nOutcome of Korea-Japan Foreign Ministers' Meeting\n\nDate 2018-08-03\n\n"
    "1. Minister of Foreign AffairsKang Kyung-wha met with Minister for Foreign Affairs of Japan"
    " Taro Kono inSingapore on August 3 on the sidelines of the ASEAN-related Foreign Ministers'"
    " Meetings.\n\n"
    "o Ministers Kangand Kono agreed to cooperate closely for the complete denuclearization of"
    " North Korea, and discussed the future of relations between Japan andthe Republic of Korea."
    "\n\n° The two Ministers welcomed the progress in exchanges between theRepublic of Korea and"
    " Japan.\n"
)

OTHER = (
    "Press Releases\n\nForeign Minister Meets U.S. Secretary of State\n\nDate 2018-08-04\n\n"
    "1. Minister of Foreign Affairs Kang Kyung-wha met with U.S. Secretary of State Mike Pompeo"
    " in Singapore on August 4.\n\n"
    "o The two sides discussed AstraZeneca vaccines, McCarthy's remarks and the iPhone.\n"
)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("inSingapore", ["in", "Singapore"]),
        ("theRepublic", ["the", "Republic"]),
        ("theNCI", ["the", "NCI"]),
        ("Kangand", ["Kang", "and"]),
        ("AffairsKang", ["Affairs", "Kang"]),
        ("RepublicOfKorea", ["Republic", "Of", "Korea"]),
        # One word each: names with a short first part, brands, "mRNA", places ending in "and".
        ("McCarthy", []),
        ("DeSantis", []),
        ("MacArthur", []),
        ("YouTube", []),
        ("TikTok", []),
        ("iPhone", []),
        ("mRNA", []),
        ("eSwatini", []),
        ("realDonaldTrump", []),
        ("Poland", []),
        ("Berlin", []),
        ("Finland", []),
    ],
)
def test_which_tokens_split(word: str, parts: list[str]) -> None:
    assert [word[s:e] for s, e in split_word(word)] == parts


def test_tokens_of_glued_words_point_at_their_own_characters() -> None:
    text = "Ministers Kangand Kono met inSingapore."
    toks = tokens(text)
    words = ["ministers", "kang", "and", "kono", "met", "in", "singapore"]
    assert [t.term for t in toks[:7]] == words
    for t in toks:
        assert text[t.start : t.end].lower() == t.term
    # consecutive positions: "in Singapore" is a phrase; the whole glued token is far away
    by_term = {t.term: t for t in toks}
    assert by_term["singapore"].pos == by_term["in"].pos + 1
    assert by_term["insingapore"].pos > by_term["singapore"].pos + 50
    # the index's fast path gives the same terms and positions
    cols = columns(text)
    assert term_positions(text) == (cols[0], cols[1])
    # a query word is cut the same way, without the glued token
    assert terms("inSingapore") == ["in", "singapore"]


def test_mixed_script_text_is_cut_the_same() -> None:
    text = "강경화 장관은 Ministers Kangand Kono 와 회담"
    cols = columns(text)
    assert "kang" in cols[0] and "kono" in cols[0] and "kangand" in cols[0]
    assert term_positions(text) == (cols[0], cols[1])


@pytest.fixture(scope="module")
def built() -> tuple[SearchIndex, dict[str, str]]:
    docs = [
        replace(parse_document(RawDoc(f"{rid}.txt", text, "txt", "utf-8", {})), id=rid)
        for rid, text in (("glued", PAGE), ("spaced", OTHER))
    ]
    return SearchIndex.build(docs), {d.id: d.text for d in docs}


@pytest.mark.parametrize(
    ("query", "ids", "surface"),
    [
        ("singapore", {"glued", "spaced"}, {"singapore"}),
        ("kang", {"glued", "spaced"}, {"kang"}),
        ('"in singapore"', {"glued", "spaced"}, {"insingapore", "in singapore"}),
        ('"the republic of korea"', {"glued"}, {"therepublic of korea", "the republic of korea"}),
        ("astrazeneca", {"spaced"}, {"astrazeneca"}),  # a split brand is still found whole
        ("zeneca", {"spaced"}, {"zeneca"}),
        ("mccarthy", {"spaced"}, {"mccarthy"}),
    ],
)
def test_glued_words_are_found_and_highlighted(
    built: tuple[SearchIndex, dict[str, str]], query: str, ids: set[str], surface: set[str]
) -> None:
    index, texts = built
    result = index.search(query, equivalents=False)
    assert {h.id for h in result.hits} == ids
    for hit in result.hits:
        text = texts[hit.id]
        assert hit.positions, hit.id
        shown = {" ".join(text[s:e].lower().split()) for s, e in hit.positions}
        assert shown and shown <= surface, (hit.id, shown)
        for sn in hit.snippets:
            assert {" ".join(sn.text[s:e].lower().split()) for s, e in sn.spans} <= surface


def test_deglue_puts_the_spaces_back() -> None:
    glued = "Ministers Kangand Kono met inSingapore"
    assert deglue(glued) == "Ministers Kang and Kono met in Singapore"
    assert deglue("McCarthy met AstraZeneca") == "McCarthy met Astra Zeneca"


def test_fields_read_through_glued_words(tmp_path: Path) -> None:
    (tmp_path / "glued.txt").write_text(PAGE, encoding="utf-8")
    (readout,) = load_corpus([tmp_path]).readouts
    assert readout.source == "mofa-korea"
    assert readout.meeting_date == "2018-08-03"
    assert [p.name for p in readout.participants] == ["Kang Kyung-wha", "Taro Kono"]
    assert [p.country for p in readout.participants] == ["ROK", "Japan"]
    assert readout.place == "Singapore"
    assert readout.text.count("inSingapore") == 1  # the text itself is kept as published


_PIECES = st.sampled_from(
    [
        "in",
        "the",
        "of",
        "and",
        "with",
        "from",
        "Kang",
        "Kono",
        "Singapore",
        "Republic",
        "NCI",
        "Affairs",
        "Korea",
        "mRNA",
        "Mc",
        "Carthy",
        "Of",
        "e",
        "x",
        " ",
        ", ",
        "-",
        "1",
        "é",
        "한국",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_every_glued_word_starts_where_the_quick_test_allows(text: str) -> None:
    # The highlighter skips `glued_at` wherever `may_start_word` says no: it must never say
    # no where a word of a glued token starts inside it.
    for start, _end, parts in glued(text):
        for s, _e in parts:
            if s > start:
                assert may_start_word(text, s), (text, s)


def test_the_quick_test_says_no_inside_plain_words() -> None:
    text = "Ministers Kangand Kono met inSingapore on international issues"
    assert may_start_word(text, text.index("and Kono"))
    assert may_start_word(text, text.index("Singapore"))
    assert not may_start_word(text, text.index("nternational"))
    assert not may_start_word(text, text.index("inisters"))
    assert [text[s:e] for _, _, parts in glued(text) for s, e in parts] == [
        "Kang",
        "and",
        "in",
        "Singapore",
    ]
