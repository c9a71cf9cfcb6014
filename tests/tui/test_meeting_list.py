"""The meeting list with many rows, as a user sees it: the first screenful and the count at
once, End/G to the last meeting, PageDown by a page, clicks, the wheel, snippet rows with their
hit, cropped rows at narrow widths, and the text shown when nothing is listed.

The list is mounted alone (with the app's stylesheet) and given generated rows, so 10,000
meetings need no corpus on disk. Meeting i is "m<i>", dated by i, and its principal's family
name is "N<i>" (five digits): each row can be told apart on screen. The last tests drive the
rows' layout (`RowLines`) directly, without an app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.segment import Segment
from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.widgets import Static

import tui.widgets.meeting_list as meeting_list
from index.model import Meeting, Participant, Readout
from tests.tui.conftest import async_test
from tui.flow.marks import RowMarks
from tui.widgets.meeting_list import MeetingList, Row
from tui.widgets.meeting_rows import RowLines

APP_TCSS = Path(meeting_list.__file__).resolve().parents[1] / "app.tcss"
SOURCES = ("mofa-japan", "mofa-korea", "white-house")
MANY = 10_000


def meeting(i: int, *, sources: tuple[str, ...] = SOURCES[:1], place: str = "") -> Meeting:
    """Meeting i: "m00042", principal "N00042", dated from 1000-01-01 on (28-day months)."""
    date = f"{1000 + i // 336:04d}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
    readouts = tuple(
        Readout(
            id=f"r{i:05d}-{source}",
            path=f"/corpus/{i}-{source}.txt",
            source=source,
            title=f"Meeting {i}",
            published=date,
            meeting_date=date,
            participants=(),
            attendees=(),
            place=place,
            headings=(),
            topics=(),
            text="",
            format="generic",
        )
        for source in sources
    )
    principal = Participant(f"Delegate N{i:05d}", "", "")
    return Meeting(f"m{i:05d}", date, f"Meeting {i}", (principal,), place, readouts)


def many_rows(n: int = MANY) -> list[Row]:
    return [Row(meeting(i)) for i in range(n)]


def search_rows(n: int) -> list[Row]:
    """Rows as a search gives them: a snippet line each, the hit "Dokdo" deep in the text."""
    rows = []
    for i in range(n):
        text = f"In meeting {i} the two ministers spoke at length about the islets of Dokdo."
        start = text.index("Dokdo")
        m = meeting(i, sources=SOURCES[:2])
        rows.append(Row(m, m.readouts[1].id, (text, ((start, start + 5),)), (SOURCES[1],)))
    return rows


class Document(Static, can_focus=True):
    """Stands for the document pane: where Enter sends the focus."""


class ListApp(App[None]):
    """The list beside a stand-in document pane, styled by the app's stylesheet."""

    CSS_PATH = str(APP_TCSS)

    def __init__(self, rows: list[Row], **show: str) -> None:
        super().__init__()
        self.rows = rows
        self.show_args = show
        self.selected: list[tuple[str, bool]] = []
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield MeetingList(id="meeting-list")
            yield Document("the document", id="document")

    def on_mount(self) -> None:
        self.list.show(self.rows, len(self.rows), **self.show_args)
        self.list.focus()

    @property
    def list(self) -> MeetingList:
        return self.query_one(MeetingList)

    @on(MeetingList.Selected)
    def _selected(self, message: MeetingList.Selected) -> None:
        self.selected.append((message.meeting_id, message.by_user))

    @on(MeetingList.Opened)
    def _opened(self, message: MeetingList.Opened) -> None:
        self.opened.append(message.meeting_id)


def screen_text(app: App[None]) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def list_lines(app: ListApp) -> list[str]:
    """The list's rows as drawn: the lines inside its border, without the border."""
    region = app.list.region
    lines = screen_text(app).splitlines()[region.y + 1 : region.bottom - 1]
    return [line[region.x + 1 : region.right - 1] for line in lines]


def list_title(app: ListApp) -> str:
    region = app.list.region
    return screen_text(app).splitlines()[region.y][region.x : region.right]


def drawn_segments(app: ListApp, y: int) -> Iterator[Segment]:
    """The styled pieces of line `y` inside the list (0 = the first row line)."""
    region = app.list.region
    strips = app.screen._compositor.render_strips()
    yield from strips[region.y + 1 + y].crop(region.x + 1, region.right - 1)


async def started(pilot: Pilot[None]) -> ListApp:
    await pilot.pause()
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, ListApp)
    return app


