"""Progress on the command line: one updating line on stderr when it is a terminal, cleared at
the end; nothing at all when stderr is a pipe or a file (scripts and logs stay clean)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tui.cli import main


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def corpus(folder: Path, n: int = 40) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:02d}.md").write_text(
            f"---\ntitle: Readout {i}\ndate: '2020-01-{1 + i % 28:02d}'\n---\n\n"
            f"The zephyr agreement, item {i}.\n",
            encoding="utf-8",
        )
    return folder


def test_no_progress_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["search", "zephyr", str(corpus(tmp_path / "mine"))])
    captured = capsys.readouterr()
    assert status == 0 and "20 of 40 matching readouts" in captured.out
    assert captured.err == ""


def test_a_terminal_gets_one_line_rewritten_then_cleared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    status = main(["search", "zephyr", str(corpus(tmp_path / "mine"))])
    assert status == 0 and "20 of 40 matching readouts" in capsys.readouterr().out
    err = terminal.getvalue()
    assert "\n" not in err  # never a new line: the one line is rewritten
    assert "\rreadouts-tui: reading… 1 document\r" in err
    assert "\rreadouts-tui search: indexing " in err and " of 40 " in err
    last = err.rsplit("\r", 2)
    assert last[-1] == "" and last[-2].strip() == ""  # the line is blanked at the end
