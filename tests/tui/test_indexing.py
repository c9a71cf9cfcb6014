"""A first start on a corpus of the user's own: progress while it indexes, and search on the
batches committed so far, its results growing as more of the corpus is indexed."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen

import index.cache
import index.search.growing
import index.search.store
import tui.app
from index.search.growing import EarlyBuild
from tests.tui.conftest import async_test, reader, ready, screen_text, settle
from tests.tui.test_loading import wait_for
from tui.app import ReadoutsApp
from tui.progress import Progress
from tui.screens.reader import ReaderScreen
from tui.widgets.status_line import StatusLine

DOCUMENTS = 300
BATCH = 50


class SmallBatches(ReadoutsApp):
    """The app, committing (and so making searchable) every `BATCH` documents."""

    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(self.paths, batch_size=BATCH)


def whole_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of exactly `BATCH` documents however slow the machine: without this, a batch is
    also cut at `store.BATCH_SECONDS`, and a loaded machine commits fewer than `BATCH`."""
    real = index.search.store.open_search_index

    def open_search_index(*args: Any, **kwargs: Any) -> Any:
        return real(*args, batch_seconds=float("inf"), **kwargs)

    monkeypatch.setattr(index.search.store, "open_search_index", open_search_index)


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(DOCUMENTS):
        (folder / f"r{i:03d}.md").write_text(
            f"---\ntitle: Readout number {i}\n"
            f"date: '20{10 + i // 28 % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}'\n---\n\n"
            f"The minister spoke about the zephyr agreement, item {i}."
            + (" Zephyr again, zephyr." if i < BATCH else "")  # the first batch ranks first
            + "\n",
            encoding="utf-8",
        )
    return folder


