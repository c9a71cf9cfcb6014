"""The public search API: build or open a Whoosh index of readouts and query it.

Callers outside this package import from here (`from index.search import SearchIndex`); the
modules inside are the parts of one pipeline:

- `query`: the user's query text -> a small syntax tree (never raises on bad input);
- `analysis`, `schema`, `equivalents`: how readout text becomes terms, and which terms are one;
- `compile`: the syntax tree -> a Whoosh query plus the parts to highlight;
- `searcher`: `SearchIndex`, ranking, result pages and highlight offsets (`lru`: its memos);
- `highlight`: the character spans of each hit, found from the tokenizer's positions;
- `memory`: the one way to index readouts in memory (the seeds, or when the disk cannot be used);
- `store`, `disk`, `build`: the index kept on disk between starts, updated in batches, its long
  builds in worker processes;
- `whoosh_internals`: every use of Whoosh's internals, checked against the installed release
  (`fallback_reason()` says when Whoosh's slower public API is used instead).

docs/search-internals.md explains the design and the Whoosh behaviours it relies on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.search.searcher import Hit, Matches, SearchIndex, SearchResult, Snippet
    from index.search.whoosh_internals import fallback_reason

__all__ = ["Hit", "Matches", "SearchIndex", "SearchResult", "Snippet", "fallback_reason"]

_FROM = {
    "Hit": "searcher",
    "Matches": "searcher",
    "SearchIndex": "searcher",
    "SearchResult": "searcher",
    "Snippet": "searcher",
    "fallback_reason": "whoosh_internals",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first asked for: importing a pure part of the package
    (`index.search.query`, say) must not load Whoosh, which costs a start about 0.1 s."""
    if name not in _FROM:
        raise AttributeError(f"module 'index.search' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"index.search.{_FROM[name]}"), name)
    globals()[name] = value
    return value
