"""Parse benchmark: the parser of this checkout against the one of an earlier revision, on the
same White House documents, timed and compared output by output (docs/parsing.md).

Documents: the first N documents (file order) of
../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz, read as the `.md` files they were (YAML
front matter + Markdown). For the HTML reader the same documents are also made into web pages:
their Markdown rendered to HTML by markdown-it-py, inside a page with a head, a script, a
navigation bar, a header and a footer around a `<main>`.

Each side runs in a fresh child process (this script with `--child`): the old side imports the
`index/` package of `--base` (exported with `git archive` into a temporary folder), the new side
this checkout's. A child times, `--repeats` times (default 3), each over all N documents:
`parse_document` on the Markdown documents, then `split_front_matter`, `strip_html` and
`html_to_text` alone; once, libraries that could replace our reading of the Markdown bodies
(markdown-it-py's tokens; pyromark's events, alone and walked into text by `events_text`, when
pyromark is installed; selectolax's text of the body, for the HTML left in Markdown); and once
the first `html_to_text` call (which loads the HTML parser).
The import of `index.parse` (what each parse worker pays at a first start) is timed
`--repeats` times in fresh interpreters. Medians are
printed, then how many outputs differ (readout text, title, dates, people, metadata; HTML page
text) and the first differing lines of a few of them, to be read by hand.

    .venv/bin/python bench/bench_parse.py                         # 10,000 documents vs HEAD~1
    .venv/bin/python bench/bench_parse.py -n 1000 --base main --show 20

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import difflib
import json
import lzma
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wh_briefing_room_2021_2026.jsonl.xz"
if not CORPUS.exists():  # a worktree beside the main checkout
    CORPUS = Path("/work/shared/corpus/wh_briefing_room_2021_2026.jsonl.xz")

PAGE = (
    "<!DOCTYPE html><html><head><title>{title} | The White House</title>"
    "<script>var menu = 'Back to top';</script><style>p {{margin: 0}}</style></head><body>"
    "<header class='site-header'><nav id='primary-nav'><a href='/'>Home</a> &gt; "
    "<a href='/briefing-room/'>Briefing Room</a></nav></header>"
    "<div class='share-tools'>Share Print</div>"
    "<main id='main-content'><h1>{title}</h1>\n{body}</main>"
    "<footer><p>The White House, 1600 Pennsylvania Ave NW</p></footer></body></html>"
)
"""A web page around a document's Markdown rendered as HTML."""


def documents(n: int) -> list[dict[str, Any]]:
    """The first `n` White House documents (`id`, `title`, `text`)."""
    out: list[dict[str, Any]] = []
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            if len(out) >= n:
                break
            out.append(json.loads(line))
    return out


def pages(docs: list[dict[str, Any]]) -> list[str]:
    """Each document as a web page (see `PAGE`)."""
    from html import escape

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    out = []
    for doc in docs:
        body = doc["text"].split("\n---\n", 1)[-1]  # past the front matter
        out.append(PAGE.format(title=escape(doc.get("title", "")), body=md.render(body)))
    return out


def timed(repeats: int, job: Callable[[], object]) -> float:
    """The median wall time of `repeats` runs of `job`."""
    spans = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        spans.append(time.perf_counter() - start)
    return statistics.median(spans)


def events_text(events: Any) -> str:
    """The least a renderer of pyromark's events does: text, line breaks, a blank line after
    each block (no headings, lists, tables, HTML or escapes): a lower bound of its cost."""
    out: list[str] = []
    for event in events:
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            out.append("\n")
        elif "Text" in event:
            out.append(event["Text"])
        elif "Code" in event:
            out.append(event["Code"])
        elif "End" in event:
            out.append("\n\n")
    return "".join(out)


