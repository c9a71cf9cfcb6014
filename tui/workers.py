"""The reader's background work: read the corpus, check its files, build its index, search.

Each function is the body of a thread worker that `ReaderJobs` starts on the reader screen. It
calls the core (`index.workspace`, or a search through `SearchRunner`) and tells the screen what
it found through `post` (the screen's `post_message`, safe from any thread), as the messages of
`tui.messages`. It never touches a widget, and it checks `get_current_worker().is_cancelled`
before posting (`_unless_cancelled`): a worker that was replaced or stopped posts nothing more.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

from tui.messages import (
    AllResults,
    ComparisonReady,
    CorpusListed,
    CorpusLoaded,
    FilesChecked,
    IndexPartial,
    IndexProgress,
    IndexReady,
    ListedOpened,
    LoadFailed,
    LoadProgress,
    PageLoaded,
    SearchFinished,
)
from tui.progress import RateMeter

if TYPE_CHECKING:
    from index.cache_listing import ListedMeeting, Listing
    from index.model import Corpus, Readout
    from index.search import SearchIndex
    from tui.flow.pages import PageRequest
    from tui.flow.search_flow import Searcher, SearchRequest, SearchRunner


@dataclass(frozen=True)
class LoadOptions:
    """What to load and how, as the command line asked."""

    paths: Sequence[str] | None = None
    """Files or folders to read; None for the bundled seeds."""
    rebuild: bool = False
    """Ignore the parse cache and the persistent index (re-read and re-index everything)."""
    cache_dir: Path | None = None
    """Where the cache and index live; None for the user's cache folder."""
    batch_size: int | None = None
    """Documents per committed (and then searchable) batch; None for the core's default."""


Post = Callable[[Message], object]
"""How a worker tells the screen: `post_message`."""

PROGRESS_EVERY = 0.1
"""Seconds at least between two progress messages: the status line needs no more, and each
message is work for the UI thread."""


class Stopped(Exception):
    """Raised from a progress callback once the worker is cancelled (the app is quitting): the
    core stops there, instead of reading or indexing for minutes more while the app waits for
    the thread to end. A stopped index build loses only its current batch."""


def _failed(stage: str, exc: Exception) -> LoadFailed:
    return LoadFailed(stage, f"{type(exc).__name__}: {exc}")


def _unless_cancelled(post: Post) -> Post:
    """`post`, but dropping every message once the current worker is cancelled (call it in
    the worker's thread)."""
    worker = get_current_worker()

    def send(message: Message) -> object:
        return None if worker.is_cancelled else post(message)

    return send


def load_corpus(options: LoadOptions, post: Post) -> None:
    """Read the corpus of `options.paths`: `CorpusLoaded` or `LoadFailed`.

    A second start posts the meeting list as last saved first (`CorpusListed`: it reads in a
    fraction of the time the corpus takes), then the corpus as last loaded, from the cache
    (`unchecked`): its files are checked later (`check_files`), once the index is open, so
    that the two do not compete for the interpreter. A first start posts what is read so far
    now and then (`provisional`), and `LoadProgress` as it reads.
    """
    from index.workspace import cached_corpus, cached_listing, open_corpus

    worker = get_current_worker()
    post = _unless_cancelled(post)
    last = 0.0

    def progress(done: int) -> None:
        nonlocal last
        if worker.is_cancelled:
            raise Stopped
        now = time.monotonic()
        if now - last > PROGRESS_EVERY:
            last = now
            post(LoadProgress(done))

    paths, cache_dir = options.paths, options.cache_dir
    listing = None if options.rebuild else cached_listing(paths, cache_dir=cache_dir)
    if listing is not None:
        post(CorpusListed(listing))
    shown = None if options.rebuild else cached_corpus(paths, cache_dir=cache_dir)
    if shown is not None:
        post(CorpusLoaded(shown, unchecked=True))
        return

    def read_so_far(corpus: Corpus) -> None:
        if worker.is_cancelled:
            raise Stopped
        post(CorpusLoaded(corpus, provisional=True))

    def searchable(index: SearchIndex, indexed: int, read: int) -> None:
        post(IndexPartial(index, indexed, read, reading=True))

    try:
        corpus, notices = open_corpus(
            paths,
            rebuild=options.rebuild,
            cache_dir=cache_dir,
            progress=progress,
            on_partial=read_so_far,
            on_index=searchable,
        )
    except Stopped:
        return
    except Exception as exc:  # shown to the user; the app stays up to say so
        post(_failed("loading", exc))
        return
    post(CorpusLoaded(corpus, tuple(notices)))


