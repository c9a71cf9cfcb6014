"""Turning document text into something safe to put on a terminal.

Text that came from a file is data: it is never parsed as Textual markup and never reaches the
terminal as a control sequence. `clean()` swaps every control character (C0 but newline and tab,
DEL, C1) and every bidirectional override or isolate for a visible stand-in of the *same length*,
so that the character offsets the search core reports into `Readout.text` still point at the same
characters after cleaning. An escape sequence such as ESC[31m therefore shows as ``␛[31m``: the
characters it is, not a colour change. `literal()` wraps cleaned text in a `Content`, the only
way the widgets turn document text into something displayable.

`wrap_line()` is the word wrapper the document pane uses. It works on offsets rather than on
strings so a highlight at a known character offset can be found on screen (and scrolled to).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they can make a terminal draw text out of order."""

REPLACEMENT = "\ufffd"
"""Stand-in for C1 controls and bidi controls, which have no control picture."""


def _stand_in(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return " "
    if code < 0x20:
        # U+2400.. "control pictures": ␀ ␁ ... ␛ ... ␟, one per C0 control.
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def _needs_cleaning(char: str) -> bool:
    code = ord(char)
    if char == "\n":
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F or char in _BIDI_CONTROLS


_TABLE: dict[int, str] = {
    code: _stand_in(chr(code)) for code in range(0xA0) if _needs_cleaning(chr(code))
}
_TABLE.update({ord(c): REPLACEMENT for c in _BIDI_CONTROLS})


def clean(text: str) -> str:
    """`text` with control and bidi-override characters replaced by visible stand-ins.

    The result has exactly the length of `text` (one character for one), so offsets into the
    original apply unchanged. Newlines are kept; a tab becomes one space (wrapping counts cells,
    and a tab's width depends on where it falls).
    """
    return text.translate(_TABLE)


def clean_line(text: str) -> str:
    """Like `clean`, for text shown on one line: newlines become spaces too."""
    return clean(text).replace("\n", " ")


def literal(text: str, style: Style | str = "") -> Content:
    """A `Content` showing `text` exactly as the characters it contains (after `clean`)."""
    cleaned = clean(text)
    if not cleaned:
        return Content("")
    return Content.styled(cleaned, style, strip_control_codes=False)


def highlight(
    text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]], style: Style | str
) -> Content:
    """`literal(text)` with `style` over each (start, end) span; bad spans are ignored."""
    content = literal(text)
    length = len(text)
    for start, end in spans:
        if 0 <= start < end <= length:
            content = content.stylize(style, start, end)
    return content


_SINGLE_CELL_CANDIDATES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x2FF),  # Latin-1 and Latin extended
    (0x370, 0x482),  # Greek, Cyrillic
    (0x2010, 0x205E),  # general punctuation: dashes, curly quotes, ellipsis
    (0x20A0, 0x20C0),  # currency signs
)
_SINGLE_CELL = frozenset(
    char
    for first, last in _SINGLE_CELL_CANDIDATES
    for char in map(chr, range(first, last + 1))
    if cell_len(char) == 1
)
"""Characters one cell wide, as Rich measures them: a line made only of these is wrapped by
counting characters (`_wrap_narrow`), in C-speed string searches."""


def wrap_line(line: str, width: int) -> list[tuple[int, int]]:
    """Where to break one line (no newlines) to fit `width` cells: a list of (start, end) offsets.

    Breaks after the last space that fits; a word longer than the width is cut. The spaces at a
    break stay at the end of the upper line (they are invisible there), so every character of
    `line` belongs to exactly one piece and an offset always maps to one screen line.
    An empty line gives one empty piece.
    """
    width = max(width, 2)
    if _SINGLE_CELL.issuperset(line):
        return _wrap_narrow(line, width)
    return _wrap_cells(line, width)


def _wrap_narrow(line: str, width: int) -> list[tuple[int, int]]:
    """`wrap_line` for a line whose characters are all one cell wide: the same breaks, found
    with `str.rfind` instead of a loop over the characters (a long document is laid out each
    time the reader opens it)."""
    length = len(line)
    pieces: list[tuple[int, int]] = []
    start = 0
    while start < length:
        pos = start + width
        if pos >= length:
            pieces.append((start, length))
            break
        if line[pos] == " ":
            end = pos
            while end < length and line[end] == " ":
                end += 1
        else:
            space = line.rfind(" ", start, pos)
            end = space + 1 if space >= start else pos
        pieces.append((start, end))
        start = end
    return pieces or [(0, 0)]


def _wrap_cells(line: str, width: int) -> list[tuple[int, int]]:
    """`wrap_line` for any line: each character's cells counted (wide CJK, zero-width marks)."""
    length = len(line)
    if cell_len(line) <= width:
        return [(0, length)]
    if all(cell_len(char) == 1 for char in set(line)):  # one-cell characters beyond the set
        return _wrap_narrow(line, width)
    pieces: list[tuple[int, int]] = []
    start = 0
    while start < length:
        cells = 0
        pos = start
        last_break = -1
        while pos < length:
            char_cells = cell_len(line[pos])
            if cells + char_cells > width:
                break
            cells += char_cells
            pos += 1
            if line[pos - 1] == " ":
                last_break = pos
        if pos >= length:
            pieces.append((start, length))
            break
        if line[pos] == " ":
            # The break falls on a space: swallow the run of spaces into this line.
            end = pos
            while end < length and line[end] == " ":
                end += 1
        elif last_break > start:
            end = last_break
        else:
            end = max(pos, start + 1)
        pieces.append((start, end))
        start = end
    return pieces or [(0, 0)]
