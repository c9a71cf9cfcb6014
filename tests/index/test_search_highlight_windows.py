"""Highlights from tokenizing only windows around a query's words are the highlights of the
whole text: the same offsets, phrases included, in any script (search_highlight.Analysed.around).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from index.model import Readout
from index.search import SearchIndex
from index.search.analysis import terms, tokens
from index.search.highlight import (
    ELLIPSIS,
    Analysed,
    Slot,
    _glued_word_at,
    _inside_word,
    _token_places,
    find,
    merge,
    snippets,
)
from tests.index.readouts import plain_readout

WORDS = ["north", "korea", "nort", "Korea's", "ΟΔΟΣ", "οδος", "İstanbul", "istanbul"]
WORDS += ["외교장관", "외교", "외", "竹島", "日本の", "x" * 70, "ab_cd", "2018", "⺀⺁", "⺀외"]
WORDS += ["ROK외교"]
# Words glued by a site that lost its spaces (index.glue): cut into their words, kept whole too.
WORDS += ["inSingapore", "Kangand", "AffairsKang", "theRepublic", "AstraZeneca", "theNorth"]
WORDS += ["theROK", "KoreaJapan"]
GAPS = [" ", "  ", "\n", "-", ". ", "'", "’", "\x1e", "_", "🙂", "é", " " * 150, "—" * 120]
GAPS += ["\u4dc0"]  # a hexagram: no token character, yet keeps a glued word next to it whole
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS))).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)
OTHER = ["the", "nor", "οδοσ", "i̇stanbul", "외", "竹", "astrazeneca", "insingapore"]


@st.composite
def slot(draw: st.DrawFn, term: str) -> Slot:
    """A slot that accepts `term` (or, now and then, one made up)."""
    if draw(st.integers(0, 5)) == 0:
        term = draw(st.sampled_from(OTHER))
    kind = draw(st.sampled_from(["term", "prefix", "set", "fuzzy"]))
    if kind == "term":
        return Slot(kind, term)
    cut = term[: draw(st.integers(1, len(term)))]
    if kind == "prefix":
        return Slot(kind, cut)
    others = draw(st.lists(st.sampled_from([t for w in WORDS for t in terms(w)]), max_size=3))
    if kind == "set":
        return Slot(kind, cut, frozenset(w for w in [term, *others] if w.startswith(cut)))
    return Slot(kind, term, frozenset([term, *others]))


@st.composite
def text_and_plan(
    draw: st.DrawFn,
    texts: st.SearchStrategy[str] = TEXTS,
    parts: tuple[int, int] = (0, 3),
    longest: int = 3,
) -> tuple[str, list[tuple[Slot, ...]]]:
    """A text and a plan of `parts` parts, each a run of 1 to `longest` of the text's own
    terms."""
    text = draw(texts)
    found = terms(text) or ["north"]
    plan = []
    for _ in range(draw(st.integers(*parts))):
        at = draw(st.integers(0, len(found) - 1))
        run = found[at : at + draw(st.integers(1, longest))]
        plan.append(tuple(draw(slot(term)) for term in run))
    return text, plan


@settings(max_examples=400, deadline=None)
@given(case=text_and_plan())
# "ΟΔΟΣ" lowercases to "οδοσ" in "ΟΔΟΣ'korea" (a letter follows), to "οδος" alone.
@example(case=("ΟΔΟΣ'korea", [(Slot("term", "οδος"),)]))
# A radical (not a letter) inside a Hangul run: "⺀외" is one bigram, no "외" token.
@example(case=("⺀외 외교", [(Slot("prefix", "외"),)]))
@example(case=("İstanbul north", [(Slot("term", "north"),)]))
# A glued word's words and the glued token whole; and one kept whole by the hexagram before it.
@example(case=("met inSingapore. " * 30, [(Slot("term", "in"), Slot("term", "singapore"))]))
@example(case=("AstraZeneca " * 30, [(Slot("term", "astrazeneca"),), (Slot("term", "zeneca"),)]))
@example(case=("\u4dc0inSingapore " + "x " * 60, [(Slot("term", "insingapore"),)]))
# Short words (found by one regular expression): after Hangul, inside a glued word, and in
# the middle of plain words, where they start no token.
@example(case=("외north 竹nk inSingapore international " * 5, [(Slot("prefix", "n"),)]))
@example(case=("met inSingapore on " * 20, [(Slot("prefix", "si"),), (Slot("term", "on"),)]))
def test_windows_find_what_the_whole_text_finds(
    case: tuple[str, list[tuple[Slot, ...]]],
) -> None:
    text, plan = case
    assert find(Analysed.around(text, plan), plan) == find(Analysed(text), plan)


NEUTRAL = ["the", "delegations", "met", "and", "talked", "about", "at", "length", "n", "k", "s"]
LONG_TEXTS = st.lists(
    st.tuples(st.sampled_from(WORDS + NEUTRAL * 4), st.sampled_from([*GAPS, *[" "] * 20])),
    min_size=20,
    max_size=300,
).map(lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=300, deadline=None)
# Longer texts, parts of up to 6 words: long enough for windows around a part's anchor, which
# is often a later word (the first is a common one: 'n', 'the').
@given(case=text_and_plan(LONG_TEXTS, (1, 3), 6))
# The anchor of "n k" is 'k' (rarer); its 'n' lies 120 dashes before it, past the window.
@example(
    case=("n " * 40 + "n" + "—" * 120 + "k and more", [(Slot("term", "n"), Slot("term", "k"))])
)
# The part runs 150 spaces past its anchor 'north' ('the' is everywhere).
@example(
    case=(
        "the " * 60 + "north" + " " * 150 + "korea",
        [(Slot("term", "north"), Slot("term", "korea"))],
    )
)
def test_windows_around_an_anchor_in_the_middle_find_what_the_whole_text_finds(
    case: tuple[str, list[tuple[Slot, ...]]],
) -> None:
    text, plan = case
    assert find(Analysed.around(text, plan), plan) == find(Analysed(text), plan)


GLUED = "The ministers met inSingapore. " + "They talked at length. " * 40 + "Kangand Kono left."


def test_windows_in_a_text_with_glued_words_find_what_the_whole_text_finds() -> None:
    """A glued word's words are anchors too ("singapore" in "inSingapore", "and" in
    "Kangand"), and the glued token whole is found where it stands."""
    plans = [
        [(Slot("term", "singapore"),)],
        [(Slot("term", "in"), Slot("term", "singapore"))],
        [(Slot("term", "insingapore"),)],
        [(Slot("term", "kang"), Slot("term", "and"), Slot("term", "kono"))],
        [(Slot("prefix", "kan"),), (Slot("term", "met"), Slot("prefix", "sing"))],
    ]
    for plan in plans:
        windows = Analysed.around(GLUED, plan)
        assert len(windows.terms) < len(Analysed(GLUED).terms)  # only windows were tokenized
        assert find(windows, plan) == find(Analysed(GLUED), plan)
    ((start, end),) = [(m.start, m.end) for m in find(Analysed.around(GLUED, plans[2]), plans[2])]
    assert GLUED[start:end] == "inSingapore"


def test_a_long_text_with_a_glued_word_is_tokenized_only_around_the_matches() -> None:
    """A glued word anywhere in a text no longer makes the highlighter read all of it."""
    text = f"The Secretary met inSingapore with AstraZeneca. {FILLER} Climate talks. {FILLER}"
    for plan in (
        [(Slot("term", "climate"),)],
        [(Slot("term", "in"), Slot("term", "singapore"))],
        [(Slot("term", "astrazeneca"),)],
    ):
        windows, whole = Analysed.around(text, plan), Analysed(text)
        assert find(windows, plan) == find(whole, plan) != []
        assert len(windows.terms) < len(whole.terms) / 10


def readout(rid: str, text: str) -> Readout:
    return plain_readout(rid, text)


FILLER = "The delegations met and talked at length about many other things. " * 300


def test_hits_on_long_texts_mark_every_occurrence_exactly() -> None:
    texts = {
        "far": f"North Korea opened. {FILLER} Talks on north  korea ended. {FILLER}NORTH KOREA",
        # A phrase whose words are far apart (a rule of dashes between): still one match.
        "gap": f"{FILLER} north {'-' * 500} korea {FILLER}",
        "cjk": f"{FILLER} 한일 외교장관회담 {FILLER} 외교장관은 {FILLER}",
    }
    index = SearchIndex.build([readout(rid, text) for rid, text in texts.items()])
    hits = {h.id: h for h in index.search('"north korea"', equivalents=False).hits}
    assert set(hits) == {"far", "gap"}
    far = texts["far"]
    assert [far[s:e] for s, e in hits["far"].positions] == [
        "North Korea",
        "north  korea",
        "NORTH KOREA",
    ]
    gap = texts["gap"]
    ((s, e),) = hits["gap"].positions
    assert gap[s:e] == f"north {'-' * 500} korea"
    (cjk,) = index.search("외교장관", equivalents=False).hits
    assert [texts["cjk"][s:e] for s, e in cjk.positions] == ["외교장관", "외교장관"]
    typing = index.search("외교장", prefix=True, equivalents=False).hits
    assert [texts["cjk"][s:e] for s, e in typing[0].positions] == ["외교장", "외교장"]
    korea = tuple((e - len("korea"), e) for _, e in hits["far"].positions)
    assert index.positions("far", "korea", equivalents=False) == korea


SPACED = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "\n\n", " \t ", "\u3000", ". ", "-"]))
).map(lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=300, deadline=None)
@given(text=SPACED, data=st.data())
def test_snippets_show_the_text_with_spaces_collapsed_and_mark_the_matches(
    text: str, data: st.DataObject
) -> None:
    toks = tokens(text)
    chosen = data.draw(st.lists(st.sampled_from(toks), unique=True) if toks else st.just([]))
    positions = merge((t.start, t.end) for t in chosen)
    flat = " ".join(text.split())
    marked = {" ".join(text[s:e].split()) for s, e in positions}
    windows = snippets(text, positions, width=40)
    for window in windows:
        body = window.text.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
        assert body in flat
        assert window.spans or not positions
        assert all(window.text[s:e] in marked for s, e in window.spans)


MOFA = (
    "1. Minister of Foreign AffairsKang Kyung-wha met with Minister for Foreign Affairs of Japan"
    " Taro Kono inSingapore on August 3 on the sidelines of the ASEAN-related Foreign Ministers'"
    " Meetings.\n\n"
    + "o The two Ministers reviewed the situation on the Korean Peninsula at length. "
    * 30
    + "o Ministers Kangand Kono agreed to cooperate closely for the complete denuclearization of"
    " North Korea, and discussed the future of relations between Japan andthe Republic of Korea."
    "\n\n° The two Ministers welcomed the progress in exchanges between theRepublic of Korea and"
    " Japan.\n"
)


def test_a_search_on_texts_with_glued_words_highlights_what_the_whole_text_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hits, counts, matched words, positions and snippets of searches (as typed and
    finished) over readouts with glued words are those of tokenizing each whole text."""
    texts = {
        "glued": MOFA,
        "spaced": MOFA.replace("inSingapore", "in Singapore").replace("Kangand", "Kang and"),
        "other": FILLER + "Foreign Minister Kang Kyung-wha met Secretary Pompeo in Singapore.",
    }
    queries = [
        "singapore", "singa", "kang", "kangand", "insingapore", '"in singapore"', "republic",
        '"the republic of korea"', "kang kono", "korea japan", "foreign affairs kang", "and",
    ]  # fmt: skip
    windows = SearchIndex.build([readout(rid, text) for rid, text in texts.items()])
    found = {
        (q, typing): windows.search(q, prefix=typing) for q in queries for typing in (False, True)
    }
    monkeypatch.setattr(
        Analysed, "around", classmethod(lambda cls, text, plan, joins=None: cls(text))
    )
    whole = SearchIndex.build([readout(rid, text) for rid, text in texts.items()])
    for (q, typing), result in found.items():
        assert result == whole.search(q, prefix=typing), (q, typing)
    singapore = found[("singapore", False)]
    assert {h.id for h in singapore.hits} == set(texts)
    glued_hit = next(h for h in singapore.hits if h.id == "glued")
    assert [MOFA[s:e] for s, e in glued_hit.positions] == ["Singapore"]


