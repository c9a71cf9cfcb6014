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


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    out = []
    for topic in all_topics():
        words = [t for t in topic.terms if not (t.isupper() and t.isascii())]
        acronyms = [t for t in topic.terms if t.isupper() and t.isascii()]
        loose = re.compile("|".join(_term_pattern(t) for t in words), re.IGNORECASE)
        strict = re.compile("|".join(_term_pattern(t) for t in acronyms)) if acronyms else None
        out.append((topic.name, loose, strict))
    return tuple(out)


def topics_of(text: str) -> tuple[str, ...]:
    """The names of the topics whose terms occur in `text`, in the topics file's order."""
    found = []
    for name, loose, strict in _patterns():
        if (loose.pattern and loose.search(text)) or (strict is not None and strict.search(text)):
            found.append(name)
    return tuple(found)


def topic_names() -> tuple[str, ...]:
    return tuple(t.name for t in all_topics())
