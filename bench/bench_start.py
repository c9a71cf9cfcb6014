"""Start-up benchmark (issue 5, "Second start"): the real app, headless, on the five bundled
seeds and on a large folder of the user's own, in the same run.

Each start is a fresh child process (`python bench/bench_start.py --child ...`) that runs the
Textual app with `App.run_test` (the headless driver: the same widgets, layout and workers as
in a terminal) and reports, counted from just before the parent started it (CLOCK_MONOTONIC
is shared by processes on Linux), so the interpreter's start and every import are included:

- list:    the meeting list shows every meeting ("N of N meetings" on screen; on a second
           start from the cache's listing, before the corpus is read);
- opened:  the selected meeting's document on display (on a second start read from the
           cache's records before the corpus is read);
- corpus:  the corpus read (every meeting can be opened);
- search:  then "korea" put into the search bar at once (as if pasted), results on screen;
- settled: every background worker finished (for a folder: the index opened, and the check
           of the files against the cache, which the app starts 1.5 s after that).

Seeds and the folder alternate, `--repeats` times each (default 5); medians are printed. The
folder's cache must be warm (a first start parses and indexes it: minutes at 10,000 documents),
so one untimed start runs first, waited for until its workers finish.

    .venv/bin/python bench/bench_start.py --make 10000          # first N White House docs
    .venv/bin/python bench/bench_start.py FOLDER [--repeats 5] [--docs]
    .venv/bin/python bench/bench_start.py --first PATH          # a first start (empty cache)
    .venv/bin/python bench/bench_start.py --first PATH --for 60 # only its first minute

`--first PATH` times one first start of the app on PATH (a file or folder) with an empty cache
folder of its own, "korea" in the search bar from the moment it can be typed: when the list
first shows, when search first answers (the status says "searching N of M"), every time the
searchable part grows, when "index ready" shows, and when the complete results then show (from
the top of the list?). `--for SECONDS` watches only the first seconds (a large folder's first
start takes many minutes).

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUERY = "korea"
FOUND = re.compile(r"[\d,]+ readouts? in [\d,]+ meetings?|[\d,]+ of [\d,]+ readouts? shown")
"""The search bar's count once results are shown (all of them, or the first page of many)."""


# ---------------------------------------------------------------- child


def screen(app: Any) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def child(paths: list[str] | None, spawned: float, warm: bool) -> dict[str, float]:
    from tui.app import ReadoutsApp
    from tui.screens.reader import ReaderScreen

    app = ReadoutsApp(paths)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        limit = time.monotonic() + (3600 if warm else 120)

        async def until(done: Any) -> float:
            while not done():
                if time.monotonic() > limit:
                    raise TimeoutError(screen(app))
                await pilot.pause(0.005)
            return time.monotonic() - spawned

        def listed() -> bool:
            reader = app.screen
            if not isinstance(reader, ReaderScreen):
                return False
            n = len(reader.load.listed)  # the cache's listing, or the corpus
            return n > 0 and f"{n:,} of {n:,} meeting" in screen(app)

        out["list_s"] = await until(listed)
        shown = len(app.screen.load.listed)
        out["opened_s"] = await until(lambda: app.screen.current is not None)
        out["corpus_s"] = await until(lambda: app.screen.corpus is not None)
        out["readouts"] = len(app.screen.corpus.readouts)
        # The list shown first was the corpus's, whole: as many meetings.
        out["listed_all"] = float(shown == len(app.screen.corpus.meetings))
        app.screen.search_bar.value = QUERY  # as if pasted: no key-by-key test driver delays
        out["search_s"] = await until(lambda: FOUND.search(_bar(app)) is not None)
        out["settled_s"] = await until(
            lambda: app.screen.files_checked and all(w.is_finished for w in app.workers)
        )
    return out


SEARCHING = re.compile(r"searching ([\d,]+)[ /]")


