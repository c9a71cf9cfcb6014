"""Lines of styled runs drawn as strips: what the meeting list draws its rows with.

A list row is a line or two of short runs of text, each with a style string (`("Kono",
"bold")`), never wrapped, cropped with an ellipsis (the list's `text-overflow: ellipsis`).
Textual draws such a line from `Content` through its general path (wrapping, alignment,
selection, link offsets), which at every keystroke of a search, with a screenful of rows made
anew, was a large part of what a frame of results cost (docs/search-flow.md). `RunPainter`
draws the same cells directly: each run one `Segment` in its style laid over the row's, the
last visible one cut with "…". What it draws is what `Content.truncate(width, ellipsis=True)`
of the same runs draws (`tests/tui/test_run_strips.py` compares them cell by cell, wide
characters included).

Only public Textual and Rich API: `Style.parse` (CSS variables such as `$text-muted` resolved
by the running app), `Style.combine`, `Strip`, `Segment`, `rich.cells`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip
from textual.style import Style

__all__ = ["RunPainter"]

ELLIPSIS = "…"


class RunPainter:
    """Draws lines of `(text, style)` runs over a base style, remembering each style's
    combination with the base (a handful of styles make all the rows)."""

    def __init__(self) -> None:
        self._styles: dict[tuple[Style, str], RichStyle] = {}

    def clear(self) -> None:
        """Forget the styles worked out (the theme changed)."""
        self._styles.clear()

    def style(self, base: Style, style: str) -> RichStyle:
        """`style` laid over `base`, as Rich draws it; an unreadable style is the base's."""
        key = (base, style)
        found = self._styles.get(key)
        if found is None:
            over = base
            if style:
                try:
                    over = Style.combine([base, Style.parse(style)])
                except Exception:  # a style string Textual cannot read: drawn plain
                    over = base
            found = self._styles[key] = over.rich_style
        return found

    def strip(
        self, runs: Sequence[tuple[str, str]], width: int, base: Style, left: int = 0
    ) -> Strip:
        """One line `width` cells wide: `left` blank cells, the runs cropped to what is left
        with "…" in the style of the first run cut, then blanks, all over `base`."""
        plain = self.style(base, "")
        inner = max(width - left, 0)
        segments = [Segment(" " * min(left, width), plain)] if left and width else []
        total = sum(cell_len(text) for text, _ in runs)
        if total <= inner:
            segments += [Segment(text, self.style(base, style)) for text, style in runs]
        elif inner:
            room = inner - 1  # cells before the ellipsis
            for text, style in runs:
                cells = cell_len(text)
                if cells <= room:
                    segments.append(Segment(text, self.style(base, style)))
                    room -= cells
                    continue
                cut = set_cell_size(text, room) if room else ""
                segments.append(Segment(cut + ELLIPSIS, self.style(base, style)))
                break
        return Strip(segments).extend_cell_length(width, plain)