def test_occurrences_read_the_query_once_and_answer_each_readout_as_positions_does() -> None:
    texts = {
        "a": f"North Korea opened. {FILLER} the DPRK said",
        "b": "Nothing here.",
        "c": f"{FILLER} inSingapore, north korea",
    }
    index = SearchIndex.build([readout(rid, text) for rid, text in texts.items()])
    ids = ["c", "missing", "a", "b", "a"]
    each = list(index.occurrences(ids, "north korea"))
    assert [rid for rid, _ in each] == ids
    assert [found for _, found in each] == [index.positions(rid, "north korea") for rid in ids]
    spans = dict(each)
    assert [texts["a"][s:e] for s, e in spans["a"]] == ["North", "Korea", "DPRK"]
    assert [texts["c"][s:e] for s, e in spans["c"]] == ["north", "korea"]
    assert spans["missing"] == spans["b"] == ()
    assert list(index.occurrences(["a"], "date:2020..2019")) == [("a", ())]


SHORT = ["n", "k", "in", "an", "si", "th", "wi", "fr", "ko", "a", "t", "2"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(WORDS + NEUTRAL), st.sampled_from(GAPS))).map(
        lambda pairs: "".join(w + g for w, g in pairs)
    ),
    st.sampled_from(SHORT),
)
@example("외north 竹nk inSingapore Kangand theNorth international", "n")
@example("Kangand Konowith Parkfrom ofthe", "an")
def test_a_short_words_places_are_found_at_once_as_one_at_a_time(text: str, needle: str) -> None:
    # `_token_places` (regular expressions) keeps exactly the places the loop would keep.
    low = text.lower()
    if len(low) != len(text):
        return
    one_by_one = [
        at
        for at in range(len(low))
        if low.startswith(needle, at)
        and (at == 0 or not _inside_word(text[at - 1], text[at]) or _glued_word_at(text, at))
    ]
    assert _token_places(text, low, needle) == one_by_one
