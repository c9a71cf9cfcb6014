"""Scale benchmark (issue 5, "Speed, measured by the bench"): the app's own way of opening a
user's folder, beside a plain Whoosh build and SQLite FTS5, all in one run.

Documents: the first N documents (file order) of
../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz, each written out as the `.md` file it was
(YAML front matter + Markdown, at its `id` path) in a fresh temporary folder, since analysts
open folders. The same N documents every run.

Every measurement runs in a fresh child process (this script with `--child ...`, or
`python -c` for the second start), one at a time, so memory and caches are honest; the app's
cache folder is redirected with XDG_CACHE_HOME to a temporary folder. Figures:

1. Build, first start (empty cache), `--build-repeats` times (default 1), median:
   ours  = `open_corpus(folder)` + `open_index(corpus, folder)` with an empty cache folder
           (parse cache + on-disk Whoosh index, i.e. what the app does on a first start);
   plain = the same parsed documents into a plain single-writer on-disk Whoosh index
           (StandardAnalyzer; id ID(stored), title and body TEXT(stored));
   FTS5  = the same parsed documents into an on-disk SQLite FTS5 table (id UNINDEXED, title,
           body). Plain and FTS5 take ours' parsed readouts from the parse cache it just
           filled, untimed; ours is shown both whole and as its index step alone.
2. Second start, `--repeats` times (default 3), median: wall time of a child
   `python -c` that imports the core, does what the app does on a second start (the corpus
   as last loaded, `cached_corpus`; the index opened; one search that must return hits), so
   interpreter start and imports are included; beside the same on the five bundled seeds
   (open_corpus(None) + open_index(corpus, None)). The check of the files that the app runs
   next in the background (`refresh_corpus`, given the corpus shown, as the app does) is
   timed after it and shown on its own row.
3. Per keystroke, `--repeats` times, median of each run's figure: one child opens the folder
   (warm), runs one warm-up search, then types every prefix of bench_search.QUERIES one
   character at a time, as the app does at 120x40: `search(text, prefix=True, limit=100,
   highlight=20)`, the best 100 hits with snippets for the 20 rows on screen. Another child
   runs the same keystrokes on the on-disk FTS5 table (bench_search.fts_query: prefix from 3
   letters; the best 100 ids, snippet() for the best 20, and the match count). Median and
   p95 per keystroke.
4. Peak memory: peak RSS (VmHWM) of the keystroke child (open warm + all keystrokes), the whole
   process (interpreter included), and of the first-start child (parse + index; the worker
   processes it starts are not counted, they end with the build).

Targets are judged on wall time. CPU time (process_time in the child plus its finished worker
processes, or the child's rusage) is printed beside it: on a shared 2-core machine other
processes inflate wall time, much less CPU time, so the CPU ratios are the steadier comparison
between engines.

    .venv/bin/python bench/bench_scale.py --sizes 1000         # quick, ~1 minute
    .venv/bin/python bench/bench_scale.py                      # 10,000 documents, minutes

Profile one phase by running its child under cProfile, e.g. (FOLDER and the cache from --keep):
    XDG_CACHE_HOME=CACHE .venv/bin/python -m cProfile -s cumtime bench/bench_scale.py \\
        --child keys-ours FOLDER

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import lzma
import math
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_search import CORPUS, QUERIES, fts_query, keystrokes, peak_rss_bytes  # noqa: E402

LISTED, IN_SIGHT = 100, 20
"""Per keystroke, as the app at 120x40: the best 100 hits listed (tui/flow/search_flow.py
SEARCH_LIMIT), snippets for the 20 result rows the list shows (`ReaderScreen._in_sight`)."""

START_QUERY = "korea"
"""The second start's "working search": found in the seeds and in the White House documents."""

START_CODE = f"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {str(ROOT)!r})
from index.workspace import cached_corpus, open_corpus, open_index, refresh_corpus
paths = sys.argv[1:] or None
corpus = cached_corpus(paths)  # what the app shows first on a second start
if corpus is None:
    corpus, _ = open_corpus(paths)
t1 = time.perf_counter()
index, _ = open_index(corpus, paths)
t2 = time.perf_counter()
hits = index.search({START_QUERY!r}, limit=10).hits
t3 = time.perf_counter()
c3 = time.process_time()
assert hits and corpus.readouts
if paths:  # the app checks the files next, in the background, once the index is open
    checked, _, changed = refresh_corpus(paths, known=corpus)  # as the app's check_files
    assert not changed and checked is corpus
