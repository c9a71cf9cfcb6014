"""The ranking that adds scores a posting list at a time (`index.search.scoring`) ranks as
Whoosh's own matchers do: the same readouts matched, the same best ones in the same order, the
same scores but for their last bits. Checked on every query a search makes while a person types
the queries below letter by letter, on an index of many segments with deleted documents."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import pytest
from whoosh.query import Phrase, compound

from index.corpus import load_corpus
from index.model import Readout
from index.search import scoring, whoosh_internals
from index.search.store import open_search_index
from tests.index.readouts import plain_readout

TYPED = [
    "north korea",
    "foreign ministers meeting",
    '"foreign minister" kono',
    "comfort women",
    "takeshima dokdo",
    "economic security -china",
    "dokdo -korea",
    "minister:kono abduction",
    "title:meeting japan",
    "denucl* missile",
    "securty~ council",
    "year:2018 korea",
    "date:2016..2019 japan korea",
    "prime minister kishida",
    "taiwan strait peace stability",
    "korea OR japan summit",
    "(sanctions OR export) restrictions",
    "democratic people's republic of korea",
    "indo-pacific",
    '"east sea" japan',
    "president met prime minister",
]

WH_STYLE = [
    (
        "The President met today with Prime Minister Kishida of Japan at the White House. The "
        "two leaders discussed economic security, supply chains for semiconductors, and their "
        "shared commitment to a free and open Indo-Pacific. They condemned the Democratic "
        "People's Republic of Korea's ballistic missile launches and reaffirmed the importance "
        "of peace and stability across the Taiwan Strait."
    ),
    (
        "Secretary Blinken spoke with Foreign Minister Park Jin of the Republic of Korea. They "
        "discussed North Korea, the trilateral partnership with Japan, and sanctions on Russia "
        "over its war against Ukraine. The Secretary and the Foreign Minister agreed that "
        "China's economic coercion threatens economic security in the region."
    ),
    (
        "National Security Advisor Sullivan met with his counterparts from Japan and Korea. "
        "The three discussed export restrictions on advanced chips, North Korea's missile "
        "programme, the East Sea, and a trilateral summit at Camp David. Economic security, "
        "climate change and energy were also on the agenda; the meeting was held in Seoul."
    ),
]


def readouts() -> list[Readout]:
    seeds = list(load_corpus().readouts)
    made = [
        dataclasses.replace(
            plain_readout(
                f"wh-{i}", WH_STYLE[i % 3] + f" Marker {i}.", f"202{i % 5}-0{1 + i % 9}-1{i % 9}"
            ),
            source="white-house",
            title=["Readout of the President's Meeting", "Secretary Blinken's Call", "Readout"][
                i % 3
            ],
        )
        for i in range(40)
    ]
    copies = [
        dataclasses.replace(
            seeds[i % len(seeds)],
            id=f"copy-{i}",
            text=seeds[i % len(seeds)].text + f" zanzibar {i}",
        )
        for i in range(20)
    ]
    return seeds + made + copies


class Both(scoring.Ranker):
    """Ranks with `scoring` and with Whoosh's collector, and keeps both answers."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, Any, Any]] = []

    def ranked(
        self, searcher: Any, query: Any, limit: int, mask: set[int] | None, stop: Any = None
    ) -> Any:
        ours = super().ranked(searcher, query, limit, mask, stop)
        whoosh = whoosh_internals.ranked(searcher, query, limit, mask)
        if isinstance(query, compound.AndNot):
            # Whoosh's AndNot matcher keeps some documents that the excluded part matches
            # (after a union scored by arrays, in a segment with deletions): take those out of
            # its answer, which scoring does not give.
            every, _ = whoosh_internals.ranked(searcher, query, searcher.doc_count_all(), mask)
            excluded = {d for d in searcher.search(query.b, limit=None).docs()}
            kept = [(s, d) for s, d in every if d not in excluded]
            whoosh = (tuple(kept[:limit]), len(kept))
        self.pairs.append((repr(query), ours, whoosh))
        return ours


