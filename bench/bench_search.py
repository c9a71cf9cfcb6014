"""Search benchmark: the Whoosh index of `index.search` beside SQLite FTS5 on the same documents.

For each corpus size it measures, for both engines, in a fresh child process each:
  - index build time (in memory: Whoosh RamStorage / SQLite ":memory:"),
  - per-keystroke latency: every prefix of a set of realistic queries typed one character at a
    time, as the search bar sends them (the last unfinished word is a prefix from 3 characters
    on; top 10 hits with snippets; the total count of matches),
  - peak memory: the child's peak RSS minus its RSS after loading the documents.

Documents: "seeds" = the five bundled readouts; a number N = the first N documents of
../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz (White House Briefing Room, from Jan 2021).

    .venv/bin/python bench/bench_search.py                  # seeds, 1000, 10000
    .venv/bin/python bench/bench_search.py --sizes seeds,1000

This is a script that prints figures, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wh_briefing_room_2021_2026.jsonl.xz"

QUERIES = [
    "north korea",
    "denuclearization",
    '"indo-pacific"',
    "japan korea trilateral",
    "semiconductor supply chain",
    "climate change",
    "ukraine russia sanctions",
    "secretary blinken",
    "taiwan strait",
    "prime minister kishida",
]


def keystrokes() -> list[str]:
    return [q[:k] for q in QUERIES for k in range(1, len(q) + 1)]


# ---------------------------------------------------------------- documents


def load_docs(size: str) -> list[Any]:
    """Readout records: the seeds, or the first N White House documents."""
    sys.path.insert(0, str(ROOT))
    from index.model import Readout

    if size == "seeds":
        from index.corpus import load_corpus

        return list(load_corpus().readouts)
    n = int(size)
    out = []
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if len(out) >= n:
                break
            doc = json.loads(line)
            date = str(doc.get("date") or "")[:10]
            out.append(
                Readout(
                    id=str(doc["id"]),
                    path=f"{CORPUS.name}:{line_no}",
                    source="white-house",
                    title=str(doc.get("title") or ""),
                    published=date,
                    meeting_date=date,
                    participants=(),
                    attendees=(),
                    place="",
                    headings=(),
                    topics=(),
                    text=str(doc["text"]),
                    format="generic",
                )
            )
    return out


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def peak_rss_bytes() -> int:
    """This process's peak resident memory. On Linux the kernel's VmHWM: getrusage's
    ru_maxrss carries over the parent's size at fork through exec, so a small child of a big
    benchmark process reported the parent's (an FTS5 child: 87 MB instead of 22)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# ---------------------------------------------------------------- engines


def run_whoosh(docs: list[Any]) -> tuple[float, list[float], dict[str, int]]:
    from index.search import SearchIndex

    started = time.perf_counter()
    index = SearchIndex.build(docs)
    build = time.perf_counter() - started
    index.search("warm up", limit=10)
    times = []
    for text in keystrokes():
        started = time.perf_counter()
        result = index.search(text, limit=10, prefix=True, snippets=True)
        times.append(time.perf_counter() - started)
        assert not result.error, (text, result.error)
    totals = {q: index.search(q, limit=10).total for q in QUERIES}
    return build, times, totals


_WORD = re.compile(r"\w+")


def fts_query(text: str, *, prefix: bool) -> str:
    """The search bar's text as FTS5 syntax: quoted phrases stay phrases, words are quoted
    (so no word is read as an operator), the unfinished last word is a prefix from 3 letters;
    shorter, it waits when other words are there (as in `index.search.compile`)."""
    parts = re.findall(r'"[^"]*"?|[^\s"]+', text)
    out = []
    for i, part in enumerate(parts):
        words = _WORD.findall(part)
        if not words:
            continue
        last = i == len(parts) - 1
        typing = prefix and last and not text.endswith((" ", '"'))
        unfinished = typing and not part.startswith('"')
        if typing and len(words[-1]) < 3 and words[-1].isalpha() and (len(words) > 1 or out):
            words, unfinished = words[:-1], False
            if not words:
                continue
        phrase = '"' + " ".join(words) + '"'
        if unfinished and len(words[-1]) >= 3:
            phrase += "*"
        out.append(phrase)
    return " ".join(out)


