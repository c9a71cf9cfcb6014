"""Topics: which subjects a readout covers, from the editable `data/topics.toml`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "topics.toml"


@dataclass(frozen=True)
class Topic:
    name: str
    terms: tuple[str, ...]


@lru_cache(maxsize=1)
def all_topics() -> tuple[Topic, ...]:
    """The topics file, read once, in file order."""
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f)
    return tuple(Topic(t["name"], tuple(t.get("terms", []))) for t in data.get("topic", []))


def _term_pattern(term: str) -> str:
    body = r"[\s\-]+".join(re.escape(w) for w in term.split())
    if term.isascii():
        # Acronyms (ALPS, EPA) must match in capitals only: "epa" inside prose is not a topic.
        return rf"(?<![\w-]){body}(?![\w-])"
    return body


@dataclass(frozen=True)
class _Term:
    needle: str
    """What must occur as a plain substring first (lower-cased unless an acronym): a fast test
    that rules most documents out before the word-boundary regex runs."""
    acronym: bool
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, tuple[_Term, ...]], ...]:
    out = []
    for topic in all_topics():
        terms = []
        for t in topic.terms:
            acronym = t.isupper() and t.isascii()
            flags = 0 if acronym else re.IGNORECASE
            first = t.split()[0]
            needle = first if acronym else first.casefold()
            terms.append(_Term(needle, acronym, re.compile(_term_pattern(t), flags)))
        out.append((topic.name, tuple(terms)))
    return tuple(out)


def topics_of(text: str) -> tuple[str, ...]:
    """The names of the topics whose terms occur in `text`, in the topics file's order."""
    folded = text.casefold()
    aligned = len(folded) == len(text)  # casefold kept every offset (no "ß" -> "ss")
    found = []
    for name, terms in _terms():
        for term in terms:
            haystack = text if term.acronym else folded
            if term.needle in haystack and _occurs(term, text, haystack, aligned):
                found.append(name)
                break
    return tuple(found)


def _occurs(term: _Term, text: str, haystack: str, aligned: bool) -> bool:
    """Whether `term` occurs in `text`: tried only where its first word does (a pattern that
    starts with a look-behind is otherwise tried at every character of the text)."""
    if not aligned:
        return term.pattern.search(text) is not None
    at = haystack.find(term.needle)
    while at >= 0:
        if term.pattern.match(text, at):
            return True
        at = haystack.find(term.needle, at + 1)
    return False
