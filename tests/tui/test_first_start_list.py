"""A first start on a large folder lists readouts as the files are read, before all are."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

import index.cache
import index.parse
from tests.tui.conftest import async_test, ready, screen_text
from tests.tui.test_loading import wait_for
from tui.app import ReadoutsApp


@async_test
async def test_the_list_fills_as_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    for day in range(1, 7):
        (folder / f"n{day}.md").write_text(
            f"---\ntitle: Talks number {day}\ndate: '2021-06-{day:02d}'\n---\n\nMet.\n",
            encoding="utf-8",
        )
    real = index.cache.parse_path
    may_go_on = threading.Event()
    read: list[str] = []

    def held_parse(path: Path, **kwargs: Any) -> Any:
        if len(read) == 3:
            may_go_on.wait(10)  # half the files read: the rest waits
        read.append(path.name)
        return real(path, **kwargs)

    monkeypatch.setattr(index.cache, "parse_path", held_parse)
    monkeypatch.setattr(index.cache, "PARTIAL_EVERY", 0.0)
    app = ReadoutsApp([str(folder)], cache_dir=tmp_path / "cache")
    async with app.run_test(size=(120, 30)) as pilot:
        # what is read so far is listed before the rest is
        shown = await wait_for(pilot, "reading files…")
        assert "Talks number 1" in shown and "Talks number 6" not in shown
        may_go_on.set()
        await ready(pilot)
        shown = screen_text(app)
        assert "6 of 6 meetings" in shown and "Talks number 6" in shown


@async_test
async def test_a_collection_file_shows_progress_and_lists_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection = tmp_path / "notes.jsonl"
    lines = [
        json.dumps({"title": f"Talks number {i}", "date": f"2021-06-{i:02d}", "text": "Met."})
        for i in range(1, 7)
    ]
    collection.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real = index.parse.parse_document
    may_go_on = threading.Event()
    seen: list[str] = []

    def held(doc: Any) -> Any:
        if len(seen) == 3:
            may_go_on.wait(10)  # half the lines read: the rest waits
        seen.append(doc.path)
        return real(doc)

    monkeypatch.setattr(index.parse, "parse_document", held)
    monkeypatch.setattr(index.cache, "PARTIAL_EVERY", 0.0)
    app = ReadoutsApp([str(collection)], cache_dir=tmp_path / "cache")
    async with app.run_test(size=(120, 30)) as pilot:
        shown = await wait_for(pilot, "reading files…")
        assert "Talks number 1" in shown and "Talks number 6" not in shown
        may_go_on.set()
        await ready(pilot)
        assert "6 of 6 meetings" in screen_text(app)
