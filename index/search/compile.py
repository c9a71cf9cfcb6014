"""Turn a parsed query into a Whoosh query plus a highlight plan.

The Whoosh query decides which readouts match and how they rank (BM25F). The highlight plan is
the list of positive, full-text parts of the query (what to mark in a readout's text): each is
a sequence of term patterns (exact / prefix / fuzzy) with the words the user typed and, for an
equivalent term, the variant it stands for. Parts under NOT and field filters are not
highlighted. Costs are bounded here: prefixes need 3 letters, fuzzy distance is clamped and a
prefix of the term must match exactly (a one-letter prefix or a short fuzzy word would take
Whoosh seconds; see docs/search-internals.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from whoosh.query import compound, positional, qcore, ranges, wrappers
from whoosh.query import terms as wterms

from index.search import whoosh_internals
from index.search.analysis import is_cjk, terms
from index.search.equivalents import Equivalents
from index.search.query import AllOf, AnyOf, Flag, Flags, Node, Not, Phrase, Range, Word

BODY = "body"
TITLE = "title"
PRINCIPALS = "minister"
PERSON = "person"
"""Not an index field: `person:x` is `minister:x` or x in the text, as written."""
WORDS_WITH_FORMS = (None, "title", "section")
"""Where a plain word finds its forms: the text, and the fields of prose (not names or codes)."""
MIN_PREFIX = 3
"""Shortest Latin prefix expanded (a one-letter prefix expands to thousands of terms)."""
MAX_FUZZY = 2
TYPING_CHOICES = 20
"""While typing, an unfinished word's prefix is narrowed to its this-many commonest words when
it has more: a common prefix unions a posting list per word it completes to."""

EXPLICIT_CHOICES = 200
"""An explicit `word*` is searched as its this-many commonest words when it has more, so no
prefix can make a query unboundedly slow (a thread worker cannot be stopped mid-search)."""

Narrow = Callable[[str, int], tuple[tuple[str, ...], int]]
"""(prefix, n) -> the (at most) n commonest index words with that prefix, and how many index
words have it."""


NO_ID = " "
"""An id no readout has (ids have no spaces): a term that matches nothing. Not Whoosh's
NullQuery, which an And drops, so `dokdo is:marked` with nothing marked would find every
readout on Dokdo."""

Forms = Callable[[str], tuple[tuple[str, int], ...]]
"""word -> (index word, document frequency) of the index words with its English stem,
commonest first (see `forms.forms`)."""
MAX_FORMS = 50
"""A word is searched as at most this many of its forms (the commonest)."""
OTHER_COMPLETION_BOOST = 0.3
"""While a word is typed that is already an index word, the longer words it completes to that
are not its forms count this much: the hits of the finished word stay on top as it is
finished, yet the list does not empty while a longer word is still being typed."""
TYPING_ENOUGH = 20
"""...and when its forms are in at least this many readouts (by document frequency, a screen
or two of hits), the other completions are left out: the list is then the finished word's."""
VARIANT_BOOST = 0.8
"""An equivalent term counts a little less than the term typed, so readouts using the typed
word rank first among otherwise equal ones."""
OTHER_FORM_BOOST = 0.5
"""A word's other forms count half as much as the form typed (`sanction` finds "sanctions",
but a readout that says "sanction" ranks first among otherwise equal ones)."""
TITLE_BOOST = 1.0
"""A plain word or phrase found in the title counts this much again (the title is part of the
text field too): a readout titled with the words sought is about them."""
PRINCIPAL_BOOST = 1.0
"""A plain word found among a readout's principals (the `minister` field: the people the parser
found meeting) counts this much again: `biden sheinbaum` puts the account of their call above
a statement or a briefing that names both."""
FEW_FORMS = 4
"""The title, principals and phrase parts search a word as its this-many commonest forms (or
completions) only: they add to a score, and every form is a matcher a keystroke pays for."""
PHRASE_BOOST = 1.0
"""Two or more plain words typed one after another score this much more in the readouts where
they stand together in that order (`economic security`, `climate finance`); the readouts
that have them apart still match."""


class Mode(Enum):
    """What a compiled query is for."""

    RANK = "rank"
    """Find the matching readouts and score them: with the parts that only add to a score (a
    word found in the title, adjacent typed words together), which the relevance rules need."""
    MATCH = "match"
    """Find the matching readouts only (count them, list them by date): the same readouts as
    `RANK`, without the parts that can add to a score but never match a readout on their own.
    Counting needs no score, and those parts (adjacency above all: a span query walks word
    positions) cost as much as the rest of the query."""


