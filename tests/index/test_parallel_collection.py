"""A large collection's documents parsed in worker processes give what one process gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import parallel_parse
from index.corpus import load_corpus, parse_path
from index.model import Readout


def write_collection(path: Path, n: int) -> None:
    """`n` documents made from the seeds (each its own), with bad lines among them."""
    seeds = list(load_corpus().readouts)
    lines = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        text = f"{seed.title}\n\n{seed.text}\n\nArchive line {i}."
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "source_url": f"u/{i}"}))
        if i % 50 == 7:
            lines.append("{not json")
        if i % 50 == 21:
            lines.append(json.dumps({"id": f"empty-{i}", "text": "  "}))
        if i % 50 == 33:
            lines.append(json.dumps({"id": f"none-{i}"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def records(readouts: list[Readout]) -> list[dict[str, object]]:
    return [r.to_json(full=True) for r in readouts]


@pytest.mark.parametrize("workers", [2, 1])
def test_a_collection_parsed_in_workers_reads_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    path = tmp_path / "archive.jsonl"
    write_collection(path, 150)
    monkeypatch.setattr(parallel_parse, "COLLECTION_BYTES", 0)
    monkeypatch.setattr(parallel_parse, "DOCS_CHUNK", 16)
    seen: list[int] = []
    readouts, skipped = parallel_parse.parse_collection(
        path, on_document=lambda so_far: seen.append(len(so_far)), workers=workers
    )
    want_readouts, want_skipped = parse_path(path)
    assert len(readouts) == 150 and len(skipped) == 9
    assert records(readouts) == records(want_readouts)
    assert skipped == want_skipped  # the same reasons, in file order
    assert seen == sorted(seen) and seen[-1] == 150 and len(set(seen)) > 3
    assert 0 < seen[0] <= parallel_parse.FIRST_CHUNK  # the first readouts come at once


def test_without_processes_the_collection_is_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.jsonl"
    write_collection(path, 40)
    monkeypatch.setattr(parallel_parse, "COLLECTION_BYTES", 0)

    def no_process(*args: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(parallel_parse, "Worker", no_process)
    readouts, skipped = parallel_parse.parse_collection(path, workers=2)
    assert records(readouts) == records(parse_path(path)[0]) and len(readouts) == 40
    assert [s.reason for s in skipped][:1] == ["not a JSON object (JSONDecodeError)"]
