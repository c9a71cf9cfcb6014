"""The bare command opens the app with the options given on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest

import tui.app
from tui.cli import main


class FakeApp:
    """Stands in for ReadoutsApp: records how it was made and that it was run."""

    made: ClassVar[dict[str, Any]] = {}
    return_code = 0

    def __init__(self, **kwargs: Any) -> None:
        FakeApp.made = {**kwargs, "ran": False}

    def run(self) -> None:
        FakeApp.made["ran"] = True


def test_paths_exact_and_rebuild_reach_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.app, "ReadoutsApp", FakeApp)
    assert main([str(tmp_path), "--exact", "--rebuild"]) == 0
    assert FakeApp.made == {
        "paths": [str(tmp_path)],
        "equivalents": False,
        "rebuild": True,
        "clip_file": None,
        "ran": True,
    }
    assert main([]) == 0
    assert FakeApp.made == {
        "paths": None,
        "equivalents": True,
        "rebuild": False,
        "clip_file": None,
        "ran": True,
    }


def test_clip_file_reaches_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.app, "ReadoutsApp", FakeApp)
    assert main(["--clip-file", str(tmp_path / "clip.txt")]) == 0
    assert FakeApp.made["clip_file"] == tmp_path / "clip.txt"


def test_a_missing_path_is_one_line_and_no_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tui.app, "ReadoutsApp", FakeApp)
    FakeApp.made = {}
    assert main([str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"readouts-tui: {tmp_path / 'nope'}: no such file or folder\n"
    assert FakeApp.made == {}
