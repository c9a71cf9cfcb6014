"""Compare benchmark (issue 12): opening the compare screen, beside opening a readout in the
reader, measured to the first frame that shows each; and computing a comparison.

- open compare: in the real app (headless, `App.run_test`, 130x40), with the cursor resting on a
            meeting with two publishers (as a user's does before pressing a key: the app is
            idle), from running what `c` runs until the first frame is drawn that shows the
            compare screen laid out; the frame's text is then checked for the summary line and
            the first topic. Two typical pairs: the seeds' Japan 2018-01-16 readout against
            Korea's (made to match its meeting; 2,600 and 4,100 characters), and a White House /
            Chinese foreign ministry pair of one summit (written for this benchmark in each
            side's style, a few thousand characters each);
- the same, with the comparison not made ahead (`c` pressed before the cursor rested);
- open readout: in the same app and the same run, from running what `]` runs (the next meeting)
            until the first frame drawn with the document pane showing that meeting's readout;
- push a bare screen: one line of text and the compare screen's footer, to its first frame:
            what any new screen costs in Textual, a floor for `c`;
- compute:  `index.compare.compare(a, b)` on the seeds' pair, and on it with every paragraph
            repeated four times (a long pair);
- group:    `index.meetings.group_meetings` on 10,000 made-up readouts (see `grouping`).

Frames are seen through `tui.textual_compat.on_frame` (headless, each frame is also encoded as
the text a terminal would be sent). Each app figure is given as wall time and as the CPU time of
the app's thread (`time.thread_time`): on a shared, busy machine the wall time mostly measures
waiting for a core, the CPU time what the app itself spent. The frame budget is 16.7 ms (60
frames a second); the issue asks for the compare screen "within a frame or two": its first frame
within two frames' time, or, since no screen change can beat the measurement's own overhead,
within the time to open a readout plus one frame, both from this run. Python function calls
(cProfile, one more run of each) are printed too: a figure other work cannot change.

Medians of `--repeats` runs (default 15), in milliseconds. A script that prints figures, not a
test:

    .venv/bin/python bench/bench_compare.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

JP = "2018-01-16-mofa-japan-kono-kang"
KR = "2018-04-11-mofa-korea-kang-kono"
PAIR = Path(__file__).resolve().parent / "compare_pair"
"""A White House and a Chinese foreign ministry readout of one summit, written for this
benchmark in each side's style (3,100 and 3,200 characters)."""
FRAME_MS = 1000 / 60
"""One frame at 60 frames a second."""


def laid_out(widget: Any) -> bool:
    """Whether the widget has its place on screen (mounted, arranged, given a size)."""
    return bool(widget.is_mounted and widget.region.height > 0)


def screen_text(app: Any) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def compute(repeats: int) -> dict[str, float]:
    from dataclasses import replace

    from index.compare import compare
    from index.corpus import load_corpus

    corpus = load_corpus(None)
    a, b = corpus.readout(JP), corpus.readout(KR)
    assert a is not None and b is not None
    long_a = replace(a, text="\n\n".join([a.text] * 4), headings=())
    long_b = replace(b, text="\n\n".join([b.text] * 4), headings=())
    compare(a, b)  # the data files are read once, on the first comparison
    out = {}
    for name, (x, y) in {
        "compute (typical pair)": (a, b),
        "compute (long pair)": (long_a, long_b),
    }.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            compare(x, y)
            times.append(time.perf_counter() - started)
        out[name] = statistics.median(times) * 1000
    return out


def grouping(repeats: int) -> dict[str, float]:
    """`group_meetings` on 10,000 made-up readouts: the seeds' records under other dates and
    principals (12 family names, so many candidate pairs a day), from three publishers."""
    import random
    from dataclasses import replace

    from index.corpus import load_corpus
    from index.meetings import group_meetings
    from index.model import Participant

    seeds = load_corpus(None).readouts
    rng = random.Random(1)
    families = ["Kim", "Lee", "Park", "Choi", "Tanaka", "Suzuki", "Sato", "Ito", "Kato"]
    families += ["Yamada", "Smith", "Jones"]
    readouts = []
    for i in range(10_000):
        date = f"{2000 + (i // 365) % 24}-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}"
        people = (
            Participant(f"Given{i % 97} {rng.choice(families)}", "Japan", ""),
            Participant(f"{rng.choice(families)} Min-{i % 89}", "ROK", ""),
        )
        source = rng.choice(["mofa-japan", "mofa-korea", "white-house"])
        readouts.append(
            replace(seeds[i % 5], id=f"r{i}", meeting_date=date, participants=people, source=source)
        )
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        group_meetings(readouts)
        times.append(time.perf_counter() - started)
    return {"group 10,000 readouts": statistics.median(times) * 1000}


