"""`readouts-tui notes` and `readouts-tui cite`: the reader's notes and citations for scripts.

`notes` lists what the notes store holds (marks, tags, notes on paragraphs, with citations) as
text, JSON, CSV or a Markdown research log. Given paths, it lists the readouts found there, with
their current ids and each note placed on its paragraph again (or said to be detached); with
none, everything the store holds, as it was saved. `cite ID` prints a citation of a readout or
one of its paragraphs. (`search` gets the store's answer to is:, tag: and has: from
`tui.cli_flags.search_flags`.)

Everything from a document or the store goes through `safe_text` (citations already do): a
note, a title or a tag can never drive the terminal.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from index.cite import FORMATS, Source, cite, md_escape, quotation
from index.model import Corpus, Readout
from index.notes.keys import locate, paragraphs, readout_key
from index.notes.store import Note, NotesError, NotesStore, Record
from index.sanitize import safe_text

PROG = "readouts-tui"
FORMAT_SETTING = "citation-format"
"""The store's setting for the citation format the app and `cite` use by default."""

NOTES_EPILOG = """\
examples:
  readouts-tui notes                      everything marked, tagged or annotated
  readouts-tui notes --markdown > log.md  a research log to keep with your writing
  readouts-tui notes --csv ~/readouts     the readouts of a folder, one row per note
  readouts-tui notes --json | jq '.[] | select(.marked)'

The notes live in one file per user (see docs/notes.md for where, and how to back it up)."""

CITE_EPILOG = """\
examples:
  readouts-tui cite 2018-01-16-mofa-japan-kono-kang
  readouts-tui cite 2018-01-16-mofa-japan-kono-kang --paragraph 3 --format bibtex
  readouts-tui cite 2018-01-16-mofa-japan-kono-kang -p 3 --quote

Paragraphs are counted from 1, headings left out. The format defaults to the one last
chosen in the app (plain text at first)."""


def build_parser(command: str, parser_class: type[argparse.ArgumentParser]) -> Any:
    """The parser for `notes` or `cite` (`parser_class`: the command line's own class)."""
    fmt = argparse.RawDescriptionHelpFormatter
    if command == "notes":
        p = parser_class(
            prog=f"{PROG} notes",
            description="List your marks, tags and notes with their readouts and citations.",
            epilog=NOTES_EPILOG,
            formatter_class=fmt,
        )
        out = p.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help="every field, as JSON")
        out.add_argument("--csv", action="store_true", help="one row per note (or readout)")
        out.add_argument("--markdown", action="store_true", help="a research log in Markdown")
    else:
        p = parser_class(
            prog=f"{PROG} cite",
            description="Print the citation of a readout, or of one of its paragraphs.",
            epilog=CITE_EPILOG,
            formatter_class=fmt,
        )
        p.add_argument("id", metavar="ID", help="a readout id from `list`")
        p.add_argument("-p", "--paragraph", type=int, metavar="N", help="paragraph N (from 1)")
        p.add_argument("--format", choices=FORMATS, help="plain (default), markdown or bibtex")
        p.add_argument(
            "--quote", action="store_true", help="the paragraph's text, then its citation"
        )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to read")
    p.add_argument("--rebuild", action="store_true", help="ignore the caches for these paths")
    return p


def _open_store() -> NotesStore:
    from tui.cli import CliError

    try:
        return NotesStore()
    except NotesError as exc:
        raise CliError(str(exc), status=1) from None


# ---------------------------------------------------------------- notes


@dataclass(frozen=True)
class Placed:
    """A note and the paragraph it stands on now (None: detached, or not looked for)."""

    note: Note
    paragraph: int | None
    text: str
    """The paragraph's text now, or the opening kept with the note."""
    detached: bool


@dataclass(frozen=True)
class Entry:
    """A record of the store as listed: its readout now (when the paths hold it)."""

    record: Record
    source: Source
    readout_id: str
    notes: tuple[Placed, ...]


def _entries(store: NotesStore, corpus: Corpus | None) -> list[Entry]:
    records = store.records()
    if corpus is None:
        out = []
        for rec in records:
            placed = tuple(
                Placed(n, n.anchor.paragraph, n.anchor.excerpt, False) for n in rec.notes
            )
            out.append(Entry(rec, Source.of(rec.info), rec.info.readout_id, placed))
        return out
    by_key: dict[str, Readout] = {}
    for r in corpus.readouts:
        by_key.setdefault(readout_key(r), r)
    out = []
    for rec in records:
        readout = by_key.get(rec.info.key)
        if readout is None:
            continue
        paras = paragraphs(readout)
        placed_notes = []
        for n in rec.notes:
            para = locate(n.anchor, paras)
            if para is None:
                placed_notes.append(Placed(n, None, n.anchor.excerpt, True))
            else:
                placed_notes.append(Placed(n, para.number, para.text, False))
        out.append(Entry(rec, Source.of_readout(readout), readout.id, tuple(placed_notes)))
    return out


def _line(text: str) -> str:
    return " ".join(safe_text(text, newlines=False).split())


def _entry_json(e: Entry) -> dict[str, Any]:
    rec, src = e.record, e.source
    return {
        "key": rec.info.key,
        "id": e.readout_id,
        "title": src.title,
        "source": src.source,
        "publisher": src.publisher,
        "meeting_date": src.meeting_date,
        "published": src.published,
        "url": src.url,
        "path": src.path,
        "marked": rec.marked,
        "marked_at": rec.marked_at,
        "read_at": rec.read_at,
        "tags": list(rec.tags),
        "citation": {f: cite(src, None, f) for f in FORMATS},
        "notes": [
            {
                "id": p.note.id,
                "paragraph": p.paragraph,
                "detached": p.detached,
                "paragraph_text": _line(p.text),
                "note": safe_text(p.note.body),
                "created": p.note.created,
                "updated": p.note.updated,
                "citation": cite(src, p.paragraph, "plain"),
            }
            for p in e.notes
        ],
    }


