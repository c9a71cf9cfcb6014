"""Why a search found nothing: a field filter's value is in no readout, or a word is in no
readout in any form (then the index's nearest words are offered: "did you mean").

`source:japan` on a corpus of White House documents finds nothing; the status line then says
which publishers the corpus has ("no publisher 'japan' here: white-house"), instead of an
empty list that looks like a failed search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from index.search.analysis import is_cjk, terms
from index.search.query import FIELD_NAMES, AllOf, AnyOf, Node, Phrase, Word

MAX_LISTED = 8
"""Publishers named at most; more are counted."""
MIN_SUGGEST = 4
"""Words shorter than this get no "did you mean" (too many index words are that close)."""
MAX_SUGGESTIONS = 3


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


def _plain_words(node: Node, typing: bool) -> Iterator[Word]:
    """The plain words of `node` (not excluded, no field, no `*` or `~`); while `typing`,
    not the last word if it is still being typed."""
    if isinstance(node, Word):
        plain = node.field is None and not node.prefix and not node.fuzzy
        if plain and not (typing and node.unfinished):
            yield node
    elif isinstance(node, AllOf | AnyOf):
        for child in node.children:
            yield from _plain_words(child, typing)


def did_you_mean(
    node: Node | None,
    known: Callable[[str], bool],
    near: Callable[[str], Sequence[str]],
    typing: bool = False,
) -> str:
    """For a search that found nothing: each finished plain word the index does not have in
    any form, with the index's nearest words (`near`, best first) when there are some:
    "'securty': did you mean security?". `known(term)`: the index has the term or a form."""
    notes: list[str] = []
    for word in _plain_words(node, typing) if node is not None else ():
        for term in terms(word.text):
            if is_cjk(term) or len(term) < MIN_SUGGEST or known(term):
                continue
            close = list(near(term))[:MAX_SUGGESTIONS]
            if close:
                notes.append(f"'{term}': did you mean {' or '.join(close)}?")
            else:
                notes.append(f"no readout has '{term}'")
    return "; ".join(dict.fromkeys(notes))
