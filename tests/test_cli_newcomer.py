"""The command line as a newcomer first meets it (issue 17): a missing QUERY or ID does not call
PATH required, a mistyped command is suggested rather than read as a missing path, `--last`
opens the paths of last time, and counts read as English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.corpus import seeds_dir
from tui import cli
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def one_readout(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(sorted(seeds_dir().iterdir())[0], folder)
    return folder


@pytest.mark.parametrize(("command", "missing"), [("search", "QUERY"), ("show", "ID")])
def test_a_missing_argument_does_not_call_path_required(
    capsys: pytest.CaptureFixture[str], command: str, missing: str
) -> None:
    status, out, err = run(capsys, command)
    assert status == 2 and out == ""
    error = err.splitlines()[-1]
    assert f"the following arguments are required: {missing} " in error
    assert f"{missing}, PATH" not in error
    assert "PATH is optional" in error
    assert "[PATH ...]" in err  # the usage line shows it optional


@pytest.mark.parametrize(
    ("typed", "meant"), [("lsit", "list"), ("serch", "search"), ("shw", "show")]
)
def test_a_mistyped_command_is_suggested(
    capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    status, out, err = run(capsys, typed)
    assert (status, out) == (2, "")
    assert (
        err
        == f"readouts-tui: {typed}: no such file or folder (did you mean `readouts-tui {meant}`?)\n"
    )


def test_the_suggestions_follow_the_command_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, "compare"))
    assert "did you mean `readouts-tui compare`?" in run(capsys, "comapre")[2]


def test_a_missing_path_that_looks_like_no_command_gets_no_suggestion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for path in (tmp_path / "list", "notes.txt", "xyzzy"):
        err = run(capsys, path)[2]
        assert err == f"readouts-tui: {path}: no such file or folder\n"


def test_last_reopens_the_paths_of_last_time_and_says_which(
    capsys: pytest.CaptureFixture[str], one_readout: Path
) -> None:
    status, out, _ = run(capsys, "list", one_readout)
    assert status == 0 and out.splitlines()[-1] == f"1 meeting, 1 readout ({one_readout})"
    status, out, err = run(capsys, "show", "2011-03-19-mofa-japan-matsumoto-kim", "--last")
    assert status == 0
    assert f"file:         {one_readout}" in out
    assert err == f"readouts-tui: --last: {one_readout}\n"
    # No PATH is the bundled seeds, and it does not replace what --last remembers.
    status, out, err = run(capsys, "list")
    assert out.splitlines()[-1] == "5 meetings, 5 readouts (bundled seeds)"
    assert run(capsys, "list", "--last")[1].splitlines()[-1].endswith(f"({one_readout})")


def test_last_with_nothing_remembered_or_with_paths_is_an_error(
    capsys: pytest.CaptureFixture[str], one_readout: Path
) -> None:
    status, out, err = run(capsys, "list", "--last")
    assert (status, out) == (2, "")
    assert err == "readouts-tui: --last: no paths opened yet (open some once with PATH)\n"
    status, _, err = run(capsys, "list", "--last", one_readout)
    assert status == 2 and "give one or the other" in err


def test_list_counts_in_the_singular_for_one(
    capsys: pytest.CaptureFixture[str], one_readout: Path
) -> None:
    assert run(capsys, "list", one_readout)[1].endswith(f"1 meeting, 1 readout ({one_readout})\n")


def test_search_counts_in_the_singular_for_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, "search", "matsumoto")[1]
    assert out.splitlines()[-1] == "1 of 1 matching readout"
