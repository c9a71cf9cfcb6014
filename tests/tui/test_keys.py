"""Every key of the reader, driven through Pilot on the bundled seeds (and a paired corpus)."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tui.app import PALETTE_KEYS, ReadoutsApp
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.document_body import DocumentBody
from tui.widgets.meeting_list import MeetingList
from tui.widgets.search_bar import SearchInput

NEWEST_FIRST = ["2023-07-13", "2018-04-11", "2018-01-16", "2016-09-18", "2011-03-19"]


def dates(screen: ReaderScreen) -> list[str]:
    return [row.meeting.meeting_date for row in screen.meeting_list.rows]


def cursor_date(screen: ReaderScreen) -> str:
    row = screen.meeting_list.current
    assert row is not None
    return row.meeting.meeting_date


def document_title(app: ReadoutsApp) -> str:
    """The document pane's border title as shown: "<meeting date> · <publisher>"."""
    return screen_text(app).splitlines()[1].split("╭")[2]


@async_test
async def test_startup_lists_meetings_newest_first_with_status() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert dates(screen) == NEWEST_FIRST
        text = screen_text(app)
        assert "5 of 5 meetings" in text
        assert "bundled seeds · 5 documents · index ready · equivalents on" in text
        # ● unread; at 120 columns the list has half the width, so titles have some room
        assert "●  2023-07-13  JP  Hayashi · Park  Japan-ROK Foreign Mi…" in text
        assert "●  2018-04-11  KR  Kang · Kono  Korea, Japan agree to b…" in text
        # The document pane shows the selected (newest) meeting, header first.
        assert "2023-07-13 · mofa-japan" in document_title(app)
        assert "Participants Yoshimasa Hayashi (Japan, Minister for      │" in text
        assert app.focused is screen.meeting_list


@async_test
async def test_list_keys_move_and_the_document_follows() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        for key, expected in [
            ("j", "2018-04-11"),
            ("down", "2018-01-16"),
            ("k", "2018-04-11"),
            ("up", "2023-07-13"),
            ("G", "2011-03-19"),
            ("g", "2023-07-13"),
            ("end", "2011-03-19"),
            ("home", "2023-07-13"),
            ("pagedown", "2011-03-19"),
            ("pageup", "2023-07-13"),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert cursor_date(screen) == expected, key
            assert expected in document_title(app), key


@async_test
async def test_document_keys_scroll() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab")
        body = screen.document.body
        assert app.focused is body
        await pilot.press("j", "j", "down")
        assert body.scroll_y == 3
        await pilot.press("k", "up")
        assert body.scroll_y == 1
        await pilot.press("k", "pagedown")
        assert body.scroll_y > 15
        await pilot.press("pageup")
        assert body.scroll_y == 0
        await pilot.press("space")
        assert body.scroll_y > 15
        await pilot.press("b")
        assert body.scroll_y == 0
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("g")
        assert body.scroll_y == 0
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        assert body.scroll_y == 0
        # At the end, the readout's last words are on screen.
        await pilot.press("G")
        await pilot.pause()
        last_line = screen.document.readout.text.splitlines()[-1]  # type: ignore[union-attr]
        last_word = last_line.split()[-1]
        assert last_word in screen_text(app).splitlines()[-4]


@async_test
async def test_tab_and_shift_tab_cycle_the_panes_and_slash_goes_to_search() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert app.focused is screen.meeting_list
        await pilot.press("tab")
        assert isinstance(app.focused, DocumentBody)
        await pilot.press("tab")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("tab")
        assert isinstance(app.focused, MeetingList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, DocumentBody)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)


@async_test
async def test_brackets_change_meeting_from_the_document_pane() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab")  # into the document
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert cursor_date(screen) == "2018-04-11"
        assert "2018-04-11 · mofa-korea" in document_title(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert cursor_date(screen) == "2016-09-18"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert cursor_date(screen) == "2018-01-16"
        assert isinstance(app.focused, DocumentBody)  # focus stayed in the document


@async_test
async def test_help_screen_lists_every_key_and_closes() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-table").render().plain  # type: ignore[attr-defined]
        words = " ".join(text.split())  # descriptions wrap under their first word
        for _title, source in app.help_sections():
            for binding in source:
                assert isinstance(binding, Binding)
                assert " ".join(binding.tooltip.split()) in words, binding
        assert "Jump to the next search hit in the document" in text
        assert "^p" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("question_mark", "q")  # q closes the help; it does not quit
        await pilot.pause()
        assert app.screen is screen and app.is_running


@async_test
async def test_q_quits() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running  # q closed it, before run_test would have
    assert app.return_code == 0


@async_test
async def test_q_in_the_search_bar_is_typed_not_quit() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "q")
        await settle(pilot)
        assert app.query_one(SearchInput).value == "q"
        assert app.is_running


