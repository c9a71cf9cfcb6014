"""HTML left inside Markdown files (as in the White House corpus) is read as text, not tags."""

from __future__ import annotations

from pathlib import Path

from index.corpus import load_corpus
from index.markdown_html import strip_html
from index.model import Readout

WH_PAGE = """---
title: Readout of the Secretary's Meeting
date: '2025-03-14'
---

**<span style="text-decoration: underline">Summary</span>**

On March 12<sup>th</sup>, the Secretary met the <span class="mark has-inline-color"
style="color: #000">Minister of Foreign Affairs</span> of Japan.

<figure>
<a href="https://x.com/status/1"><img
src="https://www.whitehouse.gov/wp-content/uploads/2025/03/photo.jpg" style="width:550px"
srcset="https://www.whitehouse.gov/photo.jpg 790w" /></a>
</figure>

-   The two sides discussed tariffs.

<!-- -->

-   They agreed to meet again.

<figure>
<table style="border-style:none">
<thead>
<tr class="header">
<th><strong>Item</strong></th>
<th><strong>Amount ($ billions)</strong></th>
</tr>
</thead>
<tbody>
<tr class="odd">
<td>Border/Defense Spending</td>
<td>$297</td>
</tr>
</tbody>
</table>
</figure>

Trade rose 5% <u>year on year</u>.<br/>A new line.
"""


def read_md(folder: Path, body: str) -> Readout:
    """The one readout of a White House-style .md file (front matter, then `body`)."""
    front = "---\ntitle: Statement\ndate: '2025-03-10'\n---\n\n"
    (folder / "page.md").write_text(front + body, encoding="utf-8")
    (r,) = load_corpus([folder]).readouts
    return r


def test_a_white_house_page_reads_without_its_html(tmp_path: Path) -> None:
    (tmp_path / "readout.md").write_text(WH_PAGE, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    (r,) = corpus.readouts
    assert r.meeting_date == "2025-03-12"  # "On March 12<sup>th</sup>" was hidden by the tags
    assert [(s.heading, s.paragraphs) for s in r.sections] == [
        (
            "Summary",
            (
                "On March 12th, the Secretary met the Minister of Foreign Affairs of Japan.",
                "• The two sides discussed tariffs.",
                "• They agreed to meet again.",
                "Item | Amount ($ billions)",
                "Border/Defense Spending | $297",
                "Trade rose 5% year on year. A new line.",
            ),
        )
    ]
    for leftover in ("<", ">", "href", "srcset", "wp-content", "style", "<!--"):
        assert leftover not in r.text


def test_text_that_only_looks_like_a_tag_stays() -> None:
    text = "If a < b and b > c, the <Korea> file and <2018> stay; so does x<y."
    assert strip_html(text) == text


def test_tags_with_quoted_angle_brackets_and_line_breaks_go_whole() -> None:
    assert strip_html("a<span title=\"x > y\"\nclass='z'>b</span>c") == "abc"
    assert strip_html("one<br>two<BR />three") == "one\ntwo\nthree"
    assert strip_html("<p>one</p><p>two</p>") == "\n\none\n\n\n\ntwo\n\n"


def test_plain_text_files_keep_what_they_say(tmp_path: Path) -> None:
    # Only Markdown is read this way: a .txt file's text is what it is.
    (tmp_path / "note.txt").write_text(
        "Talks on tags\n\nThe <span> element was discussed.\n", encoding="utf-8"
    )
    (r,) = load_corpus([tmp_path]).readouts
    assert "The <span> element was discussed." in r.text


def test_links_and_bold_that_wrap_onto_the_next_line_read_as_text(tmp_path: Path) -> None:
    r = read_md(
        tmp_path,
        "-   [On tariffs for certain\n    electronics](https://x.com/status/1911414924628161023):\n"
        "    “Those products are going to be part of the semiconductor tariffs.”\n\n"
        "-   **Taiwan Semiconductor Manufacturing\n    Company:** $100 billion.\n",
    )
    assert r.sections[0].paragraphs == (
        "• On tariffs for certain electronics: “Those products are going to be part of the "
        "semiconductor tariffs.”",
        "• Taiwan Semiconductor Manufacturing Company: $100 billion.",
    )


def test_a_numbered_bold_heading_reads_without_its_marks(tmp_path: Path) -> None:
    r = read_md(
        tmp_path,
        "1.  **President Trump secured the border in unprecedented fashion.**\n\n"
        "-   Illegal border crossings have declined.\n",
    )
    assert [(s.heading, s.paragraphs) for s in r.sections] == [
        (
            "1.  President Trump secured the border in unprecedented fashion.",
            ("• Illegal border crossings have declined.",),
        )
    ]


def test_a_thematic_break_is_no_paragraph(tmp_path: Path) -> None:
    r = read_md(tmp_path, "First part.\n\n***\n\nSecond part.\n\n- - -\n\nThird part.\n")
    assert r.text == "First part.\n\nSecond part.\n\nThird part."


def test_emphasis_marks_go_and_other_asterisks_stay(tmp_path: Path) -> None:
    r = read_md(
        tmp_path,
        "In today’s *Wall Street\nJournal*, the Secretary wrote: ***“We will win.”***\n\n"
        "Prices rose 2 * 3 times; a*b*c stays, and so does \\*this\\*.\n",
    )
    assert r.text == (
        "In today’s Wall Street Journal, the Secretary wrote: “We will win.”\n\n"
        "Prices rose 2 * 3 times; a*b*c stays, and so does *this*."
    )
