"""How text becomes search terms: one tokenizer for the index, the query and the highlighter.

Latin, Cyrillic, digits...: runs of letters and digits, lowercased, no stemming (an unstemmed
field is what fuzzy and prefix queries need, and analysts searching treaty language want the
word they typed). Hangul, kana and CJK ideographs: the default Whoosh analyzers keep a whole run
as one token, so a word inside it could never be found; here a run is cut into overlapping
bigrams (a one-character run stays a unigram), and a query word is cut the same way and searched
as a phrase of bigrams. Mixed-script text ("ROK외교") splits at the script boundary.

Words glued by a site that lost its spaces ("inSingapore", "Kangand", see `index.glue`) are
cut into their words, each with its own offsets and consecutive positions (so "in Singapore"
is a phrase there); the glued token itself is kept too, after every other token and far from
them all (it matches a word typed whole, "astrazeneca", and is part of no phrase). A query's
words are cut the same way, without the glued token.

Every token carries its character offsets into the analysed string, so highlights are computed
from the tokenizer's own positions, never by searching the text for a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from whoosh.analysis.acore import Token
from whoosh.analysis.tokenizers import Tokenizer

from index.glue import glued

_CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3005\u3007"  # 々 〇
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul Jamo extended A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul Jamo extended B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\uffa0-\uffdc"  # half-width Hangul
)
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|[^\W_{_CJK}]+")
CJK_CLASS = f"[{_CJK}]"
"""A regular expression's class of the characters the tokenizer cuts into bigrams."""
_CJK_RE = re.compile(CJK_CLASS)
_WORD_RE = re.compile(rf"[^\W_{_CJK}]+")
"""A token of text without Hangul, kana or ideographs (where `_TOKEN_RE` matches the same)."""

_SEP = "\x00"
"""Joins tokens to lowercase them together (no token holds it: it is no letter or digit)."""

MAX_TOKEN_CHARS = 64
"""Longer runs (base64 blobs, URLs glued together) are not indexed: nobody types them."""

VALUE_SEPARATOR = "\x1e"
"""Joins the values of a multi-valued field (names, topics); a phrase never spans two values."""
_VALUE_GAP = 100


class Tok(NamedTuple):
    """One search term and where it came from."""

    term: str
    pos: int
    """Token position: consecutive tokens have consecutive positions (phrase matching)."""
    start: int
    end: int
    """[start, end) character offsets into the analysed string."""


def is_cjk(text: str) -> bool:
    """True when `text` contains a Hangul, kana or CJK ideograph character."""
    return _CJK_RE.search(text) is not None


Columns = tuple[list[str], list[int], list[int], list[int]]
"""Tokens as parallel lists: terms, positions, start offsets, end offsets."""


