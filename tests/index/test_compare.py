"""The alignment of two readouts by topic: on the bundled seeds and on pairs written here."""

from __future__ import annotations

import pytest

from index.attribution import sentences
from index.compare import Comparison, compare, paragraphs
from index.compare_select import PairError, candidates, resolve_pair
from index.corpus import RawDoc, load_corpus
from index.meetings import assign_ids, group_meetings
from index.model import Corpus, Readout
from index.parse import parse_document

JP_2018 = "2018-01-16-mofa-japan-kono-kang"
KR_2018 = "2018-04-11-mofa-korea-kang-kono"


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus(None)


@pytest.fixture(scope="module")
def seed_pair(seeds: Corpus) -> Comparison:
    a, b = seeds.readout(JP_2018), seeds.readout(KR_2018)
    assert a is not None and b is not None
    return compare(a, b)


def paragraph_text(readout: Readout, index: int) -> str:
    p = paragraphs(readout)[index]
    return readout.text[p.start : p.end]


def test_seeds_topics_both_raise_and_only_korea_raises(seed_pair: Comparison) -> None:
    assert seed_pair.labels == ("mofa-japan", "mofa-korea")
    assert set(seed_pair.both) == {
        "North Korea",
        "Trilateral cooperation",
        "Wartime labor",
        "Comfort women",
        "Takeshima/Dokdo",
    }
    assert seed_pair.only("mofa-japan") == ()
    assert set(seed_pair.only("mofa-korea")) >= {"Economy", "Fisheries"}


def test_seeds_takeshima_and_dokdo_are_one_row_with_each_sides_paragraphs(
    seeds: Corpus, seed_pair: Comparison
) -> None:
    row = next(r for r in seed_pair.rows if r.topic == "Takeshima/Dokdo")
    jp, kr = seeds.readout(JP_2018), seeds.readout(KR_2018)
    assert jp is not None and kr is not None
    assert all("Takeshima" in paragraph_text(jp, i) for i in row.left.paragraphs)
    assert all("Dokdo" in paragraph_text(kr, i) for i in row.right.paragraphs)
    assert len(row.right.paragraphs) == 2
    for use in row.right.uses:
        assert kr.text[use.start : use.end] == "Dokdo"


def test_seeds_equivalent_terms_each_side_used(seed_pair: Comparison) -> None:
    used = {(d.left, d.right) for d in seed_pair.terms}
    assert (("Takeshima",), ("Dokdo",)) in used
    assert (("comfort women",), ("women forced into sexual slavery", "sexual slavery")) in used
    assert (("requisitioned civilians",), ("forced laborers",)) in used


def test_seeds_who_raised_what(seed_pair: Comparison) -> None:
    said = {(a.label, a.speaker, a.verb, a.topic) for a in seed_pair.attributions}
    assert ("mofa-japan", "Kang Kyung-wha", "explained", "Comfort women") in said
    assert ("mofa-japan", "Taro Kono", "stated", "Comfort women") in said
    assert ("mofa-korea", "Taro Kono", "expressed", "Takeshima/Dokdo") in said
    assert ("mofa-korea", "Kang Kyung-wha", "explained", "Takeshima/Dokdo") in said
    # "The issue of Takeshima was also briefly raised.": nobody is named, so nobody is said to.
    assert not any(
        a.label == "mofa-japan" and a.topic == "Takeshima/Dokdo" for a in seed_pair.attributions
    )


def test_seeds_summary_line(seed_pair: Comparison) -> None:
    assert seed_pair.summary() == (
        f"both: 5 topics · only mofa-japan: 0 · only mofa-korea: {len(seed_pair.rows) - 5} · "
        f"mofa-japan {seed_pair.left.words:,} words · mofa-korea {seed_pair.right.words:,} words"
    )
    assert 300 < seed_pair.left.words < seed_pair.right.words


def test_rows_follow_the_texts(seed_pair: Comparison) -> None:
    assert seed_pair.rows[0].topic == "North Korea"
    order = [r.topic for r in seed_pair.rows]
    assert order.index("Comfort women") < order.index("Takeshima/Dokdo")


