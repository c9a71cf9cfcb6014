"""Compare benchmark (issue 12): computing a comparison, and opening the compare screen, beside
opening a readout in the reader.

- compute:  `index.compare.compare(a, b)` on the seeds' Japan 2018-01-16 and Korea 2018-04-11
            readouts (a typical pair: 400 and 600 words), and on the same pair with every
            paragraph repeated four times (a long pair);
- open compare: in the real app (headless, `App.run_test`, 130x40) on a folder holding both
            sides of one meeting, from running what `c` runs until the compare screen renders
            with its summary line;
- open readout: in the same app, from running what `]` runs (the next meeting) until the
            document pane renders that meeting's readout;
- group:    `index.meetings.group_meetings` on 10,000 made-up readouts (see `grouping`).

Each figure runs until the new view is laid out, then renders the whole screen once (what the
next frame draws) and checks it shows the result. The two app figures are given as wall time and
as the CPU time of the app's thread (`time.thread_time`): on a shared, busy machine the wall
time mostly measures waiting for a core, the CPU time what the app itself spent; each comes with
its ratio to opening a readout in the same run. The fastest run's CPU time is printed too: it is
the figure least disturbed by other work on the machine, and the number of Python function calls
each takes (cProfile, one more run of each), which other work cannot change. Pushing a bare
screen (one line of text and the same footer) is measured too: what any new screen costs in
Textual, the floor for `c`.

Medians of `--repeats` runs (default 15), in milliseconds. A script that prints figures, not a
test:

    .venv/bin/python bench/bench_compare.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
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


async def in_app(folder: Path, repeats: int) -> dict[str, float]:
    from tui.app import ReadoutsApp
    from tui.screens.compare import CompareScreen

    app = ReadoutsApp([str(folder)])
    opened: list[float] = []
    readout: list[float] = []
    opened_cpu: list[float] = []
    readout_cpu: list[float] = []
    bare_cpu: list[float] = []
    async with app.run_test(size=(130, 40)) as pilot:
        reader = app.reader
        assert reader is not None
        while reader.index is None or any(not w.is_finished for w in app.workers):
            await pilot.pause(0.05)

        async def open_compare() -> None:
            reader.action_compare()  # what `c` runs
            while not (isinstance(app.screen, CompareScreen) and laid_out(app.screen)):
                await asyncio.sleep(0)
            assert app.screen.comparison.summary() in screen_text(app)  # the frame, rendered

        async def close_compare() -> None:
            await pilot.press("escape")
            await pilot.pause()

        async def open_readout(step: int, date: str) -> None:
            reader.action_meeting(step)  # what `]` / `[` run
            body = reader.document.body
            while not (str(body.key).startswith(date) and laid_out(body)):
                await asyncio.sleep(0)
            assert f"{date} · mofa-japan" in screen_text(app)  # the frame, rendered

        async def push_bare() -> None:
            bare = bare_screen()
            app.push_screen(bare)
            while not (app.screen is bare and laid_out(bare)):
                await asyncio.sleep(0)
            assert "a bare screen" in screen_text(app)
            app.pop_screen()
            await pilot.pause()

        for _ in range(repeats):
            # The list holds two meetings: the paired one (newest, first) and 2011's.
            started, cpu = time.perf_counter(), time.thread_time()
            await open_compare()
            opened.append(time.perf_counter() - started)
            opened_cpu.append(time.thread_time() - cpu)
            await close_compare()
            cpu = time.thread_time()
            await push_bare()
            bare_cpu.append(time.thread_time() - cpu)
            for step, date in ((1, "2011-03-19"), (-1, "2018-01-16")):
                started, cpu = time.perf_counter(), time.thread_time()
                await open_readout(step, date)
                readout.append(time.perf_counter() - started)
                readout_cpu.append(time.thread_time() - cpu)
        # Python function calls (cProfile's count) for each, once more: a figure other work on
        # the machine cannot change.
        calls: dict[str, int] = {}
        for name, action in (
            ("compare", open_compare),
            ("readout", lambda: open_readout(1, "2011-03-19")),
        ):
            if name == "readout":
                await close_compare()
            profile = cProfile.Profile()
            profile.enable()
            await action()
            profile.disable()
            calls[name] = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    compare_ms, readout_ms = statistics.median(opened), statistics.median(readout)
    compare_cpu, readout_cpu_ms = statistics.median(opened_cpu), statistics.median(readout_cpu)
    return {
        "open compare screen (c)": compare_ms * 1000,
        "open a readout (list cursor)": readout_ms * 1000,
        "  ratio compare / readout": compare_ms / readout_ms,
        "open compare screen, CPU": compare_cpu * 1000,
        "open a readout, CPU": readout_cpu_ms * 1000,
        "  ratio compare / readout, CPU": compare_cpu / readout_cpu_ms,
        "open compare screen, CPU, fastest": min(opened_cpu) * 1000,
        "open a readout, CPU, fastest": min(readout_cpu) * 1000,
        "  ratio of the fastest, CPU": min(opened_cpu) / min(readout_cpu),
        "push a bare screen, CPU (median)": statistics.median(bare_cpu) * 1000,
        "push a bare screen, CPU, fastest": min(bare_cpu) * 1000,
        "function calls, open compare screen": calls["compare"],
        "function calls, open a readout": calls["readout"],
        "  ratio of function calls": calls["compare"] / calls["readout"],
    }


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
    print(f"medians (ms), {args.repeats} app runs, {args.repeats * 10} computations:")
    for name, value in results.items():
        if "ratio" in name:
            print(f"  {name:36} {value:8.2f}")
        elif "calls" in name:
            print(f"  {name:36} {value:8.0f}")
        else:
            print(f"  {name:36} {value:8.1f}")


if __name__ == "__main__":
    main()
