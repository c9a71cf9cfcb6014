"""The timeline panel as a user meets it: T opens it under the panes with a bar per period and
publisher, Enter narrows the search to a period, Esc takes that back, T closes it."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tui.app import ReadoutsApp
from tui.widgets.timeline_panel import SETTLE, TimelinePanel, bar


async def search(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("enter")  # to the list: keys are commands again
    await settle(pilot)


async def recount(pilot: Pilot[None]) -> None:
    """Wait out the panel's pause after typing, then its worker."""
    await pilot.pause(SETTLE + 0.1)
    await settle(pilot)


def notices(app: ReadoutsApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app tells the user in toasts, from now on."""
    said: list[str] = []
    real = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(str(message))
        real(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return said


def panel_lines(app: ReadoutsApp) -> list[str]:
    panel = app.screen.query_one(TimelinePanel)
    lines = screen_text(app).splitlines()[panel.region.y : panel.region.bottom]
    return [line[panel.region.x : panel.region.right] for line in lines]


@async_test
async def test_t_shows_matches_of_all_per_year_and_publisher() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("T")
        await settle(pilot)
        lines = panel_lines(app)
        text = "\n".join(lines)
        assert "timeline: dokdo · 3 of 5 readouts · by year" in text
        assert "mofa-japan" in text and "mofa-korea" in text  # the legend
        inside = [line.strip("│ ") for line in lines]
        rows = [line for line in inside if line[:1].isdigit()]
        assert [row.split()[0] for row in rows] == ["2011", "2016", "2018", "2023"]
        # 2018: the Japanese readout names Takeshima, the Korean one Dokdo: both match
        assert rows[2].count("1/1") == 2
        assert "0/1" in rows[1] and "1/1" not in rows[1]
        assert screen.query_one(TimelinePanel).has_focus

        await pilot.press("T")
        await settle(pilot)
        assert not screen.query(TimelinePanel)
        assert screen.meeting_list.has_focus


@async_test
async def test_enter_narrows_to_the_period_and_esc_takes_it_back() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # 2011, 2016, 2018
        await settle(pilot)
        assert screen.search_bar.value == "dokdo date:2018"
        assert {r.meeting.meeting_date for r in screen.meeting_list.rows} == {
            "2018-01-16",
            "2018-04-11",
        }
        await recount(pilot)
        # Both matches in 2018: the dates span under two years, so the panel counts by month.
        text = "\n".join(panel_lines(app))
        assert "timeline: dokdo date:2018 · 2 of 5 readouts · by month" in text
        assert "2018-01" in text and "2018-04" in text and "2011" not in text

        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_bar.value == "dokdo"
        assert len(screen.meeting_list.rows) == 3
        await recount(pilot)
        assert "by year" in "\n".join(panel_lines(app))
        await pilot.press("escape")  # nothing left to take back: Esc clears the search
        await settle(pilot)
        assert screen.search_bar.value == ""


@async_test
async def test_the_panel_follows_typing_and_exports_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReadoutsApp()
    said = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo earthquake")
        await recount(pilot)
        assert "timeline: dokdo earthquake · 1 of 5 readouts" in "\n".join(panel_lines(app))

        screen.set_focus(screen.query_one(TimelinePanel))
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "dokdo-earthquake-timeline.csv"
        with written.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert (rows[0]["period"], rows[0]["matches"], rows[0]["total"]) == ("2011-03", "1", "1")
        assert sum(int(r["matches"]) for r in rows) == 1
        assert any(str(written) in notice for notice in said)


def test_bars_grow_with_the_count() -> None:
    assert bar(0, 10) == ""
    assert bar(10, 10, width=4) == "████"
    assert bar(5, 10, width=4) == "██"
    assert bar(1, 1000, width=4) == "▏"  # a match always shows


@async_test
async def test_four_publishers_fit_an_80_column_terminal(tmp_path: Path) -> None:
    import json

    urls = [
        "https://www.whitehouse.gov/a/{}",
        "https://www.mofa.go.jp/b/{}",
        "https://www.mofa.go.kr/c/{}",
        "https://www.state.gov/d/{}",
    ]
    path = tmp_path / "four.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(24):
            line = {
                "title": f"Readout {i}",
                "date": f"{2015 + i % 6}-0{1 + i % 9}-1{i % 9}",
                "source_url": urls[i % 4].format(i),
                "text": "The sides discussed trade" + (" and zorbel." if i % 3 else "."),
            }
            f.write(json.dumps(line) + "\n")
    app = ReadoutsApp(paths=[str(path)])
    async with app.run_test(size=(80, 30)) as pilot:
        await ready(pilot)
        await search(pilot, "zorbel")
        await pilot.press("T")
        await settle(pilot)
        panel = app.screen.query_one(TimelinePanel)
        assert panel.timeline is not None and len(panel.timeline.publishers) == 4
        inside = [line.strip("│ ") for line in panel_lines(app)]
        rows = [line for line in inside if line[:1].isdigit()]
        # one line per period: no row wrapped onto a second line
        assert [row.split()[0] for row in rows] == list(panel.timeline.periods)
        published = {
            p: sum(1 for r in panel.timeline.rows if r.period == p and r.total)
            for p in panel.timeline.periods
        }
        # every count is in sight: one per publisher that published something that year
        assert [row.count("/") for row in rows] == [published[row.split()[0]] for row in rows]


@async_test
async def test_esc_does_not_take_back_a_narrowing_typed_over() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "dokdo")
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("enter")  # narrowed to 2011
        await settle(pilot)
        assert screen.search_bar.value == "dokdo date:2011"
        await search(pilot, "nuclear")  # a new search: the narrowing is history
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_bar.value == ""  # Esc cleared the search, as it always does


@async_test
async def test_the_timeline_counts_tag_filters_as_the_search_does() -> None:
    """`tag:history dokdo`: of the three readouts naming Dokdo or Takeshima, the one tagged."""
    from index.corpus import load_corpus
    from index.notes.store import NotesStore, ReadoutInfo

    tagged = next(r for r in load_corpus().readouts if r.id == "2018-01-16-mofa-japan-kono-kang")
    store = NotesStore()
    store.set_tags(ReadoutInfo.of(tagged), ["history"])
    store.close()
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await search(pilot, "tag:history dokdo")
        assert [row.readout_id for row in screen.meeting_list.rows] == [tagged.id]
        await pilot.press("T")
        await settle(pilot)
        text = "\n".join(panel_lines(app))
        assert "timeline: tag:history dokdo · 1 of 5 readouts · by month" in text
