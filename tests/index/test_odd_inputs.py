"""Files the parser was not written for: it reads them sensibly, never crashes, never drops one."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest

from index.corpus import load_corpus, original_text, seeds_dir
from index.model import Corpus, Participant, Readout

CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def one(corpus: Corpus, name: str) -> Readout:
    (r,) = [r for r in corpus.readouts if Path(r.path.split(":")[0]).name == name]
    return r


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_no_date(tmp_path: Path) -> None:
    write(tmp_path, "note.txt", "Notes on the talks\n\nThe two sides met and talked at length.\n")
    r = one(load_corpus([tmp_path]), "note.txt")
    assert r.title == "Notes on the talks"
    assert r.published == "" and r.meeting_date == ""
    assert r.id == "undated-unknown-notes-on-the-talks"
    assert r.is_generic and r.source == "unknown"


def test_two_dates_page_date_and_meeting_date(tmp_path: Path) -> None:
    write(
        tmp_path,
        "two.txt",
        "Japan-ROK Foreign Ministers' Meeting\n\nMarch 3, 2020\n"
        "On February 28, Mr. Toshimitsu Motegi, Minister for Foreign Affairs, held talks with "
        "H.E. Ms. Kang Kyung-wha, Minister of Foreign Affairs of the ROK, in Tokyo. They agreed "
        "to meet again on April 2, 2020.\n\nBack to Japan-Republic of Korea Relations",
    )
    r = one(load_corpus([tmp_path]), "two.txt")
    assert r.published == "2020-03-03"
    assert r.meeting_date == "2020-02-28"
    assert r.source == "mofa-japan"
    assert r.participants == (
        Participant("Toshimitsu Motegi", "Japan", "Minister for Foreign Affairs"),
        Participant("Kang Kyung-wha", "ROK", "Minister of Foreign Affairs"),
    )
    assert r.place == "Tokyo"


def test_meeting_in_december_published_in_january_takes_the_year_before(tmp_path: Path) -> None:
    write(
        tmp_path,
        "late.txt",
        "Japan-ROK Foreign Ministers' Meeting\n\nJanuary 5, 2019\n"
        "On December 30, Mr. Taro Kono, Minister for Foreign Affairs, held a telephone talk with "
        "H.E. Dr. Kang Kyung-wha, Minister of Foreign Affairs of the ROK.\n\nBack to Index",
    )
    r = one(load_corpus([tmp_path]), "late.txt")
    assert (r.published, r.meeting_date) == ("2019-01-05", "2018-12-30")
    assert r.place == ""  # the text names no place: none is guessed


def test_no_title_line_takes_the_start_of_the_text(tmp_path: Path) -> None:
    body = "The delegations " + "discussed many matters of common interest " * 6 + "today."
    write(tmp_path, "untitled.txt", body)
    r = one(load_corpus([tmp_path]), "untitled.txt")
    assert r.title.startswith("The delegations discussed many matters")
    assert r.title.endswith("…") and len(r.title) <= 100
    assert r.is_generic


def test_empty_file_is_skipped_and_the_others_load(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.txt", "  \n\n ")
    write(tmp_path, "good.txt", "A title\n\nSome text.")
    corpus = load_corpus([tmp_path])
    assert [Path(r.path).name for r in corpus.readouts] == ["good.txt"]
    assert sorted((Path(s.path).name, s.reason) for s in corpus.skipped) == [
        ("blank.txt", "empty file"),
        ("empty.txt", "empty file"),
    ]


def test_encodings_are_decoded_and_recorded(tmp_path: Path) -> None:
    text = "Japan–ROK talks\n\nMinister Kōno met Minister Kang — “cordially”.\n"
    write(tmp_path, "a_utf16.txt", "\ufeff" + text, "utf-16-le")
    write(tmp_path, "b_bom.txt", "\ufeff" + text, "utf-8")
    write(tmp_path, "c_legacy.txt", "Caf\u00e9 talks\n\nA na\u00efve r\u00e9sum\u00e9.", "cp1252")
    (tmp_path / "d_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    corpus = load_corpus([tmp_path])
    got = {Path(r.path).name: (r.encoding, r.title) for r in corpus.readouts}
    assert got == {
        "a_utf16.txt": ("utf-16", "Japan–ROK talks"),
        "b_bom.txt": ("utf-8-sig", "Japan–ROK talks"),
        "c_legacy.txt": ("cp1252", "Café talks"),
    }
    assert [(Path(s.path).name, s.reason) for s in corpus.skipped] == [
        ("d_binary.txt", "binary file (mostly control bytes, not text)")
    ]


WH_MD = """---
tags: statements-releases
date: '2022-01-21'
source_url: https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/01/21/readout/
title: "Readout of President\\_Biden\\u2019s Meeting with Prime Minister Kishida of\\_\\
  Japan"
