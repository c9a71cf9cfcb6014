"""Which segments a commit merges: the small ones (incremental updates, a build's first
batches), never the large segments of a build in workers, whatever their number (Whoosh's own
policy merges nearly all of them: docs/search-internals.md, "The last commit of a large
build")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from index.corpus import load_corpus
from index.search.disk import stamped_schema
from index.search.equivalents import person_names
from index.search.schema import document
from index.search.store import stamp
from index.search.whoosh_internals import SegmentBuilder, commit_segments

SEEDS = list(load_corpus().readouts)


def docs(prefix: str, n: int) -> list[dict[str, Any]]:
    known = person_names()
    out = []
    for i in range(n):
        r = replace(SEEDS[i % len(SEEDS)], id=f"{prefix}-{i}")
        doc = document(r, known)
        doc["stamp"] = stamp(r)
        out.append(doc)
    return out


def index_of(folder: Path, sizes: list[int]) -> Any:
    """An index with one segment per size, committed one at a time without merging."""
    folder.mkdir()
    storage = FileStorage(str(folder))
    ix = storage.create_index(stamped_schema(), indexname="v1")
    for k, n in enumerate(sizes):
        builder = SegmentBuilder(ix.schema, storage, "v1")
        for doc in docs(f"s{k}", n):
            builder.add(doc)
        commit_segments(ix.writer(), [builder.write()], merge=False)
    return ix


def sizes_after_merge(ix: Any) -> list[int]:
    commit_segments(ix.writer(), [], merge=True)
    ix = ix.refresh()
    return sorted(s.doc_count() for s in ix._read_toc().segments)


def test_many_large_segments_are_left_as_they_are(tmp_path: Path) -> None:
    # Twelve segments of similar size: Whoosh's MERGE_SMALL merges seven of them.
    ix = index_of(tmp_path / "ix", [20] * 11 + [24])
    assert sizes_after_merge(ix) == [20] * 11 + [24]


def test_small_segments_are_merged_as_whoosh_merges_them_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    ix = index_of(tmp_path / "ix", [40, 40, 3, 2, 4, 1, 2])
    assert sizes_after_merge(ix) == [12, 40, 40]
    with ix.refresh().searcher() as s:
        assert s.doc_count() == 92
        ids = {f["id"] for f in s.all_stored_fields()}
    assert {f"s{k}-0" for k in range(7)} <= ids


def test_few_small_segments_are_not_rewritten(tmp_path: Path) -> None:
    ix = index_of(tmp_path / "ix", [40, 3, 2])
    names = {s.segment_id() for s in ix._read_toc().segments}
    sizes_after_merge(ix)
    assert {s.segment_id() for s in ix.refresh()._read_toc().segments} == names


def test_the_live_documents_counted_from_the_table_of_contents_are_whooshs(
    tmp_path: Path,
) -> None:
    # The trust check counts them without opening every segment: the same number.
    from index.search.whoosh_internals import live_doc_count

    ix = index_of(tmp_path / "ix", [40, 30, 2])
    writer = ix.writer()
    for i in range(7):
        writer.delete_by_term("id", f"s1-{i}")
    writer.commit(merge=False)
    ix = ix.refresh()
    assert live_doc_count(ix) == ix.doc_count() == 65
