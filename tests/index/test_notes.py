"""The notes store: what is saved stays saved, under keys that outlive files and indexes.

Each test opens real SQLite files in its own folder (conftest gives every test a private
XDG_DATA_HOME), including a child process killed with SIGKILL in the middle of its writes and a
folder the store cannot write to.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from index.notes.keys import Anchor, locate, paragraph_at, paragraphs, readout_key
from index.notes.store import (
    NotesError,
    NotesStore,
    NotesUnavailable,
    ReadoutInfo,
    default_path,
)
from tests.index.readouts import plain_readout

REPO = Path(__file__).resolve().parents[2]
TEXT = "First paragraph about Dokdo.\n\nSecond one on trade and tariffs.\n\nThird on history."


def _info(rid: str = "r1", text: str = TEXT) -> ReadoutInfo:
    return ReadoutInfo.of(plain_readout(rid, text))


def test_the_store_lives_in_the_user_data_folder_and_keeps_everything(tmp_path: Path) -> None:
    path = default_path()
    assert str(path).startswith(os.environ["XDG_DATA_HOME"])
    store = NotesStore()
    info = _info()
    assert store.toggle_mark(info) is True
    store.mark_read(info)
    assert store.set_tags(info, ["#Trade ", "history", "trade"]) == ("history", "trade")
    para = paragraphs(plain_readout("r1", TEXT))[1]
    store.save_note(info, Anchor.of(para), "check the tariff figures")
    store.save_search("dokdo talks", "dokdo source:mofa-japan")
    store.set_setting("citation-format", "bibtex")
    store.close()

    again = NotesStore()
    snap = again.snapshot()
    assert snap.marked == {info.key} and snap.read == {info.key} and snap.noted == {info.key}
    assert snap.tags == {info.key: ("history", "trade")}
    [note] = again.notes(info.key)
    assert note.body == "check the tariff figures" and note.anchor.paragraph == 2
    assert again.searches() == [("dokdo talks", "dokdo source:mofa-japan")]
    assert again.setting("citation-format") == "bibtex"
    [record] = again.records()
    assert record.info.title == "r1" and record.marked and record.tags == ("history", "trade")
    assert again.toggle_mark(info) is False
    assert again.snapshot().marked == frozenset()


def test_keys_outlive_a_moved_file_a_new_id_and_a_reparse() -> None:
    here = plain_readout("2018-01-16-a", TEXT)
    moved = replace(plain_readout("2018-01-16-a-2", TEXT), path="elsewhere/renamed.txt")
    assert readout_key(here) == readout_key(moved) and readout_key(here).startswith("text:")
    edited = plain_readout("2018-01-16-a", TEXT + " More.")
    assert readout_key(edited) != readout_key(here)
    url = "https://www.mofa.go.jp/a/page.html"
    with_url = replace(here, metadata=(("source_url", url),))
    reparsed = replace(edited, metadata=(("source_url", url + "/"),), path="x.md")
    assert readout_key(with_url) == readout_key(reparsed) == "url:" + url


def test_a_note_follows_its_paragraph_through_small_edits_and_is_kept_when_it_is_gone() -> None:
    readout = plain_readout("r", TEXT)
    anchor = Anchor.of(paragraphs(readout)[1])  # "Second one on trade and tariffs."

    typo = paragraphs(plain_readout("r", TEXT.replace("tariffs", "tarifs")))
    found = locate(anchor, typo)
    assert found is not None and found.number == 2

    inserted = paragraphs(plain_readout("r", "A new lead paragraph.\n\n" + TEXT))
    found = locate(anchor, inserted)
    assert found is not None and found.number == 3 and found.text.startswith("Second")

    gone = paragraphs(plain_readout("r", "First paragraph about Dokdo.\n\nThird on history."))
    assert locate(anchor, gone) is None

    store = NotesStore()
    store.save_note(ReadoutInfo.of(readout), anchor, "on tariffs")
    [kept] = store.notes(readout_key(readout))
    assert kept.body == "on tariffs" and locate(kept.anchor, gone) is None


def test_paragraphs_skip_headings_and_are_found_by_offset() -> None:
    readout = replace(plain_readout("r", "Heading\n\n" + TEXT), headings=(0,))
    paras = paragraphs(readout)
    assert [p.number for p in paras] == [1, 2, 3]
    assert paras[0].text.startswith("First")
    assert readout.text[paras[1].start :].startswith("Second")
    second = paragraph_at(readout, paras[1].start + 3)
    assert second is not None and second.number == 2
    first = paragraph_at(readout, 0)  # on the heading: the paragraph under it
    assert first is not None and first.number == 1


def test_editing_and_emptying_a_note(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "n.sqlite")
    info = _info()
    anchor = Anchor.of(paragraphs(plain_readout("r1", TEXT))[0])
    note = store.save_note(info, anchor, "first \x1b[31mthought")
    assert note is not None and note.body == "first ␛[31mthought"  # stored as data
    edited = store.save_note(info, anchor, "second thought", note.id)
    assert edited is not None and edited.id == note.id
    assert [n.body for n in store.notes(info.key)] == ["second thought"]
    assert store.save_note(info, anchor, "   ", note.id) is None
    assert store.notes(info.key) == []


def test_two_instances_read_and_write_the_same_store_at_once(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    one, two = NotesStore(path), NotesStore(path)
    one.toggle_mark(_info("a", "text a"))
    assert two.snapshot().marked == {readout_key(plain_readout("a", "text a"))}
    errors: list[Exception] = []

    def write(store: NotesStore, prefix: str) -> None:
        try:
            for i in range(40):
                store.set_tags(_info(f"{prefix}{i}", f"{prefix} text {i}"), [prefix])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, p)) for s, p in ((one, "x"), (two, "y"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    tags = NotesStore(path).snapshot().tags
    assert sum(1 for v in tags.values() if v == ("x",)) == 40
    assert sum(1 for v in tags.values() if v == ("y",)) == 40


CHILD = """
import sys
from pathlib import Path
from index.notes.keys import Anchor
from index.notes.store import NotesStore, ReadoutInfo
store = NotesStore(Path(sys.argv[1]))
i = 0
while True:
    info = ReadoutInfo(key=f"text:{i}", title=f"readout {i}")
    store.save_note(info, Anchor(1, "f", "x"), "note " + str(i) + " " + "z" * 5000)
    print(i, flush=True)
    i += 1
