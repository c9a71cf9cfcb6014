"""Where a keystroke's time goes: bench_search.py's keystroke loop (every prefix of its queries,
`search(text, limit=10, prefix=True, snippets=True)`, on an in-memory index), with the CPU time
of each step of `SearchIndex.search` added up over the loop:

  compile    the query read and compiled (forms, completions of a prefix);
  rank       every match scored and the best kept, with the exact count (`_page`);
  highlight  the matches, positions and snippets of the hits shown (`_highlight`);
  rest       everything else (did-you-mean, hits copied out...).

CPU time (`time.process_time`) rather than wall time: on a shared machine other processes
inflate wall time much more. Also counted: the texts highlighted and how many of them were
tokenized whole rather than in windows around the query's words (`highlight.Analysed.around`).

    .venv/bin/python bench/bench_keystroke_steps.py --size 1000       # seeds, 1000, 10000...

A script that prints figures, not a test. See docs/search-internals.md ("Where a keystroke's
time goes").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STEPS = {"_compile": "compile", "_page": "rank", "_highlight": "highlight"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1000", help="seeds or a number of documents")
    args = parser.parse_args()

    import bench_search

    from index.search import SearchIndex
    from index.search import highlight as hl

    spent: Counter[str] = Counter()
    counts: Counter[str] = Counter()

    def timed(name: str, label: str) -> None:
        step = getattr(SearchIndex, name)

        def run(*a: Any, **k: Any) -> Any:
            started = time.process_time()
            try:
                return step(*a, **k)
            finally:
                spent[label] += time.process_time() - started

        setattr(SearchIndex, name, run)

    for name, label in STEPS.items():
        timed(name, label)
    around: Callable[..., hl.Analysed] = hl.Analysed.around
    whole_init = hl.Analysed.__init__

    def counted_around(cls: type[hl.Analysed], *a: Any) -> hl.Analysed:
        counts["highlighted"] += 1
        return around(*a)

    def counted_init(self: hl.Analysed, text: str, cols: Any = None) -> None:
        if cols is None:
            counts["tokenized whole"] += 1
        whole_init(self, text, cols)

    hl.Analysed.around = classmethod(counted_around)  # type: ignore[method-assign,assignment]
    hl.Analysed.__init__ = counted_init  # type: ignore[method-assign]

    docs = bench_search.load_docs(args.size)
    index = SearchIndex.build(docs)
    index.search("warm up", limit=10)
    spent.clear()
    counts.clear()
    per_key = []
    for text in bench_search.keystrokes():
        started = time.process_time()
        result = index.search(text, limit=10, prefix=True, snippets=True)
        per_key.append(time.process_time() - started)
        assert not result.error, (text, result.error)
    total = sum(per_key)
    print(f"{args.size} documents ({len(docs)}), {len(per_key)} keystrokes, load {_load()}")
    print(f"{'step':<10} {'CPU ms':>8} {'share':>6}")
    for label in (*STEPS.values(), "rest"):
        ms = (total - sum(spent.values()) if label == "rest" else spent[label]) * 1000
        print(f"{label:<10} {ms:>8.0f} {ms / (total * 1000):>6.0%}")
    print(f"{'all':<10} {total * 1000:>8.0f}")
    per_key.sort()
    p95 = per_key[int(0.95 * (len(per_key) - 1))]
    print(
        f"CPU per keystroke: median {statistics.median(per_key) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms"
    )
    print(
        f"texts highlighted {counts['highlighted']}, "
        f"tokenized whole {counts['tokenized whole']} (the rest in windows)"
    )


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
