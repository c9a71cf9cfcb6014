"""The one way to index readouts in memory: the bundled seeds at every start, and any corpus
whose index cannot be kept on disk (an unwritable cache folder, another instance's build).

Readouts with the same id are indexed once: the first one, as the corpus lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from index.model import Readout
from index.search import whoosh_internals
from index.search.equivalents import person_names
from index.search.schema import document, schema


def first_by_id(readouts: Iterable[Readout]) -> dict[str, Readout]:
    """`readouts` by id, in their order; of two with the same id, the first."""
    by_id: dict[str, Readout] = {}
    for readout in readouts:
        by_id.setdefault(readout.id, readout)
    return by_id


def index_in_memory(
    readouts: Sequence[Readout], progress: Callable[[int, int], None] | None = None
) -> tuple[Index, dict[str, Readout]]:
    """A Whoosh index of `readouts` in memory, and the readouts it holds by id.

    `progress(done, total)` is called after each readout indexed (`total`: readouts with
    distinct ids). One segment, written by `whoosh_internals.SegmentBuilder`, or on another
    Whoosh release by Whoosh's own writer."""
    by_id = first_by_id(readouts)
    storage = RamStorage()  # type: ignore[no-untyped-call]
    fields_ = schema()
    ix: Index = storage.create_index(fields_)  # type: ignore[no-untyped-call]
    if not by_id:
        return ix, by_id
    known = person_names()
    total = len(by_id)
    if whoosh_internals.fast():
        builder = whoosh_internals.SegmentBuilder(fields_, storage, ix.indexname)  # type: ignore[attr-defined]
        for done, readout in enumerate(by_id.values(), 1):
            builder.add(document(readout, known))
            if progress is not None:
                progress(done, total)
        whoosh_internals.commit_segments(ix.writer(), [builder.write()], merge=False)
        return ix, by_id
    writer = ix.writer()
    try:
        for done, readout in enumerate(by_id.values(), 1):
            writer.add_document(**document(readout, known))
            if progress is not None:
                progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return ix, by_id
