"""Topics: which subjects a readout covers, from the editable `data/topics.toml`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

DATA_FILE = Path(__file__).with_name("data") / "topics.toml"


CONTEXT_WINDOW = 300
"""Characters either side of a `context_terms` occurrence searched for a `context` word."""

SHORT_TEXT = 3000
"""A text up to this many characters (a readout of a page or less) is short: a `broad` term
named once in it is one of its subjects."""

BROAD_MIN = 2
"""How often a topic's `broad` terms must occur in a longer text to count: named once in a
long fact sheet's list, "climate" or "AI" is no subject of it."""

PHRASE_BEFORE = 120
"""How far back in its sentence an `unless_after` word makes a term part of a set phrase."""


@dataclass(frozen=True)
class Topic:
    name: str
    terms: tuple[str, ...]
    context_terms: tuple[str, ...] = ()
    """Terms that count only near one of `context` (words that say which subject they are)."""
    context: tuple[str, ...] = ()
    broad: tuple[str, ...] = ()
    """Terms of `terms` so broad that, in a long text, one mention is in passing."""
    unless_after: tuple[str, ...] = ()
    """Words that, earlier in the same sentence, make a term part of a set phrase ("shared
    values of democracy and human rights"), not a subject of the readout."""


@lru_cache(maxsize=1)
def all_topics() -> tuple[Topic, ...]:
    """The topics file, read once, in file order."""
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f)
    return tuple(
        Topic(
            t["name"],
            tuple(t.get("terms", [])),
            tuple(t.get("context_terms", [])),
            tuple(t.get("context", [])),
            tuple(t.get("broad", [])),
            tuple(t.get("unless_after", [])),
        )
        for t in data.get("topic", [])
    )


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
    context: re.Pattern[str] | None = None
    """For a context term: one of the topic's context words, which must occur nearby."""
    common: bool = False
    """A term written in lower case (a common noun: "economic", "trade"): capitalised among
    capitalised words it is part of a name ("National Economic Council", "U.S. Trade
    Representative") and does not count."""
    broad: bool = False
    """One of the topic's `broad` terms: counts in a short text, or when named often enough."""
    phrase: re.Pattern[str] | None = None
    """The topic's `unless_after` words: earlier in the term's sentence, it does not count."""


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, tuple[_Term, ...]], ...]:
    out = []
    for topic in all_topics():
        terms = []
        context = (
            re.compile("|".join(_term_pattern(c) for c in topic.context)) if topic.context else None
        )
        phrase = (
            re.compile("|".join(_term_pattern(w) for w in topic.unless_after), re.IGNORECASE)
            if topic.unless_after
            else None
        )
        for t, near in [(t, None) for t in topic.terms] + [
            (t, context) for t in topic.context_terms
        ]:
            acronym = t.isupper() and t.isascii()
            flags = 0 if acronym else re.IGNORECASE
            first = t.split()[0]
            needle = first if acronym else first.casefold()
            pattern = re.compile(_term_pattern(t), flags)
            broad = t in topic.broad
            terms.append(_Term(needle, acronym, pattern, near, t.islower(), broad, phrase))
        out.append((topic.name, tuple(terms)))
    return tuple(out)


@lru_cache(maxsize=1)
def _needle_finders() -> tuple[ahocorasick.Automaton | None, ahocorasick.Automaton | None]:
    """Every term's needle in one automaton (Aho-Corasick: one pass over a text finds them
    all, where a substring test per needle read the text once for each): the lower-cased
    needles, to run over the case-folded text, and the acronyms, over the text as written.
    None for a set without needles."""
    finders: list[ahocorasick.Automaton | None] = []
    for acronym in (False, True):
        needles = {t.needle for _, terms in _terms() for t in terms if t.acronym is acronym}
        if not needles:
            finders.append(None)
            continue
        automaton = ahocorasick.Automaton()
        for needle in needles:
            automaton.add_word(needle, needle)
        automaton.make_automaton()
        finders.append(automaton)
    return finders[0], finders[1]


