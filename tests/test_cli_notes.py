"""`readouts-tui notes`, `readouts-tui cite` and review flags in `search`, as a user meets
them: what they print and exit with. Each test has its own notes store (conftest gives every
test a private XDG_DATA_HOME)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.model import Readout
from index.notes.keys import Anchor, paragraphs
from index.notes.store import NotesStore, ReadoutInfo, default_path
from tests.cli_run import run
from tests.test_cli import unsafe_characters

JAPAN = "2018-01-16-mofa-japan-kono-kang"
KOREA = "2018-04-11-mofa-korea-kang-kono"


def _seeds() -> dict[str, Readout]:
    return {r.id: r for r in load_corpus().readouts}


def _review() -> dict[str, Readout]:
    """Japan's 2018 readout marked and tagged, a note on the third paragraph of Korea's."""
    seeds = _seeds()
    store = NotesStore()
    store.toggle_mark(ReadoutInfo.of(seeds[JAPAN]))
    store.set_tags(ReadoutInfo.of(seeds[JAPAN]), ["history", "north-korea"])
    korea = seeds[KOREA]
    para = paragraphs(korea)[2]
    store.save_note(ReadoutInfo.of(korea), Anchor.of(para), "Compare with Japan's account")
    store.close()
    return seeds


def test_notes_before_anything_is_saved(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "notes")
    assert r.status == 0
    assert r.out.startswith("no marks, tags or notes yet")


def test_notes_lists_marks_tags_and_notes_with_citations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeds = _review()
    r = run(capsys, "notes")
    assert r.status == 0, r.err
    lines = r.out.splitlines()
    japan = next(i for i, line in enumerate(lines) if "marked" in line)
    assert lines[japan].startswith("2018-01-16  Japan-ROK Foreign Ministers' Meeting")
    assert lines[japan].endswith("marked #history #north-korea")
    assert lines[japan + 1].strip() == JAPAN
    assert lines[japan + 2].strip().startswith("Ministry of Foreign Affairs of Japan, ")
    assert "    ¶3: Compare with Japan's account" in lines
    assert seeds[KOREA].title in r.out


def test_notes_json_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    _review()
    data = json.loads(run(capsys, "notes", "--json").out)
    by_id = {d["id"]: d for d in data}
    assert by_id[JAPAN]["marked"] is True and by_id[JAPAN]["tags"] == ["history", "north-korea"]
    assert by_id[JAPAN]["citation"]["bibtex"].startswith("@misc{" + JAPAN + ",")
    [note] = by_id[KOREA]["notes"]
    assert note["paragraph"] == 3 and note["note"] == "Compare with Japan's account"
    assert note["detached"] is False and note["citation"].endswith(by_id[KOREA]["path"])
    assert "paragraph 3" in note["citation"]

    rows = list(csv.DictReader(io.StringIO(run(capsys, "notes", "--csv").out)))
    assert {(row["id"], row["paragraph"], row["note"]) for row in rows} == {
        (JAPAN, "", ""),
        (KOREA, "3", "Compare with Japan's account"),
    }

    log = run(capsys, "notes", "--markdown").out
    assert log.startswith("# Research log\n")
    assert "## Japan-ROK Foreign Ministers' Meeting (2018-01-16)" in log
    assert "**marked** · tags: `history`, `north-korea`" in log
    assert "- **¶3**: Compare with Japan's account" in log


def test_notes_for_a_folder_follow_moved_files_and_keep_detached_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = _review()
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copyfile(seeds[JAPAN].path, folder / "renamed.txt")
    data = json.loads(run(capsys, "notes", "--json", folder).out)
    assert [d["id"] for d in data] == [JAPAN]
    assert data[0]["path"] == str(folder / "renamed.txt")

    store = NotesStore()
    info = ReadoutInfo.of(seeds[JAPAN])
    gone = Anchor(9, "0" * 12, "a paragraph that is not in this readout any more")
    store.save_note(info, gone, "still here")
    store.close()
    data = json.loads(run(capsys, "notes", "--json", folder).out)
    [note] = data[0]["notes"]
    assert note["detached"] is True and note["paragraph"] is None
    assert note["note"] == "still here"
    assert "(detached)" in run(capsys, "notes", folder).out


def test_cite_prints_a_citation_in_the_format_asked_or_last_chosen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = run(capsys, "cite", JAPAN)
    assert r.status == 0
    assert r.out.startswith('Ministry of Foreign Affairs of Japan, "Japan-ROK Foreign Ministers')
    assert "paragraph" not in r.out
    r = run(capsys, "cite", JAPAN, "--paragraph", "2", "--format", "bibtex")
    assert r.out.startswith("@misc{" + JAPAN + ":p2,") and "paragraph 2" in r.out
    store = NotesStore()
    store.set_setting("citation-format", "markdown")
    store.close()
    assert run(capsys, "cite", JAPAN).out.startswith("Ministry of Foreign Affairs of Japan, *")
    quoted = run(capsys, "cite", JAPAN, "-p", "2", "--quote").out
    assert quoted.startswith("> The two ministers exchanged views")


def test_cite_errors_are_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "cite", JAPAN, "-p", "99")
    assert r.status == 1
    assert r.err == (f"readouts-tui: {JAPAN} has paragraphs 1 to 7; there is no paragraph 99\n")
    r = run(capsys, "cite", "no-such-id")
    assert r.status == 1 and "no readout with id 'no-such-id'" in r.err


def test_search_uses_the_review_flags(capsys: pytest.CaptureFixture[str]) -> None:
    _review()
    r = run(capsys, "search", "--json", "is:marked tag:history")
    assert r.status == 0, r.err
    hits = json.loads(r.out)
    assert [h["id"] for h in hits] == [JAPAN]
    assert {"id", "score", "title", "meeting_date", "snippets"} <= set(hits[0])
    r = run(capsys, "search", "--json", "dokdo has:note")
    assert [h["id"] for h in json.loads(r.out)] == [KOREA]
    r = run(capsys, "search", "dokdo -is:marked is:unread")
    assert JAPAN not in r.out and KOREA in r.out


def test_a_foreign_database_is_refused_and_left_as_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE budget (item, amount)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    r = run(capsys, "notes")
    assert r.status == 1
    assert "another program's SQLite database" in r.err and "left as it is" in r.err
    r = run(capsys, "search", "is:marked")
    assert r.status == 1 and "another program's SQLite database" in r.err
    assert path.read_bytes() == before


def test_hostile_notes_and_tags_print_as_characters(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = _seeds()
    store = NotesStore()
    info = ReadoutInfo.of(seeds[JAPAN])
    store.set_tags(info, ["\x1b[2Jwipe"])
    store.save_note(info, Anchor.of(paragraphs(seeds[JAPAN])[0]), "\x1b]52;c;cm0=\x07 \u202e")
    store.close()
    for fmt in ((), ("--json",), ("--csv",), ("--markdown",)):
        out = run(capsys, "notes", *fmt).out
        assert unsafe_characters(out) == [], fmt
