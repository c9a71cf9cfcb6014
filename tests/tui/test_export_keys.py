"""`x` in the reader writes what is on screen (the results, or the whole list) and says where;
`o` opens the readout's source URL, or says there is none."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tests.tui.test_timeline import notices
from tui.app import ReadoutsApp


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@async_test
async def test_x_exports_the_results_or_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReadoutsApp()
    said = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("x", "enter")
        await settle(pilot)
        every = read_csv(tmp_path / "all-readouts.csv")
        assert len(every) == 5
        assert set(every[0]) >= {"id", "meeting_date", "published", "publisher", "title", "url"}

        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x", "enter")
        await settle(pilot)
        rows = read_csv(tmp_path / "dokdo-results.csv")
        assert screen.result is not None
        assert [r["id"] for r in rows] == [h.id for h in screen.result.hits]
        assert rows[0]["matched"] == "dokdo" and rows[0]["rank"] == "1"
        assert any(str(tmp_path / "dokdo-results.csv") in s for s in said)

        await pilot.press("x", "escape")  # cancelled: nothing written, nothing said
        await settle(pilot)
        assert len(list(tmp_path.iterdir())) == 2


@async_test
async def test_x_says_why_a_file_could_not_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ReadoutsApp()
    said = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(tmp_path / "no" / "such" / "x.csv")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert any("No such file or directory" in s for s in said)


@async_test
async def test_o_opens_the_source_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    collection = tmp_path / "c.jsonl"
    line = {
        "title": "A call",
        "date": "2022-05-01",
        "source_url": "https://www.whitehouse.gov/briefing-room/a-call/",
        "text": "The President spoke with the Prime Minister about trade.",
    }
    collection.write_text(json.dumps(line) + "\n", encoding="utf-8")
    opened: list[str] = []
    app = ReadoutsApp(paths=[str(collection)])
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # the document header shows it
        lines = [line.strip("│ ") for line in screen_text(app).splitlines()]
        at = lines.index("Source")  # at 120 columns the address takes the lines below
        assert lines[at + 1 : at + 3] == [
            "https://www.whitehouse.gov/briefing-room/a-",
            "call/  (o opens it)",
        ]
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://www.whitehouse.gov/briefing-room/a-call/"]

    app = ReadoutsApp()  # the seeds carry no URL
    said = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "This readout has no source URL" in said
