"""Parse benchmark: the parser of this checkout against the one of an earlier revision, on the
same White House documents, timed and compared output by output (docs/parsing.md).

Documents: the first N documents (file order) of
../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz, read as the `.md` files they were (YAML
front matter + Markdown). For the HTML reader the same documents are also made into web pages:
their Markdown rendered to HTML by markdown-it-py, inside a page with a head, a script, a
navigation bar, a header and a footer around a `<main>`.

Both sides run in one child process (this script with `--child`): the old side is the `index/`
package of `--base`, exported with `git archive` into a temporary folder and imported as
`index_old`; the new side is this checkout's. Each job is timed old and new in turn, the order
swapped every round so that a machine getting busier slows both alike, `--repeats` times
(default 3), each time over all N documents: `parse_document` on the Markdown documents, then
`split_front_matter`, `strip_html` and `html_to_text` alone. Timed once: the first
`html_to_text` call (it loads the HTML parser), and libraries that could replace our reading of
the Markdown bodies (markdown-it-py's tokens; pyromark's events, alone and walked into text by
`events_text`, when pyromark is installed; selectolax's text of the body, for the HTML left in
Markdown). The import of `index.parse` (what each parse worker pays at a first start) is timed
`--repeats` times in fresh interpreters, old and new in turn. Medians are printed, then how many
outputs differ (readout text, title, dates, people, metadata; the web page's text, and the
page parsed whole: its readout's text, title and publication date, and which side's date is the
document's own) and the first differing lines of a few of them, to be read by hand.

    .venv/bin/python bench/bench_parse.py                         # 10,000 documents vs HEAD~1
    .venv/bin/python bench/bench_parse.py -n 1000 --base main --show 20

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import lzma
import re
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


def load_side(package: str) -> dict[str, Any]:
    """The parser's functions from `package` (`index` or `index_old`)."""
    modules = {
        name: importlib.import_module(f"{package}.{name}")
        for name in ("model", "corpus", "frontmatter", "html_text", "markdown_html", "parse")
    }
    return {
        # `RawDoc` moved from index.corpus to index.model.
        "RawDoc": getattr(modules["model"], "RawDoc", None) or modules["corpus"].RawDoc,
        "split_front_matter": modules["frontmatter"].split_front_matter,
        "html_to_text": modules["html_text"].html_to_text,
        "strip_html": modules["markdown_html"].strip_html,
        "parse_document": modules["parse"].parse_document,
    }


def child(work: str, n: int, repeats: int) -> None:
    """Both sides in this one process, each job timed old and new in turn, `repeats` times."""
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

    sys.path[:0] = [str(Path(work) / "old"), str(ROOT)]
    sides = {"old": load_side("index_old"), "new": load_side("index")}
    bodies = [sides["new"]["split_front_matter"](d["text"])[1] for d in docs]
    figures: dict[str, dict[str, float]] = {"old": {}, "new": {}}
    for side, f in sides.items():
        start = time.perf_counter()
        f["html_to_text"](html[0])
        figures[side]["first_html_s"] = time.perf_counter() - start
    jobs: dict[str, Callable[[dict[str, Any]], object]] = {
        "parse_s": lambda f: [
            f["parse_document"](f["RawDoc"](d["id"], d["text"], "md")) for d in docs
        ],
        "front_matter_s": lambda f: [f["split_front_matter"](d["text"]) for d in docs],
        "strip_html_s": lambda f: [f["strip_html"](b) for b in bodies],
        "html_s": lambda f: [f["html_to_text"](h) for h in html],
    }
    spans: dict[tuple[str, str], list[float]] = {}
    for turn in range(repeats):
        order = ["old", "new"] if turn % 2 == 0 else ["new", "old"]
        for key, job in jobs.items():
            for side in order:
                start = time.perf_counter()
                job(sides[side])
                spans.setdefault((side, key), []).append(time.perf_counter() - start)
    for (side, key), values in spans.items():
        figures[side][key] = statistics.median(values)
    figures["new"]["markdown_it_s"] = timed(1, lambda: [md.parse(b) for b in bodies])
    figures["new"]["pyromark_s"] = timed(1, lambda: [pyromark_events(b) for b in bodies])
    figures["new"]["pyromark_text_s"] = timed(
        1, lambda: [events_text(pyromark_events(b)) for b in bodies]
    )
    from selectolax.lexbor import LexborHTMLParser  # after the first html_to_text, which loads it

    figures["new"]["lexbor_md_s"] = timed(1, lambda: [LexborHTMLParser(b).text() for b in bodies])
    for side, f in sides.items():
        with open(Path(work) / f"{side}.jsonl", "w", encoding="utf-8") as out:
            for doc, page in zip(docs, html, strict=True):
                out.write(json.dumps(output_row(f, doc, page), ensure_ascii=False) + "\n")
    print(json.dumps(figures))


