"""The on-disk index: incremental, and it survives kills, damage, locks and read-only folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.search import SearchIndex, disk
from index.search.store import open_search_index

REPO = Path(__file__).resolve().parents[2]


def seeds() -> list[Readout]:
    return list(load_corpus().readouts)


def ids(index: object, query: str) -> set[str]:
    result = index.search(query)  # type: ignore[attr-defined]
    assert result.error == ""
    return {h.id for h in result.hits}


def test_second_open_indexes_nothing_and_finds_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    first, r1 = open_search_index(seeds(), folder)
    second, r2 = open_search_index(seeds(), folder)
    assert (r1.added, r1.kept, r2.added, r2.kept) == (5, 0, 0, 5)
    assert (
        ids(second, "dokdo")
        == ids(first, "dokdo")
        == {
            "2011-03-19-mofa-japan-matsumoto-kim",
            "2018-01-16-mofa-japan-kono-kang",
            "2018-04-11-mofa-korea-kang-kono",
        }
    )


def test_changed_and_removed_readouts_are_reindexed(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    readouts = seeds()
    open_search_index(readouts, folder)
    changed = replace(readouts[0], text=readouts[0].text + "\n\nA zanzibar clause.")
    kept = [changed, *readouts[1:4]]  # the last seed is gone
    index, report = open_search_index(kept, folder)
    assert (report.added, report.removed, report.kept) == (1, 2, 3)
    assert ids(index, "zanzibar") == {changed.id}
    assert readouts[4].id not in ids(index, "korea")


def test_damaged_index_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    open_search_index(seeds(), folder)
    for f in folder.iterdir():
        if f.suffix in (".seg", ".toc"):
            f.write_bytes(f.read_bytes()[: max(1, f.stat().st_size // 3)])
    index, report = open_search_index(seeds(), folder)
    assert report.notices and report.notices[0].startswith("search index damaged")
    assert report.added == 5 and not report.in_memory
    assert len(ids(index, "dokdo")) == 3


def test_unwritable_cache_folder_searches_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    index, report = open_search_index(seeds(), blocker / "ix")
    assert report.in_memory
    assert report.notices[0].startswith("cache folder not writable")
    assert len(ids(index, "dokdo")) == 3


def test_a_second_instance_holding_the_lock_gets_an_in_memory_index(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    readouts = seeds()
    first, _ = open_search_index(readouts[:2], folder)
    holder = first._ix.writer()  # another instance, mid-update
    try:
        second, report = open_search_index(readouts, folder)
    finally:
        holder.cancel()
    assert report.in_memory
    assert "another readouts-tui" in report.notices[0]
    assert len(ids(second, "dokdo")) == 3
    # Once the other instance is done, the index on disk catches up.
    _, report = open_search_index(readouts, folder)
    assert not report.in_memory and report.added == 3


KILL_SCRIPT = """
import sys
from dataclasses import replace
from pathlib import Path
from index.corpus import load_corpus
from index.search import store as search_store
from index.search import SearchIndex
from index.search.store import open_search_index
base = load_corpus().readouts
many = [replace(base[i % 5], id=f"doc-{i}") for i in range(int(sys.argv[2]))]
print("started", flush=True)
open_search_index(many, Path(sys.argv[1]))
print("finished", flush=True)
"""


@pytest.mark.parametrize("delay", [0.2, 0.8, 1.6])
def test_killed_while_indexing_the_next_start_works(tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "ix"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(folder), "3000"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    readouts = seeds()
    index, report = open_search_index(readouts, folder)
    assert not report.in_memory
    assert len(ids(index, "dokdo")) == 3
    assert {h.id for h in index.search("korea", limit=100).hits} <= {r.id for r in readouts}


def copies(n: int) -> list[Readout]:
    """`n` readouts: the seeds over and over under new ids (doc-0 is seed 0, doc-5 too...)."""
    base = seeds()
    return [replace(base[i % 5], id=f"doc-{i}") for i in range(n)]


def test_batches_are_searchable_as_they_are_committed(tmp_path: Path) -> None:
    readouts = copies(70)
    partial: list[tuple[int, int, set[str], int]] = []

    def on_partial(index: SearchIndex, indexed: int, total: int) -> None:
        result = index.search("dokdo", limit=100)
        assert result.error == ""
        partial.append((indexed, total, {h.id for h in result.hits}, result.total))

    final, report = open_search_index(
        readouts, tmp_path / "ix", on_partial=on_partial, batch_size=10
    )
    assert report.added == 70
    # Batches of 10, 20, 40: after 10 and 30 documents; the last gives the final index instead.
    assert [(n, total) for n, total, _, _ in partial] == [(10, 70), (30, 70)]
    dokdo = ids(final, "dokdo")
    for indexed, _, found, total in partial:
        committed = {f"doc-{i}" for i in range(indexed)}
        assert found and found <= committed & dokdo
        assert total == len(found)  # the count agrees with the hits: nothing newer leaks in
    assert len(partial[1][2]) > len(partial[0][2])
    assert len(ids(final, "dokdo")) == 42  # 3 of every 5 seeds mention Dokdo


def test_a_partial_index_searched_later_only_finds_its_own_readouts(tmp_path: Path) -> None:
    readouts = copies(30)
    partial: list[SearchIndex] = []
    open_search_index(
        readouts, tmp_path / "ix", on_partial=lambda ix, n, t: partial.append(ix), batch_size=10
    )
    # The build is over: the index on disk now holds all 30, the first partial index knew 10.
    result = partial[0].search("korea", limit=100)
    assert result.error == ""
    assert {h.id for h in result.hits} <= {f"doc-{i}" for i in range(10)}
    assert result.total == len(result.hits) > 0
    assert partial[0].positions("doc-25", "korea") == ()


def test_indexed_documents_are_searchable_before_the_rest_is_indexed(tmp_path: Path) -> None:
    readouts = copies(40)
    folder = tmp_path / "ix"
    open_search_index(readouts[:15], folder)
    seen: list[tuple[int, int]] = []
    _, report = open_search_index(
        readouts, folder, on_partial=lambda ix, n, t: seen.append((n, t)), batch_size=10
    )
    assert (report.kept, report.added) == (15, 25)
    assert seen == [(15, 40), (25, 40)]  # then a batch of 20 for the last 15


def test_a_build_in_progress_elsewhere_leaves_this_instance_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(disk, "LOCK_WAIT", 0.2)
    folder = tmp_path / "ix"
    open_search_index(copies(5), folder)
    with disk.build_lock(folder) as held:  # another instance, between two batches
        assert held
        index, report = open_search_index(copies(8), folder)
    assert report.in_memory and "another readouts-tui" in report.notices[0]
    assert len(ids(index, "dokdo")) == 6
    _, report = open_search_index(copies(8), folder)
    assert not report.in_memory and (report.kept, report.added) == (5, 3)


BATCH_KILL_SCRIPT = """
import sys
from dataclasses import replace
from pathlib import Path
from index.corpus import load_corpus
from index.search import store as search_store
from index.search import SearchIndex
from index.search.store import open_search_index
base = load_corpus().readouts
many = [replace(base[i % 5], id=f"doc-{i}") for i in range(int(sys.argv[2]))]
def on_partial(index, indexed, total):
    print("batch", indexed, flush=True)
