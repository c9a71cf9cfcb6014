"""The layout of a page: its furniture dropped, its title and date lines found, its text grouped
into sections of headings and paragraphs (Markdown marks taken out on the way).

`index.parse` reads a document with these; nothing here knows who met whom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.dates import is_date_line
from index.model import Section

# --- page furniture ---------------------------------------------------------------------------

_FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"back to\b.*",
        r"(press releases?|page top|print|share|related links?|top of page|보도자료)",
        r"policy briefing\s*\|.*",
        r"[^\n]{0,120}\.(jpe?g|png|gif|webp|bmp|svg)",
    )
]
CATEGORY = re.compile(r"(Japan|Korea|Republic of Korea|ROK)-[\w .()-]{0,60} Relations")
_PHOTO = re.compile(r"\(Photo\)\s*(.*)", re.IGNORECASE)
_HEADING_START = frozenset("0123456789IVX")
"""What a numbered heading (`_HEADING_NUM`) can start with."""
_HEADING_NUM = re.compile(r"(?:\d{1,2}\.?|[IVX]{1,5}\.)\s+\S.{0,75}")
_DOUBLED_NUMBER = re.compile(r"^\d{1,2}\.\s+(\(\d{1,2}\))\s*")
_LIST_START = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\)|[-*•]\s|\([a-z]\)\s)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^[-*]\s+")
_MD_RULE = re.compile(r"([-*_])(?:\s*\1){2,}")
"""A thematic break (`***`, `- - -`): a line drawn across the page, no text."""
_MD_BOLD_LINE = re.compile(r"\*\*(.+)\*\*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ITALIC = re.compile(r"(?<![*\\\w])\*(?![\s*])(.+?)(?<![\s*\\])\*(?![*\w])")
"""`*emphasis*`: opens before a non-space, closes after one, never inside a word (`a*b*c`)."""
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|'\"])")
# `[^{}]`, not `[^}]`: on a line of unclosed "{#{#{#..." the scan from each "{" stops at the
# next one, so the work stays linear (with `[^}]` it is quadratic in the line's length).
_PANDOC_ATTR = re.compile(r"\{[#.][^{}]*\}")


_ANY_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in _FURNITURE), re.IGNORECASE)
"""The furniture patterns as one (a line is tested once, not once per pattern)."""


def _is_furniture(line: str) -> bool:
    return _ANY_FURNITURE.fullmatch(line) is not None


# --- structure --------------------------------------------------------------------------------


@dataclass
class Page:
    """A page with its furniture dropped: the date line, a title hint, and its text blocks."""

    title: str = ""
    title_hint: str = ""
    published: str = ""
    blocks: list[list[str]] | None = None


def _strip_markdown(line: str) -> str:
    # Most lines hold none of these marks: test for the character before running the regex.
    if "[" in line:
        line = _MD_LINK.sub(r"\1", line)
    if "{" in line:
        line = _PANDOC_ATTR.sub("", line)
    if "*" in line or "_" in line:
        line = _MD_EMPH.sub(r"\2", line)
        if "*" in line:
            line = _MD_ITALIC.sub(r"\1", line)
    if "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    return line


def read_page(lines: list[str], *, markdown: bool) -> Page:
    """Drop furniture, pick out the title and date lines, and group the rest into blocks."""
    page = Page(blocks=[])
    assert page.blocks is not None
    block: list[str] = []
    seen_text = False
    date_zone = max(12, len(lines) // 4)  # a page's date line is near its top
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = line.strip()
        if markdown and (stripped.startswith(":::") or _MD_RULE.fullmatch(stripped)):
            continue
        if not stripped or stripped == "\u00a0":
            if block:
                page.blocks.append(block)
                block = []
            continue
        if _is_furniture(stripped):
            continue
        if not seen_text and CATEGORY.fullmatch(stripped):
            continue
        photo = _PHOTO.fullmatch(stripped)
        if photo:
            page.title_hint = page.title_hint or photo.group(1).strip()
            # The line before a "(Photo)" line is the picture's caption.
            if block and i > 0 and lines[i - 1].strip() == block[-1].strip():
                block.pop()
            continue
        date_line = is_date_line(stripped) if not page.published and i < date_zone else ""
        if date_line:
            page.published = date_line
            if block:
                page.blocks.append(block)
                block = []
            continue
        seen_text = True
        block.append(line)
    if block:
        page.blocks.append(block)
    return page


def is_heading(line: str, *, markdown: bool) -> str:
    """The heading `line` is (its text, Markdown marks taken out), or "" when it is none."""
    stripped = line.strip()
    if markdown:
        m = _MD_HEADING.match(stripped) if stripped.startswith("#") else None
        if m:
            return _strip_markdown(m.group(1)).strip()
        m2 = _MD_BOLD_LINE.fullmatch(stripped) if stripped.startswith("**") else None
        if m2 and len(m2.group(1)) < 100:
            return _strip_markdown(m2.group(1)).strip()
    if (
        len(stripped) <= 80  # the cheap tests first: most lines fail one
        and stripped[:1] in _HEADING_START
        and not stripped.endswith((".", ",", ";", ":"))
        and line == line.lstrip()
        and _HEADING_NUM.fullmatch(stripped)
        and len(stripped.split()) <= 10
    ):
        return _strip_markdown(stripped).strip() if markdown else stripped
    return ""


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    """True when lines are wrapped at a fixed width (Markdown, e-mail), not one per paragraph."""
    lengths = sorted(len(ln.strip()) for b in blocks for ln in b)
    multi = sum(1 for b in blocks if len(b) > 2)
    if not lengths or multi == 0:
        return False
    median = lengths[len(lengths) // 2]
    return 40 <= median <= 100 and lengths[int(len(lengths) * 0.9)] <= 110


def page_sections(blocks: list[list[str]], *, markdown: bool) -> list[Section]:
    """The blocks as sections: headings found, and lines joined into paragraphs where the text
    is hard-wrapped (always in Markdown)."""
    wrapped = markdown or _hard_wrapped(blocks)
    sections: list[Section] = []
    heading = ""
    paragraphs: list[str] = []

    def join(lines: list[str]) -> str:
        # Markdown marks are taken out of whole paragraphs, not lines: a link's text or a bold
        # run often wraps onto the next line ("[On tariffs for certain\nelectronics](...)").
        text = " ".join(lines)
        return _strip_markdown(text) if markdown else text

    def flush() -> None:
        nonlocal paragraphs
        if heading or paragraphs:
            sections.append(Section(heading, tuple(paragraphs)))
        paragraphs = []

    for block in blocks:
        current: list[str] = []
        for line in block:
            head = is_heading(line, markdown=markdown)
            if head:
                if current:
                    paragraphs.append(join(current))
                    current = []
                flush()
                heading = head
                continue
            stripped = line.strip()
            if stripped[:1].isdigit():
                stripped = _DOUBLED_NUMBER.sub(r"\1 ", stripped)
            if markdown and stripped[:1] in ("-", "*"):
                stripped = _MD_BULLET.sub("• ", stripped)
            new_para = (
                not wrapped
                or not current
                or _LIST_START.match(stripped) is not None
                or (line != line.lstrip() and not markdown)
            )
            if new_para:
                if current:
                    paragraphs.append(join(current))
                current = [stripped]
            else:
                current.append(stripped)
        if current:
            paragraphs.append(join(current))
    flush()
    return [s for s in sections if s.heading or any(p.strip() for p in s.paragraphs)]


def sections_text(sections: list[Section] | tuple[Section, ...]) -> tuple[str, tuple[int, ...]]:
    """The cleaned text (every heading and paragraph, separated by blank lines) and the
    indexes of the parts that are headings."""
    parts: list[str] = []
    headings: list[int] = []
    for s in sections:
        if s.heading:
            headings.append(len(parts))
            parts.append(s.heading)
        parts.extend(p for p in s.paragraphs if p.strip())
    return "\n\n".join(parts), tuple(headings)
