"""Korean search on the real presidential speeches: 외교장관 and 아베 find exactly the speeches
that contain them, with highlight offsets that point at those very characters."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Corpus
from index.search import SearchIndex

KO = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "ko_president_speeches_1948_2022.jsonl.xz"
)
QUERIES = ("외교장관", "아베")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, SearchIndex]:
    if not KO.exists():
        pytest.skip(f"{KO} is absent: the shared corpus is not on this machine")
    # Up to 30 speeches containing each query and 80 containing neither, in corpus order.
    picked: list[str] = []
    with_query = dict.fromkeys(QUERIES, 0)
    others = 0
    with lzma.open(KO, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            hits = [q for q in QUERIES if q in text]
            if hits and any(with_query[q] < 30 for q in hits):
                for q in hits:
                    with_query[q] += 1
                picked.append(line)
            elif not hits and others < 80:
                others += 1
                picked.append(line)
    assert all(n > 10 for n in with_query.values()), with_query
    path = tmp_path_factory.mktemp("ko") / "speeches.jsonl"
    path.write_text("".join(picked), encoding="utf-8")
    corpus = load_corpus([path])
    return corpus, SearchIndex.build(corpus.readouts)


@pytest.mark.parametrize("query", QUERIES)
def test_korean_query_finds_exactly_the_speeches_that_contain_it(
    sample: tuple[Corpus, SearchIndex], query: str
) -> None:
    corpus, index = sample
    expected = {r.id for r in corpus.readouts if query in r.text or query in r.title}
    result = index.search(query, limit=1000, equivalents=False)
    assert result.error == ""
    assert {h.id for h in result.hits} == expected
    by_id = {r.id: r for r in corpus.readouts}
    for hit in result.hits:
        text = by_id[hit.id].text
        if query in text:
            assert hit.positions, hit.id
        for start, end in hit.positions:
            assert text[start:end] == query
        for snippet in hit.snippets:
            assert all(snippet.text[s:e] == query for s, e in snippet.spans)
