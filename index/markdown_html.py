"""Raw HTML inside Markdown, read as a Markdown viewer shows it: text, not tags.

Pages converted to Markdown (the White House files of ../shared/corpus, by pandoc) keep the
HTML that Markdown cannot say: `<span style="text-decoration: underline">Summary</span>`,
`February 12<sup>th</sup>`, `<figure><a href=...><img src=...></a></figure>`, tables, and
`<!-- -->` between lists. Left in, the reader showed the tags, search found `href` and
`srcset`, and "On February 12<sup>th</sup>" hid a meeting date.

Only tags of HTML elements are taken out (a `<Korea>` or `a < b` in the text stays as it is);
their text stays. A table row becomes a paragraph of its cells joined by " | ", a block element
ends a paragraph, `<br>` ends a line; images (and their links) leave nothing.

This stays a few regular expressions rather than an HTML parser or a Markdown library: an HTML
parser takes `<Korea>` and `<https://...>` for elements and loses them; markdown-it-py takes
longer to tokenize a document than the whole parse takes, and even pyromark, fast to tokenize,
adds a measurable share once its events are walked into text (docs/parsing.md has the figures
and the command that measures them). The Markdown marks themselves (links, emphasis, headings)
are read in index/layout.py.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"""</?([a-zA-Z][a-zA-Z0-9]*)(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?/?>""")
_CELL_GAP = re.compile(r"</t[dh]\s*>\s*<t[dh](?:\s[^<>]*)?>", re.IGNORECASE)

_BLOCK = frozenset({"address", "article", "aside", "blockquote", "caption", "center", "dd",
    "details", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "tfoot", "thead", "tr", "ul"})  # fmt: skip
"""Elements whose start or end ends a paragraph."""
_INLINE = frozenset({"a", "abbr", "audio", "b", "bdi", "bdo", "big", "cite", "code", "col",
    "colgroup", "data", "del", "dfn", "em", "font", "i", "iframe", "img", "ins", "kbd", "mark",
    "picture", "q", "s", "samp", "small", "source", "span", "strike", "strong", "sub", "sup",
    "td", "th", "time", "tt", "u", "var", "video", "wbr"})  # fmt: skip
"""Elements whose tags simply go (their text, if any, stays)."""


def _replace(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    if name == "br":
        return "\n"
    if name in _BLOCK:
        return "\n\n"
    if name in _INLINE:
        return ""
    return match.group(0)  # not an HTML element: text that looks like a tag


def strip_html(body: str) -> str:
    """`body` (Markdown) with HTML comments and the tags of HTML elements taken out."""
    if "<" not in body:
        return body
    body = _COMMENT.sub("", body)
    body = _CELL_GAP.sub(" | ", body)
    return _TAG.sub(_replace, body)
