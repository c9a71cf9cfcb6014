"""`readouts-tui timeline` and `kwic`, and the take-away formats of `list` and `search`.

    readouts-tui timeline '"taiwan strait"' --csv ~/readouts > strait.csv
    readouts-tui kwic 'north korea' --width 30 --sort after
    readouts-tui search climate --sort date --jsonl | jq .title
    readouts-tui list --csv > readouts.csv

The counting and the concordance are the core's (`index.timeline`, `index.concordance`); the
records and their column names are `index.export`'s. Text printed for a person goes through
`safe_text`; CSV and JSON Lines are cleaned by `index.export` in the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from index.sanitize import safe_text

if TYPE_CHECKING:
    from index.model import Corpus, Readout
    from index.search import SearchIndex
    from index.workspace import Opened

PROG = "readouts-tui"
COMMANDS = ("timeline", "kwic")

TIMELINE_EPILOG = """\
Counts readouts, not occurrences: a readout that names the phrase ten times counts once.
Dates are meeting dates (the published date where there is none). By year, every year with
readouts has a row (zeros show when a phrase had not yet appeared); by month (chosen when the
matches span under two years, or with --by month), the months from the first match to the last.

output:
  text      period, publisher, matches, total, share, and a bar of the share
  --json    a list of {"period", "publisher", "matches", "total"}
  --jsonl   the same objects, one per line
  --csv     columns period,publisher,matches,total (a header row first)

examples:
  readouts-tui timeline '"taiwan strait"' ~/readouts
  readouts-tui timeline 'maximum pressure' --by month --csv > pressure.csv

exit status: 0 some readout matched, 1 none did, 2 the query could not be read."""

KWIC_EPILOG = """\
One line per occurrence of what the search matched (equivalents included: `dokdo` also shows
Takeshima), in the readouts' text, with WIDTH characters either side on one line.

sort orders:
  date      oldest first, then by place in the text (the default)
  after     by the words after the match (case and punctuation ignored), then date
  before    by the words before the match, nearest first, then date

