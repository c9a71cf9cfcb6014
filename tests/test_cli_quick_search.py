"""`search` on a folder searched before: with its files unchanged and its index complete, the
answer reads only the records of its hits (`index.cache_records`), never the whole parse
cache, and is the same answer; anything changed or damaged is answered the ordinary way."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import index.cache
from index.corpus import seeds_dir
from tests.cli_run import run


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def folder_of_seeds(root: Path) -> Path:
    folder = root / "readouts"
    shutil.copytree(seeds_dir(), folder)
    return folder


def whole_cache_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole parse cache was loaded")

    monkeypatch.setattr(index.cache, "_load", refuse)


def test_a_second_search_reads_only_its_hits_and_answers_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_seeds(tmp_path)
    first = run(capsys, "search", "dokdo", folder, "--json")
    text = run(capsys, "search", "dokdo", folder)
    assert first.status == 0 and json.loads(first.out)
    with monkeypatch.context() as patched:
        whole_cache_refused(patched)
        again = run(capsys, "search", "dokdo", folder, "--json")
        plain = run(capsys, "search", "dokdo", folder)
        none = run(capsys, "search", "zzyzxnothing", folder, "--json")
    assert (again.status, again.out) == (first.status, first.out)
    assert (plain.status, plain.out) == (text.status, text.out)
    assert none.status == 1 and json.loads(none.out) == []
    hits = json.loads(again.out)
    assert {"id", "meeting_date", "published", "title", "snippets"} <= set(hits[0])


def test_a_changed_file_is_read_again_before_answering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_of_seeds(tmp_path)
    assert run(capsys, "search", "quetzalcoatl", folder).status == 1
    changed = sorted(folder.iterdir())[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nThe ministers also spoke of Quetzalcoatl.\n",
        encoding="utf-8",
    )
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    found = run(capsys, "search", "quetzalcoatl", folder, "--json")
    assert found.status == 0 and len(json.loads(found.out)) == 1


def test_a_damaged_record_is_answered_the_ordinary_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_of_seeds(tmp_path)
    first = run(capsys, "search", "dokdo", folder, "--json")
    (records,) = (tmp_path / "cache").rglob("*.records")
    data = bytearray(records.read_bytes())
    for at in range(0, len(data) // 3, 50):  # inside the records (the table is last)
        data[at] ^= 0xFF
    records.write_bytes(bytes(data))
    again = run(capsys, "search", "dokdo", folder, "--json")
    assert (again.status, again.out) == (first.status, first.out)
