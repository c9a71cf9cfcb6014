"""The reader as a newcomer first meets it (issue 17): what each key says and where it works,
counts, the list's rows and where it starts, the status line, the publisher tabs, Maximize."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tui.app import ReadoutsApp
from tui.widgets.document_view import ONE_READOUT


@async_test
async def test_t_on_a_meeting_with_one_readout_says_so() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        assert ONE_READOUT not in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert "only one publisher's readout of this meeting" in screen_text(app)


@async_test
async def test_publisher_tabs_show_each_sides_hits_while_searching(paired_corpus: Path) -> None:
    app = ReadoutsApp([str(paired_corpus)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kono")
        await settle(pilot)
        assert screen.result is not None
        counts = {
            hit.id.split("-")[4]: len(hit.positions) for hit in screen.result.hits
        }  # mofa-japan / mofa-korea -> "japan" / "korea"
        assert set(counts) == {"japan", "korea"}
        text = screen_text(app)
        for side, code in (("japan", " JP  mofa-japan"), ("korea", " KR  mofa-korea")):
            n = counts[side]
            assert f"{code} · {n} hit{'s' if n != 1 else ''}" in text
        await pilot.press("escape")
        await settle(pilot)
        assert " JP  mofa-japan   KR  mofa-korea" in screen_text(app)  # no counts
