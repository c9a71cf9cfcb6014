"""`readouts-tui search QUERY`: ranked hits on stdout, as text or JSON, grep-style exit codes.

Document text is data from files: titles, ids and snippets go through `safe_text` before
printing (control characters drawn as visible ones, bidi overrides removed), with the snippet
highlight offsets moved to match, so a readout can never drive the terminal.
"""

from __future__ import annotations

import json
import re
import sys
from argparse import Namespace
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from index.model import Corpus
from index.search import Hit, SearchIndex, Snippet
from index.workspace import Opened, open_index
from tui.cli_flags import search_flags
from tui.counts import counted

DEFAULT_LIMIT = 20

SEARCH_EPILOG = """\
query language:
  dokdo summit            all words must match (ranked by BM25F); a word finds its
                          forms: sanction finds sanctions, sanctioned
  "comfort women"         exact phrase, words as written ("abduction": that form only)
  dokdo OR takeshima      either; OR binds tighter than the implicit AND
  -abductions, NOT x      exclude (exclusions never use equivalents)
  (a OR b) c              grouping
  minister:kono  minister:"kang kyung-wha"   the parsed principals of a meeting
  person:blinken          a principal, or anyone the text names
  publisher:mofa-japan (source: too)  title:summit  section:overview (headings)
  place:seoul  topic:"north korea"  year:2018
  date:2016..2018  date:>=2017-06  date:<2020  date:2018-01-16
  is:marked  is:unread  tag:history  has:note
                          your own marks, read state, tags and notes (see `notes`)
  denucl*                 prefix (3 letters or more; over 200 completions: the
                          200 commonest)
  securty~  securty~2     fuzzy (edit distance 1, at most 2; a swapped pair of
                          letters counts 2)

Equivalent terms (Takeshima/Dokdo, comfort women/sexual slavery, DPRK/North Korea,
name variants, ... from index/data/equivalents.toml and people.toml) are searched too;
--exact turns that off. --prefix treats the last word as a prefix (as-you-type).
A query read on a best-effort basis (unbalanced quote, stray operator, ...) prints a
note on stderr.

exit status: 0 readouts found, 1 no readout matched (like grep),
2 the query could not be read (message on stderr) or bad arguments."""