def output_row(f: dict[str, Any], doc: dict[str, Any], page: str) -> dict[str, Any]:
    """What one side makes of one document and of its web page."""
    r = f["parse_document"](f["RawDoc"](doc["id"], doc["text"], "md"))
    meta: dict[str, str] = {}
    as_page = f["parse_document"](f["RawDoc"](doc["id"] + ".html", page, "html"))
    return {
        "id": r.path,
        "text": r.text,
        "title": r.title,
        "dates": [r.published, r.meeting_date],
        "people": [p.name for p in (*r.participants, *r.attendees)],
        "metadata": dict(r.metadata),
        "headings": list(r.headings),
        "html": f["html_to_text"](page, meta),
        "html_title": meta.get("html_title", ""),
        "page_text": as_page.text,
        "page_title": as_page.title,
        "page_published": as_page.published,
        "date": doc.get("date", ""),
    }


IMPORT = (
    "import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
    "__import__(sys.argv[2] + '.parse'); print(time.perf_counter() - t)"
)


def timed_imports(work: Path, repeats: int) -> dict[str, float]:
    """The median time a fresh interpreter takes to import each side's parser, in turn."""
    spans: dict[str, list[float]] = {"old": [], "new": []}
    where = {"old": (work / "old", "index_old"), "new": (ROOT, "index")}
    for turn in range(repeats):
        for side in ["old", "new"] if turn % 2 == 0 else ["new", "old"]:
            folder, package = where[side]
            cmd = [sys.executable, "-c", IMPORT, str(folder), package]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd="/")
            spans[side].append(float(done.stdout))
    return {side: statistics.median(values) for side, values in spans.items()}


def export_old(base: str, work: Path) -> str:
    """The `index/` package of revision `base` as `index_old` under `work/old`; its short hash."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", base, "index"], check=True, capture_output=True
    ).stdout
    (work / "old").mkdir()
    subprocess.run(["tar", "-x", "-C", str(work / "old")], input=archive, check=True)
    package = work / "old" / "index_old"
    (work / "old" / "index").rename(package)
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        path.write_text(IMPORTS.sub(r"\1\2 index_old", source), encoding="utf-8")
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


IMPORTS = re.compile(r"^(\s*)(from|import) index\b", re.MULTILINE)


def compare(old_path: Path, new_path: Path, show: int) -> None:
    fields = ["text", "title", "dates", "people", "metadata", "headings", "html", "html_title"]
    fields += ["page_text", "page_title", "page_published"]
    right = {"old": 0, "new": 0, "neither": 0}
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
            if old["page_published"] != new["page_published"]:
                dates = {"old": old["page_published"], "new": new["page_published"]}
                side = [k for k, v in dates.items() if v == old["date"]]
                right[side[0] if side else "neither"] += 1
    print(f"\nOutputs that differ, of {total:,} documents:")
    for field in fields:
        print(f"  {field:<15} {counts[field]:>6,}")
    print("  (page_*: the web page parsed whole; where its publication date differs, the one")
    print(f"  that is the document's own: old {right['old']}, new {right['new']}, neither ", end="")
    print(f"{right['neither']})")
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
        folder, n, repeats = sys.argv[2:5]
        child(folder, int(n), int(repeats))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="documents (default 10,000)")
    ap.add_argument("--base", default="HEAD~1", help="revision of the old parser (HEAD~1)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--show", type=int, default=8, help="differences shown per field")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        work = Path(tmp)
        base = export_old(args.base, work)
        cmd = [sys.executable, __file__, "--child", str(work), str(args.n), str(args.repeats)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        old, new = figures["old"], figures["new"]
        imports = timed_imports(work, args.repeats)
        old["import_s"], new["import_s"] = imports["old"], imports["new"]
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
        print("Libraries for the Markdown bodies (once; 0 when not installed):")
        print(f"  markdown-it-py tokens      {new['markdown_it_s']:>9.3f}s")
        print(f"  pyromark events            {new['pyromark_s']:>9.3f}s")
        print(f"  pyromark events, walked    {new['pyromark_text_s']:>9.3f}s")
        print(f"  selectolax text of body    {new['lexbor_md_s']:>9.3f}s")
        compare(work / "old.jsonl", work / "new.jsonl", args.show)


if __name__ == "__main__":
    main()
