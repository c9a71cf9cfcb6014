"""The document pane: a tab per publisher, then the readout with its header and hits.

It is bound to the screen's current meeting and current search result, and shows one readout
at a time: the one the list asked for, or the one the user picked with a tab (`t`, or a click).
The header (title, dates, participants, place, publisher, topics) and the text are handed to
`DocumentBody`, which wraps and highlights them. The pane's subtitle says "hit 3 of 7".
The reader's notes on the readout (`notes_for`) are drawn under their paragraphs, and each
readout shown is announced (`DocumentView.Shown`), so it can be counted as read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tab, Tabs

from index.export import source_url
from index.model import Meeting, Participant, Readout
from tui.counts import counted
from tui.errors import ErrorBoundary
from tui.text import clean_line, literal
from tui.widgets.document_body import DocumentBody, Offsets
from tui.widgets.meeting_list import badge

if TYPE_CHECKING:
    from index.search import SearchResult

ONE_READOUT = "only one publisher's readout of this meeting"
"""What `t` says on a meeting that no other publisher read out."""

LABEL_STYLE = "bold $text-muted"
"""The style of the field names in the header ("Participants", "Place", ...)."""


def _tab_id(source: str) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "_", source)


def _person(p: Participant) -> str:
    details = ", ".join(x for x in (p.country, p.role) if x)
    return f"{p.name} ({details})" if details else p.name


LABEL_WIDTH = 13
"""Cells taken by a header label; wrapped values hang under their first character."""


def header_lines(readout: Readout) -> list[Content | tuple[Content, int]]:
    """The lines above a readout's text: what it is, when, who, where, who says so, about what."""

    def field(label: str, value: str | Content) -> tuple[Content, int]:
        value_content = value if isinstance(value, Content) else literal(clean_line(value))
        line = Content.assemble((label.ljust(LABEL_WIDTH), LABEL_STYLE), value_content)
        return (line, LABEL_WIDTH)

    lines: list[Content | tuple[Content, int]] = [
        literal(clean_line(readout.title or "(untitled)"), "bold $text-accent")
    ]
    date = readout.meeting_date or "date unknown"
    if readout.published and readout.published != readout.meeting_date:
        date += f"  (published {readout.published})"
    lines.append(field("Meeting", date))
    if readout.participants:
        lines.append(field("Participants", " · ".join(_person(p) for p in readout.participants)))
    if readout.attendees:
        lines.append(field("Attendees", " · ".join(_person(p) for p in readout.attendees)))
    if readout.place:
        lines.append(field("Place", readout.place))
    publisher = Content.assemble(badge(readout.source), " ", literal(clean_line(readout.source)))
    lines.append(field("Publisher", publisher))
    if readout.topics:
        lines.append(field("Topics", " · ".join(readout.topics)))
    url = source_url(readout)
    if url:
        lines.append(field("Source", url + "  (o opens it)"))
    if readout.paths:  # the same document found at several places
        lines.append(field("Files", " · ".join(readout.paths)))
    lines.append(Content(""))
    return lines


def heading_offsets(readout: Readout) -> Offsets:
    """Where each section heading sits in `readout.text`, found in order."""
    text = readout.text
    found: list[tuple[int, int]] = []
    position = 0
    for section in readout.sections:
        if section.heading:
            at = text.find(section.heading, position)
            if at >= 0:
                found.append((at, at + len(section.heading)))
                position = at + len(section.heading)
        for paragraph in section.paragraphs:
            at = text.find(paragraph, position)
            if at >= 0:
                position = at + len(paragraph)
    return tuple(found)


def tab_label(readout: Readout, result: SearchResult | None) -> Content:
    """A publisher tab: its badge and code, and while a search is on, how many hits that side's
    readout has ("3 hits", "no hits"; "match" before its hits are counted)."""
    label = Content.assemble(badge(readout.source), " ", literal(clean_line(readout.source)))
    if result is None:
        return label
    hit = next((h for h in result.hits if h.id == readout.id), None)
    if hit is None:
        count = "no hits"
    elif not hit.highlighted:
        count = "match"
    else:
        count = counted(len(hit.positions), "hit")
    return Content.assemble(label, " · ", (count, "$text-warning" if hit else "$text-muted"))


@dataclass(frozen=True)
class Selection:
    """The meeting on display and which of its readouts to open in front."""

    meeting: Meeting
    readout_id: str = ""
    """Empty for the meeting's first readout."""


