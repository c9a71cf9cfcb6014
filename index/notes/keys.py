"""What the notes store knows a readout and a paragraph by.

A readout's key must outlive a rebuilt index, a moved or renamed file and a re-parse, so it is
never the readout's id or path: it is the page's source URL when the document has one
(`url:https://...`), else a digest of its cleaned text (`text:<hex>`). The same readout opened
from two folders therefore carries the same marks.

A note is anchored on a paragraph by its number and a short fingerprint of its text, with the
opening words kept beside it. After a small edit of the document (a typo fixed, a paragraph
inserted above) the note finds its paragraph again; when nothing close enough is left, the
note is *detached*: kept, and shown as such, never dropped.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

from index.model import Readout

URL_FIELDS = ("source_url", "url")
"""Metadata fields that hold the page's address, the first found wins."""

EXCERPT_CHARS = 160
"""How much of a paragraph's opening is kept with a note to find it again after an edit."""

SIMILAR = 0.75
"""How alike (difflib's ratio of the openings) a paragraph must be to carry a note whose own
paragraph changed."""


def source_url(readout: Readout) -> str:
    """The page's address from its metadata, or an empty string."""
    for name in URL_FIELDS:
        value = readout.meta(name).strip()
        if value.startswith(("http://", "https://")):
            return value
    return ""


def readout_key(readout: Readout) -> str:
    """The store's key for `readout`: `url:<source URL>`, else `text:<digest of the text>`."""
    url = source_url(readout)
    if url:
        return "url:" + url.rstrip("/")
    return "text:" + readout.text_digest


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a readout as notes and citations count them."""

    number: int
    """1 for the first paragraph of the text; headings are not counted."""
    part: int
    """Its index among the blank-line separated parts of `Readout.text` (headings counted)."""
    start: int
    """Character offset of its first character in `Readout.text`."""
    text: str


def paragraphs(readout: Readout) -> list[Paragraph]:
    """The readout's paragraphs in order, headings left out."""
    text = readout.text
    if not text:
        return []
    heads = set(readout.headings)
    out: list[Paragraph] = []
    offset = 0
    for i, part in enumerate(text.split("\n\n")):
        if i not in heads and part.strip():
            out.append(Paragraph(len(out) + 1, i, offset, part))
        offset += len(part) + 2
    return out


def paragraph_at(readout: Readout, offset: int) -> Paragraph | None:
    """The paragraph holding character `offset` of the text (the next one when `offset` is on
    a heading or between paragraphs); None past the last."""
    paras = paragraphs(readout)
    for p in paras:
        if offset < p.start + len(p.text):
            return p
    return paras[-1] if paras else None


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def fingerprint(text: str) -> str:
    """A short digest of a paragraph's words (case and spacing do not count)."""
    return hashlib.blake2b(_normal(text).encode("utf-8", "replace"), digest_size=6).hexdigest()


def excerpt(text: str) -> str:
    """The opening of a paragraph kept with a note (see `EXCERPT_CHARS`)."""
    return _normal(text)[:EXCERPT_CHARS]


@dataclass(frozen=True)
class Anchor:
    """Where a note was written: a paragraph's number, fingerprint and opening."""

    paragraph: int
    fingerprint: str
    excerpt: str

    @classmethod
    def of(cls, paragraph: Paragraph) -> Anchor:
        return cls(paragraph.number, fingerprint(paragraph.text), excerpt(paragraph.text))


def locate(anchor: Anchor, paras: list[Paragraph]) -> Paragraph | None:
    """The paragraph `anchor` stands on now, or None: detached.

    The same words at the same number first; then the same words elsewhere (a paragraph was
    added or removed above); then the most alike opening, nearest the old number first.
    """
    if 1 <= anchor.paragraph <= len(paras):
        same = paras[anchor.paragraph - 1]
        if fingerprint(same.text) == anchor.fingerprint:
            return same
    for p in paras:
        if fingerprint(p.text) == anchor.fingerprint:
            return p
    best: tuple[float, int, Paragraph] | None = None
    for p in paras:
        ratio = difflib.SequenceMatcher(None, anchor.excerpt, excerpt(p.text)).ratio()
        if ratio < SIMILAR:
            continue
        rank = (ratio, -abs(p.number - anchor.paragraph), p)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None
