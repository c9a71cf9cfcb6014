"""Ranking every match of a query without Whoosh's matcher trees: the same BM25F scores, added
up a posting list at a time instead of a document at a time.

`whoosh_internals.ranked` must score every match (Whoosh's top-N shortcut lost hits) and Whoosh
does that by stepping a tree of matchers one document at a time, most of the calls asking each
union and intersection whether it is still active (the measurements are in
docs/search-internals.md, "Ranking a posting list at a time"). Here each segment's query tree
is evaluated as dictionaries of document number -> score:

- a `Term`: its posting list read a block at a time (`whoosh_internals.term_postings`) and
  scored with the searcher's own BM25F scorer's figures (the same expression as
  `whoosh_internals._BM25F`, so the same floats), times its boost; remembered per segment
  (`TERM_MEMO` postings), since as-you-type asks for the same words at every key;
- an `Or`: the union, scores added (Whoosh's union matchers add them too), times its boost;
- an `And`: the intersection, scores added, evaluated cheapest first so that the dear parts
  are asked only about the documents still in the running;
- an `AndNot`: the first part's documents (and scores) without the second part's;
- anything else (phrases and sequences, prefixes, fuzzy terms, ranges, ...): Whoosh's own
  matcher for that part alone, stepped with `skip_to` over the documents still in the running
  when there are some, so the same scores as Whoosh gives it.

Added in another order than Whoosh's trees add them, a score can differ from Whoosh's in its
last bits; the test compares the two rankings query by query (`tests/index/test_scoring.py`).
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from whoosh.query import compound, positional, qcore
from whoosh.query import terms as wterms

from index.search import phrases, whoosh_internals
from index.search.lru import LRU
from index.search.stop import Stop, check

Scores = dict[int, float]
"""A segment's document number -> score, for the documents a query part matches."""

FEW = 8
"""A term is read only for the documents still in the running when it is in this many times
more documents than they are (see `SegmentRanker._term_scores`)."""
TERM_MEMO = 200_000
"""Postings of scored terms remembered, shared out among a searcher's segments (a dict entry
each)."""
FREQUENCY_MEMO = 50_000
"""Document frequencies remembered per segment (forgotten all at once beyond that)."""
PLACES_MEMO = 200_000
"""Word positions remembered for the adjacency parts, in (term, document) entries shared out
among a searcher's segments: while `ukraine russia sanc` is typed on, each key asks again
where 'ukraine' and 'russia' stand in the same documents."""


class SegmentMemo:
    """What a searcher's segment remembers between searches: each scored term's postings
    (`scores`) and, for the terms of adjacency parts, their positions in the documents asked
    about so far and in the rest of the posting blocks read for them (`places`: document ->
    positions, () where the term is not; those not yet asked about kept as the bytes stored
    and decoded when first used), and how many
    documents have each term asked about (`frequency`: the order of an And's parts and of a
    phrase's words is decided by it at every key)."""

    __slots__ = ("frequency", "places", "scores")

    def __init__(self, scores_budget: int, places_budget: int) -> None:
        self.frequency: dict[tuple[str, bytes], int] = {}
        self.scores: LRU[tuple[str, bytes], Scores] = LRU(1 << 20, cost=len, budget=scores_budget)
        self.places: LRU[tuple[str, bytes], dict[int, Sequence[int] | bytes]] = LRU(
            1 << 20, cost=len, budget=places_budget
        )