t4 = time.perf_counter()
print(json.dumps({{"list_s": t1 - t0, "index_s": t2 - t1, "search_s": t3 - t2,
                  "check_s": t4 - t3, "check_cpu_s": time.process_time() - c3}}))
"""


# ---------------------------------------------------------------- documents


ALL_CORPORA = sorted(CORPUS.parent.glob("*.jsonl.xz"))
"""The four corpora of ../shared/corpus, for sizes beyond the White House documents."""
PER_FILE = 10_000
"""Documents per .jsonl file of a large folder."""
PLAIN_UP_TO = 20_000
"""The plain single-writer Whoosh build is left out above this many documents (it takes
most of an hour at 100,000 on this machine, and its figure is not what the issue asks for)."""


def write_large(n: int, folder: Path) -> dict[str, int]:
    """`n` documents as .jsonl files of `PER_FILE` lines under `folder`: the four corpora one
    after another, again and again (issue 20's 100,000: the 33,938 documents three times). A
    document written again carries a line saying which copy it is, so that every document is
    its own (identical copies would be one readout, `index.meetings.assign_ids`)."""
    count = chars = 0
    folder.mkdir(parents=True, exist_ok=True)
    out = None
    copy = 0
    while count < n:
        copy += 1
        for corpus in ALL_CORPORA:
            with lzma.open(corpus, "rt", encoding="utf-8") as f:
                for line in f:
                    if count >= n:
                        break
                    doc = json.loads(line)
                    if copy > 1:
                        doc["text"] += f"\n\n(Archive copy {copy}.)\n"
                        doc["id"] = f"{doc['id']}-copy-{copy}"
                    if count % PER_FILE == 0:
                        if out is not None:
                            out.close()
                        out = (folder / f"part-{count // PER_FILE:02d}.jsonl").open(
                            "w", encoding="utf-8"
                        )
                    assert out is not None
                    out.write(json.dumps(doc, ensure_ascii=False) + "\n")
                    count += 1
                    chars += len(doc["text"])
    if out is not None:
        out.close()
    return {"docs": count, "chars": chars}


def write_folder(n: int, folder: Path) -> dict[str, int]:
    """The first `n` White House documents as .md files under `folder` (beyond the White
    House documents, `write_large`)."""
    if n > 14_361:
        return write_large(n, folder)
    count = chars = 0
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            if count >= n:
                break
            doc = json.loads(line)
            path = folder / doc["id"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(doc["text"], encoding="utf-8")
            count += 1
            chars += len(doc["text"])
    return {"docs": count, "chars": chars}


def parsed(folder: str) -> list[Any]:
    """The readouts ours parsed, from the parse cache its build just filled (not timed)."""
    from index.workspace import open_corpus

    return list(open_corpus([folder])[0].readouts)


def clock() -> tuple[float, float]:
    """Wall time, and CPU time of this process and of its finished child processes (the
    worker processes that parse and index: leaving them out would flatter a parallel build)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + kids.ru_utime + kids.ru_stime


def since(start: tuple[float, float]) -> tuple[float, float]:
    """Wall and CPU seconds since `start` (CPU time is what a loaded machine inflates least)."""
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def dir_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def summary(spans: list[tuple[float, float]]) -> dict[str, float]:
    """Median and p95 in ms of the wall times, and of the CPU times (`cpu_...`)."""
    out = {}
    for prefix, times in (("", sorted(w for w, _ in spans)), ("cpu_", sorted(c for _, c in spans))):
        out[f"{prefix}median_ms"] = statistics.median(times) * 1000
        out[f"{prefix}p95_ms"] = times[int(0.95 * (len(times) - 1))] * 1000
    return out


# ---------------------------------------------------------------- children


def children_peak(stop: threading.Event, peaks: dict[int, int]) -> None:
    """Sample the peak memory (VmHWM) of this process's child processes (the worker
    processes of a build) until `stop` is set."""
    me = os.getpid()
    while not stop.wait(0.2):
        try:
            kids = Path(f"/proc/{me}/task/{me}/children").read_text().split()
        except OSError:
            return
        for kid in kids:
            try:
                for line in Path(f"/proc/{kid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[int(kid)] = max(peaks.get(int(kid), 0), int(line.split()[1]) * 1024)
            except (OSError, ValueError):
                continue


def child_build_ours(folder: str) -> dict[str, Any]:
    """A first start as the app makes it: what is read is listed and searchable as it comes
    (`open_corpus` with `on_partial` and `on_index`), then the index is completed."""
    from index.workspace import open_corpus, open_index

    peaks: dict[int, int] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=children_peak, args=(stop, peaks), daemon=True)
    sampler.start()
    t0 = clock()
    seen: dict[str, float] = {}
    updates: list[float] = []

    def listed(_corpus: Any) -> None:
        seen.setdefault("list_s", time.perf_counter() - t0[0])

    def searchable(_index: Any, _n: int, _total: int) -> None:
        updates.append(time.perf_counter() - t0[0])

    corpus, _ = open_corpus([folder], on_partial=listed, on_index=searchable)
    parse, parse_cpu = since(t0)
    t1 = clock()
    open_index(corpus, [folder], on_partial=lambda i, n, t: searchable(i, n, t))
    index, index_cpu = since(t1)
    stop.set()
    sampler.join()
    done = parse + index
    moments = [*updates, done]
    return {
        "docs": len(corpus.readouts),
        "parse_s": parse,
        "index_s": index,
        "s": done,
        "index_cpu_s": index_cpu,
        "cpu_s": parse_cpu + index_cpu,
        "peak_mb": peak_rss_bytes() / 2**20,
        "workers_peak_mb": max(peaks.values(), default=0) / 2**20,
        "list_s": seen.get("list_s", done),
        "first_search_s": updates[0] if updates else done,
        "search_updates": len(updates),
        "max_gap_s": max((b - a for a, b in pairwise(moments)), default=0.0),
    }


def child_build_plain(folder: str, out: str) -> dict[str, Any]:
    from whoosh import fields
    from whoosh.analysis import StandardAnalyzer
    from whoosh.filedb.filestore import FileStorage

    docs = parsed(folder)
    t0 = clock()
    schema = fields.Schema(
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=StandardAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StandardAnalyzer(), stored=True),
    )
    Path(out).mkdir(parents=True, exist_ok=True)
    writer = FileStorage(out).create_index(schema).writer()
    for d in docs:
        writer.add_document(id=d.id, title=d.title, body=d.text)
    writer.commit()
    wall, cpu = since(t0)
    return {"docs": len(docs), "s": wall, "cpu_s": cpu}


