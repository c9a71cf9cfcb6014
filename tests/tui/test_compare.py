"""The compare screen, driven with Pilot: what a user sees after `c`, and where each key goes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

import index.compare
from tests.tui.conftest import SEED_JP_2018, async_test, ready, screen_text, settle, type_text
from tui.app import ReadoutsApp
from tui.screens.compare import CompareScreen
from tui.screens.pick import PickScreen
from tui.screens.reader import ReaderScreen
from tui.screens.side_actions import REST
from tui.widgets.compare_grid import Cell, CompareGrid

SEEDS_JP_2018 = "2018-01-16-mofa-japan-kono-kang"
SEEDS_KR_2018 = "2018-04-11-mofa-korea-kang-kono"


def focused_cell(app: ReadoutsApp) -> Cell:
    """The cell the compare screen's cursor is on (the grid has the focus)."""
    grid = app.focused
    assert isinstance(grid, CompareGrid)
    cell = grid.current
    assert cell is not None
    return cell


def compare_screen(app: ReadoutsApp) -> CompareScreen:
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    return screen


async def open_compare_on(pilot: Pilot[None], date: str) -> None:
    """Select the meeting of `date` in the list, then press c."""
    screen = await ready(pilot)
    rows = [row.meeting.meeting_date for row in screen.meeting_list.rows]
    screen.meeting_list.highlighted = rows.index(date)
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)