class _Frequencies:
    """A segment's reader whose `doc_frequency` answers from the memo: Whoosh's
    `estimate_size` asks it for every term of a query at every key."""

    def __init__(self, reader: Any, memo: dict[tuple[str, bytes], int], lock: threading.Lock):
        self._reader = reader
        self._memo = memo
        self._lock = lock

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        key = (fieldname, btext)
        with self._lock:
            known = self._memo.get(key)
        if known is None:
            known = int(self._reader.doc_frequency(fieldname, btext))
            with self._lock:
                if len(self._memo) >= FREQUENCY_MEMO:
                    self._memo.clear()
                self._memo[key] = known
        return known

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class SegmentRanker:
    """Scores a query's matches in one segment (a leaf searcher of the top searcher)."""

    def __init__(
        self,
        top: Any,
        leaf: Any,
        memo: SegmentMemo,
        lock: threading.Lock,
        *,
        match_only: bool = False,
        stop: Stop | None = None,
    ) -> None:
        self._stop = stop
        """Asked before each read from the index (`index.search.stop`)."""
        self._match_only = match_only
        """Only which documents match counts (`Ranker.matching`), not their scores."""
        self._top = top
        self._lock = lock
        self._leaf = leaf
        self._reader = leaf.reader()
        self._frequencies = _Frequencies(self._reader, memo.frequency, lock)
        self._weighting = top.weighting
        self._memo = memo
        self._context: Any = None
        self.doc_count = int(self._reader.doc_count_all())
        self.deferred: list[Deferred] = []
        """The adjacency parts left to check (see `Deferred`), in this segment."""

    def scores(self, query: qcore.Query, within: set[int] | None = None) -> Scores:
        """The documents of this segment that `query` matches (only those in `within`, when
        given) and their scores, less the adjacency parts put off in `deferred`."""
        before = len(self.deferred)
        out = self._scores(query, within)
        if len(self.deferred) > before:
            boost = getattr(query, "boost", 1.0)
            narrowed = type(query) in (compound.And, compound.AndNot)
            for part in self.deferred[before:]:
                if boost != 1.0:
                    part.scale *= boost
                if narrowed:  # only the documents that went on matching keep the part
                    part.bound = part.bound.within(
                        {d: b for d, b in part.bound.upper.items() if d in out}
                    )
        return out

    def _scores(self, query: qcore.Query, within: set[int] | None) -> Scores:
        kind = type(query)
        if kind is wterms.Term:
            return self._term(cast(wterms.Term, query), within)
        if kind in (compound.Or, compound.DefaultOr, compound.PreloadedOr) and not (
            query.minmatch or query.scale  # type: ignore[attr-defined]
        ):
            return self._or(cast(compound.Or, query), within)
        if kind is compound.And:
            return self._and(cast(compound.And, query), within)
        if kind is compound.AndNot:
            return self._and_not(cast(compound.AndNot, query), within)
        if _adjacency(query) is not None:
            return self._held(query, self._bound(query, within))
        return self._opaque(query, within)

    # ------------------------------------------------------------ parts

    def _term(self, query: wterms.Term, within: set[int] | None) -> Scores:
        scored = self._term_scores(query.fieldname, query.text, within)
        if scored is None:
            return self._opaque(query, within)
        boost = query.boost
        if within is not None and len(within) < len(scored):
            picked: Iterable[tuple[int, float]] = ((d, scored[d]) for d in within if d in scored)
        elif within is not None:
            picked = ((d, s) for d, s in scored.items() if d in within)
        else:
            picked = scored.items()
        if boost == 1.0:
            return dict(picked)
        return {d: s * boost for d, s in picked}

    def _term_scores(
        self, fieldname: str, text: Any, within: set[int] | None = None
    ) -> Scores | None:
        """Every live posting of the term, scored without its boost; {} when the segment
        lacks it; None when its scorer is not the remembered-lengths BM25F (then Whoosh's own
        matcher scores it). When the term is in many more documents than `within` holds
        (`of` in a phrase asked about a few hundred documents), only those are read, and not
        remembered."""
        schema = self._leaf.schema
        if fieldname not in schema:
            return {}
        try:
            btext = schema[fieldname].to_bytes(text)
        except ValueError:
            return {}
        key = (fieldname, btext)
        with self._lock:
            known = self._memo.scores.get(key)
        if known is not None:
            return known
        if key not in self._reader:
            return {}
        check(self._stop)
        figures = whoosh_internals.bm25f_figures(self._weighting, self._leaf, fieldname, btext)
        if figures is None:
            return None
        idf, avgfl, b, k1, length = figures
        docs = None
        if within is not None and len(within) * FEW < self._frequencies.doc_frequency(
            fieldname, btext
        ):
            docs = sorted(within)
        ids, weights = whoosh_internals.term_postings(self._reader, fieldname, btext, docs)
        out: Scores = {}
        for d, tf in zip(ids, weights, strict=True):
            fl = length(d)
            # whoosh_internals._BM25F's expression (whoosh.scoring.bm25), in the same order
            out[d] = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
        if docs is None:
            with self._lock:
                self._memo.scores.put(key, out)
        return out

    def _or(self, query: compound.Or, within: set[int] | None) -> Scores:
        later = [q for q in query.subqueries if _adjacency(q) is not None]
        now = [q for q in query.subqueries if _adjacency(q) is None]
        parts = [self.scores(q, within) for q in now]
        matched = list(parts)
        for q in later:
            bound = self._bound(q, within)
            # Where the other parts match, it cannot add a match, only to a score: checked
            # later, if ever needed. Elsewhere it decides whether the document matches.
            covered = {d: b for d, b in bound.upper.items() if any(d in p for p in matched)}
            if covered:
                self.deferred.append(Deferred(q, bound.within(covered)))
            if len(covered) < len(bound.upper):
                rest = {d: b for d, b in bound.upper.items() if d not in covered}
                if self._recorded(q) is not None and not self._match_only:
                    # The index says where the phrase stands: these documents match, and
                    # what it adds to each is worked out, like a bonus, only for those that
                    # could reach the best.
                    parts.append(dict.fromkeys(rest, 0.0))
                    self.deferred.append(Deferred(q, bound.within(rest)))
                else:
                    parts.append(self._held(q, bound.within(rest)))
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        total = dict(parts[0])
        get = total.get
        for part in parts[1:]:
            for d, s in part.items():
                total[d] = get(d, 0.0) + s
        return _boosted(total, query.boost)

    def _and(self, query: compound.And, within: set[int] | None) -> Scores:
        subs = sorted(query.subqueries, key=self._cost)
        if not subs:
            return {}
        total = self.scores(subs[0], within)
        for q in subs[1:]:
            if not total:
                return {}
            part = self.scores(q, set(total))
            total = {d: s + part[d] for d, s in total.items() if d in part}
        return _boosted(total, query.boost)

    def _and_not(self, query: compound.AndNot, within: set[int] | None) -> Scores:
        kept = self.scores(query.a, within)
        if not kept:
            return {}
        gone = self._matches(query.b, set(kept))
        return {d: s for d, s in kept.items() if d not in gone}

    def _cost(self, query: qcore.Query) -> tuple[int, int]:
        """Which parts of an And to evaluate first: those built of terms (a posting list
        each, cheap and remembered), then the rest; among each, the rarer first."""
        try:
            size = int(query.estimate_size(cast(Any, self._frequencies)))
        except Exception:  # some queries cannot tell
            size = 1 << 30
        return (0 if _plain(query) else 1, size)

    def _bound(self, query: qcore.Query, within: set[int] | None) -> Bound:
        """For an adjacency part (`_adjacency`): the documents that have its rarer words and
        at most what the part would add to each where the words stand together (Whoosh
        scores a span match as the intersection of its parts, then applies the boost).

        The words are read rarest first. Once the next word is in more than `FEW` times as
        many documents as are still in the running and has not been scored before, it and
        the commoner ones are not read: each counts at the most a posting of it can score
        (`_ceiling`), and its exact score is read later only for the documents where the
        words turn out to stand together (`exact`). 'of' and 's' in "Democratic People's
        Republic of Korea" were read wherever its rarer words were, to score a phrase that
        holds in far fewer documents (docs/search-internals.md)."""
        words = sorted(_adjacency(query) or (), key=self._frequency)  # rarest first
        boost = float(getattr(query, "boost", 1.0))
        total: Scores | None = None
        recorded = self._recorded(query)
        if recorded is not None:  # exactly the documents where it stands
            total = {d: 0.0 for d in recorded if within is None or d in within}
            if not total:
                return Bound({}, {}, (), boost)
        later: list[qcore.Query] = []
        room = 0.0
        for k, word in enumerate(words):
            if total is not None and self._frequency(word) > FEW * len(total):
                if self._match_only:
                    # Only matching counts: `adjacent` reads where every word stands in
                    # the documents that have the rarer words (one without a word has no
                    # place for it); the scores are never used.
                    break
                if not self._remembered(word):
                    ceilings = [self._ceiling(w) for w in words[k:]]
                    if None not in ceilings:
                        later = words[k:]
                        room = sum(cast(list[float], ceilings))
                        break
            part = self.scores(word, within if total is None else set(total))
            total = (
                part if total is None else {d: s + part[d] for d, s in total.items() if d in part}
            )
            if not total:
                return Bound({}, {}, (), boost)
        partial = total or {}
        upper = {d: s + room for d, s in partial.items()} if later else partial
        return Bound(_boosted(upper, boost), partial, tuple(later), boost)

    def exact(self, bound: Bound, docs: Iterable[int]) -> Scores:
        """What the adjacency part of `bound` adds to each of `docs` (of its documents) that
        has all its words: the words' scores added in the order `_bound` added them, then
        boosted, so the same sums as reading every word at once."""
        total = {d: bound.partial[d] for d in docs}
        for word in bound.later:
            if not total:
                break
            part = self.scores(word, set(total))
            total = {d: s + part[d] for d, s in total.items() if d in part}
        return _boosted(total, bound.boost)

    def _remembered(self, word: qcore.Query) -> bool:
        """Whether every term of `word` has been scored in this segment before (reading it
        again costs nothing)."""
        keys = self._keys(word)
        with self._lock:
            return all(key in self._memo.scores for _, key in keys)

    def _keys(self, word: qcore.Query) -> list[tuple[wterms.Term, tuple[str, bytes]]]:
        """The terms of `word` (a term or a union of terms) with their keys (field name,
        text as indexed), leaving out those this segment's schema cannot say."""
        terms = [word] if type(word) is wterms.Term else list(word.subqueries)  # type: ignore[attr-defined]
        schema = self._leaf.schema
        out = []
        for term in terms:
            try:
                out.append((term, (term.fieldname, schema[term.fieldname].to_bytes(term.text))))
            except (KeyError, ValueError):
                continue
        return out

    def _ceiling(self, word: qcore.Query) -> float | None:
        """The most a posting of `word` (a term or a union of terms) can score in this
        segment: BM25F's tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average)) is below
        K1 + 1 whatever the frequency and length, times the idf and the boosts. None when a
        term is not scored by the remembered-lengths BM25F."""
        outer = 1.0 if type(word) is wterms.Term else float(getattr(word, "boost", 1.0))
        most = 0.0
        for term, key in self._keys(word):
            if key not in self._reader:
                continue
            figures = whoosh_internals.bm25f_figures(self._weighting, self._leaf, *key)
            if figures is None:
                return None
            idf, _avgfl, _b, k1, _length = figures
            most += max(0.0, idf * (k1 + 1)) * max(0.0, float(term.boost))
        return most * max(0.0, outer)

    def _held(self, query: qcore.Query, bound: Bound) -> Scores:
        """An adjacency part's documents and scores: those of its `bound` where its words
        stand one after another."""
        hold = self.adjacent(query, bound.upper)
        if self._match_only or not bound.later:
            return {d: bound.upper[d] for d in hold}
        return self.exact(bound, hold)

    def adjacent(self, query: qcore.Query, docs: Iterable[int]) -> set[int]:
        """Those of `docs` in which the words of the adjacency part `query` stand one after
        another."""
        words = _adjacency(query)
        assert words is not None
        recorded = self._recorded(query)
        if recorded is not None:
            return {d for d in docs if d in recorded}
        # Rarest word first; each next word's positions are read only in the documents where
        # the words so far still line up ('of' in "Democratic People's Republic of Korea" is
        # in nearly every document, and read last, if at all).
        order = sorted(range(len(words)), key=lambda i: self._frequency(words[i]))
        starts: dict[int, set[int]] | None = None  # document -> where the run could start
        for i in order:
            wanted = sorted(docs) if starts is None else sorted(starts)
            if not wanted:
                return set()
            places = self._positions(words[i], wanted)
            if starts is None:
                starts = {d: {at - i for at in ats} for d, ats in places.items()}
            else:
                starts = {
                    d: kept
                    for d, ats in places.items()
                    if (kept := {s for s in starts[d] if s + i in ats})
                }
        return set(starts or ())

    def _recorded(self, query: qcore.Query) -> Scores | None:
        """The documents of this segment where the phrase `query` stands, as the index
        records them (`index.search.phrases`: the equivalents' phrases of the body), each
        with 0.0; None when the index does not record it (then its words' positions say)."""
        if (
            type(query) is not positional.Phrase
            or query.fieldname != phrases.TEXT
            or query.slop != 1
            or not phrases.default_table().covers(query.words)
            or phrases.FIELD not in self._leaf.schema
        ):
            return None
        btext = phrases.key(query.words).encode("utf-8")
        memo_key = (phrases.FIELD, btext)
        with self._lock:
            known = self._memo.scores.get(memo_key)
        if known is not None:
            return known
        found: Scores = {}
        if memo_key in self._reader:
            check(self._stop)
            ids, _ = whoosh_internals.term_postings(self._reader, phrases.FIELD, btext)
            found = dict.fromkeys(ids, 0.0)
        with self._lock:
            self._memo.scores.put(memo_key, found)
        return found

    def _frequency(self, word: qcore.Query) -> int:
        """How many documents of the segment have `word` (a term or a union of terms)."""
        return sum(self._frequencies.doc_frequency(*key) for _, key in self._keys(word))

    def _positions(self, word: qcore.Query, docs: list[int]) -> dict[int, set[int]]:
        """Document -> the word positions of `word` (a term, or a union of terms of one
        field) in each of `docs` (ascending) that has it; read from the index only for the
        documents not asked about before (`SegmentMemo.places`)."""
        out: dict[int, set[int]] = {}
        for term, key in self._keys(word):
            btext = key[1]
            with self._lock:
                known = self._memo.places.get(key)
            again = known is not None
            if known is None:
                if key not in self._reader:
                    continue
                known = {}
            missing = [d for d in docs if d not in known]
            if missing:
                check(self._stop)
                # Asked again (typing): the rest of the posting blocks read is kept too,
                # decoded when used, since the next keystroke asks about some neighbours; the
                # first time (a search from the command line, a query pasted) only the
                # documents sought.
                found = whoosh_internals.posting_positions(
                    self._reader, term.fieldname, btext, missing, whole_blocks=again
                )
                known = dict(known)
                known.update(found)  # (those of the rest of the blocks decoded when used)
                for d in missing:
                    known.setdefault(d, ())
                with self._lock:
                    self._memo.places.put(key, known)
            decode = None
            for d in docs:
                places = known[d]
                if isinstance(places, bytes):  # read with its block, decoded now it is asked
                    if decode is None:
                        decode = whoosh_internals.positions_decoder(self._reader, term.fieldname)
                    places = known[d] = tuple(decode(places))
                if places:
                    out.setdefault(d, set()).update(places)
        return out

    # ------------------------------------------------------------ Whoosh's own matchers

    def _opaque(self, query: qcore.Query, within: set[int] | None) -> Scores:
        check(self._stop)
        if self._context is None:
            self._context = self._top.context()
        matcher = query.matcher(self._leaf, self._context)
        return _collect(matcher, within, lambda: matcher.score())

    def _matches(self, query: qcore.Query, within: set[int]) -> set[int]:
        """The documents of `within` that `query` matches, unscored (an AndNot's second
        part: Whoosh matches it with a boolean context too)."""
        matcher = query.matcher(self._leaf, self._leaf.boolean_context())
        return set(_collect(matcher, within, lambda: 0.0))


