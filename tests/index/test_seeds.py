"""Every field of every bundled seed readout, asserted exactly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from index.corpus import load_corpus, original_text, seeds_dir
from index.model import Corpus, Participant, Readout

REPO = Path(__file__).resolve().parents[2]
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

JP_FM = "Minister for Foreign Affairs"
KR_FM = "Minister of Foreign Affairs"

EXPECTED = {
    "000_7649ba9fd1d71740.txt": {
        "id": "2011-03-19-mofa-japan-matsumoto-kim",
        "source": "mofa-japan",
        "title": "Japan-ROK Foreign Ministers' Meeting",
        "published": "2011-05-13",
        "meeting_date": "2011-03-19",
        "participants": (
            Participant("Takeaki Matsumoto", "Japan", JP_FM),
            Participant("Kim Sung-hwan", "ROK", "Minister of Foreign Affairs and Trade"),
        ),
        "attendees": (),
        "place": "Kyoto",
        "topics": (
            "North Korea",
            "Takeshima/Dokdo",
            "Trilateral cooperation",
            "Economy",
            "Disaster relief",
            "Nuclear and missiles",
            "History issues",
        ),
        "headings": (
            "",
            "1. Great East Japan Earthquake",
            "2. Japan-ROK Relations",
            "3. North Korean Issues",
        ),
        "paragraphs": 15,
    },
    "001_3c750eb1d4bf914e.txt": {
        "id": "2018-01-16-mofa-japan-kono-kang",
        "source": "mofa-japan",
        "title": "Japan-ROK Foreign Ministers' Meeting",
        "published": "2018-01-16",
        "meeting_date": "2018-01-16",
        "participants": (
            Participant("Taro Kono", "Japan", JP_FM),
            Participant("Kang Kyung-wha", "ROK", KR_FM),
        ),
        "attendees": (),
        "place": "",
        "topics": (
            "North Korea",
            "Takeshima/Dokdo",
            "Comfort women",
            "Wartime labor",
            "Trilateral cooperation",
        ),
        "headings": ("", "1 North Korea", "2 Japan-ROK relations", "3 Other"),
        "paragraphs": 7,
    },
    "002_c362ed1f5c1351db.txt": {
        "id": "2018-04-11-mofa-korea-kang-kono",
        "source": "mofa-korea",
        "title": "Korea, Japan agree to boost communication, cooperation for Inter-Korean, "
        "N.K.-U.S. Summits",
        "published": "2018-04-11",
        "meeting_date": "2018-04-11",
        "participants": (
            Participant("Kang Kyung-wha", "ROK", KR_FM),
            Participant("Taro Kono", "Japan", JP_FM),
        ),
        "attendees": (),
        "place": "Seoul",
        "topics": (
            "North Korea",
            "Takeshima/Dokdo",
            "Comfort women",
            "Wartime labor",
            "Trilateral cooperation",
            "Economy",
            "People-to-people exchange",
            "Nuclear and missiles",
            "History issues",
            "Fisheries",
        ),
        "headings": ("",),
        "paragraphs": 12,
    },
    "003_b2fbf85e53d0a9e2.txt": {
        "id": "2023-07-13-mofa-japan-hayashi-park",
        "source": "mofa-japan",
        "title": "Japan-ROK Foreign Ministers' Meeting",
        "published": "2023-07-13",
        "meeting_date": "2023-07-13",
        "participants": (
            Participant("Yoshimasa Hayashi", "Japan", JP_FM),
            Participant("Park Jin", "ROK", KR_FM),
        ),
        "attendees": (),
        "place": "Indonesia",
        "topics": (
            "North Korea",
            "Abductions",
            "ALPS treated water",
            "Trilateral cooperation",
            "Economy",
            "Nuclear and missiles",
        ),
        "headings": ("",),
        "paragraphs": 4,
    },
    "004_3efa4093d0a0abfa.txt": {
        "id": "2016-09-18-mofa-japan-kishida-yun",
        "source": "mofa-japan",
        "title": "Japan-ROK Foreign Ministers' Meeting",
        "published": "2016-09-18",
        "meeting_date": "2016-09-18",
        "participants": (
            Participant("Fumio Kishida", "Japan", JP_FM),
            Participant("Yun Byung-se", "ROK", KR_FM),
        ),
        "attendees": (
            Participant(
                "Koro Bessho",
                "Japan",
                "Permanent Representative of Japan to the United Nations (UN)",
            ),
            Participant(
                "Kenji Kanasugi",
                "Japan",
                "Director-General of the Asian and Oceanian Affairs Bureau",
            ),
            Participant("Oh Joon", "ROK", "Permanent Representative of the ROK to the UN"),
            Participant(
                "Kim Hong-kyun",
                "ROK",
                "Special Representative for Korean Peninsula Peace and Security Affairs of the "
                "Ministry of Foreign Affairs",
            ),
        ),
        "place": "New York",
        # "Human rights": Kishida on "North Korea's human rights and humanitarian issues".
        "topics": (
            "North Korea",
            "Abductions",
            "Trilateral cooperation",
            "Nuclear and missiles",
            "Human rights",
        ),
        "headings": ("",),
        "paragraphs": 3,
    },
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def by_file(corpus: Corpus, name: str) -> Readout:
    (r,) = [r for r in corpus.readouts if Path(r.path).name == name]
    return r


def test_bundled_seeds_are_byte_identical_to_the_shared_originals() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is absent: nothing to compare the bundled seeds with")
    for original in sorted(SHARED_SEEDS.iterdir()):
        bundled = seeds_dir() / original.name
        digest = hashlib.sha256(original.read_bytes()).hexdigest()
        assert hashlib.sha256(bundled.read_bytes()).hexdigest() == digest, original.name
    assert sorted(p.name for p in seeds_dir().iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_fields(corpus: Corpus, name: str) -> None:
    r = by_file(corpus, name)
    want = EXPECTED[name]
    assert r.id == want["id"]
    assert r.source == want["source"]
    assert r.title == want["title"]
    assert r.published == want["published"]
    assert r.meeting_date == want["meeting_date"]
    assert r.participants == want["participants"]
    assert r.attendees == want["attendees"]
    assert r.place == want["place"]
    assert r.topics == want["topics"]
    assert tuple(s.heading for s in r.sections) == want["headings"]
    assert sum(len(s.paragraphs) for s in r.sections) == want["paragraphs"]
    assert r.format == r.source and not r.is_generic
    assert r.encoding == "utf-8"
    assert original_text(r) == (seeds_dir() / name).read_text(encoding="utf-8")


def test_meetings_are_the_five_seeds_in_meeting_date_order(corpus: Corpus) -> None:
    assert [m.meeting_date for m in corpus.meetings] == [
        "2011-03-19",
        "2016-09-18",
        "2018-01-16",
        "2018-04-11",
        "2023-07-13",
    ]
    assert all(len(m.readouts) == 1 for m in corpus.meetings)
    assert corpus.label == "bundled seeds" and corpus.skipped == ()


def test_cleaned_text_has_no_page_furniture(corpus: Corpus) -> None:
    for r in corpus.readouts:
        assert "Back to" not in r.text
        assert ".jpg" not in r.text
        assert "Policy Briefing" not in r.text
        assert "(Photo)" not in r.text
        assert "shakes hands" not in r.text  # the photo caption of seed 003
        assert "1. (1)" not in r.text
        assert not r.text.startswith(("Japan-Republic of Korea Relations", "Press Releases"))


def test_doubled_list_numbering_is_cleaned(corpus: Corpus) -> None:
    r = by_file(corpus, "000_7649ba9fd1d71740.txt")
    first = r.sections[1].paragraphs[0]
    assert first.startswith("(1) Minister Matsumoto thanked Minister Kim")
    # The indented note under item (3) is kept as its own paragraph, in place.
    assert r.sections[2].paragraphs[3] == "(The meeting was held on May 9 in Seoul.)"


def test_text_is_the_sections_joined(corpus: Corpus) -> None:
    r = by_file(corpus, "001_3c750eb1d4bf914e.txt")
    assert r.text.split("\n\n")[:2] == [
        r.sections[0].paragraphs[0],
        "1 North Korea",
    ]
    assert r.text.startswith("On the morning of January 16, Mr. Taro Kono")


def test_json_names_are_the_documented_ones(corpus: Corpus) -> None:
    data = corpus.readouts[0].to_json()
    for key in ("id", "path", "source", "title", "published", "meeting_date", "participants",
                "place", "sections", "topics"):  # fmt: skip
        assert key in data
    assert set(data["participants"][0]) == {"name", "country", "role"}