@async_test
async def test_s_toggles_sort_order() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j")  # on 2018-04-11
        await pilot.press("s")
        await settle(pilot)
        assert dates(screen) == NEWEST_FIRST[::-1]
        assert cursor_date(screen) == "2018-04-11"  # the selection is kept
        await pilot.press("s")
        await settle(pilot)
        assert dates(screen) == NEWEST_FIRST


@async_test
async def test_e_toggles_equivalent_terms() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "equivalents off" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        assert dates(screen) == ["2018-04-11"]  # only the page that says Dokdo
        assert "1 readout in 1 meeting" in screen_text(app)
        await pilot.press("enter", "e")
        await settle(pilot)
        assert "equivalents on" in screen_text(app)
        assert len(screen.meeting_list.rows) == 3  # the search re-ran with Takeshima


@async_test
async def test_t_switches_publisher_of_a_paired_meeting(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert len(screen.meeting_list.rows) == 1
        text = screen_text(app)
        assert "1 of 1 meeting" in text
        assert " JP  mofa-japan   KR  mofa-korea" in text  # the tabs
        assert "2018-01-16 · mofa-japan" in document_title(app)
        assert "Japan-ROK Foreign Ministers' Meeting" in text
        await pilot.press("t")
        await settle(pilot)
        assert "2018-01-16 · mofa-korea" in document_title(app)
        assert "Korea, Japan agree to boost communication" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert "2018-01-16 · mofa-japan" in document_title(app)


@async_test
async def test_clicking_a_publisher_tab_switches(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.click("#publisher-tabs Tab#src-mofa-korea")
        await settle(pilot)
        assert "2018-01-16 · mofa-korea" in document_title(app)


@async_test
async def test_clicking_a_meeting_opens_it() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        # Row 4 (2016-09-18) is the fourth line inside the list's border.
        await pilot.click(MeetingList, offset=(5, 4))
        await settle(pilot)
        assert cursor_date(screen) == "2016-09-18"
        assert "2016-09-18 · mofa-japan" in document_title(app)


@async_test
async def test_palette_open_meeting_by_participant() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "open meeting")
        await pilot.press("enter")
        await pilot.pause(0.3)
        await type_text(pilot, "kishida")
        await pilot.pause(0.5)
        assert "Kishida" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert cursor_date(screen) == "2016-09-18"
        assert "2016-09-18 · mofa-japan" in document_title(app)


@async_test
async def test_palette_has_the_toggles() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "sort meetings")
        await pilot.pause(0.5)
        assert "Sort meetings oldest first" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert dates(screen) == NEWEST_FIRST[::-1]
        theme = app.theme
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "light/dark")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme != theme


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    app = ReadoutsApp()
    for _title, source in app.help_sections():
        for binding in source:
            assert isinstance(binding, Binding)
            if binding in PALETTE_KEYS or not binding.action:
                continue  # Textual's own keys, listed in the help only
            assert binding.id, binding
            assert binding.tooltip, binding
    # The two "Anywhere" sections list the same bindings (each its keys): count each once.
    bindings = {id(b): b for _t, source in app.help_sections() for b in source}
    ids = [b.id for b in bindings.values() if isinstance(b, Binding) and b.id]
    assert len(ids) == len(set(ids))


@async_test
async def test_escape_from_the_document_goes_back_to_the_list() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "enter")
        assert isinstance(app.focused, DocumentBody)
        await pilot.press("escape")
        assert app.focused is screen.meeting_list
        assert cursor_date(screen) == "2018-04-11"


@async_test
async def test_a_key_can_be_remapped_by_its_binding_id() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await ready(pilot)
        app.set_keymap({"reader.next-meeting": "ctrl+down", "list.down": "ctrl+j"})
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert cursor_date(screen) == "2018-04-11"
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert cursor_date(screen) == "2018-01-16"
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.query_one("#help-table").render().plain  # type: ignore[attr-defined]
        assert "^↓" in text or "ctrl+down" in text
        assert "^j" in text