class Bound:
    """An adjacency part's documents in a segment with at most what it adds to each where its
    words stand together (`upper`, boosted), and what `SegmentRanker.exact` needs for the
    exact figure: the scores of the words read (`partial`, added, not boosted), the words
    left unread (`later`, each counted at its ceiling in `upper`) and the part's boost.
    Without `later`, `upper` is exact."""

    __slots__ = ("boost", "later", "partial", "upper")

    def __init__(
        self, upper: Scores, partial: Scores, later: tuple[qcore.Query, ...], boost: float
    ) -> None:
        self.upper = upper
        self.partial = partial
        self.later = later
        self.boost = boost

    def within(self, upper: Scores) -> Bound:
        """The same part for the documents of `upper` (a part of this one's `upper`)."""
        return Bound(upper, self.partial, self.later, self.boost)


class Deferred:
    """An adjacency part of a union (a phrase or a sequence of plain words, added to the last
    word's query by the relevance rules) whose documents all match the union anyway: it can
    only add to a score, so it is checked only for the documents that could then reach the
    best (`Ranker.ranked`)."""

    __slots__ = ("bound", "query", "scale")

    def __init__(self, query: qcore.Query, bound: Bound) -> None:
        self.query = query
        self.bound = bound
        """What it adds to each document whose words stand together (at most `bound.upper`)."""
        self.scale = 1.0
        """The boosts of the queries around it, applied to `bound`."""


