"""Full-text search over readouts: a Whoosh index (in memory or on disk), queries in the
analysts' language, and hits as plain data with exact character offsets for highlighting.

    index = SearchIndex.build(corpus.readouts)
    result = index.search('dokdo minister:kono')      # never raises; see result.error/notice
    for hit in result.hits: hit.id, hit.score, hit.snippets, hit.positions

Pieces: `analysis` (tokenizer, CJK bigrams), `query` (the query language), `compile` (to
Whoosh queries + highlight plan, equivalents), `highlight` (positions and snippets),
`equivalents` (`data/equivalents.toml` + people's names), `memory` (building in memory), and
`whoosh_internals` (scoring and ranking faster than Whoosh's public API can).

Threads: a Whoosh searcher is never used by two threads at once (a shared one can raise rare
corrupt-read errors under load), yet opening one per query costs several times a reused one.
So searchers live in a small pool: a search borrows one (opening it only when all are busy) and
gives it back, which also suits Textual's thread workers, each of which is a new thread.
Everything handed back is a frozen dataclass of strings and numbers, so a worker thread can
search and post the result to the UI thread. See docs/search-internals.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from whoosh.index import Index
from whoosh.query import qcore
from whoosh.searching import Searcher

from index.model import Readout, readout_date
from index.search import scoring, unranked, whoosh_internals
from index.search.compile import (
    BODY,
    MAX_FUZZY,
    Compiled,
    Forms,
    Mode,
    Narrow,
    Part,
    compile_query,
)
from index.search.equivalents import Equivalents, default_equivalents
from index.search.forms import forms
from index.search.highlight import (
    Analysed,
    Found,
    Plan,
    find,
    plan_key,
    resolve,
    snippets,
    summarize,
)
from index.search.lru import LRU
from index.search.memory import index_in_memory
from index.search.missing import did_you_mean, missing
from index.search.query import Flags, Node, parse
from index.search.stop import Stop, Stopped, check
from index.search.whoosh_internals import Ranking

PREFIX_CACHE = 64
"""Prefixes whose words are remembered while typing (see `SearchIndex._completions`)."""
RANKED_MEMO = 32
"""Rankings remembered per searcher (see `SearchIndex._ranking`)."""
NEAR_MEMO = 64
"""Words' "did you mean" neighbours remembered per searcher (see `SearchIndex._why_nothing`)."""
RELEVANCE = "relevance"
"""`SearchIndex.search`'s order: best first."""
DATE = "date"
"""`SearchIndex.search`'s order: newest first (`model.readout_date`), undated last, one date
in relevance order."""
ORDERS = (RELEVANCE, DATE)

HIGHLIGHT_MEMO = 512
"""Highlighted hits remembered (see `SearchIndex._highlight`): a keystroke highlights at most
the 100 listed."""
POSITIONS_MEMO = 4096
"""Readouts whose match offsets for a query are remembered (`SearchIndex.occurrences`): enough
for the whole concordance of a common word, so that its rest after the first screenful, or the
same lines sorted otherwise, reads and tokenizes no text again."""
POSITIONS_BUDGET = 100_000
"""...and at most this many offset pairs in all, which bounds the memory whatever the query
(docs/analysis.md, "Speed")."""


@dataclass(frozen=True)
class Snippet:
    """A passage of a readout's text (newlines shown as spaces, "…" where it was cut)."""

    text: str
    spans: tuple[tuple[int, int], ...]
    """[start, end) character offsets into `text` of each highlighted match."""

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [[s, e] for s, e in self.spans]}


