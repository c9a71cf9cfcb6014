"""One topic row of the compare screen: the topic, then each side's paragraphs in a column.

The two columns sit in one row, so the row is as tall as the longer side and the next topic
starts level on both sides: the columns stay aligned by topic as the screen scrolls. On a
narrow screen (the screen's `-narrow` class) the columns stack inside each row.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from index.compare import TopicRow
from tui.text import literal
from tui.widgets.compare_paragraph import ComparedParagraph


def row_title(row: TopicRow) -> Content:
    """The topic's name, and "only <side>" when one side alone raises it."""
    title = literal(row.topic, "bold")
    if row.only:
        return Content.assemble(title, "  ", (f" only {row.only} ", "bold reverse $text-warning"))
    return title


class TopicRowView(Vertical):
    """A topic and its two columns of `ComparedParagraph`s."""

    DEFAULT_CSS = """
    TopicRowView {
        height: auto;
        margin: 0 0 1 0;
        & > .topic-title { height: auto; padding: 0 1; background: $panel; }
        & > .sides { height: auto; }
        & > .sides > .side { width: 1fr; height: auto; }
        &.-one-sided > .topic-title { background: $warning 20%; }
    }
    """

    def __init__(
        self, row: TopicRow, index: int, columns: Sequence[Sequence[ComparedParagraph]]
    ) -> None:
        super().__init__(classes="-one-sided" if row.only else "")
        self.row = row
        self.index = index
        """The row's index in `Comparison.rows`."""
        self._columns = columns

    def compose(self) -> ComposeResult:
        yield Static(row_title(self.row), classes="topic-title", markup=False)
        with Horizontal(classes="sides"):
            for cells in self._columns:
                with Vertical(classes="side"):
                    yield from cells