def _adjacency(query: qcore.Query) -> list[qcore.Query] | None:
    """The words of `query` when it is a phrase or a sequence that matches words standing one
    after another (slop 1, in order), each word a term or a union of terms; else None."""
    if type(query) is positional.Phrase and query.slop == 1 and len(query.words) >= 2:
        return [wterms.Term(query.fieldname, w) for w in query.words]
    if (
        type(query) is positional.Sequence
        and query.slop == 1
        and query.ordered
        and len(query.subqueries) >= 2
        and all(_terms_of_one_field(q) for q in query.subqueries)
    ):
        return list(query.subqueries)
    return None


def _terms_of_one_field(query: qcore.Query) -> bool:
    if type(query) is wterms.Term:
        return True
    if type(query) in (compound.Or, compound.DefaultOr, compound.PreloadedOr):
        subs = query.subqueries  # type: ignore[attr-defined]
        return (
            bool(subs)
            and not (query.minmatch or query.scale)  # type: ignore[attr-defined]
            and all(type(q) is wterms.Term for q in subs)
            and len({q.fieldname for q in subs}) == 1
        )
    return False


def _order(item: tuple[int, float]) -> tuple[float, int]:
    """Best first; among equal scores the lower document number (Whoosh's order)."""
    return (-item[1], item[0])