---

President Biden met virtually today with Prime Minister Kishida Fumio of
Japan to highlight the strength of the U.S.-Japan relationship and to
advance our shared vision of a free and open Indo-Pacific region.

The President commended Prime Minister Kishida’s strong commitment to
the U.S.-Japan Alliance.
"""


def test_white_house_markdown_takes_front_matter_and_principals_from_text(tmp_path: Path) -> None:
    write(tmp_path, "readout.md", WH_MD)
    r = one(load_corpus([tmp_path]), "readout.md")
    assert r.source == "white-house"
    assert r.title == "Readout of President Biden's Meeting with Prime Minister Kishida of Japan"
    assert r.published == r.meeting_date == "2022-01-21"
    assert r.participants == (
        Participant("Joe Biden", "United States", "President"),
        Participant("Fumio Kishida", "Japan", "Prime Minister"),
    )
    assert r.meta("source_url").startswith("https://bidenwhitehouse.archives.gov/")
    # Hard-wrapped Markdown lines are joined into paragraphs.
    assert r.sections[0].paragraphs[0].startswith("President Biden met virtually today")
    assert len(r.sections[0].paragraphs) == 2
    assert r.id == "2022-01-21-white-house-biden-kishida"


def test_white_house_readouts_from_the_shared_corpus() -> None:
    path = CORPUS_DIR / "wh_briefing_room_2021_2026.jsonl.xz"
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus is not on this machine")
    lines = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if "readout-of-president-bidens-meeting-with-prime-minister-kishida" in line:
                lines.append(line)
                break
    assert lines, "the Biden-Kishida readout of 2022-01-21 should be in the corpus"
    folder = Path(__file__).parent
    sample = folder / "_wh_sample.jsonl"
    try:
        sample.write_text(lines[0], encoding="utf-8")
        r = load_corpus([sample]).readouts[0]
    finally:
        sample.unlink()
    doc = json.loads(lines[0])
    assert r.source == "white-house"
    assert r.published == doc["date"] == "2022-01-21"
    assert r.title == "Readout of President Biden's Meeting with Prime Minister Kishida of Japan"
    assert [p.name for p in r.participants] == ["Joe Biden", "Fumio Kishida"]
    assert r.path.endswith("_wh_sample.jsonl:1")


def test_html_page_reads_like_the_seed(tmp_path: Path) -> None:
    seed = (seeds_dir() / "001_3c750eb1d4bf914e.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in seed.split("\n\n")[1:-1])
    html = (
        "<html><head><title>Japan-ROK | MOFA</title><script>var x = 'Back to top';</script>"
        "<style>p{}</style></head><body><nav><a href='/'>Home</a> &gt; Regions</nav>"
        f"<div id='maincontents'><h1>Japan-Republic of Korea Relations</h1>{paragraphs}</div>"
        "<footer>Back to Japan-Republic of Korea Relations</footer></body></html>"
    )
    write(tmp_path, "page.html", html)
    r = one(load_corpus([tmp_path]), "page.html")
    assert r.meeting_date == "2018-01-16"
    assert [p.name for p in r.participants] == ["Taro Kono", "Kang Kyung-wha"]
    assert "Home" not in r.text and "var x" not in r.text and "p{}" not in r.text
    assert "comfort women issue" in r.text


def test_same_meeting_from_both_sides_is_one_meeting(tmp_path: Path) -> None:
    for seed in seeds_dir().iterdir():
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    write(
        tmp_path,
        "japan_side.txt",
        "Japan-ROK Foreign Ministers' Meeting\n\nApril 11, 2018\n"
        "On April 11, Mr. Taro Kono, Minister for Foreign Affairs, who is visiting the ROK, held "
        "a meeting with H.E. Dr. Kang Kyung-wha, Minister of Foreign Affairs of the ROK, in Seoul."
        "\n\nBack to Japan-Republic of Korea Relations",
    )
    corpus = load_corpus([tmp_path])
    assert len(corpus.readouts) == 6 and len(corpus.meetings) == 5
    (pair,) = [m for m in corpus.meetings if len(m.readouts) == 2]
    assert pair.meeting_date == "2018-04-11"
    assert pair.sources == ("mofa-japan", "mofa-korea")
    assert pair.id == "2018-04-11-kono-kang"


def test_colliding_ids_get_numbered_in_path_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        write(tmp_path, name, f"Same title\n\nJune 1, 2020\n\nThe body of {name}.")
    ids = {Path(r.path).name: r.id for r in load_corpus([tmp_path]).readouts}
    assert ids == {
        "a.txt": "2020-06-01-unknown-same-title",
        "b.txt": "2020-06-01-unknown-same-title-2",
    }


def test_collection_lines_are_documents_with_metadata(tmp_path: Path) -> None:
    rows = [
        {"id": "x1", "title": "First", "date": "1999.05.04", "text": "Body one."},
        {"id": "x2", "text": "  "},
        "not an object",
        {"id": "x3", "title": "Third", "date": "2001-02-03", "text": "Body three."},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    corpus = load_corpus([path])
    assert [(r.title, r.published, r.path.rsplit(":", 1)[1]) for r in corpus.readouts] == [
        ("First", "1999-05-04", "1"),
        ("Third", "2001-02-03", "4"),
    ]
    assert [(s.path.rsplit(":", 1)[1], s.reason) for s in corpus.skipped] == [
        ("2", "empty text"),
        ("3", "line has no text field"),
        ("5", "not a JSON object (JSONDecodeError)"),
    ]
    assert corpus.readouts[0].meta("id") == "x1"
    # The original text is read again on demand, from the right line.
    assert original_text(corpus.readouts[1]) == "Body three."


def test_collections_without_titles_get_them_from_their_fields(tmp_path: Path) -> None:
    rows = [
        {"id": "1790-Washington-1", "year": 1790, "date": "1790-01-08",
         "president": "George Washington", "sotu_type": "spoken",
         "source_url": "https://www.presidency.ucsb.edu/documents/first-annual-address",
         "text": "Fellow-Citizens of the Senate and House of Representatives:\n\nI embrace..."},
        {"id": "ARG_01_1946", "country_iso3": "ARG", "session": 1, "year": 1946,
         "text": "At the resumption of the first session of the General Assembly..."},
        {"id": "pa-1305368-5368", "title": "제5대 대통령 취임식 대통령 취임사",
         "date": "1963.12.17",
         "source_url": "https://www.pa.go.kr/research/contents/speech/index.jsp?artid=1305368",
         "text": "단군성조가 천혜의 이 강토 위에 국기를 닦으신지 반만년"},
    ]  # fmt: skip
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    got = [(r.id, r.source, r.title, r.published, r.year) for r in load_corpus([path]).readouts]
    assert got == [
        ("1790-01-08-us-president-state-of-the-union-1790-george", "us-president",
         "State of the Union 1790: George Washington", "1790-01-08", 1790),
        ("undated-un-general-debate-un-general-debate-1946-session-1", "un-general-debate",
         "UN General Debate 1946, session 1: ARG", "", 1946),
        ("1963-12-17-president-korea-pa-1305368-5368", "president-korea",
         "제5대 대통령 취임식 대통령 취임사", "1963-12-17", 1963),
    ]  # fmt: skip


def test_a_front_matter_title_wrapped_at_an_escaped_space_keeps_the_space() -> None:
    from index.frontmatter import split_front_matter

    # As YAML emitters wrap a long double-quoted title (seen in the White House files).
    text = (
        "---\n"
        'title: "Fact Sheet: President Takes Action on Certain Advanced Computing\\\n'
        "  \\ Chips to Protect America\\u2019s Economic and\n"
        '  National Security"\n'
        "tags: 'a\\\n  b'\n"
        "---\nBody."
    )
    fields, body = split_front_matter(text)
    assert fields["title"] == (
        "Fact Sheet: President Takes Action on Certain Advanced Computing Chips to Protect "
        "America’s Economic and National Security"
    )
    assert fields["tags"] == "a\\ b"  # single-quoted: a backslash is just a backslash
    assert body == "Body."


def test_a_date_of_history_in_the_text_is_not_the_meeting_date(tmp_path: Path) -> None:
    # A White House message on an anniversary: its front matter dates it, the text's
    # "On April 19, 1775" is history, not a meeting.
    write(
        tmp_path,
        "lexington.md",
        "---\ntitle: 250th Anniversary of the Battles of Lexington and Concord\n"
        "date: '2025-04-17'\n---\n\n"
        "On April 19, 1775, the first shots of the Revolutionary War were fired at "
        "Lexington and Concord.\n",
    )
    r = one(load_corpus([tmp_path]), "lexington.md")
    assert (r.published, r.meeting_date) == ("2025-04-17", "2025-04-17")
    assert r.id.startswith("2025-04-17-")


def test_a_date_after_the_page_is_not_the_meeting_date_but_a_later_phrase_can_be(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "order.md",
        "---\ntitle: Readout of the Secretary's Call\ndate: '2024-03-11'\n---\n\n"
        "The order takes effect on October 1, 2024. On March 8, the Secretary spoke with "
        "the Minister of Finance.\n",
    )
    r = one(load_corpus([tmp_path]), "order.md")
    assert (r.published, r.meeting_date) == ("2024-03-11", "2024-03-08")


def test_a_day_to_come_without_a_year_is_not_last_years_meeting(tmp_path: Path) -> None:
    write(
        tmp_path,
        "briefing.md",
        "---\ntitle: Press Briefing by the Press Secretary\ndate: '2021-08-24'\n---\n\n"
        "On August 25, the President will meet the Prime Minister of Japan.\n",
    )
    r = one(load_corpus([tmp_path]), "briefing.md")
    assert (r.published, r.meeting_date) == ("2021-08-24", "2021-08-24")


def test_a_stray_nul_is_shown_not_a_reason_to_skip_the_file(tmp_path: Path) -> None:
    """One NUL in a page of text (a site's glitch) costs nothing: the readout loads and the NUL
    is drawn as its control picture, like any other control character."""
    body = (
        "Japan-ROK Foreign Ministers' Meeting\n\n"
        "On March 1, Mr. Taro Kono, Minister for Foreign Affairs, held talks with H.E. Dr. Kang "
        "Kyung-wha, Minister of Foreign Affairs of the Republic of Korea, in Tokyo.\x00\n\n"
        + "The two Ministers discussed North Korea. "
        * 20
    )
    (tmp_path / "stray_nul.txt").write_bytes(body.encode())
    corpus = load_corpus([tmp_path])
    assert corpus.skipped == ()
    (r,) = corpus.readouts
    assert "in Tokyo.␀" in r.text
    assert "\x00" not in r.text
    assert [p.name for p in r.participants] == ["Taro Kono", "Kang Kyung-wha"]


def test_utf16_without_its_byte_order_mark_is_binary(tmp_path: Path) -> None:
    (tmp_path / "no_bom.txt").write_bytes("Japan-ROK talks in Tokyo.\n".encode("utf-16-le"))
    corpus = load_corpus([tmp_path])
    assert corpus.readouts == ()
    assert [s.reason for s in corpus.skipped] == ["binary file (mostly control bytes, not text)"]
