"""Counting without ranking: `SearchIndex.matches` (the query compiled only to match, nothing
scored) finds exactly the readouts the ranked search finds when asked for all of them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Participant, Readout
from index.search import SearchIndex
from index.search.query import Flag, Selection
from tests.index.readouts import plain_readout

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def readout(rid: str, text: str, date: str, **kw: object) -> Readout:
    return dataclasses.replace(plain_readout(rid, text, date), **kw)  # type: ignore[arg-type]


KONO = Participant("Taro Kono", "Japan", "Minister for Foreign Affairs")
KANG = Participant("Kang Kyung-wha", "ROK", "Minister of Foreign Affairs")

MADE_UP = [
    # Principals named in the people file's other spellings only in the minister field: the
    # text says "Foreign Minister Kono", the field also holds 河野太郎 and "Kono Taro".
    readout(
        "jp-kono",
        "On August 2, Mr. Taro Kono, Minister for Foreign Affairs of Japan, held a meeting with "
        "Ms. Kang Kyung-wha, Minister of Foreign Affairs of the Republic of Korea. Minister "
        "Kono stated that Takeshima is an inherent part of the territory of Japan, and the two "
        "ministers confirmed cooperation on North Korea's nuclear and missile issues.",
        "2019-08-02",
        source="mofa-japan",
        title="Japan-ROK Foreign Ministers' Meeting",
        participants=(KONO, KANG),
    ),
    readout(
        "kr-dokdo",
        "Minister of Foreign Affairs Kangand Foreign Minister Kono discussed the East Sea. The "
        "Minister made clear that Dokdo is an integral part of Korea's territory, and urged "
        "Japan to lift the export restrictions. 외교장관은 독도 문제에 대해 단호한 입장을 밝혔다.",
        "2019-08-21",
        source="mofa-korea",
        title="Outcome of the ROK-Japan Foreign Ministers' Meeting",
        participants=(KANG,),
    ),
    readout(
        "wh-sanctions",
        "The President met inSingapore with the Prime Minister. They discussed sanctions on the "
        "Democratic People's Republic of Korea, the sanctioned entities, and economic security "
        "in the Indo-Pacific. Both leaders reaffirmed the importance of peace and stability "
        "across the Taiwan Strait.",
        "2023-05-20",
        source="white-house",
        title="Readout of President Biden's Meeting with Prime Minister Kishida",
    ),
    readout(
        "jp-title-only",
        "The two sides exchanged views on regional affairs.",
        "2021-03-16",
        source="mofa-japan",
        title="Japan-U.S. Economic Security Dialogue",
    ),
    # Every word of "Democratic People's Republic of Korea", but not in a row: no match for
    # that equivalent of North Korea (whose phrase is checked only where its rarest words are).
    readout(
        "wh-apart",
        "Democratic leaders of the Republic of Korea met the people's representatives of the "
        "Korea Foundation.",
        "2022-09-01",
        source="white-house",
        title="Statement on the Republic of Korea",
    ),
    readout(
        "jp-kanji",
        "河野外務大臣は、康京和韓国外交部長官と会談を行った。竹島問題について日本の立場を伝えた。",
        "2019-08-02",
        source="mofa-japan",
        title="日韓外相会談",
        participants=(KONO,),
    ),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    corpus = load_corpus([SEEDS])
    return SearchIndex.build([*corpus.readouts, *MADE_UP])


QUERIES = [
    "takeshima",  # equivalents: Dokdo, 독도, 竹島
    "dokdo",
    "sanction",  # its forms: sanctions, sanctioned
    "economic security",  # two words (the ranked search adds them as a phrase)
    '"taiwan strait"',
    "north korea",  # a run with equivalents: DPRK, the full name, 북한, 北朝鮮
    "south korea",  # ROK, "Republic of Korea"
    "dprk",
    "kono",  # in the text and among the principals
    "河野太郎",  # among the principals only (the people file's spelling), and as CJK bigrams
    "河野",
    "竹島",
    "외교장관",
    "minist*",  # a prefix
    "singapore",  # the word of a glued token
    "minister:kono",
    "person:kang",
    "title:security",
    "publisher:mofa-japan meeting",
    "kono -dokdo",
    "takeshima OR sanctions",
    "date:2019 minister",
    "is:marked",
    "securty~",
]


def test_match_only_finds_the_readouts_the_ranked_search_finds(index: SearchIndex) -> None:
    def flags(flag: Flag) -> Selection:
        return Selection(frozenset({"jp-kono", "wh-sanctions"}))

    found_any = 0
    for query in QUERIES:
        for equivalents in (True, False):
            ranked = index.search(
                query, limit=len(index), equivalents=equivalents, snippets=False, flags=flags
            )
            matched = index.matches(query, equivalents=equivalents, flags=flags)
            assert not matched.error and not ranked.error, query
            assert sorted(matched.ids) == sorted(h.id for h in ranked.hits), (query, equivalents)
            assert len(matched.ids) == ranked.total
            found_any += bool(matched.ids)
    assert found_any >= 2 * len(QUERIES) - 8  # the queries do find readouts


def test_a_long_equivalent_phrase_matches_only_in_a_row(index: SearchIndex) -> None:
    ids = index.matches("north korea").ids
    assert "wh-sanctions" in ids  # says "Democratic People's Republic of Korea" only
    assert "wh-apart" not in ids  # has its words apart
    assert "wh-apart" in index.matches("south korea").ids


def test_principals_alone_make_a_match(index: SearchIndex) -> None:
    """The match-only query keeps the principals' field: 河野太郎 is nowhere in the English
    readout's text, yet it is one of its principals."""
    assert "jp-kono" in index.matches("河野太郎", equivalents=False).ids


def test_a_query_that_cannot_be_read_is_an_error(index: SearchIndex) -> None:
    result = index.matches('date:2019..2018 "unclosed', equivalents=False)
    assert result.ids == ()
    assert result.error or result.notice


def test_a_phrase_of_common_words_counts_only_where_they_stand_in_a_row() -> None:
    # Counting reads the common words of a phrase ("of", "s") only where the rarer ones
    # already stand in a row: a readout with the rare words but not the common ones in
    # between, or with the common words elsewhere, is not counted; one with the whole run is.
    filler = [
        readout(
            f"filler-{i}", "The people of the region and the state of the art. " * 3, "2020-01-01"
        )
        for i in range(40)  # "of", "people", "s" everywhere: many times the rare words' count
    ]
    cases = [
        readout("run", "Talks on the Democratic People's Republic of Korea resumed.", "2021-01-01"),
        readout(
            "apart", "A democratic people's vote; the republic of Korea's election.", "2021-01-02"
        ),
        readout("gap", "The Democratic People's Republic, of course, and Korea.", "2021-01-03"),
        readout("no-of", "The Democratic People's Republic Korea text.", "2021-01-04"),
    ]
    index = SearchIndex.build([*filler, *cases])
    phrase = '"democratic people\'s republic of korea"'
    matched = index.matches(phrase, equivalents=False)
    ranked = index.search(phrase, limit=len(index), equivalents=False, snippets=False)
    assert sorted(matched.ids) == sorted(h.id for h in ranked.hits) == ["run"]
    assert "run" in index.matches("north korea").ids
    assert not {"apart", "gap", "no-of"} & set(index.matches("north korea").ids)
