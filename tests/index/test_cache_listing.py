"""The cache's listing: the meeting list of a cached corpus, read without reading the corpus.

What a second start lists before its corpus arrives must be that corpus's list, row for row;
a listing that is damaged, of another version or of another corpus is never shown.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from index.cache import cached_listing, load_corpus_cached
from index.cache_listing import ListedMeeting, Listing
from index.corpus import seeds_dir
from index.model import Corpus


def readouts_folder(tmp_path: Path) -> Path:
    """The five seeds (Korea's of April 2018 moved to the day of Japan's January meeting, so
    that one meeting is told by both ministries), a readout in the Japanese ministry's style
    and an undated note whose title looks like markup."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for seed in seeds_dir().iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    # Korea's page of 11 April 2018 moved to Japan's 16 January: one meeting told by both.
    kr = (
        (seeds_dir() / "002_c362ed1f5c1351db.txt")
        .read_text(encoding="utf-8")
        .replace("Apr 11,2018", "Jan 16,2018")
        .replace("2018.4.11", "2018.1.16")
        .replace("on April 11 held talks in Seoul", "on January 16 held talks in Tokyo")
    )
    (folder / "002_c362ed1f5c1351db.txt").write_text(kr, encoding="utf-8")
    (folder / "extra.md").write_text(
        "---\ntitle: Japan-Philippines Foreign Ministers' Meeting\ndate: '2023-07-12'\n"
        "source: mofa-japan\n---\n\nOn July 12, commencing at 9:00 a.m. (local time) for about "
        "40 minutes, Mr. HAYASHI Yoshimasa, Minister for Foreign Affairs of Japan, held a "
        "meeting with H.E. Enrique Manalo, Secretary of Foreign Affairs of the Philippines, in "
        "Jakarta.\n",
        encoding="utf-8",
    )
    (folder / "undated.txt").write_text(
        "Statement on [/bold] markup\n\nThe ministers spoke by telephone.\n", encoding="utf-8"
    )
    return folder


def rows(meetings: object) -> list[tuple[object, ...]]:
    """What a list row shows of each meeting."""
    return [
        (m.id, m.meeting_date, m.title, m.place, m.sources, m.participants)
        for m in meetings  # type: ignore[attr-defined]
    ]


def listing_file(cache: Path) -> Path:
    return next(cache.glob("corpus-*.listing"))


def test_the_listing_is_the_corpus_list_row_for_row(tmp_path: Path) -> None:
    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    listing = cached_listing([docs], cache_dir=cache)
    assert listing is not None
    assert rows(listing.meetings) == rows(corpus.meetings)
    assert (listing.documents, listing.skipped, listing.token) == (
        len(corpus.readouts),
        len(corpus.skipped),
        corpus.token,
    )
    assert any(len(m.sources) == 2 for m in listing.meetings)  # both sides of one meeting
    assert any(m.participants for m in listing.meetings)
    newest = listing.meetings.newest_first()
    assert rows(newest) == rows(corpus.meetings[::-1])
    assert rows(newest[1:3]) == rows(corpus.meetings[::-1][1:3])
    assert rows([newest[-1]]) == rows([corpus.meetings[0]])
    for i, meeting in enumerate(corpus.meetings[::-1]):
        assert newest.index_of(meeting.id) == i
    assert newest.index_of("no-such-meeting") is None
    assert all(isinstance(m, ListedMeeting) and m.readouts == () for m in listing.meetings)


def test_the_listing_is_private_like_the_rest_of_the_cache(tmp_path: Path) -> None:
    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    assert stat.S_IMODE(os.stat(listing_file(cache)).st_mode) == 0o600


