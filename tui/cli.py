"""The `readouts-tui` command: the reader app, and `list`, `show`, `search` for scripts.

Errors are one clear line on stderr and a non-zero exit, never a traceback. Every piece of
document text printed here goes through `safe_text` first: a readout cannot move the cursor,
change colours or write the clipboard of the terminal it is printed on.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from index import __version__
from index.sanitize import safe_text

if TYPE_CHECKING:
    from index.model import Corpus, Meeting, Participant, Readout

PROG = "readouts-tui"
COMMANDS = ("list", "show", "search", "compare", "timeline", "kwic", "notes", "cite", "serve")

DESCRIPTION = """\
A keyboard-first terminal reader for official diplomatic meeting readouts.

With no command, opens the reader on the bundled Japan-ROK foreign ministers' readouts,
or on the files and folders given (.txt, .md, .html, .jsonl[.gz|.xz], searched recursively).
"""

EPILOG = """\
commands:
  list [--json] [PATH...]          the meetings, oldest first, with every field
  show ID [--json] [PATH...]       one readout (or meeting) by id: fields and cleaned text
  search QUERY [--json] [--limit N] [--sort relevance|date] [--exact] [--prefix] [PATH...]
                                   ranked hits with highlighted snippets
  compare ID [ID2] [--json] [PATH...]
                                   two readouts side by side by topic
  timeline QUERY [--by year|month] [--json|--csv] [PATH...]
                                   matching readouts per year and publisher, and all
  kwic QUERY [--width N] [--sort date|after|before] [--json|--csv] [PATH...]
                                   every occurrence in context (keyword in context)
  (list, search, timeline and kwic also write --csv and --jsonl; search --sort date)
  notes [--json|--csv|--markdown] [PATH...]
                                   your marks, tags and notes, with citations
  cite ID [--paragraph N] [--format plain|markdown|bibtex] [PATH...]
                                   the citation of a readout or a paragraph
  serve [PATH...] [--port N] [--host H] [--public]
                                   the reader in a web browser, at http://127.0.0.1:8000/

examples:
  readouts-tui                              open the reader on the bundled seeds
  readouts-tui ~/readouts                   open a folder of your own readouts
  readouts-tui list                         the five bundled meetings
  readouts-tui list --json ~/readouts       every field, as JSON
  readouts-tui show 2018-01-16-mofa-japan-kono-kang
  readouts-tui search 'dokdo minister:kono'
  readouts-tui search '"comfort women" date:2016..2018' --exact

PATH is optional everywhere: none means the bundled seeds; --last means the paths opened
last time. Run `readouts-tui COMMAND --help` for a command's options.
"""


def _add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to read (default: the bundled seeds)",
    )
    p.add_argument(
        "--last",
        action="store_true",
        help="read the paths opened last time (said on stderr); no PATH is the bundled seeds",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="ignore the caches (parsed files, search index) for these paths and rebuild them",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with the offending argument in an error message cleaned for the terminal."""

    def error(self, message: str) -> NoReturn:
        # argparse (intermixed) lists PATH as required when QUERY or ID is missing: it is not.
        required = "the following arguments are required: "
        if message.startswith(required):
            optional = {
                a.metavar or a.dest for a in self._actions if a.nargs in ("*", "?") and a.metavar
            }
            names = [n for n in message[len(required) :].split(", ") if n not in optional]
            message = required + ", ".join(names)
            if "PATH" in optional:
                message += " (PATH is optional: none means the bundled seeds)"
        # "unrecognized arguments: ..." echoes what was typed, escape sequences included.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe_text(message, newlines=False)}\n")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The parser for the bare command (`None`) or for one of `COMMANDS`."""
    fmt = argparse.RawDescriptionHelpFormatter
    if command is None:
        p = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, formatter_class=fmt)
        p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
        p.add_argument(
            "--exact",
            action="store_true",
            help="start with equivalent terms off (Takeshima no longer finds Dokdo)",
        )
        p.add_argument(
            "--clip-file",
            metavar="FILE",
            type=Path,
            help="also write what y and Y copy to FILE (for terminals without clipboard access)",
        )
        _add_paths(p)
        return p
    if command in ("timeline", "kwic"):
        from tui.cli_analysis import build_parser as analysis_parser

        return analysis_parser(command, _Parser, _add_paths)
    if command == "list":
        p = _Parser(
            prog=f"{PROG} list",
            description="List the meetings, oldest first: date, publishers, principals, place, "
            "title and the ids of their readouts.",
            epilog="examples:\n  readouts-tui list\n  readouts-tui list --json ~/readouts | jq .",
            formatter_class=fmt,
        )
        p.add_argument("--json", action="store_true", help="print every field as JSON")
        _export_options(p, command)
        _add_paths(p)
        return p
    if command == "show":
        p = _Parser(
            prog=f"{PROG} show",
            description="Show one readout by id (a meeting id shows each of its readouts).",
            epilog="examples:\n  readouts-tui show 2018-04-11-mofa-korea-kang-kono\n"
            "  readouts-tui show 2018-04-11-mofa-korea-kang-kono --json",
            formatter_class=fmt,
        )
        p.add_argument("id", metavar="ID", help="a readout or meeting id from `list`")
        p.add_argument(
            "--json", action="store_true", help="every field, the cleaned and original text"
        )
        _add_paths(p)
        return p
    if command == "search":
        from tui.cli_search import SEARCH_EPILOG

        p = _Parser(
            prog=f"{PROG} search",
            description="Search the readouts; hits are ranked (BM25F) with highlighted snippets.",
            epilog=SEARCH_EPILOG,
            formatter_class=fmt,
        )
        p.add_argument("query", metavar="QUERY", help='words, "phrases", OR, NOT, field:value')
        p.add_argument("--json", action="store_true", help="print the hits as JSON")
        p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
        p.add_argument(
            "--exact", action="store_true", help="no equivalent terms (Takeshima is not Dokdo)"
        )
        p.add_argument(
            "--prefix",
            action="store_true",
            help="read the last word as a prefix, as the app does while you type",
        )
        _export_options(p, command)
        _add_paths(p)
        return p
    if command == "compare":
        from tui.cli_compare import build_parser as compare_parser

        return compare_parser(_Parser, _add_paths, PROG)
    if command == "serve":
        from tui.cli_serve import build_parser as serve_parser

        return serve_parser(_Parser, _add_paths, PROG)
    if command in ("notes", "cite"):
        from tui.cli_notes import build_parser as notes_parser

        return notes_parser(command, _Parser)  # type: ignore[no-any-return]
    raise ValueError(command)


