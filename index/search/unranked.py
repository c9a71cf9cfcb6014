"""The documents a query matches, unscored (what `SearchIndex.matches` counts), through Whoosh's
public API, with one shortcut: a phrase among a query's alternatives is checked only where its
rarest words are and the other alternatives have not matched.

Why: an equivalent such as "Democratic People's Republic of Korea" is a phrase of very common
words ('of', 's', 'people'); Whoosh's phrase matcher reads every posting of them, and their
word positions in every document that has all six, which cost most of `north korea`'s time.
A readout that says North Korea is matched anyway, so the phrase matters only in the few
others. See docs/search-internals.md, "Matching without ranking".
"""

from __future__ import annotations

from whoosh.matching.mcore import Matcher
from whoosh.query import compound, positional, qcore
from whoosh.query import terms as wterms
from whoosh.searching import Searcher

RARE_WORDS = 2
"""A phrase's candidates: the documents with its this-many rarest words."""
MAX_CANDIDATES = 400
"""More candidates than this, and Whoosh's own phrase matcher is used (reading positions one
document at a time in Python would cost more)."""


def matching(searcher: Searcher, query: qcore.Query, mask: set[int] | None) -> set[int]:
    """The document numbers `query` matches in `searcher`, less those in `mask`."""
    found = _docs(searcher, query)
    return found - mask if mask else found


def _search(searcher: Searcher, query: qcore.Query) -> set[int]:
    return set(searcher.search(query, limit=None, scored=False).docs())


def _docs(searcher: Searcher, query: qcore.Query) -> set[int]:
    if not isinstance(query, compound.Or):
        return _search(searcher, query)
    phrases = [q for q in query.subqueries if _shortcut(q)]
    others = [q for q in query.subqueries if not _shortcut(q)]
    found: set[int] = set()
    for q in others:
        found |= _docs(searcher, q)
    for phrase in phrases:
        assert isinstance(phrase, positional.Phrase)
        found |= _phrase(searcher, phrase, found)
    return found


def _shortcut(query: qcore.Query) -> bool:
    """A plain phrase (words in a row, nothing between) of more than `RARE_WORDS` words."""
    return (
        isinstance(query, positional.Phrase)
        and query.slop == 1
        and len(query.words) > RARE_WORDS
        and all(isinstance(w, str) for w in query.words)
    )


def _phrase(searcher: Searcher, phrase: positional.Phrase, known: set[int]) -> set[int]:
    """The documents not in `known` where `phrase` occurs."""
    field, words = phrase.fieldname, list(phrase.words)
    df = {w: searcher.reader().doc_frequency(field, w) for w in words}
    if not all(df.values()):
        return set()
    rare = sorted(set(words), key=lambda w: df[w])[:RARE_WORDS]
    candidates = _search(searcher, compound.And([wterms.Term(field, w) for w in rare])) - known
    if len(candidates) > MAX_CANDIDATES:
        return _search(searcher, phrase) - known
    out: set[int] = set()
    order = sorted(range(len(words)), key=lambda i: df[words[i]])  # rarest first
    for reader, offset in searcher.reader().leaf_readers():
        size = reader.doc_count_all()
        local = sorted(d - offset for d in candidates if offset <= d < offset + size)
        if not local:
            continue
        if not all(reader.doc_frequency(field, w) for w in words):
            continue  # a word this segment lacks: no document of it has the phrase
        matchers = {w: reader.postings(field, w) for w in set(words)}
        for docnum in local:
            starts: set[int] | None = None
            for i in order:
                at = _positions(matchers[words[i]], docnum)
                moved = {p - i for p in at}
                starts = moved if starts is None else starts & moved
                if not starts:
                    break
            if starts:
                out.add(docnum + offset)
    return out


def _positions(matcher: Matcher, docnum: int) -> list[int]:
    """The word positions of the matcher's term in document `docnum` (none when absent); the
    matcher only moves forward, so documents are asked for in increasing order."""
    if matcher.is_active() and matcher.id() < docnum:
        matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return []
    return list(matcher.value_as("positions"))
