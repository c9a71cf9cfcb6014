"""Export: CSV a spreadsheet or pandas reads back field for field, JSON Lines one object per
line, the documented column names, and document text that cannot drive a terminal."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

from index.concordance import concordance
from index.export import (
    KWIC_FIELDS,
    READOUT_FIELDS,
    TIMELINE_FIELDS,
    file_name,
    kwic_record,
    readout_record,
    source_url,
    timeline_record,
    write,
    write_file,
)
from index.search import SearchIndex
from index.timeline import timeline
from tests.index.analysis_corpus import generated
from tests.index.readouts import plain_readout

AWKWARD = 'He said, "yes"; then\nleft\r\n\x1b[31m=cmd|\u202eevil'


def test_csv_round_trips_awkward_text_and_one_record_is_one_line() -> None:
    r = plain_readout("2020-awkward", "text")
    r = replace(r, title=AWKWARD, metadata=(("source_url", "https://x.org/a?b=1,2"),))
    out = io.StringIO(newline="")
    assert write([readout_record(r)], READOUT_FIELDS, out, "csv") == 1
    data = out.getvalue()
    assert len(data.splitlines()) == 2
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert list(rows[0]) == list(READOUT_FIELDS)
    assert rows[0]["url"] == "https://x.org/a?b=1,2"
    assert rows[0]["title"].startswith('He said, "yes"; then left ')
    assert "\x1b" not in data and "\u202e" not in data and "␛[31m" in rows[0]["title"]


def test_jsonl_is_one_object_per_line_with_the_fields() -> None:
    readouts = generated(seed=5, n=60)
    index = SearchIndex.build(readouts)
    kwic = concordance(index, readouts, "zorbel")
    out = io.StringIO()
    n = write((kwic_record(ln) for ln in kwic.lines), KWIC_FIELDS, out, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(records) == len(kwic.lines) > 0
    for rec, line in zip(records, kwic.lines, strict=True):
        assert list(rec) == list(KWIC_FIELDS)
        assert (rec["id"], rec["match"], rec["offset"]) == (line.id, line.match, line.offset)
        assert rec["publisher"] == line.publisher
        assert rec["url"] == source_url(line.readout)


def test_timeline_csv_has_its_columns_and_numbers() -> None:
    readouts = generated(seed=5, n=60)
    index = SearchIndex.build(readouts)
    tl = timeline(index, readouts, "plosk")
    out = io.StringIO(newline="")
    write((timeline_record(r) for r in tl.rows), TIMELINE_FIELDS, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == TIMELINE_FIELDS
    assert sum(int(row["matches"]) for row in rows) == tl.matches > 0
    assert sum(int(row["total"]) for row in rows) == len(readouts)


def test_url_is_empty_when_unknown_and_taken_from_either_field() -> None:
    r = plain_readout("a", "t")
    assert source_url(r) == ""
    assert source_url(replace(r, metadata=(("url", "see https://a.b/c"),))) == "https://a.b/c"
    assert source_url(replace(r, metadata=(("source_url", "n/a"),))) == ""


def test_file_name_is_the_query_and_what(tmp_path: Path) -> None:
    assert file_name('"Taiwan Strait" date:2021', "kwic") == "taiwan-strait-date-2021-kwic.csv"
    assert file_name("", "results") == "all-results.csv"
    r = plain_readout("a", "t")
    path = tmp_path / "out.jsonl"
    assert write_file(path, [readout_record(r)], READOUT_FIELDS) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == "a"
    path = tmp_path / "out.csv"
    write_file(path, [readout_record(r)] * 2, READOUT_FIELDS)
    assert len(list(csv.DictReader(path.open(encoding="utf-8", newline="")))) == 2
