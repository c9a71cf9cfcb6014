"""The reader as a newcomer first meets it (issue 17): what each key says and where it works,
counts, the list's rows and where it starts, the status line, the publisher tabs, Maximize."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult

import index.cache
from index.corpus import load_corpus
from tests.tui.conftest import async_test, reader, ready, screen_text, settle, type_text
from tui.app import ReadoutsApp
from tui.commands import meeting_candidate
from tui.progress import Progress
from tui.widgets.document_view import ONE_READOUT
from tui.widgets.meeting_rows import Row, row_content
from tui.widgets.status_line import StatusLine


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


@async_test
async def test_after_a_first_start_the_list_is_at_its_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    for day in range(1, 29):  # read oldest first; the list shows the newest first
        (folder / f"n{day:02d}.md").write_text(
            f"---\\ntitle: Talks number {day}\\ndate: '2021-06-{day:02d}'\\n---\\n\\nMet.\\n",
            encoding="utf-8",
        )
    monkeypatch.setattr(index.cache, "PARTIAL_EVERY", 0.0)  # listed as it is read
    app = ReadoutsApp([str(folder)], cache_dir=tmp_path / "cache")
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await ready(pilot)
        assert len(screen.meeting_list.rows) == 28
        assert screen.meeting_list.highlighted == 0
        assert screen.meeting_list.scroll_y == 0
        assert screen.current is not None and screen.current.meeting.meeting_date == "2021-06-28"
        assert "Talks number 28" in screen_text(app)


@async_test
async def test_a_skipped_file_deleted_since_is_no_longer_said(tmp_path: Path) -> None:
    folder, cache = tmp_path / "mine", tmp_path / "cache"
    folder.mkdir()
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    first = ReadoutsApp([str(folder)], cache_dir=cache)
    async with first.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert "1 file skipped: binary file" in screen_text(first)
    (folder / "scan.txt").unlink()
    second = ReadoutsApp([str(folder)], cache_dir=cache)
    async with second.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        deadline = time.monotonic() + 10
        while not reader(second).files_checked and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await settle(pilot)
        shown = screen_text(second)
        assert "no readouts found in" in shown
        assert "binary file" not in shown and "1 skipped" not in shown
        await pilot.press("exclamation_mark")  # the skipped files: none now
        await settle(pilot)
        assert "binary file" not in screen_text(second)


async def palette_command(pilot: Any, name: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.pause(0.3)  # the palette's search runs in its own worker
    await pilot.press("enter")
    await settle(pilot)


@async_test
async def test_maximize_from_the_palette_fills_the_screen() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await palette_command(pilot, "Maximize")
        assert screen.maximized is screen.meeting_list
        assert screen.meeting_list.outer_size.width == 120
        assert "▚" not in screen_text(app) and "╲" not in screen_text(app)  # no hatching
        await pilot.press("escape")  # Textual's: Esc restores
        await settle(pilot)
        assert screen.maximized is None
        await pilot.press("enter")  # to the document
        await palette_command(pilot, "Maximize")
        assert screen.maximized is screen.document  # with its tabs and header
        assert screen.document.outer_size.width == 120
        assert "Japan-ROK Foreign Ministers' Meeting" in screen_text(app)


@async_test
async def test_the_search_bar_message_is_never_cut_inside_a_word() -> None:
    for size, query, expected in (
        ((120, 40), '"comfort w', "'w' waits for a 3rd letter"),
        ((60, 20), "dokdo", "takeshima = dokdo"),
        ((80, 24), "dokdo", "takeshima (equivalent of dokdo)"),
    ):
        app = ReadoutsApp()
        async with app.run_test(size=size) as pilot:
            screen = await ready(pilot)
            await pilot.press("slash")
            await type_text(pilot, query)
            await settle(pilot)
            top = screen_text(app).split("\n")[0]
            assert top.rstrip().endswith(expected), (size, top)
            assert screen.search_bar.message in top


def test_a_row_names_two_principals_then_the_title() -> None:
    seeds = load_corpus(None)
    meeting = next(m for m in seeds.meetings if m.meeting_date == "2023-07-13")
    three = replace(meeting, participants=(*meeting.participants, meeting.participants[0]))
    assert row_content(Row(three)).plain == (
        "2023-07-13  JP  Hayashi · Park +  Japan-ROK Foreign Ministers' Meeting  Indonesia"
    )
    told_apart = Row(meeting, title="…in Joint Press Conference")
    assert "Hayashi · Park  …in Joint Press Conference  Indonesia" in row_content(told_apart).plain


@async_test
async def test_same_day_rows_that_begin_alike_show_how_they_differ(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    start = "Remarks by President Biden and Prime Minister Kishida Fumio of Japan"
    for name, end in (("a", "During Bilateral Meeting"), ("b", "in Joint Press Conference")):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {start} {end}\ndate: '2022-05-23'\n---\n\nThey met.\n",
            encoding="utf-8",
        )
    app = ReadoutsApp([str(folder)], cache_dir=tmp_path / "cache")
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "…During Bilateral Meeting" in text
        assert "…in Joint Press Conference" in text


def help_sections_text(app: ReadoutsApp) -> dict[str, str]:
    """The help screen's text by section title (the screen must be open)."""
    text = app.screen.query_one("#help-table").render().plain  # type: ignore[attr-defined]
    sections: dict[str, str] = {}
    title = ""
    for line in text.split("\n"):
        if line and not line.startswith(" "):
            title = line
            sections.setdefault(title, "")
        elif title:
            sections[title] += line + "\n"
    return sections


