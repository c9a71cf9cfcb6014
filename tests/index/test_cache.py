"""The parse cache: unchanged files are reused, changed ones re-read, damage never costs data."""

from __future__ import annotations

import os
from pathlib import Path

from index.cache import load_corpus_cached
from index.corpus import load_corpus, seeds_dir


def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for seed in seeds_dir().iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def test_second_load_reuses_every_file_and_gives_the_same_corpus(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    first, r1 = load_corpus_cached([docs], cache_dir=cache)
    second, r2 = load_corpus_cached([docs], cache_dir=cache)
    assert (r1.parsed, r1.reused, r2.parsed, r2.reused) == (5, 0, 0, 5)
    assert second.readouts == first.readouts == load_corpus([docs]).readouts
    assert [m.id for m in second.meetings] == [m.id for m in first.meetings]


def test_touched_file_with_same_content_is_not_reparsed(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    some = next(docs.iterdir())
    os.utime(some, ns=(1_000_000_000, 1_000_000_000))
    _, report = load_corpus_cached([docs], cache_dir=cache)
    assert (report.parsed, report.reused) == (0, 5)


def test_changed_added_and_removed_files_are_noticed(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    seed = docs / "001_3c750eb1d4bf914e.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Takeshima", "TAKESHIMA-X"))
    (docs / "004_3efa4093d0a0abfa.txt").unlink()
    (docs / "new.txt").write_text("A new note\n\nJune 2, 2021\n\nText.", encoding="utf-8")
    corpus, report = load_corpus_cached([docs], cache_dir=cache)
    assert (report.parsed, report.reused, report.removed) == (2, 3, 1)
    texts = {Path(r.path).name: r.text for r in corpus.readouts}
    assert "TAKESHIMA-X" in texts["001_3c750eb1d4bf914e.txt"]
    assert "004_3efa4093d0a0abfa.txt" not in texts and "new.txt" in texts


def test_corrupt_cache_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    (file,) = cache.glob("corpus-*.pickle")
    file.write_bytes(file.read_bytes()[:100])  # truncated, as by a crash or a full disk
    corpus, report = load_corpus_cached([docs], cache_dir=cache)
    assert len(corpus.readouts) == 5 and report.parsed == 5
    assert report.notices and report.notices[0].startswith("cache unreadable")
    _, again = load_corpus_cached([docs], cache_dir=cache)
    assert again.reused == 5 and again.notices == []


def test_unwritable_cache_folder_works_from_memory_with_a_notice(tmp_path: Path) -> None:
    docs = corpus_dir(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    corpus, report = load_corpus_cached([docs], cache_dir=blocker / "cache")
    assert len(corpus.readouts) == 5
    assert report.notices == ["cache not saved (Not a directory): working from memory"]
