"""`readouts-tui compare`: what a user reads and gets, on the seeds and on a paired folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.corpus import seeds_dir
from tests.cli_run import run
from tui.cli import main

JP = "2018-01-16-mofa-japan-kono-kang"
KR = "2018-04-11-mofa-korea-kang-kono"
SEED_JP = seeds_dir() / "001_3c750eb1d4bf914e.txt"
SEED_KR = seeds_dir() / "002_c362ed1f5c1351db.txt"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def paired(tmp_path: Path) -> Path:
    """Japan's 2018-01-16 readout and Korea's page moved to that day: one meeting, two sides;
    Korea's text also carries markup-like brackets and an escape sequence."""
    folder = tmp_path / "paired"
    folder.mkdir()
    (folder / "jp.txt").write_text(SEED_JP.read_text(encoding="utf-8"), encoding="utf-8")
    kr = (
        SEED_KR.read_text(encoding="utf-8")
        .replace("Apr 11,2018", "Jan 16,2018")
        .replace("2018.4.11", "2018.1.16")
        .replace("on April 11 held talks in Seoul", "on January 16 held talks in Tokyo")
        .replace("islets of Dokdo", "islets of Dokdo [/bold] \x1b[31m")
    )
    (folder / "kr.txt").write_text(kr, encoding="utf-8")
    return folder


def test_text_output_reads_like_the_header_and_the_topics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    r = run(capsys, "compare", JP, KR)
    assert r.status == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "mofa-japan: Japan-ROK Foreign Ministers' Meeting"
    assert lines[1] == "  2018-01-16-mofa-japan-kono-kang · 2018-01-16"  # names no place
    assert lines[3] == "  2018-04-11-mofa-korea-kang-kono · 2018-04-11 · Seoul"
    assert lines[4].startswith("both: 5 topics · only mofa-japan: 0 · only mofa-korea: 5 · ")
    assert "Fisheries  [only mofa-korea]" in lines
    fisheries = lines.index("Fisheries  [only mofa-korea]")
    assert lines[fisheries + 1].strip() == "mofa-japan  — not mentioned by mofa-japan"
    assert "  mofa-japan: Takeshima  |  mofa-korea: Dokdo" in lines
    assert "  mofa-korea: Taro Kono expressed · Takeshima/Dokdo (¶6)" in lines


def test_json_has_the_promised_fields(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "compare", JP, KR, "--json")
    assert r.status == 0, r.err
    data = json.loads(r.out)
    assert data["readouts"] == [JP, KR]
    assert "Comfort women" in data["both"]
    assert data["only"]["mofa-japan"] == []
    assert "Fisheries" in data["only"]["mofa-korea"]
    takeshima = next(t for t in data["topics"] if t["topic"] == "Takeshima/Dokdo")
    assert takeshima["sides"] == {"mofa-japan": [5], "mofa-korea": [6, 7]}
    assert {
        "group": "Takeshima",
        "sides": {"mofa-japan": ["Takeshima"], "mofa-korea": ["Dokdo"]},
    } in data["terms"]


def test_one_id_of_a_paired_meeting(capsys: pytest.CaptureFixture[str], paired: Path) -> None:
    listing = json.loads(run(capsys, "list", "--json", paired).out)
    (meeting,) = listing
    assert meeting["sources"] == ["mofa-japan", "mofa-korea"]
    kr_id = meeting["readouts"][1]["id"]
    by_readout = json.loads(run(capsys, "compare", kr_id, "--json", paired).out)
    assert by_readout["readouts"] == [kr_id, meeting["readouts"][0]["id"]]
    by_meeting = json.loads(run(capsys, "compare", meeting["id"], "--json", paired).out)
    assert by_meeting["readouts"] == [r["id"] for r in meeting["readouts"]]


def test_document_text_prints_as_characters(
    capsys: pytest.CaptureFixture[str], paired: Path
) -> None:
    listing = json.loads(run(capsys, "list", "--json", paired).out)
    r = run(capsys, "compare", listing[0]["id"], paired)
    assert r.status == 0, r.err
    assert "\x1b" not in r.out
    assert "Dokdo [/bold] ␛[31m" in r.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "no-such-id"], "no readout or meeting with id 'no-such-id'"),
        (["compare", JP, "no-such-id"], "no readout or meeting with id 'no-such-id'"),
        (["compare", JP], "its meeting has one readout; name a second readout"),
        (["compare", JP, JP], "both mofa-japan's account of one meeting"),
    ],
)
def test_errors_are_one_line_with_a_non_zero_exit(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    r = run(capsys, *argv)
    assert r.status == 1
    assert r.out == ""
    assert len(r.err.splitlines()) == 1
    assert message in r.err


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "compare ID [ID2] [--json] [PATH...]" in capsys.readouterr().out