def _unglue(
    spans: list[tuple[int, int]], value: str, offset: int, whole: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """`spans` with each glued token replaced by its words' spans; the glued tokens' spans
    (moved by `offset`) are added to `whole`."""
    spots = {start: (end, parts) for start, end, parts in glued(value)}
    if not spots:
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        spot = spots.get(s)
        if spot is not None and spot[0] == e:
            out += spot[1]
            whole.append((s + offset, e + offset))
        else:
            out.append((s, e))
    return out


def columns(text: str, glued_whole: bool = True) -> Columns:
    """The tokens of `text` as parallel lists (the fast form used to index and highlight);
    with `glued_whole`, glued tokens themselves after all the others (see the module's
    docstring)."""
    cols, whole, pos = split_columns(text)
    if glued_whole:
        terms, poss, starts, ends = cols
        for s, e in whole:
            terms.append(text[s:e].lower())
            poss.append(pos)
            starts.append(s)
            ends.append(e)
            pos += _VALUE_GAP
    return cols


def split_columns(text: str) -> tuple[Columns, list[tuple[int, int]], int]:
    """`columns(text, glued_whole=False)` (tokens in text order), the [start, end) offsets of
    the glued tokens that `columns(text)` adds after them, and the position the first of
    those gets."""
    terms: list[str] = []
    poss: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    whole: list[tuple[int, int]] = []
    pos = 0
    offset = 0
    values = text.split(VALUE_SEPARATOR) if VALUE_SEPARATOR in text else (text,)
    for value in values:
        if _CJK_RE.search(value) is None:
            # Fast path (no Hangul/kana/kanji): one token per regex match.
            spans = [m.span() for m in _WORD_RE.finditer(value)]
            if any(e - s > MAX_TOKEN_CHARS for s, e in spans):
                spans = [(s, e) for s, e in spans if e - s <= MAX_TOKEN_CHARS]
            spans = _unglue(spans, value, offset, whole)
            # Lowercased in one call: the separator is no letter, so each token lowercases
            # as it would alone (a final sigma included), and no token contains it.
            found = _SEP.join([value[s:e] for s, e in spans]).lower().split(_SEP)
            terms += found if spans else ()
            poss += range(pos, pos + len(spans))
            starts += [s + offset for s, _ in spans]
            ends += [e + offset for _, e in spans]
            pos += len(spans) + _VALUE_GAP
            offset += len(value) + 1
            continue
        latin = [
            m.span()
            for m in _TOKEN_RE.finditer(value)
            if m.lastgroup is None and m.end() - m.start() <= MAX_TOKEN_CHARS
        ]
        split = dict.fromkeys(_unglue(latin, value, offset, whole))
        for m in _TOKEN_RE.finditer(value):
            start, end = m.span()
            if m.lastgroup is None:
                if end - start > MAX_TOKEN_CHARS:
                    continue
                if (start, end) not in split:  # a glued token: its words
                    for s, e in _parts_within(split, start, end):
                        terms.append(value[s:e].lower())
                        poss.append(pos)
                        starts.append(s + offset)
                        ends.append(e + offset)
                        pos += 1
                    continue
                terms.append(m.group().lower())
                poss.append(pos)
                starts.append(start + offset)
                ends.append(end + offset)
                pos += 1
            elif end - start == 1:
                terms.append(m.group())
                poss.append(pos)
                starts.append(start + offset)
                ends.append(end + offset)
                pos += 1
            else:
                run = m.group()
                for i in range(len(run) - 1):
                    terms.append(run[i : i + 2])
                    poss.append(pos)
                    starts.append(start + offset + i)
                    ends.append(start + offset + i + 2)
                    pos += 1
        offset += len(value) + 1
        pos += _VALUE_GAP
    return (terms, poss, starts, ends), whole, pos


def _parts_within(
    spans: dict[tuple[int, int], None], start: int, end: int
) -> list[tuple[int, int]]:
    return [(s, e) for s, e in spans if start <= s and e <= end]


def term_positions(text: str) -> tuple[list[str], list[int]]:
    """The terms and positions of `columns(text)`, without the offsets (what the index needs).

    Faster than `columns` on text without Hangul, kana or ideographs: whole-string
    `findall` instead of a match object per token, and on the lowercased text instead of
    lowercasing each token when that is the same thing: when no character lowercases to
    several (length unchanged) and there is no capital sigma (whose lowercase depends on the
    letters around it). Lowercasing a single character never changes whether it is a word
    character (checked for every code point by the tests).
    """
    if _CJK_RE.search(text) is not None:
        cols = columns(text)
        return cols[0], cols[1]
    low = text.lower()
    whole = len(low) == len(text) and "\u03a3" not in text
    source = low if whole else text
    if VALUE_SEPARATOR not in text:
        spots = glued(text)
        words = _words_unglued(source, whole, spots) if spots else _words(source, whole)
        poss = list(range(len(words)))
        if spots:
            _add_glued_whole(text, 0, spots, len(words) + _VALUE_GAP, words, poss)
        return words, poss
    terms: list[str] = []
    poss = []
    pos = 0
    at = 0
    all_spots: list[tuple[int, int, list[tuple[int, int]]]] = []
    for value, original in zip(
        source.split(VALUE_SEPARATOR), text.split(VALUE_SEPARATOR), strict=True
    ):
        spots = glued(original)
        words = _words_unglued(value, whole, spots) if spots else _words(value, whole)
        all_spots += [(s + at, e + at, []) for s, e, _ in spots]
        terms += words
        poss += range(pos, pos + len(words))
        pos += len(words) + _VALUE_GAP
        at += len(original) + 1
    if all_spots:
        _add_glued_whole(text, 0, all_spots, pos, terms, poss)
    return terms, poss


def _words_unglued(
    value: str, lowered: bool, spots: list[tuple[int, int, list[tuple[int, int]]]]
) -> list[str]:
    """`_words(value)` with each glued token of `spots` replaced by its words."""
    out: list[str] = []
    at = 0
    for start, end, parts in spots:
        out += _words(value[at:start], lowered)
        if end - start <= MAX_TOKEN_CHARS:
            out += [value[s:e] if lowered else value[s:e].lower() for s, e in parts]
        at = end
    out += _words(value[at:], lowered)
    return out


def _add_glued_whole(
    text: str,
    offset: int,
    spots: list[tuple[int, int, list[tuple[int, int]]]],
    pos: int,
    terms: list[str],
    poss: list[int],
) -> None:
    """The glued tokens themselves after all the others, `_VALUE_GAP` apart from `pos` on (as
    `columns` puts them)."""
    for start, end, _ in spots:
        if end - start <= MAX_TOKEN_CHARS:
            terms.append(text[start + offset : end + offset].lower())
            poss.append(pos)
            pos += _VALUE_GAP


def _words(value: str, lowered: bool) -> list[str]:
    """The words of `value` (no CJK in it), lowercased (`lowered`: it already is)."""
    words: list[str] = _WORD_RE.findall(value)
    if not lowered:
        return [w.lower() for w in words if len(w) <= MAX_TOKEN_CHARS]
    if words and max(map(len, words)) > MAX_TOKEN_CHARS:
        return [w for w in words if len(w) <= MAX_TOKEN_CHARS]
    return words


def tokens(text: str) -> list[Tok]:
    """The terms of `text` with positions and exact character offsets."""
    return [Tok(*t) for t in zip(*columns(text), strict=True)]


def terms(text: str) -> list[str]:
    """Just the terms of `text`, in order (for query words: a glued word gives its words only)."""
    return columns(text, glued_whole=False)[0]


class ColumnTokenizer(Tokenizer):
    """Whoosh's tokenizer protocol (one reused Token object) over the parallel lists that
    `split` gives for a value: terms, positions, start and end offsets."""

    def split(self, value: str, mode: str) -> Columns:
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            terms, poss, starts, ends = self.split(value, mode)
        else:
            terms, poss, starts, ends = [value], [0], [0], [len(value)]
        for i, term in enumerate(terms):
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.__dict__["original"] = value[starts[i] : ends[i]]
            if positions:
                t.pos = start_pos + poss[i]
            if chars:
                t.startchar = start_char + starts[i]
                t.endchar = start_char + ends[i]
            yield t


class ReadoutTokenizer(ColumnTokenizer):
    """`columns()` as Whoosh's tokenizer: the analyzer of every text field."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReadoutTokenizer)

    def __hash__(self) -> int:
        return hash(ReadoutTokenizer)

    def split(self, value: str, mode: str) -> Columns:
        return columns(value, glued_whole=mode != "query")


def analyzer() -> ReadoutTokenizer:
    """The analyzer of every text field of the search index."""
    return ReadoutTokenizer()
