"""YAML front matter (`---` ... `---` at the top of a Markdown file), read without a YAML library.

Only what document front matter uses is understood: `key: value` pairs with plain, single- or
double-quoted scalars, double-quoted escapes (`\\u2019`, `\\_` for a no-break space) and values
continued on indented lines. Lists and nested maps are kept as their raw text. Anything else
is ignored rather than guessed at: the front matter is metadata, never worth losing a document.
"""

from __future__ import annotations

import re

_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s?(?P<value>.*)$")
_ESCAPES = {
    "n": "\n", "t": "\t", "_": "\u00a0", '"': '"', "\\": "\\", "/": "/", "0": "", "N": "\u0085",
    " ": " ", "L": "\u2028", "P": "\u2029",
}  # fmt: skip


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, body): the front matter's fields and the text after it; ({}, text) when none."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for end in range(1, min(len(lines), 400)):
        if lines[end].strip() in ("---", "..."):
            fields = _parse(lines[1:end])
            return fields, "\n".join(lines[end + 1 :])
    return {}, text


def _parse(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    raw: list[str] = []

    def flush() -> None:
        if key:
            fields[key] = _scalar(_fold(raw).strip()) if raw else ""

    for line in lines:
        m = _KEY.match(line)
        if m and not line.startswith((" ", "\t")):
            flush()
            key, raw = m.group("key"), [m.group("value")]
        elif key:
            raw.append(line.strip())
    flush()
    return fields


def _fold(lines: list[str]) -> str:
    """A scalar's lines as one: joined by a space, except that in a double-quoted scalar a
    line ending in an unescaped backslash joins the next with nothing (YAML's escaped line
    break; an escaped space "\\ " at the start of the next line is then a real space)."""
    text = lines[0]
    quoted = text.lstrip().startswith('"')
    for line in lines[1:]:
        trailing = len(text) - len(text.rstrip("\\"))
        text = text[:-1] + line if quoted and trailing % 2 == 1 else f"{text} {line}"
    return text


def _scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return _unescape(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _unescape(value: str) -> str:
    out = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            if nxt in "uUx":
                width = {"u": 4, "U": 8, "x": 2}[nxt]
                digits = value[i + 2 : i + 2 + width]
                if re.fullmatch(r"[0-9a-fA-F]+", digits or "-") and len(digits) == width:
                    code = int(digits, 16)
                    if code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
                        out.append(chr(code))
                    i += 2 + width
                    continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
