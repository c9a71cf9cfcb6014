"""The scrolling text of one readout: its header lines, then `Readout.text`, wrapped.

The body is drawn from `Readout.text` itself, so the character offsets the search core returns
(`Hit.positions`) are the offsets highlighted here, with no re-parsing. Wrapping is done by
`tui.text.wrap_line`, which reports offsets, so every hit maps to exactly one screen line and
`n` / `N` can scroll it into view. Lines are drawn on demand (`render_line`), like `less`: a long
document costs what is on screen, not what is in the file.

The reader's notes are drawn under the paragraph they belong to (`show(notes=...)`): extra
lines between the text's lines, which belong to no text offset.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui.errors import ErrorBoundary
from tui.text import clean, wrap_line
from tui.textual_compat import SteadyScrollbars

Offsets = tuple[tuple[int, int], ...]


class SpanLookup:
    """Which of some (start, end) spans reach into a stretch of text, found by bisection: a
    line of a document with hundreds of hits (a common word) no longer looks at every hit."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        self._reach = list(accumulate((e for _, e in self.spans), max))
        """The furthest end among the spans up to each one (never decreasing)."""

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap [start, end), in order."""
        first = bisect_right(self._reach, start)  # spans before it all end by `start`
        last = bisect_left(self._starts, end)  # spans from it on all start at `end` or later
        return [(s, e) for s, e in self.spans[first:last] if e > start]


class DocumentBody(ErrorBoundary, SteadyScrollbars, ScrollView, can_focus=True):
    """A read-only, word-wrapped view of a document with highlighted search hits."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-body--heading",
        "document-body--hit",
        "document-body--current-hit",
        "document-body--note",
    }

    DEFAULT_CSS = """
    DocumentBody {
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .document-body--heading { text-style: bold; color: $text-primary; }
        & > .document-body--hit { background: $warning-muted; color: $text; }
        & > .document-body--current-hit {
            background: $warning; color: $background; text-style: bold;
        }
        & > .document-body--note { color: $text-accent; text-style: italic; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down,j",
            "scroll_down",
            "Scroll down",
            show=False,
            id="document.down",
            tooltip="Scroll the document down a line",
        ),
        Binding(
            "up,k",
            "scroll_up",
            "Scroll up",
            show=False,
            id="document.up",
            tooltip="Scroll the document up a line",
        ),
        Binding(
            "pagedown,space",
            "page_down",
            "Page down",
            show=False,
            id="document.page-down",
            tooltip="Scroll the document down a page",
        ),
        Binding(
            "pageup,b",
            "page_up",
            "Page up",
            show=False,
            id="document.page-up",
            tooltip="Scroll the document up a page",
        ),
        Binding(
            "home,g",
            "scroll_home",
            "Top",
            show=False,
            id="document.top",
            tooltip="Go to the top of the document",
        ),
        Binding(
            "end,G",
            "scroll_end",
            "Bottom",
            show=False,
            id="document.bottom",
            tooltip="Go to the end of the document",
        ),
    ]

    GUTTER = 1
    """Blank cells left of the text, so it does not touch the pane's edge."""

    current_hit: reactive[int] = reactive(-1, init=False)
    """Index into `hits` of the hit `n` / `N` are on; -1 when there is none."""

    @dataclass
    class HitChanged(Message):
        """The current hit (or the set of hits) changed: "hit 3 of 7"."""

        body: DocumentBody
        index: int
        """0-based index of the current hit, -1 when none is current."""
        count: int

        @property
        def control(self) -> DocumentBody:
            return self.body

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._header: list[tuple[Content, int]] = []
        self._text = ""
        self._clean = ""
        self._headings: Offsets = ()
        self._hits: Offsets = ()
        self._lookups: tuple[SpanLookup, SpanLookup] = (SpanLookup(()), SpanLookup(()))
        """The headings' and the hits' spans, to find those of a line."""
        self._styles: dict[tuple[str, object], Style] = {}
        """Component styles as span styles, by the widget's own style when they were made."""
        self._key: object = None
        # Layout, recomputed for each width.
        self._width = 0
        self._header_lines: list[Content] = []
        self._pieces: list[tuple[int, int]] = []
        self._piece_starts: list[int] = []
        self._notes: Mapping[int, Sequence[str]] = {}
        self._note_lines: dict[int, Content] = {}
        """Lines of notes, by their index among `_pieces` (their piece is a stand-in)."""

    # -- what to show ---------------------------------------------------------------------

    @property
    def hits(self) -> Offsets:
        """The (start, end) offsets into the text that are highlighted, in text order."""
        return self._hits

    @property
    def text(self) -> str:
        """The document text shown (as given, before cleaning)."""
        return self._text

    @property
    def key(self) -> object:
        """Whatever identifies the document shown (the readout id), as given to `show`."""
        return self._key

    def show(
        self,
        key: object,
        header: Sequence[Content | tuple[Content, int]],
        text: str,
        *,
        headings: Offsets = (),
        hits: Offsets = (),
        go_to_first_hit: bool = True,
        notes: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        """Show a document. Showing the same `key` again keeps the scroll position.

        `header` lines are shown above the text (wrapped, never highlighted); a line given as
        (content, indent) wraps with a hanging indent of `indent` cells, for "Label  value"
        lines. `headings` and `hits` are offsets into `text`; `notes` are lines shown under the
        text line that ends at (or holds) each offset, e.g. a note under its paragraph.
        """
        length = len(text)
        new_hits = tuple(sorted((s, e) for s, e in hits if 0 <= s < e <= length))
        same_doc = key == self._key and text == self._text
        same_hits = same_doc and new_hits == self._hits
        anchor = self._anchor() if same_doc and self._width else None
        new_header = [line if isinstance(line, tuple) else (line, 0) for line in header]
        new_notes = notes or {}
        # The lines depend on the text, header, notes and width, not on the hits: a search
        # that only changes the hits of the document shown keeps them.
        same_lines = same_doc and new_header == self._header and new_notes == self._notes
        # Nothing to draw anew when the same lines come with the same hits and headings (the
        # next keystroke of a search whose best readout and its matches stay the same).
        unchanged = same_lines and same_hits and headings == self._headings
        before = self.scroll_offset
        self._key = key
        self._header = new_header
        if not same_doc:
            self._text = text
            self._clean = clean(text)
        if headings != self._headings or new_hits != self._hits:
            self._lookups = (SpanLookup(headings), SpanLookup(new_hits))
        self._headings = headings
        self._hits = new_hits
        self._notes = new_notes
        if not same_lines:
            self._width = 0
        self._layout()
        if anchor is not None:
            self._restore(anchor)
        else:
            self.scroll_to(0, 0, animate=False, immediate=True)
        if not same_hits:
            index = 0 if new_hits else -1
            self.set_reactive(DocumentBody.current_hit, index)
            if index >= 0 and go_to_first_hit:
                self._scroll_to_hit(index)
        self.post_message(self.HitChanged(self, self.current_hit, len(self._hits)))
        if not (unchanged and self.scroll_offset == before):
            self.refresh()

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so that the line holding text offset `offset` is at the top."""
        if self._width:
            self._scroll_y_to(self._line_of(offset))

    def next_hit(self, step: int = 1) -> None:
        """Move to the next (`step` 1) or previous (-1) hit, wrapping around the document."""
        if not self._hits:
            return
        if self.current_hit < 0:
            index = 0 if step > 0 else len(self._hits) - 1
        else:
            index = (self.current_hit + step) % len(self._hits)
        self.current_hit = index

    def go_to_offset(self, offset: int) -> None:
        """Show text offset `offset`: the hit there becomes the current one, or else its line
        is scrolled into view."""
        for index, (start, end) in enumerate(self._hits):
            if start <= offset < end:
                self.current_hit = index
                self._scroll_to_hit(index)
                return
        height = max(self.scrollable_content_region.height, 1)
        self._scroll_y_to(max(self._line_of(offset) - height // 3, 0))

    def watch_current_hit(self, index: int) -> None:
        if index >= 0:
            self._scroll_to_hit(index)
        self.post_message(self.HitChanged(self, index, len(self._hits)))
        self.refresh()

    # -- layout -----------------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - self.GUTTER, 10)

    def _layout(self) -> None:
        width = self._text_width
        if width == self._width and (self._header_lines or self._pieces):
            return
        self._width = width
        header_lines: list[Content] = []
        for header, indent in self._header:
            indent = indent if indent < width // 2 else 0
            _, first_end = wrap_line(header.plain, width)[0]
            header_lines.append(header[:first_end])
            if first_end < len(header.plain):
                tail = header[first_end:]
                for start, end in wrap_line(tail.plain, width - indent):
                    header_lines.append(Content(" " * indent).append(tail[start:end]))
        pieces: list[tuple[int, int]] = []
        note_lines: dict[int, Content] = {}
        text = self._clean
        position = 0
        notes = sorted(self._notes.items())
        for line in text.split("\n"):
            for start, end in wrap_line(line, width):
                pieces.append((position + start, position + end))
            position += len(line) + 1
            while notes and notes[0][0] < position:
                _, lines = notes.pop(0)
                at = position - 1
                for note in lines:
                    for start, end in wrap_line(note, width - 4):
                        note_lines[len(pieces)] = Content("  " + note[start:end])
                        pieces.append((at, at))
        if not text:
            pieces = []
            note_lines = {}
        self._note_lines = note_lines
        self._header_lines = header_lines
        self._pieces = pieces
        self._piece_starts = [start for start, _ in pieces]
        self.virtual_size = Size(width + self.GUTTER, len(header_lines) + len(pieces))

    def top_offset(self) -> int | None:
        """The text offset of the first line in view; None while the header is at the top."""
        in_header, value = self._anchor()
        return None if in_header else value

    def _line_of(self, offset: int) -> int:
        """The screen line (from the top of the document) holding text offset `offset`."""
        piece = max(bisect_right(self._piece_starts, offset) - 1, 0)
        return len(self._header_lines) + piece

    def _anchor(self) -> tuple[bool, int]:
        """What is at the top of the view: (in header?, header line or text offset)."""
        top = round(self.scroll_y)
        if top < len(self._header_lines) or not self._pieces:
            return (True, top)
        piece = min(top - len(self._header_lines), len(self._pieces) - 1)
        return (False, self._pieces[piece][0])

    def _restore(self, anchor: tuple[bool, int]) -> None:
        in_header, value = anchor
        y = value if in_header else self._line_of(value)
        self._scroll_y_to(y)

    def _scroll_y_to(self, y: int) -> None:
        """Scroll to line `y` now. Forced: right after a short document (or a placeholder)
        the pane has no scrollbar until the next layout, and Textual drops an unforced scroll
        until it has; the lines (`virtual_size`) are known already, which is all the scroll
        needs (the gutter is stable, so the scrollbar's coming changes no line)."""
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # Textual moves the thumb with the scroll only while the scrollbar shows: a scroll
        # forced before it did (`_scroll_y_to`) would leave the thumb at the top.
        if shown:
            self.vertical_scrollbar.position = self.scroll_y

    def _scroll_to_hit(self, index: int) -> None:
        line = self._line_of(self._hits[index][0])
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        if not top + 1 <= line < top + height - 1:
            self._scroll_y_to(max(line - height // 3, 0))

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under widget cell (x, y), or None outside the text (or in the header)."""
        piece = round(self.scroll_y) + y - len(self._header_lines)
        if not 0 <= piece < len(self._pieces):
            return None
        if piece in self._note_lines:
            return None
        start, end = self._pieces[piece]
        column = x - self.GUTTER + round(self.scroll_x)
        cells = 0
        for offset in range(start, end):
            cells += cell_len(self._clean[offset])
            if cells > column:
                return offset
        return None

    def on_click(self, event: events.Click) -> None:
        """Clicking a highlighted hit makes it the current one ("hit 2 of 7")."""
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        for index, (start, end) in enumerate(self._hits):
            if start <= offset < end:
                self.current_hit = index
                return

    def on_resize(self, event: events.Resize) -> None:
        anchor = self._anchor() if self._width else None
        self._layout()
        if anchor is not None:
            self._restore(anchor)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    # -- drawing ----------------------------------------------------------------------------

    def _body_line(self, start: int, end: int, look: object) -> Content:
        content = Content(self._clean[start:end], strip_control_codes=False)
        headings, hits = self._lookups
        styles = ((headings, "document-body--heading"), (hits, "document-body--hit"))
        for lookup, component in styles:
            spans = lookup.within(start, end)
            if not spans:
                continue
            style = self._style(component, look)
            for s, e in spans:
                content = content.stylize(style, max(s, start) - start, min(e, end) - start)
        if 0 <= self.current_hit < len(self._hits):
            s, e = self._hits[self.current_hit]
            if s < end and e > start:
                style = self._style("document-body--current-hit", look)
                content = content.stylize(style, max(s, start) - start, min(e, end) - start)
        return content

    def _style(self, component: str, look: object) -> Style:
        """A component class's colours as a span style (alpha resolved against the widget),
        worked out once for each `look` of the widget (its own style: focus, theme)."""
        key = (component, look)
        found = self._styles.get(key)
        if found is None:
            found = self._styles[key] = self._component_style(component)
        return found

    def _component_style(self, component: str) -> Style:
        styles = self.get_component_styles(component)
        _, base = self.background_colors
        return Style(
            background=base + styles.background if styles.has_rule("background") else None,
            foreground=styles.color if styles.has_rule("color") else None,
            bold=True if styles.text_style.bold else None,
        )

    def line_text(self, y: int) -> str:
        """The plain text of document line `y` (from the top, header included); for tests."""
        if y < len(self._header_lines):
            return self._header_lines[y].plain
        piece = y - len(self._header_lines)
        if piece in self._note_lines:
            return self._note_lines[piece].plain
        if 0 <= piece < len(self._pieces):
            start, end = self._pieces[piece]
            return self._clean[start:end]
        return ""

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        rich_style = self.rich_style
        header_count = len(self._header_lines)
        if index < header_count:
            content = self._header_lines[index]
        elif index - header_count in self._note_lines:
            note = self._note_lines[index - header_count]
            content = note.stylize(self._style("document-body--note", rich_style))
        elif 0 <= index - header_count < len(self._pieces):
            content = self._body_line(*self._pieces[index - header_count], rich_style)
        else:
            return Strip.blank(width, rich_style)
        content = Content(" " * self.GUTTER).append(content)
        strip = Strip(content.render_segments(self.visual_style), content.cell_length)
        return strip.crop_extend(scroll_x, scroll_x + width, rich_style)
