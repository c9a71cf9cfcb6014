"""The same document twice is one readout that knows both places; a document that differs in
anything, a title included, is another readout.

A copy beside its original (`004 copy.txt` next to `004_3efa....txt`: downloaded twice) used
to list as a second, identical meeting.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.corpus import seeds_dir
from tui.cli import main

SEEDS = sorted(seeds_dir().iterdir())
ORIGINAL = SEEDS[4]  # 004_3efa4093d0a0abfa.txt


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> object:
    assert main([str(a) for a in argv]) == 0
    return json.loads(capsys.readouterr().out)


def seeds_with_copy(root: Path) -> tuple[Path, Path]:
    folder = root / "readouts"
    shutil.copytree(seeds_dir(), folder)
    copy = folder / "004 copy.txt"
    shutil.copyfile(ORIGINAL, copy)
    return folder, copy


def test_a_copy_beside_its_original_is_one_meeting_with_both_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, copy = seeds_with_copy(tmp_path)
    original = folder / ORIGINAL.name
    meetings = run_json(capsys, "list", "--json", folder)
    assert isinstance(meetings, list) and len(meetings) == 5
    readouts = [r for m in meetings for r in m["readouts"]]
    both = [r for r in readouts if len(r["paths"]) == 2]
    assert len(both) == 1 and sorted(both[0]["paths"]) == sorted([str(copy), str(original)])
    assert all(r["paths"] == [r["path"]] for r in readouts if r is not both[0])

    shown = run_json(capsys, "show", both[0]["id"], "--json", folder)
    assert isinstance(shown, dict)
    assert sorted(shown["paths"]) == sorted([str(copy), str(original)])
    assert shown["text"] and shown["original"]

    assert main(["show", both[0]["id"], str(folder)]) == 0
    out = capsys.readouterr().out
    assert str(copy) in out and str(original) in out
    # the warm cache gives the same answer
    assert run_json(capsys, "list", "--json", folder) == meetings
    # the copy deleted: the document is back to one place, whichever of the two went
    copy.unlink()
    after = run_json(capsys, "list", "--json", folder)
    assert isinstance(after, list) and len(after) == 5
    located = {p for m in after for r in m["readouts"] for p in r["paths"]}
    assert str(original) in located and str(copy) not in located
    assert all(r["paths"] == [r["path"]] for m in after for r in m["readouts"])


def test_a_copy_whose_title_differs_by_one_character_is_a_meeting_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = seeds_with_copy(tmp_path)
    run_json(capsys, "list", "--json", folder)  # cached with the copy identical
    titled = SEEDS[2]  # a Korean press release, its title a line of its own
    title = (
        "Korea, Japan agree to boost communication, cooperation for Inter-Korean, N.K.-U.S. Summits"
    )
    text = titled.read_text(encoding="utf-8")
    assert f"\n{title}\n" in text
    changed = title.replace("boost", "boast")
    (folder / "002 copy.txt").write_text(text.replace(title, changed), encoding="utf-8")
    meetings = run_json(capsys, "list", "--json", folder)
    assert isinstance(meetings, list) and len(meetings) == 6
    titles = [m["title"] for m in meetings]
    assert titles.count(title) == 1 and titles.count(changed) == 1
    ids = [r["id"] for m in meetings for r in m["readouts"]]
    assert len(set(ids)) == 6
    assert sum(len(r["paths"]) for m in meetings for r in m["readouts"]) == 7  # 004 twice


def test_equal_collection_records_are_one_readout_and_unequal_ones_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = {"title": "Talks in Seoul", "date": "2020-05-04", "text": "They met.", "x": 1}
    lines = [record, {**record, "x": 2}, record, {**record, "title": "Talks in Seoul."}]
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    meetings = run_json(capsys, "list", "--json", path)
    assert isinstance(meetings, list)
    paths = sorted(r["paths"] for m in meetings for r in m["readouts"])
    assert paths == [[f"{path}:1", f"{path}:3"], [f"{path}:2"], [f"{path}:4"]]
