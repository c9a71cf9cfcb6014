"""A meeting date read from the text only where the text says a meeting took place then.

Issue 16: a notice published 2021-07-07 ("On July 14, 2020, by Executive Order 13936, the
President declared a national emergency ...") was listed under 2020-07-14. A notice, a
proclamation or a declaration that reports no meeting is dated by its publication; a date in
another sentence than the one that reports the meeting, or after words that make it another
event's ("follows the Summit on January 9"), is not the meeting's."""

from __future__ import annotations

import pytest

from index.model import RawDoc
from index.parse import parse_document


def _wh(title: str, date: str, body: str) -> tuple[str, str]:
    doc = RawDoc(
        "page.md",
        f"---\ntitle: {title}\ndate: '{date}'\n---\n\n{body}\n",
        "md",
        "utf-8",
        {},
    )
    r = parse_document(doc)
    return r.published, r.meeting_date


CASES = [
    (
        "a notice quoting the order it continues",
        "Notice on the Continuation of the National Emergency with Respect to Hong Kong",
        "2021-07-07",
        "On July 14, 2020, by Executive Order 13936, the President declared a national emergency "
        "pursuant to the International Emergency Economic Powers Act to deal with the unusual "
        "and extraordinary threat constituted by the situation with respect to Hong Kong.\n\n"
        "The situation with respect to Hong Kong continues to pose an unusual and extraordinary "
        "threat. Therefore, I am continuing for 1 year the national emergency.",
        "2021-07-07",
    ),
    (
        "a disaster declaration dated by its incident period",
        "President Joseph R. Biden, Jr. Approves Florida Disaster Declaration",
        "2022-09-29",
        "Today, President Joseph R. Biden, Jr. declared that a major disaster exists in the State "
        "of Florida and ordered Federal aid to supplement recovery efforts in the areas affected "
        "by Hurricane Ian from September 23, 2022, and continuing.",
        "2022-09-29",
    ),
    (
        "a date in a later sentence of the lead, not the call's",
        "Readout of President Biden's Call with Prime Minister Trudeau of Canada",
        "2021-04-21",
        "President Biden spoke with Canadian Prime Minister Justin Trudeau regarding the Leaders "
        "Summit on Climate. Both leaders reaffirmed the High-Level Dialogue on Climate Ambition "
        "launched on February 23.",
        "2021-04-21",
    ),
    (
        "a date after 'follows' is another event's",
        "Joint Statement on the U.S.-Mexico Security Dialogue",
        "2023-04-14",
        "The meeting follows the commitment the two presidents made during the North American "
        "Leaders' Summit on January 9-10.",
        "2023-04-14",
    ),
    (
        "the meeting's own date, before the verb",
        "Readout of the Principal Deputy National Security Advisor's Meeting",
        "2024-10-11",
        "On October 10, Principal Deputy National Security Advisor Jon Finer met with Deputy "
        "Prime Minister John Rosso of Papua New Guinea in Washington, DC.",
        "2024-10-10",
    ),
    (
        "'participated in the meeting' on a day given with its weekday",
        "Readout of Council of Governors Meeting",
        "2022-07-14",
        "On Wednesday, July 13, senior officials from the White House participated in the 25th "
        "plenary meeting of the Council of Governors.",
        "2022-07-13",
    ),
    (
        "'yesterday' in the sentence that reports the call",
        "Readout of National Security Advisor Jake Sullivan's Call with Celso Amorim",
        "2024-05-15",
        "National Security Advisor Jake Sullivan spoke by telephone yesterday with Brazilian "
        "Presidential Advisor Celso Amorim.",
        "2024-05-14",
    ),
    (
        "'on Friday': the last Friday up to the page",
        "Readout of Jon Finer's Meeting with the UN High Commissioner for Refugees",
        "2024-05-13",
        "Principal Deputy National Security Advisor Jon Finer met with the United Nations High "
        "Commissioner for Refugees, Filippo Grandi, on Friday.",
        "2024-05-10",
    ),
    (
        "a speaker's 'yesterday' dates a speech, not a meeting",
        "Remarks by President Biden Before Air Force One Departure",
        "2021-10-25",
        "THE PRESIDENT: Yesterday, I met with the Speaker and we talked about the bill.",
        "2021-10-25",
    ),
    (
        "the call's own 'this afternoon' before a later 'on Sunday' of the storm",
        "Readout of President Biden Call with Northeastern Governors in Advance of Hurricane",
        "2021-08-21",
        "This afternoon, President Biden convened a call with Northeastern Governors and FEMA "
        "Administrator Criswell to discuss the hurricane's anticipated landfall on Long Island "
        "on Sunday.",
        "2021-08-21",
    ),
    (
        "a proclamation's day to come, a day after the page, is no meeting",
        "A Proclamation on the National Peace Officers' Memorial Service",
        "2021-10-15",
        "In honor of the National Peace Officers' Memorial Service being held in Washington, "
        "D.C., I hereby order that the flag of the United States shall be flown at half-staff "
        "on Saturday, October 16, 2021.",
        "2021-10-15",
    ),
    (
        "a meeting in Asia a day after the page published the evening before in Washington",
        "Readout of National Security Advisor Jake Sullivan's Trilateral Meeting in Seoul",
        "2023-12-08",
        "On Saturday, December 9, National Security Advisor Jake Sullivan met with National "
        "Security Advisor Takeo Akiba of Japan and National Security Office Director Cho "
        "Tae-yong of the Republic of Korea in Seoul.",
        "2023-12-09",
    ),
    (
        "'last Tuesday' on a Monday page is six days before",
        "Readout of White House Meeting with Tribal Leaders on Public Safety",
        "2024-03-11",
        "Last Tuesday, senior White House officials hosted a meeting with Tribal leaders to "
        "discuss public safety and the missing and murdered Indigenous persons crisis.",
        "2024-03-05",
    ),
    (
        "'last Friday' on a Friday page is a week before",
        "Readout of White House Meeting with Faith Leaders",
        "2023-06-16",
        "Last Friday, senior officials met with faith leaders to discuss the Administration's "
        "efforts to address the mental health crisis.",
        "2023-06-09",
    ),
    (
        "a date inside a commission's name is not the meeting's; 'yesterday' is",
        "Readout of White House Meeting with the Chair of the Commission on January 6 Records",
        "2024-05-10",
        "Yesterday, senior officials of the Domestic Policy Council met with the Chair of the "
        "Independent Commission on January 6 Records and Archives to discuss preservation.",
        "2024-05-09",
    ),
]


@pytest.mark.parametrize(
    ("title", "date", "body", "meeting"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_meeting_date(title: str, date: str, body: str, meeting: str) -> None:
    assert _wh(title, date, body) == (date, meeting)


def test_originals_keep_the_day_of_the_talks() -> None:
    text = (
        "日韓外相電話会談\n\n令和5年3月6日\n\n"
        "3月5日（日曜日）午後9時から約20分間，林芳正外務大臣は，朴振（パク・チン）韓国外交部長官と"
        "電話会談を行いました。\n"
    )
    r = parse_document(RawDoc("ja.txt", text, "txt", "utf-8", {}))
    assert (r.published, r.meeting_date) == ("2023-03-06", "2023-03-05")
