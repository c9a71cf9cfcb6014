"""Pairing: the two ministries' readouts of one meeting land in one meeting, and only those.

Every readout here is written for the test in its ministry's style (MOFA Japan's overview
pages, MOFA Korea's press releases) and read by the real parser, so a test sees what a user
would: the meetings the corpus lists.
"""

from __future__ import annotations

import pytest

from index.corpus import RawDoc
from index.meetings import assign_ids, group_meetings
from index.model import Meeting, Readout
from index.pairing import METROS_FILE, area, place_relation, places_agree, same_person
from index.parse import parse_document


def japan(
    *,
    day: str = "March 19",
    year: int = 2011,
    japanese: str = "Mr. Takeaki Matsumoto",
    korean: str = "H.E. Dr. Kim Sung-hwan",
    place: str = "",
    body: str = "Minister Matsumoto stated that Japan's position on Takeshima remains unchanged.",
) -> str:
    where = f" in {place}" if place else ""
    return f"""Japan-ROK Foreign Ministers' Meeting

{day}, {year}
On {day}, commencing at 10:30 a.m. for approximately 60 minutes, {japanese}, Minister for \
Foreign Affairs of Japan, held a meeting with {korean}, Minister of Foreign Affairs and Trade of \
the Republic of Korea{where}. The overview of the meeting is as follows.

1 Japan-ROK relations

(1) {body}

(2) The two ministers shared the view that the comfort women issue should be managed \
appropriately.

Back to Japan-Republic of Korea Relations
"""


def korea(
    *,
    day: str = "March 19",
    published: str = "Mar 20,2011",
    korean: str = "Kim Sung-hwan",
    japanese: str = "Takeaki Matsumoto",
    place: str = "",
    body: str = "Minister Kim reiterated that Dokdo is Korean territory.",
) -> str:
    where = f" in {place}" if place else ""
    return f"""Press Releases

Korea, Japan agree to boost cooperation on North Korea

{published}
Policy Briefing |2011.3.20

Foreign Minister {korean} on {day} held talks{where} with Japanese Foreign Minister {japanese} on \
bilateral relations and North Korea's nuclear program.

{body} He called for a resolution of the issue of women forced into sexual slavery by the \
Japanese military.
"""


def corpus(*texts: str) -> tuple[Meeting, ...]:
    readouts = [parse_document(RawDoc(f"doc{i}.txt", text, "txt")) for i, text in enumerate(texts)]
    return group_meetings(assign_ids(readouts))


def sources(meeting: Meeting) -> list[str]:
    return [r.source for r in meeting.readouts]


def read(text: str) -> Readout:
    return parse_document(RawDoc("doc.txt", text, "txt"))


def test_the_written_readouts_parse_as_their_ministry() -> None:
    jp = read(japan(place="Kyoto"))
    kr = read(korea(place="Seoul"))
    assert (jp.source, jp.meeting_date, jp.place) == ("mofa-japan", "2011-03-19", "Kyoto")
    assert (kr.source, kr.meeting_date, kr.place) == ("mofa-korea", "2011-03-19", "Seoul")
    assert len(jp.participants) == 2 and len(kr.participants) == 2


def test_same_day_same_people_is_one_meeting_with_both_readouts() -> None:
    (meeting,) = corpus(japan(place="Kyoto"), korea())
    assert sources(meeting) == ["mofa-japan", "mofa-korea"]
    assert meeting.meeting_date == "2011-03-19"


def test_only_one_side_names_the_place_and_the_meeting_has_it() -> None:
    (meeting,) = corpus(japan(), korea(place="Kyoto"))
    assert meeting.place == "Kyoto"
    assert len(meeting.readouts) == 2


def test_a_day_apart_is_one_meeting_dated_by_the_earlier_side() -> None:
    # Korea's release gives the local date in Seoul, the day after (a late meeting abroad).
    (meeting,) = corpus(japan(place="New York"), korea(day="March 20", published="Mar 20,2011"))
    assert sources(meeting) == ["mofa-japan", "mofa-korea"]
    assert meeting.meeting_date == "2011-03-19"
    assert meeting.place == "New York"


def test_two_days_apart_are_two_meetings() -> None:
    meetings = corpus(japan(), korea(day="March 21", published="Mar 21,2011"))
    assert [sources(m) for m in meetings] == [["mofa-japan"], ["mofa-korea"]]


@pytest.mark.parametrize(
    ("kr_name", "jp_name"),
    [
        ("Kim Seong-hwan", "Takeaki Matsumoto"),  # a romanisation the people file does not list
        ("Kim Sung-hwan", "Matsumoto Takeaki"),  # family name first
        ("Kim Sung Hwan", "MATSUMOTO Takeaki"),  # no hyphen; MOFA's capitals
    ],
)
def test_known_people_spelled_or_ordered_differently_pair(kr_name: str, jp_name: str) -> None:
    (meeting,) = corpus(japan(), korea(korean=kr_name, japanese=jp_name))
    assert len(meeting.readouts) == 2


