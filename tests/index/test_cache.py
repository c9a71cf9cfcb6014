"""The parse cache: unchanged files are reused, changed ones re-read, damage never costs data."""

from __future__ import annotations

import gc
import itertools
import os
import threading
import weakref
from pathlib import Path

import pytest

from index.cache import cached_corpus, corpus_key, load_corpus_cached
from index.corpus import load_corpus, seeds_dir
from index.model import Corpus
from index.textstore import StoreWriter


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
    assert report.notices == ["cache damaged (it does not match its digest); rebuilt"]
    _, again = load_corpus_cached([docs], cache_dir=cache)
    assert again.reused == 5 and again.notices == []


def test_unwritable_cache_folder_works_from_memory_with_a_notice(tmp_path: Path) -> None:
    docs = corpus_dir(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    corpus, report = load_corpus_cached([docs], cache_dir=blocker / "cache")
    assert len(corpus.readouts) == 5
    assert report.notices == ["cache not saved (Not a directory): working from memory"]


def test_texts_of_a_cached_corpus_are_read_back_from_disk_unchanged(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    fresh = load_corpus([docs])
    load_corpus_cached([docs], cache_dir=cache)
    second, _ = load_corpus_cached([docs], cache_dir=cache)
    assert all(r.text_on_disk for r in second.readouts)
    assert [r.text for r in second.readouts] == [r.text for r in fresh.readouts]
    assert [r.sections for r in second.readouts] == [r.sections for r in fresh.readouts]
    assert [r.text_digest for r in second.readouts] == [r.text_digest for r in fresh.readouts]


def test_a_text_that_does_not_encode_cleanly_round_trips(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    # Latin-1 bytes that are not UTF-8: read with the legacy fallback, kept exactly.
    (docs / "legacy.txt").write_bytes(
        "Caf\xe9 talks\n\nJune 2, 2021\n\nS\xe9oul.".encode("latin-1")
    )
    first, _ = load_corpus_cached([docs], cache_dir=cache)
    second, _ = load_corpus_cached([docs], cache_dir=cache)
    (a,) = [r.text for r in first.readouts if r.path.endswith("legacy.txt")]
    (b,) = [r.text for r in second.readouts if r.path.endswith("legacy.txt")]
    assert a == b and "Séoul" in b


def test_the_cached_corpus_is_shown_before_the_files_are_checked(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    assert cached_corpus([docs], cache_dir=cache) is None  # nothing cached yet
    first, _ = load_corpus_cached([docs], cache_dir=cache)
    (docs / "new.txt").write_text("A new note\n\nJune 2, 2021\n\nText.", encoding="utf-8")
    quick = cached_corpus([docs], cache_dir=cache)
    assert quick is not None and quick.readouts == first.readouts
    checked, report = load_corpus_cached([docs], cache_dir=cache)
    assert report.parsed == 1 and len(checked.readouts) == 6
    again = cached_corpus([docs], cache_dir=cache)
    assert again is not None and len(again.readouts) == 6


def test_a_lost_text_store_rebuilds_the_cache_with_a_notice(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    for store in cache.glob("*.texts"):
        store.unlink()
    corpus, report = load_corpus_cached([docs], cache_dir=cache)
    assert len(corpus.readouts) == 5 and report.parsed == 5
    assert report.notices and report.notices[0].startswith("cache unreadable")
    assert all(r.text for r in corpus.readouts)


def test_an_update_leaves_one_text_store(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    (docs / "new.txt").write_text("A new note\n\nJune 2, 2021\n\nText.", encoding="utf-8")
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    assert len(list(cache.glob("*.texts"))) == 1
    assert "Text." in next(r.text for r in corpus.readouts if r.path.endswith("new.txt"))


def test_two_instances_saving_at_once_leave_a_usable_cache(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    for round_ in range(3):
        (docs / f"new{round_}.txt").write_text(
            f"Note {round_}\n\nJune 2, 2021\n\nText {round_}.", encoding="utf-8"
        )
        threads = [
            threading.Thread(target=load_corpus_cached, args=([docs],), kwargs={"cache_dir": cache})
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        corpus, report = load_corpus_cached([docs], cache_dir=cache)
        assert report.notices == [] and report.parsed == 0
        assert len(corpus.readouts) == 6 + round_
        assert all(r.text for r in corpus.readouts)
        assert len(list(cache.glob("*.texts"))) == 1


def test_loading_again_and_again_keeps_no_file_open(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc/self/fd here to count open files")
    gc.collect()
    before = len(list(fds.iterdir()))
    for _ in range(20):
        corpus, _ = load_corpus_cached([docs], cache_dir=cache)
        assert corpus.readouts[0].text  # read through the store
        del corpus
    gc.collect()
    assert len(list(fds.iterdir())) <= before + 1  # at most the one still referenced


def test_texts_go_to_the_store_while_the_files_are_read(tmp_path: Path) -> None:
    # A first start holds no more texts in memory than the files being read.
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    seen: list[tuple[bool, list[str]]] = []

    def on_partial(corpus: Corpus) -> None:
        on_disk = all(r.text_on_disk and r.text for r in corpus.readouts)
        seen.append((on_disk, sorted(p.name for p in cache.iterdir())))

    corpus, _ = load_corpus_cached([docs], cache_dir=cache, on_partial=on_partial, partial_every=0)
    assert seen and all(on_disk for on_disk, _ in seen)
    # While reading, the store is a ".part" file; then it has its final name.
    assert all(any(n.endswith(".texts.part") for n in names) for _, names in seen)
    assert [p.suffix for p in cache.glob("*.texts*")] == [".texts"]
    assert [r.text for r in corpus.readouts] == [r.text for r in load_corpus([docs]).readouts]


def test_a_store_left_by_a_killed_start_goes_and_one_being_written_stays(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    stem = f"corpus-{corpus_key([docs])}"
    left = cache / f"{stem}-dead.texts.part"
    left.write_bytes(b"half a text")  # nobody holds it: its writer was killed
    live = StoreWriter(cache / f"{stem}-live.texts")  # another instance, still reading files
    live.add("a text")
    (docs / "new.txt").write_text("A new note\n\nJune 2, 2021\n\nText.", encoding="utf-8")
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    assert not left.exists()
    assert live.partial.exists()
    assert live.finish() == f"{stem}-live.texts" and (cache / f"{stem}-live.texts").exists()
    assert len(corpus.readouts) == 6 and all(r.text for r in corpus.readouts)


def test_the_text_store_holds_each_text_once(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    (store,) = cache.glob("*.texts")
    refs = sorted((r.text_ref.offset, r.text_ref.length) for r in corpus.readouts if r.text_ref)
    assert len(refs) == 5
    assert refs[0][0] == 0 and store.stat().st_size == sum(length for _, length in refs)
    assert all(a + n == b for (a, n), (b, _) in itertools.pairwise(refs))


def test_a_cache_from_the_last_format_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    import pickle

    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    (file,) = cache.glob("corpus-*.pickle")
    file.write_bytes(pickle.dumps(("an older stamp", object())))  # the old layout: one pickle
    corpus, report = load_corpus_cached([docs], cache_dir=cache)
    assert report.notices == ["cache from another version or data files; rebuilt"]
    assert report.parsed == 5 and [r.text for r in corpus.readouts] == [
        r.text for r in load_corpus([docs]).readouts
    ]


def test_a_text_store_is_checked_record_by_record_as_texts_are_read(tmp_path: Path) -> None:
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    fresh = {r.path: r.text for r in load_corpus([docs]).readouts}
    written, _ = load_corpus_cached([docs], cache_dir=cache)
    (store,) = cache.glob("*.texts")
    # Every record damaged in a way that stays valid UTF-8: a letter changed in each.
    data = bytearray(store.read_bytes())
    for r in written.readouts:
        ref = r.text_ref
        assert ref is not None
        at = next(i for i in range(ref.offset, ref.offset + ref.length) if chr(data[i]).isalpha())
        data[at] = ord("q") if data[at] != ord("q") else ord("z")
    store.write_bytes(bytes(data))
    corpus, report = load_corpus_cached([docs], cache_dir=cache)
    assert report.notices == []  # loading reads no text
    first = corpus.readouts[0]
    assert first.text == fresh[first.path]  # read again from its file, not the changed copy
    ref = first.text_ref
    assert ref is not None and ref.store.recovery is not None
    assert ref.store.recovery.damaged == 1  # only the text that was read
    assert [r.text for r in corpus.readouts] == [fresh[r.path] for r in corpus.readouts]
    again, report = load_corpus_cached([docs], cache_dir=cache)  # the next save rewrites it
    assert report.notices == ["text store damaged: 5 texts re-read from their files"]
    assert not store.exists() and len(list(cache.glob("*.texts"))) == 1
    assert [r.text for r in again.readouts] == [fresh[r.path] for r in again.readouts]
    assert again.token == corpus.token  # the same corpus: the index needs no checking


def test_the_corpus_loaded_again_to_check_the_files_is_not_kept(tmp_path: Path) -> None:
    # The app shows the cached corpus, then checks the files, which loads the cache again;
    # when nothing changed that second corpus is dropped, and nothing may keep it alive (a
    # second copy of the corpus for as long as the app ran: docs/caches.md).
    from index.model import Readout

    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    shown = cached_corpus([docs], cache_dir=cache)
    assert shown is not None
    checked, report = load_corpus_cached([docs], cache_dir=cache)
    assert not report.changed and checked.readouts[0] is not shown.readouts[0]
    gone = [weakref.ref(r) for r in checked.readouts]
    del checked
    gc.collect()
    assert [r() for r in gone] == [None] * len(shown.readouts)
    assert all(isinstance(r, Readout) and r.text for r in shown.readouts)  # still readable


def test_checking_the_files_of_the_corpus_shown_reads_no_readout_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app shows the cached corpus, then checks the files: when nothing changed it keeps
    # the corpus it shows, and the check loads no readout (a second corpus in memory at once).
    import index.snapshot_pickle

    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    shown = cached_corpus([docs], cache_dir=cache)
    assert shown is not None

    def no_full_load(data: bytes) -> None:
        raise AssertionError("the readouts were loaded again")

    monkeypatch.setattr(index.snapshot_pickle, "load", no_full_load)
    checked, report = load_corpus_cached([docs], cache_dir=cache, known=shown)
    assert checked is shown and not report.changed and report.reused == 5
    monkeypatch.undo()
    # A file changed, one touched (same text, new time), one removed: each read as before.
    files = sorted(docs.iterdir())
    text = files[0].read_text(encoding="utf-8")
    files[0].write_text(text.replace("Foreign Minister", "Foreign Minister (acting)", 1), "utf-8")
    os.utime(files[1], ns=(files[1].stat().st_atime_ns, files[1].stat().st_mtime_ns + 10**9))
    checked, report = load_corpus_cached([docs], cache_dir=cache, known=shown)
    assert report.changed and report.parsed == 1 and checked is not shown
    assert [r.text for r in checked.readouts] == [r.text for r in load_corpus([docs]).readouts]
    shown = checked
    files[2].unlink()
    checked, report = load_corpus_cached([docs], cache_dir=cache, known=shown)
    assert report.changed and report.removed == 1
    assert sorted(r.path for r in checked.readouts) == sorted(
        r.path for r in load_corpus([docs]).readouts
    )


def test_a_corpus_replaced_after_its_files_changed_is_let_go(tmp_path: Path) -> None:
    # The app shows the cached corpus; its check finds a file changed and a new corpus (and
    # text store) is saved. Once the app drops the old corpus nothing may keep it alive.
    docs, cache = corpus_dir(tmp_path), tmp_path / "cache"
    shown, _ = load_corpus_cached([docs], cache_dir=cache)  # a first start's, as it was saved
    some = sorted(docs.iterdir())[0]
    some.write_text(some.read_text(encoding="utf-8") + "\n\nA line added.", encoding="utf-8")
    updated, report = load_corpus_cached([docs], cache_dir=cache, known=shown)
    assert report.changed and report.parsed == 1
    gone = [weakref.ref(r) for r in shown.readouts]
    del shown
    gc.collect()
    assert [r() for r in gone] == [None] * len(gone)
    assert [r.text for r in updated.readouts] == [r.text for r in load_corpus([docs]).readouts]
