"""Keystroke-to-screen benchmark (issue 15): the real app, headless, typed into key by key.

`bench_search.py` and `bench_scale.py` time the core search; a person waits for more: the
settle delay, the rows and snippets, the document pane, the drawing. This script runs the app
with Textual's Pilot (`App.run_test`, 120x40, the same widgets, workers and timers as in a
terminal), waits for "index ready" and the check of the files, then types each query of
`bench_search.QUERIES` into the search bar, Esc between two queries, twice:

- at 12 characters a second (a key every 83 ms, on a fixed schedule);
- at full speed: each key as soon as the last one shows in the bar (the fastest typing whose
  every letter the screen shows).

A key is posted to the app as the terminal driver posts it (`events.Key`), its time noted just
before. Every frame the app draws is noted too (`tui.textual_compat.on_frame`: headless, the
frame is also encoded as the text a terminal would be sent), with what the widgets hold at that
moment, which is what the frame shows:

- echo: the first frame whose search bar holds the key (the typed letter on screen: the floor
  of what terminal, event loop and drawing cost);
- settled: the first frame that shows the results of this keystroke or of a later one of the
  same query, all of them: the list's rows, the bar's count (both set by the handler that lists
  a result: `SearchFlow.listed` is its query), the snippets of every row in view (their hits
  highlighted), and the document pane showing the meeting under the cursor with that result's
  highlights (the list posts `Selected`, so the pane may come a frame later). A keystroke whose
  results were typed over before they were drawn is timed to the newer results that replaced
  them; how many keystrokes were never drawn with their own results is counted.
- undrawn at the end: a query whose last keystroke's results were not on screen `SETTLE_WAIT`
  (10 s) after it.

Figures: median and 95th percentile of echo and settled per run, in ms; the settled times as
ratios to the median echo of the same run (the targets: 3x at the median, 6x at p95); medians
over `--repeats` runs. Each run is a fresh child process; seeds and folder alternate.

The app holds a typed letter's frame until its results are on the widgets when they are likely
to come soon (`tui.frame_hold`, `SearchFlow.hold_for`): letter and results are then one frame,
so the echo is no longer the floor and the ratio to it says little. Each corpus is therefore
typed into twice per repeat, as the app ships ("held") and with the hold turned off (the child
with `--no-hold`: the letter drawn at once, as before); "/ floor" is the settled time beside
the echo of the run without the hold in the same repeat.

    .venv/bin/python bench/bench_keystroke.py --make 14361        # every White House document
    .venv/bin/python bench/bench_keystroke.py FOLDER [--repeats 3] [--docs]

The folder's cache must be warm, so one untimed start runs first and waits for its index. A
script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RATE = 12.0
"""Characters a second of the paced typing."""
SIZE = (120, 40)
SETTLE_WAIT = 10.0
"""Seconds after a query's last key within which its results must be on screen (long: on a
machine busy enough, a keystroke's echo alone has taken 1.5 s)."""
KEY_NAMES = {" ": "space", '"': "quotation_mark", "-": "minus", "/": "slash"}
"""Textual's key names for the characters of the queries that are not letters or digits."""


# ---------------------------------------------------------------- child


@dataclass
class Frame:
    at: float
    bar: str
    """The search bar's text."""
    shown: str | None
    """The query whose results the frame shows in full; None for anything else."""


def key_event(char: str) -> Any:
    """The event a terminal's key `char` becomes ("escape" for Esc)."""
    from textual import events

    if char == "escape":
        return events.Key("escape", "\x1b")
    return events.Key(KEY_NAMES.get(char, char), char)