def test_unknown_people_pair_by_family_name_and_a_close_given_name() -> None:
    # Neither minister is in the people file: family name + a fuzzy given name decides.
    jp = japan(japanese="Mr. Ichiro Tanabe", korean="H.E. Mr. Seo Min-jun", year=2031)
    kr = korea(korean="Seo Min-joon", japanese="Tanabe Ichiro", published="Mar 20,2031")
    (meeting,) = corpus(jp, kr)
    assert sources(meeting) == ["mofa-japan", "mofa-korea"]


def test_unknown_people_with_the_same_family_name_but_other_given_names_stay_apart() -> None:
    jp = japan(japanese="Mr. Ichiro Tanabe", korean="H.E. Mr. Seo Min-jun", year=2031)
    kr = korea(korean="Seo Ha-eun", japanese="Tanabe Ichiro", published="Mar 20,2031")
    assert len(corpus(jp, kr)) == 2


def test_other_ministers_on_the_same_day_are_another_meeting() -> None:
    kr = korea(korean="Yun Byung-se", japanese="Fumio Kishida")
    assert len(corpus(japan(), kr)) == 2


def test_two_meetings_a_day_apart_in_two_places_stay_apart() -> None:
    meetings = corpus(
        japan(place="Kyoto"),
        korea(day="March 20", published="Mar 20,2011", place="Busan"),
    )
    assert [(m.place, sources(m)) for m in meetings] == [
        ("Kyoto", ["mofa-japan"]),
        ("Busan", ["mofa-korea"]),
    ]


def test_two_meetings_on_consecutive_days_each_get_their_own_two_readouts() -> None:
    meetings = corpus(
        japan(place="Kyoto"),
        korea(place="Kyoto"),
        japan(day="March 20", place="Tokyo"),
        korea(day="March 20", published="Mar 21,2011", place="Tokyo"),
    )
    assert [(m.meeting_date, m.place, sources(m)) for m in meetings] == [
        ("2011-03-19", "Kyoto", ["mofa-japan", "mofa-korea"]),
        ("2011-03-20", "Tokyo", ["mofa-japan", "mofa-korea"]),
    ]


def test_a_day_apart_the_same_day_match_wins() -> None:
    # Korea's readout of the 20th could pair with Japan's of the 19th (a day apart, no place
    # named), but Japan's readout of the 20th is the closer match.
    meetings = corpus(japan(), japan(day="March 20"), korea(day="March 20"))
    assert [(m.meeting_date, sources(m)) for m in meetings] == [
        ("2011-03-19", ["mofa-japan"]),
        ("2011-03-20", ["mofa-japan", "mofa-korea"]),
    ]


def test_one_publisher_twice_on_one_day_is_two_meetings() -> None:
    meetings = corpus(japan(place="Kyoto"), japan(place="Tokyo"))
    assert len(meetings) == 2
    assert len({m.id for m in meetings}) == 2


def test_a_paired_meeting_id_is_unique_and_readable() -> None:
    (meeting,) = corpus(japan(), korea())
    assert meeting.id == "2011-03-19-matsumoto-kim"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kang Kyung-wha", "Kang Kyung-hwa", True),
        ("Fumio Kishida", "Kishida Fumio", True),
        ("Hong Gil-dong", "Gil-dong Hong", True),
        ("Hong Gil-dong", "Hong Gil-tong", True),
        ("Hong Gil-dong", "Hong Soo-ah", False),
        ("Hong Gil-dong", "Kim Gil-dong", False),
        ("Yoon Min-ho", "Yun Min-ho", True),  # two romanisations of one family name
        ("Lee Soo-jin", "Rhee Soo-jin", True),
        ("Lee Soo-jin", "Park Soo-jin", False),
        ("Park Jin", "Park Geun-hye", False),  # two known people
    ],
)
def test_same_person_rule(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_places_agree_when_one_is_missing_or_contains_the_other() -> None:
    assert places_agree("", "Seoul")
    assert places_agree("New York", "New York City")
    assert not places_agree("Kyoto", "Busan")


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Woodside", "San Francisco", "same"),  # a town in the city's metro
        ("Woodside, California", "San Francisco", "same"),
        ("Filoli Estate", "San Francisco", "same"),  # a venue in it
        ("Iikura Guest House", "Tokyo", "same"),
        ("Jakarta", "Indonesia", "same"),  # a city in the country
        ("Seoul", "the Republic of Korea", "same"),
        ("Busan", "Seoul", "different"),  # two metros
        ("Kyoto", "Osaka", "different"),
        ("Woodside, California", "Los Angeles", "different"),
        ("Tokyo", "Korea", "different"),  # a city and another country
        ("California", "Hawaii", "different"),  # two regions
        ("Hakone", "Tokyo", "different"),
        ("Sunnylands", "Rancho Mirage, California", "same"),
        ("a seaside villa", "Tokyo", "unknown"),  # a place the file does not know
        ("", "Tokyo", "unknown"),
    ],
)
def test_place_relation_uses_metros_regions_and_countries(a: str, b: str, relation: str) -> None:
    assert place_relation(a, b) == relation
    assert place_relation(b, a) == relation


