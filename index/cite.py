"""Citations of a readout or of one of its paragraphs, and quotations with their source.

A citation names the publisher, the title, the meeting date, the publication date, where the
page is (its source URL, else the file it was read from) and, for a paragraph, its number
(`index.notes.keys.paragraphs` counts them: headings are not counted). Three formats:

- `plain` (the default): one line for a note or an e-mail;
- `markdown`: the title in italics and the address as a link, Markdown's specials escaped;
- `bibtex`: an `@misc` entry with TeX's specials escaped, ready for a `.bib` file.

Everything that came from a document goes through `safe_text` first: no control character or
escape sequence from a file can reach a citation, so none reaches the clipboard either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from index.model import Readout
from index.sanitize import safe_text

FORMATS = ("plain", "markdown", "bibtex")

PUBLISHERS = {
    "mofa-japan": "Ministry of Foreign Affairs of Japan",
    "mofa-korea": "Ministry of Foreign Affairs of the Republic of Korea",
    "white-house": "The White House",
    "president-korea": "Office of the President of the Republic of Korea",
    "us-president": "President of the United States",
    "us-state-department": "U.S. Department of State",
    "mfa-china": "Ministry of Foreign Affairs of the People's Republic of China",
    "un-general-debate": "United Nations General Debate",
}
"""Publisher codes (`Readout.source`) as a citation names them; other codes are shown as is."""


class Described(Protocol):
    """What a citation is made from: a readout's fields, or what the notes store kept of one."""

    @property
    def readout_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def meeting_date(self) -> str: ...
    @property
    def published(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class Source:
    """A readout as cited: every field one safe line."""

    readout_id: str
    title: str
    source: str
    meeting_date: str
    published: str
    url: str
    path: str

    @classmethod
    def of(cls, item: Described) -> Source:
        def line(text: str) -> str:
            return " ".join(safe_text(text, newlines=False).split())

        return cls(
            line(item.readout_id),
            line(item.title),
            line(item.source),
            line(item.meeting_date),
            line(item.published),
            line(item.url),
            line(item.path),
        )

    @classmethod
    def of_readout(cls, readout: Readout) -> Source:
        from index.notes.keys import source_url

        return cls.of(_ReadoutFields(readout, source_url(readout)))

    @property
    def publisher(self) -> str:
        if self.source in ("", "unknown"):
            return ""
        return PUBLISHERS.get(self.source, self.source)

    @property
    def where(self) -> str:
        """The page's address, else the file's path."""
        return self.url or self.path


@dataclass(frozen=True)
class _ReadoutFields:
    readout: Readout
    url: str

    @property
    def readout_id(self) -> str:
        return self.readout.id

    @property
    def title(self) -> str:
        return self.readout.title

    @property
    def source(self) -> str:
        return self.readout.source

    @property
    def meeting_date(self) -> str:
        return self.readout.meeting_date

    @property
    def published(self) -> str:
        return self.readout.published

    @property
    def path(self) -> str:
        return self.readout.path


def cite(src: Source, paragraph: int | None = None, fmt: str = "plain") -> str:
    """The citation of `src` (of its paragraph `paragraph`, 1-based) in format `fmt`."""
    if fmt == "markdown":
        return _markdown(src, paragraph)
    if fmt == "bibtex":
        return _bibtex(src, paragraph)
    if fmt != "plain":
        raise ValueError(f"unknown citation format {fmt!r}: use {', '.join(FORMATS)}")
    return _plain(src, paragraph)


def _dates(src: Source) -> list[str]:
    out = []
    if src.meeting_date:
        out.append(f"meeting of {src.meeting_date}")
    if src.published:
        out.append(f"published {src.published}")
    return out


def _plain(src: Source, paragraph: int | None) -> str:
    parts = [src.publisher] if src.publisher else []
    parts.append(f'"{src.title or src.readout_id}"')
    parts += _dates(src)
    if paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    text = ", ".join(parts) + "."
    if src.url:
        text += f" {src.url}"
    elif src.path:
        text += f" File: {src.path}"
    return text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """`text` with Markdown's specials backslash-escaped, so it reads as the text it is."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(src: Source, paragraph: int | None) -> str:
    parts = [md_escape(src.publisher)] if src.publisher else []
    parts.append(f"*{md_escape(src.title or src.readout_id)}*")
    parts += _dates(src)
    if paragraph is not None:
        parts.append(f"paragraph {paragraph}")
    text = ", ".join(parts) + "."
    if src.url:
        text += f" <{src.url.replace('>', '%3E').replace(' ', '%20')}>"
    elif src.path:
        text += f" File: `{src.path.replace('`', 'ˋ')}`"
    return text


_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_TEX_SPECIAL = re.compile(r"[\\{}$&%#_^~]")


def tex_escape(text: str) -> str:
    """`text` with every TeX special escaped, so BibTeX prints it as written."""
    return _TEX_SPECIAL.sub(lambda m: _TEX[m.group()], text)


def _url_field(url: str) -> str:
    """A URL for BibTeX's verbatim url field: braces, backslashes and spaces percent-encoded
    (they would unbalance or end the field)."""
    url = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url)  # a lone % would start a TeX comment
    for ch, code in (("{", "%7B"), ("}", "%7D"), ("\\", "%5C"), (" ", "%20")):
        url = url.replace(ch, code)
    return url


def bibtex_key(src: Source, paragraph: int | None = None) -> str:
    key = re.sub(r"[^A-Za-z0-9:._-]+", "-", src.readout_id).strip("-") or "readout"
    return f"{key}:p{paragraph}" if paragraph is not None else key


def _bibtex(src: Source, paragraph: int | None) -> str:
    fields: list[tuple[str, str]] = []
    if src.publisher:
        fields.append(("author", "{" + tex_escape(src.publisher) + "}"))
    fields.append(("title", "{" + tex_escape(src.title or src.readout_id) + "}"))
    if src.published:
        fields.append(("date", tex_escape(src.published)))
        fields.append(("year", tex_escape(src.published[:4])))
    elif src.meeting_date:
        fields.append(("year", tex_escape(src.meeting_date[:4])))
    notes = []
    if src.meeting_date:
        notes.append(f"Readout of the meeting of {src.meeting_date}")
    if paragraph is not None:
        notes.append(f"paragraph {paragraph}")
    if not src.url and src.path:
        notes.append(f"file {src.path}")
    if notes:
        fields.append(("note", tex_escape(", ".join(notes))))
    if src.url:
        fields.append(("url", _url_field(src.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(src, paragraph)},\n{body}\n}}"


def quotation(text: str, citation: str, fmt: str = "plain") -> str:
    """`text` (a paragraph or a sentence of a document) quoted with its citation."""
    quoted = " ".join(safe_text(text, newlines=False).split())
    if fmt == "markdown":
        return f"> {md_escape(quoted)}\n\n— {citation}"
    if fmt == "bibtex":
        return f"% {quoted}\n{citation}"
    return f"“{quoted}”\n— {citation}"


_SENTENCE_END = re.compile(r"[.!?。！？．][\"'”’)\]]*(?=\s|$)|[。！？]")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` holding character `offset`, within its paragraph."""
    start = text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", offset)
    end = len(text) if end < 0 else end
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() <= offset:
            begin = m.end()
        else:
            return text[begin : m.end()].strip()
    return text[begin:end].strip()
