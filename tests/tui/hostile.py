"""Hostile document text for the robustness tests: terminal control, bidi controls and
markup-like strings in a readout, its file names and a binary file; and a check of what the app
draws (no control character, no link, no action ever reaches the terminal)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tui.app import ReadoutsApp

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = (
    "\x1b[31m\x1b[2J\x1b[H"  # CSI: red, clear the screen, cursor home
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write "pwned" to the clipboard
    "\x1b]8;;http://evil.example/\x1b\\"  # OSC 8: open a hyperlink
    "\x1b]2;PWNED-TITLE\x07"  # OSC 2: set the window title
    "\x07\x08"  # BEL, backspace
    "\u202eevil\u202c\u2066x\u2069"  # bidi override and isolate
    "\x85\x9b31m\x9d0;c1\x9c"  # C1 controls: NEL, 8-bit CSI, 8-bit OSC ... ST
)
"""Terminal control a document may carry. (NUL is elsewhere: it makes a file binary.)"""

MARKUP = "[bold] [/foo] [link=x] [@click=app.quit]"
"""Text that Textual would read as markup if it were ever parsed."""

FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
"""What must never be in text drawn on the terminal: C0, DEL, C1, bidi controls."""

TEXTUAL_CSI = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]")
"""Textual's own cursor moves and colours in its output (SGR, CUP...)."""


def hostile_corpus(folder: Path) -> Path:
    """One readout whose title, participants and body carry `HOSTILE` and `MARKUP` (file name
    too), a binary file with NUL bytes and a hostile name, and an empty file: both skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (
        f"Japan-ROK Summit {MARKUP} {HOSTILE}Meeting\n\n"
        "January 16, 2018\n"
        f"On the morning of January 16, Mr. Taro Kono{HOSTILE}, Minister for Foreign Affairs, "
        f"held a meeting with H.E. Dr. Kang Kyung-wha {MARKUP}, Minister of Foreign Affairs of "
        "the Republic of Korea (ROK).\n\n"
        f"The ministers discussed zucchini exports {MARKUP} {HOSTILE} and [/foo] again.\n"
    )
    # A "/" cannot be in a file name; the names carry the other markup-like strings.
    (folder / f"readout [bold] [link=x] {HOSTILE[:12]}\u202e.txt").write_text(text, "utf-8")
    (folder / "nul \x1b[31m[bold][link=x] \x1b]2;T\x07\u202e.txt").write_bytes(b"a\x00b\x00")
    (folder / "empty file.txt").write_bytes(b"")
    return folder


def drawn(app: ReadoutsApp) -> str:
    """A full repaint of the terminal, checked, and returned as plain text.

    Built the way `App._display` builds what it writes: the current screen's compositor
    renders a full update over the screens below (`render_update(full=True,
    screen_stack=...)`), and `render_segments` turns it into the characters sent to the
    terminal. Two checks, both needed:

    - every segment's text is free of control and bidi characters, and no segment carries a
      link or an `@click` action (so no markup in a document was ever parsed);
    - in the output sent to the terminal, once Textual's own CSI sequences (cursor moves,
      colours) are taken out, nothing is left that a terminal would act on: no OSC (links,
      clipboard, title), no BEL. Taking out every CSI is safe only because the first check
      proved that none came from the text.
    """
    update: Any = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens
    )
    lines: list[str] = []
    for line in update.strips:
        text = ""
        for strip in line:
            for segment in strip:
                assert not FORBIDDEN.search(segment.text), repr(segment.text)
                style = segment.style
                if style is not None:
                    assert not style.link, (style.link, segment.text)
                    assert (style.meta or {}).get("@click") != "app.quit", segment.text
                text += segment.text
        lines.append(text)
    sent = TEXTUAL_CSI.sub("", update.render_segments(app.console)).replace("\n", "")
    assert not FORBIDDEN.search(sent), repr(FORBIDDEN.findall(sent))
    return "\n".join(lines)
