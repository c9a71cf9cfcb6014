"""App-wide messages: what the background workers found out.

Workers run the core in a thread and post exactly one of these; the handlers (on the UI thread)
decide what to show. Widget-specific messages live on the widget that sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from index.cache_listing import Listing
    from index.compare import Comparison
    from index.model import Corpus, Meeting, Readout
    from index.notes.store import NotesStore, Snapshot
    from index.search import SearchIndex, SearchResult
    from tui.flow.pages import PageRequest


@dataclass
class LoadProgress(Message):
    """Some documents have been read; the corpus is not complete yet."""

    documents: int
    """How many documents have been read so far."""


@dataclass
class IndexProgress(Message):
    """Some readouts are indexed; the index is not complete yet."""

    done: int
    """Readouts indexed so far (including those indexed on an earlier start)."""
    total: int
    rate: float = 0.0
    """Readouts indexed per second on this start; 0.0 while not yet known."""


@dataclass
class IndexPartial(Message):
    """A batch is committed: `index` searches the `indexed` readouts committed so far."""

    index: SearchIndex
    indexed: int
    total: int
    reading: bool = False
    """Files are still being read (a first start): `total` counts the readouts read so far."""


@dataclass
class CorpusListed(Message):
    """A second start's meeting list, from the cache's listing, before the corpus itself: the
    list can show (a `CorpusLoaded` follows, which replaces it)."""

    listing: Listing


@dataclass
class ListedOpened(Message):
    """A meeting of the cache's listing, its readouts read from the records file: the document
    pane can show it before the corpus arrives."""

    meeting: Meeting


@dataclass
class CorpusLoaded(Message):
    """The corpus is read and parsed; the meetings can be listed while the index is built."""

    corpus: Corpus
    notices: tuple[str, ...] = ()
    """What the parse cache did that the user may want to know (plain sentences)."""
    update: bool = False
    """True when this replaces a corpus already shown (the files changed since last time)."""
    unchecked: bool = False
    """True for the corpus as last loaded, from the cache: the files are still to be checked."""
    provisional: bool = False
    """True for what is read so far on a first start: more is coming (ids may still change)."""


@dataclass
class FilesChecked(Message):
    """The files of a corpus shown from the cache were checked: the corpus on screen is theirs.

    (When they changed, the new corpus comes as `CorpusLoaded` with `update` instead.)"""

    notices: tuple[str, ...] = ()
    """What checking found that the user may want to know (plain sentences)."""


@dataclass
class IndexReady(Message):
    """The search index over the loaded corpus is built and searchable."""

    index: SearchIndex
    notices: tuple[str, ...] = ()
    """What opening the persistent index did (rebuilt, updated...), in plain sentences."""


@dataclass
class LoadFailed(Message):
    """Loading or indexing failed; `error` says why, in words for the user."""

    stage: str
    """"loading" or "indexing"."""
    error: str


@dataclass
class SearchFinished(Message):
    """A search worker finished. The handler drops it if `query` is no longer in the bar."""

    query: str
    result: SearchResult
    searched: int = 0
    """How many readouts the index held while indexing went on; 0 for the complete index."""


@dataclass
class PageLoaded(Message):
    """A page of a listed result loaded (`tui.flow.pages`); dropped when stale."""

    request: PageRequest
    result: SearchResult


@dataclass
class AllResults(Message):
    """Every match of a query, for export (`x`); dropped if `query` left the bar meanwhile."""

    query: str
    result: SearchResult


@dataclass
class NotesLoaded(Message):
    """The reader's notes store is open (or could not be), with the corpus's readout keys."""

    store: NotesStore | None
    snapshot: Snapshot
    keys: dict[str, list[str]]
    """Store key -> ids of the corpus's readouts with it."""
    problem: str = ""
    """Why the store could not be opened (a message to show); empty when it was."""


@dataclass
class ComparisonReady(Message):
    """The comparison of two readouts, computed ahead of `c` (`tui.flow.comparisons`)."""

    left: Readout
    right: Readout
    comparison: Comparison