@async_test
async def test_c_opens_both_sides_with_header_and_missing_notes(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = compare_screen(app)
        text = screen_text(app)
        summary = screen.comparison.summary()
        assert summary.startswith("both: 5 topics · only mofa-japan: 0 · only mofa-korea: 5")
        assert summary in text
        assert "mofa-japan 2018-01-16  Japan-ROK Foreign Ministers' Meeting" in text
        assert "mofa-korea 2018-01-16 · Tokyo  Korea, Japan agree" in text  # its place, as named
        # Side by side: the first topic's paragraphs start on one line, left and right.
        assert "¶1 The two ministers exchanged views" in text
        line = next(ln for ln in text.splitlines() if "¶1 The two ministers" in ln)
        assert "¶0 Foreign Minister Kang Kyung-hwa" in line
        await pilot.press("n")
        await settle(pilot)
        text = screen_text(app)
        assert "only mofa-korea" in text
        assert "not mentioned by mofa-japan" in text
        cell = focused_cell(app)
        assert screen.comparison.rows[cell.row].only == "mofa-korea"
        assert cell.side == 1


@async_test
async def test_the_comparison_is_made_while_the_cursor_rests(
    paired_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resting on a meeting with two publishers aligns them in the background: `c` then shows
    that comparison without aligning anything on the key press."""
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        reader = await ready(pilot)
        await pilot.pause(REST + 0.1)
        await settle(pilot)
        assert reader.current is not None
        kept = reader.comparisons.get(*reader.current.meeting.readouts)
        assert kept is not None

        def refuse(*_: object) -> None:
            raise AssertionError("aligned on the key press")

        monkeypatch.setattr(index.compare, "compare", refuse)
        await pilot.press("c")
        await settle(pilot)
        assert compare_screen(app).comparison is kept
        assert kept.summary() in screen_text(app)


@async_test
async def test_keys_move_jump_switch_and_go_back(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = compare_screen(app)
        one_sided = [i for i, r in enumerate(screen.comparison.rows) if r.only]
        assert (focused_cell(app).row, focused_cell(app).side) == (0, 0)
        await pilot.press("tab")
        assert (focused_cell(app).row, focused_cell(app).side) == (0, 1)
        await pilot.press("tab")
        assert focused_cell(app).side == 0
        await pilot.press("n")
        assert focused_cell(app).row == one_sided[0]
        await pilot.press("n")
        assert focused_cell(app).row == one_sided[1]
        await pilot.press("N")
        assert focused_cell(app).row == one_sided[0]
        # Down walks one column: every cell it lands on is on the same side.
        grid = screen.grid
        column = grid.column(focused_cell(app).side)
        start = column.index(grid.cursor)
        for step in range(1, 3):
            await pilot.press("down")
            assert grid.cursor == column[start + step]
        await pilot.press("up")
        assert grid.cursor == column[start + 1]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


@async_test
async def test_enter_opens_the_readout_at_that_paragraph(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        reader = await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = compare_screen(app)
        last = screen.comparison.rows[-1]
        assert last.topic == "Takeshima/Dokdo"
        # Go to the last row, right column: Korea's paragraph on Dokdo.
        for _ in range(len(screen.grid.column(0))):
            await pilot.press("down")
        assert focused_cell(app).row == len(screen.comparison.rows) - 1
        await pilot.press("tab")
        cell = focused_cell(app)
        assert cell.side == 1 and cell.offset is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert reader.document.readout is not None
        assert reader.document.readout.source == "mofa-korea"
        assert app.focused is reader.document.body
        text = screen_text(app)
        assert "Minister Kono expressed his government" in text
        # Scrolled to it: the header of the readout is off the screen.
        assert "Participants" not in text


@async_test
async def test_narrow_terminal_stacks_the_sides(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(80, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        text = screen_text(app)
        lines = text.splitlines()
        left = next(i for i, ln in enumerate(lines) if "¶1 The two ministers" in ln)
        right = next(i for i, ln in enumerate(lines) if "¶0 Foreign Minister Kang" in ln)
        assert right > left
        assert "¶0 Foreign Minister Kang" not in lines[left]
        await pilot.resize_terminal(130, 40)
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert any("¶1 The two ministers" in ln and "¶0 Foreign Minister" in ln for ln in lines)


@async_test
async def test_one_readout_asks_which_to_compare_with() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40)) as pilot:
        await open_compare_on(pilot, "2018-01-16")
        picker = app.screen
        assert isinstance(picker, PickScreen)
        text = screen_text(app)
        assert f"Compare {SEEDS_JP_2018} with" in text
        # The same ministers' other meeting, told by the other side, comes first.
        assert picker.shown[0].value == SEEDS_KR_2018
        await type_text(pilot, "kyoto matsumoto")
        assert picker.shown[0].value == "2011-03-19-mofa-japan-matsumoto-kim"
        for _ in range(len("kyoto matsumoto")):
            await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = compare_screen(app)
        assert (screen.left.id, screen.right.id) == (SEEDS_JP_2018, SEEDS_KR_2018)
        text = screen_text(app)
        assert "mofa-japan 2018-01-16" in text and "mofa-korea 2018-04-11" in text


@async_test
async def test_picker_escape_goes_back_to_the_reader() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(130, 40)) as pilot:
        await open_compare_on(pilot, "2018-01-16")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


THIRD = """---
title: "Joint Statement on the U.S.-Japan-ROK Foreign Ministers' Meeting"
date: 2018-01-16
source_url: https://www.state.gov/joint-statement
---

Secretary of State Rex Tillerson, Foreign Minister Taro Kono of Japan and Foreign Minister \
Kang Kyung-wha of the Republic of Korea held a meeting on January 16 in Vancouver.

The ministers discussed North Korea and the abductions issue.
"""


@pytest.fixture
def three_sides(paired_corpus: Path) -> Path:
    (paired_corpus / "us.md").write_text(THIRD, encoding="utf-8")
    return paired_corpus


@async_test
async def test_three_publishers_pick_which_two(three_sides: Path) -> None:
    app = ReadoutsApp([str(three_sides)])
    async with app.run_test(size=(130, 40)) as pilot:
        reader = await ready(pilot)
        meeting = reader.current.meeting if reader.current else None
        assert meeting is not None and len(meeting.readouts) == 3, [
            m.sources for m in (reader.corpus.meetings if reader.corpus else ())
        ]
        await pilot.press("c")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        texts = [c.text for c in picker.shown]
        assert len(texts) == 3
        assert "mofa-japan  ⟷  mofa-korea" in screen_text(app)
        await type_text(pilot, "korea state")
        await pilot.press("enter")
        await settle(pilot)
        screen = compare_screen(app)
        assert {screen.left.source, screen.right.source} == {"mofa-korea", "us-state-department"}


@async_test
async def test_document_text_shows_as_characters(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    shutil.copy(SEED_JP_2018, folder / "jp.txt")
    kr = (
        (SEED_JP_2018.parent / "002_c362ed1f5c1351db.txt")
        .read_text(encoding="utf-8")
        .replace("Apr 11,2018", "Jan 16,2018")
        .replace("2018.4.11", "2018.1.16")
        .replace("on April 11 held talks in Seoul", "on January 16 held talks in Tokyo")
        .replace("islets of Dokdo", "islets of Dokdo [/foo] [bold]x\x1b[31m")
    )
    (folder / "kr.txt").write_text(kr, encoding="utf-8")
    app = ReadoutsApp([str(folder)])
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = compare_screen(app)
        last = len(screen.comparison.rows) - 1
        for _ in range(len(screen.grid.column(0))):
            await pilot.press("down")
        assert focused_cell(app).row == last
        await pilot.press("tab")
        await settle(pilot)
        text = screen_text(app)
        assert "islets of Dokdo [/foo]" in text
        assert "[bold]x␛[31m" in text


def _styles_at(content: object, word: str) -> set[str]:
    from textual.content import Content

    assert isinstance(content, Content)
    at = content.plain.index(word)
    return {str(span.style) for span in content.spans if span.start <= at < span.end}


@async_test
async def test_equivalent_terms_share_a_colour_on_both_sides(paired_corpus: Path) -> None:
    from tui.widgets.compare_grid import TERM_COLOURS

    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        grid = compare_screen(app).grid
        rows = [r.topic for r in compare_screen(app).comparison.rows]
        row = rows.index("Takeshima/Dokdo")
        left = next(c for c in grid.cells if c.row == row and c.side == 0)
        right = next(c for c in grid.cells if c.row == row and c.side == 1)
        japan = _styles_at(left.content, "Takeshima") & set(TERM_COLOURS)
        korea = _styles_at(right.content, "Dokdo") & set(TERM_COLOURS)
        assert japan and japan == korea
        # Another pair of terms gets another colour.
        row = rows.index("Comfort women")
        left = next(c for c in grid.cells if c.row == row and c.side == 0)
        assert not (_styles_at(left.content, "comfort women") & japan)
        assert _styles_at(left.content, "comfort women") & set(TERM_COLOURS)


@async_test
async def test_a_click_puts_the_cursor_on_that_side(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert focused_cell(app).side == 0
        await pilot.click(CompareGrid, offset=(100, 1))
        await settle(pilot)
        assert (focused_cell(app).row, focused_cell(app).side) == (0, 1)


@async_test
async def test_enter_during_a_search_opens_the_side_asked_for(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(130, 40)) as pilot:
        reader = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("enter")  # to the results
        await settle(pilot)
        assert reader.meeting_list.has_focus
        await pilot.press("c")
        await settle(pilot)
        screen = compare_screen(app)
        for _ in range(len(screen.grid.column(0))):
            await pilot.press("down")
        cell = focused_cell(app)
        assert cell.side == 0 and screen.comparison.rows[cell.row].topic == "Takeshima/Dokdo"
        await pilot.press("enter")
        await settle(pilot)
        assert reader.document.readout is not None
        assert reader.document.readout.source == "mofa-japan"
        assert "(4) The issue of Takeshima was also briefly raised." in screen_text(app)


async def _seeds_compared(pilot: Pilot[None]) -> None:
    """Japan's January 2018 readout against Korea's April 2018 one, through the picker."""
    await open_compare_on(pilot, "2018-01-16")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_snapshot(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReadoutsApp(), terminal_size=size, run_before=_seeds_compared)