async def first_child(path: str, spawned: float, seconds: float | None) -> dict[str, Any]:
    """One first start on `path` (see the module docstring), watched until "index ready", or
    for its first `seconds` only."""
    from tui.app import ReadoutsApp
    from tui.screens.reader import ReaderScreen

    app = ReadoutsApp([path])
    out: dict[str, Any] = {"grew_s": [], "grew_to": [], "status": []}
    last = 0
    async with app.run_test(size=(120, 40)):
        limit = spawned + (3600 if seconds is None else seconds)
        typed = False
        while time.monotonic() < limit:
            await asyncio.sleep(0.05)  # not pilot.pause: it gives up on a loaded machine
            reader = app.screen
            if not isinstance(reader, ReaderScreen):
                continue
            now = time.monotonic() - spawned
            lines = screen(app).split("\n")
            status = lines[-2] if len(lines) > 1 else ""
            if "list_s" not in out and reader.corpus is not None and reader.corpus.meetings:
                out["list_s"] = now
            if not typed and reader.corpus is not None:
                reader.search_bar.value = QUERY
                typed = True
            found = SEARCHING.search(status)
            if found and int(found[1].replace(",", "")) != last:
                last = int(found[1].replace(",", ""))
                out["grew_s"].append(now)
                out["grew_to"].append(last)
                out["status"].append(status.strip())
                out.setdefault("first_search_s", now)
            if "answered_s" not in out and FOUND.search(lines[0]):
                out["answered_s"] = now  # the bar: the query's results listed
            if "index ready" in status:
                out["ready_s"] = now
                break
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        # The search on screen runs again on the complete index: until its results are drawn
        # (the bar's count, the list from its top on the best match), at most a minute.
        ready = time.monotonic() - spawned
        while "ready_s" in out and time.monotonic() - spawned < ready + 60:
            await asyncio.sleep(0.05)
            bar = _bar(app)
            if FOUND.search(bar) and "searched" not in bar:  # not "searched N of M" any more
                break
        out["shown_s"] = time.monotonic() - spawned
        out["bar"] = _bar(app).strip()
        out["at_top"] = reader.meeting_list.highlighted == 0 and reader.meeting_list.scroll_y == 0
        out["results"] = FOUND.search(_bar(app)) is not None
        out["documents"] = len(reader.corpus.readouts) if reader.corpus else 0
    return out


def first_start(path: str, seconds: float | None) -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        args = [sys.executable, __file__, "--first-child", path, str(time.monotonic())]
        if seconds is not None:
            args += ["--for", str(seconds)]
        load_before = os.getloadavg()
        done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    r = json.loads(done.stdout.strip().splitlines()[-1])
    moments = [*r["grew_s"], *([r["ready_s"]] if "ready_s" in r else [])]
    gaps = [b - a for a, b in pairwise(moments)]
    longest = max(range(len(gaps)), key=gaps.__getitem__, default=None)
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_scale import machine, revision

    print(
        f"First start of the app on {path} ({r['documents']:,} readouts"
        f"{'' if 'ready_s' in r else ' read when it stopped'}), empty cache; "
        f"commit {revision()}, {machine()}; load average before -> after: "
        f"{_loads(load_before)} -> {_loads(os.getloadavg())}"
    )
    print(f"- list first shown: {r.get('list_s', float('nan')):.1f} s")
    print(
        f"- first search answered: {r.get('first_search_s', float('nan')):.1f} s (status "
        f"'searching N'); its results listed: {r.get('answered_s', float('nan')):.1f} s"
    )
    print(
        f"- the searchable part grew {len(r['grew_s'])} times; longest wait between two "
        f"(or until ready): {max(gaps, default=float('nan')):.1f} s"
        + (f", from {moments[longest]:.1f} s" if longest is not None else "")
    )
    if longest is not None:
        print(f"  (the status then: {r['status'][longest]!r})")
    print(f"- grew at (s): {', '.join(f'{x:.1f}' for x in r['grew_s'])}")
    if "ready_s" not in r:
        print(f"- stopped after {seconds} s (--for), before 'index ready'")
        return
    print(
        f"- 'index ready': {r.get('ready_s', float('nan')):.1f} s; the complete results on "
        f"screen at {r['shown_s']:.1f} s: {r['results']} ({r['bar']!r}), list from its top: "
        f"{r['at_top']}"
    )


def _bar(app: Any) -> str:
    """The search bar's line (its count: "N readouts in M meetings")."""
    lines = screen(app).split("\n")
    return lines[0] if lines else ""


# ---------------------------------------------------------------- parent