def test_every_metro_lies_in_a_known_country() -> None:
    import tomllib

    from index.countries import canonical

    metros = tomllib.loads(METROS_FILE.read_text(encoding="utf-8"))["metro"]
    assert len(metros) > 50
    for city, entry in metros.items():
        assert canonical(entry["country"]) == entry["country"], city
        assert area(city).metros == {city}, city  # no other entry's name swallows it


STATE = """---
title: "Secretary's Meeting with the Foreign Ministers of Japan and the Republic of Korea"
date: 2011-03-19
source_url: https://www.state.gov/readout
---

Secretary of State Jane Doe, Foreign Minister Takeaki Matsumoto of Japan and Foreign Minister \
Kim Sung-hwan of the Republic of Korea held a meeting on March 19 in Kyoto.
"""


def test_three_publishers_of_one_meeting_are_one_meeting() -> None:
    (meeting,) = corpus(japan(place="Kyoto"), korea(), STATE)
    assert sources(meeting) == ["mofa-japan", "mofa-korea", "us-state-department"]


def test_a_third_account_that_fails_a_rule_with_one_side_stays_out() -> None:
    # A day later and in another city: it pairs with neither side, and the two sides' accounts
    # stay one meeting.
    state = STATE.replace("March 19 in Kyoto", "March 20 in Osaka").replace(
        "2011-03-19", "2011-03-20"
    )
    meetings = corpus(japan(place="Kyoto"), korea(place="Kyoto"), state)
    assert sorted(sources(m) for m in meetings) == [
        ["mofa-japan", "mofa-korea"],
        ["us-state-department"],
    ]


# --- a summit the two sides placed differently: the White House and China's foreign ministry --

WHITE_HOUSE = """---
title: "Readout of President Joe Biden's Meeting with President Xi Jinping of the People's \
Republic of China"
date: 2023-11-15
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/15/readout/
---

President Joseph R. Biden, Jr. met with President Xi Jinping of the People's Republic of China \
in {place} on {day}, 2023. The two leaders held a candid and constructive discussion on a range \
of bilateral and global issues, including areas of potential cooperation.

President Biden emphasized that the United States and China are in competition, and that the \
United States will continue to invest in the sources of American strength at home and align \
with allies and partners around the world.

President Biden underscored that the United States will continue to stand up for its interests, \
its values, and its allies and partners.
"""

CHINA = """---
title: "President Xi Jinping Meets with U.S. President Joe Biden"
date: 2023-11-16
source_url: https://www.mfa.gov.cn/eng/zxxx_662805/202311/t20231116.html
---

On the morning of {day} Beijing time, President Xi Jinping met with U.S. President Joe Biden in \
{place}. The two Presidents had a candid and in-depth exchange of views on strategic and \
overarching issues critical to the direction of China-U.S. relations.

President Xi pointed out that China-U.S. relations, the most important bilateral relationship in \
the world, should be viewed and approached in the broad context of accelerating global \
transformations unseen in a century.

President Xi noted that the Taiwan question remains the most important and most sensitive issue \
in China-U.S. relations.
"""


def test_a_town_and_the_city_it_lies_by_are_one_meeting_a_day_apart() -> None:
    # The White House placed the 2023 summit in Woodside, California, dated November 15; China's
    # foreign ministry placed it in San Francisco, dated November 16 Beijing time.
    (meeting,) = corpus(
        WHITE_HOUSE.format(place="Woodside, California", day="November 15"),
        CHINA.format(place="San Francisco", day="November 16"),
    )
    assert meeting.meeting_date == "2023-11-15"
    assert len(meeting.readouts) == 2
    assert {r.place for r in meeting.readouts} == {"Woodside", "San Francisco"}


def test_a_venue_and_its_city_are_one_meeting_a_day_apart() -> None:
    (meeting,) = corpus(
        WHITE_HOUSE.format(place="Woodside, California", day="November 15"),
        CHINA.format(place="the Filoli Estate in San Francisco", day="November 16"),
    )
    assert len(meeting.readouts) == 2


def test_the_same_leaders_a_day_apart_in_two_cities_are_two_meetings() -> None:
    meetings = corpus(
        WHITE_HOUSE.format(place="San Francisco", day="November 15"),
        CHINA.format(place="Beijing", day="November 16"),
    )
    assert sorted((m.meeting_date, m.place, len(m.readouts)) for m in meetings) == [
        ("2023-11-15", "San Francisco", 1),
        ("2023-11-16", "Beijing", 1),
    ]


def test_a_japanese_town_by_a_korean_city_still_splits_a_day_apart() -> None:
    # Known places in two countries: a day apart they are two meetings, whatever the words.
    meetings = corpus(
        japan(place="Hakone"),
        korea(day="March 20", published="Mar 20,2011", place="Busan"),
    )
    assert len(meetings) == 2