def results_shown(reader: Any) -> str | None:
    """The query whose results `reader`'s widgets show in full (list, count, snippets in view,
    document); None when they show anything else (the full list, a result half applied)."""
    from tui.widgets.meeting_rows import RowLines

    query = reader.flow.listed
    result = reader.result
    if not query or result is None:
        return None
    listing = reader.meeting_list
    document = reader.document
    row = listing.current
    if row is None:  # no match: the pane says so
        return query if document.selection is None else None
    selection = document.selection
    if selection is None or selection.meeting.id != row.meeting.id:
        return None
    if document.result is not result or document.readout_id != (
        row.readout_id or row.meeting.readouts[0].id
    ):
        return None
    lines = RowLines(listing.rows)
    top = listing.scroll_offset.y
    highlighted = {hit.id: hit.highlighted for hit in result.hits}
    for y in range(top, top + listing.scrollable_content_region.height):
        found = lines.row_at(y)
        if found is not None and not highlighted.get(listing.rows[found[0]].readout_id, True):
            return None  # a row in view without its snippet yet
    return query


async def type_queries(app: Any, reader: Any, frames: list[Frame], rate: float) -> list[Any]:
    """Type every query (at `rate` keys a second; 0 for full speed); one record per key."""
    from bench_search import QUERIES

    records = []
    loop = asyncio.get_running_loop()

    async def until(done: Any, timeout: float) -> bool:
        limit = time.monotonic() + timeout
        while not done():
            if time.monotonic() > limit:
                return False
            await asyncio.sleep(0.002)
        return True

    for query in QUERIES:
        app.post_message(key_event("/"))  # focus the search bar
        await until(lambda: reader.search_bar.input.has_focus, 5)
        await asyncio.sleep(0.3)
        start = loop.time()
        presses = []
        for k in range(1, len(query) + 1):
            if rate:
                await asyncio.sleep(max(0.0, start + (k - 1) / rate - loop.time()))
            seen = len(frames)
            presses.append((time.monotonic(), len(frames)))
            app.post_message(key_event(query[k - 1]))
            if not rate:
                typed = query[:k]
                await until(lambda s=seen, t=typed: any(f.bar == t for f in frames[s:]), 5)
        last = presses[-1][1]
        drawn = await until(
            lambda q=query, n=last: any(f.shown == q for f in frames[n:]), SETTLE_WAIT
        )
        await asyncio.sleep(0.6)  # the fill search and its frame
        records.append(measure(query, presses, frames, drawn))
        app.post_message(key_event("escape"))  # end the search
        await until(lambda: reader.flow.listed == "" and not reader.search_bar.value, 5)
        await asyncio.sleep(0.3)
    return records


def measure(
    query: str, presses: list[tuple[float, int]], frames: list[Frame], drawn: bool
) -> dict[str, Any]:
    """Echo and settled times of each key of `query` (ms; None when never on screen)."""
    keys = []
    for k, (pressed, first) in enumerate(presses, 1):
        later = frames[first:]
        echo = next((f.at for f in later if f.at >= pressed and _typed(f.bar, query, k)), None)
        settled = next((f.at for f in later if f.at >= pressed and _typed(f.shown, query, k)), None)
        own = any(f.shown == query[:k] for f in later)
        keys.append(
            {
                "echo_ms": None if echo is None else (echo - pressed) * 1000,
                "settled_ms": None if settled is None else (settled - pressed) * 1000,
                "own": own,
            }
        )
    return {"query": query, "keys": keys, "drawn": drawn}


def _typed(text: str | None, query: str, k: int) -> bool:
    """Whether `text` is the first `k` characters of `query` or more of it."""
    return text is not None and len(text) >= k and query.startswith(text)


