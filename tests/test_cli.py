"""The command line as a user meets it: what `list`, `show` and `search` print, and exit with.

Two concerns from issue 6. Bad files: skipped files are named on stderr with their reason, and
the exit status is 0 unless nothing at all loaded. Hostile text: documents (and file names)
full of escape sequences, control characters, bidi overrides and markup-like brackets print as
plain characters (a control character as its visible picture: ESC as ␛); nothing a document
holds can drive the terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.corpus import seeds_dir
from tests.cli_run import Run, run
from tui.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED = sorted(seeds_dir().iterdir())[0]  # the 2011 Kyoto meeting
SEED_ID = "2011-03-19-mofa-japan-matsumoto-kim"
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """User paths go through the parse cache: keep it in the test's folder, not ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def unsafe_characters(text: str) -> list[str]:
    """What in `text` a terminal would act on rather than show.

    C0 controls (ESC included) but newline and tab, DEL, the C1 controls U+0080-U+009F and the
    bidi overrides and isolates. (Counted as characters: the bytes 0x80-0x9f also occur inside
    the UTF-8 of ordinary letters, where they are harmless.)
    """
    return [
        repr(ch)
        for ch in text
        if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F or ch in BIDI
    ]


# --- bad files ------------------------------------------------------------------------------


def bad_folder(root: Path, *, with_good: bool) -> Path:
    folder = root / "docs"
    folder.mkdir()
    if with_good:
        shutil.copyfile(SEED, folder / "a seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "undecodable.txt").write_bytes(b"Hello \xff\xfe\xc3\x28 world\x80\x81\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    return folder


def test_list_names_each_skipped_file_on_stderr_and_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = bad_folder(tmp_path, with_good=True)
    r = run(capsys, "list", folder)
    assert r.status == 0
    assert r.err.splitlines() == [
        f"readouts-tui: skipped {folder}/empty.txt: empty file",
        f"readouts-tui: skipped {folder}/image.txt: binary file (mostly control bytes, not text)",
        f"readouts-tui: skipped {folder}/sub/up: symbolic link loop (folder already read)",
        f"readouts-tui: skipped {folder}/undecodable.txt: "
        "undecodable text (not UTF-8, UTF-16 or a known legacy encoding)",
    ]
    assert r.out.splitlines()[0] == "2011-03-19  Japan-ROK Foreign Ministers' Meeting"
    assert r.out.splitlines()[-1] == f"1 meeting, 1 readout ({folder})"
    assert "readouts-tui:" not in r.out


def test_list_json_keeps_stdout_pure_json_when_files_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = bad_folder(tmp_path, with_good=True)
    r = run(capsys, "list", "--json", folder)
    assert r.status == 0
    meetings = json.loads(r.out)
    assert [m["id"] for m in meetings] == [SEED_ID]
    assert len(r.err.splitlines()) == 4


def test_list_fails_with_the_reasons_when_nothing_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = bad_folder(tmp_path, with_good=False)
    r = run(capsys, "list", folder)
    assert r.status == 1
    assert r.out == ""
    *skips, last = r.err.splitlines()
    assert len(skips) == 4
    assert last == (
        f"readouts-tui: nothing loaded from {folder}: "
        "binary file (mostly control bytes, not text); "
        "empty file; symbolic link loop (folder already read); "
        "undecodable text (not UTF-8, UTF-16 or a known legacy encoding)"
    )


def test_an_empty_folder_fails_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "list", tmp_path)
    assert r.status == 1
    assert r.out == ""
    assert r.err == f"readouts-tui: nothing loaded from {tmp_path}: no readable documents\n"


def test_a_missing_path_is_one_line_and_a_usage_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "list", tmp_path / "nowhere")
    assert (r.status, r.out) == (2, "")
    assert r.err == f"readouts-tui: {tmp_path}/nowhere: no such file or folder\n"


# --- hostile text ---------------------------------------------------------------------------

CSI_COLOURS = "\x1b[31;1m"
CURSOR_MOVES = "\x1b[2J\x1b[H\x1b[10A\x1b[999C"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\"
C1 = "\x9b31m\x85\x9d8;;x\x9c\x90"  # 8-bit CSI, NEL, 8-bit OSC 8 and string terminator, DCS
MARKUP = ("[bold]", "[/foo]", "[link=x]", "[@click=app.quit]")

