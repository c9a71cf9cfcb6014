"""A long first read (in worker processes): its first readouts are handed out as soon as they
are parsed, and indexed from the start, so that a first start lists and searches them within
seconds instead of waiting for hundreds of readouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import parallel_parse
from index.cache import load_corpus_cached
from index.search import SearchIndex, growing
from index.workspace import open_corpus, open_index
from tests.index.test_parallel_collection import write_collection
from tests.index.test_search_parallel import worker_children

DOCUMENTS = 150


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A collection parsed in worker processes (as one of thousands of documents is)."""
    path = tmp_path / "archive.jsonl"
    write_collection(path, DOCUMENTS)
    monkeypatch.setattr(parallel_parse, "COLLECTION_BYTES", 0)
    monkeypatch.setattr(parallel_parse, "DOCS_CHUNK", 16)
    return path


def test_the_first_readouts_of_a_long_read_are_handed_out_at_once(
    archive: Path, tmp_path: Path
) -> None:
    told: list[tuple[int, int]] = []
    partial: list[int] = []
    corpus, _ = load_corpus_cached(
        [archive],
        cache_dir=tmp_path / "cache",
        on_partial=lambda c: partial.append(len(c.readouts)),
        partial_every=60.0,  # none on time alone: the read takes a second or two
        on_parse=lambda files, size: told.append((files, size)),
    )
    assert told == [(1, archive.stat().st_size)]
    assert len(corpus.readouts) == DOCUMENTS
    assert partial and 0 < partial[0] <= parallel_parse.FIRST_CHUNK, partial
    # And all of it once the last is parsed, before the corpus is put together and saved.
    assert partial[-1] == DOCUMENTS and len(partial) == 2, partial
    # A second start parses nothing: nothing to tell.
    load_corpus_cached([archive], cache_dir=tmp_path / "cache", on_parse=lambda *a: told.append(a))
    assert len(told) == 1


@pytest.mark.parametrize("long_read", [True, False])
def test_a_long_read_is_indexed_from_its_start(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, long_read: bool
) -> None:
    monkeypatch.setattr(growing, "EARLY_MIN", 10**9)  # never on the count read
    monkeypatch.setattr(growing, "EARLY_BYTES", 1 if long_read else 10**12)
    monkeypatch.setattr(growing, "FLUSH_EVERY", 0.1)
    cache = tmp_path / "cache"
    grew: list[tuple[int, int]] = []

    def on_index(index: SearchIndex, searchable: int, so_far: int) -> None:
        grew.append((searchable, so_far))

    corpus, _ = open_corpus([archive], cache_dir=cache, on_index=on_index)
    index, _ = open_index(corpus, [archive], cache_dir=cache)
    assert len(index) == DOCUMENTS
    assert index.search("archive", limit=1).total == DOCUMENTS
    if long_read:
        # Searchable from its first readouts on (the first handed out: no more than a
        # worker's first message), not from the `EARLY_MIN`-th.
        assert grew and 0 < grew[0][0] <= parallel_parse.FIRST_CHUNK, grew
    else:
        assert grew == []
    assert worker_children() == []
