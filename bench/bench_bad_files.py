"""How long bad input takes to read: the folder of bad files of tests/index/test_bad_files.py
(a 20 MB text, a 5 MB line, undecodable and binary files among the seeds) and each pathological
line of that test (about 400 kB on one line, shapes that once made a parser step quadratic).

    .venv/bin/python bench/bench_bad_files.py [--repeats 3]

The tests check what a user gets from these files (everything loaded, nothing cut off, the
reasons for skips); the time is measured here, never in a test. The anchor, measured in the
same run, is Python reading the same bytes and splitting them into lines
(`Path.read_bytes().decode().splitlines()`): what any reader must at least do. A ratio that
grows with the input's size is a quadratic step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.corpus import load_corpus
from tests.index.test_bad_files import PATHOLOGICAL_LINES, build_folder
from tests.index.test_search_query import MALFORMED


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_lines(paths: list[Path]) -> None:
    """The anchor: the bytes of every file decoded and split into lines."""
    for path in paths:
        path.read_bytes().decode("utf-8", "replace").splitlines()


def bad_queries(repeats: int) -> None:
    """Each malformed query of tests/index/test_search_query.py on the seeds' index, beside a
    plain one-word query in the same run."""
    from index.corpus import seeds_dir
    from index.search import SearchIndex

    index = SearchIndex.build(load_corpus([seeds_dir()]).readouts)
    anchor = median_seconds(lambda: index.search("dokdo"), repeats)
    head = f"malformed queries on the seeds, median of {repeats}"
    print(f"{head}; anchor: 'dokdo' {anchor * 1e3:.2f} ms")
    for query, _error, _notice in MALFORMED:
        seconds = median_seconds(lambda q=query: index.search(q), repeats)  # type: ignore[misc]
        shown = query if len(query) <= 24 else query[:21] + "..."
        print(f"  {shown!r:<28} {seconds * 1e3:>9.2f} ms {seconds / anchor:>7.1f}x")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows: list[tuple[str, float, float]] = []
        folder = build_folder(root)
        files = [p for p in folder.rglob("*") if p.is_file()]
        rows.append(
            (
                "the bad-files folder",
                median_seconds(lambda: load_corpus([folder]), args.repeats),
                median_seconds(lambda: read_lines(files), args.repeats),
            )
        )
        for shape, (suffix, text) in sorted(PATHOLOGICAL_LINES.items()):
            path = root / f"{shape.replace(' ', '-')}{suffix}"
            path.write_text(text, encoding="utf-8")
            rows.append(
                (
                    shape,
                    median_seconds(lambda p=path: load_corpus([p]), args.repeats),  # type: ignore[misc]
                    median_seconds(lambda p=path: read_lines([p]), args.repeats),  # type: ignore[misc]
                )
            )
    bad_queries(args.repeats)
    print(f"median of {args.repeats} runs; anchor: the same bytes decoded and split into lines")
    print(f"{'input':<30} {'load_corpus':>12} {'anchor':>10} {'ratio':>8}")
    for name, seconds, anchor in rows:
        ratio = seconds / anchor if anchor else float("inf")
        print(f"{name:<30} {seconds:>10.2f} s {anchor:>8.3f} s {ratio:>7.0f}x")


if __name__ == "__main__":
    main()
