"""The text layer of a PDF readout, with the page furniture taken out.

Ministries publish joint statements and readouts as PDF. A PDF is read with pypdf (BSD
licence; imported only when a PDF is met, so start-up does not pay for it): each page's text
layer in reading order, then the furniture every page repeats is removed, as a reader skips
it: running heads and feet (a line that starts or ends at least half of the pages, digits aside)
and page numbers ("3", "- 3 -", "Page 3 of 5", "3/5"). A scan without a text layer has no text
to read and is reported as such.
"""

from __future__ import annotations

import io
import re
from collections import Counter

_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?", re.IGNORECASE
)
_EDGE = 3
"""Lines at the top and at the bottom of a page that can be a running head or foot."""


class PdfError(ValueError):
    """A PDF that cannot be read as text: the message is the reason shown for the skip."""


def _shape(line: str) -> str:
    """A line with its digits folded, so "Page 2" and "Page 3" are one running foot."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _page_lines(data: bytes) -> list[list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")  # many "protected" PDFs open with the empty password
            except Exception as exc:
                raise PdfError("encrypted PDF") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PdfError(f"unreadable PDF ({exc.__class__.__name__})") from exc
    return [[ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")] for text in pages]


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages without page numbers and without the lines that head or foot at least half
    of them, and at least two."""
    edges: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        edge = {_shape(ln) for ln in body[:_EDGE] + body[-_EDGE:]}
        edges.update(edge)
    repeated = {s for s, n in edges.items() if n >= 2 and n * 2 >= len(pages)}
    out = []
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        keep_from, keep_to = 0, len(body)
        while keep_from < min(_EDGE, keep_to) and _is_furniture(body[keep_from], repeated):
            keep_from += 1
        while keep_to > keep_from and keep_to > len(body) - _EDGE:
            if not _is_furniture(body[keep_to - 1], repeated):
                break
            keep_to -= 1
        out.append(body[keep_from:keep_to])
    return out


def _is_furniture(line: str, repeated: set[str]) -> bool:
    return _PAGE_NUMBER.fullmatch(line.strip()) is not None or _shape(line) in repeated


def pdf_to_text(data: bytes) -> str:
    """The text of a PDF, page furniture removed, pages separated by a blank line. Raises
    `PdfError` with the reason when there is no text to read."""
    pages = strip_furniture(_page_lines(data))
    text = "\n\n".join("\n".join(lines) for lines in pages if lines)
    if not text.strip():
        raise PdfError("PDF without a text layer (a scanned image?)")
    return text
