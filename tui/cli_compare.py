"""`readouts-tui compare ID [ID2]`: two readouts side by side by topic, as text or JSON.

The comparison itself is `index.compare`; this module only picks the two readouts (through
`index.compare_select.resolve_pair`) and prints. Document text (titles, quoted paragraphs) goes
through `safe_text` before it reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from textwrap import shorten

from index.attribution import sentences
from index.compare import Comparison, Paragraph, TopicRow, compare, paragraphs
from index.compare_select import PairError, resolve_pair
from index.model import Corpus, Readout
from index.sanitize import safe_text

COMPARE_EPILOG = """\
ID alone: a readout whose meeting has a readout from a second publisher, or a meeting id.
ID and ID2: any two readouts (or meetings), e.g. two publishers' accounts of two meetings.

examples:
  readouts-tui compare 2018-01-16-mofa-japan-kono-kang 2018-04-11-mofa-korea-kang-kono
  readouts-tui compare MEETING-ID --json ~/readouts | jq .only

exit status: 0 compared, 1 an id that names nothing or no second readout,
2 bad arguments."""

QUOTE_WIDTH = 88
"""Characters of a paragraph quoted under a topic in the text output."""


def build_parser(
    parser_class: type[argparse.ArgumentParser],
    add_paths: Callable[[argparse.ArgumentParser], None],
    prog: str,
) -> argparse.ArgumentParser:
    """The `compare` sub-command's parser (`add_paths` adds the shared PATH and --rebuild)."""
    p = parser_class(
        prog=f"{prog} compare",
        description="Compare two readouts by topic: what both raise, what only one raises, "
        "the words each uses for the same thing, and who is said to have raised what.",
        epilog=COMPARE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", metavar="ID", help="a readout or meeting id from `list`")
    p.add_argument("id2", metavar="ID2", nargs="?", default="", help="the readout to compare with")
    p.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    add_paths(p)
    return p


def pick(corpus: Corpus, first: str, second: str) -> tuple[Readout, Readout]:
    """The two readouts, or a `CliError` with the reason in one line."""
    from tui.cli import CliError

    try:
        return resolve_pair(corpus, first, second)
    except PairError as exc:
        raise CliError(str(exc), status=1) from None


def run_compare(args: argparse.Namespace, load: Callable[..., Corpus]) -> int:
    """Print the comparison of the readouts `args.id` (and `args.id2`) name, in the corpus
    `load(paths, rebuild=...)` reads.

    `compare ID PATH` reads PATH as the second id by position; a second "id" that is an
    existing file or folder is taken as the first path instead."""
    paths = list(args.paths)
    second = args.id2
    if second and Path(second).exists():
        paths.insert(0, second)
        second = ""
    corpus = load(paths, rebuild=args.rebuild)
    a, b = pick(corpus, args.id, second)
    result = compare(a, b)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=True, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(render_text(result, a, b))
    return 0


def _line(text: str) -> str:
    return safe_text(text, newlines=False)


def render_text(result: Comparison, a: Readout, b: Readout) -> str:
    """The header, then each topic with each side's paragraphs, the terms and who said what."""
    out: list[str] = []
    for readout, side in ((a, result.left), (b, result.right)):
        out.append(f"{side.label}: {_line(readout.title)}")
        where = f" · {_line(side.place)}" if side.place else ""
        out.append(f"  {readout.id} · {readout.meeting_date or 'undated'}{where}")
    out.append(result.summary())
    out.append("")
    texts = {result.left.label: a, result.right.label: b}
    for row in result.rows:
        out.extend(_row_lines(row, texts))
    if result.terms:
        out.append("")
        out.append("the same thing in other words:")
        for d in result.terms:
            left = ", ".join(_line(t) for t in d.left)
            right = ", ".join(_line(t) for t in d.right)
            out.append(f"  {result.left.label}: {left}  |  {result.right.label}: {right}")
    if result.attributions:
        out.append("")
        out.append("who is said to have raised what:")
        for at in result.attributions:
            out.append(
                f"  {at.label}: {_line(at.speaker)} {at.verb} · {at.topic} (¶{at.paragraph})"
            )
    return "\n".join(out) + "\n"


def _row_lines(row: TopicRow, texts: dict[str, Readout]) -> list[str]:
    mark = f"  [only {row.only}]" if row.only else ""
    lines = [f"{row.topic}{mark}"]
    width = max(len(s.label) for s in row.sides)
    for side in row.sides:
        label = side.label.ljust(width)
        if not side.mentioned:
            lines.append(f"  {label}  — not mentioned by {side.label}")
            continue
        readout = texts[side.label]
        paras = paragraphs(readout)
        words = ", ".join(dict.fromkeys(_line(u.term) for u in side.uses))
        where = ", ".join(f"¶{i}" for i in side.paragraphs)
        lines.append(f"  {label}  {where}  ({words})")
        quote = _quote(readout, side.uses[0].start, paras)
        lines.append(f"  {' ' * width}  “{quote}”")
    return lines


def _quote(readout: Readout, offset: int, paras: tuple[Paragraph, ...]) -> str:
    """The sentence of `readout` holding `offset` (where a side first raises a topic),
    cut round the term when it is longer than `QUOTE_WIDTH`."""
    text = readout.text
    start, end = offset, offset
    for p in paras:
        if p.start <= offset < p.end:
            start, end = p.start, p.end
            for s_start, s_end in sentences(text, p.start, p.end):
                if s_start <= offset < s_end:
                    start, end = s_start, s_end
    lead = ""
    if end - start > QUOTE_WIDTH and offset - start > QUOTE_WIDTH // 3:
        cut = text.find(" ", offset - QUOTE_WIDTH // 3, offset)
        start, lead = (cut + 1 if cut >= 0 else offset), "…"
    return lead + shorten(_line(text[start:end]), QUOTE_WIDTH, placeholder="…")