def run_fts5(docs: list[Any]) -> tuple[float, list[float], dict[str, int]]:
    started = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body)")
    db.executemany(
        "INSERT INTO docs (id, title, body) VALUES (?, ?, ?)",
        ((d.id, d.title, d.text) for d in docs),
    )
    db.commit()
    build = time.perf_counter() - started
    top = (
        "SELECT id, bm25(docs), snippet(docs, 2, '[', ']', '…', 24) FROM docs "
        "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"
    )
    count = "SELECT count(*) FROM docs WHERE docs MATCH ?"
    times = []
    for text in keystrokes():
        q = fts_query(text, prefix=True)
        started = time.perf_counter()
        if q:
            db.execute(top, (q,)).fetchall()
            db.execute(count, (q,)).fetchone()
        times.append(time.perf_counter() - started)
    totals = {q: db.execute(count, (fts_query(q, prefix=False),)).fetchone()[0] for q in QUERIES}
    return build, times, totals


def child(engine: str, size: str) -> None:
    docs = load_docs(size)
    base = rss_bytes()
    run = run_whoosh if engine == "whoosh" else run_fts5
    build, times, totals = run(docs)
    times.sort()
    print(
        json.dumps(
            {
                "engine": engine,
                "size": size,
                "docs": len(docs),
                "chars": sum(len(d.text) for d in docs),
                "build_s": build,
                "keystrokes": len(times),
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
                "max_ms": times[-1] * 1000,
                "peak_mb": (peak_rss_bytes() - base) / 2**20,
                "totals": totals,
            }
        )
    )


# ---------------------------------------------------------------- report


def measure(engine: str, size: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", engine, "--sizes", size],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="seeds,1000,10000", help="e.g. seeds,1000,10000")
    parser.add_argument("--child", choices=["whoosh", "fts5"], help=argparse.SUPPRESS)
    parser.add_argument(
        "--docs",
        "--readme",
        dest="readme",
        action="store_true",
        help="also write the table into docs/benchmarks.md",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.sizes)
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if any(s != "seeds" for s in sizes) and not CORPUS.exists():
        sys.exit(f"{CORPUS} not found: run with --sizes seeds")
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    say(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}")
    say(f"{len(QUERIES)} queries, {len(keystrokes())} keystrokes: {', '.join(QUERIES)}")
    say()
    head = (
        f"{'docs':>6} {'chars':>6} {'engine':<7} {'build s':>8} {'key med ms':>10} "
        f"{'key p95 ms':>10} {'key max ms':>10} {'peak MB':>8}"
    )
    say(head)
    say("-" * len(head))
    for size in sizes:
        w = measure("whoosh", size)
        f = measure("fts5", size)
        label = "seeds" if size == "seeds" else str(w["docs"])
        chars = f"{w['chars'] / 1e6:.1f}M"
        for r in (w, f):
            say(
                f"{label:>6} {chars:>6} {r['engine']:<7} {r['build_s']:8.2f} "
                f"{r['median_ms']:10.1f} {r['p95_ms']:10.1f} {r['max_ms']:10.1f} "
                f"{r['peak_mb']:8.1f}"
            )
        say(
            f"{label:>6} {'':>6} {'ratio':<7} {ratio(w['build_s'], f['build_s']):>8} "
            f"{ratio(w['median_ms'], f['median_ms']):>10} {ratio(w['p95_ms'], f['p95_ms']):>10} "
            f"{ratio(w['max_ms'], f['max_ms']):>10} {ratio(w['peak_mb'], f['peak_mb']):>8}"
        )
        differ = {q: (w["totals"][q], f["totals"][q]) for q in QUERIES}
        say(f"{'':>6} matches per full query (whoosh, fts5): {differ}")
        say()
    if args.readme:
        from readme_section import replace_section

        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        load = "/".join(f"{x:.2f}" for x in os.getloadavg())
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        note = (
            f"_Written by `bench/bench_search.py --sizes {args.sizes} --docs` at commit "
            f"{commit}, {when}; load average at the end {load}._"
        )
        replace_section("search", "\n".join([note, "", "```text", *out, "```"]))


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # children run as installed: docs/benchmarks.md
    main()
