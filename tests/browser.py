"""A real browser on the served reader: Debian's Chromium (/usr/bin/chromium) driven headless by
Playwright, which is told where Chromium is and never downloads a browser of its own.

The page draws the reader's terminal on a canvas (xterm.js), so there is no text to query in
the page: what the tab shows is read from the bytes its websocket receives, through a terminal
emulator of the same size (`tests.serving.TerminalScreen`), and a screenshot shows the pixels.

`python -m tests.browser docs/serve-browser.png` takes the README's picture of the served
reader (the bundled seeds, searched for "abductions").
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.serving import TerminalScreen, serving

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium (`apt-get install chromium`)."""

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def why_no_browser() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not os.access(CHROMIUM, os.X_OK):
        found = shutil.which("chromium")
        return (
            f"no Chromium at {CHROMIUM}"
            + (f" (one at {found} is not Debian's)" if found else "")
            + ": `apt-get install -y chromium` (.ci/run does, as root on Debian)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: pip install -e '.[dev]'"
    return None


class Tab:
    """One browser tab on the served reader: the page, and what its terminal shows."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.screen: TerminalScreen | None = None
        page.on("websocket", self._watch)

    def _watch(self, websocket: Any) -> None:
        size = parse_qs(urlsplit(websocket.url).query)
        self.screen = TerminalScreen(int(size["width"][0]), int(size["height"][0]))
        websocket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and self.screen is not None:
            self.screen.feed(payload)  # the text frames are the page's pings and relays

    def text(self) -> str:
        return self.screen.text() if self.screen is not None else ""

    def wait_for(self, *wanted: str, timeout: float = 90.0) -> str:
        """Wait until the tab shows each of `wanted` at once; the screen's text."""
        deadline = time.monotonic() + timeout
        while not all(w in self.text() for w in wanted):
            if time.monotonic() > deadline:
                raise AssertionError(f"{wanted} not shown within {timeout:.0f} s:\n{self.text()}")
            self.page.wait_for_timeout(100)  # lets Playwright deliver the frames
        return self.text()

    def type(self, *keys: str) -> None:
        """Type into the terminal as a user does: each item is a key name ("Enter", "Slash")
        or text."""
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            if len(key) > 1 and key[0].isupper():
                self.page.keyboard.press(key)
            else:
                self.page.keyboard.type(key, delay=30)


@contextmanager
def browser_tab(url: str, width: int = 1280, height: int = 760) -> Iterator[Tab]:
    """A headless Chromium with a fresh profile, one tab open on `url`."""
    from playwright.sync_api import sync_playwright

    profiles = tempfile.TemporaryDirectory(prefix="readouts-chromium-")
    with profiles as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=LAUNCH_ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            tab = Tab(page)
            page.goto(url)
            yield tab
        finally:
            context.close()


def take_screenshot(target: Path) -> None:
    """The README's picture: the seeds served, searched for "abductions"."""
    with serving() as served, browser_tab(served.url) as tab:
        tab.wait_for("index ready")
        tab.type("Slash", "abductions")
        tab.wait_for("/ abductions", "2 of 5 meetings")
        tab.page.wait_for_timeout(1000)  # the document pane follows the selection
        tab.page.screenshot(path=str(target))
        served.stop()


if __name__ == "__main__":
    reason = why_no_browser()
    if reason:
        sys.exit(f"no screenshot: {reason}")
    take_screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/serve-browser.png"))
