"""A second start opens the index it left complete without checking each document, and still
notices any change, commit or damage since (then every document is checked)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.search import disk
from index.search import store as search_store
from index.search.store import open_search_index
from tests.index.test_search_store import ids, seeds


def no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> object:
        raise AssertionError("every document was checked")

    monkeypatch.setattr(disk, "indexed_stamps", refuse)


def test_same_corpus_token_opens_without_checking_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ix"
    open_search_index(seeds(), folder, token="t1")
    no_checking(monkeypatch)
    index, report = open_search_index(seeds(), folder, token="t1")
    assert (report.added, report.kept) == (0, 5)
    assert "2018-01-16-mofa-japan-kono-kang" in ids(index, "dokdo")


def test_another_token_checks_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ix"
    readouts = seeds()
    open_search_index(readouts, folder, token="t1")
    changed = replace(readouts[0], text=readouts[0].text + "\n\nA zanzibar clause.")
    index, report = open_search_index([changed, *readouts[1:]], folder, token="t2")
    assert (report.added, report.kept) == (1, 4)
    assert ids(index, "zanzibar") == {changed.id}
    no_checking(monkeypatch)  # and now t2 is trusted
    again, _ = open_search_index([changed, *readouts[1:]], folder, token="t2")
    assert ids(again, "zanzibar") == {changed.id}


def test_a_damaged_segment_is_noticed_even_with_the_same_token(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    open_search_index(seeds(), folder, token="t1")
    for seg in folder.glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:200])
    index, report = open_search_index(seeds(), folder, token="t1")
    assert any("damaged" in n for n in report.notices)
    assert len(ids(index, "dokdo")) == 3


def test_a_commit_since_is_noticed_even_with_the_same_token(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    readouts = seeds()
    open_search_index(readouts, folder, token="t1")
    open_search_index(readouts[:4], folder)  # another instance, another corpus: no token
    index, report = open_search_index(readouts, folder, token="t1")
    assert report.added == 1 and len(ids(index, "dokdo")) == 3


def test_documents_another_instance_adds_later_are_never_hits_here(tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    readouts = seeds()
    mine, _ = open_search_index(readouts, folder, token="t1")
    extra = replace(readouts[0], id="zz-extra", text="A zanzibar clause.")
    theirs, _ = open_search_index([*readouts, extra], folder)  # commits a new generation
    assert ids(theirs, "zanzibar") == {"zz-extra"}
    # This instance's readouts do not include it: a searcher on the new generation masks it.
    mine._pool.clear()  # as when every pooled searcher is busy: a fresh one is opened
    assert ids(mine, "zanzibar") == set()
    assert "2018-01-16-mofa-japan-kono-kang" in ids(mine, "dokdo")


def test_when_most_documents_changed_the_index_is_rebuilt_not_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh import index as whoosh_index

    monkeypatch.setattr(search_store, "REBUILD_MIN", 3)
    folder = tmp_path / "ix"
    readouts = seeds()
    open_search_index(readouts, folder)
    changed = [replace(r, text=r.text + "\n\nA zanzibar clause.") for r in readouts[:4]]
    index, _ = open_search_index([*changed, readouts[4]], folder)
    assert len(ids(index, "zanzibar")) == 4
    ix = whoosh_index.open_dir(str(folder), indexname=disk.INDEX_NAME)
    # No deleted copies left behind in the segments: every stored document is a live one.
    assert ix.doc_count_all() == ix.doc_count() == 5