@async_test
async def test_search_during_indexing_finds_the_first_batch_then_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "mine")
    real_document = index.search.store.document
    go = threading.Event()
    calls = 0

    def slow_document(readout: Any, known: Any) -> Any:
        # Slow enough for a rate to show; held after the first batch until the test says go.
        nonlocal calls
        calls += 1
        time.sleep(0.012)
        if calls == BATCH + 10:
            go.wait(20)
        return real_document(readout, known)

    monkeypatch.setattr(index.search.store, "document", slow_document)
    whole_batches(monkeypatch)
    app = SmallBatches([str(folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        text = await wait_for(pilot, f"searching {BATCH} of {DOCUMENTS} indexed")
        status = text.splitlines()[-2]  # above the footer
        assert f"searching {BATCH} of {DOCUMENTS} indexed ━" in status
        assert "━" in status and "─" in status  # the bar, partly filled
        assert "docs/s" in status and " left" in status
        assert "index ready" not in text

        await pilot.press("slash", *"zephyr")
        text = await wait_for(pilot, f"searched {BATCH} of {DOCUMENTS} indexed")
        screen = reader(app)
        assert screen.corpus is not None and screen.result is not None
        first_batch = {r.id for r in screen.corpus.readouts[:BATCH]}
        assert {h.id for h in screen.result.hits} <= first_batch
        assert f"{BATCH} readouts in {BATCH} meetings" in text
        await pilot.press("down", "down")  # the cursor on the third result
        await pilot.pause(0.3)  # (not settle(): the index worker is held)
        assert screen.meeting_list.highlighted == 2
        chosen = screen.current.meeting.id if screen.current else None
        assert chosen is not None

        go.set()
        await ready(pilot)
        await settle(pilot)
        text = screen_text(app)
        assert "index ready" in text and "━" not in text
        assert f"100 of {DOCUMENTS:,} readouts shown · 100 meetings listed" in text
        assert "searched" not in text
        # The results grew under the cursor, which stayed on the meeting the user chose.
        assert screen.current is not None and screen.current.meeting.id == chosen
        highlighted = screen.meeting_list.highlighted
        assert highlighted is not None
        assert screen.meeting_list.rows[highlighted].meeting.id == chosen


@async_test
async def test_a_second_start_has_nothing_to_index(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "mine")
    for _ in range(2):
        app = SmallBatches([str(folder)])
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await ready(pilot)
            assert screen.index_complete and screen.index_state == "index ready"
            assert screen.index_progress is None
            await pilot.press("slash", *"item")
            await settle(pilot)
            assert f"{DOCUMENTS} readouts" in screen_text(app)


@async_test
async def test_quitting_while_indexing_stops_the_indexing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "mine")
    real_document = index.search.store.document
    calls = 0

    def slow_document(readout: Any, known: Any) -> Any:
        nonlocal calls
        calls += 1
        time.sleep(0.02)  # 300 documents: 6 s
        return real_document(readout, known)

    monkeypatch.setattr(index.search.store, "document", slow_document)
    whole_batches(monkeypatch)
    app = SmallBatches([str(folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, f"searching {BATCH} of {DOCUMENTS} indexed")
        await pilot.press("q")
    # The worker's thread (which the process would wait for at exit) stops at its next document
    # (after the commit it may be in): the count stands still long before the last document.
    seen = -1
    while calls != seen:
        seen = calls
        time.sleep(0.5)
    assert calls < DOCUMENTS - BATCH


class StatusOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (
            120,
            "/home/analyst/readouts · searching 3,000 of 14,361 indexed ━━━───────── "
            "80 docs/s · 2 min 15 s left · equivalents on",
        ),
        (
            80,
            "…/analyst/readouts · searching 3,000/14,361 ━───── 80/s · 2:15 left · equiv on",
        ),
    ],
)
@async_test
async def test_the_status_line_says_how_far_indexing_has_got(width: int, expected: str) -> None:
    app = StatusOnly()
    async with app.run_test(size=(width, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.corpus_label = "/home/analyst/readouts"
        status.documents = 14_361
        status.index_state = "indexing…"
        status.progress = Progress(3_561, 14_361, 80.0, searchable=3_000)
        await pilot.pause()
        assert screen_text(app).splitlines()[0].strip() == expected


READ = 150
"""Files in the corpus read slowly (below `index.parallel_parse.PARALLEL_MIN`: read here)."""


def small_readouts(folder: Path, n: int, what: Callable[[int], tuple[str, str]]) -> Path:
    """`n` short readouts in `folder`, readout i titled and about `what(i)`."""
    folder.mkdir()
    for i in range(n):
        title, about = what(i)
        (folder / f"r{i:03d}.md").write_text(
            f"---\ntitle: {title}\ndate: '2020-{1 + i % 12:02d}-{1 + i % 28:02d}'\n"
            f"---\n\nThe minister spoke about {about}.\n",
            encoding="utf-8",
        )
    return folder


def slow_early_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file takes 0.05 s to read, and the early index starts after 10 readouts and
    commits every 0.3 s: a first start whose searchable part grows while it is watched."""
    real_parse = index.cache.parse_path

    def slow_parse(path: Any, **kwargs: Any) -> Any:
        time.sleep(0.05)
        return real_parse(path, **kwargs)

    monkeypatch.setattr(index.cache, "parse_path", slow_parse)
    monkeypatch.setattr(index.cache, "PARTIAL_EVERY", 0.3)
    monkeypatch.setattr(index.search.growing, "EARLY_MIN", 10)
    monkeypatch.setattr(index.search.growing, "FLUSH_EVERY", 0.3)


@async_test
async def test_a_first_start_searches_what_is_read_so_far_and_its_part_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = small_readouts(
        tmp_path / "mine",
        READ,
        lambda i: (f"Readout number {i}", f"the zephyr agreement, item {i}"),
    )
    slow_early_start(monkeypatch)  # 150 files: 7.5 s of reading
    app = SmallBatches([str(folder)])
    counts: list[tuple[int, int]] = []
    async with app.run_test(size=(120, 30)) as pilot:
        deadline = time.monotonic() + 60
        screen = reader(app)
        typed = False
        while screen.index_state != "index ready" and time.monotonic() < deadline:
            status = screen_text(app).splitlines()[-2]
            found = re.search(r"searching ([\d,]+) of ([\d,]+) (read|indexed)", status)
            if found:
                counts.append((int(found[1].replace(",", "")), int(found[2].replace(",", ""))))
                if not typed:  # search as soon as something is searchable
                    typed = True
                    screen.search_bar.focus()
                    screen.search_bar.value = "zephyr"
            await pilot.pause(0.05)
        text = await wait_for(pilot, f"{READ} readouts")
        await settle(pilot)
        # While the files were read, what was searched grew, and so did what was read.
        searched = sorted({n for n, _ in counts})
        assert len(searched) >= 3, counts
        assert [n for n, _ in counts] == sorted(n for n, _ in counts)
        assert all(n <= total <= READ for n, total in counts)
        assert max(total for _, total in counts) > min(total for _, total in counts)
        # Complete: the status says so, every readout is found, the list shows from its top.
        assert "index ready" in text.splitlines()[-2]
        assert screen.meeting_list.highlighted == 0 and screen.meeting_list.scroll_y == 0
        assert screen.result is not None and len(screen.result.hits) == 100


MATCHES = len(range(0, READ // 2, 4))
"""Of the `READ // 2` files below, those that mention the quokka (every fourth)."""


@async_test
async def test_a_search_typed_on_a_first_start_stays_listed_until_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def subject(i: int) -> str:
        return "quokka" if i % 4 == 0 else "wombat"

    folder = small_readouts(
        tmp_path / "mine",
        READ // 2,
        lambda i: (f"{subject(i).title()} talks {i}", f"the {subject(i)} agreement"),
    )
    slow_early_start(monkeypatch)  # 75 files: nearly 4 s of reading

    real_end, real_commit = EarlyBuild.end, EarlyBuild._commit
    read = threading.Event()

    def end(self: EarlyBuild) -> None:
        read.set()
        real_end(self)

    def slow_commit(self: EarlyBuild, *args: Any) -> None:
        if read.is_set():  # the last segments, written after the whole corpus is read, take
            time.sleep(0.5)  # their time (seconds on a large corpus)
        real_commit(self, *args)

    monkeypatch.setattr(EarlyBuild, "end", end)
    monkeypatch.setattr(EarlyBuild, "_commit", slow_commit)
    app = SmallBatches([str(folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        deadline = time.monotonic() + 60
        listed = 0  # screens with the query's results listed, before the index is complete
        while screen.index_state != "index ready" and time.monotonic() < deadline:
            text = screen_text(app)
            if "searching" in text.splitlines()[-2] and not screen.search_query:
                screen.search_bar.focus()
                screen.search_bar.value = "quokka"
            if re.search(r"\d+ readouts? in \d+ meetings?", text.splitlines()[0]):
                # Once the results are listed, the list never shows the others again, not
                # even when the whole corpus has been read and the index is finishing.
                listed += 1
                assert "Wombat" not in text, text
            await pilot.pause(0.05)
        assert listed >= 1
        await settle(pilot)
        text = screen_text(app)
        lines = text.splitlines()
        assert "index ready" in lines[-2]
        # The complete results, in place: every match, the best one first, the list at its top.
        assert f"{MATCHES} readouts in {MATCHES} meetings" in lines[0]
        assert "searched" not in lines[0] and "Wombat" not in text
        assert screen.meeting_list.highlighted == 0 and screen.meeting_list.scroll_y == 0
        assert "Quokka talks" in lines[2]  # below the list's border: its first row