def open_listed(options: LoadOptions, listing: Listing, meeting: ListedMeeting, post: Post) -> None:
    """Read the readouts of a meeting of the cache's listing, before the corpus arrives:
    `ListedOpened`, or nothing when they cannot be read so (the corpus follows)."""
    from index.workspace import listed_meeting

    post = _unless_cancelled(post)
    opened = listed_meeting(options.paths, listing, meeting, cache_dir=options.cache_dir)
    if opened is not None:
        post(ListedOpened(opened))


def check_files(options: LoadOptions, shown: Corpus | None, post: Post) -> None:
    """Check the files of a corpus shown from the cache (`shown`): `CorpusLoaded` (`update`)
    when they changed, else `FilesChecked`; `LoadFailed` when they could not be checked."""
    from index.heap import give_back
    from index.workspace import refresh_corpus

    post = _unless_cancelled(post)
    paths = options.paths or ()  # never empty here: the seeds have no cache to check
    try:
        corpus, notices, changed = refresh_corpus(paths, cache_dir=options.cache_dir, known=shown)
    except Exception as exc:  # the cached corpus stays on screen; say what went wrong
        post(_failed("checking files", exc))
        return
    if changed:
        post(CorpusLoaded(corpus, tuple(notices), update=True))
    else:
        del corpus  # the corpus on screen stays; the one read to check it goes, memory too
        give_back()
        post(FilesChecked(tuple(notices)))


def build_index(corpus: Corpus, options: LoadOptions, post: Post) -> None:
    """Open or build the index of `corpus`: `IndexReady` or `LoadFailed`; on the way,
    `IndexProgress` and, after each committed batch, `IndexPartial` (searchable at once)."""
    from index.workspace import open_index

    worker = get_current_worker()
    post = _unless_cancelled(post)
    last = 0.0
    meter = RateMeter()
    readouts = len(corpus.readouts)

    def progress(done: int, total: int) -> None:
        # `total` counts the readouts to (re-)index; the rest were indexed on a past start.
        nonlocal last
        if worker.is_cancelled:
            raise Stopped
        now = time.monotonic()
        rate = meter.rate(done)
        if now - last > PROGRESS_EVERY or done == total:
            last = now
            post(IndexProgress(readouts - total + done, readouts, rate))

    def on_partial(index: SearchIndex, indexed: int, total: int) -> None:
        post(IndexPartial(index, indexed, total))

    try:
        index, notices = open_index(
            corpus,
            options.paths,
            rebuild=options.rebuild,
            cache_dir=options.cache_dir,
            progress=progress,
            on_partial=on_partial,
            batch_size=options.batch_size,
        )
    except Stopped:
        return
    except Exception as exc:
        post(_failed("indexing", exc))
        return
    post(IndexReady(index, tuple(notices)))


def search(runner: SearchRunner, index: Searcher, request: SearchRequest, post: Post) -> None:
    """Run `request` on `index` through `runner` (one search at a time):
    `SearchFinished`, unless the worker was cancelled (typed over) first."""
    worker = get_current_worker()
    result = runner.run(index, request, lambda: worker.is_cancelled)
    if result is not None and not worker.is_cancelled:
        post(SearchFinished(request.query, result, request.searched))


