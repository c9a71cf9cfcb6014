"""One cell of the compare screen: a paragraph of one side under one topic, or the plain note
that this side does not mention the topic.

The paragraph is document text: it is shown through `tui.text.literal` (never markup), with
the topic's terms underlined and each equivalent term that differs between the sides in its
group's colour, the same colour on both sides ("Takeshima" and "Dokdo" alike).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from index.compare import Comparison, Paragraph, TermUse
from tui.text import literal

TERM_COLOURS = (
    "bold $text-warning",
    "bold $text-success",
    "bold $text-accent",
    "bold $text-error",
    "bold $text-primary",
    "bold $text-secondary",
)
"""The colours of differing equivalent terms, by the group's place in `Comparison.terms`."""
TOPIC_STYLE = "underline"


def paragraph_content(
    text: str, paragraph: Paragraph, uses: tuple[TermUse, ...], comparison: Comparison, topic: str
) -> Content:
    """The paragraph, numbered, its terms styled (offsets are into the readout's `text`)."""
    body = literal(text[paragraph.start : paragraph.end])
    for use in uses:
        if use.paragraph != paragraph.index:
            continue
        start, end = use.start - paragraph.start, use.end - paragraph.start
        colour = comparison.term_colour(use.group) if use.group >= 0 else None
        styles = []
        if colour is not None:
            styles.append(TERM_COLOURS[colour % len(TERM_COLOURS)])
        if use.topic == topic:
            styles.append(TOPIC_STYLE)
        if styles:
            body = body.stylize(" ".join(styles), start, end)
    return Content.assemble((f"¶{paragraph.index} ", "$text-muted"), body)


class ComparedParagraph(Static, can_focus=True):
    """A paragraph (or the "not mentioned" note) in one column of one topic row."""

    DEFAULT_CSS = """
    ComparedParagraph {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
        border-left: blank;
        &:focus { border-left: thick $accent; background: $boost; }
        &.-missing {
            color: $text-warning;
            text-style: italic;
            background: $warning 10%;
            border-left: thick $warning 50%;
        }
        &.-missing:focus { border-left: thick $accent; }
    }
    """

    def __init__(
        self,
        content: Content,
        *,
        row: int,
        side: int,
        readout_id: str,
        offset: int | None,
    ) -> None:
        """`offset`: where the paragraph starts in its readout; None for the missing note."""
        super().__init__(content, markup=False, classes="-missing" if offset is None else "")
        self.row = row
        """The topic row (index into `Comparison.rows`)."""
        self.side = side
        """0 for the left column, 1 for the right."""
        self.readout_id = readout_id
        self.text_offset = offset

    @classmethod
    def missing(cls, label: str, *, row: int, side: int, readout_id: str) -> ComparedParagraph:
        """The note in a column whose side does not raise the row's topic."""
        note = Content.assemble(("not mentioned by ", ""), literal(label))
        return cls(note, row=row, side=side, readout_id=readout_id, offset=None)