@async_test
async def test_the_help_says_which_keys_the_search_bar_types_and_they_are() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        sections = help_sections_text(app)
        too = next(v for k, v in sections.items() if k.startswith("Anywhere, the search bar too"))
        typed_title = next(k for k in sections if k.startswith("Anywhere but in the search bar"))
        typed = sections[typed_title]
        keys = [
            line.split()[0] for line in typed.splitlines() if line.startswith("  ") and line.strip()
        ]
        keys = [k.rstrip(",") for k in keys if len(k.rstrip(",")) == 1]
        assert {"n", "N", "[", "]", "t", "s", "e", "/", "q"} <= set(keys)
        for key in ("f3", "^p", "tab", "esc"):
            assert f"  {key} " in too
            assert f"  {key} " not in typed
        # The keys the help says the search bar types are typed into the query there.
        await pilot.press("escape")
        await pilot.press("slash")
        names = {"[": "left_square_bracket", "]": "right_square_bracket", "/": "slash"}
        names |= {"?": "question_mark", "!": "exclamation_mark"}
        for key in keys:
            await pilot.press(names.get(key, key))
        await settle(pilot)
        assert screen.search_bar.value == "".join(keys)
        assert app.screen is screen  # q did not quit, ? did not open the help


@async_test
async def test_enter_leaves_the_search_bar_for_the_list_and_keeps_the_query() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dokdo")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is screen.meeting_list
        assert screen.search_bar.value == "dokdo" and len(screen.meeting_list.rows) == 3
        await pilot.press("right_square_bracket")  # the list's keys work again
        await settle(pilot)
        assert screen.meeting_list.highlighted == 1 and screen.search_bar.value == "dokdo"
        await pilot.press("question_mark")
        await settle(pilot)
        search_bar = help_sections_text(app)["Search bar"]
        assert "Leave the search bar for the results list, the query kept" in search_bar
        assert "staying in the search bar (Enter leaves it)" in " ".join(search_bar.split())


@async_test
async def test_a_wrapped_description_in_the_help_hangs_under_its_first_word() -> None:
    app = ReadoutsApp()
    async with app.run_test(size=(80, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = app.screen.query_one("#help-table").render().plain  # type: ignore[attr-defined]
        lines = text.split("\n")
        first = next(i for i, line in enumerate(lines) if "Show the other publisher's" in line)
        column = lines[first].index("Show")
        assert lines[first + 1].startswith(" " * column) and lines[first + 1].strip()


class StatusApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


@async_test
async def test_the_status_line_leaves_parts_out_whole_when_short_of_room() -> None:
    seen: dict[int, str] = {}
    for width in (200, 120, 80, 60, 40):
        app = StatusApp()
        async with app.run_test(size=(width, 3)) as pilot:
            status = app.query_one(StatusLine)
            status.corpus_label = "/home/me/wh_briefing_room_2021_2026.jsonl.xz"
            status.documents, status.skipped, status.index_state = 14361, 3, "indexing…"
            status.progress = Progress(3000, 14361, 850.0, searchable=2000)
            await pilot.pause()
            seen[width] = app.screen._compositor.render_strips()[0].text.strip()
    assert seen[200].endswith("13 s left · equivalents on")
    assert seen[80].endswith("· equiv on")  # the rate left out, not the line cut
    for width, line in seen.items():
        assert len(line) <= width - 2
        assert not line.endswith("·") and "searching 2,000" in line, (width, line)
        # every word shown is a whole word (the label may lose its start, marked "…")
        whole = set(seen[200].split()) | set(seen[80].split())
        assert all(w in whole or w.startswith("…") for w in line.split()), (width, line)


def test_the_palette_shows_no_brackets_for_a_meeting_without_participants() -> None:
    meeting = load_corpus(None).meetings[0]
    alone = replace(meeting, participants=())
    assert meeting_candidate(alone) == f"{meeting.meeting_date}  {meeting.title}"
    assert meeting_candidate(meeting).endswith("(Takeaki Matsumoto, Kim Sung-hwan)")
