"""Keys remapped from the user's keys.toml work, and a bad file never stops the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import ReadoutsApp
from tui.keymap import keymap_file, load_keymap

from .conftest import async_test, ready, screen_text, settle


def test_keymap_file_is_in_the_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/tmp/cfg-x")
    assert keymap_file() == Path("/tmp/cfg-x/readouts-tui/keys.toml")


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
        assert any("no binding has the id 'no.such'" in str(n.message) for n in app._notifications)
