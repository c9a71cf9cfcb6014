"""The main text of a saved web page, without navigation, scripts and styles.

A page saved from a ministry's site should read like the seeds: one line per heading, paragraph
or list item, in order. The page is parsed by selectolax (the Lexbor HTML5 parser: entities,
unclosed `<p>` and `<li>`, misnested tags all resolved as a browser does); our rules only say
what is furniture and what is the main text. When the page marks its main content (`<main>`,
`<article>`, or an element whose id or class says so), only that is kept.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

_SKIP = ["script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button",
         "select", "template", "svg", "iframe", "head"]  # fmt: skip
"""Elements whose content is never text of the page."""
_BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr",
    "figure", "figcaption", "address"})  # fmt: skip
"""Elements that start a line."""
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "ul", "ol", "table"})
"""Block elements followed by a blank line (a new paragraph), not just a line break."""
_VOID = frozenset({"br", "hr"})
"""Block elements without content: a line break, nothing after."""
_CELLS = frozenset({"td", "th"})
_FURNITURE_ID = re.compile(r"nav|menu|breadcrumb|footer|header|sidebar|sns|share|skip|pagetop",
                           re.IGNORECASE)  # fmt: skip
_MAIN_ID = re.compile(r"main|content|article|contents", re.IGNORECASE)
_MARKED = "[id], [class], [role]"
_SPACES = re.compile(r"\s+")


def html_to_text(html: str, meta: dict[str, str] | None = None) -> str:
    """The readable text of `html`, a line per block; the page `<title>` goes to `meta`."""
    # Imported here: a folder without web pages never pays for loading the parser.
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title = tree.css_first("title")
    if meta is not None and title is not None:
        name = _SPACES.sub(" ", title.text(deep=True)).strip()
        if name:
            meta.setdefault("html_title", name)
    root = tree.body or tree.root
    if root is None:
        return ""
    tree.strip_tags(_SKIP)
    # Last first: an element inside a piece of furniture goes before the furniture itself. The
    # page itself is never furniture, whatever its classes say ("has-sidebar", "nav-open").
    for node in reversed(root.css(_MARKED)):
        if node.tag not in ("html", "body") and _FURNITURE_ID.search(_ident(node)):
            node.decompose()
    mains = _main_parts(root)
    text = "".join(_text(node) for node in mains)
    if not text.strip():
        text = _text(root)
    out: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())  # spaces of neighbouring elements made one
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _ident(node: LexborNode) -> str:
    attrs = node.attributes
    return " ".join(attrs.get(k) or "" for k in ("id", "class", "role"))


def _main_parts(root: LexborNode) -> list[LexborNode]:
    """The outermost elements that say they hold the main content, in page order (not the page
    itself: a body of class "single-article" says nothing about which part is the article)."""
    chosen: list[LexborNode] = []
    ids: set[int] = set()
    for node in root.css(f"main, article, {_MARKED}"):
        if node.tag in ("html", "body"):
            continue
        if node.tag not in ("main", "article") and not _MAIN_ID.search(_ident(node)):
            continue
        parent: LexborNode | None = node  # a node matched by two selectors comes twice
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            chosen.append(node)
            ids.add(node.mem_id)
    return chosen


def _text(node: LexborNode) -> str:
    """The text under `node`: spaces collapsed, a line break around each block, "- " before a
    list item, a table row on one line with " | " between its cells."""
    out: list[str] = []
    # What is left to do, last first: nodes to read, text to add after a block, and (an int)
    # where in `out` a table cell began, to make all its text one line once it is read.
    todo: list[LexborNode | str | int] = []
    todo.extend(reversed([*node.iter(include_text=True)]))
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        if isinstance(item, int):
            out[item:] = [" ".join("".join(out[item:]).split())]
            continue
        tag = item.tag or ""
        if tag == "-text":
            out.append(_SPACES.sub(" ", item.text_content or ""))
            continue
        if not tag[:1].isalpha():
            continue  # a comment or a doctype
        if tag in _BLOCK:
            out.append("\n")
            if tag not in _VOID:
                todo.append("\n\n" if tag in _PARAGRAPH else "\n")
        if tag == "li":
            out.append("- ")
        elif tag in _CELLS:
            if _follows_a_cell(item):
                out.append(" | ")
            todo.append(len(out))
        todo.extend(reversed([*item.iter(include_text=True)]))
    return "".join(out)


def _follows_a_cell(node: LexborNode) -> bool:
    before = node.prev
    while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
        before = before.prev
    return before is not None and before.tag in _CELLS