"""


def test_a_process_killed_mid_write_loses_nothing_already_saved(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    saved = -1
    for line in child.stdout:
        saved = int(line)
        if saved >= 60:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    store = NotesStore(path)  # opens: not damaged
    bodies = {n.body.split()[1] for n in store.notes()}
    assert {str(i) for i in range(saved + 1)} <= bodies
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store.toggle_mark(ReadoutInfo(key="text:after"))  # and writable again
    assert "text:after" in NotesStore(path).snapshot().marked


def test_a_full_disk_fails_the_write_clearly_and_keeps_what_was_saved(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    store = NotesStore(path)
    store.save_note(_info(), Anchor(1, "f", "x"), "kept")
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count={pages + 2}")  # the disk fills up now
    with pytest.raises(NotesError, match=r"^notes not saved: the disk is full$"):
        store.save_note(_info("big"), Anchor(1, "f", "x"), "y" * 19_000)
    assert [n.body for n in store.notes()] == ["kept"]
    assert [n.body for n in NotesStore(path).notes()] == ["kept"]


READ_ONLY = """
import sys
from pathlib import Path
from index.notes.store import NotesError, NotesStore, ReadoutInfo
store = NotesStore(Path(sys.argv[1]))
print("readonly", store.readonly)
print("notes", [n.body for n in store.notes()])
try:
    store.toggle_mark(ReadoutInfo(key="text:new"))
except NotesError as exc:
    print("error", exc)
"""


def _unprivileged() -> list[str]:
    """How to run a command for which file permissions hold: as root, without the
    capabilities that let root write anywhere (util-linux's setpriv)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]


def test_a_read_only_folder_is_read_and_writes_say_they_were_not_saved(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "n.sqlite"
    store = NotesStore(path)
    store.save_note(_info(), Anchor(1, "f", "x"), "kept")
    store.close()  # the last connection folds the WAL back in
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        before = path.read_bytes()
        out = subprocess.run(
            [*_unprivileged(), sys.executable, "-c", READ_ONLY, str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        assert lines[0] == "readonly True"
        assert lines[1] == "notes ['kept']"
        assert lines[2].startswith("error notes not saved: ") and "read-only" in lines[2]
        assert path.read_bytes() == before
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_an_unwritable_new_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(NotesUnavailable, match=r"^notes not saved: cannot create "):
        NotesStore(blocker / "sub" / "n.sqlite")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        ("foreign", "another program's SQLite database"),
        ("garbage", "not an SQLite database"),
        ("newer", "written by a newer readouts-tui"),
        ("damaged", "damaged|cannot be read"),
    ],
)
def test_a_foreign_or_damaged_file_is_refused_and_left_as_it_is(
    tmp_path: Path, make: str, says: str
) -> None:
    path = tmp_path / "n.sqlite"
    if make == "garbage":
        path.write_bytes(b"my own notes, not a database\n" * 100)
    elif make == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE mine (x)")
        conn.execute("INSERT INTO mine VALUES (1)")
        conn.commit()
        conn.close()
    else:
        store = NotesStore(path)
        for i in range(200):
            store.save_note(_info(f"r{i}", f"t{i}"), Anchor(1, "f", "x"), "n" * 300)
        store.close()
        if make == "newer":
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA user_version=99")
            conn.close()
        else:
            data = bytearray(path.read_bytes())
            data[4096 * 2 : 4096 * 6] = b"\xa5" * (4096 * 4)  # pages of the tables
            path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(NotesUnavailable, match=says) as err:
        NotesStore(path)
    assert "left as it is" in str(err.value)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists() or make in ("newer", "damaged")


def test_tags_are_one_clean_line_each(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "n.sqlite")
    info = _info()
    assert store.set_tags(info, ["Human Rights", "\x1b]52;c;AAAA\x07x", "", "#"]) == (
        "human-rights",
        "␛]52;c;aaaa␇x",
    )
    assert store.snapshot().all_tags() == ["human-rights", "␛]52;c;aaaa␇x"]
