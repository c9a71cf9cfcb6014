"""Result pages benchmark: what the app's list costs past its first 100 results, and the date
order over every match, beside SQLite FTS5 doing the same, on the White House Briefing Room
collection (the corpus and cache of `bench_analysis.py`).

For each query it measures, in one process, `SearchIndex.search` as the app calls it:
  - page 1: the first 100 by relevance, every one highlighted (what the list shows once typing
    pauses); FTS5: the best 100 by bm25 with `snippet()`;
  - page 2: the next 100 (`offset=100`), as the list scrolls near its end; FTS5: `OFFSET 100`;
  - by date: the newest 100 of every match (`order="date"`), highlighted; FTS5: `ORDER BY date
    DESC LIMIT 100` with `snippet()`;
  - G: every match after the first 100 at once, not highlighted (`highlight=0`); FTS5: the ids
    of every match after the first 100, by bm25.
"first" is the first call for the query, "median" the median of --repeat more (which reuse the
ranking the index remembers, as the app's next page of a query does); the ratio is the median
over FTS5's median, measured in the same run.

    .venv/bin/python bench/bench_pages.py            # print the figures
    .venv/bin/python bench/bench_pages.py --docs     # and write them into docs/analysis.md

This is a script that prints figures, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analysis import QUERIES, ROOT, arguments, first_and_median, fts_table, timed

PAGE = 100


def fts_page(db: sqlite3.Connection, query: str, order: str, offset: int, snippets: bool) -> int:
    snippet = "snippet(docs, 5, char(1), char(2), '…', 12)" if snippets else "id"
    rows = db.execute(
        f"SELECT id, {snippet} FROM docs WHERE docs MATCH ? ORDER BY {order} LIMIT ? OFFSET ?",
        (query, PAGE if snippets else -1, offset),
    ).fetchall()
    return len(rows)


def main() -> None:
    args = arguments(__doc__)
    from index.workspace import open_corpus, open_index

    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    paths = [str(args.corpus)]
    load_ms, (corpus, _) = timed(lambda: open_corpus(paths, cache_dir=args.cache))
    index_ms, (index, _) = timed(lambda: open_index(corpus, paths, cache_dir=args.cache))
    fts_ms, db = timed(lambda: fts_table(corpus.readouts))
    say(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, {os.cpu_count()} cpus")
    say(
        f"{len(corpus.readouts):,} readouts of {args.corpus.name}; corpus opened in "
        f"{load_ms / 1000:.1f} s, index in {index_ms / 1000:.1f} s; FTS5 built in "
        f"{fts_ms / 1000:.1f} s"
    )
    say(f"times in ms: first call / median of {args.repeat} more / ratio of medians to FTS5's")
    say()
    head = (
        f"{'query':<16} {'matches':>7}  {'page 1':>18}  {'page 2':>18}  {'by date':>18}  {'G':>18}"
    )
    say(head)
    say("-" * len(head))
    for q in QUERIES:
        whole = index.search(q, limit=1, snippets=False, highlight=0)
        total = whole.total
        cells = []
        runs = [
            (lambda q=q: index.search(q, limit=PAGE), "rank", 0, True),
            (lambda q=q: index.search(q, limit=PAGE, offset=PAGE), "rank", PAGE, True),
            (lambda q=q: index.search(q, limit=PAGE, order="date"), "date DESC", 0, True),
            (
                lambda q=q, t=total: index.search(
                    q, limit=max(1, t - PAGE), offset=PAGE, highlight=0
                ),
                "rank",
                PAGE,
                False,
            ),
        ]
        for run, order, offset, snippets in runs:
            first, median, result = first_and_median(run, args.repeat)
            assert not result.error
            _, fts_median, _ = first_and_median(
                lambda q=q, o=order, f=offset, s=snippets: fts_page(db, q, o, f, s), args.repeat
            )
            cells.append(f"{first:6.1f}/{median:5.1f}/{median / fts_median:4.1f}x")
        say(f"{q:<16} {total:>7}  " + "  ".join(f"{c:>18}" for c in cells))
    say()
    say("matches: readouts the query matches (with equivalents; FTS5 counts plain words).")
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    say(f"load average at the end: {load}")
    if args.docs:
        from readme_section import replace_section

        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        note = f"_Written by `bench/bench_pages.py --docs` at commit {commit}, {when}._"
        replace_section(
            "pages",
            "\n".join([note, "", "```text", *out, "```"]),
            ROOT / "docs" / "analysis.md",
        )


if __name__ == "__main__":
    main()
