"""What a killed build or merge leaves in the index folder (segment files of no segment,
Whoosh's merge folder, build folders of dead processes) is deleted the next time the index
is opened, unless a build holds the folder; nothing the index uses is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.search import disk
from index.search.store import open_search_index


def litter(folder: Path) -> dict[str, Path]:
    """Leftovers as a killed merge and a killed build leave them, and a live build's folder."""
    name = disk.INDEX_NAME
    merge = folder / f"{name}.tmp"
    merge.mkdir()
    (merge / "pool-0.run").write_bytes(b"x" * 1000)
    orphan = folder / f"{name}_h56id6z1u3p51azx.pst"
    orphan.write_bytes(b"partial postings")
    column = folder / f"{name}_h56id6z1u3p51azx._body_len.col"
    column.write_bytes(b"\x01\x02")
    dead = folder / "build-999999999-1"  # no such process
    (dead / "w0").mkdir(parents=True)
    live = folder / f"build-{os.getpid()}-1"  # this process: a build still running
    live.mkdir()
    return {"merge": merge, "orphan": orphan, "column": column, "dead": dead, "live": live}


def test_a_killed_merges_files_are_deleted_when_the_index_is_next_opened(tmp_path: Path) -> None:
    readouts = list(load_corpus().readouts)
    folder = tmp_path / "ix"
    open_search_index(readouts, folder)
    kept = sorted(p.name for p in folder.iterdir())
    left = litter(folder)
    index, report = open_search_index(readouts, folder)
    assert report.notices == [] and report.kept == len(readouts)
    assert index.search("dokdo").total > 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([*kept, left["live"].name])


@pytest.mark.parametrize("held", ["BUILDLOCK", "WRITELOCK"])
def test_nothing_is_deleted_while_a_build_or_a_writer_holds_the_folder(
    tmp_path: Path, held: str
) -> None:
    readouts = list(load_corpus().readouts)
    folder = tmp_path / "ix"
    open_search_index(readouts, folder)
    left = litter(folder)
    lock = disk.storage(folder).lock(f"{disk.INDEX_NAME}_{held}")
    assert lock.acquire(blocking=False)
    try:
        ix = disk.open_existing(folder, [])
        assert ix is not None
    finally:
        lock.release()
    assert all(path.exists() for path in left.values())
