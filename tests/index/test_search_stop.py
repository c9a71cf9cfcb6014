"""A search given up midway (`stop`, a keystroke typed over) leaves nothing half made: stopped
at any point, the next search of the same query gives the answer a search never stopped
gives, hits, scores, count and snippets alike."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from index.search import SearchResult, scoring
from index.search.lru import LRU
from index.search.searcher import HIGHLIGHT_MEMO
from index.search.store import open_search_index
from tests.index.test_scoring import readouts

QUERIES = [
    "north korea",
    "democratic people's republic of korea",
    '"foreign minister" kono',
    "taiwan strait peace",
    "economic security -china",
    "securty~ council",
    "indo-pac",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("stop")
    found, _ = open_search_index(readouts(), folder, batch_size=9, workers=1)
    return found


def forget(index: Any) -> None:
    """A search as the first one after opening: nothing ranked, scored or highlighted yet."""
    index._scoring = scoring.Ranker()
    index._ranks.clear()
    index._highlights = LRU(HIGHLIGHT_MEMO)


def seen(result: SearchResult) -> Any:
    return (
        result.total,
        [(h.id, round(h.score, 9), h.matched, h.snippets, h.positions) for h in result.hits],
    )


def test_a_search_told_to_stop_at_once_finds_nothing_and_says_it_stopped(index: Any) -> None:
    forget(index)
    result = index.search("north korea", limit=10, stop=lambda: True)
    assert result.stopped and result.hits == () and result.total == 0 and not result.error
    whole = index.search("north korea", limit=10)
    assert not whole.stopped and whole.total > 0 and whole.hits


@pytest.mark.parametrize("query", QUERIES)
def test_stopped_at_any_point_the_next_search_is_as_if_never_stopped(
    index: Any, query: str
) -> None:
    forget(index)
    expected = seen(index.search(query, limit=20, prefix=True, highlight=5))
    assert expected[0] > 0
    forget(index)
    stops = 0
    for k in itertools.count(1):
        asked = 0

        def stop(k: int = k) -> bool:
            nonlocal asked
            asked += 1
            return asked >= k

        result = index.search(query, limit=20, prefix=True, highlight=5, stop=stop)
        if not result.stopped:
            break
        assert result.hits == () and result.total == 0
        stops += 1
        assert stops < 500
    assert stops > 0  # it was asked, and stopped, at least once before the end
    assert seen(result) == expected
    forget(index)
    assert seen(index.search(query, limit=20, prefix=True, highlight=5)) == expected