def count_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the rows made into runs (every drawn row needs them, and only those should)."""
    built = [0]
    real = meeting_list.row_lines

    def counting(row: Row, marks: RowMarks | None = None) -> object:
        built[0] += 1
        return real(row, marks)

    monkeypatch.setattr(meeting_list, "row_lines", counting)
    return built


@async_test
async def test_ten_thousand_meetings_show_the_first_screenful_and_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = count_built(monkeypatch)
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "10,000 of 10,000 meetings" in list_title(app)
        lines = list_lines(app)
        assert len(lines) == 28
        for i, line in enumerate(lines):
            assert f"N{i:05d}" in line, (i, line)
        assert lines[0].startswith(" 1000-01-01  JP  N00000")
        assert app.list.highlighted == 0
        assert app.selected == [("m00000", False)]  # the list put its cursor there itself
        # Only the rows on screen were made into runs, not all 10,000.
        assert built[0] <= 2 * len(lines)


@async_test
async def test_end_and_home_reach_the_last_and_the_first_meeting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = count_built(monkeypatch)
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for end, home in (("end", "home"), ("G", "g")):
            await pilot.press(end)
            lines = list_lines(app)
            assert "N09999" in lines[-1]  # the last meeting, on the last line
            assert "N09972" in lines[0]
            assert app.list.current is not None
            assert app.list.current.meeting.id == "m09999"
            assert app.selected[-1] == ("m09999", True)
            await pilot.press(home)
            assert "N00000" in list_lines(app)[0]
            assert app.selected[-1] == ("m00000", True)
        assert built[0] <= 4 * len(lines)  # two screenfuls drawn (some twice), not 10,000


@async_test
async def test_page_down_and_up_move_a_page() -> None:
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("pagedown")
        # The cursor goes to the first meeting below the screenful that was shown...
        assert app.list.highlighted == 28
        lines = list_lines(app)
        assert "N00028" in lines[-1]
        await pilot.press("pagedown")
        assert app.list.highlighted == 56
        assert "N00056" in list_lines(app)[-1]
        await pilot.press("pageup")
        assert app.list.highlighted == 28
        assert "N00028" in list_lines(app)[0]  # ...and back up, it shows at the top
        assert app.selected[-1] == ("m00028", True)


@async_test
async def test_page_down_in_search_results_moves_a_page_of_two_line_rows() -> None:
    app = ListApp(search_rows(500))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("pagedown")  # 28 lines: 14 rows of two lines
        assert app.list.highlighted == 14
        lines = list_lines(app)
        assert "N00014" in lines[-2]
        assert "Dokdo" in lines[-1]
        await pilot.press("end")
        lines = list_lines(app)
        assert "N00499" in lines[-2] and "Dokdo" in lines[-1]


@async_test
async def test_clicking_a_meeting_selects_and_opens_it() -> None:
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.click(MeetingList, offset=(5, 1 + 3))  # the fourth row (inside the border)
        await pilot.pause()
        assert app.list.highlighted == 3
        assert app.selected[-1] == ("m00003", True)
        assert app.opened == ["m00003"]
        # Far down the list, a click still finds the meeting drawn under the mouse.
        await pilot.press("end")
        await pilot.click(MeetingList, offset=(5, 1 + 26))
        await pilot.pause()
        assert app.opened[-1] == "m09998"
        assert app.list.current is not None and app.list.current.meeting.id == "m09998"


@async_test
async def test_the_mouse_wheel_scrolls_the_list() -> None:
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for _ in range(4):
            await pilot._post_mouse_events([events.MouseScrollDown], MeetingList, offset=(5, 5))
        first = list_lines(app)[0]
        assert "N00000" not in first
        assert app.list.highlighted == 0  # the wheel scrolls; the cursor stays
        scrolled = int(first.split("N")[1][:5])
        assert all(f"N{scrolled + k:05d}" in line for k, line in enumerate(list_lines(app)))
        for _ in range(4):
            await pilot._post_mouse_events([events.MouseScrollUp], MeetingList, offset=(5, 5))
        assert "N00000" in list_lines(app)[0]


@async_test
async def test_the_cursor_row_is_drawn_as_the_cursor() -> None:
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("j", "j")

        def backgrounds(y: int, text: str = "") -> set[object]:
            """Background colours of line y's text (of the pieces reading `text`, if given)."""
            return {
                s.style.bgcolor
                for s in drawn_segments(app, y)
                if s.style and s.text.strip() and (not text or s.text.strip() == text)
            }

        cursor = backgrounds(2, "1000-01-03")
        assert cursor and cursor.isdisjoint(backgrounds(1)) and cursor.isdisjoint(backgrounds(3))
        # Moving on redraws both rows: the old one as a plain row, the new one as the cursor.
        await pilot.press("k")
        assert cursor.isdisjoint(backgrounds(2, "1000-01-03"))
        assert backgrounds(1, "1000-01-02") == cursor
        # The row under the mouse is marked too, unlike the cursor and the plain rows.
        plain = backgrounds(6, "1000-01-07")
        await pilot.hover(MeetingList, offset=(5, 1 + 5))
        hovered = backgrounds(5, "1000-01-06")
        assert hovered.isdisjoint(plain) and hovered.isdisjoint(cursor)


