"""What opening a corpus means, in two steps the app runs in its workers and the CLI in turn.

- `open_corpus(paths)`: the bundled seeds are read directly; the user's own paths go through
  the parse cache, so a second start lists everything without re-reading unchanged files.
- `open_index(corpus, paths)`: the seeds are indexed in memory (a fraction of a second); the
  user's paths use the persistent index in the cache folder, updated for what changed, in
  committed batches: `on_partial` gets an index over what is searchable so far (a first start
  of 10,000 documents takes minutes, and search should not wait for the last one).

Both return notices (plain sentences) for whatever fell back or was rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.model import Corpus

if TYPE_CHECKING:
    from index.search import SearchIndex


def open_corpus(
    paths: Sequence[str | Path] | None,
    *,
    rebuild: bool = False,
    cache_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[Corpus, list[str]]:
    """The corpus of `paths` (the seeds when None or empty) and any notices."""
    if not paths:
        from index.corpus import load_corpus

        return load_corpus(None, progress=progress), []
    from index.cache import load_corpus_cached

    corpus, report = load_corpus_cached(
        list(paths), cache_dir=cache_dir, progress=progress, rebuild=rebuild
    )
    return corpus, list(report.notices)


def open_index(
    corpus: Corpus,
    paths: Sequence[str | Path] | None,
    *,
    rebuild: bool = False,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_partial: Callable[[SearchIndex, int, int], None] | None = None,
    batch_size: int | None = None,
) -> tuple[SearchIndex, list[str]]:
    """The search index of `corpus` and any notices (see the module docstring).

    `progress(done, total)` counts the documents being (re-)indexed; `on_partial(index,
    indexed, total)` is called from this thread after each batch but the last (never for the
    seeds), with `indexed` of the corpus's `total` readouts searchable through `index`.
    `batch_size` overrides `search_store.BATCH_SIZE` (documents per commit).
    """
    if not paths:
        from index.search import SearchIndex

        return SearchIndex.build(corpus.readouts, progress=progress), []
    from index.cache import corpus_key, default_cache_dir
    from index.search_store import BATCH_SIZE, open_search_index

    folder = (cache_dir or default_cache_dir()) / f"index-{corpus_key(list(paths))}"
    index, report = open_search_index(
        corpus.readouts,
        folder,
        rebuild=rebuild,
        progress=progress,
        on_partial=on_partial,
        batch_size=batch_size or BATCH_SIZE,
    )
    return index, list(report.notices)
