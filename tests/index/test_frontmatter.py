"""Front matter fields are the text the file says, and odd front matter never costs a document."""

from __future__ import annotations

from pathlib import Path

from index.corpus import load_corpus
from index.frontmatter import split_front_matter


def test_values_keep_the_text_they_were_written_as() -> None:
    fields, body = split_front_matter(
        "---\n"
        "date: 2021-07-07\n"
        "published_time: 2025-02-10T12:05:00Z\n"
        "country_iso3: NO\n"
        "answer: no\n"
        "start: 12:30\n"
        "session: 076\n"
        "ratio: 1e3\n"
        "empty:\n"
        "nothing: ~\n"
        "---\n"
        "Body text.\n"
    )
    assert fields == {
        "date": "2021-07-07",
        "published_time": "2025-02-10T12:05:00Z",
        "country_iso3": "NO",
        "answer": "no",
        "start": "12:30",
        "session": "076",
        "ratio": "1e3",
        "empty": "",
        "nothing": "~",
    }
    assert body == "Body text.\n"


def test_quoting_escapes_and_folded_lines_read_as_yaml_says() -> None:
    fields, _ = split_front_matter(
        "---\n"
        'title: "CFPB Isn\\u2019t a\\_Regulator"\n'
        "quoted: 'It''s here'\n"
        "folded: a long title\n"
        "  that goes on\n"
        "tags:\n"
        "  - trade\n"
        "  - tariffs\n"
        "flow: [Japan, ROK]\n"
        "nested:\n"
        "  place: Seoul\n"
        "...\n"
        "Body."
    )
    assert fields == {
        "title": "CFPB Isn’t a\u00a0Regulator",
        "quoted": "It's here",
        "folded": "a long title that goes on",
        "tags": "trade, tariffs",
        "flow": "Japan, ROK",
        "nested": "place: Seoul",
    }


def test_front_matter_that_is_not_yaml_keeps_what_can_be_read() -> None:
    fields, body = split_front_matter(
        "---\n"
        "title: Readout: the President's call\n"
        "date: '2025-03-14'\n"
        'note: "unclosed\n'
        "---\n"
        "Body."
    )
    assert fields == {
        "title": "Readout: the President's call",
        "date": "2025-03-14",
        "note": '"unclosed',
    }
    assert body == "Body."
    # A list indented with a tab (YAML allows no tabs there): the rest is still read.
    assert split_front_matter("---\ntitle:\tTalks\nlist:\n\t- a\n---\nb") == (
        {"title": "Talks", "list": "- a"},
        "b",
    )
    # Text no YAML reader takes: a lone surrogate, nesting deeper than any stack.
    assert split_front_matter("---\na: \ud800\n---\nb") == ({"a": "\ud800"}, "b")
    deep = "[" * 100_000
    assert split_front_matter(f"---\na: {deep}\n---\nb") == ({"a": deep}, "b")


def test_text_without_front_matter_is_all_body() -> None:
    for text in ("No front matter.", "--- not a fence\ntitle: x\n---\n", "---\ntitle: x\n"):
        assert split_front_matter(text) == ({}, text)
    assert split_front_matter("---\ntitle: x\n---") == ({"title": "x"}, "")
    # A fence around something that is no map: no fields, but the block is not text either.
    assert split_front_matter("---\n- a list\n---\nBody.") == ({}, "Body.")


def test_an_invalid_front_matter_still_gives_a_dated_titled_readout(tmp_path: Path) -> None:
    (tmp_path / "call.md").write_text(
        "---\ntitle: Readout: Call with the Prime Minister of Japan\ndate: 2025-03-14\n"
        "tags: [unclosed\n---\n\nThe President spoke with the Prime Minister.\n",
        encoding="utf-8",
    )
    (r,) = load_corpus([tmp_path]).readouts
    assert r.title == "Readout: Call with the Prime Minister of Japan"
    assert r.published == "2025-03-14"
    assert r.text == "The President spoke with the Prime Minister."
