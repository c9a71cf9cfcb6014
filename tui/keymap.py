"""The user's own keys: `keys.toml` in the user's config folder remaps bindings by their id.

    # ~/.config/readouts-tui/keys.toml
    [keys]
    "reader.next-meeting" = "ctrl+down"
    "list.down" = "down,j,ctrl+n"

Every binding of the app has an id (the help screen and the README list them). A file that
cannot be read, an unknown id or a value that is not a string is reported in a notice and
otherwise ignored: a typo in a config file never stops the reader from opening.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from textual.binding import Binding, BindingType


def keymap_file() -> Path:
    """Where the user's keys live (e.g. ~/.config/readouts-tui/keys.toml)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("readouts-tui", appauthor=False)) / "keys.toml"


def load_keymap(path: Path, known_ids: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """The remappings in `path` for bindings whose id is in `known_ids`, and the problems found.

    A missing file is no problem: it means no remapping.
    """
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return {}, []
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: not read ({exc}); default keys in use"]
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f'{path}: [keys] must be a table of binding id = "key"']
    known = set(known_ids)
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, key in keys.items():
        if binding_id not in known:
            problems.append(f"{path}: no binding has the id {binding_id!r}")
        elif not isinstance(key, str) or not key.strip():
            problems.append(f'{path}: {binding_id} needs a key name such as "ctrl+n"')
        else:
            mapping[binding_id] = key.strip()
    return mapping, problems


def analysis_bindings() -> list[BindingType]:
    """The reader's keys for issue 13's views: timeline, concordance, export, source URL."""
    return [
        Binding(
            "T",
            "timeline",
            "Timeline",
            key_display="T",
            id="reader.timeline",
            tooltip="Show or hide the timeline: matching readouts per period and publisher",
        ),
        Binding(
            "K",
            "concordance",
            "KWIC",
            key_display="K",
            id="reader.concordance",
            tooltip="Every occurrence of the search in context, one line each",
        ),
        Binding(
            "x",
            "export",
            "Export",
            show=False,
            id="reader.export",
            tooltip="Write what is on screen (results, list or timeline) to a CSV file",
        ),
        Binding(
            "o",
            "open_url",
            "Open URL",
            show=False,
            id="reader.open-url",
            tooltip="Open the readout's source URL in the browser",
        ),
    ]