@async_test
async def test_search_rows_show_the_snippet_with_its_hit_and_which_side_matched() -> None:
    app = ListApp(search_rows(3))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        lines = list_lines(app)
        assert lines[0].startswith(" 1000-01-01  JP   KR  N00000")
        assert lines[1].startswith("   …islets of Dokdo.")
        assert "N00001" in lines[2] and "Dokdo" in lines[3]
        for y in (1, 3):  # on the cursor row and off it, the hit stands out
            hit = [s for s in drawn_segments(app, y) if s.text == "Dokdo"]
            assert hit and hit[0].style and hit[0].style.bold and hit[0].style.underline
        # The KR readout matched: its badge keeps its colour, the JP one is greyed out.
        badges = {s.text: s.style for s in drawn_segments(app, 2) if s.text in (" JP ", " KR ")}
        jp, kr = badges[" JP "], badges[" KR "]
        assert kr and kr.bgcolor and kr.bgcolor.triplet and kr.bgcolor.triplet.hex == "#1a4fa0"
        assert jp and jp.reverse and jp.bgcolor and jp.bgcolor.triplet
        assert jp.bgcolor.triplet.hex != "#b0102a"


@async_test
async def test_rows_a_new_result_lists_again_are_not_made_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a query is typed, the next keystroke's result mostly lists the same rows: they are
    # drawn from what was made for the last one; a row whose snippet changed is made anew,
    # and is drawn as it now is.
    built = count_built(monkeypatch)
    rows = search_rows(5)
    app = ListApp(rows)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert built[0] == 5
        text, _ = rows[2].snippet or ("", ())
        changed = Row(rows[2].meeting, rows[2].readout_id, (text, ((3, 10),)), rows[2].hit_sources)
        app.list.show([*rows[:2], changed, *rows[3:]], 5)
        await pilot.pause()
        assert built[0] == 6  # only the row whose snippet changed
        lines = list_lines(app)
        assert lines[5].startswith("   In meeting 2")  # its snippet, from its new hit
        hit = [s for s in drawn_segments(app, 5) if s.text == "meeting"]
        assert hit and hit[0].style and hit[0].style.bold
        assert lines[7].startswith("   …islets of Dokdo.")  # the rows kept, as they were


@async_test
async def test_a_narrow_list_crops_long_rows_with_an_ellipsis() -> None:
    place = "Hall of the Very Long Name of the Assembly of Representatives, Capital City"
    rows = [Row(meeting(i, place=place)) for i in range(50)]
    rows[1] = Row(rows[1].meeting, "", ("A snippet. " * 20, ((0, 9),)), ())
    app = ListApp(rows)
    async with app.run_test(size=(60, 20)) as pilot:
        await started(pilot)
        lines = list_lines(app)
        assert app.list.region.width == 34  # the list's minimum width
        assert lines[0].rstrip().endswith("…")
        assert "N00000" in lines[0] and "N00001" in lines[1] and "N00002" in lines[3]
        assert lines[2].startswith("   A snippet. A snippet.") and lines[2].rstrip().endswith("…")
        await pilot.resize_terminal(120, 20)
        await pilot.pause()
        lines = list_lines(app)
        assert "N00000  Meeting 0  Hall of t" in lines[0]  # wider: more of the row shows
        assert "N00001" in lines[1] and "N00002" in lines[3]


@async_test
async def test_an_empty_list_says_so() -> None:
    app = ListApp([], empty="no readouts match 'zzz'")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "0 of 0 meetings" in list_title(app)
        assert list_lines(app)[0].strip() == "no readouts match 'zzz'"
        assert app.list.current is None
        await pilot.press("j", "end", "pagedown", "enter")
        assert app.selected == [] and app.opened == []
        app.list.show([], 0)
        await pilot.pause()
        assert list_lines(app)[0].strip() == "no meetings"


@async_test
async def test_the_cursor_can_be_put_on_any_meeting_and_is_shown() -> None:
    app = ListApp(many_rows(), select="m05000")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert app.list.highlighted == 5000
        assert any("N05000" in line for line in list_lines(app))
        assert app.selected == [("m05000", False)]
        # The reader does this for "open meeting…" in the palette.
        app.list.highlighted = 7321
        app.list.scroll_to_highlight()
        await pilot.pause()
        assert any("N07321" in line for line in list_lines(app))
        assert app.selected[-1] == ("m07321", True)
        app.list.move(-100_000)
        await pilot.pause()
        assert app.list.highlighted == 0 and "N00000" in list_lines(app)[0]
        app.list.move(100_000)
        await pilot.pause()
        assert app.list.highlighted == MANY - 1 and "N09999" in list_lines(app)[-1]


