"""Relevance benchmark (issue 15, item 5): does the search find what an analyst means?

The 14,361 White House documents of ../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz are
opened as the app opens them (`index.workspace.open_corpus` and `open_index`, the parse cache
and the on-disk index in `--cache-dir`), and the queries of bench/relevance/judgments.toml are
run on three systems:

  app       `SearchIndex.search(q)`, as the app and the CLI search (stemming on, equivalents on);
  unstemmed the same index with `stem=False` (every plain word as written, as if quoted);
  fts5      SQLite FTS5 with the porter tokenizer (`porter unicode61`) on the same parsed
            readouts (columns title and body; ranked by its bm25()).

Each query's readouts were judged by reading them (see docs/search-internals.md, "How
relevance was judged"): the candidates were pooled from the three systems' top 20 and a grep of
the texts, shown without their ranks. Figures, per system:

  P@10     topical queries: judged relevant readouts among the first 10, over 10;
  R@100    topical queries: judged relevant readouts among the first 100 (the app lists 100),
           over all judged relevant ones (recall within the judged pool, not the corpus);
  MRR      known-item queries: 1/rank of the one readout sought (0 when not in the first 100);
  unjudged readouts in a topical query's first 10 that no judgment covers (counted as not
           relevant; a known item's other hits are not judged);
  latency  median ms of a query's first run (best 100 ids and the match count; no snippets).

    .venv/bin/python bench/bench_relevance.py                 # the table
    .venv/bin/python bench/bench_relevance.py --per-query     # and each query's figures
    .venv/bin/python bench/bench_relevance.py --pool 'QUERY'  # candidates to judge, unranked

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "wh_briefing_room_2021_2026.jsonl.xz"
JUDGMENTS = Path(__file__).resolve().parent / "relevance" / "judgments.toml"
CACHE = Path(tempfile.gettempdir()) / "readouts-tui-bench-relevance"
DEPTH = 100
"""Hits asked of each system: the app lists 100 (tui/flow/search_flow.py SEARCH_LIMIT)."""
POOL = 20
"""Each system's first this-many hits are pooled for judging."""
SYSTEMS = ("app", "unstemmed", "fts5")


@dataclass
class Query:
    text: str
    kind: str
    """word, phrase, name, topic, field or known (a known item: one readout sought)."""
    need: str
    """What the analyst wants: the rule the judgments follow."""
    judged: dict[str, tuple[int, str]] = field(default_factory=dict)
    """document key (`key`) -> (1 relevant / 0 not, the reason)."""

    @property
    def relevant(self) -> set[str]:
        return {rid for rid, (rel, _) in self.judged.items() if rel}


def load_queries(path: Path = JUDGMENTS) -> list[Query]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for q in data["query"]:
        judged = {str(rid): (int(rel), str(why)) for rid, rel, why in q.get("judged", [])}
        out.append(Query(q["q"], q["kind"], q["need"], judged))
    return out


# ---------------------------------------------------------------- systems


def key(readout: Any) -> str:
    """The key a judgment names a readout by: the collection's own id for the document (its
    `id` field, e.g. "statements-releases/2023-01/...md"), which never changes. The readout
    id the app gives is made from the fields it reads (date, publisher, principals), so it
    changes whenever the field rules get better; judgments kept by it went stale once already
    (docs/search-internals.md)."""
    return str(readout.meta("id") or readout.id)


def open_app(cache_dir: Path) -> tuple[Any, Any]:
    from index.workspace import open_corpus, open_index

    print(f"opening {CORPUS.name} as the app does (cache {cache_dir})...", file=sys.stderr)
    corpus, _ = open_corpus([CORPUS], cache_dir=cache_dir)
    index, _ = open_index(corpus, [CORPUS], cache_dir=cache_dir)
    return corpus, index


def open_fts5(readouts: list[Any]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
        "tokenize='porter unicode61')"
    )
    db.executemany(
        "INSERT INTO docs (id, title, body) VALUES (?, ?, ?)",
        ((key(r), r.title, r.text) for r in readouts),
    )
    db.commit()
    return db


