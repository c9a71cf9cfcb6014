"""Timeline and concordance benchmark: `index.timeline` and `index.concordance` beside SQLite
FTS5 doing the same count, on the White House Briefing Room collection.

Documents: ../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz (or --corpus), opened the way
the app and the command line open a user's file: the parse cache and the persistent index in a
cache folder (--cache; the first run fills it, which takes a minute or more; later runs reuse
it). FTS5 gets the same readouts (title and text, with the same period and publisher) in an
in-memory `fts5` table.

For each query it measures, in one process:
  - timeline: matching readouts per year and publisher, beside all readouts there
    (`index.timeline.timeline`; FTS5: a GROUP BY over the matches and one over every row);
  - first screenful of the concordance: the first 50 occurrences by date
    (`index.concordance.concordance(limit=50)`; FTS5: `highlight()` of the matching rows in
    date order, read until 50 occurrences);
  - the whole concordance once (Whoosh only), for scale.
"first" is the first call for the query; "median" is over --repeat further calls, which reuse
what the index remembers between calls (its ranking of the query), as the app's second look
at a query does.

    .venv/bin/python bench/bench_analysis.py                 # print the figures
    .venv/bin/python bench/bench_analysis.py --docs          # and write them into docs/analysis.md

This is a script that prints figures, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_NAME = Path("shared") / "corpus" / "wh_briefing_room_2021_2026.jsonl.xz"
CORPUS = next((d / _NAME for d in ROOT.parents if (d / _NAME).exists()), ROOT.parent / _NAME)
"""../shared/corpus/..., looked for above the checkout (a git worktree sits a level deeper)."""
QUERIES = ["climate", '"taiwan strait"', "north korea"]
SCREEN = 50
"""Concordance lines in a first screenful."""


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return (time.perf_counter() - started) * 1000, result


def first_and_median(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    first, result = timed(run)
    times = [timed(run)[0] for _ in range(repeat)]
    return first, statistics.median(times), result


# ---------------------------------------------------------------- FTS5


def fts_table(readouts: Sequence[Any]) -> sqlite3.Connection:
    from index.matching import readout_date

    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "id UNINDEXED, date UNINDEXED, year UNINDEXED, publisher UNINDEXED, title, body)"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
        ((r.id, readout_date(r), readout_date(r)[:4], r.source, r.title, r.text) for r in readouts),
    )
    db.commit()
    return db


def fts_timeline(db: sqlite3.Connection, query: str) -> tuple[int, int]:
    """(matching readouts, rows): matches per year and publisher beside every row's count."""
    hits = db.execute(
        "SELECT year, publisher, count(*) FROM docs WHERE docs MATCH ? GROUP BY 1, 2", (query,)
    ).fetchall()
    totals = db.execute("SELECT year, publisher, count(*) FROM docs GROUP BY 1, 2").fetchall()
    return sum(n for _, _, n in hits), len(totals)


_MARK = re.compile("\x01(.*?)\x02", re.S)


def fts_kwic(db: sqlite3.Connection, query: str, limit: int, width: int = 40) -> int:
    """Occurrences read, in date order, until `limit` (left, match, right built as the
    concordance builds them)."""
    rows = db.execute(
        "SELECT id, highlight(docs, 5, char(1), char(2)) FROM docs WHERE docs MATCH ? "
        "ORDER BY date, id",
        (query,),
    )
    lines: list[tuple[str, str, str]] = []
    for _, marked in rows:
        text = marked.replace("\x01", "").replace("\x02", "")
        for k, m in enumerate(_MARK.finditer(marked)):
            start = m.start() - 2 * k  # the markers before this one are not in `text`
            end = start + len(m.group(1))
            lines.append((text[max(0, start - width) : start], m.group(1), text[end : end + width]))
        if len(lines) >= limit:
            break
    return min(len(lines), limit)


# ---------------------------------------------------------------- run


def arguments(doc: str | None) -> argparse.Namespace:
    """The options of this benchmark and of `bench_pages.py` (same corpus, cache and docs
    page); exits when the corpus is missing, and puts the repository on `sys.path`."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "readouts-bench-analysis",
        help="parse cache and index folder (kept between runs, shared by both benchmarks)",
    )
    parser.add_argument("--repeat", type=int, default=7, help="calls after the first (7)")
    parser.add_argument("--docs", action="store_true", help="write into docs/analysis.md")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} not found: pass --corpus")
    sys.path.insert(0, str(ROOT))
    return args


def main() -> None:
    args = arguments(__doc__)
    from index.concordance import concordance
    from index.timeline import timeline
    from index.workspace import open_corpus, open_index

    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    paths = [str(args.corpus)]
    load_ms, (corpus, _) = timed(lambda: open_corpus(paths, cache_dir=args.cache))
    index_ms, (index, _) = timed(lambda: open_index(corpus, paths, cache_dir=args.cache))
    readouts = corpus.readouts  # the tuple the app and the command line pass
    fts_ms, db = timed(lambda: fts_table(readouts))
    say(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, {os.cpu_count()} cpus")
    say(
        f"{len(readouts):,} readouts of {args.corpus.name}; corpus opened in "
        f"{load_ms / 1000:.1f} s, index in {index_ms / 1000:.1f} s (from the cache when warm); "
        f"FTS5 table built in {fts_ms / 1000:.1f} s"
    )
    say(f"times in ms: first call, then the median of {args.repeat} more")
    say()
    head = (
        f"{'query':<16} {'matches':>8} {'fts5':>6} {'timeline':>15} {'fts5 tl':>15} "
        f"{'kwic 50':>15} {'fts5 kwic 50':>15} {'all kwic':>16}"
    )
    say(head)
    say("-" * len(head))
    for q in QUERIES:
        tl_first, tl_med, tl = first_and_median(
            lambda q=q: timeline(index, readouts, q), args.repeat
        )
        ft_first, ft_med, (fts_matches, _) = first_and_median(
            lambda q=q: fts_timeline(db, q), args.repeat
        )
        kw_first, kw_med, kw = first_and_median(
            lambda q=q: concordance(index, readouts, q, limit=SCREEN), args.repeat
        )
        fk_first, fk_med, _ = first_and_median(lambda q=q: fts_kwic(db, q, SCREEN), args.repeat)
        all_ms, whole = timed(lambda q=q: concordance(index, readouts, q))
        assert not tl.error and len(kw.lines) == min(SCREEN, len(whole.lines))
        say(
            f"{q:<16} {tl.matches:>8} {fts_matches:>6} {tl_first:7.1f} {tl_med:7.1f} "
            f"{ft_first:7.1f} {ft_med:7.1f} {kw_first:7.1f} {kw_med:7.1f} "
            f"{fk_first:7.1f} {fk_med:7.1f} {all_ms:8.0f} {len(whole.lines):>7}"
        )
    say()
    say("matches: readouts the query matches (whoosh with equivalents, fts5 plain words);")
    say("all kwic: ms for every occurrence, and how many there are.")
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    say(f"load average at the end: {load}")
    if args.docs:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from readme_section import replace_section

        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        note = f"_Written by `bench/bench_analysis.py --docs` at commit {commit}, {when}._"
        replace_section(
            "analysis",
            "\n".join([note, "", "```text", *out, "```"]),
            ROOT / "docs" / "analysis.md",
        )


if __name__ == "__main__":
    main()
