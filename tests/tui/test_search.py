"""Incremental search as a user sees it: rows, snippets, hit counts, n/N, Esc, bad queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widget import Widget
from textual.widgets import Static

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tui import messages
from tui.app import ReadoutsApp
from tui.screens.reader import ReaderScreen
from tui.widgets.meeting_list import MeetingList, row_content
from tui.widgets.search_bar import SearchInput

DOKDO_KR = "2018-04-11"
TAKESHIMA_JP = ["2011-03-19", "2018-01-16"]


def rows(screen: ReaderScreen) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.meeting.meeting_date, r.meeting.sources) for r in screen.meeting_list.rows]


def snippets(screen: ReaderScreen) -> list[str]:
    """The snippet line of each row, as drawn in the list."""
    out = []
    for row in screen.meeting_list.rows:
        lines = row_content(row).plain.split("\n")
        out.append(lines[1].strip() if len(lines) > 1 else "")
    return out


def subtitle(screen: ReaderScreen) -> str:
    return str(screen.document.border_subtitle or "")


def pane_text(app: ReadoutsApp, widget: Widget) -> str:
    """What the terminal shows inside `widget`'s region."""
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def message(screen: ReaderScreen) -> Static:
    return screen.search_bar.query_one("#search-message", Static)


@async_test
async def test_typing_dokdo_narrows_the_list_at_each_key() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")

        await type_text(pilot, "d")
        assert rows(screen) == []
        text = screen_text(app)
        assert "0 readouts in 0 meetings" in text
        assert "no readouts match 'd'" in text
        assert "0 of 5 meetings" in text
        # The document pane shows no meeting that does not match: it says why it is empty.
        assert screen.document.meeting is None
        assert "no readouts match 'd'" in pane_text(app, screen.document)

        await type_text(pilot, "o")
        assert rows(screen) == []
        assert "no readouts match 'do'" in screen_text(app)

        await type_text(pilot, "k")  # "dok": a prefix of Dokdo, only the Korean page
        assert rows(screen) == [(DOKDO_KR, ("mofa-korea",))]
        assert "Dokdo" in snippets(screen)[0]
        assert subtitle(screen) == "hit 1 of 2"
        text = screen_text(app)
        assert "1 readout in 1 meeting" in text
        assert "1 of 5 meetings" in text

        await type_text(pilot, "d")
        assert rows(screen) == [(DOKDO_KR, ("mofa-korea",))]
        assert subtitle(screen) == "hit 1 of 2"

        await type_text(pilot, "o")  # "dokdo": with equivalents, Takeshima too
        assert rows(screen) == [
            (DOKDO_KR, ("mofa-korea",)),
            (TAKESHIMA_JP[0], ("mofa-japan",)),
            (TAKESHIMA_JP[1], ("mofa-japan",)),
        ]
        snips = snippets(screen)
        assert "Dokdo" in snips[0]
        assert "Takeshima" in snips[1] and "Takeshima" in snips[2]
        text = screen_text(app)
        assert "3 readouts in 3 meetings · takeshima (equivalent of dokdo)" in text
        assert "3 of 5 meetings" in text
        assert "Takeshima was also briefl" in text
        # The document is the top hit, scrolled to its first hit, every hit highlighted.
        assert "2018-04-11 · mofa-korea" in text
        assert subtitle(screen) == "hit 1 of 2"
        body = screen.document.body
        assert [body.text[s:e] for s, e in body.hits] == ["Dokdo", "Dokdo"]
        assert "the islets of Dokdo." in text


@async_test
async def test_hits_are_highlighted_in_the_snippet_and_the_document() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        prompt = row_content(screen.meeting_list.rows[1])
        styled = [prompt.plain[span.start : span.end] for span in prompt.spans]
        assert "Takeshima" in styled
        body = screen.document.body
        line = body._line_of(body.hits[0][0])
        drawn = body.render_line(line - body.scroll_offset.y)  # the pane shows its first hit
        marked = "".join(seg.text for seg in drawn if seg.style != body.rich_style)
        assert "Dokdo" in marked and "Dokdo" in drawn.text


@async_test
async def test_the_footer_offers_n_only_while_the_readout_shown_has_hits() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)

        def footer() -> str:
            return screen_text(app).splitlines()[-1]

        assert "nN Hit" not in footer()
        for _ in range(2):  # offered, taken away, offered again
            await pilot.press("slash")
            await type_text(pilot, "dokdo")
            await pilot.press("enter")  # to the results (in the bar, n types an n)
            await settle(pilot)
            assert "nN Hit" in footer()
            await pilot.press("escape")  # the search ends: the readout shown has no hits
            await settle(pilot)
            assert "nN Hit" not in footer()


