"""All the results of a search, in the order asked for: the list shows the first 100, the rest
load as it scrolls near its end, `G` goes to the real last result, `s` sorts every match by
date, and `x` exports every match. Checked against the documents the test writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tests.tui.test_timeline import notices
from tui.app import ReadoutsApp
from tui.screens.reader import ReaderScreen

DOCUMENTS = 260
"""Readouts that mention the word: more than two pages of the list."""


def date_of(i: int) -> str:
    """Readout i's date: all different, and unrelated to its rank (2001-01-01 + i*37 days
    folded into 24 years)."""
    day = (i * 37) % (24 * 336)
    return f"{2001 + day // 336}-{1 + day % 336 // 28:02d}-{1 + day % 28:02d}"


def write_corpus(folder: Path) -> Path:
    """`DOCUMENTS` readouts naming "zephyr" (readout i names it 1 + i % 9 times, so ranks are
    not in file or date order), and ten that do not."""
    folder.mkdir()
    for i in range(DOCUMENTS + 10):
        times = 1 + i % 9 if i < DOCUMENTS else 0
        body = " ".join(["The ministers discussed the agreement."] + ["Zephyr talks."] * times)
        (folder / f"r{i:03d}.md").write_text(
            f"---\ntitle: Readout number {i}\ndate: '{date_of(i)}'\n---\n\n{body}\n",
            encoding="utf-8",
        )
    return folder


def ids(screen: ReaderScreen) -> list[str]:
    return [row.readout_id for row in screen.meeting_list.rows]


async def search(pilot, query: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    screen = await ready(pilot)
    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("enter")  # to the list
    await settle(pilot)
    return screen


@async_test
async def test_the_rest_loads_as_the_list_scrolls_and_g_goes_to_the_real_last(
    tmp_path: Path,
) -> None:
    folder = write_corpus(tmp_path / "mine")
    app = ReadoutsApp([str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "zephyr")
        assert screen.index is not None
        whole = screen.index.search("zephyr", limit=1000, snippets=False, highlight=0)
        ranked = [h.id for h in whole.hits]
        assert len(ranked) == DOCUMENTS
        assert ids(screen) == ranked[:100]
        assert f"100 of {DOCUMENTS} readouts shown" in screen_text(app)

        while (screen.meeting_list.highlighted or 0) < 92:  # a page at a time down the list
            await pilot.press("pagedown")
        cursor = screen.meeting_list.highlighted
        await settle(pilot)
        assert len(ids(screen)) == 200 and ids(screen) == ranked[:200]
        assert screen.meeting_list.highlighted == cursor  # it stayed where the keys put it
        assert screen.meeting_list.rows[150].snippet[1]  # the page came with its snippets

        await pilot.press("G")
        await settle(pilot)
        assert ids(screen) == ranked
        assert screen.meeting_list.current is not None
        assert screen.meeting_list.current.readout_id == ranked[-1]
        text = screen_text(app)
        assert f"{DOCUMENTS} readouts in {DOCUMENTS} meetings" in text
        assert f"{DOCUMENTS} of {DOCUMENTS + 10} meetings" in text  # the list's title
        # The rows in view came without snippets (loaded at once) and got them once seen.
        last = screen.meeting_list.rows[-1]
        assert "Zephyr" in last.snippet[0] and last.snippet[1]
        assert "Zephyr talks" in text


@async_test
async def test_s_sorts_every_match_by_date_and_says_so(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "mine")
    app = ReadoutsApp([str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "zephyr")
        by_date = sorted((date_of(i) for i in range(DOCUMENTS)), reverse=True)
        best = [row.meeting.meeting_date for row in screen.meeting_list.rows]
        assert best != by_date[:100]

        await pilot.press("s")
        await settle(pilot)
        dates = [row.meeting.meeting_date for row in screen.meeting_list.rows]
        assert dates == by_date[:100]  # the newest of all 260, not the best 100 re-sorted
        assert "sorted by date" in screen_text(app)
        await pilot.press("G")
        await settle(pilot)
        assert [row.meeting.meeting_date for row in screen.meeting_list.rows] == by_date

        await pilot.press("s")
        await settle(pilot)
        assert [row.meeting.meeting_date for row in screen.meeting_list.rows] == best
        assert "sorted by date" not in screen_text(app)


@async_test
async def test_x_exports_every_result_not_only_those_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "mine")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = ReadoutsApp([str(folder)])
    said = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "zephyr")
        assert len(ids(screen)) == 100
        await pilot.press("s", "x", "enter")  # by date (even before the list is re-sorted);
        await settle(pilot)  # Enter takes the file name offered
        with (out / "zephyr-results.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == DOCUMENTS
        assert [r["meeting_date"] for r in rows] == sorted(
            (date_of(i) for i in range(DOCUMENTS)), reverse=True
        )
        assert [r["rank"] for r in rows[:3]] == ["1", "2", "3"]
        assert {r["matched"] for r in rows} == {"zephyr"}
        assert any(f"Wrote {DOCUMENTS} records" in s for s in said)
