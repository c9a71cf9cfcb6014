"""Running the `readouts-tui` command line inside a test, as a script would: the exit status
and what it printed on stdout and stderr."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.cli import main


@dataclass(frozen=True)
class Run:
    """One run of the command: its exit status, stdout and stderr."""

    status: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Run:
    """`readouts-tui ARGV...` in this process, its output captured."""
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)