@async_test
async def test_the_footer_stays_still_while_a_search_is_typed() -> None:
    # The document shown gains and loses hits with the keystrokes ("d" finds nothing yet,
    # "dokdo" finds Dokdo, "dokdo zq" nothing): n / N stay offered while the search lasts
    # rather than come and go, and the footer is not rebuilt at each keystroke (Textual's
    # Footer mounts new keys at each rebuild, a layout of the whole screen).
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        footers, hits, keys = [], [], set()
        for char in "dokdo zq":
            await pilot.press("space" if char == " " else char)
            await settle(pilot)
            footers.append(screen_text(app).splitlines()[-1])
            hits.append(bool(screen.document.body.hits))
            keys.add(tuple(id(key) for key in screen.query("FooterKey")))
        assert True in hits and False in hits  # the document's hits did come and go
        assert len(set(footers)) == 1 and "Clear search" in footers[0]
        assert len(keys) == 1  # the same footer throughout
        await pilot.press("enter")  # to the results list, where n / N walk the hits
        await settle(pilot)
        assert "nN Hit" in screen_text(app).splitlines()[-1]
        await pilot.press("slash", *"zq")  # "dokdo zqzq": nothing found, n / N go
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "0 readouts" in screen_text(app)
        assert "nN Hit" not in screen_text(app).splitlines()[-1]
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert "nN Hit" not in screen_text(app).splitlines()[-1]


@async_test
async def test_typing_redraws_the_results_not_the_whole_screen() -> None:
    # Each keystroke changes the screen's query and result; were the screen repainted for
    # them, every line of every widget would be drawn again at each key (the footer's keys
    # too), which on a large corpus cost a keystroke more than its search.
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await settle(pilot)
        drawn: list[str] = []
        for widget in [*screen.query("FooterKey"), screen.meeting_list]:
            draw = widget.render_lines

            def counted(crop: Any, draw: Any = draw, name: str = type(widget).__name__) -> Any:
                drawn.append(name)
                return draw(crop)

            widget.render_lines = counted
        await type_text(pilot, "dokdo")
        await settle(pilot)
        assert screen.meeting_list.rows[0].meeting.meeting_date == DOKDO_KR
        assert "MeetingList" in drawn  # the results were drawn
        assert "FooterKey" not in drawn  # the footer, unchanged, was not


@async_test
async def test_the_same_search_answering_again_keeps_the_cursor_where_it_was_moved() -> None:
    # The fill search (or the index grown) answers the same query again just after Down was
    # pressed, before the document pane followed the cursor: the cursor stays on its row.
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "korea")
        result = screen.result
        assert result is not None and len(screen.meeting_list.rows) >= 3
        moved_to = screen.meeting_list.rows[2].meeting.id
        screen.meeting_list.highlighted = 2  # the cursor moved; its Selected not yet handled
        screen.post_message(messages.SearchFinished("korea", result))
        await settle(pilot)
        assert screen.meeting_list.highlighted == 2
        assert screen.current is not None and screen.current.meeting.id == moved_to


@async_test
async def test_n_and_shift_n_walk_the_hits_and_follow_the_meeting() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("enter")  # to the results list
        assert isinstance(app.focused, MeetingList)
        assert subtitle(screen) == "hit 1 of 2"
        await pilot.pause()
        assert "nN Hit" in screen_text(app).splitlines()[-1]  # the footer offers n / N
        await pilot.press("n")
        assert subtitle(screen) == "hit 2 of 2"
        assert "hit 2 of 2" in screen_text(app)
        await pilot.press("n")  # wraps around
        assert subtitle(screen) == "hit 1 of 2"
        await pilot.press("N")
        assert subtitle(screen) == "hit 2 of 2"
        body = screen.document.body
        start, _ = body.hits[body.current_hit]
        line = body._line_of(start)
        assert body.scroll_y <= line < body.scroll_y + body.size.height  # on screen
        # Next result: the 2011 Japanese readout, two Takeshima hits.
        await pilot.press("j")
        await settle(pilot)
        assert "2011-03-19 · mofa-japan" in screen_text(app)
        assert subtitle(screen) == "hit 1 of 2"
        assert [body.text[s:e] for s, e in body.hits] == ["Takeshima", "Takeshima"]
        await pilot.press("tab", "n")  # n works from the document pane too
        assert subtitle(screen) == "hit 2 of 2"