open_search_index(many, Path(sys.argv[1]), on_partial=on_partial, batch_size=25)
print("finished", flush=True)
"""


def test_killed_between_batches_the_next_start_indexes_only_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    total = 400
    proc = subprocess.Popen(
        [sys.executable, "-c", BATCH_KILL_SCRIPT, str(folder), str(total)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "batch 25"
    assert proc.stdout.readline().strip() == "batch 75"  # batches of 25, 50, 100, 200, 25
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    readouts = copies(total)
    seen: list[int] = []
    index, report = open_search_index(
        readouts, folder, on_partial=lambda ix, n, t: seen.append(n), batch_size=25
    )
    assert not report.in_memory and not report.notices
    assert report.kept in (75, 175, 375)  # whole batches, nothing half-written
    assert report.added == total - report.kept
    assert seen[0] == report.kept  # what survived is searchable at once
    assert len(ids(index, "dokdo")) == 50  # limit 50; all 240 match
    assert index.search("dokdo", limit=1000).total == 240


def test_a_build_stopped_by_its_caller_keeps_the_committed_batches(tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done == 25:  # the app quitting: its progress callback raises
            raise Stop

    folder = tmp_path / "ix"
    with pytest.raises(Stop):
        open_search_index(copies(40), folder, progress=progress, batch_size=10)
    index, report = open_search_index(copies(40), folder)
    assert not report.in_memory  # the build lock went with the stopped build
    assert (report.kept, report.added) == (10, 30)  # the first batch of 10, not the second
    assert len(ids(index, "dokdo")) == 24


def test_a_full_disk_while_indexing_searches_in_memory_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from whoosh.filedb.filestore import FileStorage

    real_create = FileStorage.create_file

    def full(self: FileStorage, name: str, *args: object, **kwargs: object) -> object:
        if name.endswith(".pst"):  # a segment's postings: the disk fills up as they are written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_create(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", full)
    index, report = open_search_index(seeds(), tmp_path / "ix")
    assert report.in_memory
    assert report.notices == [
        "search index not saved (No space left on device): searching in memory"
    ]
    assert len(ids(index, "dokdo")) == 3
    monkeypatch.undo()
    # With space again, the next start writes the index to disk.
    _, report = open_search_index(seeds(), tmp_path / "ix")
    assert not report.in_memory and report.added == 5


def test_an_index_of_another_schema_version_is_rebuilt_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ix"
    monkeypatch.setattr(disk, "INDEX_NAME", "v1")  # as an older readouts-tui left it
    open_search_index(seeds()[:2], folder)
    monkeypatch.undo()
    index, report = open_search_index(seeds(), folder)
    assert report.notices == ["search index made by another version of readouts-tui: rebuilt"]
    assert (report.added, report.kept, report.in_memory) == (5, 0, False)
    assert len(ids(index, "dokdo")) == 3
    assert not list(folder.glob("_v1_*"))  # the old files are gone
    _, report = open_search_index(seeds(), folder)
    assert report.notices == [] and (report.added, report.kept) == (0, 5)
