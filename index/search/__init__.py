"""The public search API: build or open a Whoosh index of readouts and query it.

Callers outside this package import from here (`from index.search import SearchIndex`); the
modules inside are the parts of one pipeline:

- `query`: the user's query text -> a small syntax tree (never raises on bad input);
- `analysis`, `schema`, `equivalents`: how readout text becomes terms, and which terms are one;
- `compile`: the syntax tree -> a Whoosh query plus the parts to highlight;
- `searcher`: `SearchIndex`, ranking, result pages and highlight offsets;
- `highlight`: the character spans of each hit, found from the tokenizer's positions;
- `build`, `store`: writing the index fast and keeping it on disk between starts.
"""

from __future__ import annotations

from index.search.searcher import Hit, SearchIndex, SearchResult, Snippet

__all__ = ["Hit", "SearchIndex", "SearchResult", "Snippet"]