def load_page(
    runner: SearchRunner, index: Searcher, page: PageRequest, request: SearchRequest, post: Post
) -> None:
    """Load `page` of a listed result (`request`, the search it belongs to, with its offset,
    limit and highlight) through `runner`, one search at a time but without the settle delay:
    `PageLoaded`, unless cancelled first."""
    worker = get_current_worker()
    result = runner.run(index, request, lambda: worker.is_cancelled)
    if result is not None and not worker.is_cancelled:
        post(PageLoaded(page, result))


def all_results(index: SearchIndex, request: SearchRequest, post: Post) -> None:
    """Every match of `request` in its order, each with its matched words (for export):
    `AllResults`, unless cancelled first."""
    worker = get_current_worker()
    result = index.search(
        request.query,
        limit=max(1, len(index)),
        equivalents=request.equivalents,
        prefix=True,
        snippets=False,
        flags=request.flags,
        order=request.order,
        stop=lambda: worker.is_cancelled,
    )
    if not worker.is_cancelled:
        post(AllResults(request.query, result))


def compare_pair(left: Readout, right: Readout, post: Post) -> None:
    """Align `left` with `right` (`index.compare.compare`) ahead of `c`: `ComparisonReady`,
    unless the worker was cancelled (the cursor moved on) first."""
    from index.compare import compare

    worker = get_current_worker()
    try:
        comparison = compare(left, right)
    except Exception:  # said when the user presses c, which makes it again; not unasked
        return
    if not worker.is_cancelled:
        post(ComparisonReady(left, right, comparison))


class ReaderJobs:
    """Starts the reader's workers on `node` (the screen), which gets their messages.

    Each is a thread worker, exclusive in its group (a new search cancels the last one; a new
    corpus's index build, the last build), and reports an error as a dialog, not an exit.
    """

    def __init__(self, node: DOMNode, options: LoadOptions, runner: SearchRunner) -> None:
        self._node = node
        self.options = options
        """What to load, and how."""
        self.runner = runner
        """Runs the searches (see `tui.flow.search_flow.SearchRunner`)."""

    def _start(self, job: Callable[[], None], group: str, name: str) -> None:
        self._node.run_worker(
            job, name, group, name, exit_on_error=False, exclusive=True, thread=True
        )

    def load(self) -> None:
        """Read the corpus (`load_corpus`)."""
        self._start(partial(load_corpus, self.options, self._node.post_message), "load", "load")

    def open_listed(self, listing: Listing, meeting: ListedMeeting) -> None:
        """Read a meeting of the cache's listing (`open_listed`); one still reading is
        cancelled (the cursor moved on)."""
        job = partial(open_listed, self.options, listing, meeting, self._node.post_message)
        self._start(job, "listed", "listed")

    def check(self, shown: Corpus | None) -> None:
        """Check the files of the corpus shown from the cache, `shown` (`check_files`)."""
        job = partial(check_files, self.options, shown, self._node.post_message)
        self._start(job, "load", "check")

    def build_index(self, corpus: Corpus) -> None:
        """Open or build the index of `corpus` (`build_index`)."""
        job = partial(build_index, corpus, self.options, self._node.post_message)
        self._start(job, "index", "index")

    def search(self, index: SearchIndex, request: SearchRequest) -> None:
        """Search `index` (`search`); a search still waiting to run is cancelled."""
        job = partial(search, self.runner, index, request, self._node.post_message)
        self._start(job, "search", "search")

    def page(self, index: SearchIndex, page: PageRequest, request: SearchRequest) -> None:
        """Load a page of the listed result (`load_page`); a page still waiting is cancelled."""
        job = partial(load_page, self.runner, index, page, request, self._node.post_message)
        self._start(job, "page", "page")

    def compare(self, left: Readout, right: Readout) -> None:
        """Align two readouts ahead of `c` (`compare_pair`); one still waiting is cancelled."""
        job = partial(compare_pair, left, right, self._node.post_message)
        self._start(job, "compare", "compare")

    def all_results(self, index: SearchIndex, request: SearchRequest) -> None:
        """Every match, for export (`all_results`)."""
        job = partial(all_results, index, request, self._node.post_message)
        self._start(job, "export", "export")
