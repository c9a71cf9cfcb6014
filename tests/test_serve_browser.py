"""The served reader in a real browser: Debian's Chromium, headless, driven by Playwright
(tests/browser.py). Skipped, saying why, where Chromium is not installed; .ci/run installs it.

What the tab shows is read from what its terminal receives (the page draws on a canvas); the
screenshot is checked to be the reader drawn, not a blank page.
"""

from __future__ import annotations

import re
import sys

import pytest

from tests.browser import browser_tab, why_no_browser
from tests.serving import alive, children, serving

REASON = why_no_browser()
pytestmark = [
    pytest.mark.skipif(REASON is not None, reason=f"browser test: {REASON}"),
    pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc"),
]


def list_rows(screen: str) -> list[str]:
    """The meeting list's rows on screen: the lines with a date in the list's column."""
    rows = []
    for line in screen.splitlines():
        cells = line.split("│")
        if len(cells) > 1 and cells[1][:15].strip()[-10:-6].isdigit():
            rows.append(cells[1].strip())
    return rows


def test_in_chromium_the_list_narrows_as_you_type_and_the_views_open() -> None:
    with serving() as served:
        with browser_tab(served.url) as tab:
            start = tab.wait_for("index ready")
            assert "5 of 5 meetings" in start
            assert len(list_rows(start)) == 5
            tab.type("Slash", "abductions")
            narrowed = tab.wait_for("/ abductions", "2 of 5 meetings")  # typed; narrowed
            rows = list_rows(narrowed)
            assert [row.split()[1] for row in rows] == ["2016-09-18", "2023-07-13"], rows
            picture = tab.page.screenshot()
            assert len(picture) > 20_000  # a drawn terminal, not a blank page
            assert tab.page.evaluate("document.body.classList.contains('-first-byte')")

            tab.type("Enter", "T")  # to the list, then the timeline panel
            assert "2 of 5 readouts" in tab.wait_for("by year")
            tab.type("T", "K")  # closed; the concordance of the search
            # Its own header, not the reader's snippets behind it (which also say "abductions
            # issue" and "separated families" and were read before it was drawn), then its
            # lines: the match set apart by a space either side, in date order.
            concordance = tab.wait_for(
                "concordance: abductions · 2 occurrences", "families", "2023-07-13  mofa-japan"
            )
            lines = [ln for ln in concordance.splitlines() if "mofa-japan" in ln]
            assert [ln.split()[0] for ln in lines] == ["2016-09-18", "2023-07-13"], lines
            assert "separated families" in lines[0] and re.search(r"abductions\s+issue", lines[1])
            tab.type("K")  # back to the reader (the concordance is a screen of its own)
            tab.wait_for("2 of 5 meetings", "c Compare")
            tab.type("c")  # compare the highlighted readout with another: pick one
            tab.wait_for("(same ministers first; type to search)")
            tab.type("Enter")
            compared = tab.wait_for("both:", "¶1")  # two readouts side by side, by topic
            assert "North Korea" in compared
            served.readers = children(served.process.pid)
        assert served.stop() == 0
    assert len(served.readers) == 1
    assert not alive(served.readers[0])
