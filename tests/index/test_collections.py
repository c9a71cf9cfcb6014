"""Collections of any size: a JSON Lines file is read a record at a time, and the size limit
belongs to one document (a file, or one record), never to the file that holds many.

A 1.2 GB collection of 100,000 documents used to be refused whole ("too large (1186 MB; the
limit is 200 MB)"). The limit is lowered here so that the files stay small.
"""

from __future__ import annotations

import gzip
import json
import lzma
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import index.corpus
from index.corpus import load_corpus, original_text, read_path
from index.model import Skip

LIMIT = 4096

WRITERS: dict[str, Callable[[Path, bytes], None]] = {
    ".jsonl": lambda p, data: p.write_bytes(data),
    ".jsonl.gz": lambda p, data: p.write_bytes(gzip.compress(data)),
    ".jsonl.xz": lambda p, data: p.write_bytes(lzma.compress(data)),
}


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(index.corpus, "MAX_DOCUMENT_BYTES", LIMIT)
    return LIMIT


def record(n: int, size: int = 200) -> bytes:
    text = f"Record {n} says the ministers met. " + "x" * size
    return json.dumps({"title": f"Record {n}", "date": "2020-01-02", "text": text}).encode() + b"\n"


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_a_collection_over_the_limit_loads_but_its_one_oversized_record(
    tmp_path: Path, small_limit: int, suffix: str
) -> None:
    lines = [record(n) for n in range(1, 41)]
    lines[16] = record(17, size=3 * small_limit)  # line 17: one record over the limit
    data = b"".join(lines)
    assert len(data) > 2 * small_limit  # the file as a whole is well over it
    path = tmp_path / f"notes{suffix}"
    WRITERS[suffix](path, data)

    corpus = load_corpus([path])
    assert corpus.skipped == (
        Skip(f"{path}:17", f"too large ({len(lines[16]) >> 10} KB; the limit is 4 KB)"),
    )
    titles = sorted(r.title for r in corpus.readouts)
    assert titles == sorted(f"Record {n}" for n in range(1, 41) if n != 17)
    after = next(r for r in corpus.readouts if r.title == "Record 18")
    assert after.path == f"{path}:18" and original_text(after).startswith("Record 18 says")


def test_a_record_exactly_at_the_limit_is_read(tmp_path: Path, small_limit: int) -> None:
    fill = small_limit - len(json.dumps({"title": "Edge", "text": ""}))
    line = json.dumps({"title": "Edge", "text": "y" * fill}).encode()
    assert len(line) == small_limit
    path = tmp_path / "edge.jsonl"
    path.write_bytes(line + b"\n" + line + b" \n")  # the second a byte over
    got = list(read_path(path))
    assert [getattr(x, "path", None) for x in got] == [f"{path}:1", f"{path}:2"]
    assert not isinstance(got[0], Skip) and isinstance(got[1], Skip)
    assert got[1].reason.startswith("too large")


def test_a_single_file_over_the_limit_is_still_skipped(tmp_path: Path, small_limit: int) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Big\n\nJune 1, 2020\n\n" + "word " * small_limit, encoding="utf-8")
    corpus = load_corpus([path])
    assert corpus.readouts == ()
    assert [s.reason for s in corpus.skipped] == ["too large (20 KB; the limit is 4 KB)"]


def test_reading_a_collection_holds_one_record_at_a_time(tmp_path: Path, small_limit: int) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("wb") as f:
        for n in range(3000):
            f.write(record(n, size=1000))
        f.write(record(3000, size=100 * small_limit))  # a long line: passed over in pieces
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for item in read_path(path) if not isinstance(item, Skip))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert size > 3_000_000 and peak < size // 10