def test_next_one_sided_row_wraps_round(seed_pair: Comparison) -> None:
    one_sided = [i for i, r in enumerate(seed_pair.rows) if r.only]
    assert seed_pair.next_one_sided(-1) == one_sided[0]
    assert seed_pair.next_one_sided(one_sided[0]) == one_sided[1]
    assert seed_pair.next_one_sided(one_sided[-1]) == one_sided[0]
    assert seed_pair.next_one_sided(one_sided[0], -1) == one_sided[-1]


# --- pairs written for the test ---------------------------------------------------------------

JAPAN = """Japan-ROK Foreign Ministers' Meeting

March 19, 2011
On March 19, commencing at 10:30 a.m. for approximately 60 minutes, Mr. Takeaki Matsumoto, \
Minister for Foreign Affairs of Japan, held a meeting with H.E. Dr. Kim Sung-hwan, Minister of \
Foreign Affairs and Trade of the Republic of Korea, in Kyoto. The overview is as follows.

1 North Korea

The two ministers confirmed that Japan and the ROK will cooperate on the nuclear and missile \
issues of North Korea. Minister Matsumoto also asked for cooperation on the abductions issue.

2 Japan-ROK relations

(1) Minister Matsumoto stated Japan's position on Takeshima. In response, Minister Kim \
explained the position of the ROK.

(2) The two ministers agreed to expand youth exchanges.

Back to Japan-Republic of Korea Relations
"""

KOREA = """Press Releases

Korea, Japan agree to cooperate on N.K. nuclear issue

Mar 20,2011
Policy Briefing |2011.3.20

Foreign Minister Kim Sung-hwan on March 19 held talks in Kyoto with Japanese Foreign Minister \
Takeaki Matsumoto on North Korea's nuclear program and bilateral relations.

Minister Kim reiterated that Dokdo is an integral part of Korean territory, and called for a \
sincere approach to the issue of women forced into sexual slavery by the Japanese military.

The Japanese Foreign Minister emphasized the importance of trilateral cooperation with the U.S.

The two ministers agreed to expand youth exchanges and economic cooperation.
"""


def read_pair(*texts: str) -> Corpus:
    readouts = assign_ids(
        [parse_document(RawDoc(f"doc{i}.txt", t, "txt")) for i, t in enumerate(texts)]
    )
    return Corpus("test", tuple(readouts), group_meetings(readouts))


@pytest.fixture(scope="module")
def written() -> tuple[Readout, Readout, Comparison]:
    corpus = read_pair(JAPAN, KOREA)
    (meeting,) = corpus.meetings
    jp, kr = meeting.readouts
    return jp, kr, compare(jp, kr)


def test_written_pair_topics(written: tuple[Readout, Readout, Comparison]) -> None:
    _, _, cmp = written
    assert cmp.only("mofa-japan") == ("Abductions",)
    assert set(cmp.only("mofa-korea")) == {"Comfort women", "Trilateral cooperation", "Economy"}
    assert {"North Korea", "Takeshima/Dokdo", "People-to-people exchange"} <= set(cmp.both)


def test_written_pair_paragraphs_and_offsets(written: tuple[Readout, Readout, Comparison]) -> None:
    jp, kr, cmp = written
    row = next(r for r in cmp.rows if r.topic == "Takeshima/Dokdo")
    assert [paragraph_text(jp, i)[:3] for i in row.left.paragraphs] == ["(1)"]
    assert [paragraph_text(kr, i)[:11] for i in row.right.paragraphs] == ["Minister Ki"]
    assert row.only == ""
    abductions = next(r for r in cmp.rows if r.topic == "Abductions")
    assert abductions.only == "mofa-japan"
    assert not abductions.right.mentioned


def test_written_pair_takeshima_against_dokdo(written: tuple[Readout, Readout, Comparison]) -> None:
    _, _, cmp = written
    assert any(d.left == ("Takeshima",) and d.right == ("Dokdo",) for d in cmp.terms)