def _csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv(entries: Iterable[Entry]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        ["id", "meeting_date", "published", "publisher", "title", "url", "path", "marked",
         "tags", "paragraph", "detached", "note", "paragraph_text", "citation"]
    )  # fmt: skip
    for e in entries:
        src, rec = e.source, e.record
        head = [e.readout_id, src.meeting_date, src.published, src.publisher, src.title,
                src.url, src.path, "yes" if rec.marked else "", ";".join(rec.tags)]  # fmt: skip
        rows = [
            [str(p.paragraph or ""), "yes" if p.detached else "", safe_text(p.note.body),
             _line(p.text), cite(src, p.paragraph)]
            for p in e.notes
        ] or [["", "", "", "", cite(src)]]  # fmt: skip
        for row in rows:
            writer.writerow([_csv_cell(c) for c in head + row])
    return buf.getvalue()


def _markdown(entries: Sequence[Entry]) -> str:
    today = dt.date.today().isoformat()
    n = len(entries)
    lines = [
        "# Research log",
        "",
        f"_{n} readout{'s' if n != 1 else ''} marked, tagged or annotated; "
        f"exported {today} by readouts-tui._",
    ]
    for e in entries:
        src, rec = e.source, e.record
        when = f" ({src.meeting_date})" if src.meeting_date else ""
        lines += ["", f"## {md_escape(src.title or e.readout_id)}{when}", ""]
        facts = []
        if rec.marked:
            facts.append("**marked**")
        if rec.tags:
            facts.append("tags: " + ", ".join(f"`{t.replace('`', 'ˋ')}`" for t in rec.tags))
        if e.readout_id:
            facts.append(f"id `{e.readout_id.replace('`', 'ˋ')}`")
        if facts:
            lines += [" · ".join(facts), ""]
        lines.append(cite(src, None, "markdown"))
        for p in e.notes:
            where = f"¶{p.paragraph}" if p.paragraph else "¶?"
            state = " (detached: its paragraph is gone)" if p.detached else ""
            body = safe_text(p.note.body).replace("\n", "\n  ")
            lines += ["", f"- **{where}**{state}: {body}", f"  > {md_escape(_line(p.text))}"]
    return "\n".join(lines) + "\n"


def _text(entries: Sequence[Entry]) -> str:
    if not entries:
        return "no marks, tags or notes yet (m marks, # tags, a adds a note in the app)\n"
    lines = []
    for e in entries:
        src, rec = e.source, e.record
        flags = (["marked"] if rec.marked else []) + [f"#{t}" for t in rec.tags]
        lines.append(f"{src.meeting_date or 'undated':10}  {src.title}  {' '.join(flags)}".rstrip())
        if e.readout_id:
            lines.append(f"            {e.readout_id}")
        lines.append(f"            {cite(src)}")
        for p in e.notes:
            where = f"¶{p.paragraph}" if p.paragraph else "¶?"
            state = " (detached)" if p.detached else ""
            lines.append(f"    {where}{state}: {_line(p.note.body)}")
    return "\n".join(lines) + "\n"


def cmd_notes(args: argparse.Namespace) -> int:
    from tui.cli import load

    corpus = load(args.paths, rebuild=args.rebuild) if args.paths else None
    store = _open_store()
    try:
        entries = _entries(store, corpus)
    except NotesError as exc:
        from tui.cli import CliError

        raise CliError(str(exc), status=1) from None
    finally:
        store.close()
    if args.json:
        json.dump([_entry_json(e) for e in entries], sys.stdout, ensure_ascii=True, indent=2)
        sys.stdout.write("\n")
    elif args.csv:
        sys.stdout.write(_csv(entries))
    elif args.markdown:
        sys.stdout.write(_markdown(entries))
    else:
        sys.stdout.write(_text(entries))
    return 0


# ---------------------------------------------------------------- cite


def preferred_format(store: NotesStore | None) -> str:
    """The citation format chosen last (plain when none was, or the store is unavailable)."""
    if store is None:
        return "plain"
    try:
        fmt = store.setting(FORMAT_SETTING, "plain")
    except NotesError:
        return "plain"
    return fmt if fmt in FORMATS else "plain"


def cmd_cite(args: argparse.Namespace) -> int:
    from tui.cli import CliError, load

    corpus = load(args.paths, rebuild=args.rebuild)
    readout = corpus.readout(args.id)
    if readout is None:
        raise CliError(f"no readout with id {_line(args.id)!r} (see `{PROG} list`)", status=1)
    fmt = args.format
    if fmt is None:
        try:
            store: NotesStore | None = NotesStore()
        except NotesError:
            store = None  # a citation needs no store: plain text, as on a first run
        fmt = preferred_format(store)
        if store is not None:
            store.close()
    paras = paragraphs(readout)
    src = Source.of_readout(readout)
    if args.paragraph is None:
        if args.quote:
            raise CliError("--quote needs --paragraph N")
        print(cite(src, None, fmt))
        return 0
    if not 1 <= args.paragraph <= len(paras):
        raise CliError(
            f"{readout.id} has paragraphs 1 to {len(paras)}; there is no paragraph "
            f"{args.paragraph}",
            status=1,
        )
    citation = cite(src, args.paragraph, fmt)
    if args.quote:
        print(quotation(paras[args.paragraph - 1].text, citation, fmt))
    else:
        print(citation)
    return 0
