"""The document pane's header names every place a document was found, when it was found twice."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.content import Content

from index.corpus import load_corpus, seeds_dir
from tui.widgets.document_view import header_lines


def _plain(lines: list[Content | tuple[Content, int]]) -> str:
    return "\n".join((line[0] if isinstance(line, tuple) else line).plain for line in lines)


def test_the_header_lists_the_files_of_a_document_found_twice(tmp_path: Path) -> None:
    seed = sorted(seeds_dir().iterdir())[4]
    shutil.copyfile(seed, tmp_path / seed.name)
    shutil.copyfile(seed, tmp_path / "004 copy.txt")
    (readout,) = load_corpus([tmp_path]).readouts
    header = _plain(header_lines(readout))
    assert "Files" in header
    assert str(tmp_path / seed.name) in header and str(tmp_path / "004 copy.txt") in header


def test_a_document_found_once_has_no_files_line() -> None:
    readout = load_corpus().readouts[0]
    assert "Files" not in _plain(header_lines(readout))
