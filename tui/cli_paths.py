"""The command line's paths: the ones last opened (`--last`), and a command mistyped as a path.

`--last` reads the paths the reader or a command last opened, remembered in the user's state
folder (e.g. ~/.local/state/readouts-tui/last-paths.json). Only paths the user gave are
remembered: no PATH means the bundled seeds, always, and leaves the memory as it was.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

APP_NAME = "readouts-tui"


def last_paths_file() -> Path:
    """Where the last paths opened are remembered."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False)) / "last-paths.json"


def remember(paths: Sequence[str]) -> None:
    """Remember `paths` (made absolute) for `--last`; none given leaves the memory as it is.

    Best effort: a state folder that cannot be written only means `--last` is not updated.
    """
    if not paths:
        return
    absolute = [os.path.abspath(p) for p in paths]
    target = last_paths_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".tmp")
        partial.write_text(json.dumps({"paths": absolute}), encoding="utf-8")
        partial.replace(target)
    except OSError:
        pass


def recall() -> list[str] | None:
    """The paths last opened; None when none are remembered (or the memory cannot be read)."""
    try:
        data = json.loads(last_paths_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        return None
    return paths


def suggest_command(word: str, commands: Iterable[str]) -> str | None:
    """The command `word` (a PATH that does not exist) was probably meant to be: `lsit` ->
    `list`; None when it looks like a path (a separator, a dot) or like no command."""
    if not word or os.sep in word or "/" in word or "." in word:
        return None
    found = difflib.get_close_matches(word.lower(), list(commands), n=1, cutoff=0.6)
    return found[0] if found else None