def paired_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    seeds = ROOT / "seeds"
    shutil.copy(seeds / "001_3c750eb1d4bf914e.txt", folder / "jp.txt")
    shutil.copy(seeds / "000_7649ba9fd1d71740.txt", folder / "other.txt")
    kr = (
        (seeds / "002_c362ed1f5c1351db.txt")
        .read_text(encoding="utf-8")
        .replace("Apr 11,2018", "Jan 16,2018")
        .replace("2018.4.11", "2018.1.16")
        .replace("on April 11 held talks in Seoul", "on January 16 held talks in Tokyo")
    )
    (folder / "kr.txt").write_text(kr, encoding="utf-8")
    for name in ("white-house.md", "mfa-china.md"):
        shutil.copy(PAIR / name, folder / name)
    return folder


def bare_screen() -> Any:
    """A screen with one line of text and the compare screen's footer and keys: what pushing
    any screen costs in Textual (compose, styles, layout, a full frame), a floor for `c`."""
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    from tui.screens.compare import CompareScreen

    class Bare(Screen[None]):
        BINDINGS = CompareScreen.BINDINGS

        def compose(self) -> ComposeResult:
            yield Static("a bare screen", id="bare")
            yield Footer()

    return Bare()


class Frames:
    """Wait for the first frame drawn (`tui.textual_compat.on_frame`) in which `shown()` holds,
    and note when it was drawn (wall and CPU time) and the screen's text then."""

    def __init__(self, app: Any) -> None:
        from tui.textual_compat import on_frame

        self.app = app
        self._shown: Any = None
        self._done = asyncio.Event()
        self.at = (0.0, 0.0)
        self.text = ""
        on_frame(app, self._drawn)

    def _drawn(self) -> None:
        if self._shown is not None and self._shown():
            self.at = (time.perf_counter(), time.thread_time())
            self._shown = None
            self.text = screen_text(self.app)  # after the times: what this frame showed
            self._done.set()

    async def time(self, action: Any, shown: Any) -> tuple[float, float]:
        """Run `action()`; the wall and CPU seconds until a frame shows what `shown()` checks."""
        self._done.clear()
        self._shown = shown
        started, cpu = time.perf_counter(), time.thread_time()
        action()
        await asyncio.wait_for(self._done.wait(), 30)
        return self.at[0] - started, self.at[1] - cpu