SLACK = 1e-9
"""Relative room given to an upper bound: it is added up in another order than the exact
score it bounds, so the two can differ in their last bits."""


def _with_deferred(
    base: dict[int, float], rankers: list[tuple[SegmentRanker, int, Scores]], n: int
) -> tuple[tuple[float, int], ...]:
    """The best `n` of `base` once the deferred adjacency parts are added where they hold.

    Each document's score is at most its base plus every deferred part's bound; documents are
    checked in that order of bounds, a batch at a time, until the `n`-th best exact score is
    above the bound of every document not yet checked. Exact: a document left unchecked could
    not have reached the best `n`."""
    upper: dict[int, float] = dict(base)
    for ranker, offset, scores in rankers:
        for part in ranker.deferred:
            scale = part.scale
            for d, b in part.bound.upper.items():
                g = d + offset
                if g in upper and d in scores:
                    upper[g] += b * scale
    order = sorted(upper.items(), key=_order)
    exact: list[tuple[float, int]] = []  # (score, document), a heap of the best n so far
    start, size = 0, n + 16
    while start < len(order):
        batch = order[start : start + size]
        start += len(batch)
        size *= 2
        score = {g: base[g] for g, _ in batch}
        for ranker, offset, _scores in rankers:
            local = [g - offset for g in score if 0 <= g - offset < ranker.doc_count]
            for part in ranker.deferred:
                upper = part.bound.upper
                hold = ranker.adjacent(part.query, (d for d in local if d in upper))
                added = ranker.exact(part.bound, hold) if part.bound.later else upper
                for d in hold:
                    if d in added:
                        score[d + offset] += added[d] * part.scale
        for g, s in score.items():
            item = (s, -g)
            if len(exact) < n:
                heapq.heappush(exact, item)
            elif item > exact[0]:
                heapq.heapreplace(exact, item)
        if len(exact) >= n and start < len(order):
            kth = exact[0][0]
            if order[start][1] * (1 + SLACK) + SLACK < kth:
                break
    return tuple((s, -g) for s, g in sorted(exact, reverse=True))


