"""The search language as a user types it in the app: word forms, a half-typed date, and the
status line saying why nothing was found."""

from __future__ import annotations

from tests.tui.conftest import async_test, ready, screen_text, settle, type_text
from tests.tui.test_search import message, rows
from tui.app import ReadoutsApp


@async_test
async def test_abduction_keeps_its_hits_when_the_word_is_finished() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "abduction")
        typed = rows(screen)
        assert len(typed) == 2  # the seeds say "abductions"
        await pilot.press("space")
        await settle(pilot)
        assert rows(screen) == typed
        assert "abductions" in screen_text(app)


@async_test
async def test_a_half_typed_date_flashes_no_error() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "korea date:2017..")
        before = rows(screen)
        for key in "20":
            await pilot.press(key)
            await settle(pilot)
            assert not message(screen).has_class("-error")
            assert rows(screen) == before
        assert "waits until it is complete" in screen_text(app)


@async_test
async def test_a_publisher_the_corpus_lacks_is_named_with_those_it_has() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "publisher:whitehouse ")
        await settle(pilot)
        assert rows(screen) == []
        assert "no publisher 'whitehouse' here: mofa-japan, mofa-korea" in screen_text(app)