def _needles_in(finder: ahocorasick.Automaton | None, text: str) -> set[str]:
    return set() if finder is None else {needle for _, needle in finder.iter(text)}


def topics_of(text: str, title: str = "") -> tuple[str, ...]:
    """The names of the topics whose terms occur in `title` or `text`, in the topics file's
    order. The title is in title case: its capitals say nothing of names."""
    title_end = len(title) + 1 if title else 0
    text = f"{title}\n{text}" if title else text
    folded = text.casefold()
    aligned = len(folded) == len(text)  # casefold kept every offset (no "ß" -> "ss")
    # A broad term named once counts in a short text; in a longer one it must recur.
    broad_needed = 1 if len(text) <= SHORT_TEXT else BROAD_MIN
    lower, acronyms = _needle_finders()
    present = (_needles_in(lower, folded), _needles_in(acronyms, text))
    found = []
    for name, terms in _terms():
        broad_seen = 0
        for term in terms:
            haystack = text if term.acronym else folded
            if term.needle not in present[term.acronym]:
                continue
            if not term.broad:
                if next(_occurrences(term, text, haystack, aligned, title_end), None):
                    found.append(name)
                    break
                continue
            for _ in _occurrences(term, text, haystack, aligned, title_end):
                broad_seen += 1
                if broad_seen >= broad_needed:
                    break
            if broad_seen >= broad_needed:
                found.append(name)
                break
    return tuple(found)


def _occurrences(
    term: _Term, text: str, haystack: str, aligned: bool, title_end: int = 0
) -> Iterator[re.Match[str]]:
    """The occurrences of `term` in `text` that count: tried only where its first word does (a
    pattern that starts with a look-behind is otherwise tried at every character of the
    text)."""
    if not aligned:
        yield from (m for m in term.pattern.finditer(text) if _counts(term, text, m, title_end))
        return
    at = haystack.find(term.needle)
    while at >= 0:
        m = term.pattern.match(text, at)
        if m and _counts(term, text, m, title_end):
            yield m
            at = haystack.find(term.needle, m.end())
        else:
            at = haystack.find(term.needle, at + 1)


def _counts(term: _Term, text: str, m: re.Match[str], title_end: int = 0) -> bool:
    """Whether an occurrence of `term` is about its topic: near its context words when it
    needs them, and not a word of a name (outside the title, before `title_end`)."""
    if term.common and m.start() >= title_end and _in_a_name(text, m.start(), m.end()):
        return False
    if term.phrase is not None and _in_a_phrase(term.phrase, text, m.start()):
        return False
    return _in_context(term, text, m.start())


_SENTENCE_END = re.compile(r"[.!?;]\s|\n\s*\n")


def _in_a_phrase(phrase: re.Pattern[str], text: str, at: int) -> bool:
    """Whether one of a topic's `unless_after` words comes before `at` in its sentence."""
    start = max(0, at - PHRASE_BEFORE)
    before = text[start:at]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    return phrase.search(before) is not None


_WORD_BEFORE = re.compile(r"(?<![.\w])([A-Za-z][\w’'-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z][\w’'-]*)")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the words at `start:end`, capitalised, sit beside another capitalised word on
    the same line (a name: "Asia-Pacific Economic Cooperation", "Economic Opportunity for
    Hispanics"); a sentence's first word is no name by itself."""
    if not text[start].isupper():
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    return bool(
        (before and before.group(1)[0].isupper()) or (after and after.group(1)[0].isupper())
    )


def _in_context(term: _Term, text: str, at: int) -> bool:
    """Whether a context term at `at` has one of its topic's context words nearby."""
    if term.context is None:
        return True
    window = text[max(0, at - CONTEXT_WINDOW) : at + CONTEXT_WINDOW]
    return term.context.search(window) is not None


def term_regex(term: str) -> re.Pattern[str]:
    """The pattern `topics_of` matches `term` with (acronyms in capitals only), for callers
    that need where a term occurs, not only whether."""
    acronym = term.isupper() and term.isascii()
    return re.compile(_term_pattern(term), 0 if acronym else re.IGNORECASE)