def child_build_fts5(folder: str, out: str) -> dict[str, Any]:
    docs = parsed(folder)
    t0 = clock()
    db = sqlite3.connect(out)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body)")
    db.executemany(
        "INSERT INTO docs (id, title, body) VALUES (?, ?, ?)",
        ((d.id, d.title, d.text) for d in docs),
    )
    db.commit()
    db.close()
    wall, cpu = since(t0)
    return {"docs": len(docs), "s": wall, "cpu_s": cpu}


def child_keys_ours(folder: str) -> dict[str, Any]:
    from index.workspace import open_corpus, open_index

    corpus, _ = open_corpus([folder])
    index, _ = open_index(corpus, [folder])
    open_mb = peak_rss_bytes() / 2**20
    index.search("warm up", limit=10)
    times = []
    for text in keystrokes():
        t0 = clock()
        result = index.search(text, prefix=True, limit=LISTED, highlight=IN_SIGHT)
        times.append(since(t0))
        assert not result.error, (text, result.error)
    slowest = sorted(zip([w for w, _ in times], keystrokes(), strict=True), reverse=True)[:5]
    return {
        **summary(times),
        "open_mb": open_mb,
        "peak_mb": peak_rss_bytes() / 2**20,
        "slowest": [f"{text!r} {t * 1000:.0f} ms" for t, text in slowest],
    }


def child_keys_fts5(db_path: str) -> dict[str, Any]:
    db = sqlite3.connect(db_path)
    listed = (
        f"SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT {LISTED}"
    )
    shown = (
        "SELECT id, bm25(docs), snippet(docs, 2, '[', ']', '…', 24) FROM docs "
        f"WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT {IN_SIGHT}"
    )
    count = "SELECT count(*) FROM docs WHERE docs MATCH ?"
    db.execute(count, ("warm",)).fetchone()
    times = []
    for text in keystrokes():
        q = fts_query(text, prefix=True)
        t0 = clock()
        if q:
            db.execute(listed, (q,)).fetchall()
            db.execute(shown, (q,)).fetchall()
            db.execute(count, (q,)).fetchone()
        times.append(since(t0))
    return {**summary(times), "peak_mb": peak_rss_bytes() / 2**20}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "build-ours": child_build_ours,
    "build-plain": child_build_plain,
    "build-fts5": child_build_fts5,
    "keys-ours": child_keys_ours,
    "keys-fts5": child_keys_fts5,
}