@dataclass(frozen=True)
class Hit:
    """One matching readout."""

    id: str
    """`Readout.id`."""
    score: float
    """BM25F score; higher is better. Only comparable within one result."""
    title: str
    meeting_date: str
    matched: tuple[str, ...]
    """The words or phrases that matched, as they appear in the text, lowercased, in text order
    of first appearance (empty when only field filters matched)."""
    equivalents: tuple[str, ...]
    """Notes on equivalent terms that matched: "dokdo (equivalent of takeshima)"."""
    snippets: tuple[Snippet, ...]
    positions: tuple[tuple[int, int], ...]
    """[start, end) offsets into `Readout.text` of every match, sorted, overlaps merged."""
    highlighted: bool = True
    """False when the search was asked to highlight fewer hits than this one: `matched`,
    `equivalents`, `snippets` and `positions` are then empty (see `SearchIndex.search`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "title": self.title,
            "meeting_date": self.meeting_date,
            "matched": list(self.matched),
            "equivalents": list(self.equivalents),
            "snippets": [s.to_json() for s in self.snippets],
            "positions": [[s, e] for s, e in self.positions],
        }


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    """Number of matching readouts (may exceed len(hits))."""
    error: str = ""
    """Non-empty: the query could not be read; a one-line message for the status line."""
    notice: str = ""
    """Non-empty: a best-effort reading; says what was done ("closed an unbalanced quote")."""
    offset: int = 0
    """How many matches come before `hits[0]` in `order` (a later page of the results)."""
    order: str = RELEVANCE
    """`RELEVANCE` or `DATE`: how the matches are ordered."""
    stopped: bool = False
    """The search was given up when its `stop` came true (`index.search.stop`): no hits,
    no count; nobody was waiting for it."""


@dataclass(frozen=True)
class Matches:
    """Every readout one query matches, unranked (see `SearchIndex.matches`)."""

    query: str
    ids: tuple[str, ...]
    """`Readout.id` of each match, in no particular order."""
    error: str = ""
    """Non-empty: the query could not be read (as `SearchResult.error`); `ids` is empty."""
    notice: str = ""
    """Non-empty: a best-effort reading (as `SearchResult.notice`)."""


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


@dataclass(frozen=True)
class SearchOptions:
    """How `SearchIndex.search` searches (see its docstring)."""

    limit: int = 50
    equivalents: bool = True
    """Also find the equivalents of a term (`data/equivalents.toml`, people's names)."""
    prefix: bool = False
    """As-you-type: an unfinished last word is a prefix."""
    snippets: bool = True
    highlight: int | None = None
    """Highlight only this many of the first hits (None: all)."""
    flags: Flags | None = None
    """Which readouts have a review flag (is:marked, tag:x...; see `query.Flags`)."""
    offset: int = 0
    """Matches to skip (in `order`) before the first hit returned."""
    order: str = RELEVANCE
    stem: bool = True
    """A plain word finds its forms (`index.search.forms`); False: every word as written, as
    if each were quoted (the relevance benchmark's unstemmed variant)."""
    stop: Stop | None = None
    """Asked between units of work; once true, the search is given up (`index.search.stop`)."""


class SearchIndex:
    """The readouts of a corpus, indexed in memory; see the module docstring."""

    def __init__(
        self,
        ix: Index,
        readouts: Mapping[str, Readout],
        equivalents: Equivalents,
        *,
        exact_generation: int | None = None,
        publishers: Sequence[str] | None = None,
    ) -> None:
        """`exact_generation`: a generation of `ix` known to hold exactly `readouts` (the
        caller has just checked or built it), so its searchers need no masking. `publishers`:
        the readouts' publishers, when the caller knows them (else read from `readouts`
        when first needed)."""
        self._ix = ix
        self._readouts = readouts
        self._exact_generation = exact_generation
        self._equivalents = equivalents
        self._pool: list[Searcher] = []
        self._unknown: dict[int, set[int] | None] = {}
        """Per searcher (by `id`): its documents whose id is not in `readouts`, or None."""
        self._ids: dict[int, dict[int, str]] = {}
        """Per searcher (by `id`): document number -> readout id, as met (see `_ids_of`)."""
        self._ranks: dict[int, LRU[tuple[str, int | str], Ranking]] = {}
        """Per searcher (by `id`): the latest rankings, by query (see `_ranking`)."""
        self._highlights: LRU[Any, tuple[Found, tuple[Snippet, ...]]] = LRU(HIGHLIGHT_MEMO)
        """The latest highlighted hits, by readout and what was searched (see `_highlight`)."""
        self._positions: LRU[Any, tuple[tuple[int, int], ...]] = LRU(
            POSITIONS_MEMO, cost=len, budget=POSITIONS_BUDGET
        )
        """The latest `positions`, by readout, index generation and what was searched."""
        self._prefixes: dict[int, LRU[str, list[tuple[int, str]]]] = {}
        """Per searcher (by `id`): the words of recently typed prefixes, see `_completions`."""
        self._near: dict[int, LRU[str, list[str]]] = {}
        """Per searcher (by `id`): the index's words near a word it lacks, see `_why_nothing`."""
        self._scoring = scoring.Ranker()
        """Ranks every match a posting list at a time, remembering scored terms per segment."""
        self._lock = threading.Lock()
        self._publishers: list[str] | None = list(publishers) if publishers is not None else None
        """The corpus's publisher codes, once asked for (see `_why_nothing`)."""

    @classmethod
    def build(
        cls,
        readouts: Sequence[Readout],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> SearchIndex:
        """Index `readouts` in memory (of two with the same id, the first); `progress(done,
        total)` is called after each one (see `memory.index_in_memory`)."""
        ix, by_id = index_in_memory(readouts, progress)
        return cls(ix, by_id, default_equivalents())

    def __len__(self) -> int:
        return len(self._readouts)

    # -- plumbing

    @contextmanager
    def _searcher(self) -> Iterator[Searcher]:
        """A searcher for this thread alone until the block ends, then back to the pool."""
        with self._lock:
            searcher = self._pool.pop() if self._pool else None
        if searcher is None:
            searcher = self._open_searcher()
        try:
            yield searcher
        finally:
            with self._lock:
                self._pool.append(searcher)

    def _open_searcher(self) -> Searcher:
        """A new searcher on the latest generation of the index.

        While a build commits batches, a commit can delete the segment files of the generation
        a searcher has just started opening (FileNotFoundError); the next try opens the new one.
        """
        for _ in range(2):
            try:
                return self._ix.searcher(weighting=whoosh_internals.weighting())
            except FileNotFoundError:
                time.sleep(0.05)
        return self._ix.searcher(weighting=whoosh_internals.weighting())

    def _ids_of(self, searcher: Searcher) -> dict[int, str]:
        """The readout ids of `searcher`'s documents met so far, by document number: as-you-type
        lists the same documents keystroke after keystroke, and reading a hit's id from the
        index unpickles its stored fields."""
        with self._lock:
            return self._ids.setdefault(id(searcher), {})

    def _unknown_docs(self, searcher: Searcher) -> set[int] | None:
        """The documents `searcher` sees whose id is not among this index's readouts.

        An index on disk can hold more than this object was told about: a partial index of a
        build in progress opens its searchers on whatever generation is committed by then, and
        another instance may have added documents. Those are masked out of every search, so a
        hit always has its readout here (None when there are none, the usual case).
        """
        if (
            self._exact_generation is not None
            and searcher.reader().generation() == self._exact_generation
        ):
            return None  # checked by the caller: no need to walk every id
        key = id(searcher)
        if key in self._unknown:
            return self._unknown[key]
        reader = searcher.reader()
        unknown: set[int] = set()
        for term in reader.lexicon("id"):  # once per searcher
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            if text not in self._readouts:
                unknown.update(reader.postings("id", term).all_ids())
        self._unknown[key] = unknown or None
        return unknown or None

    def _compile(
        self, query: str, options: SearchOptions, searcher: Searcher, mode: Mode = Mode.RANK
    ) -> tuple[Compiled, str, str]:
        parsed = parse(query, typing=options.prefix)
        if parsed.error:
            return Compiled(None), parsed.error, "; ".join(parsed.notices)
        compiled = compile_query(
            parsed.node,
            self._equivalents if options.equivalents else None,
            options.prefix,
            self._narrow(searcher),
            options.flags,
            self._forms(searcher) if options.stem else None,
            searcher.doc_count_all(),
            mode,
        )
        notices = list(dict.fromkeys([*parsed.notices, *compiled.notices]))
        return compiled, "", "; ".join(notices)

    def _narrow(self, searcher: Searcher) -> Narrow:
        def commonest(prefix: str, n: int) -> tuple[tuple[str, ...], int]:
            found = self._completions(searcher, prefix)
            ranked = sorted(found, key=lambda f: (-f[0], f[1]))[:n]
            return tuple(text for _, text in ranked), len(found)

        return commonest

    def _forms(self, searcher: Searcher) -> Forms:
        def of(word: str) -> tuple[tuple[str, int], ...]:
            return forms(word, lambda prefix: self._completions(searcher, prefix))

        return of

    def _completions(self, searcher: Searcher, prefix: str) -> list[tuple[int, str]]:
        """(document frequency, word) of every indexed word that starts with `prefix`.

        Typing a word asks again for each letter ('sem', 'semi', 'semic', ...): the words of a
        prefix are kept (per searcher: it sees one generation of the index), and a longer
        prefix picks its own from them instead of walking the term list of every segment.
        """
        with self._lock:
            cache = self._prefixes.setdefault(id(searcher), LRU(PREFIX_CACHE))
            known = None
            for k in range(len(prefix), 0, -1):
                known = cache.get(prefix[:k])
                if known is not None:
                    break
        if known is None:
            # Segment by segment: a multi-segment reader merges the term lists and looks each
            # term up again in every segment (most of a first 3-letter keystroke's time).
            counts: dict[str, int] = {}
            for leaf, _ in searcher.reader().leaf_readers():
                for term, info in leaf.iter_prefix(BODY, prefix):
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    counts[text] = counts.get(text, 0) + info.doc_frequency()
            found = [(df, text) for text, df in counts.items()]
        else:
            found = [(df, text) for df, text in known if text.startswith(prefix)]
        with self._lock:
            cache.put(prefix, found)
        return found

    def _fuzzy(self, searcher: Searcher) -> Callable[[str, int, int], Iterable[str]]:
        reader = searcher.reader()

        def near(text: str, maxdist: int, prefixlength: int) -> Iterable[str]:
            return reader.terms_within(BODY, text, maxdist, prefix=prefixlength)

        return near

    # -- public

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        equivalents: bool = True,
        prefix: bool = False,
        snippets: bool = True,
        highlight: int | None = None,
        flags: Flags | None = None,
        offset: int = 0,
        order: str = RELEVANCE,
        stem: bool = True,
        stop: Stop | None = None,
    ) -> SearchResult:
        """The best `limit` readouts for `query`, ranked. Never raises: a query that cannot be
        read (or any failure) comes back as `SearchResult.error`.

        `order`: `RELEVANCE` (best first) or `DATE` (newest first over every match, not only
        the best `limit`). `offset`: skip that many matches in that order first, for the next
        page of a long result (`SearchResult.total` still counts every match).

        `highlight`: only the first `highlight` hits get their matched words, snippets and
        positions (reading and tokenizing a hit's text is most of a search's cost); the rest
        come back with those empty and `Hit.highlighted` False. None highlights every hit.

        `flags`: which readouts are marked, read, tagged... for is:, tag: and has: (the
        caller's notes store answers); without it those match nothing, with a notice.

        `stem`: False searches every plain word as written, as a quoted word is (see
        `SearchOptions.stem`).

        `stop`: asked between units of work (a word's postings or positions read, a hit
        highlighted); once it is true the search is given up and comes back with `stopped`
        set (a keystroke typed over: see `index.search.stop`).
        """
        if order not in ORDERS or offset < 0:
            why = f"order must be one of {', '.join(ORDERS)}" if order not in ORDERS else ""
            return SearchResult(query, (), 0, error=why or "offset must not be negative")
        options = SearchOptions(
            limit, equivalents, prefix, snippets, highlight, flags, offset, order, stem, stop
        )
        try:
            with self._searcher() as searcher:
                return self._search(searcher, query, options)
        except Stopped:
            return SearchResult(query, (), 0, stopped=True)
        except Exception as exc:  # the promise to the UI: an error message, not a traceback
            return SearchResult(
                query, (), 0, error=_one_line(f"search failed: {type(exc).__name__}: {exc}")
            )

    def matches(
        self, query: str, *, equivalents: bool = True, flags: Flags | None = None
    ) -> Matches:
        """Every readout `query` matches, as `search` with no limit would find them, but
        unranked: the query is compiled only to match (`compile.Mode.MATCH`) and nothing is
        scored. For counting and for listing in an order of one's own (the timeline, the
        concordance). Never raises: see `Matches.error`."""
        options = SearchOptions(equivalents=equivalents, flags=flags)
        try:
            with self._searcher() as searcher:
                compiled, error, notice = self._compile(query, options, searcher, Mode.MATCH)
                if error or compiled.query is None:
                    return Matches(query, (), error=error, notice=notice)
                docnums = self._matching(searcher, compiled.query)
                ids = self._ids_of(searcher)
                found = tuple(self._id_of(searcher, ids, d) for d in docnums)
        except Exception as exc:  # the same promise as `search`
            return Matches(
                query, (), error=_one_line(f"search failed: {type(exc).__name__}: {exc}")
            )
        return Matches(query, found, notice=notice)

    def _matching(self, searcher: Searcher, query: qcore.Query) -> tuple[int, ...]:
        """The document numbers `query` matches, unscored (`unranked.matching`), remembered
        with the rankings (see `_ranking`)."""
        key = (repr(query), "match")
        with self._lock:
            memo = self._ranks.setdefault(id(searcher), LRU(RANKED_MEMO))
            known = memo.get(key)
        if known is not None:
            return tuple(d for _, d in known[0])
        mask = self._unknown_docs(searcher)
        if whoosh_internals.fast():
            docnums = tuple(sorted(self._scoring.matching(searcher, query, mask)))
        else:
            docnums = tuple(sorted(unranked.matching(searcher, query, mask)))
        with self._lock:
            memo.put(key, (tuple((0.0, d) for d in docnums), len(docnums)))
        return docnums

    def _search(self, searcher: Searcher, query: str, options: SearchOptions) -> SearchResult:
        compiled, error, notice = self._compile(query, options, searcher)
        if error or compiled.query is None:
            return SearchResult(query, (), 0, error=error, notice=notice)
        best, total = self._page(searcher, compiled.query, options)
        if not total:
            notice = self._why_nothing(searcher, query, options, notice)
        plan = resolve(compiled.parts, self._fuzzy(searcher))
        # What the highlights depend on besides the text: the plan, and for each part the
        # equivalent it stands for (a hit's notes name it and the word typed).
        searched = (
            plan_key(plan),
            tuple((p.variant, p.typed) if p.variant else () for p in compiled.parts),
            options.snippets,
        )
        hits = []
        ids = self._ids_of(searcher)
        for n, (score, docnum) in enumerate(best):
            readout = self._readouts[self._id_of(searcher, ids, docnum)]
            if options.highlight is not None and n >= options.highlight:
                hits.append(
                    Hit(readout.id, score, readout.title,
                        readout.meeting_date, (), (), (), (), highlighted=False)
                )  # fmt: skip
                continue
            check(options.stop)
            found, snips = self._highlight(readout, plan, compiled.parts, searched)
            hits.append(
                Hit(
                    id=readout.id,
                    score=score,
                    title=readout.title,
                    meeting_date=readout.meeting_date,
                    matched=found.matched,
                    equivalents=found.equivalents,
                    snippets=snips,
                    positions=found.positions,
                )
            )
        return SearchResult(
            query, tuple(hits), total, notice=notice, offset=options.offset, order=options.order
        )

    @staticmethod
    def _id_of(searcher: Searcher, ids: dict[int, str], docnum: int) -> str:
        """The readout id of document `docnum` (`ids`: those met so far, see `_ids_of`)."""
        rid = ids.get(docnum)
        if rid is None:
            rid = ids[docnum] = searcher.reader().stored_fields(docnum)["id"]
        return rid

    def _page(self, searcher: Searcher, query: qcore.Query, options: SearchOptions) -> Ranking:
        """The page of matches `options` asks for (`offset`, `limit`, `order`), and how many
        match. By relevance, the best `offset + limit` are ranked; by date every match is,
        then sorted by date (remembered like a ranking: the next page sorts nothing)."""
        start, end = options.offset, options.offset + options.limit
        if options.order == RELEVANCE:
            best, total = self._ranking(searcher, query, end, options.stop)
            return best[start:end], total
        key = (repr(query), DATE)
        with self._lock:
            memo = self._ranks.setdefault(id(searcher), LRU(RANKED_MEMO))
            known = memo.get(key)
        if known is None:
            every, total = self._ranking(
                searcher, query, max(1, searcher.doc_count_all()), options.stop
            )
            ids = self._ids_of(searcher)

            def date(item: tuple[float, int]) -> str:
                return readout_date(self._readouts[self._id_of(searcher, ids, item[1])])

            # Newest first; `sorted` is stable even reversed, so one date keeps relevance order.
            dated = sorted((item for item in every if date(item)), key=date, reverse=True)
            known = ((*dated, *(item for item in every if not date(item))), total)
            with self._lock:
                memo.put(key, known)
        return known[0][start:end], known[1]

    def _why_nothing(
        self, searcher: Searcher, query: str, options: SearchOptions, notice: str
    ) -> str:
        """`notice` and, for a search that found nothing, each field filter that matches no
        readout on its own (see `missing`)."""

        def count(leaf: Node) -> int:
            compiled = compile_query(leaf, None, False)
            if compiled.query is None:
                return 1  # nothing searched: not the reason
            return self._ranking(searcher, compiled.query, 1)[1]

        reader = searcher.reader()
        of = self._forms(searcher)

        def known(term: str) -> bool:
            return reader.doc_frequency(BODY, term) > 0 or bool(of(term))

        def near(term: str) -> list[str]:
            # Remembered: while the next words are typed, a finished word that matches nothing
            # is asked about again at every keystroke, and Whoosh's edit-distance automaton is
            # dear to build (docs/search-internals.md, "Did you mean").
            with self._lock:
                memo = self._near.setdefault(id(searcher), LRU(NEAR_MEMO))
                found = memo.get(term)
            if found is not None:
                return found
            dist = MAX_FUZZY if len(term) >= 5 else 1
            close = set(reader.terms_within(BODY, term, dist, prefix=1))
            found = sorted(close, key=lambda w: (-reader.doc_frequency(BODY, w), w))
            with self._lock:
                memo.put(term, found)
            return found

        if self._publishers is None:
            self._publishers = sorted({r.source for r in self._readouts.values()})
        node = parse(query, typing=options.prefix).node
        why = [
            missing(node, count, self._publishers),
            did_you_mean(node, known, near, options.prefix),
        ]
        return "; ".join(n for n in (notice, *why) if n)

    def _ranking(
        self, searcher: Searcher, query: qcore.Query, limit: int, stop: Stop | None = None
    ) -> Ranking:
        """`whoosh_internals.ranked`, remembered: while a word is typed, most letters leave
        the query as it was ('semicond', 'semicondu', ... complete to the same index words),
        and so its ranking. Keyed by the query's repr, which Whoosh writes out whole (every
        term, field, boost, slop and range bound)."""
        key = (repr(query), limit)
        with self._lock:
            memo = self._ranks.setdefault(id(searcher), LRU(RANKED_MEMO))
            known = memo.get(key)
            if known is not None:
                return known
        mask = self._unknown_docs(searcher)
        if whoosh_internals.fast():
            ranking = self._scoring.ranked(searcher, query, limit, mask, stop)
        else:
            ranking = whoosh_internals.ranked(searcher, query, limit, mask)
        with self._lock:
            memo.put(key, ranking)
        return ranking

    def _highlight(
        self, readout: Readout, plan: Plan, parts: list[Part], searched: Any
    ) -> tuple[Found, tuple[Snippet, ...]]:
        """A hit's matches and snippets, remembered by readout and `searched` (see `_search`):
        as-you-type highlights the same hits again at each letter that changes nothing."""
        key = (readout.id, searched)
        with self._lock:
            known = self._highlights.get(key)
            if known is not None:
                return known
        text = readout.text  # read once: it may come from the text store on disk
        found = summarize(text, find(Analysed.around(text, plan), plan), parts)
        snips = (
            tuple(Snippet(w.text, w.spans) for w in snippets(text, found.positions))
            if searched[-1]
            else ()
        )
        with self._lock:
            self._highlights.put(key, (found, snips))
        return found, snips

    def positions(
        self, readout_id: str, query: str, *, equivalents: bool = True, prefix: bool = False
    ) -> tuple[tuple[int, int], ...]:
        """[start, end) offsets in the readout's text of every match of `query` (for the
        document pane); empty for an unknown id or an unreadable query. Never raises."""
        for _, found in self.occurrences(
            [readout_id], query, equivalents=equivalents, prefix=prefix
        ):
            return found
        return ()  # pragma: no cover (one id in, one answer out)

    def occurrences(
        self,
        readout_ids: Iterable[str],
        query: str,
        *,
        equivalents: bool = True,
        prefix: bool = False,
    ) -> Iterator[tuple[str, tuple[tuple[int, int], ...]]]:
        """(id, `positions`) for each of `readout_ids` in turn, the query read once: a
        readout's text is read and tokenized only when its turn comes, so a caller that stops
        early (the first screenful of the concordance) reads no more. Each answer is
        remembered (see `POSITIONS_MEMO`). Never raises: an unreadable query, an unknown id or
        a failure gives no offsets."""
        plan: Plan = []
        parts: list[Part] = []
        generation: int | None = None
        try:
            options = SearchOptions(equivalents=equivalents, prefix=prefix)
            with self._searcher() as searcher:
                compiled, error, _ = self._compile(query, options, searcher, Mode.MATCH)
                if not error:
                    plan = resolve(compiled.parts, self._fuzzy(searcher))
                    parts = compiled.parts
                generation = searcher.reader().generation()
        except Exception:  # same promise as search(): the document pane just shows no marks
            plan = []
        searched = (generation, plan_key(plan))
        for rid in readout_ids:
            yield rid, self._positions_in(rid, plan, parts, searched)

    def _positions_in(
        self, readout_id: str, plan: Plan, parts: list[Part], searched: Any
    ) -> tuple[tuple[int, int], ...]:
        readout = self._readouts.get(readout_id)
        if readout is None or not plan:
            return ()
        key = (readout_id, searched)
        with self._lock:
            known = self._positions.get(key)
        if known is not None:
            return known
        try:
            text = readout.text  # read once: it may come from the text store on disk
            found = summarize(text, find(Analysed.around(text, plan), plan), parts).positions
        except Exception:
            return ()
        with self._lock:
            self._positions.put(key, found)
        return found