def test_a_damaged_listing_is_never_shown_and_is_written_again(tmp_path: Path) -> None:
    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    file = listing_file(cache)
    data = bytearray(file.read_bytes())
    for at in (5, len(data) // 2, len(data) - 1):  # the magic word, the middle, the end
        damaged = bytearray(data)
        damaged[at] ^= 0x20
        file.write_bytes(bytes(damaged))
        assert cached_listing([docs], cache_dir=cache) is None
    at = data.index(b"Philippines")  # a letter of a title changed into another
    file.write_bytes(bytes(data[:at]) + b"Q" + bytes(data[at + 1 :]))
    assert cached_listing([docs], cache_dir=cache) is None
    file.write_bytes(bytes(data[: len(data) // 3]))  # cut short
    assert cached_listing([docs], cache_dir=cache) is None
    file.unlink()
    assert cached_listing([docs], cache_dir=cache) is None
    # The next load that finds nothing changed writes it again.
    _, report = load_corpus_cached([docs], cache_dir=cache)
    assert not report.changed
    listing = cached_listing([docs], cache_dir=cache)
    assert listing is not None and rows(listing.meetings) == rows(corpus.meetings)


def test_a_listing_of_another_version_is_not_read(tmp_path: Path) -> None:
    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    load_corpus_cached([docs], cache_dir=cache)
    file = listing_file(cache)
    first, rest = file.read_bytes().split(b"\n", 1)
    magic, stamp, digest = first.split()
    file.write_bytes(b" ".join([magic, b"0" * len(stamp), digest]) + b"\n" + rest)
    assert cached_listing([docs], cache_dir=cache) is None


def test_a_changed_folder_gets_the_listing_of_its_new_corpus(tmp_path: Path) -> None:
    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    before, _ = load_corpus_cached([docs], cache_dir=cache)
    (docs / "extra.md").unlink()
    (docs / "later.md").write_text(
        "---\ntitle: Japan-ROK Foreign Ministers' Telephone Talk\ndate: '2024-01-05'\n---\n\n"
        "Foreign Minister KAMIKAWA Yoko held a telephone talk with Minister Park Jin.\n",
        encoding="utf-8",
    )
    after, _ = load_corpus_cached([docs], cache_dir=cache)
    listing = cached_listing([docs], cache_dir=cache)
    assert listing is not None
    assert listing.token == after.token != before.token
    assert rows(listing.meetings) == rows(after.meetings)
    titles = [m.title for m in listing.meetings]
    assert "Japan-ROK Foreign Ministers' Telephone Talk" in titles
    assert "Japan-Philippines Foreign Ministers' Meeting" not in titles


def test_no_listing_for_the_seeds_or_an_empty_cache(tmp_path: Path) -> None:
    docs = readouts_folder(tmp_path)
    assert cached_listing([docs], cache_dir=tmp_path / "cache") is None
    from index.workspace import cached_listing as for_the_app

    assert for_the_app(None) is None


def test_an_empty_folder_lists_no_meeting(tmp_path: Path) -> None:
    docs, cache = tmp_path / "empty", tmp_path / "cache"
    docs.mkdir()
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    assert isinstance(corpus, Corpus) and not corpus.meetings
    listing = cached_listing([docs], cache_dir=cache)
    assert listing is None or len(listing.meetings) == 0


def test_the_lists_titles_and_order_from_a_listing_agree_with_the_corpus(tmp_path: Path) -> None:
    """What the app's list makes of a listing (newest first, same-day titles told apart) is
    what it makes of the corpus."""
    from tui.flow.rows import SameDayTitles, distinct_titles, ordered

    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    day = "---\ntitle: Readout of Secretary Blinken's Meeting with Foreign Minister {}\n"
    for name in ("Hayashi of Japan", "Park of Korea"):
        (docs / f"{name[:4]}.md").write_text(
            day.format(name) + "date: '2023-01-05'\nsource: white-house\n---\n\nThey met.\n",
            encoding="utf-8",
        )
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    listing = cached_listing([docs], cache_dir=cache)
    assert listing is not None
    for newest in (True, False):
        assert rows(ordered(listing.meetings, newest)) == rows(ordered(corpus.meetings, newest))
    expected = distinct_titles(corpus.meetings)
    assert sorted(expected.values()) == ["…Hayashi of Japan", "…Park of Korea"]
    assert distinct_titles(listing.meetings) == expected
    lazy = SameDayTitles(listing.meetings)
    assert {m.id: lazy.get(m.id) for m in corpus.meetings} == {
        m.id: expected.get(m.id, "") for m in corpus.meetings
    }


def test_a_listed_meeting_is_read_from_the_records_as_the_corpus_has_it(tmp_path: Path) -> None:
    from index.workspace import listed_meeting

    docs, cache = readouts_folder(tmp_path), tmp_path / "cache"
    corpus, _ = load_corpus_cached([docs], cache_dir=cache)
    listing = cached_listing([docs], cache_dir=cache)
    assert listing is not None
    for listed, meeting in zip(listing.meetings, corpus.meetings, strict=True):
        assert isinstance(listed, ListedMeeting)
        opened = listed_meeting([docs], listing, listed, cache_dir=cache)
        assert opened == meeting  # every field of every readout, the texts too
        assert opened is not None and all(not r.text_on_disk for r in opened.readouts)
    paired = next(m for m in listing.meetings if len(m.sources) == 2)
    assert isinstance(paired, ListedMeeting)
    # Damage, another corpus, no records: no head start, and no exception.
    store = next(cache.glob("corpus-*.texts"))
    data = store.read_bytes()
    store.write_bytes(data.replace(b"Takeshima", b"Takeshimb"))
    assert listed_meeting([docs], listing, paired, cache_dir=cache) is None
    store.write_bytes(data)
    other = Listing("another-token", listing.documents, listing.skipped, listing.meetings)
    assert listed_meeting([docs], other, paired, cache_dir=cache) is None
    next(cache.glob("corpus-*.records")).unlink()
    assert listed_meeting([docs], listing, paired, cache_dir=cache) is None
    assert listed_meeting(None, listing, paired, cache_dir=cache) is None