def child(tree: str, n: int, repeats: int, out: str) -> None:
    """One side: time and write the outputs of the `index/` package under `tree`."""
    docs = documents(n)
    html = pages(docs)
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    try:
        import pyromark

        def pyromark_events(body: str) -> Any:
            return pyromark.events(body, options=pyromark.Options.ENABLE_TABLES)
    except ImportError:  # not a dependency: timed when installed

        def pyromark_events(body: str) -> Any:
            return ()

    from selectolax.lexbor import LexborHTMLParser

    sys.path.insert(0, tree)
    from index.corpus import RawDoc
    from index.frontmatter import split_front_matter
    from index.html_text import html_to_text
    from index.markdown_html import strip_html
    from index.parse import parse_document

    assert Path(sys.modules["index.parse"].__file__ or "").is_relative_to(tree)
    raw = [RawDoc(d["id"], d["text"], "md") for d in docs]
    bodies = [split_front_matter(d["text"])[1] for d in docs]
    start = time.perf_counter()
    html_to_text(html[0])
    first_html_s = time.perf_counter() - start
    figures = {
        "first_html_s": first_html_s,
        "parse_s": timed(repeats, lambda: [parse_document(d) for d in raw]),
        "front_matter_s": timed(repeats, lambda: [split_front_matter(d["text"]) for d in docs]),
        "strip_html_s": timed(repeats, lambda: [strip_html(b) for b in bodies]),
        "html_s": timed(repeats, lambda: [html_to_text(h) for h in html]),
        "markdown_it_s": timed(1, lambda: [md.parse(b) for b in bodies]),
        "pyromark_s": timed(1, lambda: [pyromark_events(b) for b in bodies]),
        "pyromark_text_s": timed(1, lambda: [events_text(pyromark_events(b)) for b in bodies]),
        "lexbor_md_s": timed(1, lambda: [LexborHTMLParser(b).text() for b in bodies]),
    }
    with open(out, "w", encoding="utf-8") as f:
        for doc, page in zip(raw, html, strict=True):
            r = parse_document(doc)
            meta: dict[str, str] = {}
            row = {
                "id": r.path,
                "text": r.text,
                "title": r.title,
                "dates": [r.published, r.meeting_date],
                "people": [p.name for p in (*r.participants, *r.attendees)],
                "metadata": dict(r.metadata),
                "headings": list(r.headings),
                "html": html_to_text(page, meta),
                "html_title": meta.get("html_title", ""),
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(json.dumps(figures))


def run_side(tree: Path, n: int, repeats: int, out: Path) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", str(tree), str(n), str(repeats), str(out)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["import_s"] = timed_import(tree, repeats)
    return result


IMPORT = (
    "import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
    "import index.parse; print(time.perf_counter() - t)"
)


def timed_import(tree: Path, repeats: int) -> float:
    """The median time a fresh interpreter takes to import `index.parse` from `tree`."""
    spans = []
    for _ in range(repeats):
        cmd = [sys.executable, "-c", IMPORT, str(tree)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd="/")
        spans.append(float(done.stdout))
    return statistics.median(spans)


def compare(old_path: Path, new_path: Path, show: int) -> None:
    fields = ["text", "title", "dates", "people", "metadata", "headings", "html", "html_title"]
    counts = dict.fromkeys(fields, 0)
    samples: dict[str, list[tuple[str, Any, Any]]] = {f: [] for f in fields}
    total = 0
    with open(old_path, encoding="utf-8") as fo, open(new_path, encoding="utf-8") as fn:
        for line_old, line_new in zip(fo, fn, strict=True):
            old, new = json.loads(line_old), json.loads(line_new)
            total += 1
            for field in fields:
                if old[field] != new[field]:
                    counts[field] += 1
                    samples[field].append((old["id"], old[field], new[field]))
    print(f"\nOutputs that differ, of {total:,} documents:")
    for field in fields:
        print(f"  {field:<11} {counts[field]:>6,}")
    for field in fields:
        for doc_id, old, new in samples[field][:show]:
            print(f"\n--- {field} of {doc_id}")
            if isinstance(old, str) and isinstance(new, str):
                diff = difflib.unified_diff(
                    old.splitlines(), new.splitlines(), "old", "new", n=0, lineterm=""
                )
                for line in list(diff)[2:14]:
                    print(f"    {line[:160]}")
            else:
                print(f"    old: {old!r:.300}\n    new: {new!r:.300}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        tree, n, repeats, out = sys.argv[2:6]
        child(tree, int(n), int(repeats), out)
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="documents (default 10,000)")
    ap.add_argument("--base", default="HEAD~1", help="revision of the old parser (HEAD~1)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--show", type=int, default=8, help="differences shown per field")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        work = Path(tmp)
        old_tree = work / "old"
        old_tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.base, "index"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive, check=True)
        base = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", args.base],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        old = run_side(old_tree, args.n, args.repeats, work / "old.jsonl")
        new = run_side(ROOT, args.n, args.repeats, work / "new.jsonl")
        print(f"{args.n:,} White House documents, median of {args.repeats}; old = {base}")
        print(f"  {'':<26}{'old':>10}{'new':>10}{'new/old':>9}")
        rows = [
            ("parse_document, all", "parse_s"),
            ("split_front_matter", "front_matter_s"),
            ("strip_html (Markdown)", "strip_html_s"),
            ("html_to_text (as pages)", "html_s"),
            ("import index.parse", "import_s"),
            ("first html_to_text", "first_html_s"),
        ]
        for label, key in rows:
            print(f"  {label:<26}{old[key]:>9.3f}s{new[key]:>9.3f}s{new[key] / old[key]:>8.2f}x")
        print("Libraries for the Markdown bodies (once, new side; 0 when not installed):")
        print(f"  markdown-it-py tokens      {new['markdown_it_s']:>9.3f}s")
        print(f"  pyromark events            {new['pyromark_s']:>9.3f}s")
        print(f"  pyromark events, walked    {new['pyromark_text_s']:>9.3f}s")
        print(f"  selectolax text of body    {new['lexbor_md_s']:>9.3f}s")
        compare(work / "old.jsonl", work / "new.jsonl", args.show)


if __name__ == "__main__":
    main()
