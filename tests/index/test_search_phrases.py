"""The equivalents' phrases recorded when a readout is indexed (`index.search.phrases`): which
readouts hold a phrase is read from the index, not from its words' positions, and the search
still finds and ranks what it found before, as Whoosh's own matchers do."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.search import disk, memory, phrases, scoring, whoosh_internals
from index.search.store import open_search_index
from tests.index.readouts import plain_readout
from tests.index.test_scoring import Both, same

# A UN General Debate speaker names the DPRK in full and never says "North Korea"; a White
# House readout says "North Korea"; others have the long name's words apart or out of order.
UN_STYLE = (
    "Mr. President, my delegation notes with concern the launches by the Democratic People's "
    "Republic of Korea, in violation of the resolutions of the Security Council. We call on "
    "the people of the region to pursue dialogue."
)
WH_STYLE = (
    "The President met with the Prime Minister of Japan. The leaders discussed North Korea's "
    "missile programme and reaffirmed the importance of the alliance to the people of Japan."
)
APART = (
    "A democratic people will not accept it, said the republic's envoy to the Security Council "
    "of the United Nations, speaking of Korea."
)
ORDER = "Korea of the republic's people spoke of democratic reform and of trade."
BOTH = (
    "North Korea, officially the Democratic People's Republic of Korea, was discussed with the "
    "Foreign Minister of the Republic of Korea (ROK)."
)
JAPANESE = "日本政府は北朝鮮による弾道ミサイル発射を強く非難した。"


def corpus() -> list[Readout]:
    texts = [UN_STYLE, WH_STYLE, APART, ORDER, BOTH, JAPANESE]
    made = [
        plain_readout(f"r-{i}", texts[i % len(texts)] + f" Paragraph {i} of the record.")
        for i in range(120)
    ]
    return list(load_corpus().readouts) + made


def test_a_phrase_is_recorded_only_where_its_words_stand_one_after_another() -> None:
    table = phrases.default_table()
    dprk = "democratic people s republic of korea"
    assert table.covers(dprk.split()) and table.covers(["north", "korea"])
    assert not table.covers(["korea", "north"]) and not table.covers(["korea"])
    assert dprk in phrases.in_text(UN_STYLE)
    assert "north korea" not in phrases.in_text(UN_STYLE)
    assert dprk not in phrases.in_text(APART) and dprk not in phrases.in_text(ORDER)
    found = phrases.in_text(BOTH)
    assert {dprk, "north korea", "republic of korea", "foreign minister"} <= set(found)
    # Across punctuation and case, as a query's phrase matches; the Japanese name as the
    # tokenizer splits it (bigrams).
    assert "north korea" in phrases.in_text("NORTH -- Korea")
    assert phrases.key(["北朝", "朝鮮"]) in phrases.in_text(JAPANESE)
    assert phrases.in_text("Nothing to see here.") == []


def test_a_table_is_named_by_its_phrases_and_names_the_index() -> None:
    one = phrases.PhraseTable([("north", "korea"), ("east", "sea")])
    same_set = phrases.PhraseTable([("east", "sea"), ("north", "korea"), ("korea",)])
    other = phrases.PhraseTable([("north", "korea"), ("sea", "of", "japan")])
    assert one.stamp == same_set.stamp != other.stamp
    assert len(same_set) == 2  # one word is no phrase
    assert phrases.default_table().stamp in disk.INDEX_NAME


def recorded(ix: Any) -> dict[str, set[str]]:
    """Phrase key -> the ids of the readouts the index records it for."""
    out: dict[str, set[str]] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for btext in reader.lexicon(phrases.FIELD):
            ids = reader.postings(phrases.FIELD, btext).all_ids()
            out[btext.decode("utf-8")] = {searcher.stored_fields(d)["id"] for d in ids}
    return out


def test_both_writers_record_the_same_phrases(monkeypatch: pytest.MonkeyPatch) -> None:
    # The segment builder works the phrases out from the terms it counted for the body;
    # Whoosh's own writer (another Whoosh release) runs the field's analyzer on the text.
    every = corpus()
    fast, _ = memory.index_in_memory(every)
    monkeypatch.setattr(whoosh_internals, "_REASON", "this test: Whoosh's own writer")
    assert not whoosh_internals.fast()
    public, _ = memory.index_in_memory(every)
    ours, whooshs = recorded(fast), recorded(public)
    assert ours == whooshs
    # And what is recorded is what the text says, readout by readout.
    dprk = re.compile(r"democratic people's republic of korea", re.IGNORECASE)
    assert ours["democratic people s republic of korea"] == {
        r.id for r in every if dprk.search(f"{r.title}\n\n{r.text}")
    }
    assert len(ours["democratic people s republic of korea"]) == 40
    assert "north korea" in ours and "taro kono" in ours  # the seeds name him


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("phrases")
    every = corpus()
    open_search_index(every, folder, batch_size=17, workers=1)
    changed = [
        dataclasses.replace(r, text=r.text + " Sanctions were discussed.") if i % 5 == 0 else r
        for i, r in enumerate(every)
        if i % 9 != 4
    ]
    found, _ = open_search_index(changed, folder, batch_size=17, workers=1)
    return found


QUERIES = [
    "north korea",
    "dprk",
    '"democratic people\'s republic of korea"',
    "democratic people's republic of korea",
    "north korea sanctions",
    "north korea -missile",
    "korea OR japan",
    "北朝鮮",
]


def test_recorded_phrases_rank_as_whoosh_without_reading_positions(
    index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many segments, deleted readouts; the best few and all of them, each compared with
    # Whoosh's collector. The long name's common words ('of', 's', 'people') never have
    # their positions read: the index says where the phrase stands.
    read: dict[str, set[bytes]] = {}
    real = whoosh_internals.posting_positions

    def spied(reader: Any, fieldname: str, btext: bytes, docs: Any, **how: Any) -> Any:
        read.setdefault(query, set()).add(btext)
        return real(reader, fieldname, btext, docs, **how)

    monkeypatch.setattr(whoosh_internals, "posting_positions", spied)
    both = Both()
    for query in QUERIES:
        for limit in (3, 1000):
            index._scoring = both
            index._ranks.clear()
            index.search(query, limit=limit, highlight=0)
    with index._searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 3
        assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())
    assert len(both.pairs) == 2 * len(QUERIES)
    wrong = [(q, ours, whoosh) for q, ours, whoosh in both.pairs if not same(ours, whoosh)]
    assert not wrong, wrong[:3]
    # (Typed without quotes, the words' own run is searched with their other forms too,
    # "peoples" for "people": that run is not a recorded phrase and is read as before.)
    common = {b"of", b"s", b"people", b"democratic", b"republic"}
    typed_run = "democratic people's republic of korea"
    assert not [q for q, words in read.items() if common & words and q != typed_run]
    assert read.get("north korea", set()) <= {b"north", b"korea", b"koreas"}
    # The counts are those of the texts: "North Korea", the long name, DPRK or the Japanese.
    said = re.compile(
        r"north korea|democratic people's republic of korea|dprk|北朝鮮", re.IGNORECASE
    )
    expected = {r.id for r in index._readouts.values() if said.search(f"{r.title}\n\n{r.text}")}
    found = index.search("north korea", limit=1000, highlight=0)
    assert {h.id for h in found.hits} == expected and found.total == len(expected)
    assert set(index.matches("north korea").ids) == expected


def test_a_phrase_not_recorded_is_still_found_by_its_words(index: Any) -> None:
    # A quoted phrase outside the table: its words' positions decide, as before.
    index._scoring = scoring.Ranker()
    assert not phrases.default_table().covers(["delegation", "notes"])
    found = index.search('"delegation notes"', limit=1000, highlight=0)
    expected = {r.id for r in index._readouts.values() if "delegation notes" in r.text}
    assert expected and {h.id for h in found.hits} == expected
