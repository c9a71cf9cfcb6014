"""The one in-memory build path: the seeds at every start, and any corpus whose index cannot be
kept on disk, index the same readouts, the first of two with one id."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from index.corpus import load_corpus
from index.model import Readout
from index.search import SearchIndex
from index.search.store import open_search_index
from tests.index.readouts import plain_readout


def duplicated() -> list[Readout]:
    """Three readouts, the second and third sharing an id: the first of them says 'zanzibar',
    the second 'timbuktu'."""
    return [
        plain_readout("a", "The talks covered fisheries."),
        plain_readout("dup", "The ministers discussed the zanzibar clause."),
        plain_readout("dup", "The ministers discussed the timbuktu clause."),
    ]


def answers(index: SearchIndex) -> dict[str, list[str]]:
    out = {}
    for query in ("zanzibar", "timbuktu", "ministers", "fisheries"):
        result = index.search(query)
        assert result.error == ""
        out[query] = [h.id for h in result.hits]
    return out


def test_the_first_readout_of_an_id_is_the_one_indexed() -> None:
    calls: list[tuple[int, int]] = []
    index = SearchIndex.build(duplicated(), progress=lambda d, t: calls.append((d, t)))
    assert len(index) == 2 and calls == [(1, 2), (2, 2)]
    assert answers(index) == {
        "zanzibar": ["dup"],
        "timbuktu": [],
        "ministers": ["dup"],
        "fisheries": ["a"],
    }
    hit = index.search("zanzibar").hits[0]
    assert hit.snippets and "zanzibar" in hit.snippets[0].text  # the first readout's text


def test_an_index_kept_in_memory_for_want_of_a_folder_indexes_the_same(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    index, report = open_search_index(duplicated(), blocker / "ix")
    assert report.in_memory and report.added == 2
    assert answers(index) == answers(SearchIndex.build(duplicated()))


def test_an_index_on_disk_indexes_the_same(tmp_path: Path) -> None:
    index, report = open_search_index(duplicated(), tmp_path / "ix")
    assert not report.in_memory and report.added == 2
    assert answers(index) == answers(SearchIndex.build(duplicated()))


def test_nothing_to_index_gives_an_empty_index() -> None:
    index = SearchIndex.build([])
    result = index.search("korea")
    assert len(index) == 0 and result.error == "" and result.total == 0


def test_the_seeds_rank_alike_in_memory_and_on_disk(tmp_path: Path) -> None:
    seeds = list(load_corpus().readouts)
    many = [replace(seeds[i % 5], id=f"doc-{i}") for i in range(12)]
    on_disk, _ = open_search_index(many, tmp_path / "ix")
    in_memory = SearchIndex.build(many)
    for query in ("dokdo", "north korea", '"foreign minister"', "minister:kono", "kor"):
        a = on_disk.search(query, prefix=True)
        b = in_memory.search(query, prefix=True)
        assert a.hits, query
        assert [(h.id, h.score, h.positions) for h in a.hits] == [
            (h.id, h.score, h.positions) for h in b.hits
        ], query