def _export_options(p: argparse.ArgumentParser, command: str) -> None:
    from tui.cli_analysis import add_export_options

    add_export_options(p, command)


class CliError(Exception):
    """A problem to report in one line, with the exit status to use."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _check_paths(paths: Sequence[str]) -> None:
    from tui.cli_paths import suggest_command

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            command = suggest_command(raw, COMMANDS)
            hint = f" (did you mean `{PROG} {command}`?)" if command else ""
            raise CliError(f"{raw}: no such file or folder{hint}")
        if not os.access(path, os.R_OK):
            raise CliError(f"{raw}: permission denied")


def load(paths: Sequence[str], *, rebuild: bool = False) -> Corpus:
    """The corpus for `paths` (the seeds when empty); skips reported on stderr.

    Opened as the app opens it (`index.workspace.open_corpus`): the user's own paths go through
    the parse cache, so a second run is quick; the five bundled seeds are simply read. A
    terminal on stderr shows how many are read so far.
    """
    from index.workspace import open_corpus
    from tui.cli_paths import remember
    from tui.progress import TerminalProgress

    _check_paths(paths)
    line = TerminalProgress()  # on stderr, and only when it is a terminal

    def progress(done: int) -> None:
        line.show(f"{PROG}: reading… {done:,} document{'s' if done != 1 else ''}")

    try:
        corpus, notices = open_corpus(paths, rebuild=rebuild, progress=progress)
    finally:
        line.close()
    remember(paths)
    for notice in notices:
        _err(notice)
    for skip in corpus.skipped:
        _err(f"skipped {safe_text(skip.path, newlines=False)}: {skip.reason}")
    if not corpus.readouts:
        reasons = "; ".join(sorted({s.reason for s in corpus.skipped})) or "no readable documents"
        raise CliError(f"nothing loaded from {', '.join(paths)}: {reasons}", status=1)
    return corpus


def _err(line: str) -> None:
    # Cleaned here, once for every message: they quote paths, skip reasons and ids from files.
    print(f"{PROG}: {safe_text(line, newlines=False)}", file=sys.stderr)


def _one_line(text: str) -> str:
    return safe_text(text, newlines=False)


def _people(meeting: Meeting | Readout) -> str:
    return " – ".join(_one_line(p.name) for p in meeting.participants) or "—"


def cmd_list(args: argparse.Namespace) -> int:
    corpus = load(args.paths, rebuild=args.rebuild)
    if args.csv or args.jsonl:
        from tui.cli_analysis import run_list

        return run_list(args, corpus)
    if args.json:
        _print_json([m.to_json() for m in corpus.meetings])
        return 0
    for m in corpus.meetings:
        place = f" in {_one_line(m.place)}" if m.place else ""
        print(f"{m.meeting_date or 'undated':10}  {_one_line(m.title)}")
        print(f"            {_people(m)}{place}")
        for r in m.readouts:
            extra = f", published {r.published}" if r.published != r.meeting_date else ""
            print(f"            {r.source}: {r.id}{extra}")
        if m.topics:
            print(f"            topics: {', '.join(m.topics)}")
    label = _one_line(corpus.label)  # the paths given: names may hold escape sequences
    from tui.counts import counted

    meetings, readouts = (
        counted(len(corpus.meetings), "meeting"),
        counted(len(corpus.readouts), "readout"),
    )
    print(f"{meetings}, {readouts} ({label})")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    corpus = load(args.paths, rebuild=args.rebuild)
    readouts: list[Readout] = []
    found = corpus.readout(args.id)
    if found is not None:
        readouts = [found]
    else:
        meeting = next((m for m in corpus.meetings if m.id == args.id), None)
        if meeting is not None:
            readouts = list(meeting.readouts)
    if not readouts:
        raise CliError(
            f"no readout or meeting with id {_one_line(args.id)!r} (see `{PROG} list`)", status=1
        )
    if args.json:
        from index.corpus import original_text

        data = [{**r.to_json(full=True), "original": original_text(r)} for r in readouts]
        _print_json(data[0] if len(data) == 1 else data)
        return _lost(readouts)
    for n, r in enumerate(readouts):
        if n:
            print("\n" + "─" * 72 + "\n")
        print(_one_line(r.title))
        print("=" * min(72, max(8, len(r.title))))
        fields = [
            ("id", r.id),
            ("source", r.source),
            ("meeting", r.meeting_date),
            ("published", r.published),
            ("place", r.place),
            ("participants", "; ".join(_person(p) for p in r.participants)),
            ("attendees", "; ".join(_person(p) for p in r.attendees)),
            ("topics", ", ".join(r.topics)),
            ("file", r.path),
            *(("also at", other) for other in r.locations[1:]),
        ]
        for key, value in fields:
            if value:
                print(f"{key + ':':14}{_one_line(value)}")
        print()
        print(safe_text(r.text))
    return _lost(readouts)


def _lost(readouts: Sequence[Readout]) -> int:
    """1 (each said on stderr) when a text shown could not be read at all, else 0."""
    from index.workspace import text_lost

    lost = [(r.id, why) for r in readouts if (why := text_lost(r))]
    for rid, why in lost:
        _err(f"{rid}: {why}")
    return 1 if lost else 0


def _person(p: Participant) -> str:
    extra = ", ".join(x for x in (p.role, p.country) if x)
    return f"{p.name} ({extra})" if extra else p.name


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    from index.cache_records import Fallback
    from index.workspace import quick_search_index
    from tui.cli_analysis import run_search
    from tui.cli_paths import remember

    if args.paths and not args.rebuild:
        # Unchanged files, a complete index: read only the records of the hits.
        _check_paths(args.paths)
        opened = quick_search_index(args.paths)
        if opened is not None:
            try:
                status = run_search(args, None, opened)
            except Fallback:  # a damaged record or text: the ordinary way repairs it
                pass
            else:
                remember(args.paths)
                for skip in opened.skipped:
                    _err(f"skipped {safe_text(skip.path, newlines=False)}: {skip.reason}")
                return status
    corpus = load(args.paths, rebuild=args.rebuild)
    return run_search(args, corpus)


def cmd_compare(args: argparse.Namespace) -> int:
    from tui.cli_compare import run_compare

    return run_compare(args, load)


def cmd_serve(args: argparse.Namespace) -> int:
    from tui.cli_serve import run_serve

    return run_serve(args, load)


def _analysis() -> dict[str, Callable[[argparse.Namespace], int]]:
    from tui.cli_analysis import run_kwic, run_timeline

    return {"timeline": run_timeline, "kwic": run_kwic}


def _print_json(data: object) -> None:
    # ensure_ascii keeps any control character escaped as \\uXXXX in the output.
    json.dump(data, sys.stdout, ensure_ascii=True, indent=2)
    sys.stdout.write("\n")


def _use_last(args: argparse.Namespace) -> None:
    """`--last`: the paths opened last time take the place of PATH, and stderr says which."""
    if not getattr(args, "last", False):
        return
    from tui.cli_paths import recall

    if args.paths:
        raise CliError("--last replaces PATH: give one or the other")
    paths = recall()
    if paths is None:
        raise CliError("--last: no paths opened yet (open some once with PATH)")
    _err(f"--last: {' '.join(paths)}")
    args.paths = paths


def run_app(args: argparse.Namespace) -> int:
    _check_paths(args.paths)
    from tui.app import ReadoutsApp
    from tui.cli_paths import remember

    remember(args.paths)

    app = ReadoutsApp(
        paths=list(args.paths) or None,
        equivalents=not args.exact,
        rebuild=args.rebuild,
        clip_file=args.clip_file,
    )
    app.run()
    return int(app.return_code or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `readouts-tui` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot encode a character (Korean names on a Latin-1 or
        # ASCII console) shows "?" rather than ending the command with a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(command)
    # Intermixed, so options may follow the positionals too: `show ID --json PATH`.
    args = parser.parse_intermixed_args(argv[1:] if command else argv)
    handler = {
        "list": cmd_list,
        "show": cmd_show,
        "search": cmd_search,
        "compare": cmd_compare,
        "serve": cmd_serve,
        **_analysis(),
    }.get(command or "")
    if command in ("notes", "cite"):
        from tui.cli_notes import cmd_cite, cmd_notes

        handler = cmd_notes if command == "notes" else cmd_cite
    try:
        _use_last(args)
        if handler is None:
            return run_app(args)
        status = handler(args)
        from index.workspace import repair_text_stores

        for notice in repair_text_stores(args.paths):  # texts found damaged while answering
            _err(notice)
        return status
    except CliError as exc:
        _err(str(exc))
        return exc.status
    except BrokenPipeError:
        # `readouts-tui list | head`: the reader went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
