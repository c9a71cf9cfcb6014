"""The corpus and its index as they arrive, and what each arrival changes on screen.

Loading is a sequence of messages from the workers (`tui.workers`): the corpus (on a first start
provisional ones first, as files are read; on a second start the cache's, unchecked), then the
index (on a big corpus partial ones first, a batch at a time), and on a second start the check
of the files. `LoadFlow` keeps what has arrived, what the status line says (`status`), and for
each message decides the rest (`Update`): which index a search uses, what the list shows, when
the files are checked. No Textual: the reader screen applies the decisions, a test reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from index.cache_listing import ListedMeeting
from tui.flow.rows import SameDayTitles, empty_corpus
from tui.flow.selection import still_there
from tui.progress import Progress

if TYPE_CHECKING:
    from index.cache_listing import Listing
    from index.model import Corpus, Meeting
    from index.search import SearchIndex

CHECK_DELAY = 1.5
"""Seconds between the index opening on a second start and the check of the files: walking
thousands of files then does not compete with the user's first moves and searches (Python
threads share one interpreter)."""


class Arrived(Protocol):
    """A corpus that arrived from the load or check worker (`tui.messages.CorpusLoaded`)."""

    corpus: Corpus
    notices: tuple[str, ...]
    """What the parse cache did that the user may want to know."""
    provisional: bool
    """What is read so far, on a first start: more is coming."""
    unchecked: bool
    """The cache's corpus, on a second start: its files are still to be checked."""
    update: bool
    """The files changed since the cache's corpus was shown: this replaces it."""


@dataclass(frozen=True)
class Status:
    """What the status line says about the corpus and its index."""

    label: str
    """How the corpus is named: "bundled seeds" or the paths given."""
    documents: int = 0
    """Readouts loaded so far."""
    skipped: int = 0
    """Files that could not be read."""
    state: str = "loading…"
    """Where loading and indexing are: "loading…", "indexing…", "index ready", an error."""
    progress: Progress | None = None
    """How far indexing has got, while it runs."""


@dataclass(frozen=True)
class Update:
    """What one message from the loading workers changes on screen, beside the status line."""

    notices: tuple[str, ...] = ()
    """Sentences for the user, one toast each."""
    error: tuple[str, str] | None = None
    """A failure to show as an error toast: its title and its text."""
    reopen: Meeting | None = None
    """Open this meeting again, from the new corpus (its readouts may have changed)."""
    placeholder: str = ""
    """What the document pane says instead of a meeting ("" to leave it as it is)."""
    relist: bool = False
    """Show the full list again, with `select` selected."""
    select: str | None = None
    """The meeting to keep selected when the list is shown again (None: the first)."""
    empty_list: str = ""
    """Show an empty list saying this ("" to leave the list as it is)."""
    build_index: bool = False
    """Build (or open) the index of the corpus that just arrived."""
    check_files: bool = False
    """Check the files of the corpus shown from the cache, `CHECK_DELAY` seconds from now."""
    search_again: bool = False
    """The index grew or is complete: a search on screen runs again (its results grow)."""


