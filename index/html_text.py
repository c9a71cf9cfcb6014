"""The main text of a saved web page, without navigation, scripts and styles.

A page saved from a ministry's site should read like the seeds: one line per heading, paragraph
or list item, in order. When the page marks its main content (`<main>`, `<article>`, or an
element whose id says so), only that is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button",
         "select", "template", "svg", "iframe", "head"}  # fmt: skip
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
          "article", "main", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "figure",
          "figcaption", "address"}  # fmt: skip
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr"}  # fmt: skip
_FURNITURE_ID = re.compile(r"nav|menu|breadcrumb|footer|header|sidebar|sns|share|skip|pagetop",
                           re.IGNORECASE)  # fmt: skip
_MAIN_ID = re.compile(r"main|content|article|contents", re.IGNORECASE)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, main)
        self.parts: list[str] = []
        self.main_parts: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def in_main(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        ident = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role"))
        skip = self.skipping or tag in _SKIP or bool(ident and _FURNITURE_ID.search(ident))
        main = (
            self.in_main
            or tag in ("main", "article")
            or bool(ident and _MAIN_ID.search(ident) and not _FURNITURE_ID.search(ident))
        )
        if tag in _BLOCK:
            self._emit("\n")
        if tag == "li" and not skip:
            self._emit("- ")
        if tag not in _VOID:
            self.stack.append((tag, skip, main))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in _BLOCK:
            self._emit(
                "\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "ul", "ol", "table") else "\n"
            )

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skipping:
            return
        self._emit(re.sub(r"\s+", " ", data))

    def _emit(self, text: str) -> None:
        if self.skipping and text.strip():
            return
        self.parts.append(text)
        if self.in_main:
            self.main_parts.append(text)


def html_to_text(html: str, meta: dict[str, str] | None = None) -> str:
    """The readable text of `html`, a line per block; the page `<title>` goes to `meta`."""
    parser = _Extractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; this only guards against pathological input
        pass
    chosen = parser.main_parts if "".join(parser.main_parts).strip() else parser.parts
    text = "".join(chosen)
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    if meta is not None and parser.title:
        meta.setdefault("html_title", re.sub(r"\s+", " ", "".join(parser.title)).strip())
    return "\n".join(out).strip()
