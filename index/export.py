"""Results to take away: CSV (a header row, one record per line) and JSON Lines, with the same
column names everywhere, for R, pandas or a spreadsheet.

Every record about a readout carries `READOUT_FIELDS`; a concordance line adds `date` (the
meeting date, else the published date), `left`, `match`, `right` and `offset`; a timeline row
is `period`, `publisher`, `matches`, `total`. Text from documents is written through
`safe_text` on one line: a file opened in a terminal, or a record piped to one, cannot drive
it (and a record never spans two lines).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from index.model import Readout
from index.sanitize import safe_text

if TYPE_CHECKING:
    from index.concordance import KwicLine
    from index.timeline import TimelineRow


READOUT_FIELDS = ("id", "meeting_date", "published", "publisher", "title", "url", "path")
KWIC_FIELDS = ("id", "date", *READOUT_FIELDS[1:], "left", "match", "right", "offset")
TIMELINE_FIELDS = ("period", "publisher", "matches", "total")
SEARCH_FIELDS = ("rank", "score", *READOUT_FIELDS, "matched")
FORMATS = ("csv", "jsonl")

_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def source_url(readout: Readout) -> str:
    """Where the readout was published online (`source_url` or `url` in its metadata), or ""
    when the file does not say."""
    for key in ("source_url", "url"):
        found = _URL.search(readout.meta(key))
        if found:
            return found.group()
    return ""


def readout_record(readout: Readout) -> dict[str, Any]:
    """The fields every exported record about `readout` carries."""
    return {
        "id": readout.id,
        "meeting_date": readout.meeting_date,
        "published": readout.published,
        "publisher": readout.source,
        "title": readout.title,
        "url": source_url(readout),
        "path": readout.path,
    }


def kwic_record(line: KwicLine) -> dict[str, Any]:
    """A concordance line with its readout's fields."""
    return {
        "id": line.id,
        "date": line.date,
        **readout_record(line.readout),
        "left": line.left,
        "match": line.match,
        "right": line.right,
        "offset": line.offset,
    }


def timeline_record(row: TimelineRow) -> dict[str, Any]:
    return row.to_json()


def _safe(value: Any) -> Any:
    return safe_text(value, newlines=False) if isinstance(value, str) else value


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(_safe(v)) for v in value)
    return _safe(value)


def write_csv(records: Iterable[Mapping[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """`records` as CSV on `out` (open it with `newline=""`): a header row of `fields`, then a
    row each; a list value is one cell, its items joined by "; ". Returns the rows written."""
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow({k: _cell(record.get(k, "")) for k in fields})
        n += 1
    return n


def clean_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """`record` with its text values (lists' items too) through `safe_text` on one line."""
    return {
        k: [_safe(x) for x in v] if isinstance(v, list) else _safe(v) for k, v in record.items()
    }


def write_jsonl(records: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """`records` as JSON Lines on `out`: one object per line. Returns the lines written."""
    n = 0
    for record in records:
        out.write(json.dumps(clean_record(record), ensure_ascii=False) + "\n")
        n += 1
    return n


def write(
    records: Iterable[Mapping[str, Any]], fields: Sequence[str], out: TextIO, fmt: str
) -> int:
    """`write_csv` or `write_jsonl` by `fmt` (one of `FORMATS`)."""
    if fmt == "csv":
        return write_csv(records, fields, out)
    if fmt == "jsonl":
        return write_jsonl(records, out)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def file_name(query: str, what: str, fmt: str = "csv") -> str:
    """A file name for an export of `what` ("results", "kwic", "timeline") for `query`:
    `taiwan-strait-kwic.csv`; `all-results.csv` for no query."""
    from index.meetings import slug

    return f"{slug(query) or 'all'}-{what}.{fmt}"


def format_of(path: str | Path) -> str:
    """The format a file name asks for: JSON Lines when it ends in `.jsonl` or `.json`, else
    CSV."""
    return "jsonl" if Path(path).suffix.lower() in (".jsonl", ".json") else "csv"


def write_file(
    path: str | Path, records: Iterable[Mapping[str, Any]], fields: Sequence[str]
) -> int:
    """Write `records` to `path` in the format its name asks for (`format_of`). Returns the
    records written; raises OSError when the file cannot be written."""
    target = Path(path).expanduser()
    with target.open("w", encoding="utf-8", newline="") as out:
        return write(records, fields, out, format_of(target))