# ---------------------------------------------------------------- parent


def run(args: list[str], cache: Path) -> tuple[dict[str, Any], float, float]:
    """A child's JSON (its last line of output), its wall time and its CPU time."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if out.returncode:
        sys.exit(f"child {args[:3]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1]), wall, cpu


def child(name: str, *args: str, cache: Path) -> dict[str, Any]:
    return run([__file__, "--child", name, *args], cache)[0]


def med(rows: list[dict[str, Any]], key: str) -> Any:
    if isinstance(rows[0][key], list):  # not a figure: the first run's
        return rows[0][key]
    return statistics.median(r[key] for r in rows)


def measure(n: int, work: Path, repeats: int, build_repeats: int) -> dict[str, Any]:
    folder = work / f"wh-{n}"
    info = write_folder(n, folder)
    plain_dir, fts_db = work / f"plain-{n}", work / f"fts5-{n}.db"
    ours, plain, fts = [], [], []
    for k in range(build_repeats):  # each with an empty cache; the last one's stays for later
        cache = work / f"cache-{n}-{k}"
        ours.append(child("build-ours", str(folder), cache=cache))
        shutil.rmtree(plain_dir, ignore_errors=True)
        if n <= PLAIN_UP_TO:
            plain.append(child("build-plain", str(folder), str(plain_dir), cache=cache))
        fts_db.unlink(missing_ok=True)
        fts.append(child("build-fts5", str(folder), str(fts_db), cache=cache))
    start_folder, start_seeds, keys_ours, keys_fts = [], [], [], []
    cli_search: list[dict[str, float]] = []
    for _ in range(repeats):  # interleaved rounds
        for paths, rows in (([str(folder)], start_folder), ([], start_seeds)):
            inner, wall, cpu = run(["-c", START_CODE, *paths], cache)
            # The start ends with the search; the check of the files after it is its own row.
            wall -= inner["check_s"]
            cpu -= inner["check_cpu_s"]
            rows.append({**inner, "wall_s": wall, "cpu_s": cpu})
        cli_search.append(time_cli_search(folder, cache))
        keys_ours.append(child("keys-ours", str(folder), cache=cache))
        keys_fts.append(child("keys-fts5", str(fts_db), cache=cache))
    return {
        **info,
        "parsed": ours[-1]["docs"],
        "folder": str(folder),
        "cache": str(cache),
        "build": {k: med(ours, k) for k in ours[0]},
        "plain_s": med(plain, "s") if plain else float("nan"),
        "plain_cpu_s": med(plain, "cpu_s") if plain else float("nan"),
        "cli": {k: med(cli_search, k) for k in cli_search[0]},
        "fts5_s": med(fts, "s"),
        "fts5_cpu_s": med(fts, "cpu_s"),
        "mb": {
            "ours": dir_mb(next(cache.rglob("index-*"))),
            "plain": dir_mb(plain_dir) if plain else float("nan"),
            "fts5": dir_mb(fts_db),
        },
        "start": {k: med(start_folder, k) for k in start_folder[0]},
        "seeds": {k: med(start_seeds, k) for k in start_seeds[0]},
        "keys": {k: med(keys_ours, k) for k in keys_ours[0]},
        "fts_keys": {k: med(keys_fts, k) for k in keys_fts[0]},
    }


CLI_QUERIES = ("climate", '"taiwan strait"', "north korea")


def time_cli_search(folder: Path, cache: Path) -> dict[str, float]:
    """`readouts-tui search QUERY FOLDER --json` as a script runs it (a whole process, warm
    cache), median over `CLI_QUERIES`, and its peak memory."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    walls, cpus = [], []
    for query in CLI_QUERIES:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "tui", "search", query, str(folder), "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if out.returncode not in (0, 1) or (out.returncode == 0 and not json.loads(out.stdout)):
            sys.exit(f"search {query!r} failed:\n{out.stderr}")
    return {"s": statistics.median(walls), "max_s": max(walls), "cpu_s": statistics.median(cpus)}