@async_test
async def test_up_and_down_in_the_search_bar_move_the_results() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        assert screen.meeting_list.highlighted == 1
        assert "2011-03-19 · mofa-japan" in screen_text(app)
        await pilot.press("up")
        await settle(pilot)
        assert screen.meeting_list.highlighted == 0


@async_test
async def test_escape_restores_the_full_list_and_the_selection() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "j")  # 2016-09-18
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        assert len(screen.meeting_list.rows) == 3
        await pilot.press("escape")
        await settle(pilot)
        assert app.query_one(SearchInput).value == ""
        assert len(screen.meeting_list.rows) == 5
        assert screen.meeting_list.current is not None
        assert screen.meeting_list.current.meeting.meeting_date == "2016-09-18"
        text = screen_text(app)
        assert "5 of 5 meetings" in text
        assert "2016-09-18 · mofa-japan" in text
        assert screen.document.border_subtitle is None  # no hits any more
        assert screen.document.body.hits == ()
        assert isinstance(app.focused, MeetingList)
        await pilot.pause()
        assert "Hit" not in screen_text(app).splitlines()[-1]  # no n / N without hits


@async_test
async def test_escape_after_moving_in_the_results_keeps_that_meeting() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("enter", "j")  # the user picks the 2011 readout
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(screen.meeting_list.rows) == 5
        assert screen.meeting_list.current is not None
        assert screen.meeting_list.current.meeting.meeting_date == "2011-03-19"
        assert "2011-03-19 · mofa-japan" in screen_text(app)


@async_test
async def test_invalid_query_shows_its_message_and_keeps_the_results() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        before = rows(screen)
        # Pasted in one go: a query the parser cannot read.
        app.query_one(SearchInput).value = "dokdo year:x"
        await settle(pilot)
        assert rows(screen) == before
        assert message(screen).has_class("-error")
        assert "can't read year:x" in screen_text(app)
        assert subtitle(screen) == "hit 1 of 2"  # the document keeps its highlights
        # Fixing the query clears the error.
        app.query_one(SearchInput).value = "dokdo year:2018"
        await settle(pilot)
        assert not message(screen).has_class("-error")
        assert [d for d, _ in rows(screen)] == [DOKDO_KR, TAKESHIMA_JP[1]]


@async_test
async def test_stale_results_are_dropped() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        # A result for a query no longer in the bar arrives late: it must not be shown.
        assert screen.index is not None
        from tui.messages import SearchFinished

        old = screen.index.search("kishida", prefix=True)
        screen.post_message(SearchFinished("kishida", old))
        await settle(pilot)
        assert len(screen.meeting_list.rows) == 3
        assert "2016-09-18" not in [d for d, _ in rows(screen)]


@async_test
async def test_clicking_a_highlighted_hit_makes_it_current() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        body = screen.document.body
        assert subtitle(screen) == "hit 1 of 2"
        # Find where the second hit is drawn and click it.
        start, _ = body.hits[1]
        y = body._line_of(start) - round(body.scroll_y)
        x = next(x for x in range(body.size.width) if body.offset_at(x, y) == start)
        await pilot.click(body, offset=(x, y))
        await settle(pilot)
        assert subtitle(screen) == "hit 2 of 2"


@async_test
async def test_a_hit_in_one_sides_readout_opens_that_tab(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert "2018-01-16 · mofa-japan" in screen_text(app)  # Japan's tab first
        await pilot.press("slash")
        await type_text(pilot, "sakhalin")  # only the Korean readout says it
        assert rows(screen) == [("2018-01-16", ("mofa-japan", "mofa-korea"))]
        await pilot.pause()
        text = screen_text(app)
        assert "2018-01-16 · mofa-korea" in text
        assert subtitle(screen) == "hit 1 of 1"
        assert "Sakhalin" in text
        await pilot.press("enter", "t")  # the other side's readout: no hits there
        await settle(pilot)
        assert "2018-01-16 · mofa-japan" in screen_text(app)
        assert screen.document.border_subtitle is None
        await pilot.press("t")
        await settle(pilot)
        assert subtitle(screen) == "hit 1 of 1"


@async_test
async def test_f3_walks_the_hits_from_the_search_bar() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("f3")
        assert subtitle(screen) == "hit 2 of 2"
        await pilot.press("shift+f3")
        assert subtitle(screen) == "hit 1 of 2"
        assert isinstance(app.focused, SearchInput)
        assert app.focused.value == "dokdo"
