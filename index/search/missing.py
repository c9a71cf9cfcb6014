"""Why a search with a field filter found nothing: the filter's value is in no readout.

`source:japan` on a corpus of White House documents finds nothing; the status line then says
which publishers the corpus has ("no publisher 'japan' here: white-house"), instead of an
empty list that looks like a failed search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from index.search.query import FIELD_NAMES, AllOf, AnyOf, Node, Phrase, Word

MAX_LISTED = 8
"""Publishers named at most; more are counted."""


def _filters(node: Node) -> Iterator[Word | Phrase]:
    """The positive (not excluded) field filters on a text field of `node`."""
    if isinstance(node, Word | Phrase):
        if node.field in FIELD_NAMES:
            yield node
    elif isinstance(node, AllOf | AnyOf):
        for child in node.children:
            yield from _filters(child)


def _value(leaf: Word | Phrase) -> str:
    star = "*" if isinstance(leaf, Word) and leaf.prefix else ""
    return f"{leaf.text}{star}"


def missing(node: Node | None, count: Callable[[Node], int], publishers: Sequence[str]) -> str:
    """A notice naming each field filter of `node` that no readout matches on its own (empty
    when there is none); `count(leaf)` is how many readouts match the leaf alone, and
    `publishers` the corpus's publisher codes."""
    if node is None:
        return ""
    notes: list[str] = []
    for leaf in _filters(node):
        if count(leaf):
            continue
        field = FIELD_NAMES[leaf.field or ""]
        if field == "publisher":
            names = sorted(publishers)
            listed = ", ".join(names[:MAX_LISTED])
            more = f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
            notes.append(f"no publisher '{_value(leaf)}' here: {listed}{more}")
        else:
            notes.append(f"no readout has {field} '{_value(leaf)}'")
    return "; ".join(dict.fromkeys(notes))
