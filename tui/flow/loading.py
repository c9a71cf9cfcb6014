"""The corpus and its index as they arrive, and what each arrival changes.

Loading is a sequence of messages from the workers (`tui.workers`): the corpus (on a first start
provisional ones first, on a second start the cache's, unchecked), then the index (on a big
corpus partial ones first, a batch at a time), and on a second start the check of the files.
`LoadFlow` keeps what has arrived and decides what follows from it: which index a search uses,
how far indexing has got, when the files are checked. No Textual: a test drives it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.flow.rows import empty_corpus
from tui.flow.selection import still_there
from tui.progress import Progress

if TYPE_CHECKING:
    from index.model import Corpus, Meeting
    from index.search import SearchIndex


@dataclass(frozen=True)
class Arrival:
    """What the arrival of a corpus changes on screen."""

    state: str
    """What the status line says now ("reading files…", "indexing…")."""
    select: str | None
    """The meeting on display when the new corpus still has it, else None."""
    relist: bool
    """Show the full list again, `select` selected (not while a search's results are shown,
    but for a corpus arriving for the first time)."""
    reopen: bool = False
    """Open `select` again from the new corpus: its readouts may have changed."""
    placeholder: str = ""
    """What the document pane says instead of a meeting ("" to leave it)."""
    build_index: bool = False
    """Build (or open) the index of the new corpus."""


class LoadFlow:
    """What the reader has of the corpus and its index so far."""

    def __init__(self, *, from_paths: bool) -> None:
        """`from_paths`: the corpus is the user's files (False for the bundled seeds, which
        have no cache and so nothing to check)."""
        self._from_paths = from_paths
        self.corpus: Corpus | None = None
        """The corpus on screen; None until the first one arrives."""
        self.meetings: dict[str, Meeting] = {}
        """The corpus's meetings by id."""
        self.meeting_of: dict[str, Meeting] = {}
        """The meeting of each readout, by readout id."""
        self.index: SearchIndex | None = None
        """The index searches use: a partial one while indexing goes on, or None."""
        self.complete = False
        """False while `index` is a partial one (or None): indexing is still going on."""
        self.searchable = 0
        """Readouts the partial `index` holds; 0 once the index is complete."""
        self.files_checked = False
        """True once the corpus on screen is known to match the files (always, but for the
        few seconds after a second start during which the cache's corpus is shown unchecked)."""
        self._unchecked = False
        """The corpus came from the cache and its files are still to be checked."""

    def corpus_loaded(
        self,
        corpus: Corpus,
        *,
        provisional: bool = False,
        unchecked: bool = False,
        update: bool = False,
        current: str | None = None,
        searching: bool = False,
    ) -> Arrival:
        """Take `corpus`, arriving while `current` is on display (and a search is shown when
        `searching`). It is what is read so far when `provisional` (a first start); the
        cache's, its files not checked yet, when `unchecked` (a second start); the corpus of
        files that changed since the cache's was shown when `update`."""
        self.corpus = corpus
        self.meetings = {m.id: m for m in corpus.meetings}
        self.meeting_of = {r.id: m for m in corpus.meetings for r in m.readouts}
        select = still_there(current, self.meetings)
        if provisional:  # the index waits for all of it
            return Arrival("reading files…", select, relist=not searching)
        self._unchecked = unchecked
        self.files_checked = not unchecked
        if update:  # the reader stays where it was; the index is built again
            self.complete = False
            reopen = select is not None
            return Arrival("indexing…", select, not searching, reopen, build_index=True)
        why = "" if corpus.meetings else empty_corpus(corpus)
        return Arrival("indexing…", select, relist=True, placeholder=why, build_index=True)

    def check_due(self) -> bool:
        """Whether to check the files now: once, for a corpus shown from the cache."""
        due = self._unchecked and self._from_paths
        if due:
            self._unchecked = False
        return due

    def progress(self, done: int, total: int, rate: float) -> Progress | None:
        """How far indexing has got after `done` of `total`; None when there is nothing to
        show (the index is complete, or the corpus is empty)."""
        if self.complete or not total:
            return None
        return Progress(done, total, rate, searchable=self.searchable)

    def partial(
        self, index: SearchIndex, indexed: int, total: int, shown: Progress | None
    ) -> Progress | None:
        """A partial `index` of `indexed` of `total` readouts: searches use it from now on.
        The progress to show (`shown` with what is searchable); None when the complete index
        is here already, and this one is dropped."""
        if self.complete:
            return None
        self.index = index
        self.searchable = indexed
        return replace(shown or Progress(indexed, total), searchable=indexed)

    def ready(self, index: SearchIndex) -> None:
        """The complete `index`."""
        self.index = index
        self.complete = True
        self.searchable = 0

    def checked(self) -> None:
        """The files were checked and match the corpus on screen."""
        self.files_checked = True
