"""Handing a file or a text to the user when the reader runs in a browser tab
(`readouts-tui serve`).

In a terminal, export (`x`) writes a file where the user says and copy with citation (`y`,
`Y`) puts the text on the clipboard. In a browser tab the reader runs on the server, so a file
written there is out of the user's reach: Textual knows it runs in a browser (`App.is_web`,
true under the web driver textual-serve starts it with) and can hand a file to the browser
(`App.deliver_text`), which textual-serve relays as a download or a new tab.
"""

from __future__ import annotations

import io
import re
from typing import Any

from textual.app import App

from index.export import format_of, write


def in_browser(app: App[Any]) -> bool:
    """Whether `app` runs in a browser tab (served), not in a terminal."""
    return app.is_web


def download_name(name: str, default: str) -> str:
    """A file name for the browser: the last part of what was typed, in letters, digits, dots,
    dashes and underscores (the download's header carries it unquoted)."""
    last = re.split(r"[\\/]", name.strip())[-1]
    stem, _, suffix = last.rpartition(".") if "." in last else (last, "", "")

    def clean(part: str) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "-", part).strip("-")

    stem, suffix = clean(stem), clean(suffix)
    if not stem:
        return default if not suffix else f"{default.rpartition('.')[0] or default}.{suffix}"
    return f"{stem}.{suffix}" if suffix else stem


def deliver_records(
    app: App[Any], records: Any, fields: tuple[str, ...], name: str, default: str
) -> str:
    """Hand `records` to the browser as a download named `name` (CSV, or JSON Lines for
    `.jsonl`); the sentence that says so."""
    target = download_name(name, default)
    out = io.StringIO()
    n = write(records, fields, out, format_of(target))
    out.seek(0)
    app.deliver_text(out, save_filename=target, open_method="download")
    return f"Sent {n:,} record{'' if n == 1 else 's'} to your browser as {target}"


def deliver_copy(app: App[Any], text: str) -> None:
    """Open `text` (a citation, a quotation) in a new browser tab, where it can be selected
    and copied whatever the browser allows the page's clipboard."""
    app.deliver_text(io.StringIO(text + "\n"), save_filename="citation.txt", open_method="browser")
