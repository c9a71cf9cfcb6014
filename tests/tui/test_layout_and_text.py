"""Narrow terminals, resizing, and document text that looks like markup or terminal control."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tui.app import ReadoutsApp
from tui.text import _wrap_cells, _wrap_narrow, clean, literal, wrap_line

TRICKY = (
    "Markup test readout\n\n"
    "March 3, 2020\n\n"
    "The ministers discussed [/foo] and [link=x]a link[/link], [bold]loud[/bold] and "
    "[@click=app.quit]quit[/] and [red on blue]colour[/], all as plain words.\n\n"
    "An escape \x1b[31mred\x1b[0m sequence, a bell \x07, a bidi \u202eoverride\u202c, "
    "and a title \x1b]0;pwned\x07 change.\n"
)


@async_test
async def test_both_panes_usable_at_80x24() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        assert not screen.has_class("-narrow")
        lst, doc = screen.meeting_list.region, screen.document.region
        assert lst.width >= 30 and doc.width >= 40
        assert lst.y == doc.y  # side by side
        text = screen_text(app)
        assert "2023-07-13  JP  Hayashi" in text
        assert "Japan-ROK Foreign Ministers' Meeting" in text
        assert "index ready" in text


@async_test
async def test_narrow_terminal_stacks_and_resizing_keeps_state() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("enter", "j")
        await settle(pilot)
        await pilot.press("tab", "n")  # in the document, on hit 2 of 2
        body = screen.document.body
        assert screen.document.border_subtitle == "hit 2 of 2"
        hit_start = body.hits[body.current_hit][0]

        await pilot.resize_terminal(60, 30)
        await settle(pilot)
        assert screen.has_class("-narrow")
        lst, doc = screen.meeting_list.region, screen.document.region
        assert lst.y < doc.y and lst.width == doc.width  # stacked
        assert app.query_one("#search-input").value == "dokdo"  # type: ignore[attr-defined]
        assert len(screen.meeting_list.rows) == 3
        assert screen.meeting_list.highlighted == 1
        assert screen.document.border_subtitle == "hit 2 of 2"
        line = body._line_of(hit_start)
        assert body.scroll_y <= line < body.scroll_y + body.size.height  # still in view
        assert "Takeshima" in screen_text(app)

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not screen.has_class("-narrow")
        assert screen.meeting_list.highlighted == 1
        assert screen.document.border_subtitle == "hit 2 of 2"
        line = body._line_of(hit_start)
        assert body.scroll_y <= line < body.scroll_y + body.size.height


@async_test
async def test_document_text_is_shown_literally_never_as_markup(tmp_path: Path) -> None:
    doc = tmp_path / "tricky.txt"
    doc.write_text(TRICKY, encoding="utf-8")
    app = ReadoutsApp([str(doc)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.corpus is not None and len(screen.corpus.readouts) == 1
        text = screen_text(app)
        assert "[/foo]" in text and "[link=x]" in text and "[bold]loud[/bold]" in text
        # Every drawn line of the document, joined back where the text was wrapped.
        body = screen.document.body
        shown = " ".join(body.line_text(y).strip() for y in range(body.virtual_size.height))
        for literal_text in (
            "[/foo]",
            "[link=x]a link[/link]",
            "[bold]loud[/bold]",
            "[@click=app.quit]quit[/]",
            "[red on blue]colour[/]",
        ):
            assert literal_text in shown, literal_text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "An escape" in text and "red" in text and "sequence" in text
        assert app.is_running  # the [@click=app.quit] did not quit
        # Searching shows the same words literally in the snippet.
        await pilot.press("slash")
        await type_text(pilot, "ministers discussed")
        assert len(screen.meeting_list.rows) == 1
        assert "[/foo]" in screen_text(app)


def test_clean_keeps_length_and_shows_controls() -> None:
    raw = "a\x1b[31mb\x07c\u202ed\te\x9bf\nz"
    cleaned = clean(raw)
    assert len(cleaned) == len(raw)
    assert cleaned == "a␛[31mb␇c\ufffdd e\ufffdf\nz"
    assert literal("[/foo] [link=x]").plain == "[/foo] [link=x]"
    assert literal("[bold]x[/bold]").spans == []


def test_wrap_line_covers_every_character_once() -> None:
    line = "The two ministers exchanged views on the recent situation of North Korea"
    for width in (5, 10, 17, 40, 200):
        pieces = wrap_line(line, width)
        assert pieces[0][0] == 0 and pieces[-1][1] == len(line)
        assert all(a[1] == b[0] for a, b in pairwise(pieces))
        assert all(len(line[s:e].rstrip()) <= width for s, e in pieces)
    assert wrap_line("", 10) == [(0, 0)]
    assert wrap_line("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


@given(st.text(alphabet="ab  .’—é", max_size=120), st.integers(0, 30))
def test_narrow_lines_break_where_every_cell_is_counted(line: str, width: int) -> None:
    # The quick wrapper for one-cell characters breaks exactly where counting each
    # character's cells does.
    width = max(width, 2)
    assert _wrap_narrow(line, width) == _wrap_cells(line, width)


def test_wide_characters_still_count_two_cells() -> None:
    line = "日本 韓国 外相会談"  # 2 cells a character: 6 cells fit three of them
    assert wrap_line(line, 6) == [(0, 3), (3, 6), (6, 9), (9, 10)]


@async_test
async def test_a_path_with_no_readouts_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    app = ReadoutsApp([str(missing)])
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "0 of 0 meetings" in text
        assert "no readouts found in" in text
        # The long path is shortened from the left so the state still fits on the line.
        status = text.splitlines()[-2]
        assert status.strip().startswith("…") and "thing-here · " in status
        assert "0 docs · 1 skipped · index ready · equiv on" in status