async def in_app(folder: Path, repeats: int) -> dict[str, float]:
    from tui.app import ReadoutsApp
    from tui.screens.compare import CompareScreen

    try:
        from tui.screens.side_actions import REST
    except ImportError:  # a tree from before the comparison was made ahead (to compare)
        REST = 0.0

    app = ReadoutsApp([str(folder)])
    times: dict[str, list[tuple[float, float]]] = {}
    async with app.run_test(size=(130, 40)) as pilot:
        reader = app.reader
        assert reader is not None
        while reader.index is None or any(not w.is_finished for w in app.workers):
            await pilot.pause(0.05)
        frames = Frames(app)
        rows = [row.meeting.meeting_date for row in reader.meeting_list.rows]
        # Newest first: the summit of 2024-11-16, the seeds' 2018-01-16 pair, 2011's readout.
        assert rows == ["2024-11-16", "2018-01-16", "2011-03-19"], rows

        async def idle() -> None:
            """As when a user's cursor has rested on a meeting: every worker done."""
            await pilot.pause(REST + 0.05)
            while any(not w.is_finished for w in app.workers):
                await pilot.pause(0.02)
            await pilot.pause()

        def compare_shown() -> bool:
            screen = app.screen
            return isinstance(screen, CompareScreen) and laid_out(screen.grid)

        async def open_compare(name: str, row: int, rest: bool = True) -> None:
            reader.meeting_list.highlighted = row
            if rest:
                await idle()
            else:
                await pilot.pause()
                if hasattr(reader, "comparisons"):
                    reader.comparisons.clear()  # nothing made ahead: made when `c` runs
            took = await frames.time(reader.action_compare, compare_shown)  # what `c` runs
            times.setdefault(name, []).append(took)
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            first = screen.comparison.rows[0].topic
            assert screen.comparison.summary() in frames.text and first in frames.text
            await pilot.press("escape")
            await pilot.pause()

        async def open_readout(step: int, date: str) -> None:
            await idle()
            body = reader.document.body

            def shown() -> bool:
                return str(body.key).startswith(date) and laid_out(body)

            took = await frames.time(lambda: reader.action_meeting(step), shown)  # `]` / `[`
            times.setdefault("open a readout", []).append(took)
            assert f"{date} · mofa-japan" in frames.text

        async def push_bare() -> None:
            await idle()
            bare = bare_screen()
            took = await frames.time(
                lambda: app.push_screen(bare), lambda: app.screen is bare and laid_out(bare)
            )
            times.setdefault("push a bare screen", []).append(took)
            assert "a bare screen" in frames.text
            app.pop_screen()
            await pilot.pause()

        for _ in range(repeats):
            await open_compare("open compare, seeds' pair", 1)
            await open_compare("open compare, White House / China", 0)
            await open_compare("open compare, seeds' pair, made on c", 1, rest=False)
            reader.meeting_list.highlighted = 1
            for step, date in ((1, "2011-03-19"), (-1, "2018-01-16")):
                await open_readout(step, date)
            await push_bare()
        # Python function calls (cProfile's count) of each, once more: a figure other work on
        # the machine cannot change.
        calls: dict[str, int] = {}
        reader.meeting_list.highlighted = 1
        await idle()
        for name, action, shown in (
            ("open compare, seeds' pair", reader.action_compare, compare_shown),
            (
                "open a readout",
                lambda: reader.action_meeting(1),
                lambda: str(reader.document.body.key).startswith("2011"),
            ),
        ):
            if name == "open a readout":
                await pilot.press("escape")
                await idle()
            profile = cProfile.Profile()
            profile.enable()
            await frames.time(action, shown)
            profile.disable()
            calls[name] = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    out: dict[str, float] = {}
    readout_wall = statistics.median(t[0] for t in times["open a readout"]) * 1000
    readout_cpu = statistics.median(t[1] for t in times["open a readout"]) * 1000
    for name, runs in times.items():
        wall = statistics.median(t[0] for t in runs) * 1000
        cpu = statistics.median(t[1] for t in runs) * 1000
        out[f"{name}, wall"] = wall
        out[f"{name}, CPU"] = cpu
        out[f"{name}, CPU, fastest"] = min(t[1] for t in runs) * 1000
        if name.startswith("open compare"):
            out[f"  {name[14:]}: ratio to a readout, wall"] = wall / readout_wall
            out[f"  {name[14:]}: ratio to a readout, CPU"] = cpu / readout_cpu
            out[f"  {name[14:]}: beyond a readout, CPU (frames)"] = (cpu - readout_cpu) / FRAME_MS
    out["frame budget (one frame at 60 fps)"] = FRAME_MS
    out["  a frame or two: two frames"] = 2 * FRAME_MS
    out["  or opening a readout + one frame, wall"] = readout_wall + FRAME_MS
    out["  or opening a readout + one frame, CPU"] = readout_cpu + FRAME_MS
    for name, count in calls.items():
        out[f"function calls, {name}"] = count
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    results = compute(args.repeats * 10)
    results.update(grouping(3))
    folder = paired_folder()
    try:
        results.update(asyncio.run(in_app(folder, args.repeats)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"medians (ms), {args.repeats} app runs, {args.repeats * 10} computations")
    print(f"(load average at the end: {load}; {os.cpu_count()} cores):")
    for name, value in results.items():
        if "ratio" in name or "frames)" in name:
            print(f"  {name:50} {value:8.2f}")
        elif "calls" in name:
            print(f"  {name:50} {value:8.0f}")
        else:
            print(f"  {name:50} {value:8.1f}")


if __name__ == "__main__":
    main()