def same(ours: Any, whoosh: Any) -> bool:
    """The same count and best documents, scores equal to 1e-9 (relative); documents of equal
    scores may come in either order only when Whoosh's scores for them are equal too."""
    (best_a, total_a), (best_b, total_b) = ours, whoosh
    if total_a != total_b or len(best_a) != len(best_b):
        return False
    for (sa, da), (sb, db) in zip(best_a, best_b, strict=True):
        if abs(sa - sb) > 1e-9 * max(1.0, abs(sb)):
            return False
        if da != db and not any(
            abs(s - sb) <= 1e-9 * max(1.0, abs(sb)) for s, d in best_b if d == da
        ):
            return False
    return sorted(d for _, d in best_a) == sorted(d for _, d in best_b) or len(best_a) == 0


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("scoring")
    every = readouts()
    open_search_index(every, folder, batch_size=9, workers=1)
    # Change some and drop others: segments with deleted documents.
    changed = [
        dataclasses.replace(r, text=r.text + " Sanctions and export restrictions.")
        if i % 4 == 0
        else r
        for i, r in enumerate(every)
        if i % 7 != 3
    ]
    index, _ = open_search_index(changed, folder, batch_size=9, workers=1)
    return index


def test_the_ranking_is_whooshs_on_every_typed_query(index: Any) -> None:
    assert whoosh_internals.fast()
    both = Both()
    index._scoring = both
    for query in TYPED:
        for k in range(1, len(query) + 1):
            index._ranks.clear()  # rank every keystroke, not a remembered ranking
            index.search(query[:k], limit=15, prefix=True, highlight=0)
        index._ranks.clear()
        index.search(query, limit=1000, highlight=0)
    with index._searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 3  # many segments
        assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())
    assert len(both.pairs) > 300
    wrong = [(q, ours, whoosh) for q, ours, whoosh in both.pairs if not same(ours, whoosh)]
    assert not wrong, wrong[:3]
    # Phrases, sequences and exclusions were among them, and found something.
    kinds = " ".join(q for q, ours, _ in both.pairs if ours[1])
    assert "Sequence(" in kinds and "Phrase(" in kinds and "AndNot(" in kinds


def test_the_best_need_not_be_checked_for_adjacent_words_beyond_them(index: Any) -> None:
    # `president met prime minister`: the adjacency parts are checked only for the readouts
    # whose best possible score could reach the best 5; the answer is still Whoosh's.
    both = Both()
    index._scoring = both
    index._ranks.clear()
    result = index.search("president met prime minister", limit=5, highlight=0)
    assert result.total > 5 and len(result.hits) == 5
    (_, ours, whoosh) = both.pairs[-1]
    assert same(ours, whoosh)


def test_an_excluded_word_is_never_in_what_is_found(index: Any) -> None:
    # Whoosh's own AndNot matcher let readouts that say "Korea" through here.
    for query in ("dokdo -korea", "economic security -china", "japan -korea -dokdo"):
        found = index.search(query, limit=1000, highlight=0)
        assert found.total == len(found.hits)
        excluded = [w.lstrip("-") for w in query.split() if w.startswith("-")]
        for hit in found.hits:
            text = index._readouts[hit.id].text.lower()
            assert not any(w in text for w in excluded), (query, hit.id)
    assert index.search("economic security -china", limit=5).total > 0
    # Every readout on Dokdo here names Korea: none is left.
    assert index.search("dokdo", limit=5).total > 0 and index.search("dokdo -korea").total == 0
    assert index.matches("dokdo -korea").ids == ()  # counted (timeline) as listed


def test_word_positions_asked_again_are_remembered(index: Any, monkeypatch: Any) -> None:
    # As-you-type asks where the same words stand in the same readouts at every key: the
    # second time, nothing is read from the index and the answer is the same.
    index._scoring = scoring.Ranker()
    read: list[bytes] = []
    real = whoosh_internals.posting_positions

    def counted(reader: Any, fieldname: str, btext: bytes, docs: Any, **how: Any) -> Any:
        read.append(btext)
        return real(reader, fieldname, btext, docs, **how)

    monkeypatch.setattr(whoosh_internals, "posting_positions", counted)
    index._ranks.clear()
    first = index.search("president met prime minister", limit=5, highlight=0)
    assert read and first.total > 5
    before = len(read)
    index._ranks.clear()
    again = index.search("president met prime minister", limit=5, highlight=0)
    assert len(read) == before
    assert [(h.id, h.score) for h in again.hits] == [(h.id, h.score) for h in first.hits]


