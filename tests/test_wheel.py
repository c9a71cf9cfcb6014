"""The built wheel carries the seeds: installed anywhere, it lists the five meetings."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    try:
        import hatchling.builders.wheel  # noqa: F401
    except ImportError:
        pytest.skip("hatchling is not installed in this environment: cannot build the wheel")
    # Build with the backend directly (no network, no isolated build env).
    code = (
        "from hatchling.builders.wheel import WheelBuilder;"
        f"print(next(WheelBuilder({str(REPO)!r}).build(directory={str(out)!r}, "
        "versions=['standard'])))"
    )
    built = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return Path(built.stdout.strip().splitlines()[-1])


def test_wheel_contains_the_seeds_and_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = sorted(n for n in names if n.startswith("index/_seeds/"))
    assert [Path(n).name for n in seeds] == sorted(p.name for p in (REPO / "seeds").iterdir())
    assert "index/data/people.toml" in names and "index/data/topics.toml" in names
    assert "tui/cli.py" in names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_wheel_lists_the_meetings_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main(['list']))"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines()[-1] == "5 meetings, 5 readouts (bundled seeds)"
    probe = subprocess.run(
        [sys.executable, "-c", "import index; print(index.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(str(site)), "the wheel's copy must be the one imported"