async def child(paths: list[str] | None, warm: bool = False, hold: bool = True) -> dict[str, Any]:
    from tui.app import ReadoutsApp
    from tui.flow import search_flow

    if not hold:
        search_flow.HOLD = 0.0  # every letter drawn at once
    from tui.screens.reader import ReaderScreen
    from tui.textual_compat import on_frame

    app = ReadoutsApp(paths)
    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        limit = time.monotonic() + 3600
        while not (
            isinstance(app.screen, ReaderScreen)
            and app.screen.index_complete
            and "index ready" in app.screen.index_state
            and app.screen.files_checked
            and all(w.is_finished for w in app.workers)
        ):
            if time.monotonic() > limit:
                raise TimeoutError("no index ready within an hour")
            await pilot.pause(0.05)
        reader = app.screen
        out["documents"] = reader.load.status.documents
        if warm:
            return out
        frames: list[Frame] = []
        bar = reader.search_bar.input

        def drawn() -> None:
            frames.append(Frame(time.monotonic(), bar.value, results_shown(reader)))

        on_frame(app, drawn)
        await pilot.pause(0.5)
        for name, rate in (("paced", RATE), ("full", 0.0)):
            out[name] = await type_queries(app, reader, frames, rate)
    return out


# ---------------------------------------------------------------- parent


def run(path: str | None, cache: str, warm: bool = False, hold: bool = True) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", path or "seeds", *(["--warm"] if warm else [])]
    args += [] if hold else ["--no-hold"]
    env = {**os.environ, "XDG_CACHE_HOME": cache}
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(records: list[dict[str, Any]]) -> dict[str, float]:
    """One run's figures for one way of typing."""
    keys = [key for record in records for key in record["keys"]]
    echo = [k["echo_ms"] for k in keys if k["echo_ms"] is not None]
    settled = [k["settled_ms"] for k in keys if k["settled_ms"] is not None]
    echo_median = statistics.median(echo)
    settled_median = statistics.median(settled) if settled else float("nan")
    settled_p95 = pct(settled, 0.95) if settled else float("nan")
    return {
        "keys": len(keys),
        "echo_median": echo_median,
        "echo_p95": pct(echo, 0.95),
        "settled_median": settled_median,
        "settled_p95": settled_p95,
        "ratio_median": settled_median / echo_median,
        "ratio_p95": settled_p95 / echo_median,
        "never_settled": len(keys) - len(settled),
        "not_own": sum(1 for k in keys if not k["own"]),
        "undrawn": sum(1 for r in records if not r["drawn"]),
    }


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def make_folder(n: int) -> str:
    from bench_scale import write_folder

    folder = Path(tempfile.mkdtemp(prefix="bench-keystroke-")) / "docs"
    folder.mkdir()
    write_folder(n, folder)
    return str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--make", type=int, help="write the first N White House documents")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache", help="cache folder (default: a new one under /tmp)")
    parser.add_argument("--child", metavar="PATH")
    parser.add_argument("--warm", action="store_true", help="(child) only wait for the index")
    parser.add_argument("--no-hold", action="store_true", help="(child) letters drawn at once")
    parser.add_argument(
        "--corpora", default="seeds,folder", help="which to type into (default: seeds,folder)"
    )
    parser.add_argument("--docs", action="store_true", help="write into docs/benchmarks.md")
    args = parser.parse_args()
    if args.child:
        path = args.child
        paths = None if path == "seeds" else [path]
        print(json.dumps(asyncio.run(child(paths, args.warm, hold=not args.no_hold))))
        return
    folder = args.folder or (make_folder(args.make) if args.make else None)
    if folder is None:
        parser.error("give a FOLDER or --make N")
    cache = args.cache or tempfile.mkdtemp(prefix="bench-keystroke-cache-")
    print(f"folder: {folder}; cache: {cache}")
    t0 = time.monotonic()
    run(folder, cache, warm=True)
    print(f"warm-up start (parse + index if the cache was cold): {time.monotonic() - t0:.0f} s")
    load_before = os.getloadavg()
    runs: dict[str, dict[str, list[dict[str, float]]]] = {}
    documents: dict[str, int] = {}
    for repeat in range(args.repeats):
        for name, path, hold in (
            (n, p, h) for n, p in (("seeds", None), ("folder", folder)) for h in (False, True)
        ):
            if name not in args.corpora.split(","):
                continue
            t0 = time.monotonic()
            result = run(path, cache, hold=hold)
            documents[name] = result["documents"]
            for way in ("paced", "full"):
                figures = summary(result[way])
                key = f"{name} {'held' if hold else 'no hold'}"
                if hold:  # beside the echo of the run without the hold just before
                    floor = runs[f"{name} no hold"][way][-1]["echo_median"]
                    figures["floor_median"] = figures["settled_median"] / floor
                    figures["floor_p95"] = figures["settled_p95"] / floor
                runs.setdefault(key, {}).setdefault(way, []).append(figures)
                print(
                    f"run {repeat + 1} {key:14} {way:5} echo {figures['echo_median']:5.1f} "
                    f"settled {figures['settled_median']:6.1f} p95 {figures['settled_p95']:6.1f}"
                    f" ms ({figures['ratio_median']:.1f}x, {figures['ratio_p95']:.1f}x); "
                    f"own results never drawn {figures['not_own']:.0f}/{figures['keys']:.0f}; "
                    f"undrawn at the end {figures['undrawn']:.0f} "
                    f"[{time.monotonic() - t0:.0f} s]",
                    flush=True,
                )
    lines = report(runs, documents, args.repeats, load_before, os.getloadavg(), Path(folder).name)
    print("\n".join(lines))
    if args.docs:
        from readme_section import replace_section

        replace_section("keystroke", "\n".join(lines))
        print("docs/benchmarks.md: bench:keystroke section written")


