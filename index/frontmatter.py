"""YAML front matter (`---` ... `---` at the top of a Markdown file), read with PyYAML.

The fields become metadata shown and searched as text, so every value stays the text it was
written as: the loader is PyYAML's base loader (its C version when PyYAML was built with
libyaml; PyYAML is imported at the first front matter), which understands all of YAML's
quoting, escapes and line folding but gives every scalar as a string. The safe loader would
turn `2025-02-10 12:05:00-05:00` into a datetime, `NO` (Norway's code) into False and `12:30`
into 750, and turning those back into text would not give what the file says
(docs/parsing.md). Lists are joined with ", ", maps as "key: value" pairs.

Front matter that is not valid YAML (a hand-written `title: Readout: the call` is one) never
costs the document: each top-level `key: value` entry is then read on its own, and an entry that
is still not YAML keeps the text after its colon as it is.
"""

from __future__ import annotations

import re

_NOT_YAML = object()
"""What `_load` gives for text that is not YAML."""
_MAX_LINES = 399
"""Lines of front matter looked through for the closing fence (a longer block is text)."""
_ENTRY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s|$)")
"""The start of a top-level entry, for reading invalid front matter entry by entry."""


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, body): the front matter's fields and the text after it; ({}, text) when none."""
    if not text.startswith("---"):
        return {}, text
    start = text.find("\n") + 1
    if not start or text[:start].strip() != "---":
        return {}, text
    # Line by line up to the closing fence, without splitting the whole body into lines.
    pos = start
    for _ in range(_MAX_LINES):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.strip() in ("---", "..."):
            return _fields(text[start:pos]), "" if end < 0 else text[end + 1 :]
        if end < 0:
            break
        pos = end + 1
    return {}, text


def _fields(source: str) -> dict[str, str]:
    data = _load(source)
    if data is _NOT_YAML:
        return _fields_one_by_one(source.split("\n"))
    if not isinstance(data, dict):
        return {}
    return {str(k): _text(v) for k, v in data.items() if isinstance(k, str)}


def _load(source: str) -> object:
    """`source` read as YAML, every scalar a string; `_NOT_YAML` when it is not YAML."""
    import yaml  # here: a folder without front matter never loads it

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml's parser when present
    try:
        return yaml.load(source, Loader=loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        # ValueError: a lone surrogate, which libyaml cannot encode; RecursionError: nesting
        # deeper than Python's stack.
        return _NOT_YAML


def _fields_one_by_one(lines: list[str]) -> dict[str, str]:
    """Each top-level entry of invalid front matter read on its own (see the module doc)."""
    entries: list[list[str]] = []
    for line in lines:
        if _ENTRY.match(line):
            entries.append([line])
        elif entries:
            entries[-1].append(line)
    fields: dict[str, str] = {}
    for entry in entries:
        data = _load("\n".join(entry))
        if isinstance(data, dict) and len(data) == 1:
            ((key, value),) = data.items()
            fields[str(key)] = _text(value)
            continue
        key, _, rest = entry[0].partition(":")
        fields[key.strip()] = " ".join([rest.strip(), *(ln.strip() for ln in entry[1:])]).strip()
    return fields


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(t for t in map(_text, value) if t)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)
