"""`search` on a folder searched before: with its files unchanged and its index complete, the
answer reads only the records of its hits (`index.cache_records`), never the whole parse
cache, and is the same answer; anything changed or damaged is answered the ordinary way."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

import index.cache
from index.cache_records import FOOTER as FOOTER_BYTES
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


OTHER_READOUTS = {
    "2023-03-02-readout-g20-sherpas.md": """---
title: Readout of the Deputy Secretary's Meeting with G20 Sherpas
date: 2023-03-02
source: state-department
---
Deputy Secretary of State Wendy Sherman met G20 sherpas in New Delhi today. The Deputy
Secretary and the sherpas discussed food security, debt relief for low-income countries and
the reform of multilateral development banks ahead of the leaders' summit in September.
""",
    "2022-11-15-readout-bali-trade.md": """---
title: Readout of the Trade Ministers' Meeting on the Margins of the Bali Summit
date: 2022-11-15
source: whitehouse
---
The United States Trade Representative met her counterparts from Indonesia and Australia in
Bali. They discussed supply chains for critical minerals, digital trade rules and labour
standards, and agreed to meet again in the spring.
""",
}


def folder_with_others(root: Path) -> Path:
    """The seeds and two readouts about something else (never a hit for "dokdo")."""
    folder = folder_of_seeds(root)
    for name, text in OTHER_READOUTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_records_the_answer_does_not_need_are_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record but the hits' damaged, and the whole cache refused: the answer is still
    the right one, so only the hits' records were read."""
    from index.cache_records import ENTRY, Table

    folder = folder_with_others(tmp_path)
    first = run(capsys, "search", "dokdo", folder, "--json")
    text = run(capsys, "search", "dokdo", folder)
    hits = {h["id"] for h in json.loads(first.out)}
    assert first.status == 0 and hits
    (records,) = (tmp_path / "cache").rglob("*.records")
    data = bytearray(records.read_bytes())
    at, size = (int(x) for x in data[-FOOTER_BYTES:].split()[3:5])
    table = pickle.loads(bytes(data[at : at + size]))
    assert isinstance(table, Table)
    others = [n for n, rid in enumerate(table.ids) if rid not in hits]
    assert len(others) >= 2  # the two readouts about something else, at least
    for n in others:
        offset, length, *_ = ENTRY.unpack_from(table.entries, n * ENTRY.size)
        for i in range(offset, offset + length):
            data[i] ^= 0xFF
    records.write_bytes(bytes(data))
    with monkeypatch.context() as patched:
        whole_cache_refused(patched)
        again = run(capsys, "search", "dokdo", folder, "--json")
        plain = run(capsys, "search", "dokdo", folder)
        limited = run(capsys, "search", "dokdo", folder, "--limit", "1")
    assert (again.status, again.out, again.err) == (first.status, first.out, first.err)
    assert (plain.status, plain.out) == (text.status, text.out)
    assert limited.status == 0 and limited.out.splitlines()[0] == text.out.splitlines()[0]


def test_a_records_file_that_is_missing_or_of_another_layout_is_written_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search after it answers the ordinary way and writes it: the next reads only its
    hits again."""
    folder = folder_with_others(tmp_path)
    first = run(capsys, "search", "dokdo", folder, "--json")
    (records,) = (tmp_path / "cache").rglob("*.records")
    older = bytearray(records.read_bytes())
    older[-FOOTER_BYTES:] = older[-FOOTER_BYTES:].replace(b"-records-2 ", b"-records ")
    for damage in (records.unlink, lambda: records.write_bytes(bytes(older))):
        damage()
        assert run(capsys, "search", "dokdo", folder, "--json").out == first.out
        with monkeypatch.context() as patched:
            whole_cache_refused(patched)
            again = run(capsys, "search", "dokdo", folder, "--json")
        assert (again.status, again.out) == (first.status, first.out)


def test_a_file_touched_but_unchanged_keeps_the_quick_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new modification time with the same content (a copy, a checkout): answered the
    ordinary way once, then from the records again."""
    folder = folder_with_others(tmp_path)
    first = run(capsys, "search", "dokdo", folder, "--json")
    touched = sorted(folder.iterdir())[0]
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert run(capsys, "search", "dokdo", folder, "--json").out == first.out
    with monkeypatch.context() as patched:
        whole_cache_refused(patched)
        again = run(capsys, "search", "dokdo", folder, "--json")
    assert (again.status, again.out) == (first.status, first.out)


def test_the_records_of_a_corpus_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every readout once, in the corpus's order; an id it does not hold is not there."""
    from index.cache import cached_records, load_corpus_cached

    folder = folder_with_others(tmp_path)
    corpus, _ = load_corpus_cached([folder])
    records = cached_records([folder])
    assert records is not None
    assert list(records) == [r.id for r in corpus.readouts] and len(records) == 7
    for r in corpus.readouts:
        assert r.id in records
        got = records[r.id]
        assert (got.id, got.title, got.text) == (r.id, r.title, r.text)
    assert "no-such-readout" not in records and 7 not in records
    with pytest.raises(KeyError):
        records["no-such-readout"]


@pytest.mark.parametrize("given", [".", "./", "readouts/..//readouts"])
def test_a_folder_given_as_a_relative_path_is_answered_from_the_records(
    given: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The files walked are named as `Path` writes them ("./a.md" is "a.md"), the same at
    every walk, so a second search finds the records file fits them."""
    folder = folder_with_others(tmp_path)
    monkeypatch.chdir(folder if given.startswith(".") else tmp_path)
    first = run(capsys, "search", "dokdo", given, "--json")
    assert first.status == 0 and json.loads(first.out)
    with monkeypatch.context() as patched:
        whole_cache_refused(patched)
        again = run(capsys, "search", "dokdo", given, "--json")
    assert (again.status, again.out) == (first.status, first.out)