def test_written_pair_attributions(written: tuple[Readout, Readout, Comparison]) -> None:
    _, _, cmp = written
    said = {(a.label, a.speaker, a.verb, a.topic) for a in cmp.attributions}
    assert said >= {
        ("mofa-japan", "Takeaki Matsumoto", "asked", "Abductions"),
        ("mofa-japan", "Takeaki Matsumoto", "stated", "Takeshima/Dokdo"),
        ("mofa-korea", "Kim Sung-hwan", "reiterated", "Takeshima/Dokdo"),
        ("mofa-korea", "Kim Sung-hwan", "reiterated", "Comfort women"),
        # A role as the subject: the one Japanese principal.
        ("mofa-korea", "Takeaki Matsumoto", "emphasized", "Trilateral cooperation"),
    }
    # "Minister Kim explained the position of the ROK" names no topic in its sentence.
    assert ("mofa-japan", "Kim Sung-hwan", "explained", "Takeshima/Dokdo") not in said


def test_unknown_speakers_are_read_by_their_family_name() -> None:
    jp = JAPAN.replace("Takeaki Matsumoto", "Ichiro Tanabe").replace("Matsumoto", "Tanabe")
    jp = jp.replace("2011", "2031")
    kr = KOREA.replace("Takeaki Matsumoto", "Tanabe Ichiro").replace("2011", "2031")
    corpus = read_pair(jp, kr)
    (meeting,) = corpus.meetings
    cmp = compare(*meeting.readouts)
    said = {(a.label, a.speaker, a.verb, a.topic) for a in cmp.attributions}
    assert ("mofa-japan", "Ichiro Tanabe", "stated", "Takeshima/Dokdo") in said


def test_a_readout_without_topics_is_all_one_sided() -> None:
    corpus = read_pair(JAPAN, KOREA.replace("Dokdo", "the islets"))
    jp, kr = corpus.meetings[0].readouts
    row = next(r for r in compare(jp, kr).rows if r.topic == "Takeshima/Dokdo")
    assert row.only == "mofa-japan"


def test_sentences_do_not_end_at_titles_or_initials() -> None:
    text = "Mr. Kono met H.E. Dr. Kang at 10 a.m. today. She said it. U.S. forces were discussed."
    parts = [text[s:e] for s, e in sentences(text, 0, len(text))]
    assert parts == [
        "Mr. Kono met H.E. Dr. Kang at 10 a.m. today.",
        "She said it.",
        "U.S. forces were discussed.",
    ]


def test_markup_like_text_stays_text() -> None:
    corpus = read_pair(JAPAN.replace("youth exchanges", "youth exchanges [/bold]"), KOREA)
    jp, kr = corpus.meetings[0].readouts
    row = next(r for r in compare(jp, kr).rows if r.topic == "People-to-people exchange")
    assert "[/bold]" in paragraph_text(jp, row.left.paragraphs[0])


# --- which readouts -----------------------------------------------------------------------------


def test_resolve_a_meeting_id_and_a_readout_alone() -> None:
    corpus = read_pair(JAPAN, KOREA)
    meeting = corpus.meetings[0]
    jp, kr = meeting.readouts
    assert resolve_pair(corpus, meeting.id) == (jp, kr)
    assert resolve_pair(corpus, kr.id) == (kr, jp)


def test_resolve_errors(seeds: Corpus) -> None:
    with pytest.raises(PairError, match="no readout or meeting"):
        resolve_pair(seeds, "nope")
    with pytest.raises(PairError, match="one readout"):
        resolve_pair(seeds, JP_2018)
    with pytest.raises(PairError, match="no readout or meeting"):
        resolve_pair(seeds, JP_2018, "nope")
    assert resolve_pair(seeds, JP_2018, KR_2018)[1].id == KR_2018


def test_one_publishers_account_of_one_meeting_twice_is_refused() -> None:
    corpus = read_pair(JAPAN, KOREA)
    meeting = corpus.meetings[0]
    jp, kr = meeting.readouts
    with pytest.raises(PairError, match="both mofa-japan's account of one meeting"):
        resolve_pair(corpus, jp.id, jp.id)
    # A meeting id beside one of its readouts stands for the meeting's other side.
    assert resolve_pair(corpus, meeting.id, jp.id) == (kr, jp)


