"""The top hits of a search are the best-scoring readouts of all that match, and the total is
the number that match: asking for 10 gives the first 10 of asking for all of them."""

from __future__ import annotations

import random

import pytest

from index.model import Readout
from index.search import SearchIndex
from tests.index.readouts import plain_readout

DOCS = 500


def readout(rid: str, text: str) -> Readout:
    return plain_readout(rid, text)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    """Readouts of very different lengths, each with some of four words a few times."""
    rng = random.Random(1)
    docs = []
    for i in range(DOCS):
        words = ["filler"] * rng.choice([3, 10, 40, 200, 1000])
        for word in ("north", "korea", "korean", "koreans"):
            if rng.random() < 0.3:
                words += [word] * rng.choice([1, 1, 2, 5, 20])
        rng.shuffle(words)
        docs.append(readout(f"d{i}", " ".join(words)))
    return SearchIndex.build(docs)


@pytest.mark.parametrize(
    "query",
    [
        "north korea OR korean OR koreans",  # whoosh's own top-10 collector lost hits here
        "north (korea OR korean)",
        "korea OR korean OR koreans OR north",
        "north kor",
        "north -koreans",
        "korea",
    ],
)
def test_top_ten_are_the_best_of_all_matches(index: SearchIndex, query: str) -> None:
    every = index.search(query, prefix=True, equivalents=False, limit=DOCS, snippets=False)
    top = index.search(query, prefix=True, equivalents=False, limit=10, snippets=False)
    assert len(every.hits) > 10
    assert [(h.id, h.score) for h in top.hits] == [(h.id, h.score) for h in every.hits[:10]]
    assert top.total == every.total == len(every.hits)