output:
  text      date, publisher, left context, match, right context, aligned on the match
  --json    a list of records: id, date, meeting_date, published, publisher, title, url,
            path, left, match, right, offset (the match's character offset in the text)
  --jsonl   the same records, one per line
  --csv     the same columns (a header row first)

examples:
  readouts-tui kwic 'north korea' --width 30 --sort after
  readouts-tui kwic '"comfort women"' --csv ~/readouts > comfort.csv

exit status: 0 some readout matched, 1 none did, 2 the query could not be read."""

SORT_HELP = "relevance (best first, the default) or date (newest first)"


# ---------------------------------------------------------------- parsers


def build_parser(
    command: str,
    parser_class: type[argparse.ArgumentParser],
    add_paths: Callable[[argparse.ArgumentParser], None],
) -> argparse.ArgumentParser:
    """The parser of `timeline` or `kwic` (with the command line's own parser class and path
    arguments, so errors and paths behave as in the other commands)."""
    fmt = argparse.RawDescriptionHelpFormatter
    if command == "timeline":
        p = parser_class(
            prog=f"{PROG} timeline",
            description="How many readouts match QUERY per year (or month) and publisher, "
            "beside how many readouts there are.",
            epilog=TIMELINE_EPILOG,
            formatter_class=fmt,
        )
        p.add_argument("query", metavar="QUERY", help='words, "phrases", OR, NOT, field:value')
        p.add_argument(
            "--by",
            choices=("year", "month"),
            help="period (default: month when the matches span under two years, else year)",
        )
    elif command == "kwic":
        p = parser_class(
            prog=f"{PROG} kwic",
            description="Every occurrence of QUERY's matches in context (keyword in context).",
            epilog=KWIC_EPILOG,
            formatter_class=fmt,
        )
        p.add_argument("query", metavar="QUERY", help='words, "phrases", OR, NOT, field:value')
        p.add_argument(
            "--width", type=int, default=40, metavar="N", help="characters either side (40)"
        )
        p.add_argument("--sort", choices=("date", "after", "before"), default="date", help="(date)")
    else:
        raise ValueError(command)
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument(
        "--exact", action="store_true", help="no equivalent terms (Takeshima is not Dokdo)"
    )
    add_export_options(p, command)
    add_paths(p)
    return p


def add_export_options(p: argparse.ArgumentParser, command: str) -> None:
    """--csv and --jsonl (and `search`'s --sort) on the parser of `command`."""
    p.add_argument("--csv", action="store_true", help="print CSV with a header row")
    p.add_argument("--jsonl", action="store_true", help="print JSON Lines, one record a line")
    if command == "search":
        p.add_argument("--sort", choices=("relevance", "date"), default="relevance", help=SORT_HELP)


def _format(args: argparse.Namespace) -> str:
    """ "text", "json", "csv" or "jsonl"; more than one asked for is an error."""
    asked = [f for f in ("json", "csv", "jsonl") if getattr(args, f, False)]
    if len(asked) > 1:
        from tui.cli import CliError

        raise CliError(f"choose one of --{', --'.join(asked)}")
    return asked[0] if asked else "text"


# ---------------------------------------------------------------- commands


def run_timeline(args: argparse.Namespace) -> int:
    """`readouts-tui timeline`; returns the exit status."""
    from index.export import TIMELINE_FIELDS, timeline_record
    from index.timeline import timeline
    from tui.cli_flags import search_flags

    fmt = _format(args)
    corpus, index = _open(args, "timeline")
    flags = search_flags(corpus.readouts, "timeline")
    tl = timeline(
        index, corpus.readouts, args.query, by=args.by, equivalents=not args.exact, flags=flags
    )
    if not _reported(tl.error, tl.notice, "timeline"):
        return 2
    if fmt != "text":
        _records([timeline_record(r) for r in tl.rows], TIMELINE_FIELDS, fmt)
    else:
        _print_timeline(tl)
    return 0 if tl.matches else 1


def _print_timeline(tl: Any) -> None:
    publisher_w = max([9, *(len(r.publisher) for r in tl.rows)])
    period_w = max([7, *(len(r.period or "undated") for r in tl.rows)])
    print(
        f"{'period':<{period_w}}  {'publisher':<{publisher_w}}  "
        f"{'matches':>7}  {'total':>6}  {'share':>6}"
    )
    for r in tl.rows:
        bar = "█" * round(r.share * 20)
        print(
            f"{r.period or 'undated':<{period_w}}  {_line(r.publisher):<{publisher_w}}  "
            f"{r.matches:>7}  {r.total:>6}  {r.share:>6.1%}  {bar}"
        )
    print(f"{tl.matches} of {tl.readouts} readouts match, by {tl.by}")


def run_kwic(args: argparse.Namespace) -> int:
    """`readouts-tui kwic`; returns the exit status."""
    from index.concordance import concordance
    from index.export import KWIC_FIELDS, kwic_record
    from tui.cli import CliError
    from tui.cli_flags import search_flags

    fmt = _format(args)
    if not 0 <= args.width <= 1000:
        raise CliError("--width must be between 0 and 1000")
    corpus, index = _open(args, "kwic")
    kwic = concordance(
        index,
        corpus.readouts,
        args.query,
        width=args.width,
        sort=args.sort,
        equivalents=not args.exact,
        flags=search_flags(corpus.readouts, "kwic"),
    )
    if not _reported(kwic.error, kwic.notice, "kwic"):
        return 2
    if fmt != "text":
        _records([kwic_record(ln) for ln in kwic.lines], KWIC_FIELDS, fmt)
    else:
        bold, reset = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("", "")
        for ln in kwic.lines:
            print(
                f"{ln.date or 'undated':<10}  {_line(ln.publisher)}  "
                f"{_line(ln.left):>{args.width}} {bold}{_line(ln.match)}{reset} {_line(ln.right)}"
            )
        print(f"{len(kwic.lines)} occurrences in {kwic.readouts} matching readouts")
    return 0 if kwic.readouts else 1


def run_list(args: argparse.Namespace, corpus: Corpus) -> int:
    """`list --csv` / `list --jsonl`: a record per readout, meetings oldest first."""
    from index.export import READOUT_FIELDS, readout_record

    fmt = _format(args)
    records = [{**readout_record(r), "meeting": m.id} for m in corpus.meetings for r in m.readouts]
    _records(records, (*READOUT_FIELDS, "meeting"), fmt)
    return 0


def wants_own_search(args: argparse.Namespace) -> bool:
    """Whether `search` needs this module: anything but the ranked hits as text."""
    return bool(
        getattr(args, "csv", False)
        or getattr(args, "jsonl", False)
        or getattr(args, "json", False)
        or getattr(args, "sort", "relevance") == "date"
    )


def run_search(
    args: argparse.Namespace, corpus: Corpus | None, opened: Opened | None = None
) -> int:
    """`search` with --json, --csv, --jsonl or --sort date (else as
    `tui.cli_search.run_search`). --json gives `hit_json`'s objects with the readout's
    `published`, `publisher`, `url` and `path` added.

    By date, newest first over every match (ties by relevance; undated last), cut to --limit:
    the core sorts (`SearchIndex.search`'s `order`), so only the hits printed are highlighted.
    """
    from index.export import SEARCH_FIELDS, readout_record
    from tui.cli_flags import search_flags
    from tui.cli_search import DEFAULT_LIMIT, hit_json, print_hits
    from tui.cli_search import run_search as plain_search

    fmt = _format(args)
    if not wants_own_search(args):
        return plain_search(args, corpus, opened)
    limit = DEFAULT_LIMIT if args.limit is None else int(args.limit)
    if opened is not None:  # the cached readouts, each read when needed
        index, readouts, every = opened.index, opened.readouts, opened.every()
    else:
        assert corpus is not None
        index = _index(corpus, args, "search")
        readouts = {r.id: r for r in corpus.readouts}
        every = iter(corpus.readouts)
    result = index.search(
        args.query,
        limit=limit,
        equivalents=not args.exact,
        prefix=bool(getattr(args, "prefix", False)),
        snippets=fmt in ("text", "json"),
        flags=search_flags(every),
        order=args.sort,
    )
    if not _reported(result.error, result.notice, "search"):
        return 2
    hits = [h for h in result.hits if h.id in readouts]
    if fmt == "text":
        print_hits(tuple(hits), result.total, sys.stdout, color=sys.stdout.isatty())
    elif fmt == "json":
        data = [{**hit_json(h), **_extra(readouts[h.id])} for h in hits]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        records = [
            {
                "rank": rank,
                "score": round(h.score, 4),
                **readout_record(readouts[h.id]),
                "matched": list(h.matched),
            }
            for rank, h in enumerate(hits, 1)
        ]
        _records(records, SEARCH_FIELDS, fmt)
    return 0 if hits else 1


# ---------------------------------------------------------------- plumbing


def _extra(readout: Readout) -> dict[str, Any]:
    """The export fields a search hit's JSON lacks (it has id, title and meeting_date)."""
    from index.export import clean_record, readout_record

    record = clean_record(readout_record(readout))
    return {k: record[k] for k in ("published", "publisher", "url", "path")}


def _open(args: argparse.Namespace, command: str) -> tuple[Corpus, SearchIndex]:
    from tui.cli import load

    corpus = load(args.paths, rebuild=args.rebuild)
    return corpus, _index(corpus, args, command)


def _index(corpus: Corpus, args: argparse.Namespace, command: str) -> SearchIndex:
    """The corpus's search index, with its progress on one line of stderr on a terminal."""
    from tui.cli_search import open_index_shown

    index, notices = open_index_shown(
        corpus, list(args.paths or []), rebuild=bool(args.rebuild), command=command
    )
    for notice in notices:
        print(f"{PROG} {command}: note: {_line(notice)}", file=sys.stderr)
    return index


def _reported(error: str, notice: str, command: str) -> bool:
    """Print a query's error or notice on stderr; False when it could not be read."""
    if error:
        print(f"{PROG} {command}: {_line(error)}", file=sys.stderr)
        return False
    if notice:
        print(f"{PROG} {command}: note: {_line(notice)}", file=sys.stderr)
    return True


def _records(records: Iterable[Mapping[str, Any]], fields: tuple[str, ...], fmt: str) -> None:
    from index.export import clean_record, write

    if fmt == "json":
        data = [clean_record(r) for r in records]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write(records, fields, sys.stdout, fmt)


def _line(text: str) -> str:
    return safe_text(text, newlines=False)
