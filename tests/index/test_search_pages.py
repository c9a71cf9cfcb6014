"""Pages of a long result (`offset`) and the date order over every match, as `SearchIndex.search`
gives them: the pages put together are the whole ranking, and date order is checked against a
sort of the documents written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Readout, readout_date
from index.search import SearchIndex

READOUTS: dict[str, Readout] = {}
"""The readouts of the test's index, by id (filled by the fixture)."""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    path: Path = tmp_path_factory.mktemp("pages") / "pages.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(120):
            words = ["ministers", "discussed", "trade"] + ["maritime"] * (1 + i % 7)
            date = "" if i % 17 == 0 else f"{2010 + i % 13}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            line = {"title": f"Talks {i}", "date": date, "text": " ".join(words) + "."}
            f.write(json.dumps(line) + "\n")
    corpus = load_corpus([path])
    READOUTS.update({r.id: r for r in corpus.readouts})
    return SearchIndex.build(corpus.readouts)


def test_pages_put_together_are_the_whole_ranking(index: SearchIndex) -> None:
    whole = index.search("maritime", limit=500, snippets=False)
    assert whole.total == 120 and len(whole.hits) == 120
    pages = [
        index.search("maritime", limit=25, offset=o, snippets=False) for o in (0, 25, 50, 75, 100)
    ]
    assert [p.offset for p in pages] == [0, 25, 50, 75, 100]
    assert [h.id for p in pages for h in p.hits] == [h.id for h in whole.hits]
    assert all(p.total == 120 for p in pages)
    assert index.search("maritime", limit=25, offset=200).hits == ()


def test_date_order_is_newest_first_over_every_match(index: SearchIndex) -> None:
    readouts = READOUTS
    dated = sorted((readout_date(r) for r in readouts.values() if readout_date(r)), reverse=True)
    first = index.search("maritime", limit=10, order="date")
    assert first.order == "date"
    assert [h.meeting_date for h in first.hits] == dated[:10]
    rest = index.search("maritime", limit=500, offset=10, order="date", highlight=0)
    dates = [readout_date(readouts[h.id]) for h in (*first.hits, *rest.hits)]
    assert dates == [*dated, *[""] * (120 - len(dated))]
    assert len({h.id for h in (*first.hits, *rest.hits)}) == 120


def test_a_bad_order_or_offset_is_an_error_not_an_exception(index: SearchIndex) -> None:
    assert "order must be" in index.search("maritime", order="alphabetical").error
    assert "offset" in index.search("maritime", offset=-1).error
