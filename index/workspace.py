"""What opening a corpus means, in two steps the app runs in its workers and the CLI in turn.

- `open_corpus(paths)`: the bundled seeds are read directly; the user's own paths go through
  the parse cache, so a second start lists everything without re-reading unchanged files.
  The app goes one better: `cached_listing(paths)` is the meeting list as last saved, shown
  first (it is small), `cached_corpus(paths)` the corpus as last loaded, which follows at once,
  both without looking at the files; `refresh_corpus(paths)` then checks them (size and mtime,
  then content) and says whether anything changed.
- `open_index(corpus, paths)`: the seeds are indexed in memory (they are few); the user's
  paths use the persistent index in the cache folder, updated for what changed, in committed
  batches: `on_partial` gets an index over what is searchable so far (a first start of a large
  folder takes minutes, and search should not wait for the last one).

Both return notices (plain sentences) for whatever fell back or was rebuilt. A text that the
text store holds damaged is re-read from its file when it is read (`index.textstore`); the app's
check of the files writes a sound store and says so, and the command line calls
`repair_text_stores` after its answer. `text_lost(readout)` says why a text could not be found
again at all (its file gone too). Caches are used only in a folder no other user can write
(docs/caches.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.model import Corpus, Meeting, Readout, Skip

if TYPE_CHECKING:
    from index.cache_listing import ListedMeeting, Listing
    from index.search import SearchIndex


def open_corpus(
    paths: Sequence[str | Path] | None,
    *,
    rebuild: bool = False,
    cache_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    on_partial: Callable[[Corpus], None] | None = None,
    on_index: Callable[[SearchIndex, int, int], None] | None = None,
) -> tuple[Corpus, list[str]]:
    """The corpus of `paths` (the seeds when None or empty) and any notices.

    `on_partial(corpus)` gets what is read so far, now and then, while files are parsed
    (see `index.cache.load_corpus_cached`). With `on_index`, a first start (no index yet)
    also indexes what is read so far as it comes (`index.search.growing`: from the start of
    a long read, else once `growing.EARLY_MIN` readouts are read), and
    `on_index(index, searchable, read)` gets an index over the `searchable` readouts of the
    `read` so far after each commit; `open_index` then waits for it and completes it."""
    if not paths:
        from index.corpus import load_corpus

        return load_corpus(None, progress=progress), []
    from index.cache import load_corpus_cached

    early = None
    folder = _index_folder(paths, cache_dir) if on_index is not None else None

    def parse_starts(files: int, size: int) -> None:
        """A long read (`growing.EARLY_BYTES`) starts indexing as it starts, so that its
        first readouts are searchable as soon as they are read."""
        nonlocal early
        from index.search import growing

        if folder is not None and on_index is not None and size >= growing.EARLY_BYTES:
            early = growing.start(folder, on_index)

    def read_so_far(corpus: Corpus) -> None:
        nonlocal early
        if on_partial is not None:
            on_partial(corpus)
        if folder is None or on_index is None:
            return
        from index.search import growing

        if early is None and len(corpus.readouts) >= growing.EARLY_MIN:
            early = growing.start(folder, on_index)
        if early is not None:
            early.feed(corpus.readouts)

    try:
        corpus, report = load_corpus_cached(
            list(paths),
            cache_dir=cache_dir,
            progress=progress,
            rebuild=rebuild,
            on_partial=read_so_far if folder is not None else on_partial,
            on_parse=parse_starts if folder is not None else None,
        )
    except BaseException:
        if early is not None:
            early.close()
        raise
    if early is not None:
        early.feed(corpus.readouts)
        early.end()  # open_index waits for it (growing.finish)
    return corpus, list(report.notices)


def _index_folder(paths: Sequence[str | Path], cache_dir: Path | None) -> Path | None:
    """The folder of the index of `paths`; None when it must not be used (see
    `index.cache_folder.shared_reason`)."""
    from index.cache_folder import cache_folder, corpus_key, shared_reason

    root, shared = cache_folder(cache_dir)
    folder = root / f"index-{corpus_key(list(paths))}"
    return folder if (shared or shared_reason(folder)) is None else None


def cached_listing(
    paths: Sequence[str | Path] | None, *, cache_dir: Path | None = None
) -> Listing | None:
    """The meeting list of the user's `paths` as last saved, read without the corpus (None for
    the seeds, or when there is none to trust; `index.cache_listing`); never raises."""
    if not paths:
        return None
    from index.cache import cached_listing as cached

    try:
        return cached(list(paths), cache_dir=cache_dir)
    except Exception:  # only a preview: the corpus itself follows
        return None


def listed_meeting(
    paths: Sequence[str | Path] | None,
    listing: Listing,
    meeting: ListedMeeting,
    *,
    cache_dir: Path | None = None,
) -> Meeting | None:
    """`meeting` of the cache's `listing` with its readouts, read from the records file
    (texts held in memory): what the app opens before the corpus arrives. None when they
    cannot be read so (the corpus follows); never raises."""
    if not paths or not meeting.readout_ids:
        return None
    from index.cache import listed_readouts

    try:
        readouts = listed_readouts(
            list(paths), listing.token, meeting.readout_ids, cache_dir=cache_dir
        )
    except Exception:  # only a head start: the corpus itself follows
        return None
    if readouts is None:
        return None
    return Meeting(
        meeting.id,
        meeting.meeting_date,
        meeting.title,
        meeting.participants,
        meeting.place,
        tuple(readouts),
    )


def cached_corpus(
    paths: Sequence[str | Path] | None, *, cache_dir: Path | None = None
) -> Corpus | None:
    """The corpus of the user's `paths` as last loaded (None for the seeds, or when nothing
    usable is cached); never raises."""
    if not paths:
        return None
    from index.cache import cached_corpus as cached

    try:
        return cached(list(paths), cache_dir=cache_dir)
    except Exception:  # the cache is an optimisation: the full load will say what is wrong
        return None


def refresh_corpus(
    paths: Sequence[str | Path],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    known: Corpus | None = None,
) -> tuple[Corpus, list[str], bool]:
    """Like `open_corpus`, and whether the corpus differs from what `cached_corpus` gave
    (`known`: that corpus, given back when nothing changed; see `load_corpus_cached`)."""
    from index.cache import load_corpus_cached

    corpus, report = load_corpus_cached(
        list(paths), cache_dir=cache_dir, progress=progress, known=known
    )
    notices = list(report.notices)
    if report.changed and (report.parsed or report.removed):
        parts = []
        if report.parsed:
            parts.append(f"{report.parsed} new or changed")
        if report.removed:
            parts.append(f"{report.removed} removed")
        files = "file" if report.parsed + report.removed == 1 else "files"
        notices.append(f"{' and '.join(parts)} {files} since the last start: list updated")
    return corpus, notices, report.changed


def open_index(
    corpus: Corpus,
    paths: Sequence[str | Path] | None,
    *,
    rebuild: bool = False,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_partial: Callable[[SearchIndex, int, int], None] | None = None,
    batch_size: int | None = None,
) -> tuple[SearchIndex, list[str]]:
    """The search index of `corpus` and any notices (see the module docstring).

    `progress(done, total)` counts the documents being (re-)indexed; `on_partial(index,
    indexed, total)` is called from this thread after each batch but the last (never for the
    seeds), with `indexed` of the corpus's `total` readouts searchable through `index`.
    `batch_size` overrides `search_store.BATCH_SIZE` (documents per commit).
    """
    from index.search import SearchIndex, fallback_reason

    slower = [reason] if (reason := fallback_reason()) else []  # Whoosh's public API in use
    if not paths:
        return SearchIndex.build(corpus.readouts, progress=progress), slower
    from index.cache_folder import cache_folder, corpus_key, shared_reason
    from index.search.store import BATCH_SIZE, open_search_index

    root, shared = cache_folder(cache_dir)
    folder = root / f"index-{corpus_key(list(paths))}"
    shared = shared or shared_reason(folder)
    if shared is not None:  # Whoosh's table of contents is a pickle too
        notice = f"search index kept in memory: {shared}"
        return SearchIndex.build(corpus.readouts, progress=progress), [*slower, notice]
    index, report = open_search_index(
        corpus.readouts,
        folder,
        rebuild=rebuild,
        progress=progress,
        on_partial=on_partial,
        batch_size=batch_size or BATCH_SIZE,
        token=corpus.token,
    )
    return index, [*slower, *report.notices]


@dataclass(frozen=True)
class Opened:
    """A corpus's complete index over its cached readouts, each read when a search asks for it
    (`quick_search_index`)."""

    index: SearchIndex
    readouts: Mapping[str, Readout]
    """By id; reading one reads its record alone."""
    skipped: tuple[Skip, ...]

    def every(self) -> Iterator[Readout]:
        """Every readout (reads every record: only for what needs them all)."""
        return (self.readouts[rid] for rid in self.readouts)


def quick_search_index(
    paths: Sequence[str | Path], *, cache_dir: Path | None = None
) -> Opened | None:
    """For a search from the command line: when the files are exactly those last loaded and
    their index was left complete, the index over the cached readouts, reading none of them
    until a search needs its hits (`index.cache_records`); None otherwise (then
    `open_corpus` and `open_index`). A record or text found damaged raises
    `index.cache_records.Fallback`: answer the ordinary way, which repairs it."""
    if not paths:
        return None
    from index.cache import cached_records
    from index.search import fallback_reason

    if fallback_reason() is not None:  # said when the index is opened the ordinary way
        return None
    records = cached_records(list(paths), cache_dir=cache_dir)
    folder = _index_folder(paths, cache_dir)
    if records is None or folder is None or not len(records):
        return None
    from index.search.store import open_trusted

    table = records.table
    index = open_trusted(records, folder, table.token, table.publishers)
    if index is None:
        return None
    return Opened(index, records, table.skipped)


def repair_text_stores(
    paths: Sequence[str | Path] | None, *, cache_dir: Path | None = None
) -> list[str]:
    """After reading a corpus's texts: when some were found damaged in its text store (and
    re-read from their files), write a sound store and say so, once; else nothing."""
    if not paths:
        return []
    from index.cache import repair_text_stores as repair

    return repair(list(paths), cache_dir=cache_dir)


def repairs_unsaid(paths: Sequence[str | Path] | None, *, cache_dir: Path | None = None) -> bool:
    """Whether a text of the corpus was found damaged (and re-read from its file) since the
    repairs were last said: the app's check of the files ran before that text was read, so
    it checks them again (which writes a sound store and says so)."""
    if not paths:
        return False
    from index.cache import repairs_unsaid as unsaid

    return unsaid(list(paths), cache_dir=cache_dir)


def text_lost(readout: Readout) -> str | None:
    """Why the readout's text could not be shown (its copy in the cache damaged and its file
    gone or changed), once its text has been read; None when the text is its own."""
    ref = readout.text_ref
    return None if ref is None else ref.lost