def machine() -> str:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if "model name" in line), "")
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}); "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"whoosh3 {metadata.version('whoosh3')}"
    )


def revision() -> str:
    """The commit measured, and whether the core had uncommitted edits."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "index"], capture_output=True, text=True
    )
    return f"{head.stdout.strip()} (index/ {'MODIFIED' if dirty.stdout.strip() else 'clean'})"


def report(r: dict[str, Any]) -> list[str]:
    b, st, se, k, fk, mb = r["build"], r["start"], r["seeds"], r["keys"], r["fts_keys"], r["mb"]
    ratio_key = k["p95_ms"] / fk["p95_ms"]
    ratio_start = st["wall_s"] / se["wall_s"]
    lines = [
        f"### {r['docs']:,} documents ({r['chars'] / 1e6:.1f} M characters; {r['parsed']:,} "
        f"readouts parsed)",
        "",
        "| figure | ours | plain Whoosh | SQLite FTS5 | seeds | ratio |",
        "|---|---:|---:|---:|---:|---|",
        f"| build, first start (s) | {b['s']:.1f} (parse {b['parse_s']:.1f} + index "
        f"{b['index_s']:.1f}) | {r['plain_s']:.1f} | {r['fts5_s']:.2f} | | ours/plain "
        f"{b['s'] / r['plain_s']:.2f}x (index only {b['index_s'] / r['plain_s']:.2f}x), "
        f"ours/FTS5 {b['s'] / r['fts5_s']:.1f}x |",
        f"| - build CPU time (s) | {b['cpu_s']:.1f} (index {b['index_cpu_s']:.1f}) | "
        f"{r['plain_cpu_s']:.1f} | {r['fts5_cpu_s']:.2f} | | ours/plain "
        f"{b['cpu_s'] / r['plain_cpu_s']:.2f}x (index only "
        f"{b['index_cpu_s'] / r['plain_cpu_s']:.2f}x) |",
        f"| index on disk (MB) | {mb['ours']:.0f} | {mb['plain']:.0f} | {mb['fts5']:.0f} | | |",
        f"| second start, end to end (s) | {st['wall_s']:.2f} | | | {se['wall_s']:.2f} | "
        f"{ratio_start:.2f}x |",
        f"| - of which imports+list / index / search (s) | {st['list_s']:.2f} / "
        f"{st['index_s']:.2f} / {st['search_s']:.2f} | | | {se['list_s']:.2f} / "
        f"{se['index_s']:.2f} / "
        f"{se['search_s']:.2f} | |",
        f"| - CPU time (s) | {st['cpu_s']:.2f} | | | {se['cpu_s']:.2f} | "
        f"{st['cpu_s'] / se['cpu_s']:.2f}x |",
        f"| - then the files checked, in the background (s) | {st['check_s']:.2f} | | | | |",
        f"| keystroke median / p95 (ms) | {k['median_ms']:.1f} / {k['p95_ms']:.1f} | | "
        f"{fk['median_ms']:.1f} / {fk['p95_ms']:.1f} | | p95 {ratio_key:.1f}x |",
        f"| - CPU time median / p95 (ms) | {k['cpu_median_ms']:.1f} / {k['cpu_p95_ms']:.1f} | | "
        f"{fk['cpu_median_ms']:.1f} / {fk['cpu_p95_ms']:.1f} | | p95 "
        f"{k['cpu_p95_ms'] / fk['cpu_p95_ms']:.1f}x |",
        f"| peak memory, keystroke child (MB) | {k['peak_mb']:.0f} | | {fk['peak_mb']:.0f} | | |",
        f"| - of which after open, before typing (MB) | {k['open_mb']:.0f} | | | | |",
        f"| peak memory, first start (MB; its worker processes apart) | {b['peak_mb']:.0f} "
        "| | | | |",
        f"| - each worker process, at most (MB) | {b['workers_peak_mb']:.0f} | | | | |",
        f"| first start: list shown / first search / index complete (s) | {b['list_s']:.1f} / "
        f"{b['first_search_s']:.1f} / {b['s']:.1f} | | | | |",
        f"| - searchable part grew (times; longest wait between two, s) | "
        f"{b['search_updates']} ({b['max_gap_s']:.1f}) | | | | |",
        f"| command line `search --json`, warm (s; median of {len(CLI_QUERIES)} queries, "
        f"slowest; CPU) | {r['cli']['s']:.2f} ({r['cli']['max_s']:.2f}; CPU "
        f"{r['cli']['cpu_s']:.2f}) | | | | |",
        "",
        f"Slowest keystrokes (ours, first run): {', '.join(k['slowest'])}",
        "",
    ]
    fts_ratio = b["s"] / r["fts5_s"]
    issue20 = [
        (
            fts_ratio <= 4,
            f"(issue 20) whole first start within 4x FTS5's build: {b['s']:.1f} s vs "
            f"{r['fts5_s']:.2f} s = {fts_ratio:.1f}x",
        ),
        (
            b["list_s"] <= 5 and b["first_search_s"] <= 5,
            f"(issue 20) list within 5 s, search from then on: list {b['list_s']:.1f} s, "
            f"first search {b['first_search_s']:.1f} s",
        ),
        (
            b["peak_mb"] < 400 and b["workers_peak_mb"] < 300,
            f"(issue 20) first start under 400 MB, each worker under 300 MB: "
            f"{b['peak_mb']:.0f} MB, workers {b['workers_peak_mb']:.0f} MB",
        ),
        (
            r["cli"]["max_s"] < 0.5,
            f"(issue 20) command-line search under 0.5 s: median {r['cli']['s']:.2f} s, "
            f"slowest {r['cli']['max_s']:.2f} s",
        ),
    ]
    targets = [
        (
            b["s"] <= r["plain_s"] / 2,
            f"build at least 2x faster than plain Whoosh: ours {b['s']:.1f} s vs plain "
            f"{r['plain_s']:.1f} s: plain/ours = {r['plain_s'] / b['s']:.2f}x "
            f"(index step alone {r['plain_s'] / b['index_s']:.2f}x; CPU "
            f"{r['plain_cpu_s'] / b['cpu_s']:.2f}x, index step "
            f"{r['plain_cpu_s'] / b['index_cpu_s']:.2f}x)"
            f"; FTS5 {r['fts5_s']:.2f} s",
        ),
        (
            ratio_start <= 1.5,
            f"second start within 1.5x the seeds: {st['wall_s']:.2f} s vs "
            f"{se['wall_s']:.2f} s = {ratio_start:.2f}x (CPU {st['cpu_s'] / se['cpu_s']:.2f}x)",
        ),
        (
            k["median_ms"] < 16,
            f"keystroke median under 16 ms: {k['median_ms']:.1f} ms "
            f"(CPU {k['cpu_median_ms']:.1f} ms)",
        ),
        (
            ratio_key <= 5,
            f"keystroke p95 within 5x FTS5: {k['p95_ms']:.1f} ms vs {fk['p95_ms']:.1f} ms "
            f"= {ratio_key:.1f}x (CPU {k['cpu_p95_ms'] / fk['cpu_p95_ms']:.1f}x)",
        ),
        (
            max(k["peak_mb"], b["peak_mb"]) < 400,
            f"peak memory under 400 MB: {k['peak_mb']:.0f} MB typing, {b['peak_mb']:.0f} MB "
            "on a first start",
        ),
    ]
    if r["plain_s"] != r["plain_s"]:  # not measured (NaN): above PLAIN_UP_TO
        targets = targets[1:]
    lines.append("Targets, judged on wall time (CPU time beside it: the machine may be shared):")
    lines += [f"- {'met' if ok else '**NOT met**'}: {text}" for ok, text in [*targets, *issue20]]
    return [*lines, ""]


GROWTH = (
    ("first start, whole (s)", lambda r: r["build"]["s"]),
    ("- parse (s)", lambda r: r["build"]["parse_s"]),
    ("- index after the parse (s)", lambda r: r["build"]["index_s"]),
    ("SQLite FTS5 build (s)", lambda r: r["fts5_s"]),
    ("first start / FTS5", lambda r: r["build"]["s"] / r["fts5_s"]),
    ("first search on a first start (s)", lambda r: r["build"]["first_search_s"]),
    ("peak memory, first start (MB)", lambda r: r["build"]["peak_mb"]),
    ("- each worker, at most (MB)", lambda r: r["build"]["workers_peak_mb"]),
    ("index on disk (MB)", lambda r: r["mb"]["ours"]),
    ("second start, end to end (s)", lambda r: r["start"]["wall_s"]),
    ("- imports + list (s)", lambda r: r["start"]["list_s"]),
    ("command-line search, warm (s)", lambda r: r["cli"]["s"]),
    ("- its CPU time (s)", lambda r: r["cli"]["cpu_s"]),
    ("first start, CPU time (s)", lambda r: r["build"]["cpu_s"]),
    ("SQLite FTS5 build, CPU time (s)", lambda r: r["fts5_cpu_s"]),
    ("keystroke median (ms)", lambda r: r["keys"]["median_ms"]),
    ("keystroke p95 (ms)", lambda r: r["keys"]["p95_ms"]),
    ("FTS5 keystroke p95 (ms)", lambda r: r["fts_keys"]["p95_ms"]),
    ("peak memory, typing (MB)", lambda r: r["keys"]["peak_mb"]),
)


def growth(results: list[dict[str, Any]]) -> list[str]:
    """One table: each cost at each size, and how much it grew per tenfold of documents."""
    results = sorted(results, key=lambda r: r["docs"])
    sizes = [r["docs"] for r in results]
    head = "| cost | " + " | ".join(f"{n:,}" for n in sizes) + " | growth per 10x documents |"
    lines = [head, "|---|" + "---:|" * len(sizes) + "---|"]
    for name, get in GROWTH:
        values = [get(r) for r in results]
        steps = []
        for (n0, v0), (n1, v1) in pairwise(zip(sizes, values, strict=True)):
            if v0 > 0:
                tenfold = (v1 / v0) ** (1 / max(1e-9, math.log10(n1 / n0)))
                steps.append(f"{tenfold:.1f}x")
        shown = " | ".join(f"{v:.2f}" if v < 10 else f"{v:,.0f}" for v in values)
        lines.append(f"| {name} | {shown} | {' then '.join(steps)} |")
    return [*lines, ""]


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(CHILDREN[sys.argv[2]](*sys.argv[3:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="e.g. 1000 or 1000,10000")
    parser.add_argument("--repeats", type=int, default=3, help="second start and keystrokes")
    parser.add_argument("--build-repeats", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--docs",
        "--readme",
        dest="readme",
        action="store_true",
        help="also write each size's figures into docs/benchmarks.md (bench:scale-N markers)",
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_before, started, code = os.getloadavg(), machine(), revision()
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        results = []
        for n in sizes:  # each size's figures printed as soon as they are measured
            results.append(measure(n, work, args.repeats, args.build_repeats))
            print("\n".join(report(results[-1])), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    print("## Scale benchmark (issue 5)")
    print()
    print(f"Command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"Code: commit {code} at start, {revision()} at the end")
    print(f"Machine: {started}")
    load = " -> ".join("/".join(f"{x:.2f}" for x in la) for la in (load_before, load_after))
    print(f"Load average (1/5/15 min), before -> after: {load}")
    print(
        f"Documents: the first N of {CORPUS.name} (White House Briefing Room, in file order), "
        f"written out as .md files (front matter + Markdown) in {work}"
        f"{' (kept)' if args.keep else ' (removed)'}; opened as a folder."
    )
    print(
        f"Repeats: builds {args.build_repeats}, second start and keystrokes {args.repeats} "
        f"(medians); {len(keystrokes())} keystrokes of {len(QUERIES)} queries; every figure "
        "from a fresh child process."
    )
    print()
    for r in results:
        print("\n".join(report(r)))
    if len(results) > 1:
        print("\n".join(growth(results)))
    if args.readme:
        from readme_section import replace_section

        for r, n in zip(results, sizes, strict=True):
            body = [
                f"_Written by `bench/bench_scale.py --sizes {n} --docs` at commit {code}, "
                f"{started}; load average before -> after: {load}._",
                "",
                *report(r),
            ]
            replace_section(f"scale-{n}", "\n".join(body))
        if len(results) > 1:
            replace_section(
                "scale-growth",
                "\n".join(
                    [
                        f"_Written by `bench/bench_scale.py --sizes {args.sizes} --docs` at "
                        f"commit {code}, {started}; load average before -> after: {load}._",
                        "",
                        *growth(results),
                    ]
                ),
            )


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children run as installed: docs/benchmarks.md
    main()