def _collect(matcher: Any, within: set[int] | None, score: Callable[[], float]) -> Scores:
    out: Scores = {}
    if within is None:
        while matcher.is_active():
            out[matcher.id()] = score()
            matcher.next()
        return out
    for d in whoosh_internals.matched_at(matcher, sorted(within)):
        out[d] = score()
    return out


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}


def _plain(query: qcore.Query) -> bool:
    """Whether `query` is built only of terms, unions and intersections."""
    if type(query) is wterms.Term:
        return True
    if type(query) in (compound.Or, compound.DefaultOr, compound.PreloadedOr, compound.And):
        return all(_plain(q) for q in query.subqueries)  # type: ignore[attr-defined]
    return False


class Ranker:
    """The best documents of a query and how many match, over every segment of a searcher
    (see the module's docstring); one per searcher, since it remembers scored terms."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._memos: weakref.WeakKeyDictionary[Any, SegmentMemo] = weakref.WeakKeyDictionary()

    def ranked(
        self,
        searcher: Any,
        query: qcore.Query,
        limit: int,
        mask: set[int] | None,
        stop: Stop | None = None,
    ) -> tuple[tuple[tuple[float, int], ...], int]:
        """(score, document number) of the best `limit`, best first (ties: the lower
        number first, as Whoosh's top-N collector orders them), and how many documents match,
        leaving out those in `mask`. Raises `index.search.stop.Stopped` once `stop()` is true
        (asked before each read from the index)."""
        leaves = searcher.leaf_searchers()
        segments = max(1, len(leaves))
        base: dict[int, float] = {}
        rankers: list[tuple[SegmentRanker, int, Scores]] = []
        for leaf, offset in leaves:
            memo = self._memo(leaf.reader(), segments)
            ranker = SegmentRanker(searcher, leaf, memo, self._lock, stop=stop)
            scores = ranker.scores(query)
            for d, s in scores.items():
                g = d + offset
                if mask is None or g not in mask:
                    base[g] = s
            if ranker.deferred:
                rankers.append((ranker, offset, scores))
        n = max(0, limit)
        if not rankers:
            best = heapq.nsmallest(n, base.items(), key=_order)
            return tuple((s, g) for g, s in best), len(base)
        return _with_deferred(base, rankers, n), len(base)

    def matching(self, searcher: Any, query: qcore.Query, mask: set[int] | None) -> set[int]:
        """The document numbers `query` matches, less those in `mask`: what `ranked` counts,
        without ranking (the adjacency parts that only add to a score are never checked)."""
        leaves = searcher.leaf_searchers()
        segments = max(1, len(leaves))
        found: set[int] = set()
        for leaf, offset in leaves:
            memo = self._memo(leaf.reader(), segments)
            ranker = SegmentRanker(searcher, leaf, memo, self._lock, match_only=True)
            found.update(d + offset for d in ranker.scores(query))
        return found - mask if mask else found

    def _memo(self, reader: Any, segments: int) -> SegmentMemo:
        """The memo of `reader`'s segment, one of `segments` that share the budgets."""
        with self._lock:
            memo = self._memos.get(reader)
            if memo is None:
                memo = SegmentMemo(TERM_MEMO // segments, PLACES_MEMO // segments)
                self._memos[reader] = memo
            return memo