_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_]|.)?", re.S)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BOLD, _RESET = "\x1b[1;7m", "\x1b[0m"


def _unsafe(ch: str, keep_newlines: bool) -> bool:
    code = ord(ch)
    if ch == "\t" or (ch == "\n" and keep_newlines):
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in _BIDI


def clean(
    text: str, spans: tuple[tuple[int, int], ...] = (), *, keep_newlines: bool = False
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text` without control characters or escape sequences, and `spans` moved to match.

    Newlines become spaces unless `keep_newlines`; a span that only covered removed
    characters is dropped.
    """
    drop = bytearray(len(text))
    for m in _ESCAPE.finditer(text):
        drop[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out: list[str] = []
    new_index = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        new_index[i] = len(out)
        if drop[i]:
            continue
        if ch in "\r\n" and not keep_newlines:
            out.append(" ")
        elif not _unsafe(ch, keep_newlines):
            out.append(ch)
    new_index[len(text)] = len(out)
    moved = []
    for s, e in spans:
        ns, ne = new_index[max(0, min(s, len(text)))], new_index[max(0, min(e, len(text)))]
        if ne > ns:
            moved.append((ns, ne))
    return "".join(out), tuple(moved)


def _marked(snippet: Snippet, color: bool) -> str:
    text, spans = clean(snippet.text, snippet.spans)
    if not color:
        return text
    parts, at = [], 0
    for s, e in spans:
        if s < at:
            continue
        parts += [text[at:s], _BOLD, text[s:e], _RESET]
        at = e
    parts.append(text[at:])
    return "".join(parts)


def _line(text: str) -> str:
    return clean(text)[0]


def hit_json(hit: Hit) -> dict[str, Any]:
    """`Hit.to_json()` with the document text cleaned (JSON escapes C0 but not C1 or bidi)."""
    out = hit.to_json()
    out["id"] = _line(hit.id)
    out["title"] = _line(hit.title)
    out["matched"] = [_line(m) for m in hit.matched]
    out["equivalents"] = [_line(m) for m in hit.equivalents]
    snippets = []
    for sn in hit.snippets:
        text, spans = clean(sn.text, sn.spans)
        snippets.append(Snippet(text, spans).to_json())
    out["snippets"] = snippets
    return out


def print_hits(hits: tuple[Hit, ...], total: int, out: TextIO, *, color: bool) -> None:
    for rank, hit in enumerate(hits, 1):
        head = f"{rank}. {_line(hit.meeting_date) or '????-??-??'}  {_line(hit.id)}"
        print(f"{head}  score {hit.score:.2f}", file=out)
        print(f"   {_line(hit.title)}", file=out)
        for sn in hit.snippets:
            print(f"   {_marked(sn, color)}", file=out)
        for note in hit.equivalents:
            print(f"   = {_line(note)}", file=out)
        print(file=out)
    print(f"{len(hits):,} of {counted(total, 'matching readout')}", file=out)


@dataclass(frozen=True)
class SearchRequest:
    """What `readouts-tui search` was asked for, read once from the command line."""

    query: str
    limit: int = DEFAULT_LIMIT
    exact: bool = False
    """No equivalent terms (Takeshima is not Dokdo)."""
    prefix: bool = False
    """The last word read as a prefix, as the app does while the user types."""
    json: bool = False
    rebuild: bool = False
    """Ignore the caches for `paths` and build them again."""
    paths: tuple[str, ...] = ()
    """The files and folders searched; empty for the bundled seeds."""

    @classmethod
    def from_args(cls, args: Namespace) -> SearchRequest:
        """The request in `args` (a namespace from `build_parser("search")`; an option it
        lacks takes its default)."""
        limit = getattr(args, "limit", None)
        return cls(
            query=str(getattr(args, "query", "") or ""),
            limit=DEFAULT_LIMIT if limit is None else int(limit),
            exact=bool(getattr(args, "exact", False)),
            prefix=bool(getattr(args, "prefix", False)),
            json=bool(getattr(args, "json", False)),
            rebuild=bool(getattr(args, "rebuild", False)),
            paths=tuple(getattr(args, "paths", None) or ()),
        )


def open_index_shown(
    corpus: Corpus, paths: Sequence[str], *, rebuild: bool, command: str
) -> tuple[SearchIndex, list[str]]:
    """`open_index`, with its progress on one line of stderr when that is a terminal (for
    every command that searches: `search`, `timeline`, `kwic`)."""
    from tui.progress import Progress, RateMeter, TerminalProgress, bar, describe

    line = TerminalProgress()
    meter = RateMeter()
    readouts = len(corpus.readouts)

    def progress(done: int, total: int) -> None:
        p = Progress(readouts - total + done, readouts, meter.rate(done))
        filled, empty = bar(p.fraction, 20)
        rate = describe(p)
        text = f"readouts-tui {command}: indexing {p.done:,} of {p.total:,} {filled}{empty}"
        line.show(f"{text} {rate}" if rate else text)

    try:
        return open_index(corpus, list(paths), rebuild=rebuild, progress=progress)
    finally:
        line.close()


def run_search(args: Namespace, corpus: Corpus | None, opened: Opened | None = None) -> int:
    """Run the `search` subcommand on `corpus`, or on the index `opened` over the cached
    readouts (`index.workspace.quick_search_index`); returns the exit status (0 found, 1 none,
    2 bad query)."""
    request = SearchRequest.from_args(args)
    if request.limit < 1:
        print("readouts-tui search: --limit must be at least 1", file=sys.stderr)
        return 2
    if opened is not None:
        index, readouts = opened.index, opened.every()
    else:
        assert corpus is not None
        index, notices = open_index_shown(
            corpus, request.paths, rebuild=request.rebuild, command="search"
        )
        readouts = iter(corpus.readouts)
        for notice in notices:
            print(f"readouts-tui search: note: {_line(notice)}", file=sys.stderr)
    result = index.search(
        request.query,
        limit=request.limit,
        equivalents=not request.exact,
        prefix=request.prefix,
        flags=search_flags(readouts),
    )
    if result.error:
        print(f"readouts-tui search: {_line(result.error)}", file=sys.stderr)
        return 2
    if result.notice:
        print(f"readouts-tui search: note: {_line(result.notice)}", file=sys.stderr)
    if request.json:
        json.dump([hit_json(h) for h in result.hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_hits(result.hits, result.total, sys.stdout, color=sys.stdout.isatty())
    return 0 if result.hits else 1
