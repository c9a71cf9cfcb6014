"""Marks, tags, notes, read state, citations and saved searches in the app, through Pilot on the
bundled seeds: what the list, the document, the notices and the clipboard show. Each test has
its own notes store (the root conftest gives it a private XDG_DATA_HOME)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.pilot import Pilot

from index.notes.keys import paragraph_at
from index.notes.store import default_path
from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tui.app import ReadoutsApp
from tui.screens.note import NoteScreen
from tui.screens.reader import ReaderScreen
from tui.screens.tags import TagsScreen

HAYASHI = "2023-07-13  JP  Hayashi · Park"
KANG = "2018-04-11  KR  Kang · Kono"
KONO = "2018-01-16  JP  Kono · Kang"


def row(app: ReadoutsApp, text: str) -> str:
    """The list row (as shown) holding `text`, from its left border."""
    for line in screen_text(app).splitlines():
        if text in line:
            return line.split("││")[0]
    raise AssertionError(f"no row with {text!r}")


def notices(app: ReadoutsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def document_lines(screen: ReaderScreen) -> list[str]:
    body = screen.document.body
    return [body.line_text(y) for y in range(body.virtual_size.height)]


async def start(pilot: Pilot[None]) -> ReaderScreen:
    screen = await ready(pilot)
    await settle(pilot)  # the notes store opens in a worker of its own
    return screen


@async_test
async def test_unread_dots_marks_and_tags_show_in_the_list_and_are_kept() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        screen = await start(pilot)
        assert row(app, HAYASHI).startswith("│ ●  2023")  # shown, but not read yet
        assert row(app, KANG).startswith("│ ●  2018")
        await pilot.press("enter")  # to the document pane: read
        await settle(pilot)
        assert row(app, HAYASHI).startswith("│    2023")
        assert row(app, KONO).startswith("│ ●  2018")

        await pilot.press("m")
        await settle(pilot)
        assert row(app, HAYASHI).startswith("│  ★ 2023")
        assert "Marked: Japan-ROK Foreign Ministers' Meeting" in notices(app)

        await pilot.press("number_sign")
        await settle(pilot)
        assert isinstance(app.screen, TagsScreen)
        await type_text(pilot, "history ALPS")
        await pilot.press("enter")
        await settle(pilot)
        assert "#alps #history" in row(app, HAYASHI)
        assert any(n.endswith(": #alps, #history") for n in notices(app))

        await pilot.press("right_square_bracket")  # the next meeting, read in the document
        await settle(pilot)
        assert screen.document.body.has_focus
        assert row(app, KANG).startswith("│    2018")

    again = ReadoutsApp()
    async with again.run_test(size=(130, 40)) as pilot:
        await start(pilot)
        assert row(again, HAYASHI).startswith("│  ★ 2023") and "#alps #history" in row(
            again, HAYASHI
        )
        assert row(again, KANG).startswith("│    2018")
        assert row(again, KONO).startswith("│ ●  2018")

        await pilot.press("m")  # and unmarked
        await settle(pilot)
        assert row(again, HAYASHI).startswith("│    2023")


@async_test
async def test_tags_complete_from_tags_in_use() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40)) as pilot:
        await start(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        await type_text(pilot, "semiconductors")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "number_sign")
        await settle(pilot)
        await type_text(pilot, "sem")
        assert "semiconductors" in screen_text(app)  # suggested
        await pilot.press("right", "enter")
        await settle(pilot)
        assert "#semiconductors" in row(app, KANG)


@async_test
async def test_a_note_shows_under_its_paragraph_and_can_be_changed_and_deleted() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        screen = await start(pilot)
        screen.document.body.focus()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert "Add a note on paragraph 1" in screen_text(app)
        await type_text(pilot, "check [b]the[/b] date")
        await pilot.press("ctrl+s")
        await settle(pilot)
        lines = document_lines(screen)
        note = lines.index("  ✎ check [b]the[/b] date")
        assert lines[note - 1].endswith("bilateral meeting is as follows.")  # under paragraph 1
        assert "Note saved on paragraph 1" in notices(app)
        assert "✎ check [b]the[/b] date" in screen_text(app)  # as typed, never markup

        await pilot.press("a")
        await settle(pilot)
        assert "Change the note on paragraph 1" in screen_text(app)
        await pilot.press("f7")  # select all (TextArea), then type over it
        await type_text(pilot, "revised")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "  ✎ revised" in document_lines(screen)

        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f7", "backspace", "ctrl+s")
        await settle(pilot)
        assert not any("✎" in line for line in document_lines(screen))
        assert "Note on paragraph 1 deleted" in notices(app)


@async_test
async def test_y_copies_the_paragraph_at_the_top_with_its_citation(tmp_path: Path) -> None:
    clip = tmp_path / "clip.txt"
    app = ReadoutsApp(clip_file=clip)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        screen = await start(pilot)
        body = screen.document.body
        body.focus()
        await pilot.press("Y")  # the header is in view: the readout's citation
        await settle(pilot)
        assert app.clipboard.startswith('Ministry of Foreign Affairs of Japan, "Japan-ROK')
        assert "paragraph" not in app.clipboard and "meeting of 2023-07-13" in app.clipboard
        while body.top_offset() is None:
            await pilot.press("down")
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        copied = app.clipboard
        assert copied.startswith("“1. Building on the bilateral Summit meeting on July 12")
        assert copied.endswith(f"paragraph 2. File: {screen.document.readout.path}")  # type: ignore[union-attr]
        assert clip.read_text(encoding="utf-8") == copied + "\n"
        assert (
            f"Copied paragraph 2 with its citation (plain text) to the clipboard and {clip}"
            in notices(app)
        )


@async_test
async def test_y_copies_the_highlighted_hits_sentence() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await start(pilot)
        await pilot.press("slash")
        await type_text(pilot, "pyeongchang")
        await pilot.press("enter")
        await settle(pilot)
        screen.document.body.focus()
        await pilot.press("y")
        await settle(pilot)
        body = screen.document.body
        readout = screen.document.readout
        assert readout is not None and body.current_hit == 0
        first, _ = body.hits[0]
        paragraph = paragraph_at(readout, first)
        assert paragraph is not None
        sentence, citation = app.clipboard.split("\n")
        assert "PyeongChang" in sentence and sentence.endswith(".”")
        assert sentence[1:-1] in paragraph.text and len(sentence) < len(paragraph.text)
        assert citation.startswith("— Ministry of Foreign Affairs of")
        assert f"paragraph {paragraph.number}." in citation


async def palette(pilot: Pilot[None], command: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, command)
    await pilot.pause(0.3)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@async_test
async def test_the_citation_format_is_chosen_in_the_palette_and_remembered() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await start(pilot)
        await palette(pilot, "Cite as BibTeX")
        assert "Citations are copied as BibTeX" in notices(app)
        await pilot.press("Y")
        await settle(pilot)
        assert app.clipboard.startswith("@misc{2023-07-13-mofa-japan-hayashi-park,\n")
    again = ReadoutsApp()
    async with again.run_test(size=(130, 40)) as pilot:
        await start(pilot)
        await pilot.press("Y")
        await settle(pilot)
        assert again.clipboard.startswith("@misc{")


@async_test
async def test_a_saved_search_is_listed_in_the_palette_and_runs_from_there() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        screen = await start(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo is:unread")
        await settle(pilot)
        assert "3 of 5 meetings" in screen_text(app)  # none of them read yet
        read = screen.meeting_list.rows[0].meeting.meeting_date
        await pilot.press("enter", "tab")  # to the list, then the document: read
        await settle(pilot)
        assert screen.document.body.has_focus
        await pilot.press("slash")
        await palette(pilot, "Save search")
        await pilot.press("ctrl+u")
        await type_text(pilot, "dokdo read")
        await pilot.press("enter")
        await settle(pilot)
        assert any(n.startswith("Search saved as 'dokdo read'") for n in notices(app))
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_bar.value == ""
        await palette(pilot, "Saved search: dokdo read")
        await settle(pilot)
        assert screen.search_bar.value == "dokdo is:unread"
        assert "2 of 5 meetings" in screen_text(app)
        assert read not in [r.meeting.meeting_date for r in screen.meeting_list.rows]


@async_test
async def test_review_flags_filter_the_list() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await start(pilot)
        await pilot.press("j", "enter", "m")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "is:marked")
        await settle(pilot)
        assert [r.meeting.meeting_date for r in screen.meeting_list.rows] == ["2018-04-11"]
        assert "1 of 5 meetings" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "is:unread")
        await settle(pilot)
        dates = sorted(r.meeting.meeting_date for r in screen.meeting_list.rows)
        assert dates == ["2011-03-19", "2016-09-18", "2018-01-16", "2023-07-13"]


@async_test
async def test_a_foreign_store_is_left_alone_and_the_reader_says_why() -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await start(pilot)
        assert any("another program's SQLite database" in n for n in notices(app))
        assert row(app, KANG).startswith("│ 2018")  # no marks column without a store
        await pilot.press("m")
        await settle(pilot)
        assert sum("another program's SQLite database" in n for n in notices(app)) == 2
        await pilot.press("j")  # reading goes on
        await settle(pilot)
        assert "2018-04-11 · mofa-korea" in screen_text(app)
    assert path.read_bytes() == before


@async_test
async def test_a_write_that_fails_says_so_and_changes_nothing() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        screen = await start(pilot)
        store = screen.review.review.store
        assert store is not None
        store._conn.execute("PRAGMA query_only=1")  # every write now fails, as on a read-only disk
        await pilot.press("m")
        await settle(pilot)
        assert "notes not saved: the notes file or its folder is read-only" in notices(app)
        assert row(app, HAYASHI).startswith("│ ●  2023")  # no mark shown
        store._conn.execute("PRAGMA query_only=0")
        await pilot.press("m")
        await settle(pilot)
        assert row(app, HAYASHI).startswith("│ ●★ 2023")