def report(
    runs: dict[str, dict[str, list[dict[str, float]]]],
    documents: dict[str, int],
    repeats: int,
    before: tuple[float, float, float],
    after: tuple[float, float, float],
    folder: str = "",
) -> list[str]:
    """The figures as Markdown, with what was measured and when (`folder`: its name)."""
    from bench_scale import machine, revision

    def loads(averages: tuple[float, float, float]) -> str:
        return "/".join(f"{x:.2f}" for x in averages)

    lines = [
        f"_Written by `bench/bench_keystroke.py --docs` at commit {revision()}, {machine()}; "
        f"load average before -> after: {loads(before)} -> {loads(after)}._",
        "",
        f"The real app, headless (`App.run_test`, {SIZE[0]}x{SIZE[1]}), index ready; the ten "
        "queries of `bench_search.py` typed key by key; medians of "
        f"{repeats} runs (each a fresh process) of each run's median and 95th percentile, ms "
        "from the key press to the frame that shows it. Settled: the list, the count, the "
        "snippets in view and the document drawn with this keystroke's results (or a later "
        "one's); the ratios are to the median echo of the same run. Held: the app as it "
        "ships (a letter's frame held for its results when they are likely to come soon); "
        "no hold: each letter drawn at once; / floor: the held run's settled times beside "
        "the median echo of the run without the hold just before it.",
        "",
        "| corpus | frames | typing | keys | echo median | echo p95 | settled median | "
        "settled p95 | median / echo | p95 / echo | median / floor | p95 / floor | "
        "own results never drawn | undrawn at the end |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in runs:
        name, mode = key.split(" ", 1)
        label = "seeds" if name == "seeds" else f"{documents[name]:,} documents ({folder})"
        for way, words in (("paced", f"{RATE:.0f} chars/s"), ("full", "full speed")):
            m = medians(runs[key][way])
            floor = (
                f"{m['floor_median']:.1f}x | {m['floor_p95']:.1f}x" if "floor_median" in m else "| "
            )
            lines.append(
                f"| {label} | {mode} | {words} | {m['keys']:.0f} | {m['echo_median']:.1f} | "
                f"{m['echo_p95']:.1f} | {m['settled_median']:.1f} | {m['settled_p95']:.1f} | "
                f"{m['ratio_median']:.1f}x | {m['ratio_p95']:.1f}x | {floor} | "
                f"{m['not_own']:.0f} | {m['undrawn']:.0f} |"
            )
    return lines


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children run as installed: docs/benchmarks.md
    main()
