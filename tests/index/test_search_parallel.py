"""A large build in worker processes: the same index as one process builds, few segments,
search on the first batch early, and the same guarantees (kills, stops, failing workers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.search import SearchIndex, disk, whoosh_internals
from index.search import build as search_build
from index.search import store as search_store
from index.search.store import open_search_index

REPO = Path(__file__).resolve().parents[2]
QUERIES = ("dokdo", "korea", '"foreign minister"', "minister:kono", "year:2018", "외교")


def copies(n: int) -> list[Readout]:
    """`n` readouts: the seeds over and over under new ids, each with a word of its own."""
    base = list(load_corpus().readouts)
    return [
        replace(base[i % 5], id=f"doc-{i}", text=base[i % 5].text + f"\n\nmarker{i}")
        for i in range(n)
    ]


def found(index: SearchIndex, query: str) -> tuple[int, list[tuple[str, float]]]:
    result = index.search(query, limit=1000)
    assert result.error == ""
    return result.total, sorted((h.id, round(h.score, 4)) for h in result.hits)


def segments(folder: Path) -> int:
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(folder)).open_index(indexname=disk.INDEX_NAME)
    return whoosh_internals.segment_count(ix)


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes from 60 documents on (not 1,000), so the tests stay small."""
    monkeypatch.setattr(search_store, "PARALLEL_MIN", 60)


def worker_children() -> list[int]:
    """This process's children that run a build worker."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"serve_build" in cmdline:
            pids.append(int(stat.parent.name))
    return pids


@pytest.mark.usefixtures("parallel")
def test_a_build_in_workers_finds_what_one_process_finds(tmp_path: Path) -> None:
    readouts = copies(200)
    partial: list[tuple[int, int, int]] = []
    ticks: list[tuple[int, int]] = []

    def on_partial(index: SearchIndex, indexed: int, total: int) -> None:
        hits = index.search("korea", limit=1000)
        assert {h.id for h in hits.hits} <= {f"doc-{i}" for i in range(200)}
        partial.append((indexed, total, hits.total))

    many, report = open_search_index(
        readouts,
        tmp_path / "many",
        workers=2,
        batch_size=20,
        on_partial=on_partial,
        progress=lambda done, total: ticks.append((done, total)),
    )
    one, _ = open_search_index(readouts, tmp_path / "one", workers=1, batch_size=20)
    assert (report.added, report.kept, report.notices) == (200, 0, [])
    for query in (*QUERIES, "marker7", "marker199"):
        assert found(many, query) == found(one, query), query
    assert found(many, "marker199")[0] == 1
    # Search started on the first batch, committed here before the workers were done.
    assert partial[0][:2] == (20, 200) and 0 < partial[0][2] < 200
    assert [t for t, _ in ticks] == sorted(t for t, _ in ticks) and ticks[-1] == (200, 200)
    # One segment per worker: the first worker's replaced the first batch's.
    assert segments(tmp_path / "many") == 2
    assert not list((tmp_path / "many").glob("build-*"))
    assert worker_children() == []
    again, report = open_search_index(readouts, tmp_path / "many", workers=2)
    assert (report.added, report.kept) == (0, 200)
    assert found(again, "dokdo") == found(one, "dokdo")


@pytest.mark.usefixtures("parallel")
def test_an_update_in_workers_deletes_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    readouts = copies(150)
    open_search_index(readouts[:40], folder)
    changed = replace(readouts[3], text=readouts[3].text + "\n\nA zanzibar clause.")
    update = [r for r in readouts if r.id != "doc-5"]
    update[3] = changed
    index, report = open_search_index(update, folder, workers=2, batch_size=10)
    assert (report.added, report.removed, report.kept) == (111, 2, 38)
    assert found(index, "zanzibar")[1][0][0] == "doc-3"
    assert found(index, "marker5")[0] == 0
    assert found(index, "marker149")[0] == found(index, "marker6")[0] == 1


@pytest.mark.usefixtures("parallel")
def test_workers_that_cannot_start_leave_the_build_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(search_build, "Worker", refuse)
    index, report = open_search_index(copies(100), tmp_path / "ix", workers=2, batch_size=10)
    assert (report.added, report.in_memory, report.notices) == (100, False, [])
    assert found(index, "marker99")[0] == 1


@pytest.mark.usefixtures("parallel")
def test_a_worker_that_dies_leaves_the_rest_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_build, "WORKER_MAIN", "os.abort")
    index, report = open_search_index(copies(100), tmp_path / "ix", workers=2, batch_size=10)
    assert not report.in_memory and report.added == 100
    assert report.notices and report.notices[0].startswith("indexing in one process")
    assert all(found(index, f"marker{i}")[0] == 1 for i in range(100))
    assert worker_children() == []


@pytest.mark.usefixtures("parallel")
def test_a_build_stopped_by_its_caller_stops_its_workers(tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done > 30:  # the first batch (10) is committed; the workers are busy
            raise Stop

    folder = tmp_path / "ix"
    with pytest.raises(Stop):
        open_search_index(copies(300), folder, progress=progress, workers=2, batch_size=10)
    assert worker_children() == []
    assert not list(folder.glob("build-*"))
    index, report = open_search_index(copies(300), folder, workers=1)
    assert report.kept == 10 and report.added == 290
    assert found(index, "marker299")[0] == 1


KILL_SCRIPT = """
import sys
from dataclasses import replace
from pathlib import Path
from index.corpus import load_corpus
from index.search import store
from index.search.store import open_search_index
store.PARALLEL_MIN = 100  # workers from a few hundred documents, so the test stays short
base = load_corpus().readouts
many = [replace(base[i % 5], id=f"doc-{i}") for i in range(int(sys.argv[2]))]
def on_partial(index, indexed, total):
    print("partial", indexed, flush=True)