@dataclass(frozen=True)
class Pattern:
    """One token slot of a highlight part."""

    kind: str
    """"term", "prefix", "fuzzy", "set" (a prefix narrowed to `choices`, which all start with
    `text`) or "forms" (the word's forms and, while typing, its completions: `choices`)."""
    text: str
    maxdist: int = 0
    prefixlength: int = 0
    choices: tuple[str, ...] = ()
    weak: frozenset[str] = frozenset()
    """Those of `choices` that count `OTHER_COMPLETION_BOOST` (see there)."""
    weights: tuple[float, ...] = ()
    """Per choice, a factor on its score (empty: 1 each; see `_Compiler._weights`)."""

    def commonest(self, n: int = FEW_FORMS) -> Pattern:
        """This pattern with only its first `n` choices (the commonest) and the word typed, for
        the parts that only add to a score (title, principals, phrase)."""
        if self.kind not in ("set", "forms") or len(self.choices) <= n:
            return self
        weights = self.weights or (1.0,) * len(self.choices)
        kept = [
            (c, w)
            for i, (c, w) in enumerate(zip(self.choices, weights, strict=True))
            if i < n or c == self.text
        ]
        return Pattern(
            self.kind,
            self.text,
            choices=tuple(c for c, _ in kept),
            weak=self.weak & {c for c, _ in kept},
            weights=tuple(w for _, w in kept),
        )

    def whoosh(self, fieldname: str, boost: float = 1.0, in_phrase: bool = False) -> qcore.Query:
        if self.kind == "prefix":
            return wterms.Prefix(fieldname, self.text, boost=boost)
        if self.kind in ("set", "forms"):
            weights = self.weights or (1.0,) * len(self.choices)
            words: list[qcore.Query] = [
                wterms.Term(
                    fieldname,
                    c,
                    boost=boost * w * (OTHER_COMPLETION_BOOST if c in self.weak else 1.0),
                )
                for c, w in zip(self.choices, weights, strict=True)
            ]
            return whoosh_internals.small_union(words) if in_phrase else _union(words)
        if self.kind == "fuzzy":
            return wterms.FuzzyTerm(
                fieldname, self.text, boost, maxdist=self.maxdist, prefixlength=self.prefixlength
            )
        return wterms.Term(fieldname, self.text, boost=boost)


@dataclass(frozen=True)
class Part:
    """A positive full-text part of the query: consecutive token patterns."""

    patterns: tuple[Pattern, ...]
    typed: str
    """The words as the user typed them (analysed, space-joined): "takeshima"."""
    variant: str = ""
    """Non-empty when this part is an equivalent of `typed`: the data file's label."""


@dataclass
class Compiled:
    """A Whoosh query (None: nothing to search) and its highlight plan."""

    query: qcore.Query | None
    parts: list[Part] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _typed(text: str) -> str:
    return " ".join(text.lower().split())


def _sequence(
    patterns: tuple[Pattern, ...], fieldname: str, boost: float = 1.0, *, short: bool = False
) -> qcore.Query:
    """`patterns` in a row in `fieldname`. `short`: a field of a few words (the title, the
    principals), where a word's forms are a plain Or: the array union (`_union`) allocates
    per-document arrays, several times the cost of such a field's few postings."""
    if len(patterns) == 1:
        return patterns[0].whoosh(fieldname, boost, in_phrase=short)
    if all(p.kind == "term" for p in patterns):
        return positional.Phrase(fieldname, [p.text for p in patterns], boost=boost)
    return positional.Sequence([p.whoosh(fieldname, in_phrase=True) for p in patterns], boost=boost)


def _union(queries: list[qcore.Query]) -> compound.Or:
    """An Or scored a block of documents at a time (see `whoosh_internals.union`); not inside
    a phrase: such a union has no word positions."""
    return whoosh_internals.union(queries)


def _or(queries: list[qcore.Query]) -> qcore.Query:
    return queries[0] if len(queries) == 1 else _union(queries)


def _either(queries: list[qcore.Query]) -> qcore.Query:
    """A term or its equivalents, scores summed. Not DisjunctionMax: in whoosh3 3.54.0 its
    matcher takes the max of the sub-matchers' current scores even when they sit on different
    documents, which gave every hit the same score."""
    return _or(queries)