HOSTILE_TITLE = (
    f"{CSI_COLOURS}Pineapple{CURSOR_MOVES} talks \u202eevil\u202c [bold]loud[/bold]\x1b[0m "
    f"[/foo] [link=x]here[/link] [@click=app.quit]quit[/]"
)
HOSTILE_BODY = (
    f"On May 1, 2020, the ministers met{OSC52} and discussed pineapple{OSC8}trade\x1b]8;;\x1b\\"
    f" at length.\x07\x07 Back\x08\x08\x08space, a bell, {C1}C1 controls, "
    f"\u202dleft-to-right\u202c override, [bold] and [/foo] and [link=x] and "
    f"[@click=app.quit] are text."
)
BODY_SEEN = (
    "On May 1, 2020, the ministers met␛]52;c;ZWNobyBwd25lZA==␇ and discussed pineapple"
    "␛]8;;https://evil.example/␛\\trade␛]8;;␛\\ at length.␇␇ Back␈␈␈space, a bell, "
    "�31m��8;;x��C1 controls, left-to-right override, [bold] and [/foo] and [link=x] and "
    "[@click=app.quit] are text."
)
"""What the body reads as: every control character shown as its picture (ESC as ␛, BEL as
␇...), C1 controls as �, bidi controls gone; nothing a terminal would act on."""
TITLE_SEEN = (
    "␛[31;1mPineapple␛[2J␛[H␛[10A␛[999C talks evil [bold]loud[/bold]␛[0m [/foo] "
    "[link=x]here[/link] [@click=app.quit]quit[/]"
)
TITLE_CROPPED = TITLE_SEEN.split(" [@click")[0] + "…"
"""The .txt file's first line as a title: cropped at a word, being that long."""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder with hostile documents, hostile file names, and the seeds beside them."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for seed in sorted(seeds_dir().iterdir()):
        shutil.copyfile(seed, folder / seed.name)
    # A plain file cannot hold NUL near its start (it would be a binary file): one far in.
    text = f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}\n\n" + "Padding. " * 1000 + "\x00NUL\x00\n"
    (folder / f"pineapple {OSC52}\u202e.txt").write_text(text, encoding="utf-8")
    # A collection line (JSON) can hold anything, NUL included.
    line = {"title": HOSTILE_TITLE + "\x00", "text": HOSTILE_BODY + " NUL\x00here"}
    (folder / "hostile.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    # Skipped files whose names are escape sequences: the skip messages name them.
    (folder / f"empty{CSI_COLOURS}{CURSOR_MOVES}.txt").write_bytes(b"")
    (folder / f"bin{OSC52}{C1}\u202e\x07.txt").write_bytes(b"\x00\x01\x02")
    return folder


def hostile_ids(capsys: pytest.CaptureFixture[str], folder: Path) -> list[str]:
    r = run(capsys, "list", "--json", folder)
    return [x["id"] for m in json.loads(r.out) for x in m["readouts"] if "pineapple" in x["id"]]


def assert_safe(r: Run) -> None:
    assert unsafe_characters(r.out) == []
    assert unsafe_characters(r.err) == []


def test_list_prints_hostile_titles_and_names_as_plain_text(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "list", hostile)
    assert r.status == 0
    assert_safe(r)
    # the .txt file and the collection line (`list` crops a long title to its width)
    assert r.out.count(TITLE_SEEN[:80]) == 2
    # The names as they are, every control character drawn as its picture.
    assert f"skipped {hostile}/empty␛[31;1m␛[2J␛[H␛[10A␛[999C.txt: empty file" in r.err
    bin_name = "bin␛]52;c;ZWNobyBwd25lZA==␇�31m��8;;x��␇.txt"
    assert f"skipped {hostile}/{bin_name}: binary file (mostly control bytes, not text)" in r.err


def test_show_prints_hostile_text_as_plain_text(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = hostile_ids(capsys, hostile)
    assert len(ids) == 2
    for rid in ids:
        r = run(capsys, "show", rid, hostile)
        assert r.status == 0
        assert_safe(r)
        # The collection line's title in full (its NUL drawn as ␀); the .txt file's first
        # line is long enough for the parser to crop it as a title.
        assert r.out.splitlines()[0] in (TITLE_SEEN + "␀", TITLE_CROPPED)
        assert BODY_SEEN in r.out
        for markup in MARKUP:
            assert markup in r.out


def test_show_json_escapes_every_control_character(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for rid in hostile_ids(capsys, hostile):
        r = run(capsys, "show", rid, "--json", hostile)
        assert r.status == 0
        assert_safe(r)
        record = json.loads(r.out)
        assert record["title"] in (TITLE_SEEN + "␀", TITLE_CROPPED)
        for markup in MARKUP:
            assert markup in record["text"]
        assert unsafe_characters(record["text"]) == []
        # The original text is kept as read, escaped by JSON: the terminal sees "\u001b".
        assert "\x1b]52;" in record["original"] and "\\u001b]52;" in r.out


def test_search_prints_hostile_hits_as_plain_text(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "search", "pineapple", hostile)
    assert r.status == 0
    assert_safe(r)
    lines = r.out.splitlines()
    # each hit's title line (cropped to the width)
    assert sum(line.startswith(f"   {TITLE_SEEN[:80]}") for line in lines) == 2
    assert lines[-1] == "2 of 2 matching readouts"


def test_search_json_prints_hostile_hits_as_plain_text(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "search", "--json", "pineapple", hostile)
    assert r.status == 0
    assert_safe(r)
    hits = json.loads(r.out)
    assert sorted(h["title"] for h in hits) == sorted([TITLE_SEEN + "␀", TITLE_CROPPED])
    assert unsafe_characters(json.dumps(hits, ensure_ascii=False)) == []


def test_a_hostile_query_is_shown_as_plain_text(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "search", f'"pineapple{OSC52} {CSI_COLOURS}[bold]', hostile)
    assert r.status in (0, 1, 2)
    assert_safe(r)
    assert "Traceback" not in r.err


def test_hostile_folder_names_and_arguments_are_plain_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / f"folder{CSI_COLOURS}{OSC52}\u202e"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "seed.txt")
    r = run(capsys, "list", folder)
    assert r.status == 0
    assert_safe(r)
    shown = f"{tmp_path}/folder␛[31;1m␛]52;c;ZWNobyBwd25lZA==␇"  # the bidi override is gone
    assert r.out.splitlines()[-1] == f"1 meeting, 1 readout ({shown})"
    (folder / "seed.txt").unlink()
    r = run(capsys, "list", folder)
    assert r.status == 1
    assert_safe(r)
    assert r.err == f"readouts-tui: nothing loaded from {shown}: no readable documents\n"
    r = run(capsys, "list", tmp_path / f"missing{OSC52}")
    assert r.status == 2
    assert_safe(r)
    missing = f"{tmp_path}/missing␛]52;c;ZWNobyBwd25lZA==␇"
    assert r.err == f"readouts-tui: {missing}: no such file or folder\n"
    r = run(capsys, "show", f"no-such-id{CURSOR_MOVES}\u202e")
    assert r.status == 1
    assert_safe(r)
    assert (
        r.err == "readouts-tui: no readout or meeting with id 'no-such-id␛[2J␛[H␛[10A␛[999C' "
        "(see `readouts-tui list`)\n"
    )


def test_hostile_arguments_in_usage_errors_are_plain_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["list", f"--bogus{OSC52}{CSI_COLOURS}"])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert unsafe_characters(captured.err) == []
    assert "unrecognized arguments: --bogus" in captured.err


def test_the_real_command_writes_only_safe_bytes(hostile: Path) -> None:
    """Through a real process and pipe: the bytes a terminal would receive, and the exit status."""
    env = {**os.environ, "XDG_CACHE_HOME": str(hostile.parent / "cache"), "PYTHONIOENCODING": ""}
    for argv in (["list"], ["search", "pineapple"], ["list", "--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "tui", *argv, str(hostile)],
            cwd=REPO,
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
        for stream in (proc.stdout, proc.stderr):
            assert not [b for b in stream if (b < 0x20 and b not in b"\n\t") or b == 0x7F]
            assert unsafe_characters(stream.decode("utf-8")) == []
        assert b"Traceback" not in proc.stderr


def test_a_terminal_that_cannot_encode_a_character_gets_a_question_mark(hostile: Path) -> None:
    """An ASCII or Latin-1 console: characters it lacks show as "?", never a traceback."""
    (hostile / "korean.txt").write_text(
        "외교장관 회담\n\n2018년 1월 16일 회담.\n", encoding="utf-8"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(hostile.parent / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "list", str(hostile)],
        cwd=REPO,
        capture_output=True,
        env={**env, "PYTHONIOENCODING": "ascii"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode("ascii", "replace")
    lines = proc.stdout.decode("ascii").splitlines()
    assert "            Takeaki Matsumoto ? Kim Sung-hwan in Kyoto" in lines
    assert "2018-01-16  ???? ??" in lines  # the Korean title, one "?" a character
    assert b"Traceback" not in proc.stderr


def test_file_names_that_are_not_utf8_print_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names are bytes on Linux; undecodable ones reach Python as lone surrogates."""
    folder = tmp_path / "names"
    folder.mkdir()
    good = os.path.join(os.fsencode(folder), b"bad\xff\xfename.txt")
    with open(good, "wb") as f:
        f.write(b"Undecodable name\n\nThe ministers met on May 1, 2020.\n")
    with open(os.path.join(os.fsencode(folder), b"empty\xff.txt"), "wb"):
        pass
    r = run(capsys, "list", folder)
    assert r.status == 0
    assert_safe(r)
    assert r.out.splitlines()[0] == "2020-05-01  Undecodable name"
    assert r.err == f"readouts-tui: skipped {folder}/empty�.txt: empty file\n"
    r = run(capsys, "show", "2020-05-01-unknown-undecodable-name", folder)
    assert r.status == 0
    assert_safe(r)
    assert f"file:         {folder}/bad��name.txt" in r.out.splitlines()
    r = run(capsys, "show", "--json", "2020-05-01-unknown-undecodable-name", folder)
    assert json.loads(r.out)["path"] == f"{folder}/bad\udcff\udcfename.txt"