def start(path: str | None, warm: bool = False) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", path or "seeds", str(time.monotonic())]
    if warm:
        args.append("--warm")
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def make_folder(n: int) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_scale import write_folder

    folder = Path(tempfile.mkdtemp(prefix="bench-start-")) / "docs"
    folder.mkdir()
    write_folder(n, folder)
    return str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--make", type=int, help="write the first N White House documents")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("PATH", "SPAWNED"))
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--first", metavar="PATH", help="time one first start on PATH")
    parser.add_argument("--first-child", nargs=2, metavar=("PATH", "SPAWNED"))
    parser.add_argument(
        "--for", dest="seconds", type=float, help="with --first: watch only this many seconds"
    )
    parser.add_argument(
        "--docs",
        "--readme",
        dest="readme",
        action="store_true",
        help="write the figures into docs/benchmarks.md",
    )
    args = parser.parse_args()
    if args.first_child:
        path, spawned = args.first_child
        print(json.dumps(asyncio.run(first_child(path, float(spawned), args.seconds))))
        return
    if args.first:
        first_start(args.first, args.seconds)
        return
    if args.child:
        path, spawned = args.child
        result = asyncio.run(child(None if path == "seeds" else [path], float(spawned), args.warm))
        print(json.dumps(result))
        return
    folder = args.folder or (make_folder(args.make) if args.make else None)
    if folder is None:
        parser.error("give a FOLDER or --make N")
    print(f"folder: {folder}; cache: {os.environ.get('XDG_CACHE_HOME', '(default)')}")
    load_before = os.getloadavg()
    t0 = time.monotonic()
    start(folder, warm=True)
    print(f"warm-up start (parse + index if the cache was cold): {time.monotonic() - t0:.1f} s")
    rows: dict[str, list[dict[str, float]]] = {"seeds": [], "folder": []}
    for _ in range(args.repeats):
        rows["seeds"].append(start(None))
        rows["folder"].append(start(folder))
    print(f"medians of {args.repeats} starts each (s, from spawning the process):")
    print(f"{'':8} {'list':>7} {'opened':>7} {'corpus':>7} {'search':>7} {'settled':>8}")
    med: dict[str, dict[str, float]] = {}
    for name, runs in rows.items():
        med[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        med[name]["listed_all"] = min(r["listed_all"] for r in runs)
        m = med[name]
        print(
            f"{name:8} {m['list_s']:7.3f} {m['opened_s']:7.3f} {m['corpus_s']:7.3f} "
            f"{m['search_s']:7.3f} "
            f"{m['settled_s']:8.3f}"
        )
        if any(r["listed_all"] < 1 for r in runs):
            print(f"{name}: a list shown first was not the corpus's whole list")
    lines = report(folder, args.repeats, med, load_before, os.getloadavg())
    print("\n".join(lines))
    if args.readme:
        sys.path.insert(0, str(ROOT / "bench"))
        from readme_section import replace_section

        replace_section("start", "\n".join(lines))
        print("docs/benchmarks.md: bench:start section written")


def _loads(averages: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in averages)


def report(
    folder: str,
    repeats: int,
    med: dict[str, dict[str, float]],
    before: tuple[float, float, float],
    after: tuple[float, float, float],
) -> list[str]:
    """The figures as Markdown, with what was measured and when."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_scale import machine, revision

    files = sum(1 for _ in Path(folder).rglob("*") if _.is_file())
    seeds, mine = med["seeds"], med["folder"]
    docs = int(mine.get("readouts", files))
    lines = [
        f"_Written by `bench/bench_start.py --docs` at commit {revision()}, {machine()}; "
        f"load average before -> after: {_loads(before)} -> {_loads(after)}._",
        "",
        f"The real app, headless (`App.run_test`, 120x40), started {repeats} times on the "
        f"five seeds and {repeats} times on a folder of {files:,} files holding {docs:,} "
        "readouts (warm cache: a second start), alternately; medians, in seconds from "
        "spawning the process.",
        "",
        "| | full list on screen | a meeting open | the corpus read | "
        "a search's results on screen | files checked, all done |",
        "|---|---:|---:|---:|---:|---:|",
        f"| seeds | {seeds['list_s']:.2f} | {seeds['opened_s']:.2f} | {seeds['corpus_s']:.2f} | "
        f"{seeds['search_s']:.2f} | {seeds['settled_s']:.2f} |",
        f"| {docs:,} documents | {mine['list_s']:.2f} | {mine['opened_s']:.2f} | "
        f"{mine['corpus_s']:.2f} | {mine['search_s']:.2f} | {mine['settled_s']:.2f} |",
        f"| ratio | {mine['list_s'] / seeds['list_s']:.2f}x | "
        f"{mine['opened_s'] / seeds['opened_s']:.2f}x | "
        f"{mine['corpus_s'] / seeds['corpus_s']:.2f}x | "
        f"{mine['search_s'] / seeds['search_s']:.2f}x | |",
        "",
        "A second start lists the meetings from the cache's listing and opens the one under "
        "the cursor from its records before the corpus itself is read (docs/caches.md). "
        "The list shown first had "
        + (
            "every meeting of the corpus in each start."
            if mine.get("listed_all", 1) == 1
            else "fewer meetings than the corpus in some start."
        ),
    ]
    return lines


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children run as installed: docs/benchmarks.md
    main()