_PART = re.compile(r'(-?)(?:(\w+):)?("[^"]*"|\S+)')


def fts_query(text: str) -> str:
    """The query in FTS5 syntax: words and quoted phrases as FTS5 phrases (all must match, as
    in the app); `title:x` searches the title column; `person:x` (anyone named) searches
    everywhere, as the app's does in the text; `-x` excludes."""
    positives, negatives = [], []
    for minus, fieldname, value in _PART.findall(text):
        words = re.findall(r"\w+", value)
        if not words:
            continue
        phrase = '"' + " ".join(words) + '"'
        if fieldname == "title":
            phrase = f"title : {phrase}"
        (negatives if minus else positives).append(phrase)
    out = " AND ".join(positives)
    for n in negatives:
        out = f"({out}) NOT {n}"
    return out


Search = Callable[[str], tuple[list[str], int]]


def systems(index: Any, db: sqlite3.Connection, corpus: Any) -> dict[str, Search]:
    keys = {r.id: key(r) for r in corpus.readouts}

    def app(q: str, stem: bool = True) -> tuple[list[str], int]:
        result = index.search(q, limit=DEPTH, snippets=False, highlight=0, stem=stem)
        if result.error:
            raise SystemExit(f"{q!r}: {result.error}")
        return [keys[h.id] for h in result.hits], result.total

    def fts5(q: str) -> tuple[list[str], int]:
        match = fts_query(q)
        rows = db.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, DEPTH)
        ).fetchall()
        total = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        return [r[0] for r in rows], int(total[0])

    return {"app": app, "unstemmed": lambda q: app(q, stem=False), "fts5": fts5}


# ---------------------------------------------------------------- figures


@dataclass
class Figures:
    p10: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    rr: list[float] = field(default_factory=list)
    unjudged: int = 0
    ms: list[float] = field(default_factory=list)


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for n, rid in enumerate(ranked, 1):
        if rid in relevant:
            return 1.0 / n
    return 0.0


def measure(queries: list[Query], search: dict[str, Search], per_query: bool) -> dict[str, Any]:
    figures = {name: Figures() for name in search}
    names = list(search)
    for n, q in enumerate(queries):
        row = []
        # The systems take turns at going first: the app and its unstemmed variant share an
        # index, and whichever searches a word first reads (and memoizes) its term list.
        for name in names[n % len(names) :] + names[: n % len(names)]:
            run = search[name]
            started = time.perf_counter()  # the query's first run: nothing of it memoized
            ranked, total = run(q.text)
            f = figures[name]
            f.ms.append((time.perf_counter() - started) * 1000)
            if q.kind == "known":
                f.rr.append(reciprocal_rank(ranked, q.relevant))
                row.append((name, f"{name} rank {_rank(ranked, q.relevant)} of {total}"))
            else:
                f.unjudged += sum(1 for rid in ranked[:10] if rid not in q.judged)
                hits = sum(1 for rid in ranked[:10] if rid in q.relevant)
                f.p10.append(hits / 10)
                found = len(q.relevant & set(ranked))
                f.recall.append(found / len(q.relevant) if q.relevant else 0.0)
                row.append((name, f"{name} P@10 {hits}/10 R {found}/{len(q.relevant)} of {total}"))
        if per_query:
            cells = [text for _, text in sorted(row, key=lambda r: names.index(r[0]))]
            print(f"{q.kind:<6} {q.text:<42} " + " | ".join(cells))
    return figures


def _rank(ranked: list[str], relevant: set[str]) -> str:
    rr = reciprocal_rank(ranked, relevant)
    return str(round(1 / rr)) if rr else "-"


def mean(xs: list[float]) -> str:
    return f"{statistics.fmean(xs):.3f}" if xs else "-"


