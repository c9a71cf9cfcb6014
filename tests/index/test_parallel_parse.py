"""Parsing in worker processes gives what parsing here gives, file by file, bad files included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import parallel_parse
from index.corpus import parse_path, seeds_dir
from index.parallel_parse import parse_files


def folder_of_files(root: Path, copies: int) -> list[Path]:
    """The seeds copied `copies` times over, plus files that cannot be read as readouts."""
    seeds = sorted(p for p in seeds_dir().iterdir() if p.is_file())
    files = []
    for i in range(copies):
        for seed in seeds:
            target = root / f"c{i}" / seed.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(seed, target)
            files.append(target)
    bad = root / "bad"
    bad.mkdir()
    (bad / "binary.md").write_bytes(bytes(range(256)) * 40)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "folder.md").mkdir()  # a folder named like a document
    (bad / "gone.md").symlink_to(bad / "nowhere.md")
    files += sorted(bad.iterdir())
    return files


def by_path(results: object) -> dict[str, tuple[object, object]]:
    out = {}
    for path, readouts, skipped in results:  # type: ignore[attr-defined]
        assert str(path) not in out  # each file once
        out[str(path)] = (readouts, skipped)
    return out


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_parse_what_this_process_parses(tmp_path: Path, workers: int) -> None:
    files = folder_of_files(tmp_path, 45)  # 225 seeds + 4 bad: over PARALLEL_MIN
    assert len(files) >= parallel_parse.PARALLEL_MIN
    got = by_path(parse_files(files, workers=workers))
    assert got == {str(f): parse_path(f) for f in files}
    for name in ("folder.md", "gone.md", "binary.md"):  # reported, not raised
        readouts, skipped = got[str(tmp_path / "bad" / name)]
        assert readouts == [] and len(skipped) == 1, name  # type: ignore[arg-type]
    assert sum(len(r) for r, _ in got.values()) == 225  # type: ignore[arg-type]


def test_few_files_are_parsed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(parallel_parse, "Worker", refuse)
    files = folder_of_files(tmp_path, 3)
    assert by_path(parse_files(files, workers=2)) == {str(f): parse_path(f) for f in files}


def test_no_processes_means_parsing_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel_parse, "Worker", refuse)
    files = folder_of_files(tmp_path, 45)
    assert by_path(parse_files(files, workers=2)) == {str(f): parse_path(f) for f in files}


def test_workers_that_die_leave_their_files_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel_parse, "WORKER_MAIN", "os.abort")
    files = folder_of_files(tmp_path, 45)
    assert by_path(parse_files(files, workers=2)) == {str(f): parse_path(f) for f in files}
