"""Search on real documents from ../shared/corpus: English White House texts and Korean
presidential speeches (Hangul with no spaces between some sentences). Skipped when absent."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest

from index.model import Readout
from index.search import SearchIndex
from index.search.analysis import terms
from index.search.forms import stem

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"
FILES = {
    "wh": "wh_briefing_room_2021_2026.jsonl.xz",
    "ko": "ko_president_speeches_1948_2022.jsonl.xz",
}
PER_FILE = 150

pytestmark = pytest.mark.corpus


def _load(name: str, n: int) -> list[Readout]:
    path = CORPUS / FILES[name]
    if not path.exists():
        pytest.skip(f"{path} not found: the shared corpus is not on this machine")
    out = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if len(out) >= n:
                break
            doc = json.loads(line)
            date = str(doc.get("date") or "").replace(".", "-")[:10]
            out.append(
                Readout(
                    id=f"{name}-{doc['id']}",
                    path=f"{path.name}:{line_no}",
                    source=name,
                    title=str(doc.get("title") or ""),
                    published=date,
                    meeting_date=date,
                    participants=(),
                    attendees=(),
                    place="",
                    headings=(),
                    topics=(),
                    text=str(doc["text"]),
                    format="generic",
                )
            )
    return out


@pytest.fixture(scope="module")
def docs() -> dict[str, Readout]:
    return {r.id: r for r in _load("wh", PER_FILE) + _load("ko", PER_FILE)}


@pytest.fixture(scope="module")
def index(docs: dict[str, Readout]) -> SearchIndex:
    return SearchIndex.build(list(docs.values()))


def _check_offsets(index: SearchIndex, docs: dict[str, Readout], query: str) -> int:
    result = index.search(query, equivalents=False, limit=20)
    assert not result.error
    # A plain word finds its forms (the same stem); a quoted phrase its words as written.
    exact = query.startswith('"')

    def key(text: str) -> str:
        return " ".join(t if exact else stem(t) for t in terms(text))

    want = key(query)
    for hit in result.hits:
        text = docs[hit.id].text
        # A readout matched through its title alone has no positions in its text.
        assert hit.positions or not {key(t) for t in terms(text)} >= set(want.split())
        for s, e in hit.positions:
            assert key(text[s:e]) == want, (hit.id, text[s:e])
        for sn in hit.snippets:
            for s, e in sn.spans:
                assert key(sn.text[s:e]) == want
    return result.total


@pytest.mark.parametrize("query", ["국민", "대통령", "경제발전", "외교"])
def test_korean_words_inside_runs(index: SearchIndex, docs: dict[str, Readout], query: str) -> None:
    containing = {rid for rid, r in docs.items() if query in r.text or query in r.title}
    result = index.search(query, equivalents=False, limit=1000)
    assert {h.id for h in result.hits} == containing
    assert containing, f"no sample document contains {query}"
    _check_offsets(index, docs, query)


@pytest.mark.parametrize("query", ["president", '"supply chain"', "covid"])
def test_english_offsets(index: SearchIndex, docs: dict[str, Readout], query: str) -> None:
    assert _check_offsets(index, docs, query) > 0


def test_as_you_type_on_real_text(index: SearchIndex) -> None:
    for n in range(1, len("infrastructure") + 1):
        result = index.search("infrastructure"[:n], prefix=True, limit=10)
        assert not result.error
    assert result.total > 0
