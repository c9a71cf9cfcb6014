"""The parse cache's snapshot pickled in parts (`index.snapshot_pickle`): the same corpus comes
back, its objects shared as they were, while the pickler never remembers more than one part."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

import pytest

from index import snapshot_pickle
from index.cache import load_corpus_cached
from index.corpus import seeds_dir
from index.textstore import stores_in


def cached_corpus(tmp_path: Path) -> tuple[Any, Path]:
    """The seeds loaded through the parse cache (texts in a store), and the cache's folder."""
    corpus, _ = load_corpus_cached([seeds_dir()], cache_dir=tmp_path / "cache")
    (file,) = (tmp_path / "cache").rglob("corpus-*.pickle")
    return corpus, file.parent


def test_a_corpus_comes_back_whole_and_shared_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, folder = cached_corpus(tmp_path)
    monkeypatch.setattr(snapshot_pickle, "PART", 2)  # five readouts: three parts
    written = io.BytesIO()
    snapshot_pickle.dump(written, {"head": 1}, corpus.readouts, corpus.meetings)
    with stores_in(folder):
        back = snapshot_pickle.load(written.getvalue())
    assert isinstance(back, snapshot_pickle.Parts)
    assert back.head == {"head": 1}
    assert back.readouts == corpus.readouts and back.meetings == corpus.meetings
    assert [r.text for r in back.readouts] == [r.text for r in corpus.readouts]
    # One text store for all, each meeting's readouts the very readouts of the corpus, and
    # their participants the readouts' own.
    assert len({id(r.text_ref.store) for r in back.readouts}) == 1
    by_id = {r.id: r for r in back.readouts}
    for meeting in back.meetings:
        for r in meeting.readouts:
            assert r is by_id[r.id]
    shared = [m for m in back.meetings if m.participants == m.readouts[0].participants]
    assert shared and all(m.participants is m.readouts[0].participants for m in shared)


def test_the_pickler_remembers_one_part_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What one pickle of the whole corpus would remember (every object) against the most
    # remembered by the pickler in parts, measured at the end of each part.
    corpus, _ = cached_corpus(tmp_path)
    whole = pickle.Pickler(io.BytesIO(), protocol=pickle.HIGHEST_PROTOCOL)
    whole.dump((corpus.readouts, corpus.meetings))
    remembered: list[int] = []
    real = snapshot_pickle._Pickler.dump

    def dump(self: Any, obj: Any) -> None:
        real(self, obj)
        remembered.append(len(self.memo.copy()))

    monkeypatch.setattr(snapshot_pickle._Pickler, "dump", dump)
    monkeypatch.setattr(snapshot_pickle, "PART", 1)
    snapshot_pickle.dump(io.BytesIO(), None, corpus.readouts, corpus.meetings)
    assert len(remembered) == 1 + 5 + len(corpus.meetings) + 1
    assert max(remembered) * 2 < len(whole.memo.copy())  # one readout of five at a time


def test_a_snapshot_cut_short_is_not_taken_for_a_corpus(tmp_path: Path) -> None:
    corpus, folder = cached_corpus(tmp_path)
    written = io.BytesIO()
    snapshot_pickle.dump(written, None, corpus.readouts, corpus.meetings)
    data = written.getvalue()
    with stores_in(folder), pytest.raises((EOFError, pickle.UnpicklingError)):
        snapshot_pickle.load(data[: len(data) - 3])


def test_a_single_pickle_of_an_older_layout_comes_back_as_it_is() -> None:
    data = pickle.dumps({"an": "older snapshot"}, protocol=pickle.HIGHEST_PROTOCOL)
    assert snapshot_pickle.load(data) == {"an": "older snapshot"}


def test_a_readout_read_back_takes_no_more_memory_than_the_one_saved(tmp_path: Path) -> None:
    # A readout's attributes are filled in key by key when it is unpickled: a dictionary
    # updated from another whole was laid out anew, more than twice the size (docs/caches.md).
    import sys

    corpus, folder = cached_corpus(tmp_path)
    buffer = io.BytesIO()
    snapshot_pickle.dump(buffer, ("head",), corpus.readouts, corpus.meetings)
    with stores_in(folder):
        parts = snapshot_pickle.load(buffer.getvalue())
    for saved, back in zip(corpus.readouts, parts.readouts, strict=True):
        assert back == saved
        assert sys.getsizeof(back.__dict__) <= sys.getsizeof(saved.__dict__)