def test_a_first_search_reads_positions_only_where_it_asks(index: Any, monkeypatch: Any) -> None:
    # A one-shot search (the command line, a pasted query) decodes a word's positions only in
    # the documents it asks about, not in their whole posting blocks, which made a first
    # search far dearer on a large corpus (docs/search-internals.md).
    index._scoring = scoring.Ranker()
    calls: list[tuple[set[int], set[int]]] = []
    real = whoosh_internals.posting_positions

    def recorded(reader: Any, fieldname: str, btext: bytes, docs: Any, **how: Any) -> Any:
        found = real(reader, fieldname, btext, docs, **how)
        calls.append((set(docs), set(found)))
        return found

    monkeypatch.setattr(whoosh_internals, "posting_positions", recorded)
    index._ranks.clear()
    index.search('"prime minister" korea', limit=5, highlight=0)
    assert calls
    assert all(found <= asked for asked, found in calls)


def test_positions_of_whole_blocks_are_whooshs_and_leave_out_deleted(index: Any) -> None:
    # Read for one document in three, with its neighbours in the same posting blocks: every
    # position given is the one Whoosh's own matcher gives, every document asked about that
    # has the word is there, and no deleted document is.
    with index._searcher() as searcher:
        checked = 0
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            btext = leaf.schema["body"].to_bytes("korea")
            if ("body", btext) not in reader:
                continue
            every: dict[int, list[int]] = {}
            matcher = reader.postings("body", btext)
            while matcher.is_active():
                every[matcher.id()] = list(matcher.value_as("positions"))
                matcher.next()
            asked = sorted(every)[::3]
            found = whoosh_internals.posting_positions(
                reader, "body", btext, asked, whole_blocks=True
            )
            assert set(asked) <= set(found) <= set(every)
            assert len(found) > len(asked) or len(every) == len(asked)
            assert all(not isinstance(found[d], bytes) for d in asked)  # decoded: asked for
            decode = whoosh_internals.positions_decoder(reader, "body")
            decoded = {d: list(decode(p) if isinstance(p, bytes) else p) for d, p in found.items()}
            assert decoded == {d: every[d] for d in found}
            assert not any(reader.is_deleted(d) for d in found)
            checked += 1
        assert checked > 3


def test_lengths_read_at_once_are_those_read_one_at_a_time(index: Any) -> None:
    # BM25F needs each scored document's field length; they are read for a whole segment in
    # one read, and must be exactly what Whoosh's reader gives document by document
    # (deleted documents, empty fields and fields without lengths included).
    with index._searcher() as searcher:
        checked = 0
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            for fieldname in ("body", "title", "minister", "place", "nosuchfield"):
                lengths = whoosh_internals._all_lengths(reader, fieldname)
                assert lengths is not None
                assert lengths == [
                    reader.doc_field_length(d, fieldname, 1) for d in range(reader.doc_count_all())
                ], fieldname
                checked += 1
        assert checked >= 10