open_search_index(many, Path(sys.argv[1]), on_partial=on_partial, batch_size=50, workers=2)
print("finished", flush=True)
"""


@pytest.mark.parametrize("delay", [0.0, 0.5, 1.0])
def test_killed_while_workers_index_the_next_start_works(tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "ix"
    total = 400  # the rest after the first batch is over the script's PARALLEL_MIN: workers
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(folder), str(total)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "partial 50"  # the first batch, then workers
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    base = list(load_corpus().readouts)
    readouts = [replace(base[i % 5], id=f"doc-{i}") for i in range(total)]
    index, report = open_search_index(readouts, folder, workers=1)
    assert not report.in_memory and not report.notices
    # The first batch at least, and whole segments: a document is kept or indexed again.
    assert report.kept >= 50 and report.kept + report.added == total
    assert index.search("dokdo", limit=1000).total == 3 * total // 5
    assert not list(folder.glob("build-*"))


@pytest.mark.usefixtures("parallel")
def test_a_document_that_cannot_be_made_fails_the_build_without_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = search_store.document

    def broken(readout: Readout, known: object) -> object:
        if readout.id == "doc-150":
            raise RuntimeError("unreadable text")
        return real(readout, known)  # type: ignore[arg-type]

    monkeypatch.setattr(search_store, "document", broken)
    with pytest.raises(RuntimeError, match="unreadable text"):
        open_search_index(copies(200), tmp_path / "ix", workers=2, batch_size=10)
    assert worker_children() == []
    monkeypatch.undo()
    index, report = open_search_index(copies(200), tmp_path / "ix", workers=2)
    assert report.kept == 10 and found(index, "marker150")[0] == 1


@pytest.mark.usefixtures("parallel")
def test_early_segments_make_the_searchable_part_grow_then_give_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_store, "CHUNK", 10)
    monkeypatch.setattr(search_store, "FLUSH_EVERY", 0.0)  # an early segment after each message
    readouts = copies(120)
    partial: list[tuple[int, int]] = []

    def on_partial(index: SearchIndex, indexed: int, total: int) -> None:
        hits = index.search("marker*", limit=1000)
        partial.append((indexed, hits.total))

    many, _ = open_search_index(
        readouts, tmp_path / "many", workers=2, batch_size=20, on_partial=on_partial
    )
    one, _ = open_search_index(readouts, tmp_path / "one", workers=1, batch_size=20)
    # Grew many times, each document found once (an early segment and the long one that
    # replaces it are never both in the index).
    assert len({n for n, _ in partial}) >= 5, partial
    assert all(total == n for n, total in partial), partial
    for query in (*QUERIES, "marker7", "marker119"):
        assert found(many, query) == found(one, query), query
    assert segments(tmp_path / "many") == 2


def test_what_is_read_is_indexed_as_it_comes_and_completed_by_open_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.search import growing

    monkeypatch.setattr(growing, "FLUSH_EVERY", 0.0)
    monkeypatch.setattr(growing, "CHUNK", 10)
    readouts = copies(120)
    seen: list[tuple[int, int]] = []
    folder = tmp_path / "index"
    early = growing.start(folder, lambda ix, n, read: seen.append((n, read)), workers=2)
    assert early is not None
    for part in (40, 120):
        early.feed(readouts[:part])
        time.sleep(0.5)
    # Read in full: one readout's id changed (a document read later took its id).
    final = [*readouts[:119], replace(readouts[119], id="doc-renamed")]
    early.feed(final)
    early.end()
    index, report = open_search_index(final, folder, workers=2)
    one, _ = open_search_index(final, tmp_path / "one", workers=1)
    assert seen and seen[-1][1] == 120 and all(n <= read for n, read in seen)
    assert (report.kept, report.added, report.removed) == (120, 0, 1)
    for query in (*QUERIES, "marker7", "marker119"):
        # The same readouts (scores differ a little: a deleted document counts in Whoosh's
        # statistics until a merge, as after any update)
        total, hits = found(index, query)
        assert (total, [h for h, _ in hits]) == (
            found(one, query)[0],
            [h for h, _ in found(one, query)[1]],
        ), query
    assert worker_children() == []
    assert growing.start(folder, lambda *_: None) is None  # an index is there now


def test_what_a_worker_holds_becomes_searchable_when_no_more_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.search import growing

    monkeypatch.setattr(growing, "FLUSH_EVERY", 60.0)  # no early segment on time alone
    monkeypatch.setattr(growing, "IDLE", 0.2)
    monkeypatch.setattr(growing, "CHUNK", 10)
    readouts = copies(20)
    seen: list[int] = []
    early = growing.start(tmp_path / "index", lambda ix, n, read: seen.append(n), workers=1)
    assert early is not None
    try:
        early.feed(readouts)  # two messages: the first is searchable at once, then nothing
        deadline = time.monotonic() + 30  # comes for a while: the second is written too
        while (not seen or seen[-1] < 20) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen[0] == 10 and seen[-1] == 20, seen
    finally:
        early.close()
    assert worker_children() == []


def test_a_worker_makes_what_it_holds_searchable_before_each_long_write(tmp_path: Path) -> None:
    # A worker's process, in this one: its first long segment is due at the postings its
    # start message says (the workers' first long writes are spread out), the next ones at
    # `max_postings`; before each long write (most of a minute at scale) it writes its early
    # segment, so that what it holds is searchable meanwhile.
    from index.search.equivalents import person_names
    from index.search.schema import document, schema

    known = person_names()
    docs = [document(r, known) for r in copies(60)]
    answers: list[tuple[Any, ...]] = []
    serving = search_build._Serving()
    serving.handle(
        ("start", schema(), str(tmp_path), disk.INDEX_NAME, 8000, 60.0, 4000), answers.append
    )
    for i in range(0, 60, 5):
        serving.handle(("docs", docs[i : i + 5]), answers.append)
    written = [(len(a[3]), a[4]) for a in answers if a[0] == "segment"]
    longs = [n for n, early in written if not early]
    assert len(longs) >= 2 and longs[0] < longs[1], written  # the first due at half
    # Each long write comes right after an early one (the first message's apart).
    for i, (_, early) in enumerate(written):
        if not early:
            assert written[i - 1][1], written


def test_a_worker_writes_early_segments_for_its_first_documents_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Every document in an early segment is indexed and written twice; past `EARLY_DOCS` a
    # worker's search grows at its long segments only.
    from index.search.equivalents import person_names
    from index.search.schema import document, schema

    monkeypatch.setattr(search_build, "EARLY_DOCS", 20)
    known = person_names()
    readouts = copies(60)
    docs = [document(r, known) for r in readouts]
    answers: list[tuple[Any, ...]] = []
    serving = search_build._Serving()
    # An early segment after every message (flush every 0 s); no long one before the end.
    start = ("start", schema(), str(tmp_path), disk.INDEX_NAME, 10**9, 0.0, 10**9)
    serving.handle(start, answers.append)
    for i in range(0, 60, 5):
        serving.handle(("docs", docs[i : i + 5]), answers.append)
    serving.handle(("end",), answers.append)
    segments = [(a[3], a[4]) for a in answers if a[0] == "segment"]
    early_ids = [i for ids, early in segments if early for i in ids]
    assert early_ids == [d["id"] for d in docs[:20]], early_ids
    longs = [ids for ids, early in segments if not early]
    assert longs == [[d["id"] for d in docs]]


def test_the_workers_first_long_segments_are_due_at_different_sizes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sent: dict[int, list[Any]] = {}

    class Recorded:
        """A worker that keeps what it is sent."""

        def __init__(self, target: str, key: int, events: Any) -> None:
            self.key = key
            sent[key] = []

        def send(self, message: Any) -> None:
            sent[self.key].append(message)

        def stop(self) -> None:
            pass

    monkeypatch.setattr(search_build, "Worker", Recorded)
    for flush_every, want in ((2.0, [1000, 2000, 3000]), (None, [3000, 3000, 3000])):
        sent.clear()
        pool = search_build.WorkerBuild(
            iter([]),
            schema=None,  # type: ignore[arg-type]
            build=tmp_path,
            indexname="MAIN",
            workers=3,
            max_postings=3000,
            flush_every=flush_every,
        )
        deadline = time.monotonic() + 10
        while sum(len(m) for m in sent.values()) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        pool.stop()
        # While the app waits (early segments), worker k of n writes its first long segment
        # at (k+1)/n of the postings; otherwise all at `max_postings`.
        assert [sent[k][0][-1] for k in range(3)] == want, sent