class DocumentView(ErrorBoundary, Vertical):
    """The right pane: publisher tabs over a `DocumentBody`."""

    ALLOW_MAXIMIZE = True
    """"Maximize" from the body maximizes the whole pane: its tabs and its header too."""

    # No repaint of their own when they change (the default): their watchers show the
    # readout, and the body, the titles and the tabs repaint what changed, and only that.
    selection: reactive[Selection | None] = reactive(None, init=False, repaint=False)
    """The meeting shown and the readout to open first (bound from the screen)."""

    result: reactive[SearchResult | None] = reactive(None, init=False, repaint=False)
    """The search result whose hits are highlighted; None when no search is on."""

    @dataclass
    class Shown(Message):
        """A readout was put on display (again, after a search or a note)."""

        readout: Readout

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.readout_id = ""
        """The readout shown; one of `meeting.readouts`."""
        self._placeholder = "loading…"
        self._with_hits: bool | None = None
        """Whether the footer was last told that the readout shown has hits (n / N)."""
        self._title: Content | str | None = None
        self._subtitle: str | None = None
        """The border's title and subtitle as last set (see `_retitle`)."""
        self.notes_for: Callable[[Readout], Mapping[int, Sequence[str]]] | None = None
        """The lines of notes to draw in a readout, by the text offset they go under."""

    def compose(self) -> ComposeResult:
        yield Tabs(id="publisher-tabs")
        yield DocumentBody(id="document-body")

    def on_mount(self) -> None:
        self.query_one(Tabs).display = False
        self.query_one(Tabs).can_focus = False
        self._show_readout()

    @property
    def body(self) -> DocumentBody:
        return self.query_one(DocumentBody)

    @property
    def readout(self) -> Readout | None:
        """The readout on display."""
        if self.meeting is None:
            return None
        for readout in self.meeting.readouts:
            if readout.id == self.readout_id:
                return readout
        return self.meeting.readouts[0] if self.meeting.readouts else None

    def placeholder(self, text: str) -> None:
        """What the pane says while it has nothing to show (loading, no match)."""
        self._placeholder = text
        if self.meeting is None and self.is_mounted:
            self._show_readout()

    @property
    def meeting(self) -> Meeting | None:
        """The meeting on display."""
        return self.selection.meeting if self.selection is not None else None

    def watch_selection(self, selection: Selection | None) -> None:
        self.readout_id = selection.readout_id if selection is not None else ""
        self._show_readout()

    def watch_result(self) -> None:
        self._show_readout()

    def refresh_notes(self) -> None:
        """Draw the readout again with its notes as they are now (the view stays put)."""
        self._show_readout()

    def switch_publisher(self, step: int = 1) -> None:
        """Show the next (or previous) publisher's readout of this meeting; with only one, say
        so."""
        meeting = self.meeting
        if meeting is None:
            return
        if len(meeting.readouts) < 2:
            self.notify(ONE_READOUT, timeout=3, markup=False)
            return
        ids = [r.id for r in meeting.readouts]
        index = ids.index(self.readout_id) if self.readout_id in ids else 0
        self.readout_id = ids[(index + step) % len(ids)]
        self._show_readout()

    @on(Tabs.TabActivated, "#publisher-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        meeting = self.meeting
        if meeting is None or event.tab is None:
            return
        for readout in meeting.readouts:
            if _tab_id(readout.source) == event.tab.id and readout.id != self.readout_id:
                self.readout_id = readout.id
                self._show_readout()
                return

    @on(Tabs.Cleared, "#publisher-tabs")
    def _tabs_cleared(self, event: Tabs.Cleared) -> None:
        event.stop()

    @on(DocumentBody.HitChanged)
    def _hit_changed(self, event: DocumentBody.HitChanged) -> None:
        # The footer's n / N appear only when there are hits. (Refresh from here: a message
        # the body posts while this pane is handling something stops bubbling at this pane.)
        # Only when they come or go: the footer is rebuilt at each refresh.
        if self._with_hits is not bool(event.count):
            self._with_hits = bool(event.count)
            self.refresh_bindings()
        if event.count == 0:
            subtitle = None
        elif event.index < 0:
            subtitle = f"{event.count} hits"
        else:
            subtitle = f"hit {event.index + 1} of {event.count}"
        if subtitle != self._subtitle:  # Textual repaints the whole pane at every setting
            self._subtitle = subtitle
            self.border_subtitle = subtitle

    def _hits_for(self, readout: Readout) -> Offsets:
        if self.result is None:
            return ()
        for hit in self.result.hits:
            if hit.id == readout.id:
                return tuple(hit.positions)
        return ()

    def _show_readout(self) -> None:
        if not self.is_mounted:
            return
        readout = self.readout
        body = self.body
        if readout is None:
            self._retitle("document")
            body.show(("placeholder", self._placeholder), [literal(self._placeholder, "dim")], "")
            self._sync_tabs(())
            return
        self.readout_id = readout.id
        self._retitle(
            Content.assemble(
                literal(clean_line(readout.meeting_date or "undated")),
                " · ",
                literal(clean_line(readout.source)),
            )
        )
        body.show(
            readout.id,
            header_lines(readout),
            readout.text,
            headings=heading_offsets(readout),
            hits=self._hits_for(readout),
            notes=self.notes_for(readout) if self.notes_for is not None else None,
        )
        self.post_message(self.Shown(readout))
        assert self.meeting is not None
        self._sync_tabs(self.meeting.readouts)

    def _retitle(self, title: Content | str) -> None:
        """Set the border title if it changes: Textual repaints the whole pane (the document
        in it too) each time a title is set, even to the same text."""
        if title != self._title:
            self._title = title
            self.border_title = title

    def _sync_tabs(self, readouts: Sequence[Readout]) -> None:
        tabs = self.query_one(Tabs)
        tabs.display = len(readouts) > 1
        if len(readouts) < 2:
            return
        wanted = [_tab_id(r.source) for r in readouts]
        have = [tab.id for tab in tabs.query(Tab)]
        active = _tab_id(self.readout.source) if self.readout else wanted[0]
        if have == wanted:
            for tab, readout in zip(tabs.query(Tab), readouts, strict=True):
                label = tab_label(readout, self.result)
                if tab.label != label:
                    tab.label = label
            if tabs.active != active:
                tabs.active = active
            return
        self.call_later(self._rebuild_tabs)

    async def _rebuild_tabs(self) -> None:
        # Runs later than the render that asked for it: rebuild for the meeting shown *now*.
        meeting = self.meeting
        tabs = self.query_one(Tabs)
        if meeting is None or len(meeting.readouts) < 2:
            return
        wanted = [_tab_id(r.source) for r in meeting.readouts]
        if [tab.id for tab in tabs.query(Tab)] != wanted:
            await tabs.clear()
            for readout in meeting.readouts:
                label = tab_label(readout, self.result)
                await tabs.add_tab(Tab(label, id=_tab_id(readout.source)))
        shown = self.readout
        if shown is not None:
            tabs.active = _tab_id(shown.source)