def test_candidates_put_the_same_ministers_first(seeds: Corpus) -> None:
    jp = seeds.readout(JP_2018)
    assert jp is not None
    order = [r.id for r in candidates(seeds, jp)]
    assert order[0] == KR_2018
    assert JP_2018 not in order
    assert len(order) == len(seeds.readouts) - 1


def test_a_principal_named_in_another_spelling_is_credited() -> None:
    # Korea's page spells her "Kang Kyung-hwa"; the people file knows it as an alias.
    kr = KOREA.replace("Kim Sung-hwan", "Kang Kyung-wha").replace("Minister Kim", "Kang Kyung-hwa")
    jp = JAPAN.replace("Dr. Kim Sung-hwan", "Dr. Kang Kyung-wha").replace(
        "Minister Kim", "Minister Kang"
    )
    corpus = read_pair(jp.replace("2011", "2018"), kr.replace("2011", "2018"))
    (meeting,) = corpus.meetings
    cmp = compare(*meeting.readouts)
    said = {(a.label, a.speaker, a.verb, a.topic) for a in cmp.attributions}
    assert ("mofa-korea", "Kang Kyung-wha", "reiterated", "Takeshima/Dokdo") in said


# --- the United States and China: a summit both sides wrote up, each in its own way ----------

WHITE_HOUSE = """---
title: "Readout of President Joe Biden's Meeting with President Xi Jinping"
date: 2023-11-15
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/15/readout/
---

President Joseph R. Biden, Jr. met with President Xi Jinping of the People's Republic of China \
in Woodside, California on November 15, 2023.

On Taiwan, President Biden emphasized that our one China policy has not changed. He called for \
restraint in the PRC's use of military activity in and around the Taiwan Strait.

President Biden raised continued concerns about the PRC's human rights abuses, including in \
Xinjiang, Tibet, and Hong Kong.

The leaders welcomed resuming military-to-military communication and discussed the situation \
in the South China Sea.
"""

CHINA = """---
title: "President Xi Jinping Meets with U.S. President Joe Biden"
date: 2023-11-16
source_url: https://www.mfa.gov.cn/eng/zxxx_662805/202311/t20231116.html
---

On the morning of November 16 Beijing time, President Xi Jinping met with U.S. President Joe \
Biden in San Francisco.

President Xi stated that the Taiwan question remains the most important and most sensitive \
issue in China-U.S. relations. The U.S. side should stop arming Taiwan.

The two Presidents agreed to resume high-level military-to-military communication and to \
establish a government dialogue on artificial intelligence.
"""


def test_a_us_china_summit_aligns_by_topic() -> None:
    corpus = read_pair(WHITE_HOUSE, CHINA)
    (meeting,) = corpus.meetings  # Woodside and San Francisco, a day apart: one meeting
    us, cn = sorted(meeting.readouts, key=lambda r: r.source != "white-house")
    assert (us.source, cn.source) == ("white-house", "mfa-china")
    cmp = compare(us, cn)
    assert (cmp.left.place, cmp.right.place) == ("Woodside", "San Francisco")  # each side's name
    assert cmp.to_json()["sides"]["white-house"]["place"] == "Woodside"
    assert set(cmp.both) == {"Taiwan", "Military communication"}
    assert set(cmp.only("white-house")) == {"Human rights", "Maritime security"}
    assert cmp.only("mfa-china") == ("Technology and export controls",)
    taiwan = next(r for r in cmp.rows if r.topic == "Taiwan")
    assert [paragraph_text(cn, i)[:12] for i in taiwan.right.paragraphs] == ["President Xi"]
    said = {(a.label, a.speaker, a.verb, a.topic) for a in cmp.attributions}
    assert ("white-house", "Joe Biden", "raised", "Human rights") in said
    assert ("mfa-china", "Xi Jinping", "stated", "Taiwan") in said
