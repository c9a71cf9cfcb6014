"""The concordance view as a user meets it: K lists every occurrence aligned on the match,
`s` re-sorts, Enter opens the readout at that occurrence, `x` exports the lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tests.tui.test_timeline import notices
from tui.app import ReadoutsApp
from tui.screens.concordance import ConcordanceScreen
from tui.widgets.kwic_lines import KwicLines


async def search(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


def kwic_rows(app: ReadoutsApp) -> list[str]:
    lines = app.screen.query_one(KwicLines)
    return [lines.line_text(i) for i in range(len(lines.lines))]


@async_test
async def test_k_lists_every_occurrence_aligned_on_the_match() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("K")
        await settle(pilot)
        assert isinstance(app.screen, ConcordanceScreen)
        text = screen_text(app)
        assert "concordance: dokdo · 5 occurrences in 3 readouts · by date" in text
        shown = [line for line in text.splitlines() if "Dokdo" in line or "Takeshima" in line]
        assert len(shown) == 5
        columns = {line.find(" Dokdo ") if " Dokdo " in line else line.find(" Takeshima ")
                   for line in shown}  # fmt: skip
        assert len(columns) == 1  # every match starts in the same column
        dates = [line.split()[0] for line in shown]
        assert dates == sorted(dates) and dates[0] == "2011-03-19"

        await pilot.press("s")
        await settle(pilot)
        assert "by the word after" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ConcordanceScreen)


@async_test
async def test_enter_opens_the_readout_at_that_occurrence() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, '"north korea"')
        await pilot.press("K")
        await settle(pilot)
        kwic = app.screen
        assert isinstance(kwic, ConcordanceScreen) and kwic.concordance is not None
        pick = 7
        line = kwic.concordance.lines[pick]
        await pilot.press(*["down"] * pick, "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.current is not None and screen.document.readout_id == line.id
        body = screen.document.body
        assert body.has_focus
        start, _ = body.hits[body.current_hit]
        assert start == line.offset
        subtitle = str(screen.document.border_subtitle)
        assert subtitle == f"hit {body.current_hit + 1} of {len(body.hits)}"


@async_test
async def test_x_writes_the_lines_to_a_file_named_after_the_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReadoutsApp()
    said = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("K")
        await settle(pilot)
        shown = kwic_rows(app)
        await pilot.press("x")
        await settle(pilot)
        offered = app.screen.query_one("#export-path")
        assert offered.value == str(tmp_path / "dokdo-kwic.csv")  # type: ignore[attr-defined]
        assert "dokdo-kwic.csv" in screen_text(app)  # the field shows the end of the path
        await pilot.press("enter")
        await settle(pilot)
        with (tmp_path / "dokdo-kwic.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == len(shown) == 5
        assert [r["match"] for r in rows] == [
            "Takeshima", "Takeshima", "Takeshima", "Dokdo", "Dokdo"
        ]  # fmt: skip
        assert any(f"Wrote 5 records to {tmp_path / 'dokdo-kwic.csv'}" in s for s in said)

        # a path of one's own, as JSON Lines
        await pilot.press("x")
        await settle(pilot)
        field = app.screen.query_one("#export-path")
        field.value = str(tmp_path / "mine.jsonl")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        records = [json.loads(x) for x in (tmp_path / "mine.jsonl").read_text().splitlines()]
        assert [r["offset"] for r in records] == [int(r["offset"]) for r in rows]


@async_test
async def test_document_text_shows_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "A meeting\n\nJanuary 5, 2020\n\nThe [bold]zorbel[/bold] talks went on [/foo] and "
        "\x1b[31m zorbel \x1b[0m again.\n",
        encoding="utf-8",
    )
    app = ReadoutsApp(paths=[str(folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await search(pilot, "zorbel")
        await pilot.press("K")
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if "zorbel" in line]
        assert any("The [bold] zorbel [/bold] talks went on [/foo]" in line for line in rows)
        assert len(rows) == 3  # the title line, and a line per occurrence
        assert any("␛[31m  zorbel  ␛[0m again." in line for line in rows)


@async_test
async def test_a_click_moves_the_cursor_and_a_double_click_opens() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("K")
        await settle(pilot)
        kwic = app.screen
        assert isinstance(kwic, ConcordanceScreen) and kwic.concordance is not None
        lines = kwic.query_one(KwicLines)
        await pilot.click(KwicLines, offset=(30, 3))
        await settle(pilot)
        assert lines.cursor == 3
        line = kwic.concordance.lines[3]
        await pilot.click(KwicLines, offset=(30, 3), times=2)
        await settle(pilot)
        assert app.screen is screen and screen.document.readout_id == line.id
