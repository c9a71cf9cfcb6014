"""Keys remapped from the user's keys.toml work, and a bad file never stops the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from tui.app import ReadoutsApp
from tui.keymap import READER_BINDINGS, keymap_file, load_keymap
from tui.screens.reader import ReaderScreen

from .conftest import async_test, ready, screen_text, settle
from .test_timeline import notices


def test_keymap_file_is_in_the_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/tmp/cfg-x")
    assert keymap_file() == Path("/tmp/cfg-x/readouts-tui/keys.toml")


def test_the_reader_keys_come_from_the_keymap_each_with_an_id_and_a_tooltip() -> None:
    assert ReaderScreen.BINDINGS is READER_BINDINGS
    bindings = [b for b in READER_BINDINGS if isinstance(b, Binding)]
    assert len(bindings) == len(READER_BINDINGS)
    # The ids are what users' keys.toml files name: renaming one breaks their remapping.
    assert [b.id for b in bindings] == [
        "reader.search",
        "reader.next-hit",
        "reader.previous-hit",
        "reader.next-hit-f3",
        "reader.previous-hit-f3",
        "reader.previous-meeting",
        "reader.next-meeting",
        "reader.publisher",
        "reader.compare",
        "reader.focus-next",
        "reader.focus-previous",
        "reader.sort",
        "reader.equivalents",
        "reader.clear-search",
        "reader.timeline",
        "reader.concordance",
        "reader.export",
        "reader.open-url",
        "reader.mark",
        "reader.tags",
        "reader.note",
        "reader.copy-cited",
        "reader.copy-citation",
    ]
    assert all(b.tooltip and b.description for b in bindings)


def test_problems_are_reported_and_good_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        '[keys]\n"reader.next-meeting" = "ctrl+down"\n"no.such" = "x"\n"list.down" = 3\n',
        encoding="utf-8",
    )
    mapping, problems = load_keymap(path, ["reader.next-meeting", "list.down"])
    assert mapping == {"reader.next-meeting": "ctrl+down"}
    assert problems == [
        f"{path}: no binding has the id 'no.such'",
        f'{path}: list.down needs a key name such as "ctrl+n"',
    ]
    path.write_text("[keys\n", encoding="utf-8")
    mapping, problems = load_keymap(path, [])
    assert mapping == {} and problems[0].endswith("default keys in use")
    assert load_keymap(tmp_path / "absent.toml", []) == ({}, [])


@async_test
async def test_a_remapped_key_moves_between_meetings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    (config / "readouts-tui").mkdir(parents=True)
    (config / "readouts-tui" / "keys.toml").write_text(
        '[keys]\n"reader.next-meeting" = "ctrl+down"\n"no.such" = "x"\n', encoding="utf-8"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    app = ReadoutsApp()
    said = notices(app, monkeypatch)  # the toast itself expires on a slow machine
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "2023-07-13 · mofa-japan" in screen_text(app)
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert "2018-04-11 · mofa-korea" in screen_text(app)
        # The old key no longer moves; the unknown id was reported, not fatal.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "2018-04-11 · mofa-korea" in screen_text(app)
        assert any("no binding has the id 'no.such'" in message for message in said)
