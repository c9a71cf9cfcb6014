"""Command-line search benchmark (issue 20, item 2): `readouts-tui search QUERY FOLDER` as a
script runs it, a whole process on a warm cache, beside two anchors measured in the same run.

For each query of `bench_scale.CLI_QUERIES` (`climate`, `"taiwan strait"`, `north korea`), in
`--repeats` interleaved rounds (default 5), each a fresh child process:

- ours, `--json` and as text: `python -m tui search QUERY FOLDER [--json]` run in this
  checkout (its code, whatever the virtual environment has installed), with
  XDG_CACHE_HOME pointing at the folder's warm cache (`--cache`); wall time from spawning it to
  its exit, its CPU time and its peak memory (the child's rusage, from `os.wait4`);
- the interpreter alone: `python -c pass` (the floor of any Python command line);
- grep: `grep -rilF PHRASE FOLDER` (the query's words as one phrase, any case): what finding
  the documents costs with no index at all.

Medians per query and over all queries are printed, with the load average before and after.
One untimed search runs first: when the cache was written by another version of the records
file (`index/cache_records.py`), that search loads the corpus the ordinary way and writes the
records file again; it is timed and shown on its own line.

`--phases` also runs one child that times, in-process, what a warm search spends where:
imports, checking the files and opening the records (`cached_records`), the equivalents, the
index, the search, the JSON (CPU seconds; the same steps as `tui/cli.py`'s `cmd_search`).

    .venv/bin/python bench/bench_cli_search.py FOLDER --cache CACHE [--repeats 5] [--phases]

FOLDER must have been searched once with that cache (a first search parses and indexes it:
minutes at 10,000 documents), e.g.
`XDG_CACHE_HOME=CACHE .venv/bin/python -m tui search climate FOLDER --json > /dev/null`.

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench_scale import CLI_QUERIES  # noqa: E402

PHASES = r"""
import sys, time
T = time.process_time
marks = [("start", T())]
def mark(name):
    marks.append((name, T()))
import tui.cli, tui.cli_search
from tui.cli_search import hit_json
mark("imports (tui.cli, tui.cli_search)")
from index.cache import cached_records
from index.search.equivalents import default_equivalents
from index.search.store import open_trusted
from index.workspace import _index_folder
mark("imports (cache, index store)")
paths = [sys.argv[1]]
records = cached_records(paths)
assert records is not None, "no records file that fits the files: search once first"
mark("check the files, open the records")
default_equivalents()
mark("equivalents")
index = open_trusted(records, _index_folder(paths, None), records.table.token,
                     records.table.publishers)
assert index is not None, "the index is not complete: search once first"
mark("open the index")
for query in sys.argv[2:]:
    result = index.search(query, limit=20)
    mark(f"search {query} ({result.total} matches)")
    [hit_json(h) for h in result.hits]
    mark(f"JSON of {len(result.hits)} hits")
for (_, a), (name, b) in zip(marks, marks[1:]):
    print(f"  {name:44} {b - a:6.3f} s")
print(f"  {'all (CPU since the interpreter started)':44} {marks[-1][1]:6.3f} s")
"""


def run_child(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run `argv` in this checkout (stdin and stderr on /dev/null) to its end: wall seconds
    from spawning it, its own CPU seconds and peak RSS in MB (reaped here with `os.wait4`, so
    its own rusage), exit status, stdout."""
    t0 = time.perf_counter()
    child = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env=env, cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    out = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "s": time.perf_counter() - t0,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "mb": usage.ru_maxrss / 1024,
        "code": child.returncode,
        "out": out,
    }


def med(rows: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="XDG_CACHE_HOME of its cache")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--phases", action="store_true", help="also time each step in-process")
    args = parser.parse_args()
    folder, cache = args.folder.resolve(), args.cache.resolve()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: imports from .pyc
    py = sys.executable
    load_before = os.getloadavg()

    def ours(query: str, *extra: str) -> list[str]:
        return [py, "-m", "tui", "search", query, str(folder), *extra]

    first = run_child(ours(CLI_QUERIES[0], "--json"), env)
    print(f"untimed first search: {first['s']:.2f} s, {first['mb']:.0f} MB (exit {first['code']})")
    if first["code"] not in (0, 1):
        sys.exit("the first search failed: run it by hand to see why")
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for _ in range(args.repeats):
        for query in CLI_QUERIES:
            kinds = rows.setdefault(query, {})
            phrase = query.strip('"')
            for kind, argv in (
                ("json", ours(query, "--json")),
                ("text", ours(query)),
                ("python", [py, "-c", "pass"]),
                ("grep", ["/usr/bin/env", "grep", "-rilF", "--", phrase, str(folder)]),
            ):
                got = run_child(argv, env)
                if kind == "json" and got["code"] == 0:
                    got["hits"] = len(json.loads(got["out"]))
                kinds.setdefault(kind, []).append(got)
    load_after = os.getloadavg()
    print()
    print(f"Folder: {folder}; cache: {cache}; {args.repeats} rounds; medians")
    load = " -> ".join("/".join(f"{x:.2f}" for x in la) for la in (load_before, load_after))
    print(f"Load average (1/5/15 min), before -> after: {load}")
    print()
    print("| query | ours --json s (CPU s, MB) | ours text s | python -c pass s | grep -ril s |")
    print("|---|---:|---:|---:|---:|")
    for query, kinds in rows.items():
        j, t, p, g = (kinds[k] for k in ("json", "text", "python", "grep"))
        print(
            f"| `{query}` | {med(j, 's'):.3f} ({med(j, 'cpu_s'):.3f}, {med(j, 'mb'):.0f}) | "
            f"{med(t, 's'):.3f} | {med(p, 's'):.3f} | {med(g, 's'):.3f} |"
        )
    every = {k: [r for kinds in rows.values() for r in kinds[k]] for k in ("json", "text", "grep")}
    ratio = med(every["json"], "s") / med(every["grep"], "s")
    print()
    print(
        f"All queries: ours --json {med(every['json'], 's'):.3f} s "
        f"(CPU {med(every['json'], 'cpu_s'):.3f} s, peak {max(r['mb'] for r in every['json']):.0f} "
        f"MB), text {med(every['text'], 's'):.3f} s; grep {med(every['grep'], 's'):.3f} s "
        f"(ours/grep {ratio:.2f}x)"
    )
    if args.phases:
        print()
        print("Where a warm search's CPU goes (one child):")
        out = subprocess.run(
            [py, "-c", PHASES, str(folder), *CLI_QUERIES],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        print(out.stdout.rstrip() or out.stderr.rstrip())


if __name__ == "__main__":
    main()