def test_a_long_phrase_of_common_words_ranks_as_whoosh_without_reading_them_everywhere(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # One segment where "of" and "people" are in every readout and "democratic ... republic"
    # in a few: the phrase's common words count at their ceiling until the rare ones line up,
    # and are read (for their scores) only where the whole phrase holds. The ranking is still
    # Whoosh's, for the equivalents' union (`north korea`), the phrase alone and the typed run.
    filler = [
        "The people of the region met in the capital of the province to speak of trade.",
        "People of goodwill spoke of peace and of the future of the people of Asia.",
        "Officials of both sides spoke of people, of markets and of North Korea.",
    ]
    every = [
        plain_readout(f"f-{i}", filler[i % 3] + f" Number {i} of many people.") for i in range(90)
    ]
    every += [
        plain_readout("dprk-whole", "The Democratic People's Republic of Korea fired missiles."),
        plain_readout("dprk-north", "North Korea, the Democratic People's Republic of Korea."),
        plain_readout(
            "dprk-twice",
            "Democratic People's Republic of Korea; the Democratic "
            "People's Republic of Korea again, of the people.",
        ),
        plain_readout("dprk-apart", "A democratic people, a republic of laws, and Korea."),
        plain_readout("dprk-order", "Korea of the republic's people, democratic of course."),
    ]
    index, _ = open_search_index(every, tmp_path / "ix", batch_size=1000, workers=1)
    with index._searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 1
    both = Both()
    index._scoring = both
    exact = []
    real_exact = scoring.SegmentRanker.exact

    def counted(self: Any, bound: Any, docs: Any) -> Any:
        docs = set(docs)
        exact.append(len(docs))
        return real_exact(self, bound, docs)

    monkeypatch.setattr(scoring.SegmentRanker, "exact", counted)
    queries = ["north korea", '"democratic people\'s republic of korea"',
               "democratic people's republic of korea"]  # fmt: skip
    for query in queries:
        index._ranks.clear()
        index.search(query, limit=10, highlight=0)
    wrong = [(q, ours, whoosh) for q, ours, whoosh in both.pairs if not same(ours, whoosh)]
    assert not wrong, wrong[:3]
    assert len(both.pairs) == 3
    # The phrase holds in three readouts (not in those with its words apart or out of order;
    # its equivalents left out); "of" was scored only where it held, never in all 95.
    phrase = index.search(
        '"democratic people\'s republic of korea"', limit=10, highlight=0, equivalents=False
    )
    assert {h.id for h in phrase.hits} == {"dprk-whole", "dprk-north", "dprk-twice"}
    assert exact and max(exact) <= 3
    # The bound of every readout with the rare words is at least what the phrase adds where
    # it holds, and that is what Whoosh's phrase matcher scores there.
    phrase_query = Phrase("body", ["democratic", "people", "s", "republic", "of", "korea"])
    with index._searcher() as searcher:
        ((leaf, _),) = searcher.leaf_searchers()
        memo = scoring.SegmentMemo(1000, 1000)
        ranker = scoring.SegmentRanker(searcher, leaf, memo, threading.Lock())
        bound = ranker._bound(phrase_query, None)
        assert bound.later  # the common words were left unread
        held = ranker.exact(bound, ranker.adjacent(phrase_query, bound.upper))
        matcher = phrase_query.matcher(leaf, searcher.context())
        whooshs = {}
        while matcher.is_active():
            whooshs[matcher.id()] = matcher.score()
            matcher.next()
        assert set(held) == set(whooshs) and len(held) == 3
        for d, s in held.items():
            assert abs(s - whooshs[d]) <= 1e-9 * max(1.0, abs(s))
            assert bound.upper[d] >= s


def test_posting_blocks_are_stepped_as_whoosh_steps_them(tmp_path: Path) -> None:
    # `whoosh_internals._next_block` reads a block's length and header at once; every block
    # of words in many readouts (several blocks each), rare words and absent ones, is found
    # with the same figures as Whoosh's own step, up to the last.
    every = [
        plain_readout(f"r-{i}", f"Common words of the day {i}." + (" Rare." if i % 97 == 0 else ""))
        for i in range(700)
    ]
    index, _ = open_search_index(every, tmp_path / "ix", batch_size=1000, workers=1)
    names = ("_blocklength", "_maxid", "_maxweight", "_compression", "_minlength",
             "_maxlength", "_lastblock", "_nextoffset", "_dataoffset", "_atend")  # fmt: skip
    with index._searcher() as searcher:
        ((leaf, _),) = searcher.leaf_searchers()
        reader = leaf.reader()
        stepped = 0
        for word in (b"common", b"of", b"the", b"rare", b"700"):
            if ("body", word) not in reader:
                continue
            ours, whooshs = reader.postings("body", word), reader.postings("body", word)
            while True:
                assert [getattr(ours, n) for n in names] == [getattr(whooshs, n) for n in names]
                assert ours._data is None and ours._ids is None
                ours._read_ids()
                whooshs._read_ids()
                assert ours._ids == whooshs._ids
                if whooshs._atend or whooshs._lastblock:
                    break
                whoosh_internals._next_block(ours)
                whooshs._next_block()
                stepped += 1
        assert stepped >= 12  # 'common', 'of', 'the': six blocks of 128 each
