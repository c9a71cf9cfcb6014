"""What each message of the loading workers changes, decided by `tui.flow.loading.LoadFlow`:
driven here with the messages the workers post, with no app running."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from index.corpus import load_corpus
from index.model import Corpus, Skip
from tui.flow.loading import LoadFlow
from tui.messages import CorpusLoaded

FIRST, SECOND = object(), object()  # stand-ins for two `SearchIndex`es
PATHS = ["/home/me/readouts"]


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus(None)


def index(stand_in: object) -> Any:
    return stand_in


def test_a_second_start_checks_the_files_once_after_the_index_opens(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    update = flow.corpus_loaded(CorpusLoaded(seeds, unchecked=True), None, searching=False)
    assert update.relist and update.build_index and not update.check_files
    assert flow.status.state == "indexing…" and not flow.files_checked
    assert flow.indexing(10, 50, 100.0).check_files
    assert not flow.indexing(20, 50, 100.0).check_files  # once
    assert not flow.ready(index(FIRST), ()).check_files
    assert flow.checked(("all good",)).notices == ("all good",)
    assert flow.files_checked


def test_the_seeds_have_nothing_to_check(seeds: Corpus) -> None:
    flow = LoadFlow(None)
    assert flow.status.label == "bundled seeds"
    flow.corpus_loaded(CorpusLoaded(seeds), None, searching=False)
    assert flow.files_checked
    assert not flow.ready(index(FIRST), ()).check_files


def test_a_partial_index_is_searched_at_once_and_dropped_once_complete(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    flow.corpus_loaded(CorpusLoaded(seeds), None, searching=False)
    flow.indexing(40, 100, 20.0)
    update = flow.partial(index(FIRST), 40, 100)
    assert update.search_again and flow.index is FIRST and flow.searchable == 40
    progress = flow.status.progress
    assert progress is not None and (progress.done, progress.searchable) == (40, 40)
    flow.ready(index(SECOND), ())
    assert flow.complete and flow.status.progress is None and flow.status.state == "index ready"
    # A partial index committed before the complete one, handled after it: dropped.
    assert not flow.partial(index(FIRST), 80, 100).search_again
    assert flow.index is SECOND and flow.searchable == 0
    flow.indexing(100, 100, 20.0)
    assert flow.status.progress is None


def test_a_first_start_lists_what_is_read_so_far_but_not_over_results(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    flow.reading(3)
    assert (flow.status.documents, flow.status.state) == (3, "loading…")
    some = replace(seeds, readouts=seeds.readouts[:2], meetings=seeds.meetings[:2])
    update = flow.corpus_loaded(CorpusLoaded(some, provisional=True), None, searching=False)
    assert update.relist and not update.build_index
    assert (flow.status.documents, flow.status.state) == (2, "reading files…")
    flow.reading(4)
    assert flow.status.documents == 4
    typing = flow.corpus_loaded(CorpusLoaded(some, provisional=True), None, searching=True)
    assert not typing.relist  # the results on screen stay
    flow.corpus_loaded(CorpusLoaded(seeds), None, searching=False)
    flow.reading(9)
    assert flow.status.documents == 5  # read, all of it: later counts are not the corpus


def test_the_whole_corpus_read_keeps_a_search_listed_and_runs_it_again(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    some = replace(seeds, readouts=seeds.readouts[:2], meetings=seeds.meetings[:2])
    flow.corpus_loaded(CorpusLoaded(some, provisional=True), None, searching=True)
    flow.partial(index(FIRST), 2, 2, reading=True)
    update = flow.corpus_loaded(CorpusLoaded(seeds), None, searching=True)
    # The results stay on screen (never the full list under the query), searched again.
    assert not update.relist and update.search_again and update.build_index
    assert flow.status.state == "indexing…"
    # Not searching: the whole corpus is listed, from its top.
    flow = LoadFlow(PATHS)
    flow.corpus_loaded(CorpusLoaded(some, provisional=True), None, searching=False)
    update = flow.corpus_loaded(CorpusLoaded(seeds), None, searching=False)
    assert update.relist and update.select is None and update.build_index


def test_changed_files_keep_the_reader_on_its_meeting(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    flow.corpus_loaded(CorpusLoaded(seeds, unchecked=True), None, searching=False)
    flow.ready(index(FIRST), ())
    kept, gone = seeds.meetings[1], seeds.meetings[0]
    changed = replace(seeds, meetings=seeds.meetings[1:], readouts=seeds.readouts[1:])
    told = ("1 removed file since the last start: list updated",)
    update = flow.corpus_loaded(CorpusLoaded(changed, told, update=True), kept.id, False)
    assert update.reopen == kept and update.select == kept.id and update.relist
    assert update.build_index and update.notices == told and not flow.complete
    assert flow.files_checked
    # Its meeting gone: nothing to reopen; under a search the results stay listed.
    update = flow.corpus_loaded(CorpusLoaded(changed, update=True), gone.id, searching=True)
    assert update.reopen is None and update.select is None and not update.relist


def test_an_empty_folder_says_why_in_the_document_pane(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    skip = Skip("/home/me/readouts/a.pdf", "not a text file")
    empty = replace(seeds, label="/home/me/readouts", readouts=(), meetings=(), skipped=(skip,))
    update = flow.corpus_loaded(CorpusLoaded(empty), None, searching=False)
    assert update.placeholder == (
        "no readouts found in /home/me/readouts (1 file skipped: not a text file)"
    )
    assert flow.status.skipped == 1


def test_a_failure_is_shown_and_before_any_corpus_fills_the_panes(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    update = flow.failed("loading", "PermissionError: denied")
    assert update.error == ("loading failed", "PermissionError: denied")
    assert update.empty_list == "loading failed"
    assert update.placeholder == "loading failed: PermissionError: denied"
    assert flow.status.state == "error: loading failed"
    flow.corpus_loaded(CorpusLoaded(seeds), None, searching=False)
    later = flow.failed("indexing", "OSError: disk full")
    assert later.empty_list == "" and later.placeholder == ""  # the list stays on screen


def test_a_first_start_lists_each_corpus_from_its_top_until_the_user_moves(
    seeds: Corpus,
) -> None:
    flow = LoadFlow(PATHS)
    some = replace(seeds, readouts=seeds.readouts[:2], meetings=seeds.meetings[:2])
    shown = some.meetings[0].id  # what the list selected by itself
    update = flow.corpus_loaded(CorpusLoaded(some, provisional=True), shown, searching=False)
    assert update.relist and update.select is None  # the top of the list, not `shown`
    update = flow.corpus_loaded(CorpusLoaded(seeds), shown, searching=False)
    assert update.relist and update.select is None
    # Once the user has picked a meeting, a new corpus keeps it.
    flow = LoadFlow(PATHS)
    flow.corpus_loaded(CorpusLoaded(some, provisional=True), shown, searching=False)
    flow.user_chose()
    assert flow.corpus_loaded(CorpusLoaded(seeds), shown, searching=False).select == shown


def _listing_of(corpus: Corpus) -> Any:
    """The listing a save of `corpus` writes, read back (`index.cache_listing`)."""
    import tempfile
    from pathlib import Path

    from index.cache_listing import read_listing, write_listing

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "corpus.listing"
        write_listing(file, b"stamp", replace(corpus, token="t1"))
        return read_listing(file, b"stamp")


def test_a_listing_is_listed_until_its_corpus_arrives(seeds: Corpus) -> None:
    flow = LoadFlow(PATHS)
    listing = _listing_of(seeds)
    update = flow.corpus_listed(listing)
    assert update.relist and not update.build_index  # the index waits for the corpus
    assert flow.corpus is None and flow.status.state == "loading…"
    assert (flow.status.documents, flow.status.skipped) == (
        len(seeds.readouts),
        len(seeds.skipped),
    )
    assert [m.id for m in flow.listed] == [m.id for m in seeds.meetings]
    newest = seeds.meetings[-1]
    found = flow.listed_meeting(newest.id)
    assert found is not None and found[0] is listing and found[1].id == newest.id
    assert found[1].readout_ids == tuple(r.id for r in newest.readouts)
    assert flow.listed_meeting("no-such-meeting") is None
    # The corpus replaces it, and keeps the meeting the list's cursor was on.
    update = flow.corpus_loaded(CorpusLoaded(seeds, unchecked=True), newest.id, searching=False)
    assert update.relist and update.select == newest.id and update.build_index
    assert flow.listing is None and flow.listed == seeds.meetings
    assert flow.listed_meeting(newest.id) is None  # nothing more to read from the records
    # A listing that comes after its corpus (it never does, but) changes nothing.
    assert flow.corpus_listed(listing) == type(update)() and flow.listed == seeds.meetings