def _idf(doc_count: int, df: int) -> float:
    """BM25's inverse document frequency as Whoosh computes it (`WeightingModel.idf`)."""
    return math.log(doc_count / (df + 1)) + 1


def _and(queries: list[qcore.Query]) -> qcore.Query:
    return queries[0] if len(queries) == 1 else compound.And(queries)


class _Compiler:
    def __init__(
        self,
        equivalents: Equivalents | None,
        prefix_mode: bool,
        narrow: Narrow | None,
        *,
        wait_for_short: bool = False,
        flags: Flags | None = None,
        forms: Forms | None = None,
        doc_count: int | None = None,
        mode: Mode = Mode.RANK,
    ) -> None:
        self.equivalents = equivalents
        self.mode = mode
        self.doc_count = doc_count
        """Readouts in the index, for the weights of a word's forms (None: no weights)."""
        self.patterns: dict[Word, tuple[Pattern, ...]] = {}
        """The token patterns each plain word was searched as (for `_phrase_boost`)."""
        self.flags = flags
        self.prefix_mode = prefix_mode
        self.narrow = narrow
        self.forms = forms
        """Search a plain word as its forms (None: as written)."""
        self.wait_for_short = wait_for_short
        """Leave out an unfinished last word shorter than `MIN_PREFIX` (see `compile_query`)."""
        self.waiting = ""
        """The word left out, if one was."""
        self.parts: list[Part] = []
        self.notices: list[str] = []

    def _still_short(self, toks: list[str], unfinished: bool, fieldname: str | None) -> bool:
        """True when the last of `toks` is a Latin (etc.) word still being typed, of letters
        only and too short to be a prefix, and is to be left out for now."""
        last = toks[-1]
        if not (self.wait_for_short and self.prefix_mode and unfinished and fieldname is None):
            return False
        if is_cjk(last) or len(last) >= MIN_PREFIX or not last.isalpha():
            return False  # 'article 9', 'g7': a number is typed whole
        self.waiting = last
        self.note(f"'{last}' waits for a 3rd letter")
        return True

    def note(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    # -- leaves

    def _last_pattern(self, word: Word, term: str, stemmed: bool = True) -> Pattern:
        """The pattern for the last token of a word: its forms (`stemmed`), as written, a
        prefix or fuzzy."""
        cjk = is_cjk(term)
        if word.fuzzy:
            if cjk or len(term) < 3:
                self.note(f"'{word.text}~': too short for a fuzzy match; searched as a word")
                return Pattern("term", term)
            limit = MAX_FUZZY if len(term) >= 5 else 1
            dist = min(word.fuzzy, limit)
            if word.fuzzy > limit:
                self.note(f"'{word.text}~{word.fuzzy}': distance lowered to {dist}")
            return Pattern("fuzzy", term, dist, 2 if len(term) >= 5 else 1)
        if word.prefix or (self.prefix_mode and word.unfinished):
            if cjk:
                # A prefix of a bigram term only makes sense for a single character.
                return Pattern("prefix" if len(term) == 1 else "term", term)
            if len(term) >= MIN_PREFIX:
                return self._prefix(word, term, stemmed)
            if word.prefix:
                self.note(
                    f"'{word.text}*': a prefix needs {MIN_PREFIX} letters; searched as a word"
                )
        if stemmed and word.field in WORDS_WITH_FORMS:
            return self._exact(term)
        return Pattern("term", term)

    def _prefix(self, word: Word, term: str, stemmed: bool = True) -> Pattern:
        """A prefix as the set of index words it completes to, narrowed to the commonest when
        there are too many. (The set, not Whoosh's Prefix: the same hits and scores, but its
        union adds scores up a block of documents at a time, see `_union`.)"""
        if word.field not in (None, PERSON) or self.narrow is None:
            return Pattern("prefix", term)
        limit = EXPLICIT_CHOICES if word.prefix else TYPING_CHOICES
        choices, count = self.narrow(term, limit)
        if not choices:
            return Pattern("prefix", term)
        if count > limit:
            if word.prefix:
                self.note(f"'{term}*' matches over {limit} words; searched the {limit} commonest")
            else:
                self.note(f"while typing, '{term}' matches its {limit} commonest words")
        with_forms = stemmed and not word.prefix and word.field in WORDS_WITH_FORMS
        found = self._forms_df(term) if with_forms else ()
        forms = tuple(w for w, _ in found)
        if term not in forms:
            return Pattern("set", term, choices=choices)
        # A word typed that is already an index word: its forms as the finished word would
        # find them, and unless they are common the other completions, weaker (see
        # `OTHER_COMPLETION_BOOST`, `TYPING_ENOUGH`).
        if sum(df for _, df in found) >= TYPING_ENOUGH:
            return self._exact(term)
        weak = frozenset(choices) - frozenset(forms)
        others = sorted(weak)
        weights = (*self._weights(term, found), *(1.0,) * len(others))
        return Pattern("forms", term, choices=(*forms, *others), weak=weak, weights=weights)

    def _forms_df(self, term: str) -> tuple[tuple[str, int], ...]:
        return self.forms(term)[:MAX_FORMS] if self.forms is not None else ()

    def _forms(self, term: str) -> tuple[str, ...]:
        return tuple(w for w, _ in self._forms_df(term))

    def _exact(self, term: str) -> Pattern:
        """A finished plain word: its forms (see `index.search.forms`), or the word as typed."""
        found = self._forms_df(term)
        forms = tuple(w for w, _ in found)
        if len(forms) > 1 or (forms and forms[0] != term):
            return Pattern("forms", term, choices=forms, weights=self._weights(term, found))
        return Pattern("term", term)

    def _weights(self, term: str, found: tuple[tuple[str, int], ...]) -> tuple[float, ...]:
        """A factor per form of `term` so that its forms score together about as one word of a
        stemmed index would: each form with the rarity (BM25's idf, Whoosh's formula) of all
        the forms together, not its own, and the forms not typed at `OTHER_FORM_BOOST`.

        Without it a rare form weighs most: `security` found "secures" (in a few hundred
        readouts) with three times the weight of "security", and `economic security` ranked
        "Trump Secures..." fact sheets above the G7's statement on economic security."""
        if self.doc_count is None or not found:
            return ()
        n = self.doc_count
        together = _idf(n, min(n, sum(df for _, df in found)))
        return tuple(
            together / _idf(n, df) * (1.0 if word == term else OTHER_FORM_BOOST)
            for word, df in found
        )

    def word(self, word: Word, negated: bool) -> qcore.Query | None:
        typed = word
        toks = terms(word.text)
        if not toks:
            self.note(f"ignored '{word.text}' (no letters or digits)")
            return None
        if word.fuzzy and len(toks) > 1:
            self.note(f"'{word.text}~': fuzzy works on single words; searched exactly")
            word = Word(word.text, word.field)
        if (
            not word.prefix
            and not word.fuzzy
            and self._still_short(toks, word.unfinished, word.field)
        ):
            toks = toks[:-1]  # "indo-p" searches "indo" for now
            if not toks:
                return None
            word = Word(word.text, word.field)
        last = self._last_pattern(word, toks[-1])
        first = (
            self._exact(t) if word.field in WORDS_WITH_FORMS else Pattern("term", t)
            for t in toks[:-1]
        )
        patterns = (*first, last)
        exact = not word.prefix and not word.fuzzy
        if word.field is None and not negated:
            self.patterns[typed] = patterns
        return self._leaf(patterns, word.field, negated, exact, word.text)

    def phrase(self, phrase: Phrase, negated: bool) -> qcore.Query | None:
        toks = terms(phrase.text)
        if not toks:
            self.note(f'ignored "{phrase.text}" (no letters or digits)')
            return None
        if self._still_short(toks, phrase.unfinished, phrase.field):
            toks = toks[:-1]  # '"indo-p' searches "indo" for now
            if not toks:
                return None
            phrase = Phrase(phrase.text, phrase.field)
        patterns = tuple(Pattern("term", t) for t in toks)
        if self.prefix_mode and phrase.unfinished:
            last = self._last_pattern(Word(phrase.text, unfinished=True), toks[-1], False)
            patterns = (*patterns[:-1], last)
        return self._leaf(patterns, phrase.field, negated, True, phrase.text)

    def _leaf(
        self,
        patterns: tuple[Pattern, ...],
        fieldname: str | None,
        negated: bool,
        expand: bool,
        text: str,
    ) -> qcore.Query:
        if fieldname == PERSON:
            # Named as a principal, or anywhere in the text (highlighted there).
            # A prefix is narrowed to the text's commonest words (its cost is bounded), and
            # on the small field of principals' names it stays a prefix.
            names = tuple(Pattern("prefix", p.text) if p.kind == "set" else p for p in patterns)
            either = _union([_sequence(names, "minister"), _sequence(patterns, BODY)])
            if not negated:
                self.parts.append(Part(patterns, _typed(text)))
            return either
        query = _sequence(patterns, fieldname or BODY)
        if fieldname is not None:
            return query
        if negated:
            # An exclusion stays literal: "takeshima -dokdo" means the Japanese term only.
            return query
        # The title is in the text field too: the same words there count once more, and so do
        # the principals' names. A tree of unions, not `_union` (see `_sequence`). Only to
        # match (`Mode.MATCH`), the title is left out: the text field holds it, so it matches
        # no readout the text does not. The principals stay: their field also holds names as
        # the people file spells them (another script, given and family name swapped), which
        # a text need not contain.
        few = tuple(p.commonest() for p in patterns)
        principals = _sequence(few, PRINCIPALS, PRINCIPAL_BOOST, short=True)
        if self.mode is Mode.MATCH:
            query = whoosh_internals.small_union([query, principals])
        else:
            title = _sequence(few, TITLE, TITLE_BOOST, short=True)
            query = whoosh_internals.small_union([query, title, principals])
        typed = _typed(text)
        self.parts.append(Part(patterns, typed))
        if expand:
            key = tuple(p.text for p in patterns)
            return _either([query, *self._variants(key, typed)])
        return query

    def _variants(self, key: tuple[str, ...], typed: str) -> list[qcore.Query]:
        if self.equivalents is None:
            return []
        out = []
        for v in self.equivalents.variants(key):
            patterns = tuple(Pattern("term", t) for t in v.terms)
            # Whoosh scores a phrase as the sum of its words: scale a longer variant down.
            boost = VARIANT_BOOST * min(1.0, len(key) / len(v.terms))
            out.append(_sequence(patterns, BODY, boost))
            self.parts.append(Part(patterns, typed, v.label))
        return out

    def flag(self, flag: Flag) -> qcore.Query:
        """The readouts with `flag`, as a filter: the same score for each (as a date range
        gives), so review state never changes how readouts rank against each other."""
        label = f"tag:{flag.value}" if flag.kind == "tag" else flag.kind
        if self.flags is None:
            self.note(f"{label}: no notes here, so it matches nothing")
            return wterms.Term("id", NO_ID)
        chosen = self.flags(flag)
        ids = sorted(chosen.ids)
        matching = _or([wterms.Term("id", i) for i in ids]) if ids else wterms.Term("id", NO_ID)
        if chosen.complement:
            matching = compound.AndNot(qcore.Every(), matching)  # type: ignore[no-untyped-call]
        return wrappers.ConstantScoreQuery(matching, 1.0)

    # -- combinations

    def _plain(self, node: Node) -> bool:
        return isinstance(node, Word) and node.field is None and not node.prefix and not node.fuzzy

    def _runs(self, children: tuple[Node, ...]) -> list[tuple[int, int, qcore.Query]]:
        """Equivalents for runs of 2+ unquoted words: `comfort women` ~ "sexual slavery"."""
        eq = self.equivalents
        out: list[tuple[int, int, qcore.Query]] = []
        if eq is None or eq.max_terms < 2:
            return out
        i = 0
        while i < len(children):
            best = 0
            if self._plain(children[i]):
                toks: list[str] = []
                j = i
                while j < len(children) and self._plain(children[j]) and len(toks) < eq.max_terms:
                    word = children[j]
                    assert isinstance(word, Word)
                    toks += terms(word.text)
                    j += 1
                    if j - i >= 2 and eq.variants(tuple(toks)):
                        best = j
            if best:
                run = [c for c in children[i:best] if isinstance(c, Word)]
                key = tuple(t for c in run for t in terms(c.text))
                typed = _typed(" ".join(c.text for c in run))
                words = [self.compile(c, False) for c in run]
                own = _and([w for w in words if w is not None])
                out.append((i, best, _either([own, *self._variants(key, typed)])))
                i = best
            else:
                i += 1
        return out

    def all_of(self, node: AllOf, negated: bool) -> qcore.Query | None:
        runs = {} if negated else {start: (end, q) for start, end, q in self._runs(node.children)}
        positives: list[qcore.Query] = []
        negatives: list[qcore.Query] = []
        at: dict[int, int] = {}
        """child index -> the index in `positives` of the query that searches it"""
        i = 0
        while i < len(node.children):
            if i in runs:
                end, q = runs[i]
                at.update((k, len(positives)) for k in range(i, end))
                positives.append(q)
                i = end
                continue
            child = node.children[i]
            if isinstance(child, Not):
                excluded = self.compile(child.child, not negated)
                if excluded is not None:
                    negatives.append(excluded)
            else:
                included = self.compile(child, negated)
                if included is not None:
                    at[i] = len(positives)
                    positives.append(included)
            i += 1
        if not positives and not negatives:
            return None
        if not negated and self.mode is Mode.RANK:  # adds to a score only: see `_phrases`
            for last, phrase in self._phrases(node.children):
                if last in at:
                    k = at[last]
                    positives[k] = whoosh_internals.small_union([positives[k], phrase])
        base = _and(positives) if positives else qcore.Every()  # type: ignore[no-untyped-call]
        return compound.AndNot(base, _or(negatives)) if negatives else base

    def _phrases(self, children: tuple[Node, ...]) -> list[tuple[int, qcore.Query]]:
        """For each run of two or more plain words typed one after another, the index of its
        last word and the run as a phrase in the text, at `PHRASE_BOOST`.

        The phrase is added (an Or) to the query of the run's last word: every readout it
        matches has that word, so what matches is unchanged and the readouts where the words
        stand together score more. (Not Whoosh's AndMaybe: with Whoosh's public scorer it lost
        the optional part on some documents of a multi-segment index.)"""
        out: list[tuple[int, qcore.Query]] = []
        run: list[Pattern] = []
        words = 0
        for i, child in enumerate((*children, None)):
            patterns = self.patterns.get(child) if isinstance(child, Word) else None
            if patterns is not None and all(p.kind in ("term", "forms", "set") for p in patterns):
                run.extend(p.commonest() for p in patterns)
                words += 1
                continue
            if words >= 2:
                out.append((i - 1, _sequence(tuple(run), BODY, PHRASE_BOOST)))
            run, words = [], 0
        return out

    def compile(self, node: Node, negated: bool) -> qcore.Query | None:
        if isinstance(node, Word):
            return self.word(node, negated)
        if isinstance(node, Phrase):
            return self.phrase(node, negated)
        if isinstance(node, Range):
            return ranges.NumericRange(node.field, node.lo, node.hi)
        if isinstance(node, Flag):
            return self.flag(node)
        if isinstance(node, AllOf):
            return self.all_of(node, negated)
        if isinstance(node, AnyOf):
            options = [self.compile(c, negated) for c in node.children]
            kept = [q for q in options if q is not None]
            return _or(kept) if kept else None
        if isinstance(node, Not):
            q = self.compile(node.child, not negated)
            return wrappers.Not(q) if q is not None else None
        raise TypeError(node)  # pragma: no cover


def compile_query(
    node: Node | None,
    equivalents: Equivalents | None,
    prefix: bool,
    narrow: Narrow | None = None,
    flags: Flags | None = None,
    forms: Forms | None = None,
    doc_count: int | None = None,
    mode: Mode = Mode.RANK,
) -> Compiled:
    """The Whoosh query and highlight plan for a parsed query (None: nothing to search).

    While typing (`prefix`), an unfinished last word shorter than `MIN_PREFIX` letters waits:
    'north ko' searches 'north', so the list keeps the hits it had instead of emptying at
    'north k' and 'north ko' (no indexed word is 'k' or 'ko') to fill again at 'north kor'.
    Such a word alone ('un', 'g7') is searched as the word it is.

    `flags` says which readouts have a `Flag` (is:marked, tag:x...); without it a flag
    matches nothing, with a notice.

    `forms`: a plain (unquoted, unfielded) word is searched as every index word with its
    English stem; a quoted phrase is searched as written (see docs/search-language.md).
    `doc_count` (the index's readouts) weighs the forms of a word (see `_Compiler._weights`).

    `mode`: `Mode.MATCH` for a query that only finds the readouts (the same ones) without the
    parts that only add to a score.
    """
    if node is None:
        return Compiled(None)
    if isinstance(node, Not):
        node = AllOf((node,))
    c = _Compiler(
        equivalents,
        prefix,
        narrow,
        wait_for_short=prefix,
        flags=flags,
        forms=forms,
        doc_count=doc_count,
        mode=mode,
    )
    q = c.compile(node, False)
    if c.waiting and not c.parts:  # nothing else to search: the short word it is
        c = _Compiler(
            equivalents, prefix, narrow, flags=flags, forms=forms, doc_count=doc_count, mode=mode
        )
        q = c.compile(node, False)
    return Compiled(q, c.parts, c.notices)