def table(queries: list[Query], figures: dict[str, Figures]) -> list[str]:
    topical = [q for q in queries if q.kind != "known"]
    known = [q for q in queries if q.kind == "known"]
    judged = sum(len(q.judged) for q in queries)
    relevant = sum(len(q.relevant) for q in topical)
    out = [
        f"{len(queries)} queries ({len(topical)} topical, {len(known)} known-item), "
        f"{judged} judgments, {relevant} readouts judged relevant to a topical query",
        "",
        "| system | P@10 | R@100 (judged) | known-item MRR | unjudged in top 10 | median ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in figures.items():
        out.append(
            f"| {name} | {mean(f.p10)} | {mean(f.recall)} | {mean(f.rr)} | {f.unjudged} | "
            f"{statistics.median(f.ms):.1f} |"
        )
    kinds = sorted({q.kind for q in topical})
    out += ["", "P@10 by kind of query:", ""]
    out.append("| kind | queries | " + " | ".join(figures) + " |")
    out.append("|---|---|" + "---|" * len(figures))
    for kind in kinds:
        idx = [i for i, q in enumerate(topical) if q.kind == kind]
        cells = [mean([f.p10[i] for i in idx]) for f in figures.values()]
        out.append(f"| {kind} | {len(idx)} | " + " | ".join(cells) + " |")
    return out


# ---------------------------------------------------------------- judging


def pool(
    text: str,
    corpus: Any,
    search: dict[str, Search],
    grep: str | None,
    skip: set[str] | None = None,
) -> None:
    """Print the candidates for `text`, unranked (by key: the section, then the date): each
    system's first `POOL` and the readouts whose text matches `grep` (a regular expression,
    case-insensitive), leaving out those in `skip` (already judged)."""
    ids: set[str] = set()
    for run in search.values():
        ids.update(run(text)[0][:POOL])
    ids -= skip or set()
    by_id = {key(r): r for r in corpus.readouts}
    if grep:
        pattern = re.compile(grep, re.I)
        ids.update(key(r) for r in corpus.readouts if pattern.search(f"{r.title}\n{r.text}"))
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 2]
    for rid in sorted(ids):
        r = by_id[rid]
        body = " ".join(r.text.split())
        lead = body[:300]
        near = [m.start() for w in words for m in re.finditer(w[:5], body.lower())][:2]
        extra = " ... ".join(body[max(0, i - 80) : i + 120] for i in near if i > 300)
        print(f"== {rid}\n   {r.title}\n   {lead}\n   {extra}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache-dir", type=Path, default=CACHE, help=f"default {CACHE}")
    parser.add_argument("--per-query", action="store_true", help="print each query's figures")
    parser.add_argument("--pool", metavar="QUERY", help="print the candidates to judge")
    parser.add_argument("--grep", metavar="REGEX", help="with --pool: add readouts matching")
    parser.add_argument(
        "--unjudged",
        action="store_true",
        help="print, per topical query, the readouts in a system's first 20 not yet judged",
    )
    parser.add_argument("--docs", action="store_true", help="write the table into docs")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found: this benchmark needs the White House documents")
    queries = load_queries()
    corpus, index = open_app(args.cache_dir)
    started = time.perf_counter()
    db = open_fts5(list(corpus.readouts))
    print(f"FTS5 built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    search = systems(index, db, corpus)
    if args.pool:
        pool(args.pool, corpus, search, args.grep)
        return
    if args.unjudged:
        for q in queries:
            if q.kind != "known":
                print(f"### {q.text} -- {q.need}")
                pool(q.text, corpus, search, None, skip=set(q.judged))
        return
    figures = measure(queries, search, args.per_query)
    lines = [
        f"{len(corpus.readouts)} readouts of {CORPUS.name}; sqlite {sqlite3.sqlite_version}",
        *table(queries, figures),
    ]
    print("\n".join(lines))
    if args.docs:
        write_docs(lines)


def write_docs(lines: list[str]) -> None:
    import os
    import subprocess

    from readme_section import replace_section

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    note = (
        f"_Written by `bench/bench_relevance.py --docs` at commit {commit}, {when}; "
        f"load average at the end {load}._"
    )
    replace_section("relevance", "\n".join([note, "", *lines]))


if __name__ == "__main__":
    main()
