"""The reader's keys, and the user's own: `keys.toml` in the user's config folder remaps them.

`READER_BINDINGS` are the keys of the reader screen (the widgets keep their own `BINDINGS`).
Every binding of the app has an id, by which `keys.toml` remaps it:

    # ~/.config/readouts-tui/keys.toml
    [keys]
    "reader.next-meeting" = "ctrl+down"
    "list.down" = "down,j,ctrl+n"

The help screen and the README list the ids. A file that cannot be read, an unknown id or a
value that is not a string is reported in a notice and otherwise ignored: a typo in a config
file never stops the reader from opening.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.keys import key_to_character

if TYPE_CHECKING:
    from textual.app import App

HITS = Binding.Group("Hit", compact=True)
"""n and N: one compact group in the footer."""
MEETINGS = Binding.Group("Meeting", compact=True)
"""[ and ]: one compact group in the footer."""

READER_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "focus_search",
        "Search",
        priority=True,  # so the keys typed right after "/" land in the search bar
        key_display="/",
        id="reader.search",
        tooltip="Go to the search bar",
    ),
    Binding(
        "n",
        "hit(1)",
        "Next hit",
        group=HITS,
        id="reader.next-hit",
        tooltip="Jump to the next search hit in the document",
    ),
    Binding(
        "N",
        "hit(-1)",
        "Prev hit",
        group=HITS,
        key_display="N",
        id="reader.previous-hit",
        tooltip="Jump to the previous search hit in the document",
    ),
    Binding(
        "f3",
        "hit(1)",
        "Next hit",
        show=False,
        id="reader.next-hit-f3",
        tooltip="Next search hit, also from the search bar",
    ),
    Binding(
        "shift+f3",
        "hit(-1)",
        "Prev hit",
        show=False,
        id="reader.previous-hit-f3",
        tooltip="Previous search hit, also from the search bar",
    ),
    Binding(
        "left_square_bracket",
        "meeting(-1)",
        "Prev",
        group=MEETINGS,
        key_display="[",
        id="reader.previous-meeting",
        tooltip="Previous meeting in the list, from the list or the document",
    ),
    Binding(
        "right_square_bracket",
        "meeting(1)",
        "Next",
        group=MEETINGS,
        key_display="]",
        id="reader.next-meeting",
        tooltip="Next meeting in the list, from the list or the document",
    ),
    Binding(
        "t",
        "publisher",
        "Other side",
        id="reader.publisher",
        tooltip="Show the other publisher's readout of this meeting (when there is one)",
    ),
    Binding(
        "c",
        "compare",
        "Compare",
        id="reader.compare",
        tooltip="Both sides side by side by topic (with one readout: pick one to compare)",
    ),
    Binding(
        "tab",
        "app.focus_next",
        "Next pane",
        show=False,
        id="reader.focus-next",
        tooltip="Move to the next pane (search bar, list, document)",
        priority=True,
    ),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "Previous pane",
        show=False,
        id="reader.focus-previous",
        tooltip="Move to the previous pane",
        priority=True,
    ),
    Binding(
        "s",
        "toggle_sort",
        "Sort",
        show=False,
        id="reader.sort",
        tooltip="Sort the list newest / oldest first; search results by relevance / by date",
    ),
    Binding(
        "e",
        "toggle_equivalents",
        "Equivalents",
        show=False,
        id="reader.equivalents",
        tooltip="Turn equivalent terms (Dokdo = Takeshima, ...) on or off",
    ),
    Binding(
        "escape",
        "clear_search",
        "Clear search",
        show=False,
        id="reader.clear-search",
        tooltip="Clear the search (full list and selection restored); back to the list",
        priority=True,
    ),
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
        tooltip="Every occurrence of the search in context, one line each (concordance)",
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
    Binding(
        "m",
        "mark",
        "Mark",
        show=False,
        id="reader.mark",
        tooltip="Mark or unmark the readout shown (is:marked finds the marked ones)",
    ),
    Binding(
        "number_sign",
        "tags",
        "Tags",
        key_display="#",
        show=False,
        id="reader.tags",
        tooltip="Edit the tags of the readout shown (tag:NAME finds them)",
    ),
    Binding(
        "a",
        "note",
        "Note",
        show=False,
        id="reader.note",
        tooltip="Add or change a note on the paragraph at the top of the document pane",
    ),
    Binding(
        "y",
        "copy(True)",
        "Copy cited",
        show=False,
        id="reader.copy-cited",
        tooltip="Copy the paragraph at the top (or the hit's sentence) with its citation",
    ),
    Binding(
        "Y",
        "copy(False)",
        "Copy citation",
        key_display="Y",
        show=False,
        id="reader.copy-citation",
        tooltip="Copy the citation alone (of the paragraph at the top, or of the readout)",
    ),
]
"""The reader screen's keys: they work anywhere in the reader, but those that are letters or
signs not in the search bar, which types them (`acts_in_search_bar`; the help's two "Anywhere"
sections)."""


TYPED_IN_SEARCH_BAR = frozenset({"reader.search"})
"""Priority bindings that still give their key to the search bar: "/" there types a "/"."""


def acts_in_search_bar(binding: Binding, key: str) -> bool:
    """Whether `key` of `binding` does what the binding says while the search bar has the
    focus. The bar types every printable key into the query, so a binding's letter or sign
    acts there only if the binding has priority; F3, ctrl+p, Tab and the like always act."""
    character = key_to_character(key) or _UNNAMED.get(key)
    if character is None or not character.isprintable():
        return True
    return binding.priority and binding.id not in TYPED_IN_SEARCH_BAR


_UNNAMED = {"slash": "/"}
"""Keys Textual's `key_to_character` has no character for (its Unicode name is SOLIDUS)."""


def bound_keys(app: App[object], binding_id: str) -> set[str]:
    """The keys of reader binding `binding_id` now (the user's keys.toml may remap them)."""
    overrides: dict[str, str] = getattr(app, "key_overrides", {}) or {}
    default = next(b.key for b in READER_BINDINGS if isinstance(b, Binding) and b.id == binding_id)
    return {key.strip() for key in overrides.get(binding_id, default).split(",")}


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
