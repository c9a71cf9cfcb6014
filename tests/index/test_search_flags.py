"""The query language's review flags: is:marked, is:unread, is:read, tag:NAME, has:note,
has:tag, answered by the notes store and combined with everything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.notes.filters import flags_for, keys_of
from index.notes.keys import Anchor, paragraphs
from index.notes.store import NotesStore, ReadoutInfo
from index.search import SearchIndex
from index.search.query import Flag, parse

JAPAN_2018 = "2018-01-16-mofa-japan-kono-kang"
KOREA_2018 = "2018-04-11-mofa-korea-kang-kono"
JAPAN_2023 = "2023-07-13-mofa-japan-hayashi-park"


@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, Readout], SearchIndex]:
    corpus = load_corpus()
    return {r.id: r for r in corpus.readouts}, SearchIndex.build(corpus.readouts)


def _ids(index: SearchIndex, store: NotesStore, query: str, readouts: list[Readout]) -> set[str]:
    flags = flags_for(store.snapshot(), keys_of(readouts))
    result = index.search(query, flags=flags, limit=100)
    assert result.error == "", result.error
    return {h.id for h in result.hits}


def test_flags_select_what_the_store_holds_and_combine_with_the_rest(
    tmp_path: Path, seeds: tuple[dict[str, Readout], SearchIndex]
) -> None:
    by_id, index = seeds
    readouts = list(by_id.values())
    store = NotesStore(tmp_path / "n.sqlite")
    store.toggle_mark(ReadoutInfo.of(by_id[JAPAN_2018]))
    store.toggle_mark(ReadoutInfo.of(by_id[JAPAN_2023]))
    store.set_tags(ReadoutInfo.of(by_id[KOREA_2018]), ["dokdo-claims", "history"])
    store.set_tags(ReadoutInfo.of(by_id[JAPAN_2018]), ["history"])
    korea = by_id[KOREA_2018]
    store.save_note(ReadoutInfo.of(korea), Anchor.of(paragraphs(korea)[0]), "compare")
    store.mark_read(ReadoutInfo.of(by_id[JAPAN_2018]))

    def ids(query: str) -> set[str]:
        return _ids(index, store, query, readouts)

    everyone = set(by_id)
    assert ids("is:marked") == {JAPAN_2018, JAPAN_2023}
    assert ids("tag:history") == {JAPAN_2018, KOREA_2018}
    assert ids("tag:History") == ids("tag:#history") == ids("tag:hist*")
    assert ids("has:note") == {KOREA_2018}
    assert ids("has:tags") == {JAPAN_2018, KOREA_2018}
    assert ids("is:read") == {JAPAN_2018}
    assert ids("is:unread") == everyone - {JAPAN_2018}
    assert ids("-is:marked") == everyone - {JAPAN_2018, JAPAN_2023}
    assert ids("dokdo") >= {JAPAN_2018, KOREA_2018}
    assert ids("dokdo is:marked") == {JAPAN_2018}
    assert ids("dokdo is:marked is:unread") == set()
    assert ids("is:marked OR has:note") == {JAPAN_2018, JAPAN_2023, KOREA_2018}
    assert ids("is:marked date:2023") == {JAPAN_2023}
    assert ids("tag:history source:mofa-korea") == {KOREA_2018}
    assert ids("tag:(history OR nothing) -is:marked") == {KOREA_2018}
    assert ids("NOT tag:history AND is:marked") == {JAPAN_2023}


def test_nothing_flagged_means_nothing_found_not_everything(
    tmp_path: Path, seeds: tuple[dict[str, Readout], SearchIndex]
) -> None:
    by_id, index = seeds
    store = NotesStore(tmp_path / "n.sqlite")
    readouts = list(by_id.values())
    assert _ids(index, store, "dokdo is:marked", readouts) == set()
    assert _ids(index, store, "dokdo tag:nothing", readouts) == set()
    assert _ids(index, store, "is:unread", readouts) == set(by_id)


def test_a_flag_keeps_a_readout_found_from_another_folder(
    tmp_path: Path, seeds: tuple[dict[str, Readout], SearchIndex]
) -> None:
    """Marks follow the document, not its path: a copy read from elsewhere is marked too."""
    by_id, _ = seeds
    folder = tmp_path / "copy"
    folder.mkdir()
    original = Path(by_id[JAPAN_2018].path)
    (folder / "renamed.txt").write_bytes(original.read_bytes())
    copy = load_corpus([str(folder)])
    store = NotesStore(tmp_path / "n.sqlite")
    store.toggle_mark(ReadoutInfo.of(by_id[JAPAN_2018]))
    index = SearchIndex.build(copy.readouts)
    assert _ids(index, store, "is:marked", list(copy.readouts)) == {copy.readouts[0].id}


def test_without_a_notes_store_flags_find_nothing_and_say_why(
    seeds: tuple[dict[str, Readout], SearchIndex],
) -> None:
    _, index = seeds
    result = index.search("dokdo is:marked")
    assert result.hits == () and "no notes here" in result.notice


@pytest.mark.parametrize(
    ("query", "node"),
    [
        ("is:marked", Flag("marked")),
        ("is:starred", Flag("marked")),
        ("is:unread", Flag("unread")),
        ("has:notes", Flag("note")),
        ("has:tag", Flag("tagged")),
        ('tag:"Human Rights"', Flag("tag", "human-rights")),
    ],
)
def test_flags_are_read_by_the_parser(query: str, node: Flag) -> None:
    assert parse(query).node == node


def test_a_flag_it_does_not_know_is_a_clear_error() -> None:
    assert (
        parse("is:pink").error
        == "can't read is:pink - use is:marked, is:starred, is:unread, is:read"
    )
    assert "has:note" in parse("has:everything").error
    assert "is:, has:, tag:" in parse("colour:red").error


def test_flags_on_most_of_the_corpus_find_the_same_readouts(
    tmp_path: Path, seeds: tuple[dict[str, Readout], SearchIndex]
) -> None:
    """Most readouts read: the flags are searched from the other side, with the same hits."""
    by_id, index = seeds
    readouts = list(by_id.values())
    store = NotesStore(tmp_path / "n.sqlite")
    read = [JAPAN_2018, KOREA_2018, JAPAN_2023]
    for rid in read:
        store.mark_read(ReadoutInfo.of(by_id[rid]))
        store.toggle_mark(ReadoutInfo.of(by_id[rid]))
    flags = flags_for(store.snapshot(), keys_of(readouts))
    assert flags(Flag("read")).complement  # searched as "not one of the unread"
    assert _ids(index, store, "is:read", readouts) == set(read)
    assert _ids(index, store, "is:unread", readouts) == set(by_id) - set(read)
    assert _ids(index, store, "is:marked -is:unread", readouts) == set(read)
    assert _ids(index, store, "dokdo is:unread", readouts) == {
        "2011-03-19-mofa-japan-matsumoto-kim"
    }