class LoadFlow:
    """What the reader has of the corpus and its index so far, and what follows from each
    message of the loading workers."""

    def __init__(self, paths: Sequence[str] | None) -> None:
        """`paths`: the files or folders the corpus is read from; None for the bundled seeds
        (no cache, so nothing to check)."""
        self._from_paths = bool(paths)
        self.status = Status("bundled seeds" if paths is None else ", ".join(paths))
        """What the status line says."""
        self.corpus: Corpus | None = None
        """The corpus on screen; None until the first one arrives."""
        self.listing: Listing | None = None
        """The cache's meeting list, listed until the corpus arrives (a second start)."""
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
        self.chosen = False
        """Whether the user has picked a meeting (a key, a click, the palette). Until then, on
        a first start, each corpus read so far is listed from its top, rather than kept on the
        meeting the list happened to select first, which the meetings read later push down."""
        self._first_start = False
        """What is read so far is on screen (a provisional corpus came): a first start."""
        self._titles: Mapping[str, str] = {}
        self._titles_of: Corpus | Listing | None = None

    @property
    def titles(self) -> Mapping[str, str]:
        """The list's title of each meeting whose title begins as a same-day meeting's does
        (`rows.distinct_titles`), worked out a day at a time as rows are drawn
        (`rows.SameDayTitles`)."""
        shown = self.corpus or self.listing
        if self._titles_of is not shown:
            self._titles = SameDayTitles(shown.meetings) if shown else {}
            self._titles_of = shown
        return self._titles

    @property
    def listed(self) -> Sequence[Meeting]:
        """The meetings the full list shows, oldest first: the corpus's, or before it
        arrives the cache's listing (`Listing.meetings`: they have no readouts)."""
        if self.corpus is not None:
            return self.corpus.meetings
        return self.listing.meetings if self.listing is not None else ()

    def listed_meeting(self, meeting_id: str) -> tuple[Listing, ListedMeeting] | None:
        """The listing on screen and its meeting `meeting_id`, to read from the records until
        the corpus arrives; None once it has (or when the listing has no such meeting)."""
        listing = self.listing
        if self.corpus is not None or listing is None:
            return None
        at = listing.meetings.index_of(meeting_id)
        if at is None:
            return None
        meeting = listing.meetings[at]
        return (listing, meeting) if isinstance(meeting, ListedMeeting) else None

    def corpus_listed(self, listing: Listing) -> Update:
        """The cache's meeting list arrived, ahead of its corpus (a second start): list it."""
        if self.corpus is not None:  # too late: the corpus is here
            return Update()
        self.listing = listing
        self.status = replace(
            self.status, documents=listing.documents, skipped=listing.skipped, state="loading…"
        )
        return Update(relist=True)

    def user_chose(self) -> None:
        """The user moved the list's cursor: from now on a new corpus keeps their meeting."""
        self.chosen = True

    def _check_due(self) -> bool:
        """Whether to check the files now: once, for a corpus shown from the cache."""
        if not (self._unchecked and self._from_paths):
            return False
        self._unchecked = False
        return True

    def reading(self, documents: int) -> Update:
        """`documents` are read so far (the count shows before the first corpus arrives, and
        on a first start while what is read is listed)."""
        if self.corpus is None:
            self.status = replace(self.status, documents=documents, state="loading…")
        elif self.status.state == "reading files…":
            progress = self.status.progress
            if progress is not None and progress.reading:
                progress = replace(progress, total=max(progress.total, documents))
            self.status = replace(self.status, documents=documents, progress=progress)
        return Update()

    def corpus_loaded(self, arrived: Arrived, current: str | None, searching: bool) -> Update:
        """A corpus `arrived` while `current` was on display (and a search's results were
        listed when `searching`)."""
        corpus, notices = arrived.corpus, arrived.notices
        self.corpus = corpus
        self.listing = None
        self.meetings = {m.id: m for m in corpus.meetings}
        self.meeting_of = {r.id: m for m in corpus.meetings for r in m.readouts}
        first_start = self._first_start
        from_top = (arrived.provisional or first_start) and not self.chosen
        self._first_start = arrived.provisional
        select = None if from_top else still_there(current, self.meetings)
        documents, skipped = len(corpus.readouts), len(corpus.skipped)
        self.status = replace(self.status, label=corpus.label, documents=documents, skipped=skipped)
        if arrived.provisional:  # the index waits for all of it
            self.status = replace(self.status, state="reading files…")
            return Update(notices, relist=not searching, select=select)
        progress = self.status.progress  # what was searchable while the files were read
        if progress is not None and progress.reading:
            progress = replace(progress, total=documents, reading=False)
        self.status = replace(self.status, state="indexing…", progress=progress)
        self._unchecked = arrived.unchecked
        self.files_checked = not arrived.unchecked
        why = "" if corpus.meetings else empty_corpus(corpus)
        if arrived.update:  # the reader stays where it was; the index is built again
            self.complete = False
            reopen = self.meetings[select] if select is not None else None
            return Update(
                notices,
                reopen=reopen,
                placeholder=why,  # what the pane said about the files before may be stale
                relist=not searching,
                select=select,
                build_index=True,
            )
        if first_start:
            # The whole corpus, read: a search on screen stays listed, run again so that its
            # rows are this corpus's meetings (the index grows on until it is complete).
            return Update(
                notices,
                placeholder=why,
                relist=not searching,
                select=select,
                build_index=True,
                search_again=self.index is not None,
            )
        return Update(notices, placeholder=why, relist=True, select=select, build_index=True)

    def check_again(self) -> None:
        """The files are to be checked again (a text was found damaged after the check)."""
        self.files_checked = False

    def checked(self, notices: tuple[str, ...]) -> Update:
        """The files were checked and match the corpus on screen."""
        self.files_checked = True
        return Update(notices)

    def indexing(self, done: int, total: int, rate: float) -> Update:
        """`done` of the corpus's `total` readouts are indexed, at `rate` a second. The index
        is being built: no point waiting for it to check the files."""
        if not self.complete and total:
            progress = Progress(done, total, rate, searchable=self.searchable)
            self.status = replace(self.status, progress=progress)
        return Update(check_files=self._check_due())

    def partial(
        self, index: SearchIndex, indexed: int, total: int, *, reading: bool = False
    ) -> Update:
        """A partial `index` of `indexed` of `total` readouts (when `reading`, of the `total`
        read so far: the files are still being read): searches use it from now on; dropped
        when the complete index is here already."""
        if self.complete:
            return Update()
        self.index = index
        self.searchable = indexed
        if reading and self.status.state == "reading files…":
            read = max(total, self.status.documents)
            self.status = replace(self.status, progress=Progress(indexed, read, reading=True))
        progress = replace(self.status.progress or Progress(indexed, total), searchable=indexed)
        self.status = replace(self.status, progress=progress)
        return Update(search_again=True)

    def ready(self, index: SearchIndex, notices: tuple[str, ...]) -> Update:
        """The complete `index`."""
        self.index = index
        self.complete = True
        self.searchable = 0
        self.status = replace(self.status, state="index ready", progress=None)
        return Update(notices, check_files=self._check_due(), search_again=True)

    def failed(self, stage: str, error: str) -> Update:
        """Loading, indexing or checking the files (`stage`) failed with `error`. Before any
        corpus arrived, the list and the document pane say so too."""
        self.status = replace(self.status, state=f"error: {stage} failed", progress=None)
        nothing = self.corpus is None
        return Update(
            error=(f"{stage} failed", error),
            placeholder=f"{stage} failed: {error}" if nothing else "",
            empty_list=f"{stage} failed" if nothing else "",
            check_files=self._check_due(),
        )
