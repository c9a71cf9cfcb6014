"""The app on a damaged cache: it opens, shows the document as a fresh build would, says once
what it repaired, and never shows an error dialog. A few representative cases; the full matrix
of files and damages is in tests/index/test_cache_faults.py (the command line's answers)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import index.cache
from index.corpus import load_corpus, seeds_dir
from index.workspace import open_corpus, open_index
from tests.tui.conftest import async_test, ready, screen_text
from tests.tui.test_loading import wait_for
from tui.app import ReadoutsApp
from tui.screens.errors import ErrorScreen

CASES = [
    ("corpus-*.texts", "middle"),
    ("corpus-*.texts", "third"),
    ("corpus-*.pickle", "middle"),
    ("index-*/*.seg", "third"),
    ("index-*/*.toc", "start"),
]


def damage(file: Path, how: str) -> None:
    """Flip a byte at the start or middle, or cut the file to a third; its times kept."""
    st = file.stat()
    data = bytearray(file.read_bytes())
    if how == "third":
        data = data[: len(data) // 3]
    else:
        data[0 if how == "start" else len(data) // 2] ^= 0xFF
    file.write_bytes(bytes(data))
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))


def warm_cache(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of the seeds, and a cache folder a start left for it (parse cache and index)."""
    folder, cache = tmp_path / "mine", tmp_path / "cache"
    folder.mkdir()
    for seed in seeds_dir().iterdir():
        shutil.copy2(seed, folder / seed.name)
    corpus, _ = open_corpus([str(folder)], cache_dir=cache)
    open_index(corpus, [str(folder)], cache_dir=cache)
    return folder, cache


def recorded_notices(app: ReadoutsApp) -> list[str]:
    """Every notification the app shows from now on, kept: a notice lasts seconds on screen,
    and on a loaded machine the test may look after it is gone."""
    told: list[str] = []
    real = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        told.append(str(message))
        real(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return told


async def notices(pilot: Any, told: list[str], wanted: str, timeout: float = 30.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(wanted in t for t in told):
            return told
        await pilot.pause(0.05)
    return told


def opening_words(folder: Path) -> list[str]:
    """A line of each readout's text as a fresh read gives it (one of them is on screen)."""
    return [r.text.split("\n")[0][:40] for r in load_corpus([folder]).readouts]


@pytest.mark.parametrize(("pattern", "how"), CASES)
@async_test
async def test_a_damaged_cache_opens_a_document_without_an_error_dialog(
    tmp_path: Path, pattern: str, how: str
) -> None:
    folder, cache = warm_cache(tmp_path)
    for file in cache.glob(pattern):
        damage(file, how)
    app = ReadoutsApp([str(folder)], cache_dir=cache)
    told = recorded_notices(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("down", "up")  # move to another meeting and back: a document opens
        await ready(pilot)
        words = opening_words(folder)
        deadline = time.monotonic() + 30  # its text read again from the file: slow when loaded
        while not any(w in (shown := screen_text(app)) for w in words):
            if time.monotonic() > deadline or isinstance(app.screen, ErrorScreen):
                break
            await pilot.pause(0.05)
        assert not isinstance(app.screen, ErrorScreen)
        assert "Unexpected error" not in shown
        assert any(w in shown for w in words), shown
        if pattern.endswith(".texts"):
            await notices(pilot, told, "text store damaged")
            assert sum("text store damaged" in t for t in told) == 1, told
        assert not isinstance(app.screen, ErrorScreen)


@async_test
async def test_damage_found_after_the_check_of_the_files_is_repaired_and_said(
    tmp_path: Path,
) -> None:
    # The check of the files runs before the damaged text is read (it is not on screen yet):
    # reading it later, as the user moves down the list, checks the files again, which
    # writes a sound store and says so once.
    folder, cache = warm_cache(tmp_path)
    (store,) = cache.glob("corpus-*.texts")
    damage(store, "middle")
    app = ReadoutsApp([str(folder)], cache_dir=cache)
    told = recorded_notices(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await ready(pilot)
        deadline = time.monotonic() + 30
        while not screen.files_checked and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert screen.files_checked
        assert not any("text store damaged" in t for t in told)
        for _ in range(5):  # every meeting's document in turn
            await pilot.press("down")
            await pilot.pause(0.1)
        await notices(pilot, told, "text store damaged")
        assert sum("text store damaged" in t for t in told) == 1, told
        assert not isinstance(app.screen, ErrorScreen)
    assert not list(cache.glob(store.name))  # the damaged store replaced by a sound one


@async_test
async def test_a_readout_whose_file_is_gone_too_says_so_in_its_pane(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = warm_cache(tmp_path)
    (store,) = cache.glob("corpus-*.texts")
    store.write_bytes(b"")
    gone = load_corpus([folder]).readouts
    for path in {r.path for r in gone}:
        Path(path).unlink()  # every file gone: whichever readout opens first says so
    real = index.cache.load_corpus_cached
    may_check = threading.Event()

    def held_check(*args: Any, **kwargs: Any) -> Any:
        may_check.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(index.cache, "load_corpus_cached", held_check)
    app = ReadoutsApp([str(folder)], cache_dir=cache)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await wait_for(pilot, "This readout's text cannot be shown")
        assert "is gone" in shown
        assert not isinstance(app.screen, ErrorScreen)
        may_check.set()