@async_test
async def test_after_a_search_all_meetings_come_back_with_the_cursor_kept() -> None:
    """What the reader does at Esc: the results replaced by all 10,000 meetings again."""
    everything = many_rows()
    app = ListApp(everything)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        app.list.show(search_rows(40)[30:], MANY)
        await pilot.pause()
        assert "10 of 10,000 meetings" in list_title(app)
        lines = list_lines(app)
        assert "N00030" in lines[0] and "Dokdo" in lines[1] and "N00039" in lines[18]
        assert lines[20:] == [lines[20]] * 8 and not lines[20].strip()  # nothing below them
        await pilot.press("j", "j")
        assert app.selected[-1] == ("m00032", True)
        app.list.show(everything, MANY, select="m00032")
        await pilot.pause()
        assert "10,000 of 10,000 meetings" in list_title(app)
        assert app.list.highlighted == 32 and app.selected[-1] == ("m00032", False)
        lines = list_lines(app)
        assert any("N00032" in line for line in lines)
        assert all("Dokdo" not in line for line in lines)  # one line per meeting again
        first = int(lines[0].split("N")[1][:5])
        assert all(f"N{first + k:05d}" in line for k, line in enumerate(lines))
        await pilot.press("end")
        assert "N09999" in list_lines(app)[-1]


@async_test
async def test_rows_with_and_without_snippets_line_up() -> None:
    """A row's height comes from whether it has a snippet: mixed rows take 1 or 2 lines each."""
    rows = [
        Row(meeting(i), "", (f"snippet of {i}", ()), ()) if i % 3 == 0 else Row(meeting(i))
        for i in range(1000)
    ]
    app = ListApp(rows)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        lines = list_lines(app)
        assert "N00000" in lines[0] and "snippet of 0" in lines[1]
        assert "N00001" in lines[2] and "N00002" in lines[3] and "N00003" in lines[4]
        await pilot.press("end")
        lines = list_lines(app)
        assert "N00999" in lines[-2] and "snippet of 999" in lines[-1]
        await pilot.click(MeetingList, offset=(5, 1 + 26))  # the snippet line of row 999
        await pilot.pause()
        assert app.opened == ["m00999"]
        await pilot.click(MeetingList, offset=(5, 1 + 24))  # 997, above 998
        await pilot.pause()
        assert app.opened[-1] == "m00997"


@async_test
async def test_enter_opens_the_meeting_and_moves_on_to_the_document() -> None:
    app = ListApp(many_rows())
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.opened == ["m00001"]
        assert app.focused is not app.list


@async_test
async def test_up_from_the_first_meeting_goes_round_to_the_last_and_down_back() -> None:
    app = ListApp(many_rows(100))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("k")
        assert app.list.highlighted == 99 and "N00099" in list_lines(app)[-1]
        assert app.selected[-1] == ("m00099", True)
        await pilot.press("j")
        assert app.list.highlighted == 0 and "N00000" in list_lines(app)[0]
        assert app.selected[-1] == ("m00000", True)


def mixed_rows() -> list[Row]:
    """Rows 0, 3, 6, ... with a snippet (two lines), the others without (one line)."""
    return [
        Row(meeting(i), "", (f"snippet of {i}", ()), ()) if i % 3 == 0 else Row(meeting(i))
        for i in range(10)
    ]


def test_row_lines_find_the_row_on_each_line_of_mixed_rows() -> None:
    lines = RowLines(mixed_rows())
    # Lines: 0-1 row 0, 2 row 1, 3 row 2, 4-5 row 3, ... 12-13 row 9.
    assert len(lines) == 10 and lines.total == 14
    expected = [(0, 0), (0, 1), (1, 0), (2, 0), (3, 0), (3, 1), (4, 0), (5, 0), (6, 0), (6, 1)]
    assert [lines.row_at(y) for y in range(10)] == expected
    assert lines.row_at(13) == (9, 1)
    assert lines.row_at(14) is None and lines.row_at(-1) is None
    assert [lines.span(i) for i in (0, 1, 3, 9)] == [(0, 2), (2, 1), (4, 2), (12, 2)]
    assert RowLines().total == 0 and RowLines().row_at(0) is None


def test_row_lines_move_a_page_and_stop_at_the_ends() -> None:
    lines = RowLines(mixed_rows())
    assert lines.page_from(0, 1, 4) == 3  # line 4 is row 3's first line
    assert lines.page_from(1, 1, 4) == 4  # from line 2, line 6: row 4
    assert lines.page_from(3, -1, 4) == 0
    assert lines.page_from(8, 1, 100) == 9  # past the end: the last row
    assert lines.page_from(8, -1, 100) == 0
    assert RowLines().page_from(0, 1, 10) == 0  # no rows: nowhere to go
