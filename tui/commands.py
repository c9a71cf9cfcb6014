"""Command palette providers: "open meeting…" (fuzzy over titles and participants).

The app's toggles (equivalent terms, sort order, theme) are system commands; see
`ReadoutsApp.get_system_commands`. Prompts are built as `Content` here rather than with
Textual's `Matcher.highlight`, which would read a title such as "[/foo]" as markup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from index.model import Meeting
from tui.text import clean_line, literal

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

MATCH_STYLE = "bold underline $text-accent"
DISCOVER_LIMIT = 20
"""How many recent meetings the palette lists before anything is typed."""


def meeting_candidate(meeting: Meeting) -> str:
    """The one line the fuzzy matcher sees: date, title, then every participant's full name
    in brackets (no brackets when the readouts name no participants)."""
    names = ", ".join(p.name for p in meeting.participants)
    line = f"{meeting.meeting_date}  {meeting.title}"
    return clean_line(f"{line}  ({names})" if names else line)


def _prompt(candidate: str, offsets: list[int] | tuple[int, ...], sources: str) -> Content:
    content = literal(candidate)
    for offset in offsets:
        if 0 <= offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(MATCH_STYLE, offset, offset + 1)
    return Content.assemble(content, "  ", (clean_line(sources), "$text-muted"))


class MeetingProvider(Provider):
    """Open a meeting by fuzzy-matching its date, title or participants."""

    def _reader(self) -> ReaderScreen | None:
        from tui.screens.reader import ReaderScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def _opener(self, meeting: Meeting) -> Callable[[], None]:
        reader = self._reader()
        assert reader is not None
        return partial(reader.open_meeting, meeting.id)

    async def discover(self) -> Hits:
        reader = self._reader()
        if reader is None or reader.corpus is None:
            return
        for meeting in list(reversed(reader.corpus.meetings))[:DISCOVER_LIMIT]:
            candidate = meeting_candidate(meeting)
            yield DiscoveryHit(
                _prompt(candidate, (), " ".join(meeting.sources)),
                self._opener(meeting),
                text=candidate,
            )

    async def search(self, query: str) -> Hits:
        reader = self._reader()
        if reader is None or reader.corpus is None:
            return
        fuzzy = FuzzySearch()
        for count, meeting in enumerate(reader.corpus.meetings):
            if count % 200 == 199:
                await asyncio.sleep(0)  # a big corpus must not freeze the palette
            candidate = meeting_candidate(meeting)
            score, offsets = fuzzy.match(query, candidate)
            if score > 0:
                yield Hit(
                    score,
                    _prompt(candidate, list(offsets), " ".join(meeting.sources)),
                    self._opener(meeting),
                    text=candidate,
                )
